"""The inline gate changes Python-Markdown's speed, never its output."""

from __future__ import annotations

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.inline_gate import REQUIRED_CHARACTERS, GatedExpression, InlineGateExtension
from generator.render import MARKDOWN_EXTENSIONS

# Every character some inline or block syntax reacts to, plus plain letters, spaces and line breaks.
MARKDOWN_ALPHABET = "ab xy\n\n\t*_`\\[]()!<>&#;:/@.-=|~\"'1"
# Whole constructs, which random characters seldom spell.
CONSTRUCTS = ["&amp;", "&#38;", "&#x26;", "[a](/b)", "![i](/i.png)", "[r][]", "[r]", "\n\n[r]: /r\n", "`c`", "``d``",
              "<b>", "</b>", "<!-- c -->", "<https://e.org/>", "<a@e.org>", "  \n", "\\*", "**s**", "_e_", "***", "\n\n"]
DOCUMENT = st.lists(st.sampled_from(CONSTRUCTS) | st.text(alphabet=MARKDOWN_ALPHABET, max_size=12), max_size=16).map("".join)
SAMPLES = [
    "**Tô Lâm** met *Sonexay Siphandone* to discuss [the agreement](https://example.org/a).",
    "A `code span`, an escaped \\*star\\*, a [reference][r] and ![an image](x.png).\n\n[r]: https://example.org/r",
    "Line one  \nline two, <https://example.org/auto>, <someone@example.org>, &amp; &#38; &copy;",
    "<span>inline html</span> and <!-- a comment --> then __strong__ and _em_ and ***both***",
    "| a | b |\n|---|---|\n| *c* | `d` |\n\n```\nfenced *not em*\n```\n\n1. one\n2. two [x][]\n\n[x]: /x",
    "Plain prose without any inline syntax at all, which is most of every article.",
    "* a\n* b\n\n> quoted **strong**\n\n# Heading with `code`\n\n---",
]


def stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")


def gated() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, InlineGateExtension()], output_format="html")


def convert_all(converter: markdown.Markdown, texts: list[str]) -> list[str]:
    # One instance for every document, as the renderer does, so state carried between documents is compared too.
    results = []
    for text in texts:
        converter.reset()
        results.append(converter.convert(text))
    return results


def test_every_inline_pattern_of_the_installed_markdown_is_gated():
    # A Markdown release that changes a pattern's expression would silently lose the speed-up.
    ungated = [type(pattern).__name__ for pattern in gated().inlinePatterns
               if not isinstance(pattern.compiled_re, GatedExpression)]
    assert ungated == []


def test_gated_output_equals_stock_output_on_samples():
    assert convert_all(gated(), SAMPLES) == convert_all(stock(), SAMPLES)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DOCUMENT, min_size=1, max_size=4))
def test_gated_output_equals_stock_output_on_any_text(texts: list[str]):
    assert convert_all(gated(), texts) == convert_all(stock(), texts)


def test_gate_leaves_unknown_patterns_alone():
    others = ["footnotes", "nl2br", "wikilinks"]
    converter = markdown.Markdown(extensions=[*others, InlineGateExtension()])
    unknown = [pattern for pattern in converter.inlinePatterns
               if not isinstance(pattern.compiled_re, GatedExpression) and pattern.compiled_re.pattern not in REQUIRED_CHARACTERS]
    assert len(unknown) == 3  # a footnote reference, a line break, a wiki link
    text = "A note[^1] and [[Wiki Link]]\nnext line.\n\n[^1]: The note."
    assert converter.convert(text) == markdown.markdown(text, extensions=others)
