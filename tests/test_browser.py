"""tests/browser.py's `Tabs`: a page kept for the next test is handed out as a new tab would be."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import Tabs, free_port
from test_reader_layout import PHONE
from test_readers import QuietHandler, serving


class CountingHandler(QuietHandler):
    """Notes the path of each request (`asked`, set on a subclass) and lets the browser keep what it gets for an
    hour, as a host would."""

    asked: list[str]

    def do_GET(self) -> None:
        self.asked.append(self.path)
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()


@pytest.fixture
def site(tmp_path: Path):
    """A page with a stylesheet, served on loopback: (its address, the paths asked for so far)."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>T</title><link rel="stylesheet" href="style.css"></head>'
        "<body><p>Text</p></body></html>", encoding="utf-8")
    (tmp_path / "style.css").write_text("p { color: #222 }", encoding="utf-8")
    asked: list[str] = []
    port = free_port()
    with serving(tmp_path, port, type("Counting", (CountingHandler,), {"asked": asked})):
        yield f"http://127.0.0.1:{port}/", asked


@pytest.fixture
def own_tabs(browser):
    tabs = Tabs(browser)
    yield tabs
    tabs.close()


def test_the_next_test_gets_the_same_page_blank_without_the_last_ones_listeners_routes_or_viewport(site, own_tabs):
    url, _ = site
    page = own_tabs.page(viewport=PHONE)
    heard: list[str] = []
    page.on("request", lambda request: heard.append(request.url))
    page.route("**/style.css", lambda route: route.abort())
    page.goto(url)
    page.set_viewport_size({"width": 1000, "height": 500})
    assert heard == [url, url + "style.css"]
    own_tabs.reset()

    again = own_tabs.page(viewport=PHONE)
    assert again is page and again.url == "about:blank"
    assert again.viewport_size == PHONE
    again.goto(url)
    assert heard == [url, url + "style.css"]  # the last test's listener heard nothing more
    assert again.evaluate("getComputedStyle(document.querySelector('p')).color") == "rgb(34, 34, 34)"  # not aborted


def test_the_cache_is_empty_for_each_test_and_works_within_it_as_a_new_contexts(site, own_tabs):
    url, asked = site
    for _ in range(2):
        own_tabs.page().goto(url)
        own_tabs.page().goto(url)  # the stylesheet comes from the cache
        own_tabs.reset()
    assert asked.count("/style.css") == 2


def test_other_context_options_get_another_page_and_a_closed_page_is_replaced(own_tabs):
    page = own_tabs.page()
    assert own_tabs.page(java_script_enabled=False) is not page
    assert own_tabs.page() is page
    page.close()
    own_tabs.reset()
    assert own_tabs.page() is not page


def test_a_page_is_prepared_once_when_it_is_made(own_tabs):
    prepared = []

    def prepare(page) -> None:
        prepared.append(page)

    page = own_tabs.page(prepare)
    own_tabs.reset()
    assert own_tabs.page(prepare) is page and prepared == [page]
    assert own_tabs.page() is not page  # unprepared
