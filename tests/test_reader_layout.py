"""What a reader hits, in a real headless Chromium: the year navigation at scale, the gap under the header,
article markup on a phone, layout shift while loading, HTML_CodeSniffer's WCAG2AA, print, and the leader
filter covering leaders an event only mentions."""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import expect

from axe_playwright_python.sync_playwright import Axe
from browser import InFlight, free_port, htmlcs_script
from conftest import TWO_EVENTS, load_site, soup
from generator.pipeline import BuildOptions, Project, build
from slowed_renderers import process_status, renderers
from test_readers import KAZAN, SUB_PATH, TEST_PUBLISHER, VIENTIANE, Hosted, QuietHandler, serving

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ARTICLE = "2025-06-01-article-markup"
ARTICLE_EVENT = """---
title: Article markup fixture
date: 2025-06-01
place: Hà Nội, Việt Nam
leaders: [Tô Lâm]
source: TEST
source_url: https://example.org/source
summary: A test fixture with a wide image, a wide table, a long code line and a quotation.
---

A paragraph with [an outside link](https://example.org/outside).

![A wide picture](wide.png)

| Year | Delegation | Province | Agreement | Railway | Hydropower | Education | Customs | Logistics |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| 2025 | cooperation-friendship-solidarity | Savannakhet | memorandum-of-understanding | Vientiane–Vũng Áng | Nam Theun | scholarships | single-window | dry-ports |

    a_single_code_line_that_is_far_longer_than_any_phone_screen_is_wide = "friendship, solidarity, comprehensive cooperation"

> A quotation from the talks, set apart from the article's own words.
"""


def png(width: int, height: int) -> bytes:
    """A plain PNG image of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x90\x30\x30" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def hosted_build(root: Path, content: Path):
    """Build `content` for a sub-path on a free loopback port; yields the `Hosted` site while it is served."""
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    out = root / "www" / SUB_PATH.strip("/")
    build(Project(content_dir=content), out, BuildOptions(base_url=base))
    return Hosted(out, base), port


@pytest.fixture(scope="module")
def reading(tmp_path_factory: pytest.TempPathFactory):
    """The real content plus an event with article markup, built under a sub-path and served."""
    root = tmp_path_factory.mktemp("reading")
    content = root / "content"
    shutil.copytree(TWO_EVENTS, content)
    (content / "events" / f"{ARTICLE}.md").write_text(ARTICLE_EVENT, encoding="utf-8")
    with (content / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write(TEST_PUBLISHER)
    hosted, port = hosted_build(root, content)
    (hosted.out / "events" / ARTICLE / "wide.png").write_bytes(png(1600, 300))
    with serving(root / "www", port):
        yield hosted


@pytest.fixture(scope="module")
def fifty_years(benchmark_corpus, tmp_path_factory: pytest.TempPathFactory):
    """A whole (unsplit) timeline over 50 years: two events a year of the corpus's, so that it fits one page."""
    root = tmp_path_factory.mktemp("fifty")
    content = benchmark_corpus(events=400, leaders=20, name="fifty")
    kept: dict[str, int] = {}
    for event in sorted((content / "events").glob("*.md")):
        year = event.name[:4]
        kept[year] = kept.get(year, 0) + 1
        if kept[year] > 2:
            event.unlink()
    hosted, port = hosted_build(root, content)
    with serving(root / "www", port):
        yield hosted


ENVOY = "Envoy Mentioned"  # a leader the split corpus only mentions


@pytest.fixture(scope="module")
def split(benchmark_corpus, tmp_path_factory: pytest.TempPathFactory):
    """A timeline split into year pages, over 50 years, with a mention-only leader and mentions of participants."""
    root = tmp_path_factory.mktemp("split")
    content = benchmark_corpus(events=600, leaders=20, name="split")
    (content / "leaders" / "envoy-mentioned.md").write_text(
        f"---\nname: {ENVOY}\ncountry: Laos\naliases: []\n---\n", encoding="utf-8")
    leaders = sorted((content / "leaders").glob("*.md"))
    names = [path.read_text(encoding="utf-8").split("name: ")[1].split("\n")[0] for path in leaders]
    for index, event in enumerate(sorted((content / "events").glob("*.md"))[::40]):
        text = event.read_text(encoding="utf-8")
        mentioned = ENVOY if index % 2 else next(name for name in names if name != ENVOY and f"name: {name}\n" not in text)
        event.write_text(text.replace("\nsource: ", f"\nmentions:\n  - name: {mentioned}\nsource: ", 1),
                         encoding="utf-8")
    hosted, port = hosted_build(root, content)
    with serving(root / "www", port):
        yield hosted, content


def year_page(hosted: Hosted, index: int = 1) -> str:
    """The path of one year page of a split timeline (the `index`th year)."""
    hrefs = [a["href"] for a in soup(hosted.file("index.html")).select(".year-nav li[data-year] a")]
    return hrefs[index].removesuffix("index.html")  # relative to the overview, at the site's root


def years_counts(hosted: Hosted) -> list[str]:
    """The number of events the split timeline's year navigation gives each year."""
    return [span.contents[0] for span in soup(hosted.file("index.html")).select(".year-nav li[data-year] .count")]


def page_types(reading: Hosted, split: Hosted) -> list[tuple[Hosted, str]]:
    return [(reading, ""), (reading, f"events/{KAZAN}/"), (reading, "leaders/thongloun-sisoulith/"),
            (reading, "leaders/"), (reading, "404.html"), (split, ""), (split, year_page(split)),
            (reading, "relations/"), (reading, "on-this-day/"), (split, "relations/"), (split, "on-this-day/"),
            (split, "on-this-day/01/")]


PAGE_TYPES = ["timeline", "event", "leader", "leaders", "404", "split overview", "year page", "relations",
              "on this day", "split relations", "split on this day", "a month of on this day"]


@pytest.fixture(params=PAGE_TYPES)
def each_page(request, reading, split) -> tuple[Hosted, str]:
    """Every kind of page: (the hosted site, its path)."""
    return dict(zip(PAGE_TYPES, page_types(reading, split[0])))[request.param]


# 1. The year navigation

@pytest.mark.parametrize("viewport, share", [(PHONE, 0.15), (DESKTOP, 0.10)])
@pytest.mark.parametrize("which", ["whole timeline", "split overview", "year page"])
def test_the_year_navigation_stays_small_with_fifty_years(fifty_years, split, tabs, viewport, share, which):
    hosted = fifty_years if which == "whole timeline" else split[0]
    page = tabs.page(viewport=viewport)
    page.goto(hosted.url(year_page(hosted, 10) if which == "year page" else ""))
    assert page.locator(".year-nav li[data-year]").count() == 50
    height = page.locator(".year-nav").bounding_box()["height"]
    assert height <= share * viewport["height"], height
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
@pytest.mark.parametrize("which", ["whole timeline", "split overview"])
def test_search_results_are_in_view_right_after_searching(fifty_years, split, tabs, viewport, which):
    hosted = fifty_years if which == "whole timeline" else split[0]
    page = tabs.page(viewport=viewport)
    page.goto(hosted.url())
    page.get_by_role("searchbox", name="Search").fill("meeting 12")
    page.wait_for_load_state("networkidle")  # the search index: the results are final once it is in
    expect(page.locator("#filter-status")).to_contain_text("Showing")
    first = page.locator(".entry:not([hidden]) .entry-title a").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= viewport["height"], box
    # Nothing pinned covers it: the first result's title is what the reader sees at its place.
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('.entry') !== null",
                         [box["x"] + 4, box["y"] + box["height"] / 2])


def test_a_year_page_marks_its_year_and_links_the_previous_and_next_year(split, tabs):
    hosted = split[0]
    years = [li["data-year"] for li in soup(hosted.file("index.html")).select(".year-nav li[data-year]")]
    page = tabs.page(viewport=PHONE)
    page.goto(hosted.url(year_page(hosted, 25)))
    current = page.locator('.year-nav a[aria-current="page"]')
    expect(current).to_have_text(f"{years[25]} {years_counts(hosted)[25]} events")
    nav = page.locator(".year-nav").bounding_box()
    box = current.bounding_box()
    assert nav["x"] <= box["x"] and box["x"] + box["width"] <= nav["x"] + nav["width"], "the current year is scrolled into view"
    assert page.get_attribute('link[rel="prev"]', "href") == f"../../years/{years[24]}/index.html"
    assert page.get_attribute('link[rel="next"]', "href") == f"../../years/{years[26]}/index.html"
    page.locator('a[rel="next"]').click()
    expect(page.locator('.year-nav a[aria-current="page"]')).to_contain_text(years[26])
    page.goto(hosted.url(year_page(hosted, 0)))
    assert page.locator('link[rel="prev"], a[rel="prev"]').count() == 0
    page.goto(hosted.url(year_page(hosted, len(years) - 1)))
    assert page.locator('link[rel="next"], a[rel="next"]').count() == 0


def test_the_whole_timeline_marks_the_year_in_view(fifty_years, tabs):
    page = tabs.page(viewport=PHONE)
    page.goto(fifty_years.url())
    years = page.eval_on_selector_all(".year-nav li[data-year]", "items => items.map(item => item.dataset.year)")
    page.evaluate("year => document.getElementById('y' + year).scrollIntoView({block: 'start'})", years[20])
    expect(page.locator('.year-nav a[aria-current="true"]')).to_have_text(years[20])
    assert page.locator(".year-nav a[aria-current]").count() == 1


# 2. The gap under the header

FIRST_LINE_GAP = """() => {
  const main = document.querySelector('main');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {acceptNode: node =>
    node.textContent.trim() && node.parentElement.getClientRects().length ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP});
  const range = document.createRange();
  range.selectNodeContents(walker.nextNode());
  return range.getClientRects()[0].top - document.querySelector('.site-header').getBoundingClientRect().bottom;
}"""


# A phone in the light scheme and a desktop in the dark one: between them, both widths and both schemes.
CLIENTS = {"light-phone": ("light", PHONE), "dark-desktop": ("dark", DESKTOP)}


def opened_as(tabs, client: str, url: str, on_request=None):
    """(page, in_flight): the page at `url` as `client` sees it (its scheme and width), once its scripts'
    requests are done, in a tab of a context that lets axe and HTML_CodeSniffer in (the site's CSP allows no
    injected script); `on_request` is told of every request the page makes, and `in_flight` (an `InFlight`)
    waits for those the page makes later."""
    scheme, viewport = CLIENTS[client]
    page = tabs.page(color_scheme=scheme, viewport=viewport, bypass_csp=True)
    in_flight = InFlight(page)
    if on_request is not None:
        page.on("request", on_request)
    page.goto(url)
    in_flight.wait()
    return page, in_flight


@pytest.mark.parametrize("client", CLIENTS)
def test_the_first_line_of_every_page_stands_clear_of_the_header_and_html_codesniffer_finds_no_wcag2aa_errors(
        each_page, tabs, client):
    hosted, path = each_page
    page, _ = opened_as(tabs, client, hosted.url(path))
    gap = page.evaluate(FIRST_LINE_GAP)
    errors = wcag2aa_errors(page)
    assert gap >= 16, f"the first line is {gap} px below the header"
    assert errors == []


# 3. Article markup on a phone

def test_wide_images_tables_and_code_do_not_widen_a_phone_page(reading, tabs):
    page = tabs.page(viewport=PHONE)
    page.goto(reading.url(f"events/{ARTICLE}/"))
    page.wait_for_function("document.querySelector('.article-body img').complete")
    assert page.evaluate("document.querySelector('.article-body img').naturalWidth") == 1600
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    body = page.locator(".article-body").bounding_box()
    for selector in ("img", "table", "pre"):
        box = page.locator(f".article-body {selector}").bounding_box()
        assert box["x"] + box["width"] <= body["x"] + body["width"] + 0.5, selector
    # The table and the code scroll in their own boxes.
    for selector in ("table", "pre"):
        assert page.evaluate(f"(e => e.scrollWidth > e.clientWidth)(document.querySelector('.article-body {selector}'))")
        assert page.eval_on_selector(f".article-body {selector}", "e => getComputedStyle(e).overflowX") == "auto"
    style = page.eval_on_selector(".article-body blockquote", "e => getComputedStyle(e).borderLeftStyle")
    assert style == "solid"
    assert "mono" in page.eval_on_selector(".article-body code", "e => getComputedStyle(e).fontFamily")
    assert page.eval_on_selector(".article-body th", "e => getComputedStyle(e).borderBottomStyle") == "solid"


# 4. Layout shift while loading

# How far the page moved while it loaded (the layout-shift score), and which of the boxes that moved lie in the
# header or a navigation, each as its start tag (a text node as its parent's): every shift so far, those the
# observer has not been handed yet included (`takeRecords`), once one more frame has been laid out.
SHIFTED = """() => new Promise(resolve => {
  let total = 0;
  const moved = [];
  const tag = element => element.outerHTML.slice(0, element.outerHTML.indexOf('>') + 1);
  const count = entries => { for (const entry of entries) {
      total += entry.value;
      for (const source of entry.sources) {
        const element = source.node && (source.node.nodeType === 1 ? source.node : source.node.parentElement);
        if (element && element.closest('header, nav')) moved.push(tag(element));
      } } };
  const observer = new PerformanceObserver(list => count(list.getEntries()));
  observer.observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => setTimeout(() => {
    count(observer.takeRecords());
    observer.disconnect();
    resolve({total, moved});
  }));
})"""

# A throttled browser's parser may stop anywhere and paint what it has, a box whose text has not arrived
# included; on a loaded machine it does so at random places. Such shifts score a few thousandths (the worst
# seen: 0.0056). What the page does itself scores several times this bound: a line of 40 px pushed in above
# most of what a phone shows (the filters, the "On this day" line, a script's change) scores about 0.03 (the
# share of the screen that moves × the distance as a share of its height).
PARSER_NOISE = 0.01


class Frames:
    """What the page showed in each frame while it loaded, as the page reports it (`FRAMES`): its number of
    elements and the text of its last node, each time these change."""

    def __init__(self) -> None:
        self.shown: list[tuple[float, int, str]] = []  # (when reported, elements, last text)
        self.changed = threading.Condition()
        self.awaited: tuple[int, str] | None = None  # the frame the last pause ended with
        self.unpainted: list[str] = []  # the texts no frame ended with in time

    def report(self, source, elements: int, last_text: str) -> None:  # noqa: ANN001 - Playwright's binding source
        with self.changed:
            self.shown.append((time.monotonic(), elements, last_text))
            self.changed.notify_all()

    def wait_for_frame_ending(self, text: str, since: float, timeout: float = 10) -> None:
        """Wait until a frame reported since `since`, other than the one the last wait ended with, shows the page
        ending in `text`; note `text` as unpainted if none does within `timeout`."""
        def drawn() -> tuple[int, str] | None:
            return next(((elements, last_text) for when, elements, last_text in self.shown
                         if when > since and last_text.endswith(text) and (elements, last_text) != self.awaited), None)

        with self.changed:
            frame = self.changed.wait_for(drawn, timeout)
            if frame is None:
                self.unpainted.append(text)
            self.awaited = frame


# Run in the page as it starts: report each frame that shows something new until the page has loaded. Read in a
# frame's animation callback, what is reported is what that frame lays out, before the parser can add more.
FRAMES = """(() => {
  const elements = document.getElementsByTagName('*');
  let reported = '';
  const frame = () => {
    let node = document.documentElement;
    while (node && node.lastChild) node = node.lastChild;
    const lastText = node && node.nodeType === Node.TEXT_NODE ? node.data : '';
    if (elements.length + ' ' + lastText !== reported) {
      reported = elements.length + ' ' + lastText;
      window.framePainted(elements.length, lastText);
    }
    if (document.readyState !== 'complete') requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();"""


class PausingHandler(QuietHandler):
    """Sends each page's HTML in pieces, pausing inside the texts of its navigations, as a slow link splits a page:
    the browser paints what has come, and what comes later must not move it. Each pause lasts until the page has
    drawn a frame that ends with the piece sent (`frames`)."""

    SCRIPT_DELAY = 0.3  # each script is sent this late, after the first paint, as on a slow connection
    frames: Frames

    def do_GET(self) -> None:
        if self.path.split("?")[0].endswith(".js"):
            time.sleep(self.SCRIPT_DELAY)  # in this request's own thread: the page's scripts are delayed at once
        super().do_GET()

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        start = 0
        for cut in (cut_points(data) if self.path.split("?")[0].endswith(("/", ".html")) else []):
            sent = time.monotonic()  # before the piece: the page may draw it before this thread runs again
            outputfile.write(data[start:cut])
            outputfile.flush()
            self.frames.wait_for_frame_ending(html.unescape(data[data.rindex(b">", 0, cut) + 1:cut].decode()),
                                              since=sent)
            start = cut
        outputfile.write(data[start:])


def cut_points(html_bytes: bytes) -> list[int]:
    """The middles of the first two and last two texts of every <nav>: where a piece ending mid-row would show
    a row whose later items have not arrived. Never inside a character or a character reference, which the
    browser would keep back until the rest came."""
    cuts = []
    for nav in re.finditer(rb"<nav\b.*?</nav>", html_bytes, re.S):
        texts = [text for text in re.finditer(rb">([^<>]*\w[^<>]*)<", nav.group(0))]
        for text in texts[:2] + texts[-2:]:
            words = text.group(1).decode()
            half = words[: len(words) // 2]
            if "&" in half[half.rfind(";") + 1:]:
                half = half[: half.rindex("&")]
            if half.strip():
                cuts.append(nav.start() + text.start(1) + len(half.encode()))
    return sorted(set(cuts))


class Loaded(NamedTuple):
    """One load of a page: its layout-shift score, and what moved in its header and navigations."""
    shift: float
    moved_in_navs: list[str]


class SlowPhone:
    """A phone six times slower than the machine (`slowed`), whose pages report the frames they paint (`FRAMES`)
    to the `Frames` of the load going on."""

    RATE = 6  # how many times slower
    STOPPER = Path(__file__).with_name("slowed_renderers.py")
    frames: Frames

    @classmethod
    def prepare(cls, page) -> None:  # for `Tabs.page`: once, when the phone's page is made
        page.context.expose_binding("framePainted", lambda *report: cls.frames.report(*report))
        page.context.add_init_script(FRAMES)

    @classmethod
    @contextlib.contextmanager
    def slowed(cls) -> Iterator[None]:
        """This test process's browser's pages run `RATE` times slower for the length of the block only: its
        renderers are stopped for `RATE - 1` parts of every `RATE` (tests/slowed_renderers.py says why not
        DevTools' throttling), and let go at the end, whatever happens."""
        stopper = subprocess.Popen([sys.executable, str(cls.STOPPER), str(os.getpid()), str(cls.RATE)],
                                   stdout=subprocess.PIPE, text=True)
        try:
            assert stopper.stdout.readline() == "slowed\n", "tests/slowed_renderers.py did not start"
            yield
        finally:
            stopper.terminate()
            stopper.communicate(timeout=10)


def loads_on_a_slow_phone(tabs, directory: Path, path: str, loads: int) -> list[Loaded]:
    """Load `path` of the site in `directory` `loads` times on a slow phone, its HTML in pieces (the browser
    paints each, see PausingHandler) and its scripts late (`PausingHandler.SCRIPT_DELAY`)."""
    frames = SlowPhone.frames = Frames()
    page = tabs.page(SlowPhone.prepare, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    port = free_port()
    loaded = []
    with (serving(directory, port, type("Pausing", (PausingHandler,), {"frames": frames})),
          SlowPhone.slowed()):
        in_flight = InFlight(page)
        for _ in range(loads):
            page.goto(f"http://127.0.0.1:{port}/{path}", wait_until="load")
            in_flight.wait()  # what the page asks for once loaded (the day's events), as late as every script
            shifted = page.evaluate(SHIFTED)
            loaded.append(Loaded(shifted["total"], shifted["moved"]))
    assert frames.unpainted == [], f"no frame showed the page up to these texts: {frames.unpainted}"
    return loaded


def assert_nothing_moves(loaded: list[Loaded]) -> None:
    """Nothing in the header or a navigation moved, whatever piece of the page the browser painted, and the
    rest no more than a parser's pause can make it."""
    assert [load.moved_in_navs for load in loaded] == [[]] * len(loaded)
    assert [load.shift for load in loaded if load.shift >= PARSER_NOISE] == []


def test_a_slow_phone_load_sees_a_navigation_that_later_html_moves(tabs, tmp_path: Path):
    # What the check above must catch: a style further down the page moves the navigation already painted.
    (tmp_path / "moves.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Moves</title>'
        '<style>nav a { display: block; height: 120px }</style></head><body>'
        '<nav><a href="#a">First item</a> <a href="#b">Second item</a> <a href="#c">Third item</a></nav>'
        + "<style>body::before { content: \"\"; display: block; height: 300px }</style></body></html>",
        encoding="utf-8")
    [loaded] = loads_on_a_slow_phone(tabs, tmp_path, "moves.html", loads=1)
    assert loaded.shift >= PARSER_NOISE and loaded.moved_in_navs


def renderers_cpu_seconds(browser) -> float:
    """The CPU time the browser's renderer processes have used, as the browser reports it."""
    devtools = browser.new_browser_cdp_session()
    try:
        processes = devtools.send("SystemInfo.getProcessInfo")["processInfo"]
    finally:
        devtools.detach()
    return sum(process["cpuTime"] for process in processes if process["type"] == "renderer")


# Keeps the page busy for `ms` milliseconds of the clock, and says how much work it did meanwhile.
BUSY = "ms => { const end = performance.now() + ms; let work = 0; while (performance.now() < end) work++; return work; }"


def test_a_slow_phone_runs_its_pages_slower_without_keeping_a_core_busy_and_lets_them_go(tabs, browser):
    page = tabs.page()
    page.goto("data:text/html,<title>Busy</title>")

    def busy(ms: int) -> tuple[float, float]:  # the work done in a millisecond, and the share of a core used
        before, started = renderers_cpu_seconds(browser), time.monotonic()
        work = page.evaluate(BUSY, ms)
        return work / ms, (renderers_cpu_seconds(browser) - before) / (time.monotonic() - started)

    busy(300)  # compiled by now
    with SlowPhone.slowed():
        slowed_speed, slowed_share = busy(1500)
    speed, _ = busy(500)
    assert speed > SlowPhone.RATE / 2 * slowed_speed
    assert slowed_share < 0.5  # DevTools' throttling would keep the whole core
    assert [pid for pid in renderers(os.getpid()) if process_status(pid)[0] == b"T"] == []  # none left stopped


def test_a_slow_phone_is_slow_only_while_it_loads(tabs, browser, tmp_path: Path):
    # Once the load is done nothing of the slow phone stays: no renderer keeps a core busy, as one left
    # throttled through DevTools would (its renderer spins out the waits, idle or not).
    (tmp_path / "page.html").write_text('<!DOCTYPE html><html lang="en"><title>Idle</title><nav><a href="#">A link</a></nav>',
                                        encoding="utf-8")
    loads_on_a_slow_phone(tabs, tmp_path, "page.html", loads=1)
    before = renderers_cpu_seconds(browser)
    time.sleep(1)  # the page stays open, doing nothing
    assert renderers_cpu_seconds(browser) - before < 0.3


def test_no_page_shifts_while_it_loads_on_a_slow_phone(each_page, tabs):
    hosted, path = each_page
    assert_nothing_moves(loads_on_a_slow_phone(tabs, hosted.out.parent, f"{hosted.out.name}/{path}", loads=3))


# 5. HTML_CodeSniffer, WCAG2AA

HTMLCS_ERRORS = """() => new Promise(resolve => HTMLCS.process('WCAG2AA', document, () => resolve(
  HTMLCS.getMessages().filter(message => message.type === HTMLCS.ERROR)
    .map(message => message.code + ': ' + message.msg + ' ' + (message.element.outerHTML || '').slice(0, 160)))))"""


def wcag2aa_errors(page) -> list[str]:
    """HTML_CodeSniffer's WCAG2AA errors on a page `opened_as` a client."""
    page.add_script_tag(content=htmlcs_script())
    return page.evaluate(HTMLCS_ERRORS)


def test_the_filter_form_has_a_submit_button_and_selects_with_a_chosen_value(reading, tabs):
    page = tabs.page()
    page.goto(reading.url())
    form = page.locator("#filters")
    expect(form.locator('button[type="submit"]')).to_be_visible()
    for select in form.locator("select").all():
        assert select.locator("option[selected]").count() == 1
    page.get_by_label("Leader").select_option("to-lam")
    page.get_by_role("searchbox", name="Search").press("Enter")
    assert page.evaluate("location.search") == "?leader=to-lam"


# 6. Print

PRINTED = """() => {
  const style = selector => { const node = document.querySelector(selector); return node && getComputedStyle(node); };
  const hidden = ['.filters', '.year-nav', '.site-nav', '.skip-link', '.site-footer', '.pager', '.no-results']
    .filter(selector => document.querySelector(selector)).every(selector => style(selector).display === 'none');
  const heading = style('.year h2') || style('h1');
  return {hidden, body: [style('body').color, style('body').backgroundColor],
          heading: [heading.color, heading.backgroundColor],
          links: Array.from(document.querySelectorAll('main a[href^="http"]'))
            .map(a => getComputedStyle(a, '::after').content)};
}"""
BLACK, WHITE, CLEAR = "rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("path", ["", f"events/{ARTICLE}/", "leaders/thongloun-sisoulith/"])
def test_pages_print_black_on_white_without_the_form_and_nav_even_in_dark_mode(reading, browser, path):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(reading.url(path))
    page.emulate_media(media="print", color_scheme="dark")
    printed = page.evaluate(PRINTED)
    assert printed["hidden"]
    assert printed["body"] in ([BLACK, WHITE], [BLACK, CLEAR])
    assert printed["heading"][0] == BLACK and printed["heading"][1] in (WHITE, CLEAR)
    if path == f"events/{ARTICLE}/":
        assert '" (https://example.org/outside)"' in printed["links"]
    assert page.pdf(format="A4")[:5] == b"%PDF-"
    context.close()


# 7. Leaders an event only mentions

def entry_slugs(page, selector: str = ".entry:not([hidden])") -> list[str]:
    return page.eval_on_selector_all(selector, "nodes => nodes.map(n => n.dataset.slug)")


def mention_badged(page, selector: str = ".entry:not([hidden])") -> list[str]:
    return page.eval_on_selector_all(selector, "nodes => nodes.filter(n => n.querySelector('.mention-badge')).map(n => n.dataset.slug)")


@pytest.mark.parametrize("slug, expected, mentioning, status", [
    ("luong-cuong", [KAZAN], [KAZAN], "Showing 1 of 3 events with Lương Cường: 1 mentions them"),
    ("thongloun-sisoulith", [KAZAN, VIENTIANE], [VIENTIANE],
     "Showing 2 of 3 events with Thongloun Sisoulith: 1 took part, 1 mentions them"),
    ("to-lam", [ARTICLE, VIENTIANE], [], "Showing 2 of 3 events with Tô Lâm: 2 took part"),
])
def test_the_leader_filter_covers_mentions_and_says_which_only_mention(reading, tabs, slug, expected, mentioning,
                                                                      status):
    page = tabs.page()
    page.goto(reading.url(f"leaders/{slug}/"))
    page.get_by_role("link", name="Show on the timeline").click()
    expect(page.locator("#filter-status")).to_have_text(status)
    assert entry_slugs(page) == expected
    assert mention_badged(page) == mentioning
    assert page.get_by_label("Leader").input_value() == slug
    badge = page.locator(".entry:not([hidden]) .mention-badge")
    if mentioning:
        expect(badge.first).to_contain_text("Mentions")
    page.get_by_label("Leader").select_option("")
    expect(page.locator(".mention-badge")).to_have_count(0)


def test_mention_only_leaders_are_in_the_leader_choice_marked(reading, tabs):
    page = tabs.page()
    page.goto(reading.url())
    options = page.eval_on_selector_all("#leader option", "nodes => nodes.map(n => [n.value, n.textContent])")
    assert ["luong-cuong", "Lương Cường (mentioned only)"] in options
    assert ["to-lam", "Tô Lâm"] in options


@pytest.mark.parametrize("query, says", [
    ("?leader=nobody", "nobody"), ("?year=1800", "1800"), ("?topic=nothing&leader=to-lam", "nothing"),
])
def test_a_filter_that_matches_nothing_says_so(reading, split, tabs, query, says):
    for hosted in (reading, split[0]):
        page = tabs.page()
        page.goto(hosted.url(query))
        expect(page.locator("#no-results")).to_be_visible()
        assert entry_slugs(page) == []
        expect(page.locator("#filter-status")).to_contain_text(says)
        expect(page.locator("#filter-status")).to_contain_text("Showing 0 of")


def test_the_leaders_page_says_what_its_counts_count(reading):
    counts = {li.a.get_text(): li.select_one(".count").get_text()
              for li in soup(reading.file("leaders/index.html")).select(".leader-list li")}
    assert counts["Thongloun Sisoulith"] == "took part in 1 · mentioned in 1"
    assert counts["Lương Cường"] == "mentioned in 1"
    assert counts["Tô Lâm"] == "took part in 2"


def test_the_leader_filter_covers_mentions_on_a_split_timeline(split, tabs):
    hosted, content = split
    site, _ = load_site(Project(content_dir=content))
    envoy = next(leader for leader in site.leaders if leader.name == ENVOY)
    both = next(leader for leader in site.leaders if site.mentions_of(leader) and site.events_of(leader))
    page = tabs.page()
    # On a year page, `year=` (all years) widens the search beyond the page's own year.
    for leader, path, also in ((envoy, "", ""), (both, year_page(hosted, 3), "&year=")):
        took_part, mentioned = site.events_of(leader), site.mentions_of(leader)
        expected = [event.slug for event in site.events if event in took_part or event in mentioned]
        page.goto(hosted.url(f"{path}?leader={leader.slug}{also}"))
        # A split timeline lists the results a page at a time: ask for the rest until there is none.
        for shown in range(20, len(expected), 20):
            expect(page.locator("#results .entry")).to_have_count(shown)
            page.locator("button.more-results").click()
        expect(page.locator("#results .entry")).to_have_count(len(expected))
        assert entry_slugs(page, "#results .entry") == expected
        assert mention_badged(page, "#results .entry") == [event.slug for event in mentioned]
        parts = ([f"{len(took_part)} took part"] if took_part else []) + (
            [f"{len(mentioned)} mention{'s' if len(mentioned) == 1 else ''} them"] if mentioned else [])
        expect(page.locator("#filter-status")).to_have_text(
            f"Showing {len(expected)} of {len(site.events)} events with {leader.name}: {', '.join(parts)}")


# 8. A phone's first screen

@pytest.mark.parametrize("which", ["real timeline", "split overview", "year page"])
def test_a_phone_shows_the_first_events_on_the_first_screen(reading, split, tabs, which):
    hosted, path = {"real timeline": (reading, ""), "split overview": (split[0], ""),
                    "year page": (split[0], year_page(split[0], 5))}[which]
    page = tabs.page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(hosted.url(path))
    first = page.locator(".event-list a, .entry-title a").first
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    expect(page.locator("#leader")).to_be_hidden()  # the selects wait behind one button


def test_the_filters_open_with_one_button_and_nothing_shifts_by_itself(split, tabs):
    page = tabs.page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(split[0].url(year_page(split[0], 5)))
    toggle = page.get_by_role("button", name="Filters")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Leader")).to_be_visible()
    # What moved, moved because the reader asked (layout shift counts only the rest).
    unasked = page.evaluate("""() => new Promise(resolve => new PerformanceObserver(list => resolve(
        list.getEntries().filter(entry => !entry.hadRecentInput).reduce((sum, entry) => sum + entry.value, 0)))
        .observe({type: 'layout-shift', buffered: true}))""")
    assert unasked == 0
    page = tabs.page(viewport=DESKTOP)
    page.goto(split[0].url())
    expect(page.get_by_label("Leader")).to_be_visible()  # a wide screen shows them at once
    expect(page.get_by_role("button", name="Filters")).to_be_hidden()


def test_a_year_pages_form_shows_its_year_and_a_search_there_stays_in_it(split, tabs):
    hosted = split[0]
    path = year_page(hosted, 5)
    year = path.strip("/").split("/")[-1]
    page = tabs.page(viewport=DESKTOP)
    page.goto(hosted.url(path))
    assert page.get_by_label("Year", exact=True).input_value() == year
    expect(page.locator("#filter-status")).to_have_text("")  # the page's own year is not a filter
    expect(page.locator(f"#y{year}")).to_be_visible()
    page.get_by_role("searchbox", name="Search").fill("meeting")
    expect(page.locator("#results .entry").first).to_be_visible()
    assert set(page.eval_on_selector_all("#results .entry", "nodes => nodes.map(n => n.dataset.slug.slice(0, 4))")) == {year}
    assert page.evaluate("location.search") == "?q=meeting"
    page.get_by_label("Year", exact=True).select_option("")
    assert page.evaluate("location.search") == "?q=meeting&year="


def test_the_year_navigation_shows_that_it_scrolls_and_its_counts_are_not_years(split, tabs):
    hosted = split[0]
    page = tabs.page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(hosted.url())
    row = page.locator(".year-nav ul")
    expect(row).to_have_attribute("data-more", "after")
    assert page.eval_on_selector(".year-nav ul", "e => getComputedStyle(e).maskImage") != "none"
    first = page.locator(".year-nav li[data-year] a").first
    count = first.locator(".count")
    # The count is inside the year's link, set apart (smaller, on its own background) and named as a count.
    assert count.evaluate("e => parseFloat(getComputedStyle(e).fontSize) < parseFloat(getComputedStyle(e.parentElement).fontSize)")
    assert count.evaluate("e => getComputedStyle(e).backgroundColor") != count.evaluate(
        "e => getComputedStyle(e.parentElement).backgroundColor")
    assert re.fullmatch(r"\d{4} \d+ events", first.text_content())  # what a screen reader says
    row.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    expect(row).to_have_attribute("data-more", "before")
    row.evaluate("e => { e.scrollLeft = e.scrollWidth / 2; }")
    expect(row).to_have_attribute("data-more", "both")


def test_headings_stay_in_order_after_a_search_on_the_split_overview(split, tabs):
    page = tabs.page(bypass_csp=True)  # axe is injected
    for query in ("?q=meeting", f"?leader={ENVOY.lower().replace(' ', '-')}"):
        page.goto(split[0].url(query))
        expect(page.locator("#results .entry").first).to_be_visible()
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        levels = page.eval_on_selector_all("main h1, main h2, main h3", """nodes => nodes
            .filter(n => n.getClientRects().length || n.classList.contains('visually-hidden'))
            .map(n => Number(n.tagName[1]))""")
        assert levels[:3] == [1, 2, 3], levels
