"""The Atom feeds (`generator.exports.atom`), read back with feedparser and a strict XML parser."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from chronology import BEFORE, CIRCA, VIENTIANE
from conftest import SampleSite, event_text

from exports.conftest import BASE, KAZAN, MONTH, YEAR, data_files, three_events
from generator.exports.atom import FEED_LIMIT
from generator.pipeline import Project


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


def test_feeds_date_a_qualified_event_by_its_digits_and_name_its_publishers_in_full(chronology_files: dict[str, bytes]):
    feed = parse_feed(chronology_files["feed.xml"])
    entries = {entry.link.rsplit("/", 2)[1]: entry for entry in feed.entries}
    assert (entries[CIRCA].published, entries[BEFORE].published) == ("2022-03-01T00:00:00Z", "2020-10-24T00:00:00Z")
    assert [author.name for author in entries[KAZAN].authors] == [
        "Vietnam News Agency", "Lao News Agency", "Agence Kampuchea Presse"]
    leader_feed = parse_feed(chronology_files["leaders/sonexay-siphandone/feed.xml"])
    assert [(entry.link.rsplit("/", 2)[1], [a.name for a in entry.authors]) for entry in leader_feed.entries] == [
        (VIENTIANE, ["Lao News Agency", "Vietnam News Agency"]), (CIRCA, ["Vietnam News Agency"])]
