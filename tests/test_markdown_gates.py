"""The gates change Python-Markdown's speed, never its output."""

from __future__ import annotations

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.markdown_gates import (BLOCK_ATTRIBUTES, INLINE_REQUIRED, STOCK_BRACKET_ENDS, GatedExpression,
                                     GatedInlineProcessor, MarkdownGatesExtension, ShortcutPreprocessor, bracket_ends)
from generator.markup import MARKDOWN_EXTENSIONS

# Every character some inline or block syntax reacts to, plus plain letters, spaces and line breaks.
MARKDOWN_ALPHABET = "ab xy\n\n\t\r\x02\x03*_`\\[]()!<>&#;:/@.-=|~\"'1"
# Whole constructs, which random characters seldom spell.
CONSTRUCTS = ["&amp;", "&#38;", "&#x26;", "[a](/b)", "![i](/i.png)", "[r][]", "[r]", "\n\n[r]: /r\n", "`c`", "``d``",
              "<b>", "</b>", "<!-- c -->", "<https://e.org/>", "<a@e.org>", "  \n", "\\*", "**s**", "_e_", "***", "\n\n",
              "\n# h\n", "\n> q\n", "\n---\n", "\nt\n===\n", "\n```\ncode\n```\n", "\n~~~\nx\n~~~\n", "\n    indented\n",
              "\n* item\n", "\n1. item\n", "\n| a | b |\n|---|---|\n| c | d |\n", "\n[r]: /r \"t\"\n", "\n___\n", "\n* * *\n",
              "[^1]", "\n[^1]: n\n", "[[W]]", "&#38 ", "&copy", "\r\n", "\n  \n", " \n", "a  \nb"]
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


OTHER_EXTENSIONS = ["footnotes", "nl2br", "wikilinks"]  # their inline patterns are unknown to the gates


def stock(extensions=MARKDOWN_EXTENSIONS) -> markdown.Markdown:
    return markdown.Markdown(extensions=list(extensions), output_format="html")


def gated(extensions=MARKDOWN_EXTENSIONS) -> markdown.Markdown:
    return markdown.Markdown(extensions=[*extensions, MarkdownGatesExtension()], output_format="html")


def convert_all(converter: markdown.Markdown, texts: list[str]) -> list[str]:
    # One instance for every document, as the renderer does, so state carried between documents is compared too.
    results = []
    for text in texts:
        converter.reset()
        results.append(converter.convert(text))
    return results


def _names(registry) -> list[str]:
    list(registry)  # sorts the registry by priority
    return [item.name for item in registry._priority]


def test_every_expression_known_to_the_gates_is_gated_in_the_installed_markdown():
    # A Markdown release that changed these expressions would silently lose the speed-up.
    converter = gated()
    ungated = [type(pattern).__name__ for pattern in converter.inlinePatterns
               if not isinstance(pattern.compiled_re, GatedExpression)]
    assert ungated == []
    gated_blocks = sorted(type(processor).__name__ for processor in [*converter.parser.blockprocessors, *converter.preprocessors]
                          if any(isinstance(getattr(processor, name, None), GatedExpression) for name in BLOCK_ATTRIBUTES))
    assert gated_blocks == ["BlockQuoteProcessor", "FencedBlockPreprocessor", "HRProcessor", "HashHeaderProcessor",
                            "ReferenceProcessor", "SetextHeaderProcessor"]
    assert isinstance(converter.treeprocessors["inline"], GatedInlineProcessor)
    shortcuts = sorted(type(processor.inner).__name__ for processor in converter.preprocessors
                       if isinstance(processor, ShortcutPreprocessor))
    assert shortcuts == ["HtmlBlockPreprocessor", "NormalizeWhitespace"]
    assert _names(converter.preprocessors) == _names(stock().preprocessors)
    assert _names(converter.treeprocessors) == _names(stock().treeprocessors)


def test_gated_output_equals_stock_output_on_samples():
    assert convert_all(gated(), SAMPLES) == convert_all(stock(), SAMPLES)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DOCUMENT, min_size=1, max_size=4))
def test_gated_output_equals_stock_output_on_any_text(texts: list[str]):
    assert convert_all(gated(), texts) == convert_all(stock(), texts)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DOCUMENT, min_size=1, max_size=3))
def test_gated_output_equals_stock_output_beside_patterns_the_gates_do_not_know(texts: list[str]):
    extensions = [*MARKDOWN_EXTENSIONS, *OTHER_EXTENSIONS]
    assert convert_all(gated(extensions), texts) == convert_all(stock(extensions), texts)


def test_gate_leaves_unknown_patterns_alone():
    converter = markdown.Markdown(extensions=[*OTHER_EXTENSIONS, MarkdownGatesExtension()])
    unknown = [pattern for pattern in converter.inlinePatterns
               if not isinstance(pattern.compiled_re, GatedExpression) and pattern.compiled_re.pattern not in INLINE_REQUIRED]
    assert len(unknown) == 3  # a footnote reference, a line break, a wiki link
    text = "A note[^1] and [[Wiki Link]]\nnext line.\n\n[^1]: The note."
    assert converter.convert(text) == markdown.markdown(text, extensions=OTHER_EXTENSIONS)


@given(st.text(alphabet="[]a", max_size=40))
def test_bracket_ends_are_what_markdown_works_out(text: str):
    assert STOCK_BRACKET_ENDS is not None, "this Markdown finds bracket ends another way: see markdown_gates"
    assert bracket_ends(text) == STOCK_BRACKET_ENDS(text)


def test_every_link_pattern_finds_bracket_ends_by_jumping_from_bracket_to_bracket():
    links = [pattern for pattern in gated().inlinePatterns if hasattr(pattern, "_findBracketEnds")]
    assert len(links) >= 4  # links, images, references, image references (and the short references)
    assert all(pattern._findBracketEnds is bracket_ends for pattern in links)
