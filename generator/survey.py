"""What a cached build asks of the file system, asked by a helper process while the cache loads.

A rebuild asks about every content file (has it changed since the cache's
record of it?) and about every file and directory of the output's standby copy
(is it still what the last build left?): ~13,000 system calls at 4,000 events,
a sixth of an edit's rebuild. None of these questions needs the cache's
records, so a forked helper asks them on another core while this process
unpickles the cache, and sends the answers back. Each answer is what the
build's own function gave in the helper; each is used once, and anything the
survey did not cover is asked of the file system as before.
"""

from __future__ import annotations

import functools
import marshal
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

from .content import EVENTS_DIR, LEADERS_DIR, SITE_FILE, Signature, file_signature, markdown_files
from .output import OutputState, TreeSurvey, directory_mtime, file_stamp, standby_path
from .parallel import in_background


class Survey(NamedTuple):
    """Answers found ahead of time."""

    listings: dict[str, list[str]]  # content directory -> its Markdown files
    signatures: dict[str, Signature | None]  # of the content files, by path
    standby: TreeSurvey  # the output's standby copy

    @classmethod
    def nothing(cls) -> Survey:
        return cls({}, {}, TreeSurvey.nothing())


def survey(content_dir: Path, out_dir: Path, outputs: Mapping[str, OutputState]) -> Survey:
    """Ask the questions: list and stat the content, stat the standby copy's files and directories
    as the last build's manifest (`outputs`, by resolved output directory) lists them."""
    listings = {str(directory): markdown_files(directory) for directory in (content_dir / EVENTS_DIR, content_dir / LEADERS_DIR)}
    paths = [str(content_dir / SITE_FILE), *(path for listing in listings.values() for path in listing)]
    signatures = {path: file_signature(path) for path in paths}
    out_dir = out_dir.resolve()
    state = outputs.get(str(out_dir))
    if state is None or not state.standby.files:
        return Survey(listings, signatures, TreeSurvey.nothing())
    root = str(standby_path(out_dir))
    return Survey(listings, signatures, TreeSurvey(
        root, {output: file_stamp(f"{root}/{output}") for output in state.standby.files},
        {directory: directory_mtime(f"{root}/{directory}") for directory in state.standby.dirs}))


def start_survey(content_dir: Path, out_dir: Path, outputs: Mapping[str, OutputState]) -> Callable[[], Survey]:
    """Survey in a helper process (see `in_background`); the function returned waits for the answers,
    which are empty if the survey failed: the build then asks as it goes."""
    answering = in_background(functools.partial(_answers, content_dir, out_dir, outputs))
    return lambda: _from_answers(answering())


def _answers(content_dir: Path, out_dir: Path, outputs: Mapping[str, OutputState]) -> bytes:
    # Plain values, in marshal's format: three times faster than pickle's both ways, for ~13,000 answers
    # that go from this process's own helper to itself.
    try:
        listings, signatures, (root, stamps, mtimes) = survey(content_dir, out_dir, outputs)
    except Exception:  # noqa: BLE001 - the survey only saves time: without it, nothing is lost
        return b""
    return marshal.dumps((listings, signatures, root, stamps, mtimes))


def _from_answers(answers: bytes) -> Survey:
    if not answers:
        return Survey.nothing()
    listings, signatures, root, stamps, mtimes = marshal.loads(answers)
    return Survey(listings, signatures, TreeSurvey(root, stamps, mtimes))
