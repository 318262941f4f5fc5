"""Splicing (`generator.exports.splice`): a data file made again copies the pieces of unchanged events from its
previous version, and equals one made afresh."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SampleSite, event_text

from exports.conftest import KAZAN, MONTH, YEAR, edit_title, make, plan_of, three_events
from generator.exports.splice import DataMaker
from generator.pipeline import Builder, BuildOptions, build


def previous_of(maker: DataMaker, files: dict[str, bytes], asked: list[str]) -> Callable[[str, str], bytes | None]:
    """What an output target gives: the bytes of the version of each file `maker` made, by fingerprint."""
    kept = {(path, maker.fingerprints[path]): data for path, data in files.items()}

    def previous(path: str, fingerprint: str) -> bytes | None:
        asked.append(path)
        return kept.get((path, fingerprint))

    return previous


@pytest.fixture
def builder(sample: SampleSite) -> Builder:
    three_events(sample)
    return Builder(sample.project, parallel=False)


def test_the_first_call_makes_every_events_pieces(builder: Builder):
    maker = DataMaker()
    make(plan_of(builder), maker)
    assert sorted(maker.pieces_made) == sorted([KAZAN, MONTH, YEAR])
    assert make(plan_of(builder), maker) == make(plan_of(builder))  # kept, not made again
    assert maker.pieces_made == []
    assert make(plan_of(builder), maker, have=lambda path, fingerprint: True) == {}


def test_after_an_edit_only_the_edited_events_pieces_are_made(sample: SampleSite, builder: Builder):
    maker = DataMaker()
    before = make(plan_of(builder), maker)
    edit_title(sample, f"{MONTH}.md", 'title: "', 'title: "Edited ')
    plan = plan_of(builder)
    after = make(plan, maker)
    assert maker.pieces_made == [MONTH]
    assert after == make(plan)
    assert {path for path in after if after[path] != before[path]} == {
        "events.csv", "feed.xml", "leaders/pham-minh-chinh/feed.xml", "search-index.json", "timeline.json",
        "citations.json", "citations.bib", "citations.ris", f"events/{MONTH}/citation.json",  # not dated to a day: no VEVENT
        "search/w.js", "search/r0.js", "search/index.js"}  # its words, its result, and the pieces' version
    assert json.loads(after["timeline.json"])["events"][1]["text"]["headline"].endswith(
        ">Edited Chính &amp; Lâm: &lt;talks&gt;</a>")


def test_after_an_event_is_added_and_another_deleted_only_the_new_ones_pieces_are_made(sample: SampleSite,
                                                                                        builder: Builder):
    maker = DataMaker()
    make(plan_of(builder), maker)
    (sample.content / "events" / f"{MONTH}.md").unlink()
    sample.event("2022-06-01-added.md", event_text(title="Added", date="2022-06-01", leaders="[Chính, Lâm]"))
    plan = plan_of(builder)
    after = make(plan, maker)
    assert maker.pieces_made == ["2022-06-01-added"]
    assert after == make(plan)
    assert list(json.loads(after["search-index.json"])) == ["2022-06-01-added", YEAR, KAZAN]


def test_a_maker_restored_from_layouts_splices_from_the_previous_bytes(sample: SampleSite, builder: Builder):
    first = DataMaker()
    before = make(plan_of(builder), first)
    edit_title(sample, f"{KAZAN}.md", "title: ", "title: Edited ")
    plan, asked = plan_of(builder), []
    restored = DataMaker(layouts=first.layouts)
    after = make(plan, restored, have=lambda path, fingerprint: False, previous=previous_of(first, before, asked))
    assert restored.pieces_made == [KAZAN]
    assert after == make(plan)
    # Only the files of pieces are spliced: the others are made in one go.
    assert sorted(set(asked)) == sorted(path for path in before if path not in ("robots.txt", "sitemap.xml")
                                        and not path.endswith(("/citation.json", ".js")))


def test_a_maker_whose_previous_bytes_are_gone_makes_every_piece(sample: SampleSite, builder: Builder):
    first = DataMaker()
    make(plan_of(builder), first)
    edit_title(sample, f"{KAZAN}.md", "title: ", "title: Edited ")
    plan = plan_of(builder)
    restored = DataMaker(layouts=first.layouts)
    after = make(plan, restored, have=lambda path, fingerprint: False, previous=lambda path, fingerprint: None)
    assert sorted(restored.pieces_made) == sorted([KAZAN, MONTH, YEAR])
    assert after == make(plan)


def test_files_made_for_another_base_url_lend_no_pieces(sample: SampleSite, builder: Builder):
    first = DataMaker()
    before = make(plan_of(builder), first)
    moved = Builder(sample.project, BuildOptions(base_url="https://example.org/moved/"), parallel=False)
    plan, asked = plan_of(moved), []
    restored = DataMaker(layouts=first.layouts)
    after = make(plan, restored, have=lambda path, fingerprint: False, previous=previous_of(first, before, asked))
    assert sorted(restored.pieces_made) == sorted([KAZAN, MONTH, YEAR])
    assert asked == []
    assert after == make(plan)
    assert b"https://example.org/moved/events/" in after["events.csv"]
    make(plan, first)  # the maker that made the files for the other base URL holds them in memory
    assert sorted(first.pieces_made) == sorted([KAZAN, MONTH, YEAR])


def test_files_made_for_another_site_title_lend_no_calendar_pieces(sample: SampleSite, builder: Builder):
    # The calendar's UIDs end in the title's slug: a piece made under the old title would keep the old UID.
    first = DataMaker()
    before = make(plan_of(builder), first)
    sample.write("site.yml", (sample.content / "site.yml").read_text(encoding="utf-8").replace(
        "title: Test timeline", "title: Renamed timeline"))
    plan = plan_of(Builder(sample.project, parallel=False))
    after = make(plan, DataMaker(layouts=first.layouts), have=lambda path, fingerprint: False,
                 previous=previous_of(first, before, []))
    assert after == make(plan)
    assert f"UID:{KAZAN}@renamed-timeline".encode() in after["events.ics"]


@pytest.mark.parametrize("edit", [
    ("adjective: Lao}", "adjective: Laotian}"),  # the press's label
    ("  - {name: Việt Nam, adjective: Vietnamese}\n  - {name: Laos, adjective: Lao}\n",
     "  - {name: Laos, adjective: Lao}\n  - {name: Việt Nam, adjective: Vietnamese}\n"),  # which side is first
])
def test_a_cached_rebuild_after_the_countries_change_is_a_fresh_builds_data(sample: SampleSite, tmp_path: Path,
                                                                            edit: tuple[str, str]):
    # The pieces say each publisher's press by side ("Lao press", the `s` of the search index): an edit to
    # `countries` changes every piece, not only the files' heads.
    three_events(sample)
    edit_title(sample, f"{KAZAN}.md", "source: VNS", "source: VNS/KPL")
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(sample.project, out, cache_dir=cache)
    settings = sample.content / "site.yml"
    old, new = edit
    assert old in settings.read_text(encoding="utf-8")
    settings.write_text(settings.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    build(sample.project, out, cache_dir=cache)
    build(sample.project, tmp_path / "fresh")
    for name in ("timeline.json", "events.ics", "search-index.json", "events.csv", "on-this-day.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_the_search_pieces_are_made_again_only_with_the_index_and_only_changed_ones_are_new(sample: SampleSite,
                                                                                           builder: Builder):
    first = DataMaker()
    before = make(plan_of(builder), first)
    held = dict(first.fingerprints)  # what an output target holds after the first build
    have = lambda path, fingerprint: held.get(path) == fingerprint  # noqa: E731
    assert make(plan_of(builder), DataMaker(layouts=first.layouts), have=have) == {}  # nothing changed: nothing made
    edit_title(sample, f"{KAZAN}.md", "title: ", "title: Edited ")
    plan, asked = plan_of(builder), []
    restored = DataMaker(layouts=first.layouts)  # as the next build's, from the cache
    after = make(plan, restored, have=have, previous=previous_of(first, before, asked))
    fresh = make(plan)
    pieces = {path for path in fresh if path.startswith("search/")}
    changed = {path for path in pieces if fresh[path] != before.get(path)}
    assert {path for path in after if path.startswith("search/")} == changed == {
        "search/w.js", "search/r0.js", "search/index.js"}  # the filters' pieces are the same bytes: kept
    assert all(after[path] == fresh[path] for path in after)
    assert {path for path in restored.fingerprints if path.startswith("search/")} == pieces
