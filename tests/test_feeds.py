"""The data files (`generator.exports`): each read back with a real parser, and spliced rebuilds equal fresh ones."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import feedparser
import icalendar
import pytest
from chronology import (BEFORE, CIRCA, HANOI, KAZAN, LEAP_DAY, NO_PLACE, OCTOBER_1977, PHNOM_PENH, SAME_SIDE,
                        VIENTIANE, write_chronology)
from conftest import SOURCES_YML, SampleSite, event_text, soup

from generator.exports.atom import FEED_LIMIT
from generator.exports.csv_table import COLUMNS as CSV_COLUMNS
from generator.exports.splice import DataMaker
from generator.pipeline import Builder, BuildOptions, Project, build, exports_of
from generator.plan import Plan

BASE = "https://example.org/"
REPORTED = "<p>A summary.</p><p>Reported by Vietnamese press: Việt Nam News (VNS).</p>"
KAZAN, MONTH, YEAR = "2024-10-24-kazan", "2024-10-talks", "2023-year"


def plan_of(builder: Builder) -> Plan:
    return builder.plan(builder.index())


def make(plan: Plan, maker: DataMaker | None = None, **where) -> dict[str, bytes]:
    """The data files of `plan`, by output path, made by `maker` (a fresh one by default)."""
    return (maker or DataMaker()).files(exports_of(plan), **where)


def data_files(project: Project, options: BuildOptions = BuildOptions()) -> dict[str, bytes]:
    return make(plan_of(Builder(project, options, parallel=False)))


def three_events(sample: SampleSite) -> None:
    """An event known to the day, one to the month, one to the year; Tô Lâm in two, Chính mentioned in one."""
    sample.event(f"{KAZAN}.md", event_text(
        title="Tô Lâm meets Thongloun Sisoulith in Kazan",
        leaders="[{name: Tô Lâm, role: General Secretary}, Thongloun Sisoulith]",
        extra="place: Kazan, Russia\nmentions: [Chính]\ntopics: [ASEAN, trade]\nsource_url: https://example.org/article\n"))
    sample.event(f"{MONTH}.md", event_text(title='"Chính & Lâm: <talks>"', date="2024-10", leaders="[Chính]",
                                            extra="place: Đà Nẵng, Việt Nam\n"))
    sample.event(f"{YEAR}.md", event_text(title="A year-only meeting", date="2023", leaders="[Lâm]"))


@pytest.fixture
def files(sample: SampleSite) -> dict[str, bytes]:
    three_events(sample)
    return data_files(sample.project)


def test_every_data_file_is_made(files: dict[str, bytes]):
    assert sorted(files) == [
        "events.csv", "events.ics", "feed.xml",
        "leaders/pham-minh-chinh/feed.xml", "leaders/thongloun-sisoulith/feed.xml", "leaders/to-lam/feed.xml",
        "on-this-day.jsonl", "robots.txt", "search-index.json", "sitemap.xml", "timeline.json",
    ]
    assert files["robots.txt"] == b"User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"


# Atom feeds

def parse_feed(data: bytes) -> feedparser.FeedParserDict:
    ET.fromstring(data)  # well-formed for a strict XML parser too
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_site_feed_lists_the_events_newest_first_with_absolute_links(files: dict[str, bytes]):
    feed = parse_feed(files["feed.xml"])
    assert (feed.feed.title, feed.feed.subtitle, feed.feed.id) == ("Test timeline", "A small sample site.", BASE + "feed.xml")
    assert {(link.rel, link.href) for link in feed.feed.links} == {("self", BASE + "feed.xml"), ("alternate", BASE)}
    assert feed.feed.updated == "2024-10-24T00:00:00Z"  # its newest entry's
    assert [(entry.title, entry.link, entry.id, entry.published, entry.updated) for entry in feed.entries] == [
        ("Tô Lâm meets Thongloun Sisoulith in Kazan", BASE + f"events/{KAZAN}/", BASE + f"events/{KAZAN}/",
         "2024-10-24T00:00:00Z", "2024-10-24T00:00:00Z"),
        ("Chính & Lâm: <talks>", BASE + f"events/{MONTH}/", BASE + f"events/{MONTH}/",
         "2024-10-01T00:00:00Z", "2024-10-01T00:00:00Z"),
        ("A year-only meeting", BASE + f"events/{YEAR}/", BASE + f"events/{YEAR}/",
         "2023-01-01T00:00:00Z", "2023-01-01T00:00:00Z"),
    ]
    kazan = feed.entries[0]
    # The author is the publisher the credit names, in full.
    assert (kazan.author, [tag.term for tag in kazan.tags], kazan.summary) == ("Việt Nam News", ["ASEAN", "trade"], "A summary.")
    assert [content.value for content in kazan.content] == ["<p>First paragraph.</p>\n<p>Second paragraph.</p>"]


def test_a_leader_feed_carries_every_event_naming_them_summaries_only(files: dict[str, bytes]):
    feed = parse_feed(files["leaders/pham-minh-chinh/feed.xml"])
    assert (feed.feed.title, feed.feed.id) == ("Phạm Minh Chính · Test timeline", BASE + "leaders/pham-minh-chinh/feed.xml")
    assert {(link.rel, link.href) for link in feed.feed.links} == {
        ("self", BASE + "leaders/pham-minh-chinh/feed.xml"), ("alternate", BASE + "leaders/pham-minh-chinh/")}
    assert feed.feed.updated == "2024-10-24T00:00:00Z"
    assert [(entry.link, entry.updated, entry.summary) for entry in feed.entries] == [
        (BASE + f"events/{KAZAN}/", "2024-10-24T00:00:00Z", "A summary."),  # mentioned there
        (BASE + f"events/{MONTH}/", "2024-10-01T00:00:00Z", "A summary."),
    ]
    assert not any("content" in entry for entry in feed.entries)
    thongloun = parse_feed(files["leaders/thongloun-sisoulith/feed.xml"])
    assert (thongloun.feed.updated, [entry.link for entry in thongloun.entries]) == (
        "2024-10-24T00:00:00Z", [BASE + f"events/{KAZAN}/"])


def test_the_site_feed_carries_the_newest_feed_limit_events_and_leader_feeds_all(sample: SampleSite):
    count = FEED_LIMIT + 2
    for number in range(count):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=number)
        sample.event(f"{day}-meeting-{number}.md", event_text(title=f"Meeting {number}", date=str(day)))
    files = data_files(sample.project)
    feed = parse_feed(files["feed.xml"])
    assert [entry.title for entry in feed.entries] == [f"Meeting {number}" for number in reversed(range(2, count))]
    assert feed.feed.updated == f"{dt.date(2020, 1, 1) + dt.timedelta(days=count - 1)}T00:00:00Z"
    leader = parse_feed(files["leaders/to-lam/feed.xml"])
    assert [entry.title for entry in leader.entries] == [f"Meeting {number}" for number in reversed(range(count))]


def feed_paths(files: dict[str, bytes]) -> list[str]:
    return [path for path in files if path.endswith("feed.xml")]


def test_a_feed_is_updated_when_its_newest_entry_is_even_if_that_is_known_to_the_month_or_year(sample: SampleSite):
    three_events(sample)
    sample.event("2025-03-talks.md", event_text(title="Talks in March", date="2025-03", leaders="[Chính]"))
    sample.event("2025-visit.md", event_text(title="A visit in 2025", date="2025", leaders="[Thongloun Sisoulith]"))
    files = data_files(sample.project)
    updated = {path: parse_feed(files[path]).feed.updated for path in feed_paths(files)}
    assert updated == {"feed.xml": "2025-03-01T00:00:00Z", "leaders/pham-minh-chinh/feed.xml": "2025-03-01T00:00:00Z",
                       "leaders/thongloun-sisoulith/feed.xml": "2025-01-01T00:00:00Z",
                       "leaders/to-lam/feed.xml": "2024-10-24T00:00:00Z"}


def test_every_feeds_updated_is_its_newest_entrys_on_the_benchmark_corpus(corpus: Path):
    files = data_files(Project(content_dir=corpus))
    assert len(feed_paths(files)) > 20
    for path in feed_paths(files):
        feed = parse_feed(files[path])
        assert feed.entries, path
        assert feed.feed.updated == max(entry.updated for entry in feed.entries), path


def test_links_are_absolute_under_the_base_url(sample: SampleSite):
    three_events(sample)
    base = "https://example.org/vn-lao/"
    files = data_files(sample.project, BuildOptions(base_url="https://example.org/vn-lao"))
    for path in ("feed.xml", "leaders/to-lam/feed.xml"):
        feed = parse_feed(files[path])
        assert feed.feed.id == base + path
        assert [entry.link for entry in feed.entries] == [
            base + f"events/{slug}/" for slug in ((KAZAN, MONTH, YEAR) if path == "feed.xml" else (KAZAN, YEAR))]
    assert files["robots.txt"].endswith(f"Sitemap: {base}sitemap.xml\n".encode())
    assert json.loads(files["search-index.json"])[KAZAN]["u"] == f"/vn-lao/events/{KAZAN}/"  # a link on the site


def test_characters_xml_cannot_carry_are_dropped_from_the_feeds(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text(title='"Vertical\\vtab"', body="A form\x0cfeed and a \x0bvertical tab.",
                                               extra='topics: ["trade\\x01"]\n'))
    files = data_files(sample.project)
    for path in ("feed.xml", "leaders/to-lam/feed.xml"):
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", files[path])
        [entry] = parse_feed(files[path]).entries
        assert (entry.title, [tag.term for tag in entry.tags]) == ("Verticaltab", ["trade"])
    [entry] = parse_feed(files["feed.xml"]).entries
    assert entry.content[0].value == "<p>A formfeed and a vertical tab.</p>"


# Sitemap

def sitemap_locations(data: bytes) -> list[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in ET.fromstring(data).findall("s:url/s:loc", namespace)]


def test_the_sitemap_lists_the_home_page_every_event_every_leader_and_the_chronologies(files: dict[str, bytes]):
    assert sitemap_locations(files["sitemap.xml"]) == [
        BASE, BASE + f"events/{YEAR}/", BASE + f"events/{MONTH}/", BASE + f"events/{KAZAN}/",
        BASE + "leaders/", BASE + "leaders/pham-minh-chinh/", BASE + "leaders/thongloun-sisoulith/",
        BASE + "leaders/to-lam/", BASE + "relations/", BASE + "on-this-day/",
    ]


def built_page_urls(out: Path) -> set[str]:
    """The address of every HTML page a build wrote but the 404 page, as the pages' canonical links give it."""
    pages = {page.relative_to(out).as_posix() for page in out.rglob("*.html")} - {"404.html"}
    assert all(page.endswith("index.html") for page in pages)
    return {BASE + page.removesuffix("index.html") for page in pages}


def test_the_sitemap_lists_every_built_page_but_the_404_page(sample: SampleSite):
    three_events(sample)
    out = sample.build()
    locations = sitemap_locations((out / "sitemap.xml").read_bytes())
    assert len(locations) == len(set(locations))
    assert set(locations) == built_page_urls(out)


def test_on_a_split_timeline_the_sitemap_lists_the_year_pages_too(corpus: Path, tmp_path: Path):
    out = tmp_path / "_site"
    build(Project(content_dir=corpus), out, BuildOptions(base_url=BASE))
    years = sorted((out / "years").iterdir())
    assert len(years) > 10
    locations = sitemap_locations((out / "sitemap.xml").read_bytes())
    assert len(locations) == len(set(locations))
    assert set(locations) == built_page_urls(out)
    for year in years:  # each listed as the page calls itself
        canonical = soup(year / "index.html").find("link", rel="canonical")["href"]
        assert canonical == BASE + f"years/{year.name}/" and canonical in locations


# TimelineJS

def test_timeline_json_gives_each_event_at_its_dates_precision(files: dict[str, bytes]):
    data = json.loads(files["timeline.json"])
    assert data["title"] == {"text": {"headline": "Test timeline", "text": "A small sample site."}}
    assert data["events"] == [
        {"unique_id": YEAR, "start_date": {"year": "2023"}, "display_date": "2023",
         "text": {"headline": f'<a href="{BASE}events/{YEAR}/">A year-only meeting</a>', "text": REPORTED},
         "group": "Unknown place"},
        {"unique_id": MONTH, "start_date": {"year": "2024", "month": "10"}, "display_date": "October 2024",
         "text": {"headline": f'<a href="{BASE}events/{MONTH}/">Chính &amp; Lâm: &lt;talks&gt;</a>',
                  "text": REPORTED},
         "group": "Việt Nam"},
        {"unique_id": KAZAN, "start_date": {"year": "2024", "month": "10", "day": "24"}, "display_date": "24 October 2024",
         "text": {"headline": f'<a href="{BASE}events/{KAZAN}/">Tô Lâm meets Thongloun Sisoulith in Kazan</a>',
                  "text": REPORTED},
         "group": "Russia"},
    ]


# Search index

def test_the_search_index_holds_each_events_words_folded_once(files: dict[str, bytes]):
    index = json.loads(files["search-index.json"])
    assert list(index) == [YEAR, MONTH, KAZAN]
    assert index[MONTH] == {
        # title, summary, place, leaders, mentions, topics, source, body: no case, no diacritics, each word once
        "w": "chinh lam talks a summary da nang viet nam pham minh vns news first paragraph second",
        "t": "Chính & Lâm: <talks>", "d": "2024-10", "h": "October 2024", "p": "Đà Nẵng, Việt Nam",
        "u": f"/events/{MONTH}/", "y": "2024", "l": "pham-minh-chinh", "m": "", "c": "viet-nam", "o": "", "s": "viet-nam",
    }
    assert index[KAZAN]["w"] == ("to lam meets thongloun sisoulith in kazan a summary russia pham minh chinh "
                                 "asean trade vns viet nam news first paragraph second")
    assert (index[KAZAN]["l"], index[KAZAN]["c"], index[KAZAN]["o"]) == ("to-lam thongloun-sisoulith", "viet-nam laos",
                                                                         "asean trade")
    for entry in index.values():
        words = entry["w"].split()
        assert entry["w"].isascii() and len(words) == len(set(words))
    assert files["search-index.json"].isascii()  # the rest escaped


# iCalendar

def test_events_ics_has_an_all_day_event_for_each_event_dated_exactly_to_a_day_and_no_other(files: dict[str, bytes]):
    calendar = icalendar.Calendar.from_ical(files["events.ics"])
    assert (str(calendar["PRODID"]), str(calendar["X-WR-CALNAME"])) == ("-//Test timeline//EN", "Test timeline")
    events = [(str(vevent["UID"]), vevent.decoded("DTSTART"), vevent.decoded("DTEND"), str(vevent["SUMMARY"]),
               str(vevent.get("LOCATION", "")), str(vevent["URL"])) for vevent in calendar.walk("VEVENT")]
    # A month- or year-long block in people's calendars would say more than the sources do.
    assert events == [
        (f"{KAZAN}@example.org", dt.date(2024, 10, 24), dt.date(2024, 10, 25), "Tô Lâm meets Thongloun Sisoulith in Kazan",
         "Kazan, Russia", BASE + f"events/{KAZAN}/"),
    ]
    assert str(calendar.walk("VEVENT")[0]["DESCRIPTION"]) == (
        f"A summary. (reported by Vietnamese press: Việt Nam News (VNS)) {BASE}events/{KAZAN}/")


def test_events_ics_lines_are_folded_at_75_octets_between_utf8_characters(sample: SampleSite):
    title = ("Tổng Bí thư Tô Lâm hội đàm với Tổng Bí thư, Chủ tịch nước Lào Thongloun Sisoulith tại Viêng Chăn;"
             " ký kết hiệp định hợp tác toàn diện về đường sắt và năng lượng")
    sample.event("2024-12-01-long.md", event_text(title=f'"{title}"', date="2024-12-01", extra="place: Viêng Chăn, Lào\n"))
    data = data_files(sample.project)["events.ics"]
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data[:-2].split(b"\r\n")
    assert max(map(len, lines)) <= 75
    for line in lines:
        line.decode("utf-8")  # no character cut in two
    summary = [index for index, line in enumerate(lines) if line.startswith(b"SUMMARY:")][0]
    folded = [lines[summary], *itertools.takewhile(lambda line: line.startswith(b" "), lines[summary + 1:])]
    assert list(map(len, folded)) == [75, 74, 75, 3]  # the second stops short of a character that would cross 75
    assert b"".join([folded[0], *(line[1:] for line in folded[1:])]).decode() == "SUMMARY:" + title.replace(
        ",", "\\,").replace(";", "\\;")
    [vevent] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title


def test_characters_icalendar_text_cannot_carry_are_dropped_from_events_ics(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text(title='"Vertical\\vtab"', extra='place: "Hà\\x01 Nội"\n'))
    data = data_files(sample.project)["events.ics"]
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data)


# CSV

UTF8_BOM = b"\xef\xbb\xbf"


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(UTF8_BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_events_csv_starts_with_a_byte_order_mark_after_a_cold_and_a_cached_rebuild(sample: SampleSite, tmp_path: Path):
    # Excel reads a UTF-8 file without one as the local code page. The mark is the head's: once, at the start.
    three_events(sample)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(sample.project, out, cache_dir=cache)
    cold = (out / "events.csv").read_bytes()
    edit_title(sample, f"{KAZAN}.md", "title: ", "title: Edited ")
    assert build(sample.project, out, cache_dir=cache).pieces == [KAZAN]  # the other rows are spliced
    for data in (cold, (out / "events.csv").read_bytes()):
        assert data.startswith(UTF8_BOM) and data.count(UTF8_BOM) == 1
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert list(rows[0]) == list(CSV_COLUMNS) and [row["date"] for row in rows] == ["2023", "2024-10", "2024-10-24"]
        assert rows[1]["place"] == "Đà Nẵng, Việt Nam"
    assert rows[2]["title"] == "Edited Tô Lâm meets Thongloun Sisoulith in Kazan"


def test_events_csv_has_the_header_and_one_row_per_event(files: dict[str, bytes]):
    assert read_csv(files["events.csv"]) == [
        list(CSV_COLUMNS),
        ["2023", "", "A year-only meeting", "", "Tô Lâm", "", "VNS", "Việt Nam News (VNS)", "", "", "A summary.",
         BASE + f"events/{YEAR}/"],
        ["2024-10", "", "Chính & Lâm: <talks>", "Đà Nẵng, Việt Nam", "Phạm Minh Chính", "", "VNS", "Việt Nam News (VNS)",
         "", "", "A summary.", BASE + f"events/{MONTH}/"],
        ["2024-10-24", "", "Tô Lâm meets Thongloun Sisoulith in Kazan", "Kazan, Russia", "Tô Lâm; Thongloun Sisoulith",
         "Phạm Minh Chính", "VNS", "Việt Nam News (VNS)", "https://example.org/article", "ASEAN; trade", "A summary.",
         BASE + f"events/{KAZAN}/"],
    ]
    assert files["events.csv"].count(b"\r\n") == 4


def test_csv_cells_a_spreadsheet_would_run_as_formulas_start_with_a_quote(sample: SampleSite):
    sample.write("sources.yml", SOURCES_YML + '"@VNA": {name: "=Agency", country: Việt Nam}\n')
    sample.event("2024-10-24-a.md", event_text(title='"=HYPERLINK(\\"x\\")"', extra='place: "+84 Hà Nội"\n')
                 .replace("source: VNS", 'source: "@VNA"').replace("summary: A summary.", 'summary: "-1 point, then more"'))
    [header, row] = read_csv(data_files(sample.project)["events.csv"])
    assert dict(zip(header, row)) == {
        "date": "2024-10-24", "title": "'=HYPERLINK(\"x\")", "place": "'+84 Hà Nội", "leaders": "Tô Lâm",
        "mentions": "", "source": "'@VNA", "publishers": "'=Agency (@VNA)", "date_qualifier": "", "source_url": "",
        "topics": "", "summary": "'-1 point, then more",
        "url": BASE + "events/2024-10-24-a/",
    }


# Splicing: a data file made again copies the pieces of unchanged events from its previous version

def edit_title(sample: SampleSite, name: str, old: str, new: str) -> None:
    path = sample.content / "events" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


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
        "events.csv", "feed.xml", "leaders/pham-minh-chinh/feed.xml", "search-index.json", "timeline.json"}  # not dated to a day: no VEVENT
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
    assert sorted(set(asked)) == sorted(path for path in before if path not in ("robots.txt", "sitemap.xml"))


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


# The chronology's exports: qualified dates, publishers in full, press by side, days of the year

@pytest.fixture
def chronology_files(sample: SampleSite) -> dict[str, bytes]:
    write_chronology(sample)
    return data_files(sample.project)


def test_timeline_json_shows_a_qualified_date_in_display_date_and_its_digits_in_start_date(
        chronology_files: dict[str, bytes]):
    events = {event["unique_id"]: event for event in json.loads(chronology_files["timeline.json"])["events"]}
    assert (events[CIRCA]["start_date"], events[CIRCA]["display_date"]) == ({"year": "2022", "month": "3"}, "c. March 2022")
    assert (events[BEFORE]["start_date"], events[BEFORE]["display_date"]) == (
        {"year": "2020", "month": "10", "day": "24"}, "before 24 October 2020")
    assert events[KAZAN]["display_date"] == "24 October 2024"
    assert events[KAZAN]["text"]["text"] == (
        "<p>A summary.</p><p>Reported by Vietnamese press: Vietnam News Agency (VNA); Lao press: Lao News Agency (KPL); "
        "international press: Agence Kampuchea Presse (AKP).</p>")
    assert list(events) == [OCTOBER_1977, HANOI, LEAP_DAY, BEFORE, NO_PLACE, PHNOM_PENH, CIRCA, SAME_SIDE, VIENTIANE,
                            KAZAN]  # timeline order; the draft left out


def test_events_csv_has_a_date_qualifier_column_and_the_publishers_in_full(chronology_files: dict[str, bytes]):
    rows = {row["url"].rsplit("/", 2)[1]: row for row in csv.DictReader(
        io.StringIO(chronology_files["events.csv"].decode("utf-8-sig"), newline=""))}
    assert {slug: (row["date"], row["date_qualifier"]) for slug, row in rows.items() if slug in (
        CIRCA, BEFORE, KAZAN, SAME_SIDE)} == {CIRCA: ("2022-03", "circa"), BEFORE: ("2020-10-24", "before"),
                                              KAZAN: ("2024-10-24", ""), SAME_SIDE: ("2023", "")}
    assert (rows[VIENTIANE]["source"], rows[VIENTIANE]["publishers"]) == (
        "KPL/VNA", "Lao News Agency (KPL); Vietnam News Agency (VNA)")


def test_events_csv_says_after_for_an_after_date(sample: SampleSite):
    sample.event("1975-12-a.md", event_text(date="after 1975-12"))
    [row] = csv.DictReader(io.StringIO(data_files(sample.project)["events.csv"].decode("utf-8-sig"), newline=""))
    assert (row["date"], row["date_qualifier"]) == ("1975-12", "after")


def test_events_ics_lists_only_the_events_exact_to_a_day_not_a_day_known_roughly(chronology_files: dict[str, bytes]):
    calendar = icalendar.Calendar.from_ical(chronology_files["events.ics"])
    assert [(str(vevent["UID"]), vevent.decoded("DTSTART")) for vevent in calendar.walk("VEVENT")] == [
        (f"{OCTOBER_1977}@example.org", dt.date(1977, 10, 24)), (f"{HANOI}@example.org", dt.date(2019, 5, 6)),
        (f"{LEAP_DAY}@example.org", dt.date(2020, 2, 29)), (f"{NO_PLACE}@example.org", dt.date(2021, 2, 11)),
        (f"{PHNOM_PENH}@example.org", dt.date(2021, 6, 2)), (f"{VIENTIANE}@example.org", dt.date(2024, 1, 5)),
        (f"{KAZAN}@example.org", dt.date(2024, 10, 24)),
    ]  # not BEFORE (before 2020-10-24), CIRCA, SAME_SIDE (2023) or the draft
    [kazan] = [vevent for vevent in calendar.walk("VEVENT") if str(vevent["UID"]).startswith(KAZAN)]
    assert str(kazan["DESCRIPTION"]) == (
        "A summary. (reported by Vietnamese press: Vietnam News Agency (VNA); Lao press: Lao News Agency (KPL); "
        f"international press: Agence Kampuchea Presse (AKP)) {BASE}events/{KAZAN}/")


def test_a_qualified_day_made_exact_enters_the_calendar_and_on_this_day(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text(date="circa 2024-10-24"))
    before = data_files(sample.project)
    assert icalendar.Calendar.from_ical(before["events.ics"]).walk("VEVENT") == []
    assert before["on-this-day.jsonl"] == b""
    sample.event("2024-10-24-a.md", event_text(date="2024-10-24"))
    after = data_files(sample.project)
    assert len(icalendar.Calendar.from_ical(after["events.ics"]).walk("VEVENT")) == 1
    assert after["on-this-day.jsonl"].count(b"\n") == 1


def test_feeds_date_a_qualified_event_by_its_digits_and_name_its_publishers_in_full(chronology_files: dict[str, bytes]):
    feed = parse_feed(chronology_files["feed.xml"])
    entries = {entry.link.rsplit("/", 2)[1]: entry for entry in feed.entries}
    assert (entries[CIRCA].published, entries[BEFORE].published) == ("2022-03-01T00:00:00Z", "2020-10-24T00:00:00Z")
    assert [author.name for author in entries[KAZAN].authors] == [
        "Vietnam News Agency", "Lao News Agency", "Agence Kampuchea Presse"]
    leader_feed = parse_feed(chronology_files["leaders/sonexay-siphandone/feed.xml"])
    assert [(entry.link.rsplit("/", 2)[1], [a.name for a in entry.authors]) for entry in leader_feed.entries] == [
        (VIENTIANE, ["Lao News Agency", "Vietnam News Agency"]), (CIRCA, ["Vietnam News Agency"])]


def test_the_search_index_gives_each_events_press_by_side_and_its_qualified_date(chronology_files: dict[str, bytes]):
    index = json.loads(chronology_files["search-index.json"])
    assert {slug: entry["s"] for slug, entry in index.items()} == {
        OCTOBER_1977: "viet-nam", HANOI: "viet-nam", LEAP_DAY: "viet-nam", BEFORE: "viet-nam", NO_PLACE: "viet-nam",
        PHNOM_PENH: "international", CIRCA: "viet-nam", SAME_SIDE: "viet-nam", VIENTIANE: "viet-nam laos",
        KAZAN: "viet-nam laos international"}
    assert (index[CIRCA]["d"], index[CIRCA]["h"]) == ("2022-03", "c. March 2022")
    assert (index[BEFORE]["d"], index[BEFORE]["h"]) == ("2020-10-24", "before 24 October 2020")
    assert {"agence", "kampuchea", "presse", "akp"} <= set(index[KAZAN]["w"].split())  # found by its publisher's name


def test_on_this_day_jsonl_has_a_line_per_event_exact_to_a_day(chronology_files: dict[str, bytes]):
    lines = chronology_files["on-this-day.jsonl"].decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        ["10-24", 1977, OCTOBER_1977, f"/events/{OCTOBER_1977}/"], ["05-06", 2019, HANOI, f"/events/{HANOI}/"],
        ["02-29", 2020, LEAP_DAY, f"/events/{LEAP_DAY}/"], ["02-11", 2021, NO_PLACE, f"/events/{NO_PLACE}/"],
        ["06-02", 2021, PHNOM_PENH, f"/events/{PHNOM_PENH}/"], ["01-05", 2024, VIENTIANE, f"/events/{VIENTIANE}/"],
        ["10-24", 2024, KAZAN, f"/events/{KAZAN}/"],
    ]
    assert chronology_files["on-this-day.jsonl"].endswith(b"\n")


def test_on_the_corpus_the_exports_agree_on_qualified_dates(corpus: Path):
    files = data_files(Project(content_dir=corpus))
    rows = list(csv.DictReader(io.StringIO(files["events.csv"].decode("utf-8-sig"), newline="")))
    timeline = json.loads(files["timeline.json"])["events"]
    assert len(rows) == len(timeline) == 520
    assert {row["date_qualifier"] for row in rows} == {"", "circa", "before", "after"}
    shown = {"": "", "circa": "c. ", "before": "before ", "after": "after "}
    for row, event in zip(rows, timeline, strict=True):
        digits = "-".join(event["start_date"][part].zfill(2 if part != "year" else 4)
                          for part in ("year", "month", "day") if part in event["start_date"])
        assert row["date"] == digits
        assert event["display_date"].startswith(shown[row["date_qualifier"]])
        assert all(f"({key})" in row["publishers"] for key in row["source"].split("/"))
    exact = [row for row in rows if row["date_qualifier"] == "" and row["date"].count("-") == 2]
    calendar = icalendar.Calendar.from_ical(files["events.ics"]).walk("VEVENT")
    days = files["on-this-day.jsonl"].decode("utf-8").splitlines()
    assert len(calendar) == len(days) == len(exact) > 0
    assert [vevent.decoded("DTSTART").isoformat() for vevent in calendar] == [row["date"] for row in exact]
