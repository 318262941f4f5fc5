"""The real chronology as real clients read it, in both editions (English at the root, Vietnamese under /vi/):
the Nu HTML Checker on every page, and on a page of every kind, light on a phone and dark on a desktop, axe,
HTML_CodeSniffer, the layout checks of tests/test_reader_layout.py, and no request to another host (no remote
font: Vietnamese text is set in the system fonts), served from a plain web server."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import free_port
from conftest import REAL_CONTENT
from generator.pipeline import BuildOptions, Project, build
from test_reader_layout import (CLIENTS, FIRST_LINE_GAP, assert_nothing_moves, loads_on_a_slow_phone, opened_as,
                               wcag2aa_errors)
from test_readers import Hosted, serving

EDITIONS = {"en": "", "vi": "vi/"}
KINDS = ["timeline", "event", "leader", "leaders", "relations", "on this day", "404"]


@pytest.fixture(scope="module")
def real_hosted(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("real-hosted")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    build(Project(content_dir=REAL_CONTENT), root / "www", BuildOptions(base_url=base))
    with serving(root / "www", port):
        yield Hosted(root / "www", base)


def test_every_page_of_the_real_chronology_is_valid_html(real_hosted: Hosted, nu_checker):
    assert (real_hosted.out / "vi" / "index.html").is_file()  # the Vietnamese pages are among those checked
    result = nu_checker("--root", str(real_hosted.out), "--log", "INFO")
    assert result.returncode == 0, result.stdout + result.stderr


def multi_day_event(out: Path) -> str:
    """An event page of the real chronology that shows a range of days and several reports."""
    for page in sorted((out / "events").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        if text.count("<time") >= 2 and "Reports" in text:
            return page.parent.relative_to(out).as_posix() + "/"
    raise AssertionError("no event of several days")


def kind_path(out: Path, kind: str) -> str:
    """The path of a page of `kind` in the English edition."""
    return {"timeline": "", "event": multi_day_event(out), "leader": "leaders/to-lam/", "leaders": "leaders/",
            "relations": "relations/", "on this day": "on-this-day/", "404": "404.html"}[kind]


@pytest.fixture(params=[(code, kind) for code in EDITIONS for kind in KINDS],
                ids=[f"{code}-{kind}" for code in EDITIONS for kind in KINDS])
def real_page(request, real_hosted: Hosted) -> str:
    """A page of every kind in each edition: its path."""
    code, kind = request.param
    return EDITIONS[code] + kind_path(real_hosted.out, kind)


def test_no_page_shifts_while_it_loads_on_a_slow_phone(real_hosted, real_page, tabs):
    assert_nothing_moves(loads_on_a_slow_phone(tabs, real_hosted.out, real_page, loads=2))


@pytest.mark.parametrize("client", CLIENTS)
def test_clients_find_nothing_wrong_with_a_page_of_every_kind(real_hosted: Hosted, real_page: str, tabs, client):
    """Loaded once for every check (light on a phone, dark on a desktop): axe finds no violation, HTML_CodeSniffer
    no WCAG2AA error; the first line stands clear of the header and nothing is wider than the screen; every
    request, as the page loads and once its scripts have run (search index, on-this-day data), goes to the
    site's own host, and no page declares a web font."""
    requested = []
    page, in_flight = opened_as(tabs, client, real_hosted.url(real_page),
                                         lambda request: requested.append(request.url))
    gap = page.evaluate(FIRST_LINE_GAP)
    width = page.evaluate("document.documentElement.scrollWidth")
    axe = Axe().run(page)
    wcag2aa = wcag2aa_errors(page)
    if page.locator("#q").count():  # the timeline's search fetches its index on first use
        page.locator("#q").fill("Lào")
        in_flight.wait()
    fonts = page.evaluate("document.fonts.ready.then(fonts => fonts.size)")
    used = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert axe.violations_count == 0, axe.generate_report()
    assert wcag2aa == []
    assert gap >= 16, f"the first line is {gap} px below the header"
    assert width <= CLIENTS[client][1]["width"]
    own = urlsplit(real_hosted.base).netloc
    elsewhere = [url for url in requested if urlsplit(url).scheme != "data" and urlsplit(url).netloc != own]
    assert requested and elsewhere == []
    assert fonts == 0, "a @font-face rule: the pages use the system fonts"
    assert "system-ui" in used or "sans-serif" in used, used
