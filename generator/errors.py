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
