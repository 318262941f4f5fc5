"""What a cached build asks of the file system, asked by a helper process while the build starts.

A rebuild asks about every content file (has it changed since the cache's
record of it?) and about every file and directory of the output's standby copy
(is it still what the last build left?): ~13,000 system calls at 4,000 events.
None of these questions needs the cache's records, so a forked helper asks
them on the other core while this process imports the pipeline and loads the
cache, and sends the answers back. The command line forks it before those
imports: this module imports only what the helper needs (`sources`, `output`,
`cachefile`). Each answer is what the build's own function gave in the helper;
each is used once, and anything the survey did not cover is asked of the
file system as before.
"""

from __future__ import annotations

import functools
import marshal
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .cachefile import read_manifests
from .output import OutputState, TreeSurvey, directory_mtime, file_stamp, standby_path
from .parallel import Background, in_background
from .sources import EVENTS_DIR, LEADERS_DIR, SITE_FILE, Signature, file_signature, markdown_files


class Survey(NamedTuple):
    """Answers found ahead of time."""

    listings: dict[str, list[str]]  # content directory -> its Markdown files
    signatures: dict[str, Signature | None]  # of the content files, by path
    standby: TreeSurvey  # the output's standby copy


def survey(content_dir: Path, out_dir: Path, cache_dir: Path) -> Survey:
    """Ask every question: of the content (`survey_content`), and of the output (`survey_output`) as the
    manifests saved in `cache_dir` list it."""
    return Survey(*survey_content(content_dir), survey_output(out_dir, read_manifests(cache_dir)))


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
    """The survey's helper (see `start_survey`)."""

    def __init__(self, helper: Background[bytes]):
        self._helper = helper

    def result(self) -> Survey:
        """The answers; a part the helper could not answer is empty: the build then asks as it goes."""
        content, output = marshal.loads(self._helper.result())
        listings, signatures = content or ({}, {})
        return Survey(listings, signatures, TreeSurvey(*output) if output else TreeSurvey.nothing())

    def ready(self) -> bool:
        return self._helper.ready()

    def abandon(self) -> None:
        self._helper.abandon()


def start_survey(content_dir: Path, out_dir: Path, cache_dir: Path) -> SurveyInProgress:
    """Survey in a helper process (see `in_background`). Call it holding `output_lock(out_dir)`: what the
    survey finds in the output must stay so until the build ends."""
    return SurveyInProgress(in_background(functools.partial(_answers, content_dir, out_dir, cache_dir)))


def _answers(content_dir: Path, out_dir: Path, cache_dir: Path) -> bytes:
    # Plain values, in marshal's format: three times faster than pickle's both ways, for ~13,000 answers
    # that go from this process's own helper to itself.
    return marshal.dumps((_answered(survey_content, content_dir),
                          _answered(lambda: survey_output(out_dir, read_manifests(cache_dir)))))


def _answered(function: Callable[..., tuple], *arguments: Any) -> tuple | None:
    try:
        return tuple(function(*arguments))
    except Exception:  # noqa: BLE001 - the survey only saves time: without it, nothing is lost
        return None
