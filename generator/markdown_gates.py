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

It also finds where link brackets close (`bracket_ends`) by jumping from
bracket to bracket. Markdown steps through every character in Python to do
that, and again after each link of a paragraph, since each link changes the
text: a paragraph of many links cost time in the square of its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from re import Match, Pattern

from markdown import Markdown, blockprocessors, inlinepatterns, preprocessors, treeprocessors, util
from markdown.extensions import Extension, fenced_code
from markdown.util import AtomicString

Required = tuple[str, ...]  # substrings, one of which every match contains

# Every match of the inline expression contains (or, for the backtick escape, is followed by) one of these.
INLINE_REQUIRED: dict[str, Required] = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # also REFERENCE_RE and the short references
    inlinepatterns.IMAGE_LINK_RE: ("[",),  # also IMAGE_REFERENCE_RE
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
}

# The same for the block tests, by the attribute that holds the expression.
BLOCK_REQUIRED: dict[str, Required] = {
    blockprocessors.BlockQuoteProcessor.RE.pattern: (">",),
    blockprocessors.HashHeaderProcessor.RE.pattern: ("#",),
    blockprocessors.SetextHeaderProcessor.RE.pattern: ("=", "-"),
    blockprocessors.HRProcessor.SEARCH_RE.pattern: ("-", "_", "*"),
    blockprocessors.ReferenceProcessor.RE.pattern: ("[",),
    fenced_code.FencedBlockPreprocessor.FENCED_BLOCK_RE.pattern: ("`", "~"),
}
BLOCK_ATTRIBUTES = ("RE", "SEARCH_RE", "FENCED_BLOCK_RE")

# What `bracket_ends` does for the link patterns, as this Markdown release does it (None in one without it).
STOCK_BRACKET_ENDS = getattr(inlinepatterns.LinkInlineProcessor, "_findBracketEnds", None)
BRACKETS = re.compile(r"[\[\]]")

# Preprocessors that, on a document containing none of these substrings, only return it as `shortcut` does.
PREPROCESSOR_SHORTCUTS: dict[type, tuple[Required, Callable[[str], str]]] = {
    # Removes STX/ETX, turns \r into \n, expands tabs, empties lines of spaces (after a \n); appends two lines.
    preprocessors.NormalizeWhitespace: (("\n ", "\r", "\t", util.STX, util.ETX), lambda source: source + "\n\n"),
    # Stashes raw HTML blocks and completes character references such as `&#38` (with no `;`).
    preprocessors.HtmlBlockPreprocessor: (("<", "&"), lambda source: source),
}


class GatedExpression:
    """A compiled expression that finds nothing, cheaply, in text lacking all of its required substrings."""

    __slots__ = ("expression", "required", "possible")

    def __init__(self, expression: Pattern[str], required: Required):
        self.expression = expression
        self.required = required
        self.possible = _any_of(required)

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

    _required: tuple[Required | None, ...] = ()
    _possible: list[Callable[[str], bool] | None] = []

    def run(self, tree, ancestors=None):
        required = tuple(inline_required(pattern) for pattern in self.inlinePatterns)
        if required != self._required:
            # For each pattern index, a test for anything the patterns from there on need (None: cannot tell).
            self._possible = [None if None in required[index:] else _any_of(sum(required[index:], ()))
                              for index in range(len(required))]
            self._required = required
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802 (overrides)
        if patternIndex < len(self._possible) and not isinstance(data, AtomicString):
            possible = self._possible[patternIndex]
            if possible is not None and not possible(data):
                return data  # what the patterns would return: none matches
        return super()._InlineProcessor__handleInline(data, patternIndex)


class ShortcutPreprocessor(preprocessors.Preprocessor):
    """Runs a preprocessor only on documents that contain one of its triggers; on the others, returns
    what it is known to return there."""

    def __init__(self, md: Markdown, inner: preprocessors.Preprocessor, triggers: Required,
                 shortcut: Callable[[str], str]):
        super().__init__(md)
        self.inner, self.triggers, self.shortcut = inner, triggers, shortcut
        self._triggered = _any_of(triggers)

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        return self.inner.run(lines) if self._triggered(source) else self.shortcut(source).split("\n")


class MarkdownGatesExtension(Extension):
    """Gate the expressions whose required characters are known; leave the others alone."""

    def extendMarkdown(self, md: Markdown) -> None:
        for pattern in md.inlinePatterns:
            required = _inline_expression_required(pattern)
            if required:
                pattern.compiled_re = GatedExpression(pattern.compiled_re, required)
            if STOCK_BRACKET_ENDS is not None and getattr(type(pattern), "_findBracketEnds", None) is STOCK_BRACKET_ENDS:
                pattern._findBracketEnds = bracket_ends  # noqa: SLF001 - the same answer, see bracket_ends
        for processor in [*md.parser.blockprocessors, *md.preprocessors]:
            for attribute in BLOCK_ATTRIBUTES:
                expression = getattr(processor, attribute, None)
                if isinstance(expression, Pattern) and expression.pattern in BLOCK_REQUIRED:
                    setattr(processor, attribute, GatedExpression(expression, BLOCK_REQUIRED[expression.pattern]))
        for item in list(md.preprocessors._priority):
            processor = md.preprocessors[item.name]
            if type(processor) in PREPROCESSOR_SHORTCUTS:
                triggers, shortcut = PREPROCESSOR_SHORTCUTS[type(processor)]
                md.preprocessors.register(ShortcutPreprocessor(md, processor, triggers, shortcut), item.name, item.priority)
        if type(md.treeprocessors["inline"]) is treeprocessors.InlineProcessor and \
                hasattr(treeprocessors.InlineProcessor, "_InlineProcessor__handleInline"):
            md.treeprocessors.register(GatedInlineProcessor(md), "inline", _priority(md.treeprocessors, "inline"))


def bracket_ends(data: str) -> list[int | None]:
    """What Markdown's `LinkInlineProcessor._findBracketEnds(data)` answers: for each index of `data` and its
    end, the index just past the `]` that first brings the depth of brackets below that index's own, or None.

    The depth changes only at brackets, so the indexes fall into runs of one depth, from just past a bracket to
    the next bracket; a run closes where the first later run of a smaller depth starts. Each closed run is
    filled in one slice assignment, at C speed."""
    ends: list[int | None] = [None] * (len(data) + 1)
    open_runs: list[tuple[int, int, int]] = []  # (first index, last index + 1, depth), deepest last
    depth = start = 0
    for bracket in BRACKETS.finditer(data):
        first_after = bracket.end()
        open_runs.append((start, first_after, depth))
        depth += 1 if bracket.group() == "[" else -1
        start = first_after
        while open_runs and depth < open_runs[-1][2]:
            first, stop, _ = open_runs.pop()
            ends[first:stop] = [start] * (stop - first)
    return ends


def inline_required(pattern: inlinepatterns.Pattern) -> Required | None:
    """Substrings one of which every match of a gated inline pattern contains; None if it is not gated."""
    expression = pattern.compiled_re
    return expression.required if isinstance(expression, GatedExpression) else None


def _inline_expression_required(pattern: inlinepatterns.Pattern) -> Required | None:
    if isinstance(pattern.compiled_re, GatedExpression):
        return None  # already gated
    if type(pattern) is getattr(inlinepatterns, "DelimiterProcessor", None):
        # Emphasis: its expression is an alternation of its delimiter tokens (`*`, `_`).
        return tuple(pattern.tokens)
    if isinstance(pattern, inlinepatterns.InlineProcessor):
        return INLINE_REQUIRED.get(pattern.compiled_re.pattern)
    return None  # old-style patterns match from the start of a slice; leave them be


def _any_of(substrings: Required) -> Callable[..., bool]:
    """A test of whether any of `substrings` occurs in a text (from a position).

    One `str.find` per substring: each scans at memchr speed, where a regex
    character class is tried at every position.
    """
    unique = tuple(dict.fromkeys(substrings))

    def occurs(data: str, pos: int = 0) -> bool:
        for substring in unique:
            if data.find(substring, pos) >= 0:
                return True
        return False

    return occurs


def _priority(registry, name: str) -> float:
    return next(item.priority for item in registry._priority if item.name == name)
