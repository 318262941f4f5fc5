"""What parsing one content file gives, and how it fails: kept apart from the YAML machinery,
which is imported only when a file actually has to be parsed."""

from __future__ import annotations

from typing import Any, NamedTuple

Location = tuple[Any, ...]  # ("leaders", 0, "name") addresses a value in the document


class FrontMatterError(Exception):
    """A problem with the front matter, at a 1-based line of the file (or None)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class Document(NamedTuple):
    """The parsed parts of one content file."""

    data: dict[str, Any]
    body: str
    body_line: int
    lines: dict[Location, int]

    def line_of(self, *location: Any) -> int | None:
        """The file line of a value, or of its nearest enclosing value."""
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get(())
