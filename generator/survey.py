"""What a cached build asks of the file system, asked by helper processes while the cache loads.

A rebuild asks about every content file (has it changed since the cache's
record of it?) and about every file and directory of the output's standby copy
(is it still what the last build left?): ~13,000 system calls at 4,000 events,
a sixth of an edit's rebuild. None of these questions needs the cache's
records, so two forked helpers (the content, the output) ask them on the
other core while this process unpickles the cache, and send the answers back. Each answer is what the
build's own function gave in the helper; each is used once, and anything the
survey did not cover is asked of the file system as before.
"""

from __future__ import annotations

import functools
import marshal
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .content import EVENTS_DIR, LEADERS_DIR, SITE_FILE, Signature, file_signature, markdown_files
from .output import OutputState, TreeSurvey, directory_mtime, file_stamp, standby_path
from .parallel import Background, in_background


class Survey(NamedTuple):
    """Answers found ahead of time."""

    listings: dict[str, list[str]]  # content directory -> its Markdown files
    signatures: dict[str, Signature | None]  # of the content files, by path
    standby: TreeSurvey  # the output's standby copy

    @classmethod
    def nothing(cls) -> Survey:
        return cls({}, {}, TreeSurvey.nothing())


def survey(content_dir: Path, out_dir: Path, outputs: Mapping[str, OutputState]) -> Survey:
    """Ask every question: of the content (`survey_content`) and of the output (`survey_output`)."""
    return Survey(*survey_content(content_dir), survey_output(out_dir, outputs))


def survey_content(content_dir: Path) -> tuple[dict[str, list[str]], dict[str, Signature | None]]:
    """List the content's Markdown files and stat them (and the site settings)."""
    listings = {str(directory): markdown_files(directory) for directory in (content_dir / EVENTS_DIR, content_dir / LEADERS_DIR)}
    paths = [str(content_dir / SITE_FILE), *(path for listing in listings.values() for path in listing)]
    return listings, {path: file_signature(path) for path in paths}


def survey_output(out_dir: Path, outputs: Mapping[str, OutputState]) -> TreeSurvey:
    """Stat the standby copy's files and directories as the last build's manifest (`outputs`, by
    resolved output directory) lists them."""
    out_dir = out_dir.resolve()
    state = outputs.get(str(out_dir))
    if state is None or not state.standby.files:
        return TreeSurvey.nothing()
    root = str(standby_path(out_dir))
    return TreeSurvey(root, {output: file_stamp(f"{root}/{output}") for output in state.standby.files},
                      {directory: directory_mtime(f"{root}/{directory}") for directory in state.standby.dirs})


class SurveyInProgress:
    """The survey's two helpers: the content's and the output's."""

    def __init__(self, content: Background[bytes], output: Background[bytes]):
        self._content, self._output = content, output

    def result(self) -> Survey:
        """The answers; a part whose helper failed is empty: the build then asks as it goes."""
        listings, signatures = _unmarshalled(self._content.result()) or ({}, {})
        root, stamps, mtimes = _unmarshalled(self._output.result()) or TreeSurvey.nothing()
        return Survey(listings, signatures, TreeSurvey(root, stamps, mtimes))

    def abandon(self) -> None:
        self._content.abandon()
        self._output.abandon()


def start_survey(content_dir: Path, out_dir: Path, outputs: Mapping[str, OutputState]) -> SurveyInProgress:
    """Survey in two helper processes, the content and the output (see `in_background`)."""
    return SurveyInProgress(in_background(functools.partial(_marshalled, survey_content, content_dir)),
                            in_background(functools.partial(_marshalled, survey_output, out_dir, outputs)))


def _marshalled(function: Callable[..., tuple], *arguments: Any) -> bytes:
    # Plain values, in marshal's format: three times faster than pickle's both ways, for ~13,000 answers
    # that go from this process's own helper to itself.
    try:
        return marshal.dumps(tuple(function(*arguments)))
    except Exception:  # noqa: BLE001 - the survey only saves time: without it, nothing is lost
        return b""


def _unmarshalled(answers: bytes) -> tuple | None:
    return marshal.loads(answers) if answers else None
