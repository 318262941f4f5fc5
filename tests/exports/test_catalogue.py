"""Which data files there are (`generator.exports.catalogue`): every one made, for the base URL, agreeing with each other."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
from conftest import SampleSite, event_text

from exports.conftest import KAZAN, MONTH, YEAR, data_files, three_events
from exports.test_atom import parse_feed
from generator.pipeline import BuildOptions, Project


def test_every_data_file_is_made(files: dict[str, bytes]):
    assert sorted(path for path in files if not path.startswith("search/")) == [
        "citations.bib", "citations.json", "citations.ris", "days/10-24.js", "events.csv", "events.ics",
        *(f"events/{slug}/citation.json" for slug in (YEAR, KAZAN, MONTH)), "feed.xml",
        "leaders/pham-minh-chinh/feed.xml", "leaders/thongloun-sisoulith/feed.xml", "leaders/to-lam/feed.xml",
        "on-this-day.jsonl", "robots.txt", "search-index.json", "sitemap.xml", "timeline.json",
    ]
    assert files["robots.txt"] == b"User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    # The search's pieces: what three events' words, filters and results need (tests/exports/test_search_pieces).
    assert sorted(path for path in files if path.startswith("search/")) == [
        "search/f-c-laos.js", "search/f-c-viet-nam.js", "search/f-l-pham-minh-chinh.js", "search/f-l-thongloun-sisoulith.js",
        "search/f-l-to-lam.js", "search/f-m-pham-minh-chinh.js", "search/f-o-asean.js", "search/f-o-trade.js",
        "search/f-s-viet-nam.js", "search/f-y-2023.js", "search/f-y-2024.js", "search/index.js", "search/r0.js",
        "search/w.js"]


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
    # A link on the site, relative to its root (where the index is), whatever the base URL.
    assert json.loads(files["search-index.json"])[KAZAN]["u"] == f"events/{KAZAN}/index.html"


def test_a_qualified_day_made_exact_enters_the_calendar_and_on_this_day(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text(date="circa 2024-10-24"))
    before = data_files(sample.project)
    assert icalendar.Calendar.from_ical(before["events.ics"]).walk("VEVENT") == []
    assert before["on-this-day.jsonl"] == b""
    sample.event("2024-10-24-a.md", event_text(date="2024-10-24"))
    after = data_files(sample.project)
    assert len(icalendar.Calendar.from_ical(after["events.ics"]).walk("VEVENT")) == 1
    assert after["on-this-day.jsonl"].count(b"\n") == 1


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
