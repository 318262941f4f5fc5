"""The site opened from disk (`file://`) and hosted under any sub-path without `--base-url`: every page relative.

A pure-Python walk checks every reference of every page of a small and a split site against the files written;
chromium opens every page kind from disk and under a sub-path, checks the stylesheet applies and clicks through.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from browser import follow, free_port, styled
from conftest import TWO_EVENTS
from generator.pipeline import BuildOptions, Project, build
from test_readers import KAZAN, QuietHandler, serving

# A URL a script reads from the page, relative to it like a link (on any tag but a link, whose `data-days` lists
# the days of the page it links); the folders scripts load pieces from.
SCRIPT_URLS = ("data-index", "data-days", "data-page")
SCRIPT_FOLDERS = ("data-index", "data-days")


class References(HTMLParser):
    """What a page refers to: each tag's href, src and the URLs its scripts read; its ids; the roots it gives
    scripts (`data-root`)."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.folders: list[str] = []
        self.ids: set[str] = set()
        self.roots: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in SCRIPT_FOLDERS and tag != "a":
                self.folders.append(value)
            elif name in ("href", "src") or (name in SCRIPT_URLS and tag != "a"):
                self.references.append(value)
            elif name == "data-root":
                self.roots.append(value)


def read(page: Path) -> References:
    parser = References()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def walk(site: Path) -> int:
    """Check every in-site reference of every page of `site` names a file (not a directory: `file://` serves no
    index) inside it, and each fragment an id of its target; the number of references checked."""
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue  # shown by a host at any address: it links by the base URL's path (test_the_404_page_…)
        found = read(page)
        ids[page] = found.ids
        for folder in found.roots + found.folders:  # an edition's first page's folder; the pieces' folders
            assert folder.endswith("/") and not folder.startswith("/"), (page, folder)
            assert (page.parent / folder).resolve().is_dir(), (page, folder)
        for root in found.roots:
            assert (page.parent / root / "index.html").is_file(), (page, root)
        for reference in found.references:
            parts = urlsplit(reference)
            if parts.scheme:  # a full address: the canonical link, Open Graph, a report's page
                continue
            where = f"{page.relative_to(site)}: {reference}"
            assert not reference.startswith("/"), f"{where} is absolute: it breaks from disk and under a sub-path"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_relative_to(site.resolve()), f"{where} leaves the site"
            assert target.is_file(), f"{where} names no file" + (" (a directory)" if target.is_dir() else "")
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = read(target).ids
                assert parts.fragment in ids[target], f"{where}: no #{parts.fragment} there"
            checked += 1
    return checked


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-event test content, built as a newcomer builds it: no `--base-url`."""
    out = tmp_path_factory.mktemp("small") / "_site"
    build(Project(content_dir=TWO_EVENTS), out)
    return out


@pytest.fixture(scope="module")
def split(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A timeline split into year pages, built without `--base-url`."""
    out = tmp_path_factory.mktemp("split") / "_site"
    build(Project(content_dir=corpus), out)
    return out


def test_every_reference_of_every_page_names_a_file_from_disk(small: Path):
    assert walk(small) > 200


def test_every_reference_of_a_split_timelines_pages_names_a_file_from_disk(split: Path):
    assert (split / "years").is_dir()
    assert walk(split) > 10_000


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-event site in English and in Vietnamese (a `/vi/` tree), built without `--base-url`."""
    from test_i18n import two_language_project

    root = tmp_path_factory.mktemp("two-languages")
    build(two_language_project(root), root / "_site")
    return root / "_site"


def test_every_reference_of_both_editions_pages_names_a_file_from_disk(two_languages: Path):
    assert (two_languages / "vi" / "index.html").is_file()
    assert walk(two_languages) > 400


def test_from_disk_the_language_switcher_leads_to_the_same_page_in_the_other_language(two_languages: Path, tabs):
    page, failed = open_checked(tabs, (two_languages / "vi" / "events" / KAZAN / "index.html").as_uri())
    assert styled(page) and page.locator("html").get_attribute("lang") == "vi"
    follow(page, page.locator('nav.languages a[hreflang="en"]'))
    assert page.url == (two_languages / "events" / KAZAN / "index.html").as_uri()
    assert styled(page) and failed == []


def test_the_data_files_links_are_relative_to_the_root_that_pages_give_scripts(small: Path):
    day = json.loads((small / "on-this-day.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (small / day[3]).is_file()
    assert all((small / entry["u"]).is_file() for entry in json.loads((small / "search-index.json").read_bytes()).values())
    event_page = small / "events" / KAZAN / "index.html"
    assert read(small / "index.html").roots == ["./", "./"]  # the filters and the "On this day" strip
    assert read(event_page).roots == []
    day = next((small / "days").glob("*.js")).read_text(encoding="utf-8")
    assert all((small / link).is_file() for link in re.findall(r'"(events/[^"]+)"', day))  # from data-root


def test_a_walk_finds_a_link_that_leads_nowhere(small: Path, tmp_path: Path):
    broken = tmp_path / "_site"
    shutil.copytree(small, broken)
    page = broken / "leaders" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('href="to-lam/index.html"', 'href="to-lam/"')
                    .replace('href="../leaders/to-lam/index.html"', 'href="../leaders/to-lam/"'), encoding="utf-8")
    with pytest.raises(AssertionError, match="a directory"):
        walk(broken)


PAGE_KINDS = {"timeline": "", "event": f"events/{KAZAN}/", "leaders": "leaders/", "leader": "leaders/to-lam/",
              "relations": "relations/", "on this day": "on-this-day/"}


def open_checked(tabs, url: str):
    """A page opened at `url`, with the list of its stylesheets, scripts and images that failed to load (but
    today's "on this day" script: a day without events has none, and the page expects that)."""
    page = tabs.page()
    failed: list[str] = []
    today = re.compile(r"/days/\d\d-\d\d\.js$")
    page.on("requestfailed", lambda request: request.resource_type in ("stylesheet", "script", "image")
            and not today.search(request.url) and failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and not today.search(response.url)
            and failed.append(response.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, failed


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_is_styled_opened_from_disk(small: Path, tabs, kind: str):
    page, failed = open_checked(tabs, (small / PAGE_KINDS[kind] / "index.html").as_uri())
    assert styled(page) and failed == []
    assert page.locator("h1").first.is_visible()


def test_a_year_page_is_styled_opened_from_disk(split: Path, tabs):
    year = sorted((split / "years").iterdir())[1]
    page, failed = open_checked(tabs, (year / "index.html").as_uri())
    assert styled(page) and failed == []
    expect(page.locator('.year-nav a[aria-current="page"]')).to_contain_text(year.name)
    follow(page, page.locator('a[rel="next"]').first)
    assert page.url.endswith("/index.html") and styled(page)


def click_through(page, start: str) -> list[str]:
    """From the timeline at `start`, click to an event, one of its leaders, Who met whom and home again; the
    addresses reached, each checked to show a styled page."""
    reached = []
    for link in ('.entry-title a', '.facts a[href*="leaders/"]', '.site-nav a:text("Who met whom")', '.site-title'):
        follow(page, page.locator(link).first)
        assert styled(page), page.url
        reached.append(page.url.removeprefix(start))
    return reached


def test_a_reader_clicks_through_the_site_opened_from_disk(small: Path, tabs):
    root = small.as_uri() + "/"
    page, failed = open_checked(tabs, root + "index.html")
    assert click_through(page, root) == [f"events/{KAZAN}/index.html", "leaders/pham-minh-chinh/index.html",
                                         "relations/index.html", "index.html"]
    assert failed == []


SUB_PATH = "/a/b/"


class ServesItsNotFoundPage(QuietHandler):
    """A static host that shows the site's 404.html for a missing address, as GitHub Pages and Netlify do."""

    site: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory):
    """The two-event content built without `--base-url`, served at http://127.0.0.1:PORT/a/b/."""
    www = tmp_path_factory.mktemp("www")
    build(Project(content_dir=TWO_EVENTS), www / SUB_PATH.strip("/"))
    port = free_port()
    with serving(www, port):
        yield f"http://127.0.0.1:{port}{SUB_PATH}"


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_is_styled_under_a_sub_path_without_base_url(hosted: str, tabs, kind: str):
    page, failed = open_checked(tabs, hosted + PAGE_KINDS[kind])
    assert styled(page) and failed == []


def test_a_reader_clicks_through_the_site_under_a_sub_path(hosted: str, tabs):
    page, failed = open_checked(tabs, hosted)
    assert click_through(page, hosted) == [f"events/{KAZAN}/index.html", "leaders/pham-minh-chinh/index.html",
                                           "relations/index.html", "index.html"]
    assert failed == []


def test_the_404_page_shown_at_any_depth_is_styled_and_links_home(tmp_path: Path, tabs):
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    site = tmp_path / "www" / SUB_PATH.strip("/")
    build(Project(content_dir=TWO_EVENTS), site, BuildOptions(base_url=base))
    handler = type("Handler", (ServesItsNotFoundPage,), {"site": site})
    with serving(tmp_path / "www", port, handler):
        page = tabs.page()
        for missing in ("nothing-here", "events/no-such-event/", "a/deep/missing/address/"):
            response = page.goto(base + missing)
            assert response.status == 404 and page.locator("h1").inner_text() == "Page not found"
            assert styled(page), missing
        follow(page, page.get_by_role("link", name="timeline", exact=True))
        assert page.url == base and styled(page)


@pytest.mark.parametrize("query", ["?leader=to-lam", "?year=2024", "?q=kazan"])
def test_without_javascript_a_filtered_address_says_filters_need_it_and_where_the_leaders_pages_are(
        hosted: str, tabs, query: str):
    page = tabs.page(java_script_enabled=False)
    page.goto(hosted + query)
    note = page.locator(".noscript-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Search and filters need JavaScript")
    assert not page.locator("#filters").is_visible()
    assert page.locator(".entry").count() == 2  # every event, as the note says
    follow(page, note.get_by_role("link", name="Leaders"))
    assert page.url == hosted + "leaders/index.html"
    # Loaded, not only begun: the stylesheet is what hides the link below from a browser without scripts.
    follow(page, page.get_by_role("link", name="Tô Lâm").first)
    # The leader's own page; its link to the filtered timeline would show every event, so it is not shown.
    expect(page.locator("h1")).to_have_text("Tô Lâm")
    assert not page.get_by_role("link", name="Show on the timeline").is_visible()
    page.goto(hosted + "relations/")
    assert not page.get_by_role("link", name="show them on the timeline").is_visible()


def test_with_javascript_the_note_is_not_shown_and_the_filtered_links_are(hosted: str, tabs):
    page = tabs.page()
    page.goto(hosted + "?leader=to-lam")
    expect(page.locator("#filters")).to_be_visible()
    assert not page.locator(".noscript-note").is_visible()
    page.goto(hosted + "leaders/to-lam/")
    page.get_by_role("link", name="Show on the timeline").click()
    assert page.url == hosted + "index.html?leader=to-lam"
    expect(page.locator(".entry:visible")).to_have_count(1)


def test_from_disk_filters_and_search_work_article_text_included(small: Path, tabs):
    """What the README promises from disk, where a browser refuses fetch(): the search's pieces are scripts."""
    page = tabs.page()
    page.goto((small / "index.html").as_uri() + "?leader=to-lam")
    expect(page.locator(".entry:visible")).to_have_count(1)
    expect(page.locator("#filter-status")).to_contain_text("Showing 1 of 2 events")
    page.goto((small / "index.html").as_uri() + "?q=kazan")
    expect(page.locator("#filter-status")).to_contain_text("Showing 1 of 2 events")
    page.goto((small / "index.html").as_uri() + "?q=politburos")  # in both articles' text only
    expect(page.locator("#filter-status")).to_contain_text("Showing 2 of 2 events")
