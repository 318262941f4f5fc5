"""The benchmark's peer sites: a ratio to Hugo means something only if Hugo builds the site ours builds."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import feedparser
import icalendar
import pytest

from benchmarks.peers import write_hugo_site
from generator.pipeline import Project, build


@pytest.fixture(scope="module")
def both(corpus: Path, hugo: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Our build of the corpus and Hugo's build of the benchmark's Hugo site."""
    ours = tmp_path_factory.mktemp("ours") / "_site"
    build(Project(content_dir=corpus), ours)
    site = write_hugo_site(corpus, tmp_path_factory.mktemp("hugo") / "site")
    finished = subprocess.run([hugo, "--source", str(site)], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "WARN" not in finished.stdout + finished.stderr and "ERROR" not in finished.stdout + finished.stderr
    return ours, site / "public"


def _pages(root: Path, section: str) -> set[str]:
    return {path.parent.name for path in (root / section).glob("*/index.html")}


def test_hugo_makes_the_same_pages(both):
    ours, hugo = both
    assert _pages(hugo, "events") == _pages(ours, "events")
    assert _pages(hugo, "leaders") == _pages(ours, "leaders")
    assert _pages(ours, "years") and _pages(hugo, "years") == _pages(ours, "years")
    for page in ("index.html", "leaders/index.html", "404.html"):
        assert (hugo / page).is_file() and (ours / page).is_file()


def test_each_hugo_page_carries_what_ours_does(both):
    ours, hugo = both
    event = sorted(_pages(ours, "events"))[len(_pages(ours, "events")) // 2]
    page = (hugo / "events" / event / "index.html").read_text(encoding="utf-8")
    for part in ('rel="canonical"', 'og:title', "application/ld+json", 'class="article-body"', 'rel="prev"', 'rel="next"',
                 "/leaders/", "Source:"):
        assert part in page
    year = sorted(_pages(ours, "years"))[0]
    listing = (hugo / "years" / year / "index.html").read_text(encoding="utf-8")
    assert listing.count("<li><time") == (ours / "years" / year / "index.html").read_text().count('<li class="entry"') > 0


def test_hugo_makes_the_same_data_files(both):
    ours, hugo = both
    events = len(_pages(ours, "events"))
    feed = feedparser.parse((hugo / "index.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == min(100, events) == len(feedparser.parse((ours / "feed.xml").read_bytes()).entries)
    assert "<p>" in feed.entries[0].description  # the event's text, as ours gives it
    assert (hugo / "sitemap.xml").read_text().count("/events/") == events
    assert (hugo / "robots.txt").is_file()
    search = json.loads((hugo / "search-index.json").read_text(encoding="utf-8"))
    assert len(search) == events and all(len(entry["w"].split()) == len(set(entry["w"].split())) for entry in search.values())
    assert len(json.loads((hugo / "timeline.json").read_text(encoding="utf-8"))["events"]) == events
    calendar = icalendar.Calendar.from_ical((hugo / "events.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == events
    with open(hugo / "events.csv", newline="", encoding="utf-8") as file:
        assert len(list(csv.DictReader(file))) == events
