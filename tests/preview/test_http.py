"""`generator.preview.http`: a real server, a real livereload socket, a real headless chromium running
preview.js; Host, Origin and path checks."""

from __future__ import annotations

import re
import time
from importlib.resources import files
from pathlib import Path

import pytest
from playwright.sync_api import expect

from preview.conftest import (KAZAN, KAZAN_URL, TIMEOUT, Served, fetch, pump_until, raw_get, rebuilds, wait_connected,
                              wait_until)

def test_two_saves_within_a_second_show_the_second(served: Served, page):
    """A save made while a page reloads (after the first save) is not missed: the reloaded page says which
    build it shows when its WebSocket opens, and the server tells it about the newer one. The race is made
    certain here: the reloaded page's livereload.js is held back until the second save is built."""
    page.goto(served.url)  # the timeline runs a script of its own, so a save reloads it
    wait_connected(page)
    held = []

    def hold(route) -> None:
        held.append(route)
    page.route("**/livereload.js*", hold)
    served.edit(KAZAN, "title: Prime Minister", "title: First save, Prime Minister")
    pump_until(page, lambda: held)  # the page reloaded, and its WebSocket is not open
    expect(page.locator(".entry-title").first).to_contain_text("First save,")
    built = rebuilds(served)
    served.edit(KAZAN, "First save,", "Second save,")
    wait_until(lambda: rebuilds(served) > built)  # its notice went to the tabs connected then: none
    for route in held:
        route.continue_()
    page.unroute("**/livereload.js*")
    expect(page.locator(".entry-title").first).to_contain_text("Second save,", timeout=TIMEOUT)
    time.sleep(4)  # longer than livereload's own 3-second window: the page must not fall back
    expect(page.locator(".entry-title").first).to_contain_text("Second save,")


def test_an_edit_updates_a_page_in_place_without_reloading_it(served: Served, page):
    page.goto(served.url + KAZAN_URL)
    wait_connected(page)
    page.evaluate("window.notReloaded = true")
    served.edit(KAZAN, "title: Prime Minister", "title: In place, Prime Minister")
    expect(page.locator("h1")).to_contain_text("In place, Prime Minister", timeout=TIMEOUT)
    expect(page).to_have_title(re.compile("^In place, Prime Minister"))
    assert page.evaluate("window.notReloaded") is True  # the same document: nothing loaded again
    assert page.locator('meta[name="preview-build"]').count() == 1
    assert page.locator('link[rel="stylesheet"]').count() == 1
    served.edit(KAZAN, "In place,", "Twice in place,")  # the page still hears of rebuilds
    expect(page.locator("h1")).to_contain_text("Twice in place, Prime Minister", timeout=TIMEOUT)
    assert page.evaluate("window.notReloaded") is True


def test_a_page_with_its_own_script_is_reloaded_and_its_script_works(served: Served, page):
    page.goto(served.url)
    wait_connected(page)
    page.evaluate("window.notReloaded = true")
    served.edit(KAZAN, "title: Prime Minister", "title: Reloaded, Prime Minister")
    expect(page.locator(".entry-title").first).to_contain_text("Reloaded, Prime Minister", timeout=TIMEOUT)
    assert page.evaluate("window.notReloaded") is None  # a new document, whose timeline.js runs on its entries
    page.get_by_role("searchbox", name="Search").fill("Reloaded")
    expect(page.locator(".entry:visible")).to_have_count(1)


def test_a_css_change_restyles_the_page_without_a_full_reload(served: Served, page):
    page.goto(served.url)
    wait_connected(page)
    page.evaluate("window.notReloaded = true")
    css = served.static / "css" / "site.css"
    css.write_text(css.read_text() + "\nbody { border-top: 7px solid rgb(1, 2, 3); }\n")
    page.wait_for_function("() => getComputedStyle(document.body).borderTopWidth === '7px'", timeout=TIMEOUT)
    assert page.evaluate("window.notReloaded") is True


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/events/..%2f..%2f..%2fetc/passwd", "//etc/passwd", "/%2fetc%2fpasswd", "/..%5c..%5cetc%5cpasswd",
])
def test_paths_outside_the_output_get_404(served: Served, path: str):
    assert raw_get(served.port, "/") == 200
    assert raw_get(served.port, path) == 404


def test_other_hosts_and_origins_cannot_drive_the_preview(served: Served):
    assert raw_get(served.port, "/", {"Host": "attacker.example"}) == 403
    assert raw_get(served.port, "/forcereload") == 404
    upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    assert raw_get(served.port, "/livereload", {**upgrade, "Origin": "http://attacker.example"}) == 403
    assert raw_get(served.port, "/livereload", {**upgrade, "Origin": f"http://127.0.0.1:{served.port}"}) == 101


def test_a_port_in_use_moves_to_the_next_free_one_and_says_so(served: Served, serve, tmp_path: Path):
    other = serve("--content", str(served.content), "--port", str(served.port), cwd=tmp_path)
    line = other.wait_for("is in use")
    assert line.startswith(f"port {served.port} is in use; using ")
    assert other.wait_for("Ctrl-C to stop")


def test_preview_js_is_served_from_its_file_in_the_package(served: Served):
    """The plugin is the package's preview.js (pyproject.toml ships it), not a copy held elsewhere."""
    script = files("generator.preview").joinpath("preview.js").read_bytes()
    assert b"window.LiveReloadPluginPreview" in script
    assert fetch(served.port, "/preview.js") == script
