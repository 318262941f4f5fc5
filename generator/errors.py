"""The problems a build reports, each one `path:line: message`, like Jinja's `TemplateSyntaxError`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class ContentError(NamedTuple):
    """One problem with the content, printed as `path:line: message`."""

    path: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.message)


# Warnings about an optional field a file leaves out. Any number of files may (a summary is optional for every
# event), so `check` prints one line per kind, with a count and the first few files, and `build` and `serve`
# only count them with the other warnings. By message: (one file, several files, what happens instead).
NO_SUMMARY = "no `summary`: the first paragraph is used"
NO_SOURCE_URL = ("no `source_url`: readers cannot reach the report (set `full_text: true` if the body is the "
                 "report's own full text)")
OPTIONAL_FIELD_WARNINGS = {
    NO_SUMMARY: ("event has no `summary`", "events have no `summary`", "the first paragraph is used"),
    NO_SOURCE_URL: ("event has no `source_url`", "events have no `source_url`",
                    "readers cannot reach the report; `full_text: true` marks a body that is the report's own text"),
}
FILES_NAMED = 3  # in a summary line


def summary_lines(problems: Iterable[ContentError], *, every_warning: bool = False) -> list[str]:
    """What `check` prints: each problem as `path:line: message`, except warnings about an optional field,
    one line per kind (every one of them individually with `every_warning`)."""
    lines, grouped = [], {}
    for problem in sorted(problems, key=lambda problem: problem.sort_key):
        if problem.warning and problem.message in OPTIONAL_FIELD_WARNINGS and not every_warning:
            grouped.setdefault(problem.message, []).append(problem.path)
        else:
            lines.append(str(problem))
    for message, paths in grouped.items():
        one, several, instead = OPTIONAL_FIELD_WARNINGS[message]
        named = ", ".join(paths[:FILES_NAMED])
        more = f", … (python build.py check --all-warnings lists all {len(paths):,})" if len(paths) > FILES_NAMED else ""
        lines.append(f"warning: {len(paths):,} {one if len(paths) == 1 else several} ({instead}): {named}{more}")
    return lines


def warning_count_line(warnings: int) -> str | None:
    """What `build` and `serve` print of the content's warnings: how many, and where to see them."""
    if not warnings:
        return None
    return f"{warnings:,} warning{'' if warnings == 1 else 's'} (python build.py check shows {'it' if warnings == 1 else 'them'})"


class ContentErrors(Exception):
    """Raised when content has errors; carries all of them, sorted."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(errors, key=lambda error: error.sort_key)
        super().__init__("\n".join(map(str, self.errors)))

    def __reduce__(self):  # so the errors survive the trip back from a worker process
        return (ContentErrors, (self.errors,))


class FrontMatterError(Exception):
    """A problem reading or parsing one file, at a 1-based line of it (or None); becomes a ContentError."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
