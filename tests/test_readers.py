"""The hosted site as readers get it: built for a sub-path, served on loopback, read in chromium."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import http.server
import io
import json
import re
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import extruct
import feedparser
import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from browser import free_port
from conftest import TWO_EVENTS, load_site, soup
from generator.pages import PAGE_BYTES
from generator.pipeline import BuildOptions, Project, build

SUB_PATH = "/vn-lao/"
KAZAN = "2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan"
VIENTIANE = "2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane"
HANOI = "2023-05-test-fixture-in-ha-noi"  # a test-only event: a month-precision date, a hostile title
HOSTILE_TITLE = 'Fixture <b>bold</b> & "quotes"; semi, comma \\ back'
HANOI_EVENT = f"""---
title: {json.dumps(HOSTILE_TITLE)}
date: 2023-05
place: Hà Nội, Việt Nam
leaders: [Lương Cường]
source: TEST
summary: A test fixture, not a real event.
---

Test fixture body with the word zebracorn.
"""
TEST_PUBLISHER = "TEST: {name: Test Fixture Agency, country: Việt Nam}\n"


@dataclass
class Hosted:
    out: Path
    base: str  # absolute base URL, ending in the sub-path

    def url(self, path: str = "") -> str:
        return self.base + path

    def file(self, path: str) -> Path:
        return self.out / path


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hosted")
    content = root / "content"
    shutil.copytree(TWO_EVENTS, content)
    (content / "events" / f"{HANOI}.md").write_text(HANOI_EVENT, encoding="utf-8")
    with (content / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write(TEST_PUBLISHER)
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    out = root / "www" / SUB_PATH.strip("/")
    build(Project(content_dir=content), out, BuildOptions(base_url=base))
    with serving(root / "www", port):
        yield Hosted(out, base)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that leaves a page while a file is on its way closes the connection: nothing went wrong.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(directory: Path, port: int, handler_class: type[QuietHandler] = QuietHandler):
    """A static web server for `directory` on 127.0.0.1:`port`, stopped on exit."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = QuietServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(tabs):
    return tabs.page()


def visible_slugs(page) -> list[str]:
    return page.eval_on_selector_all(".entry:not([hidden])", "nodes => nodes.map(n => n.dataset.slug)")


ALL = [HANOI, KAZAN, VIENTIANE]


@pytest.mark.parametrize("query, expected", [
    ("to lam", [VIENTIANE]),
    ("TÔ LÂM", [VIENTIANE]),
    ("ha noi", [HANOI]),
    ("kazan", [KAZAN]),
    ("politburos", [KAZAN, VIENTIANE]),  # body text of both articles
    ("e-book", [VIENTIANE]),
    ("zebracorn", [HANOI]),
    ("chinh thongloun", [KAZAN]),
    ("phomvi", [VIENTIANE]),
    ("nothing-like-this", []),
])
def test_search_narrows_entries_as_the_reader_types(hosted: Hosted, page, query: str, expected: list[str]):
    page.goto(hosted.url())
    page.get_by_role("searchbox", name="Search").fill(query)
    expect(page.locator(".entry:not([hidden])")).to_have_count(len(expected))
    assert visible_slugs(page) == expected
    assert page.locator("#no-results").is_visible() == (not expected)
    assert page.evaluate("location.search").startswith("?q=")


@pytest.mark.parametrize("query, expected", [
    ("?leader=to-lam", [VIENTIANE]),
    ("?leader=thongloun-sisoulith", [KAZAN, VIENTIANE]),  # Vientiane only mentions him
    ("?country=laos", [KAZAN, VIENTIANE]),
    ("?country=viet-nam&year=2023", [HANOI]),
    ("?year=2024", [KAZAN]),
    ("?topic=asean", [KAZAN]),
    ("?q=phomvihane", [VIENTIANE]),
    ("?q=ha+noi", [HANOI]),
    ("", ALL),
])
def test_filters_are_shareable_in_the_address(hosted: Hosted, page, query: str, expected: list[str]):
    page.goto(hosted.url(query))
    expect(page.locator(".entry:not([hidden])")).to_have_count(len(expected))
    assert visible_slugs(page) == expected
    status = page.locator("#filter-status")
    if query:
        expect(status).to_have_text(re.compile(f"^Showing {len(expected)} of 3 events"))  # then a leader's part


def test_choosing_a_filter_updates_the_address(hosted: Hosted, page):
    page.goto(hosted.url())
    page.get_by_label("Leader").select_option("to-lam")
    assert page.evaluate("location.search") == "?leader=to-lam"
    assert visible_slugs(page) == [VIENTIANE]
    page.get_by_role("button", name="Clear").click()
    expect(page.locator(".entry:not([hidden])")).to_have_count(3)
    assert page.evaluate("location.search") == ""
    assert page.locator(".year-nav li[data-year]:not([hidden])").count() == 3


def test_the_timeline_works_without_javascript(hosted: Hosted, tabs):
    page = tabs.page(java_script_enabled=False)
    page.goto(hosted.url("?leader=to-lam"))
    assert visible_slugs(page) == ALL
    assert not page.locator("#filters").is_visible()
    page.get_by_role("link", name="2025").click()
    assert page.url.endswith("#y2025")


PAGES = ["", f"events/{KAZAN}/", "leaders/to-lam/", "leaders/", "relations/", "on-this-day/", "404.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(hosted: Hosted, tabs, path: str, scheme: str):
    # axe is injected with page.evaluate, which the site's CSP (no eval) would refuse.
    page = tabs.page(color_scheme=scheme, bypass_csp=True)
    page.goto(hosted.url(path))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_every_page_is_valid_html_for_the_nu_checker(hosted: Hosted, nu_checker):
    result = nu_checker("--root", str(hosted.out), "--log", "INFO")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Number of files: 15" in result.stdout + result.stderr  # on-this-day: the list of months, October, December


def test_pages_have_lang_skip_link_and_visible_focus(hosted: Hosted, page):
    page.goto(hosted.url())
    assert page.evaluate("document.documentElement.lang") == "en"
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert skip.is_visible()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    skip.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_no_request_leaves_the_site_and_an_event_page_weighs_under_60_kb(hosted: Hosted, page):
    requests, sizes = [], {}
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: sizes.__setitem__(response.url, len(response.body())))
    page.goto(hosted.url(f"events/{KAZAN}/"))
    page.wait_for_load_state("networkidle")
    event_weight = sum(sizes.values())
    page.goto(hosted.url())
    page.get_by_role("searchbox", name="Search").fill("lam")
    page.wait_for_load_state("networkidle")
    page.goto(hosted.url("leaders/to-lam/"))
    page.wait_for_load_state("networkidle")
    origin = hosted.base.split(SUB_PATH)[0] + SUB_PATH
    assert requests and all(url.startswith(origin) for url in requests), requests
    searched = [url.split("?")[0] for url in requests if "/search/" in url]
    assert origin + "search/index.js" in searched and any(url.startswith(origin + "search/w") for url in searched)
    assert not any(url.endswith("search-index.json") for url in requests)  # the whole index is not read
    assert event_weight < 60 * 1024, sizes


def test_the_atom_feed_lists_events_newest_first_with_absolute_links(hosted: Hosted):
    feed = feedparser.parse(hosted.file("feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Việt Nam–Laos Relations"
    assert [entry.link for entry in feed.entries] == [hosted.url(f"events/{slug}/") for slug in reversed(ALL)]
    assert [entry.published_parsed[:3] for entry in feed.entries] == [(2025, 12, 1), (2024, 10, 24), (2023, 5, 1)]
    assert feed.entries[2].title == HOSTILE_TITLE
    # VNA/VNS: an author per publisher, named in full.
    assert [author.name for author in feed.entries[0].authors] == ["Vietnam News Agency", "Việt Nam News"]
    leader_feed = feedparser.parse(hosted.file("leaders/thongloun-sisoulith/feed.xml").read_bytes())
    assert not leader_feed.bozo
    assert [entry.link for entry in leader_feed.entries] == [hosted.url(f"events/{VIENTIANE}/"), hosted.url(f"events/{KAZAN}/")]
    home = soup(hosted.file("index.html"))
    assert home.find("link", rel="alternate", type="application/atom+xml")["href"] == "feed.xml"  # relative to the page


def test_sitemap_robots_and_canonical_links(hosted: Hosted):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ET.parse(hosted.file("sitemap.xml")).findall("s:url/s:loc", namespace)]
    assert hosted.url() in locs and hosted.url(f"events/{KAZAN}/") in locs and hosted.url("leaders/to-lam/") in locs
    assert len(locs) == 2 + 3 + 5 + 2 + 2  # timeline and leaders, events, leader pages, relations and on this day,
    # October's and December's days
    assert all(loc.startswith(hosted.base) for loc in locs)
    assert hosted.file("robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {hosted.url('sitemap.xml')}\n"
    for path in PAGES[:-1]:
        canonical = soup(hosted.file(path + "index.html")).find("link", rel="canonical")["href"]
        assert canonical == hosted.url(path)
        assert soup(hosted.file(path + "index.html")).find("meta", attrs={"name": "robots"}) is None


def test_the_404_page_is_noindex_without_a_canonical_link(hosted: Hosted):
    # A host serves it at every missing address: a canonical link would name one address as all of them.
    page = soup(hosted.file("404.html"))
    assert [tag["content"] for tag in page.find_all("meta", attrs={"name": "robots"})] == ["noindex"]
    assert page.find("link", rel="canonical") is None
    assert page.head.find("meta", attrs={"name": "robots"}) is not None


def test_event_pages_carry_open_graph_twitter_and_json_ld(hosted: Hosted):
    page = soup(hosted.file(f"events/{VIENTIANE}/index.html"))
    meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in page.find_all("meta") if tag.get("content")}
    assert meta["og:type"] == "article"
    assert meta["og:url"] == hosted.url(f"events/{VIENTIANE}/")
    assert meta["og:title"].startswith("Party General Secretary Tô Lâm meets")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:description"] == meta["twitter:description"] == meta["description"]
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2025-12-01"
    assert [(p["@type"], p["name"]) for p in data["about"]] == [
        ("Person", "Tô Lâm"), ("Person", "Saysomphone Phomvihane"), ("Person", "Thongloun Sisoulith")]
    hostile = soup(hosted.file(f"events/{HANOI}/index.html")).find("script", type="application/ld+json").string
    assert "<b>" not in hostile and json.loads(hostile)["headline"] == HOSTILE_TITLE


def test_event_pages_json_ld_names_publisher_author_page_language_and_description(hosted: Hosted, page):
    url = hosted.url(f"events/{VIENTIANE}/")
    html = hosted.file(f"events/{VIENTIANE}/index.html").read_text(encoding="utf-8")
    extracted = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"], errors="strict")
    [article] = extracted["json-ld"]
    organizations = [{"@type": "Organization", "name": "Vietnam News Agency", "alternateName": "VNA"},
                     {"@type": "Organization", "name": "Việt Nam News", "alternateName": "VNS"}]  # VNA/VNS, in full
    assert (article["@type"], article["publisher"], article["author"]) == ("NewsArticle", organizations, organizations)
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url} and article["url"] == url
    assert article["inLanguage"] == "en"
    description = soup(hosted.file(f"events/{VIENTIANE}/index.html")).find("meta", attrs={"name": "description"})["content"]
    assert article["description"] == description and description.startswith("General Secretary Tô Lâm met")
    [graph] = extracted["opengraph"]  # the other metadata still reads
    assert dict(graph["properties"])["og:url"] == url
    [hostile] = extruct.extract(hosted.file(f"events/{HANOI}/index.html").read_text(encoding="utf-8"),
                                base_url=hosted.url(f"events/{HANOI}/"), syntaxes=["json-ld"], errors="strict")["json-ld"]
    assert (hostile["headline"], hostile["publisher"], hostile["description"]) == (
        HOSTILE_TITLE, [{"@type": "Organization", "name": "Test Fixture Agency", "alternateName": "TEST"}],
        "A test fixture, not a real event.")
    assert "datePublished" not in hostile  # May 2023: no day to publish on
    problems = []  # and the browser shows the page without a script error or a refusal of its policy
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert problems == []


def test_shared_links_show_the_default_card_a_browser_decodes_at_1200_by_630(hosted: Hosted, page):
    card = hosted.url("images/card.png")
    for path in PAGES:
        html = hosted.file(path if path.endswith(".html") else path + "index.html").read_text(encoding="utf-8")
        [graph] = extruct.extract(html, base_url=hosted.url(path), syntaxes=["opengraph"], errors="strict")["opengraph"]
        properties = dict(graph["properties"])
        assert (properties["og:image"], properties["og:image:width"], properties["og:image:height"]) == (card, "1200", "630")
        assert properties["og:image:alt"].startswith("Việt Nam–Laos Relations: ")
        meta = soup(hosted.file(path if path.endswith(".html") else path + "index.html"))
        assert meta.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    page.goto(hosted.url())
    size = page.evaluate("""url => new Promise((resolve, reject) => {
        const image = new Image();
        image.onload = () => resolve([image.naturalWidth, image.naturalHeight]);
        image.onerror = reject;
        image.src = url;
    })""", card)
    assert size == [1200, 630]
    assert page.request.get(card).headers["content-type"] == "image/png"


def test_timeline_json_is_in_timelinejs_format_at_each_events_precision(hosted: Hosted):
    data = json.loads(hosted.file("timeline.json").read_text(encoding="utf-8"))
    starts = {event["unique_id"]: event["start_date"] for event in data["events"]}
    assert starts == {HANOI: {"year": "2023", "month": "5"},
                      KAZAN: {"year": "2024", "month": "10", "day": "24"},
                      VIENTIANE: {"year": "2025", "month": "12", "day": "1"}}
    groups = [event["group"] for event in data["events"]]
    assert groups == ["Việt Nam", "Russia", "Laos"]
    hanoi = data["events"][0]["text"]["headline"]
    assert "<b>" not in hanoi and "&lt;b&gt;bold&lt;/b&gt;" in hanoi


def test_events_ics_has_one_all_day_event_per_event_dated_to_the_day(hosted: Hosted):
    calendar = icalendar.Calendar.from_ical(hosted.file("events.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert sorted(events) == sorted([KAZAN, VIENTIANE])  # not HANOI, known only to the month
    assert events[KAZAN].decoded("DTSTART") == dt.date(2024, 10, 24)
    assert events[KAZAN].decoded("DTEND") == dt.date(2024, 10, 25)
    assert str(events[KAZAN]["SUMMARY"]) == "Prime Minister Phạm Minh Chính meets Lao leader Thongloun Sisoulith in Kazan"
    assert str(events[KAZAN]["LOCATION"]) == "Kazan, Russia"
    assert str(events[KAZAN]["URL"]) == hosted.url(f"events/{KAZAN}/")


def test_events_csv_has_a_row_per_event(hosted: Hosted):
    rows = list(csv.DictReader(io.StringIO(hosted.file("events.csv").read_text(encoding="utf-8-sig"))))
    assert [row["date"] for row in rows] == ["2023-05", "2024-10-24", "2025-12-01"]
    assert rows[1]["leaders"] == "Phạm Minh Chính; Thongloun Sisoulith"
    assert rows[1]["mentions"] == "Lương Cường"
    assert rows[0]["title"] == HOSTILE_TITLE
    assert rows[2]["url"] == hosted.url(f"events/{VIENTIANE}/")


@pytest.fixture(scope="module")
def big(benchmark_corpus, tmp_path_factory: pytest.TempPathFactory):
    """A synthetic timeline above the split threshold, hosted under the sub-path."""
    root = tmp_path_factory.mktemp("big")
    content = benchmark_corpus(events=600, leaders=30, name="big")
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    out = root / "www" / SUB_PATH.strip("/")
    build(Project(content_dir=content), out, BuildOptions(base_url=base))
    with serving(root / "www", port):
        yield Hosted(out, base), content


def test_a_large_timeline_is_split_into_year_pages_under_150_kb(big):
    hosted, content = big
    pages = list(hosted.out.rglob("*.html"))
    assert max(page.stat().st_size for page in pages) <= PAGE_BYTES
    overview = soup(hosted.file("index.html"))
    year_links = [a["href"] for a in overview.select(".year-nav li[data-year] a")]
    assert year_links and all(href.startswith("years/") and href.endswith("/index.html") for href in year_links)
    listed = sum(len(soup(hosted.out / href).select(".entry")) for href in year_links)
    assert listed == len(list((content / "events").glob("*.md")))
    assert len(overview.select(".event-list li")) == 10


def test_a_filter_on_the_split_overview_lists_matches_from_every_year(big, page):

    hosted, content = big
    site, _ = load_site(Project(content_dir=content))
    leader = max(site.leaders, key=lambda leader: len(site.events_of(leader)))
    expected = [event.slug for event in site.events_of(leader)]
    page.goto(hosted.url(f"?leader={leader.slug}"))
    expect(page.locator("#filter-status")).to_have_text(re.compile(f"^Showing {len(expected)} of "))
    expect(page.locator("#results .entry")).to_have_count(min(20, len(expected)))  # a page of results at a time
    more = page.get_by_role("button", name=re.compile("^Show .* more"))
    while (shown := page.locator("#results .entry").count()) < len(expected):
        more.click()
        expect(page.locator("#results .entry")).to_have_count(min(len(expected), shown + 20))
    expect(more).to_be_hidden()
    assert page.eval_on_selector_all("#results .entry", "nodes => nodes.map(n => n.dataset.slug)") == expected
    assert not page.locator(".year").first.is_visible()
    first_title = site.events[0].title
    page.goto(hosted.url())
    page.get_by_role("searchbox", name="Search").fill(first_title.split(":")[0])  # "Meeting N"
    expect(page.locator("#results .entry").first).to_be_visible()
    assert first_title in page.locator("#results").inner_text()


SPLIT_KINDS = ["overview", "year page", "relations", "on this day", "leader"]


def split_kind_path(hosted: Hosted, which: str) -> str:
    """The path of a page of kind `which` on the split timeline `hosted`."""
    if which == "year page":
        return soup(hosted.file("index.html")).select_one(".year-nav li[data-year] a")["href"].removesuffix("index.html")
    if which == "leader":  # at this size /relations/ lists the leaders beyond its table, with many counterparts
        leader = soup(hosted.file("relations/index.html")).select_one(".met-list a")["href"].split("#")[0]
        return leader.removeprefix("../").removesuffix("index.html")
    return {"overview": "", "relations": "relations/", "on this day": "on-this-day/01/"}[which]


@pytest.mark.parametrize("which", SPLIT_KINDS)
def test_the_split_timeline_is_accessible(big, tabs, which: str):
    hosted, _ = big
    page = tabs.page(bypass_csp=True)
    page.goto(hosted.url(split_kind_path(hosted, which)))
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_split_timelines_pages_of_every_kind_are_valid_html(big, nu_checker):
    hosted, _ = big
    pages = [str(hosted.file(split_kind_path(hosted, which) + "index.html")) for which in SPLIT_KINDS]
    checked = nu_checker(*pages, timeout=300)  # one run for them all: the checker is a Java program to start
    assert checked.returncode == 0, checked.stdout + checked.stderr
