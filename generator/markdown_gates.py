"""A Python-Markdown extension that skips regular expressions which cannot match.

Python-Markdown runs about twenty inline patterns over every run of text and
several block tests over every block; most of those expressions start with a
look-behind, an anchor or an alternation, so the regex engine tries them at
every position. Yet each can only match where a certain character occurs (a
link needs `[`, a heading `#`). `str.find` looks for that character at C
speed and the expression runs only if it is there; a run of text in which no
inline pattern can match is not handed to the patterns at all. The output is
the same (tests compare it with stock Markdown's); plain prose converts in
about half the time.

Only expressions known here are gated, matched by their exact source, so a
pattern added by an extension or changed by a Markdown release runs as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import Match, Pattern

from markdown import Markdown, blockprocessors, inlinepatterns, treeprocessors
from markdown.extensions import Extension, fenced_code
from markdown.util import AtomicString

# Every match of the inline expression contains (or, for the backtick escape, is followed by) one of these.
INLINE_REQUIRED = {
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

# The same for the block tests, by the attribute that holds the expression.
BLOCK_REQUIRED = {
    blockprocessors.BlockQuoteProcessor.RE.pattern: ">",
    blockprocessors.HashHeaderProcessor.RE.pattern: "#",
    blockprocessors.SetextHeaderProcessor.RE.pattern: "=-",
    blockprocessors.HRProcessor.SEARCH_RE.pattern: "-_*",
    blockprocessors.ReferenceProcessor.RE.pattern: "[",
    fenced_code.FencedBlockPreprocessor.FENCED_BLOCK_RE.pattern: "`~",
}
BLOCK_ATTRIBUTES = ("RE", "SEARCH_RE", "FENCED_BLOCK_RE")


class GatedExpression:
    """A compiled expression that finds nothing, cheaply, in text lacking all of its required characters."""

    __slots__ = ("expression", "required", "_find_required")

    def __init__(self, expression: Pattern[str], required: str):
        self.expression = expression
        self.required = required
        self._find_required = _any_of(required).search

    def possible(self, data: str, pos: int = 0) -> bool:
        return self._find_required(data, pos) is not None

    def finditer(self, data: str, pos: int = 0) -> Iterator[Match[str]]:
        return self.expression.finditer(data, pos) if self.possible(data, pos) else iter(())

    def search(self, data: str, pos: int = 0) -> Match[str] | None:
        return self.expression.search(data, pos) if self.possible(data, pos) else None

    def match(self, data: str, pos: int = 0) -> Match[str] | None:
        return self.expression.match(data, pos) if self.possible(data, pos) else None

    def __getattr__(self, name: str):
        return getattr(self.expression, name)


class GatedInlineProcessor(treeprocessors.InlineProcessor):
    """Markdown's inline tree processor, handing text to the patterns only if one of them could match."""

    _required: tuple[str | None, ...] = ()
    _possible: list[Pattern[str] | None] = []

    def run(self, tree, ancestors=None):
        required = tuple(inline_required(pattern) for pattern in self.inlinePatterns)
        if required != self._required:
            # For each pattern index, a search for any character the patterns from there on need (None: cannot tell).
            self._possible = [None if None in required[index:] else _any_of("".join(required[index:]))
                              for index in range(len(required))]
            self._required = required
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802 (overrides)
        if patternIndex < len(self._possible) and not isinstance(data, AtomicString):
            possible = self._possible[patternIndex]
            if possible is not None and possible.search(data) is None:
                return data  # what the patterns would return: none matches
        return super()._InlineProcessor__handleInline(data, patternIndex)


class MarkdownGatesExtension(Extension):
    """Gate the expressions whose required characters are known; leave the others alone."""

    def extendMarkdown(self, md: Markdown) -> None:
        for pattern in md.inlinePatterns:
            required = _inline_expression_required(pattern)
            if required:
                pattern.compiled_re = GatedExpression(pattern.compiled_re, required)
        for processor in [*md.parser.blockprocessors, *md.preprocessors]:
            for attribute in BLOCK_ATTRIBUTES:
                expression = getattr(processor, attribute, None)
                if isinstance(expression, Pattern) and expression.pattern in BLOCK_REQUIRED:
                    setattr(processor, attribute, GatedExpression(expression, BLOCK_REQUIRED[expression.pattern]))
        if type(md.treeprocessors["inline"]) is treeprocessors.InlineProcessor and \
                hasattr(treeprocessors.InlineProcessor, "_InlineProcessor__handleInline"):
            md.treeprocessors.register(GatedInlineProcessor(md), "inline", _priority(md.treeprocessors, "inline"))


def inline_required(pattern: inlinepatterns.Pattern) -> str | None:
    """Characters one of which every match of a gated inline pattern needs; None if it is not gated."""
    expression = pattern.compiled_re
    return expression.required if isinstance(expression, GatedExpression) else None


def _inline_expression_required(pattern: inlinepatterns.Pattern) -> str | None:
    if isinstance(pattern.compiled_re, GatedExpression):
        return None  # already gated
    if type(pattern) is getattr(inlinepatterns, "DelimiterProcessor", None):
        # Emphasis: its expression is an alternation of its delimiter tokens (`*`, `_`).
        return "".join(pattern.tokens)
    if isinstance(pattern, inlinepatterns.InlineProcessor):
        return INLINE_REQUIRED.get(pattern.compiled_re.pattern)
    return None  # old-style patterns match from the start of a slice; leave them be


def _any_of(characters: str) -> Pattern[str]:
    return re.compile("[" + re.escape(characters) + "]")


def _priority(registry, name: str) -> float:
    return next(item.priority for item in registry._priority if item.name == name)
