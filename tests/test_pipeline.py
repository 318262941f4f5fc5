"""The pipeline's reuse of earlier work never changes a byte of the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import tree
from generator.output import MemoryTarget
from generator.pipeline import PROJECT_ROOT, Build, Builder, Project, build
from generator.plan import UNRENDERED


class InMemory:
    """A builder and the memory target it builds into, again and again."""

    def __init__(self, project: Project, *, parallel: bool = False):
        self.builder, self.target = Builder(project, parallel=parallel), MemoryTarget()

    def build(self) -> tuple[dict[str, bytes], Build]:
        result = self.builder.build(self.target)
        return {output: version.data for output, version in self.target.files.items()}, result


def test_parallel_and_serial_builds_are_byte_identical(corpus: Path, build_workers: None):
    project = Project(content_dir=corpus)
    parallel, _ = InMemory(project, parallel=True).build()
    serial, _ = InMemory(project, parallel=False).build()
    assert parallel == serial
    assert len(parallel) > 300


def test_fingerprints_worked_out_for_the_whole_plan_equal_those_asked_for_page_by_page(corpus: Path):
    builder = Builder(Project(content_dir=corpus), parallel=False)
    assert set(builder.plan(builder.index()).fingerprints.all().values()) == {UNRENDERED}  # nothing read yet
    rendered = builder.build(MemoryTarget()).fingerprints
    whole = builder.plan(builder.index()).fingerprints.all()
    page_by_page = builder.plan(builder.index()).fingerprints
    assert list(whole) == list(page_by_page)
    assert whole == {output: page_by_page[output] for output in reversed(list(page_by_page))}
    assert whole == {output: rendered[output] for output in whole}  # what the pages read is as it was
    assert len(set(whole.values())) == len(whole)  # each page its own


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "event title": lambda c, t: _edit(sorted((c / "events").glob("*.md"))[100], 'title: "', 'title: "Edited '),
    "event date": lambda c, t: _move_event(c),
    "event body": lambda c, t: _edit(sorted((c / "events").glob("*.md"))[5], "\n\n", "\n\nA new paragraph.\n\n"),
    "leader": lambda c, t: _edit(sorted((c / "leaders").glob("*.md"))[3], "country: Laos", "country: Việt Nam")
    if "country: Laos" in sorted((c / "leaders").glob("*.md"))[3].read_text() else
    _edit(sorted((c / "leaders").glob("*.md"))[3], "country: Việt Nam", "country: Laos"),
    "new event": lambda c, t: (c / "events" / "1990-01-01-added.md").write_text(
        "---\ntitle: Added\ndate: 1990-01-01\nleaders: [" + _first_leader(c) + "]\nsource: VNS\nsummary: S.\n---\nBody.\n",
        encoding="utf-8"),
    "deleted event": lambda c, t: sorted((c / "events").glob("*.md"))[7].unlink(),
    "template": lambda c, t: _edit(t / "event.html", '<article class="event">', '<article class="event edited">'),
    "settings": lambda c, t: _edit(c / "site.yml", "Benchmark timeline", "Renamed timeline"),
}


def _first_leader(content: Path) -> str:
    return sorted((content / "leaders").glob("*.md"))[0].read_text(encoding="utf-8").split("name: ")[1].split("\n")[0]


def _move_event(content: Path) -> None:
    path = sorted((content / "events").glob("*.md"))[50]
    text = path.read_text(encoding="utf-8")
    old_date = path.name.split("-meeting-")[0]
    path.unlink()
    (content / "events" / path.name.replace(old_date, "2030")).write_text(
        text.replace(f"date: {old_date}", "date: 2030"), encoding="utf-8")


def test_a_rebuild_after_each_kind_of_edit_equals_a_cold_build(corpus: Path, tmp_path: Path):
    """Both ways of reusing earlier work: a builder's own last run (as the preview's) and the on-disk cache (as
    `build`'s, through the cache's whole save and load), after each kind of edit in turn, each on top of the
    ones before (as a person edits), against a cold build after each. One matrix for both."""
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(corpus, content)
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    project = Project(content_dir=content, templates_dir=templates)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(project, out, cache_dir=cache)
    build(project, out, cache_dir=cache)  # the second build leaves a standby copy beside the output
    warm = InMemory(project)
    before, _ = warm.build()
    for edit in sorted(EDITS):
        EDITS[edit](content, templates)
        after, rebuilt = warm.build()
        cached = build(project, out, cache_dir=cache)
        built = build(project, tmp_path / edit, cache_dir=None)
        cold = tree(tmp_path / edit)
        shutil.rmtree(tmp_path / edit)
        assert after == cold, edit
        assert tree(out) == cold, edit
        assert after != before, edit
        if edit not in ("template", "settings"):
            assert 0 < len(rebuilt.rendered) < len(built.rendered), edit  # only the pages the edit touches
            # Only the pages the edit touches: an added or removed event changes every timeline page's
            # year counts; a leader's new country shows on every page of their events.
            limit = {"new event": 80, "deleted event": 80, "event date": 80, "leader": 150}.get(edit, 20)
            assert 0 < len(cached.rendered) < limit, edit
        before = after


@pytest.mark.parametrize("edit, converted", [("event title", 0), ("event body", 1)])
def test_only_edited_markdown_is_converted_again(corpus: Path, tmp_path: Path, edit: str, converted: int):
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    warm = InMemory(Project(content_dir=content))
    warm.build()
    warm.builder.markdown.converted.clear()
    EDITS[edit](content, None)
    warm.build()
    assert len(warm.builder.markdown.converted) == converted


def test_data_files_are_spliced_from_their_last_versions(corpus: Path, tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    warm = InMemory(Project(content_dir=content))
    assert len(warm.build()[1].pieces) > 500
    EDITS["event title"](content, None)
    assert warm.build()[1].pieces == [sorted((content / "events").glob("*.md"))[100].stem]
    EDITS["event date"](content, None)
    files, moved = warm.build()
    assert len(moved.pieces) == 1 and moved.pieces[0].startswith("2030")
    assert files == InMemory(Project(content_dir=content)).build()[0]
