"""The on-disk build cache: reused work never changes a byte, and a bad cache is never trusted."""

from __future__ import annotations

import marshal
import os
import pickle
import shutil
import zlib
from pathlib import Path

import pytest

from conftest import SampleSite, event_text, tree
from generator.cache import version_key
from generator.errors import ContentErrors
from generator.exports.atom import FEED_LIMIT
from generator.load import load_event, with_body
from generator.cli import main
from generator.output import standby_path
from generator.pipeline import PROJECT_ROOT, Builder, BuildOptions, Project, build
from test_pipeline import EDITS  # each kind of edit; test_pipeline rebuilds after each, from memory and from this cache


def _copy_project(corpus: Path, root: Path) -> Project:
    shutil.copytree(corpus, root / "content")
    shutil.copytree(PROJECT_ROOT / "templates", root / "templates")
    return Project(content_dir=root / "content", templates_dir=root / "templates")


def _cold(project: Project, out: Path) -> dict[str, bytes]:
    build(project, out, cache_dir=None)
    return tree(out)


def _inodes(root: Path) -> dict[str, int]:
    return {path.relative_to(root).as_posix(): path.stat().st_ino for path in root.rglob("*") if path.is_file()}


# Each template, and the templates of the pages that use it (directly, through a macro or as their base).
TEMPLATE_USERS = {
    "leader.html": {"leader.html"},
    "partials/macros.html": {"timeline.html", "event.html", "leader.html", "relations.html"},
    "base.html": {"timeline.html", "event.html", "leaders.html", "leader.html", "relations.html", "on_this_day.html",
                  "404.html"},
}


def test_a_template_edit_re_renders_the_pages_that_use_it_and_no_other(corpus: Path, tmp_path: Path):
    """Each template edited in turn, on one site, each cached rebuild against a cold build."""
    project = _copy_project(corpus, tmp_path)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(project, out, cache_dir=cache)
    builder = Builder(project, parallel=False)
    pages = builder.plan(builder.index()).pages
    # Each edit adds a comment, which renders nothing: a cold build after any of them is this one.
    cold = _cold(project, tmp_path / "cold")
    for template, page_templates in TEMPLATE_USERS.items():
        path = project.templates_dir / template
        path.write_text(path.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
        result = build(project, out, cache_dir=cache)
        expected = sorted(output for output in pages if pages[output].template in page_templates)
        assert sorted(result.rendered) == expected, template
        assert tree(out) == cold, template


def test_pages_rendered_by_the_workers_equal_a_cold_build(corpus: Path, tmp_path: Path, build_workers: None):
    project = _copy_project(corpus, tmp_path)
    out = tmp_path / "_site"
    result = build(project, out, cache_dir=tmp_path / ".cache")
    assert len(result.rendered) > 500
    assert tree(out) == _cold(project, tmp_path / "cold")


@pytest.mark.parametrize(("position", "in_site_feed"), [(100, False), (-1, True)], ids=["old event", "newest file"])
def test_only_the_files_an_edit_changes_are_written(corpus: Path, tmp_path: Path, position: int, in_site_feed: bool):
    project = _copy_project(corpus, tmp_path)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(project, out, cache_dir=cache)
    assert build(project, out, cache_dir=cache).rendered == []
    before, inodes_before = tree(out), _inodes(out)
    edited = sorted((project.content_dir / "events").glob("*.md"))[position]
    newest = [event.slug for event in Builder(project, parallel=False).index().events[-FEED_LIMIT:]]
    assert (edited.stem in newest) == in_site_feed  # so that both cases below are checked
    edited.write_text(edited.read_text(encoding="utf-8").replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
    build(project, out, cache_dir=cache)
    after, inodes_after = tree(out), _inodes(out)
    changed = {path for path in after if after[path] != before.get(path)}
    rewritten = {path for path in after if inodes_after[path] != inodes_before.get(path)}
    assert rewritten == changed
    assert 3 < len(changed) < 30
    assert {"search-index.json", "events.csv", "timeline.json"} <= changed
    exact = next(event for event in Builder(project, parallel=False).index().events if event.slug == edited.stem).date.exact_day
    assert ("events.ics" in changed) == ("on-this-day.jsonl" in changed) == exact  # they list only such events
    assert ("feed.xml" in changed) == in_site_feed  # the site feed carries only the newest FEED_LIMIT events


def test_an_edit_splices_the_data_files_making_only_the_edited_events_share(corpus: Path, tmp_path: Path):
    project = _copy_project(corpus, tmp_path)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    assert len(build(project, out, cache_dir=cache).pieces) > 500
    EDITS["event title"](project.content_dir, project.templates_dir)
    edited = sorted((project.content_dir / "events").glob("*.md"))[100].stem
    assert build(project, out, cache_dir=cache).pieces == [edited]
    assert tree(out) == _cold(project, tmp_path / "cold")
    assert build(project, out, cache_dir=cache).pieces == []


def test_data_files_made_for_another_base_url_lend_no_pieces(corpus: Path, tmp_path: Path):
    project = _copy_project(corpus, tmp_path)
    out, cache, moved = tmp_path / "_site", tmp_path / ".cache", BuildOptions(base_url="https://example.org/moved/")
    build(project, out, cache_dir=cache)
    assert len(build(project, out, moved, cache_dir=cache).pieces) > 500
    build(project, tmp_path / "cold", moved)
    assert tree(out) == tree(tmp_path / "cold")


def test_the_sitemap_is_made_again_when_the_split_timelines_years_change(corpus: Path, tmp_path: Path):
    # The earliest event moves to a year of its own, keeping its slug: the events' order and slugs stay as they
    # were, and only the year pages (which the sitemap lists) change.
    project = _copy_project(corpus, tmp_path)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(project, out, cache_dir=cache)
    earliest = Builder(project, parallel=False).index().events[0]
    path = Path(earliest.path)
    text = path.read_text(encoding="utf-8").replace(f"date: {earliest.date.iso}\n", f"date: 1950\nslug: {earliest.slug}\n", 1)
    path.unlink()
    (path.parent / f"1950-{earliest.slug}.md").write_text(text, encoding="utf-8")
    build(project, out, cache_dir=cache)
    assert b"/years/1950/" in (out / "sitemap.xml").read_bytes()
    assert tree(out) == _cold(project, tmp_path / "cold")


def test_damaged_markdown_shards_are_redone_with_a_warning(corpus: Path, tmp_path: Path):
    project = _copy_project(corpus, tmp_path)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(project, out, cache_dir=cache)
    shards = sorted(cache.glob("bodies-*.pickle"))
    assert len(shards) == 256
    for shard in shards:  # read only when a page needs them, so found damaged only then
        shard.write_bytes(shard.read_bytes()[:-10])
    EDITS["event title"](project.content_dir, project.templates_dir)
    result = build(project, out, cache_dir=cache)
    assert tree(out) == _cold(project, tmp_path / "cold")
    assert any(str(warning).endswith("the build cache is corrupt (its checksum does not match); "
                                     "it was discarded and will be rebuilt") for warning in result.warnings)


def test_damage_only_the_render_helper_reads_is_reported_too(corpus: Path, tmp_path: Path):
    # The records are saved in the render helper: only it reads the shard an edited body goes to (this
    # process has the new body already, converted from the file).
    project = _copy_project(corpus, tmp_path)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(project, out, cache_dir=cache)
    EDITS["event body"](project.content_dir, project.templates_dir)
    edited = sorted((project.content_dir / "events").glob("*.md"))[5]
    shard = cache / f"bodies-{load_event(edited, []).markdown_digest[:2]}.pickle"
    shard.write_bytes(shard.read_bytes()[:-10])
    result = build(project, out, cache_dir=cache)
    assert tree(out) == _cold(project, tmp_path / "cold")
    assert [str(warning) for warning in result.warnings if "build cache" in str(warning)] == [
        f"{shard}: warning: the build cache is corrupt (its checksum does not match); it was discarded and will be rebuilt"]
    assert not [warning for warning in build(project, out, cache_dir=cache).warnings if "build cache" in str(warning)]


def test_events_whose_html_the_cache_lost_are_converted_again_from_their_files(corpus: Path, tmp_path: Path):
    project = _copy_project(corpus, tmp_path)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(project, out, cache_dir=cache)
    sentence = sorted((project.content_dir / "events").glob("*.md"))[0].read_text(encoding="utf-8").split("\n")[-2]
    assert len(sentence) > 40
    assert sentence.encode() not in b"".join(path.read_bytes() for path in cache.glob("parsed-*.pickle"))  # no Markdown
    for html in [*cache.glob("summaries-*.pickle"), *cache.glob("bodies-*.pickle")]:
        html.unlink()
    EDITS["event body"](project.content_dir, project.templates_dir)
    build(project, out, cache_dir=cache)
    assert tree(out) == _cold(project, tmp_path / "cold")


def test_a_restored_event_whose_file_changed_since_asks_for_another_build(sample: SampleSite):
    path = sample.event("2024-10-24-a.md", event_text())
    restored = load_event(path, [])._replace(body=None)
    assert with_body(restored) == load_event(path, [])
    sample.event("2024-10-24-a.md", event_text(body="Another body."))
    with pytest.raises(ContentErrors, match="changed while the site was being built: build again"):
        with_body(restored)


def test_hand_edits_and_stray_files_in_the_output_do_not_survive(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text())
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(sample.project, out, cache_dir=cache)
    build(sample.project, out, cache_dir=cache)
    for hacked in ("index.html", "events.csv", "search-index.json"):
        with open(out / hacked, "r+b") as file:  # in place: the standby copy shares this file
            file.write(b"<!-- hacked -->")
    (out / "stray.html").write_text("not ours")
    (out / "events" / "stray").mkdir()
    (out / "events" / "stray" / "index.html").write_text("not ours")
    (out / "leaders" / "to-lam" / "extra.txt").write_text("not ours")
    (out / "events" / "outside").symlink_to(tmp_path)
    sample.event("2024-10-25-b.md", event_text(title="Later", date="2024-10-25"))  # the data files are remade
    build(sample.project, out, cache_dir=cache)
    build(sample.project, out, cache_dir=cache)
    before = _cold(sample.project, tmp_path / "cold")
    assert tree(out) == before
    # The hand-edited old site, kept as the standby copy, is brought up to date by the next build that changes
    # something, and swapped out again by the one after.
    sample.event("2024-10-26-c.md", event_text(title="Latest", date="2024-10-26"))
    build(sample.project, out, cache_dir=cache)
    assert tree(out) == _cold(sample.project, tmp_path / "cold-again")
    assert tree(standby_path(out)) == before
    sample.event("2024-10-27-d.md", event_text(title="Later still", date="2024-10-27"))
    build(sample.project, out, cache_dir=cache)
    assert tree(out) == _cold(sample.project, tmp_path / "cold-once-more")
    assert "stray.html" not in tree(standby_path(out)) and b"hacked" not in b"".join(tree(standby_path(out)).values())


def _damage(kind: str, path: Path, marker: Path) -> None:
    data = path.read_bytes()
    header, _, payload = data.partition(b"\n\n")
    magic = header.split(b"\n")[0] + b"\n"
    if kind == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "flipped byte":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif kind == "another version":
        path.write_bytes(data.replace(version_key(), b"0" * len(version_key()), 1))
    elif kind == "not a cache":
        path.write_text("hello")
    elif kind == "hostile":  # well-formed, checksummed, and would run a command if unpickled blindly
        class Hostile:
            def __reduce__(self):
                return (os.system, (f"touch {marker}",))
        _rewrite(path, magic, pickle.dumps(Hostile()))
    elif kind == "misshapen":  # well-formed and checksummed, but not the values the part holds
        _rewrite(path, magic, marshal.dumps({"/site": ("a", "b")}))


def _rewrite(path: Path, magic: bytes, payload: bytes) -> None:
    path.write_bytes(magic + version_key() + b"\n" + b"%08x" % zlib.crc32(payload) + b"\n\n" + payload)


DAMAGE = {
    "truncated": "corrupt (its checksum does not match)",
    "flipped byte": "corrupt (its checksum does not match)",
    "another version": "from another version of the generator or its libraries",
    "not a cache": "not a cache this generator wrote",
    "hostile": "unreadable (UnpicklingError)",
    "misshapen": "unreadable (ValueError)",
}
# Each kind of damage, to a part kept with pickle and to one kept with marshal (see `generator.cache`).
DAMAGED_FILES = [*(("layouts.pickle", kind) for kind in sorted(DAMAGE) if kind != "misshapen"),
                 *(("outputs.marshal", kind) for kind in sorted(DAMAGE) if kind != "hostile")]


@pytest.mark.parametrize(("name", "kind"), DAMAGED_FILES)
def test_a_corrupt_or_foreign_cache_is_discarded_with_a_warning(sample: SampleSite, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture, name: str, kind: str):
    monkeypatch.chdir(sample.root)
    sample.event("2024-10-24-a.md", event_text())
    command = ["build", "--content", "content", "--out", "_site", "--cache-dir", ".cache"]
    assert main(command) == 0
    marker = tmp_path / "marker"
    _damage(kind, sample.root / ".cache" / name, marker)
    sample.event("2024-10-25-b.md", event_text(title="Later", date="2024-10-25"))
    capsys.readouterr()
    assert main(command) == 0
    printed = capsys.readouterr()
    assert printed.err.splitlines()[0] == (
        f".cache/{name}: warning: the build cache is {DAMAGE[kind]}; it was discarded and will be rebuilt")
    assert "Traceback" not in printed.err
    assert not marker.exists()
    assert tree(sample.root / "_site") == _cold(sample.project, tmp_path / "cold")
    capsys.readouterr()
    assert main(command) == 0  # the rebuilt cache is trusted again
    assert "build cache" not in capsys.readouterr().err


def test_a_cache_from_another_version_is_one_warning_not_one_per_file(sample: SampleSite,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture):
    monkeypatch.chdir(sample.root)
    sample.event("2024-10-24-a.md", event_text())
    command = ["build", "--content", "content", "--out", "_site", "--cache-dir", ".cache"]
    assert main(command) == 0
    files = _cache_files(sample.root / ".cache")
    assert len(files) > 100
    for path in files:
        path.write_bytes(path.read_bytes().replace(version_key(), b"0" * len(version_key()), 1))
    (sample.root / ".cache" / "pieces-0.pickle").write_bytes(files[0].read_bytes())  # a part it no longer has
    capsys.readouterr()
    assert main(command) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "build cache" in line]
    assert len(warnings) == 1 and "from another version" in warnings[0]
    assert _cache_files(sample.root / ".cache") == files  # rewritten, and nothing else left


def test_a_save_a_killed_build_left_half_done_is_cleaned_up_and_a_running_ones_file_kept(
        sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text())
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(sample.project, out, cache_dir=cache)
    abandoned = cache / ".tmp-4194305-x1y2z3"  # above Linux's highest process id: that writer is gone
    running = cache / f".tmp-{os.getpid()}-a1b2c3"
    for half_written in (abandoned, running):
        half_written.write_bytes(b"half a shard")
    sample.event("2024-10-24-a.md", event_text(title="Edited"))
    build(sample.project, out, cache_dir=cache)
    assert tree(out) == _cold(sample.project, tmp_path / "cold")
    assert [path.name for path in cache.iterdir() if path.name.startswith(".tmp-")] == [running.name]


def _cache_files(directory: Path) -> list[Path]:
    return sorted([*directory.glob("*.pickle"), *directory.glob("*.marshal")])


def test_no_cache_builds_from_scratch_and_leaves_no_cache(sample: SampleSite, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    sample.event("2024-10-24-a.md", event_text())
    assert main(["build", "--content", "content", "--out", "_site", "--no-cache"]) == 0
    assert (sample.root / "_site" / "index.html").is_file()
    assert not standby_path(sample.root / "_site").exists()
    assert sorted(path.name for path in sample.root.iterdir()) == ["._site.lock", "_site", "content"]
