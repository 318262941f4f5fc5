"""The benchmark's peer sites: a ratio to Hugo means something only if Hugo builds the site ours builds."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import bibtexparser
import feedparser
import icalendar
import pytest
import rispy

from benchmarks.corpus import write_corpus
from conftest import html_tree, select, select_one, text
from benchmarks.peers import write_hugo_site
from generator.exports import on_this_day, search_pieces
from generator.load import PROJECT_ROOT, load_content
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


def _kinds(root: Path) -> set[str]:
    """The kinds of file a site has: its paths with each event's, leader's, year's and month's folder and each
    day's and search piece's name as `*`."""
    kinds = set()
    for path in root.rglob("*"):
        if path.is_file():
            relative = re.sub(r"^(events|leaders|years|on-this-day)/[^/]+/", r"\1/*/", path.relative_to(root).as_posix())
            kinds.add(re.sub(r"^(days|search)/[^/]+$", r"\1/*", relative))
    return kinds


def test_hugo_makes_every_kind_of_file_ours_makes(both):
    ours, hugo = both
    assert {"events/*/citation.json", "leaders/*/feed.xml", "days/*", "search/*", "on-this-day/*/index.html",
            "citations.bib", "css/site.css"} <= _kinds(ours)
    assert _kinds(ours) <= _kinds(hugo)
    # Ours copies its static files as they are, and so does Hugo.
    for path in (PROJECT_ROOT / "static").rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            relative = path.relative_to(PROJECT_ROOT / "static")
            assert (hugo / relative).read_bytes() == (ours / relative).read_bytes() == path.read_bytes(), relative


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


def _target(href: str) -> str:
    """The page a link names, as `/events/x/`: ours are relative (`../../events/x/index.html`), Hugo's from the root."""
    return re.sub(r"^(\.\./)*/?", "/", href).replace("/index.html", "/")


def _links(element) -> list[tuple[str, str]]:
    return [(_target(link.get("href")), text(link)) for link in select(element, "a[href]")]


def _relations(site: Path) -> dict[str, object]:
    """What /relations/ says: the lede, who met whom (the table, and every leader beyond it), meetings per year,
    places."""
    page = html_tree(site / "relations" / "index.html")
    table = select_one(page, "table.who-met-whom")
    return {
        "lede": text(select_one(page, "p.lede")),
        "table": table is not None and [[(text(cell), _target(link.get("href")) if (link := select_one(cell, "a")) is not None else None)
                                         for cell in select(row, "th, td")] for row in select(table, "tr")],
        "beyond the table": [(_links(item), text(select_one(item, ".count"))) for item in select(page, "ul.met-list > li")],
        "per year": [(text(select_one(row, "th")), text(select_one(row, "td"))) for row in select(page, "table.chart-data tbody tr")],
        "bars": len(select(page, "svg.bar-chart rect.bar")),
        "places": [text(heading) for heading in select(page, "h3.place-country")]
                  + [text(item) for item in select(page, "ul.place-list li")],
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
        # The months' pages, each with its days.
        pages = sorted((site / "on-this-day").glob("*/index.html"))
        return [(day.get("id"), text(select_one(day, "h2")), _links(day))
                for page in pages for day in select(html_tree(page), "ol.days > li.day")]

    def months(page: Path) -> list[tuple[str, str, str, str]]:
        """Each month as the month list of an on-this-day page shows it: link, name, days, count."""
        return [(_target(link.get("href")), text(link), link.get("data-days"), text(count if (count := select_one(item, ".count")) is not None else link))
                for item in select(html_tree(page), "nav[aria-label=Months] li") for link in [select_one(item, "a")]]

    listed = days(hugo)
    assert listed == days(ours)
    assert len(list((hugo / "on-this-day").glob("*/index.html"))) == 12
    assert months(hugo / "on-this-day" / "index.html") == months(ours / "on-this-day" / "index.html")
    assert months(hugo / "on-this-day" / "05" / "index.html") == months(ours / "on-this-day" / "05" / "index.html")
    assert "events" in months(ours / "on-this-day" / "index.html")[0][3]
    assert {href.split("/")[2] for _, _, links in listed for href, _ in links} == exact
    assert [day_id for day_id, _, _ in listed] == sorted(day_id for day_id, _, _ in listed)  # calendar order
    lines = [json.loads(line) for line in (hugo / "on-this-day.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines == [json.loads(line) for line in (ours / "on-this-day.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(exact)


def _counterparts(page: Path) -> list[tuple[str, list[str], list[list[tuple[str, str]]], list[str]]]:
    """Each counterpart section of a leader page: its heading, each meeting's date, place and link, and the roles."""
    return [(text(select_one(section, "h3")),
             [" ".join(text(part) for part in select(meeting, "time, .place")) for meeting in select(section, "ol.meetings > li")],
             [_links(meeting) for meeting in select(section, "ol.meetings > li")],
             [text(roles) for roles in select(section, ".meeting-roles")])
            for section in select(html_tree(page), "section.counterpart")]


def test_hugo_leader_pages_list_counterparts(both, few):
    for ours, hugo in (both, few[1:]):
        with_counterparts = 0
        for leader in sorted(_pages(ours, "leaders")):
            expected = _counterparts(ours / "leaders" / leader / "index.html")
            assert _counterparts(hugo / "leaders" / leader / "index.html") == expected, leader
            with_counterparts += bool(expected)
            heading = select_one(html_tree(hugo / "leaders" / leader / "index.html"), "#counterparts")
            assert (heading is None) == (select_one(html_tree(ours / "leaders" / leader / "index.html"), "#counterparts") is None)
        assert with_counterparts >= 2
    sample = next(section for leader in sorted(_pages(ours, "leaders"))
                  for section in _counterparts(hugo / "leaders" / leader / "index.html"))
    assert "meeting" in sample[0] and sample[2][0][0][0].startswith("/events/") and sample[3][0].count("·") == 1


def test_hugo_event_pages_show_their_press(both):
    ours, hugo = both
    labels = {}
    for event in _pages(ours, "events"):
        label = text(select_one(html_tree(hugo / "events" / event / "index.html"), "p.source"))
        assert label == text(select_one(html_tree(ours / "events" / event / "index.html"), "p.source")), event
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


def test_hugo_cites_each_event_as_ours_does(both):
    """The event's own CSL-JSON, the site's CSL-JSON, BibTeX and RIS files, and the APA paragraph of its page."""
    ours, hugo = both
    events = sorted(_pages(ours, "events"))
    for event in events:
        own = json.loads((hugo / "events" / event / "citation.json").read_text(encoding="utf-8"))
        assert own == json.loads((ours / "events" / event / "citation.json").read_text(encoding="utf-8")), event
        assert len(own) == 1 and own[0]["id"] == event and own[0]["title"] and own[0]["issued"]["date-parts"]
        paragraph = text(select_one(html_tree(hugo / "events" / event / "index.html"), "p.citation"))
        assert paragraph == text(select_one(html_tree(ours / "events" / event / "index.html"), "p.citation")), event

    def csl(site: Path) -> dict[str, dict]:
        return {item["id"]: item for item in json.loads((site / "citations.json").read_text(encoding="utf-8"))}

    def bib(site: Path) -> dict[str, dict[str, str]]:
        library = bibtexparser.parse_string((site / "citations.bib").read_text(encoding="utf-8"))
        assert not library.failed_blocks
        return {entry.key: {field.key: field.value for field in entry.fields} for entry in library.entries}

    def ris(site: Path) -> dict[str, dict]:
        return {record["id"]: record for record in rispy.loads((site / "citations.ris").read_text(encoding="utf-8"))}

    for read in (csl, bib, ris):
        assert read(hugo) == read(ours) and sorted(read(hugo)) == events, read.__name__
    # Dates known only roughly, to the month or to the year are among them, each written as ours writes it.
    dates = [item["issued"] for item in csl(hugo).values()]
    assert any(date.get("circa") for date in dates) and {1, 2, 3} == {len(date["date-parts"][0]) for date in dates}
    assert any(entry["note"].startswith("Dated before") for entry in bib(hugo).values())


def test_hugo_makes_a_feed_per_leader(both):
    ours, hugo = both
    leaders = _pages(ours, "leaders")
    assert leaders == {path.parent.name for path in (ours / "leaders").glob("*/feed.xml")}
    for leader in leaders:
        expected = feedparser.parse((ours / "leaders" / leader / "feed.xml").read_bytes())
        feed = feedparser.parse((hugo / "leaders" / leader / "feed.xml").read_bytes())
        assert not feed.bozo and len(feed.entries) == len(expected.entries) > 0, leader
        assert {entry.link for entry in feed.entries} == {entry.link for entry in expected.entries}
        assert {entry.summary for entry in feed.entries} == {entry.summary for entry in expected.entries}


def _script(path: Path, callback: str) -> tuple[str, object]:
    """The name and data a piece (`callback("name",data);`) hands to the page. Not `search_pieces.read_piece`,
    which also checks that ours are ASCII: Hugo writes UTF-8."""
    text = path.read_text(encoding="utf-8").strip()
    assert text.startswith(callback + "(") and text.endswith(");"), path
    name, end = json.JSONDecoder().raw_decode(text, len(callback) + 1)
    assert text[end] == ",", path
    return name, json.loads(text[end + 1:-2])


def _records(pieces: dict[str, object]) -> list[dict]:
    """The records of a site's search pieces (`r0`, `r1`, …), in the order of the events' numbers."""
    numbered = sorted((name for name in pieces if re.fullmatch(r"r\d+", name)), key=lambda name: int(name[1:]))
    return [record for name in numbered for record in pieces[name]]


def test_hugo_makes_a_script_per_day_with_the_same_events(both):
    ours, hugo = both
    days = sorted(path.name for path in (ours / "days").glob("*.js"))
    assert days and sorted(path.name for path in (hugo / "days").glob("*.js")) == days
    for day in days:
        name, events = _script(hugo / "days" / day, on_this_day.CALLBACK)
        assert (name, events) == _script(ours / "days" / day, on_this_day.CALLBACK) and name == day.removesuffix(".js")
        assert events and all(len(event) == 3 for event in events)


def test_hugo_splits_the_search_index_into_pieces(both):
    """Every event in a record piece, once; every word of every event's text (as ours' index has it) in a word
    piece with that event; a piece per leader and country with the events ours' has."""
    ours, hugo = both
    pieces = dict(_script(path, search_pieces.CALLBACK) for path in (hugo / "search").glob("*.js"))
    records = _records(pieces)
    slugs = [record["e"] for record in records]
    assert sorted(slugs) == sorted(_pages(ours, "events"))
    assert all(len(data) <= 16 for name, data in pieces.items() if re.fullmatch(r"r\d+", name))
    assert all(record["t"] and record["d"] and record["u"].endswith("/index.html") and record["s"] for record in records)
    assert pieces["index"]["n"] == len(records) and all(f"w{key}" in pieces for key in pieces["index"]["k"])
    words_of: dict[str, set[str]] = {slug: set() for slug in slugs}
    for name, piece in pieces.items():
        if name.startswith("w"):
            for word, events in piece["w"].items():
                assert word.startswith(name[1:])
                for number in events:
                    words_of[slugs[number]].add(word)
    index = json.loads((ours / "search-index.json").read_text(encoding="utf-8"))
    for slug, entry in index.items():
        assert set(entry["w"].split()) <= words_of[slug], slug
    # The filters: ours' pieces' events, by slug (each site numbers its own events).
    ours_pieces = dict(search_pieces.read_piece(path.read_bytes()) for path in (ours / "search").glob("*.js"))
    ours_slugs = [record["e"] for record in _records(ours_pieces)]
    filters = [name for name in ours_pieces if name.startswith(("f-l-", "f-c-"))]
    assert len([name for name in filters if name.startswith("f-c-")]) == 3 and len(filters) > 3
    for name in filters:
        expected = {ours_slugs[number] for number in search_pieces.decode(ours_pieces[name], len(ours_slugs))}
        assert {slugs[number] for number in pieces[name]} == expected, name
