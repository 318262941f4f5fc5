"""The benchmark's peer sites: a ratio to Hugo means something only if Hugo builds the site ours builds."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup

from benchmarks.corpus import write_corpus
from benchmarks.peers import write_hugo_site
from generator.load import load_content
from generator.pipeline import Project, build


def _build_both(content: Path, hugo: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    ours = tmp_path_factory.mktemp("ours") / "_site"
    build(Project(content_dir=content), ours)
    site = write_hugo_site(content, tmp_path_factory.mktemp("hugo") / "site")
    finished = subprocess.run([hugo, "--source", str(site)], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "WARN" not in finished.stdout + finished.stderr and "ERROR" not in finished.stdout + finished.stderr
    return ours, site / "public"


@pytest.fixture(scope="module")
def both(corpus: Path, hugo: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Our build of the corpus and Hugo's build of the benchmark's Hugo site."""
    return _build_both(corpus, hugo, tmp_path_factory)


@pytest.fixture(scope="module")
def few(hugo: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A corpus with few enough leaders for /relations/ to show its who-met-whom table; both builds of it."""
    content = write_corpus(tmp_path_factory.mktemp("few"), events=40, leaders=8)
    return (content, *_build_both(content, hugo, tmp_path_factory))


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
                 "/leaders/", "Reported by"):
        assert part in page
    year = sorted(_pages(ours, "years"))[0]
    listing = (hugo / "years" / year / "index.html").read_text(encoding="utf-8")
    assert listing.count("<li><time") == (ours / "years" / year / "index.html").read_text().count('<li class="entry"') > 0


def test_hugo_makes_the_same_data_files(both):
    ours, hugo = both
    events = len(_pages(ours, "events"))
    feed = feedparser.parse((hugo / "feed.xml").read_bytes())
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


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "lxml")


def _text(element) -> str:
    return " ".join(element.get_text().split())


def _target(href: str) -> str:
    """The page a link names, as `/events/x/`: ours are relative (`../../events/x/index.html`), Hugo's from the root."""
    return re.sub(r"^(\.\./)*/?", "/", href).replace("/index.html", "/")


def _links(element) -> list[tuple[str, str]]:
    return [(_target(link["href"]), _text(link)) for link in element.select("a[href]")]


def _relations(site: Path) -> dict[str, object]:
    """What /relations/ says: the lede, who met whom (the table, and every leader beyond it), meetings per year,
    places."""
    page = _soup(site / "relations" / "index.html")
    table = page.select_one("table.who-met-whom")
    return {
        "lede": _text(page.select_one("p.lede")),
        "table": table and [[(_text(cell), _target(cell.a["href"]) if cell.a else None) for cell in row.select("th, td")]
                            for row in table.select("tr")],
        "beyond the table": [(_links(item), _text(item.select_one(".count"))) for item in page.select("ul.met-list > li")],
        "per year": [(_text(row.th), _text(row.td)) for row in page.select("table.chart-data tbody tr")],
        "bars": len(page.select("svg.bar-chart rect.bar")),
        "places": [_text(heading) for heading in page.select("h3.place-country")]
                  + [_text(item) for item in page.select("ul.place-list li")],
    }


def _exact_day_slugs(content: Path) -> set[str]:
    return {event.slug for event in load_content(content).events if event.date.exact_day}


def test_hugo_relations_page_has_the_pairs(both, few):
    for ours, hugo in (both, few[1:]):
        expected = _relations(ours)
        assert expected["per year"] and expected["places"] and expected["bars"] == len(expected["per year"])
        assert _relations(hugo) == expected
    # The larger corpus has too many leaders for a whole table, the smaller one few enough: both forms are compared.
    assert _relations(both[0])["beyond the table"] and _relations(both[0])["table"]
    assert _relations(few[1])["table"] and not _relations(few[1])["beyond the table"]


def test_hugo_on_this_day_lists_the_exact_day_events(both, corpus):
    ours, hugo = both
    exact = _exact_day_slugs(corpus)
    assert 0 < len(exact) < len(_pages(ours, "events"))  # the corpus has dates known only to the month or year, or roughly

    def days(site: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
        # The peer lists every day on one page; ours has a page per month (the peer does not cut them).
        pages = [site / "on-this-day" / "index.html", *sorted((site / "on-this-day").glob("*/index.html"))]
        return [(day["id"], _text(day.h2), _links(day)) for page in pages for day in _soup(page).select("ol.days > li.day")]

    listed = days(hugo)
    assert listed == days(ours)
    assert {href.split("/")[2] for _, _, links in listed for href, _ in links} == exact
    assert [day_id for day_id, _, _ in listed] == sorted(day_id for day_id, _, _ in listed)  # calendar order
    lines = [json.loads(line) for line in (hugo / "on-this-day.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines == [json.loads(line) for line in (ours / "on-this-day.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(exact)


def _counterparts(page: Path) -> list[tuple[str, list[str], list[list[tuple[str, str]]], list[str]]]:
    """Each counterpart section of a leader page: its heading, each meeting's date, place and link, and the roles."""
    soup = _soup(page)
    return [(_text(section.h3),
             [" ".join(_text(part) for part in meeting.select("time, .place")) for meeting in section.select("ol.meetings > li")],
             [_links(meeting) for meeting in section.select("ol.meetings > li")],
             [_text(roles) for roles in section.select(".meeting-roles")])
            for section in soup.select("section.counterpart")]


def test_hugo_leader_pages_list_counterparts(both, few):
    for ours, hugo in (both, few[1:]):
        with_counterparts = 0
        for leader in sorted(_pages(ours, "leaders")):
            expected = _counterparts(ours / "leaders" / leader / "index.html")
            assert _counterparts(hugo / "leaders" / leader / "index.html") == expected, leader
            with_counterparts += bool(expected)
            heading = _soup(hugo / "leaders" / leader / "index.html").select_one("#counterparts")
            assert (heading is None) == (_soup(ours / "leaders" / leader / "index.html").select_one("#counterparts") is None)
        assert with_counterparts >= 2
    sample = next(section for leader in sorted(_pages(ours, "leaders"))
                  for section in _counterparts(hugo / "leaders" / leader / "index.html"))
    assert "meeting" in sample[0] and sample[2][0][0][0].startswith("/events/") and sample[3][0].count("·") == 1


def test_hugo_event_pages_show_their_press(both):
    ours, hugo = both
    labels = {}
    for event in _pages(ours, "events"):
        label = _text(_soup(hugo / "events" / event / "index.html").select_one("p.source"))
        assert label == _text(_soup(ours / "events" / event / "index.html").select_one("p.source")), event
        labels[event] = label
    assert any("Vietnamese press: Vietnam News Agency (VNA)" in label for label in labels.values())
    assert any("; Lao press: " in label for label in labels.values())
    assert any("international press: Agence Kampuchea Presse (AKP)" in label for label in labels.values())


def test_the_reader_benchmark_reports_every_page_kind_and_data_folder(tmp_path: Path):
    from benchmarks.reader import data_files, leader_query, page_kinds

    content = write_corpus(tmp_path / "corpus", events=30, leaders=6)
    site = tmp_path / "site"
    build(Project(content_dir=content), site)
    kinds = page_kinds(site)
    assert {"index.html", "404.html", "events/*", "leaders/", "leaders/*", "relations/", "on-this-day/"} <= set(kinds)
    size, path = kinds["events/*"]
    assert size == max(page.stat().st_size for page in site.glob("events/*/index.html"))
    assert (site / path).stat().st_size == size
    sizes = data_files(site)
    assert {"search-index.json", "search/", "days/", "on-this-day.jsonl"} <= set(sizes)
    assert sizes["search/"].startswith(f"{len(list((site / 'search').iterdir()))} files")
    words = leader_query(content).split()
    assert len(words) == 2 and all(word.isalpha() and word.islower() for word in words)
