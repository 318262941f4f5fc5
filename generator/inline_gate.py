"""A Python-Markdown extension that skips inline patterns which cannot match.

Python-Markdown runs every inline pattern's regular expression over every
run of text, about twenty scans of each paragraph; most of those expressions
start with a look-behind or an alternation, so the regex engine tries them at
every position. Yet each can only match where a certain character occurs (a
link needs `[`, an entity `&`). `str.find` looks for that character at C
speed, and the regular expression runs only if it is there: the same output
in about half the time for plain prose.

Only patterns whose expression is known here are gated, so a pattern added by
an extension or changed by a Markdown release still runs as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from re import Match, Pattern

from markdown import Markdown, inlinepatterns
from markdown.extensions import Extension

# Every match of the expression contains (or, for the backtick escape, is followed by) one of these.
REQUIRED_CHARACTERS = {
    inlinepatterns.BACKTICK_RE: "`",
    inlinepatterns.ESCAPE_RE: "\\",
    inlinepatterns.LINK_RE: "[",  # also REFERENCE_RE and the short references
    inlinepatterns.IMAGE_LINK_RE: "[",  # also IMAGE_REFERENCE_RE
    inlinepatterns.AUTOLINK_RE: "<",
    inlinepatterns.AUTOMAIL_RE: "<",
    inlinepatterns.HTML_RE: "<",
    inlinepatterns.ENTITY_RE: "&",
    inlinepatterns.LINE_BREAK_RE: "\n",
}


class GatedExpression:
    """A compiled expression whose `finditer` finds nothing, cheaply, in text without any required character."""

    __slots__ = ("expression", "required")

    def __init__(self, expression: Pattern[str], required: str):
        self.expression = expression
        self.required = required

    def finditer(self, data: str, pos: int = 0, endpos: int | None = None) -> Iterator[Match[str]]:
        if any(data.find(character, pos) != -1 for character in self.required):
            return self.expression.finditer(data, pos) if endpos is None else self.expression.finditer(data, pos, endpos)
        return iter(())

    def __getattr__(self, name: str):
        return getattr(self.expression, name)


class InlineGateExtension(Extension):
    """Gate the inline patterns whose required characters are known; leave the others alone."""

    def extendMarkdown(self, md: Markdown) -> None:
        for pattern in md.inlinePatterns:
            required = required_characters(pattern)
            if required:
                pattern.compiled_re = GatedExpression(pattern.compiled_re, required)


def required_characters(pattern: inlinepatterns.Pattern) -> str | None:
    """Characters one of which every match of `pattern` needs, or None if unknown."""
    expression = pattern.compiled_re
    if isinstance(expression, GatedExpression):
        return None  # already gated
    if type(pattern) is getattr(inlinepatterns, "DelimiterProcessor", None):
        # Emphasis: its expression is an alternation of its delimiter tokens (`*`, `_`).
        return "".join(pattern.tokens)
    if isinstance(pattern, inlinepatterns.InlineProcessor):
        return REQUIRED_CHARACTERS.get(expression.pattern)
    return None  # old-style patterns match from the start of a slice; leave them be
