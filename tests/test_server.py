"""`serve` end to end: a real server, a real livereload socket, a real headless chromium."""

from __future__ import annotations

import http.client
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from browser import ServeProcess, free_port
from conftest import REAL_CONTENT, SampleSite, event_text
from generator.output import MemoryTarget
from generator.pipeline import PROJECT_ROOT, Builder, BuildOptions, Project
from generator.server import Preview

KAZAN = "events/2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan.md"
TIMEOUT = 15_000  # ms: generous for a loaded 2-core machine; a working server takes well under a second


@dataclass
class Served:
    process: ServeProcess
    url: str
    port: int
    content: Path
    static: Path
    templates: Path

    def edit(self, relative: str, old: str, new: str, root: Path | None = None) -> None:
        path = (root or self.content) / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def served(serve, tmp_path: Path):
    content, static, templates = tmp_path / "content", tmp_path / "static", tmp_path / "templates"
    shutil.copytree(REAL_CONTENT, content)
    shutil.copytree(PROJECT_ROOT / "static", static)
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    port = free_port()
    process = serve("--content", str(content), "--static", str(static), "--templates", str(templates),
                    "--port", str(port), cwd=tmp_path)
    process.wait_for("Ctrl-C to stop")
    return Served(process, f"http://127.0.0.1:{port}/", port, content, static, templates)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def wait_connected(page) -> None:
    """Wait until livereload.js has its WebSocket open (it logs nothing we can see otherwise)."""
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector._connectionDesired && window.LiveReload.connector.protocol", timeout=TIMEOUT)


def test_serve_prints_the_address_and_serves_the_site(served: Served, page):
    assert served.process.wait_for("serving") .endswith(f"at {served.url} (Ctrl-C to stop)")
    page.goto(served.url)
    expect(page.locator("h1")).to_have_text("Việt Nam–Laos Relations")
    assert page.locator('script[src^="/livereload.js"]').count() == 1


def test_an_edit_reloads_every_open_tab(served: Served, browser):
    context = browser.new_context()
    tabs = [context.new_page(), context.new_page()]
    try:
        for tab in tabs:
            tab.goto(served.url)
            wait_connected(tab)
        served.edit(KAZAN, "title: Prime Minister", "title: Edited, Prime Minister")
        for tab in tabs:
            expect(tab.locator(".entry-title").first).to_contain_text("Edited, Prime Minister", timeout=TIMEOUT)
        line = served.process.wait_for("changed ")
        assert line.startswith(f"changed {served.content.name}/{KAZAN}: rebuilt ") and line.endswith(" ms")
    finally:
        context.close()


def rebuilds(served: Served) -> int:
    return sum(1 for line in served.process.output.splitlines() if line.startswith("changed "))


def pump_until(page, condition, timeout: float = 15) -> None:
    """Let Playwright run (its route handlers are called meanwhile) until `condition` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(20)


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


def test_a_broken_file_shows_its_error_in_the_page_and_recovers(served: Served, page):
    page.goto(served.url)
    wait_connected(page)
    served.edit(KAZAN, "leaders:\n  - name: Phạm Minh Chính", "leaders:\n  - name: Phạm Minh Chin")
    error = page.locator(".build-errors li")
    expect(error).to_contain_text(f"{KAZAN}:6: unknown leader 'Phạm Minh Chin' in `leaders`; did you mean Phạm Minh Chính?", timeout=TIMEOUT)
    assert "unknown leader 'Phạm Minh Chin'" in served.process.wait_for("unknown leader")
    wait_connected(page)
    served.edit(KAZAN, "name: Phạm Minh Chin\n", "name: Phạm Minh Chính\n")
    expect(page.locator("h1")).to_have_text("Việt Nam–Laos Relations", timeout=TIMEOUT)


def test_bad_yaml_and_template_errors_are_shown_too(served: Served, page):
    page.goto(served.url)
    wait_connected(page)
    served.edit(KAZAN, "date: 2024-10-24", "date: [2024-10-24")
    expect(page.locator(".build-errors li")).to_contain_text(f"{KAZAN}:4: invalid YAML", timeout=TIMEOUT)
    wait_connected(page)
    served.edit(KAZAN, "date: [2024-10-24", "date: 2024-10-24")
    expect(page.locator("h1")).to_have_text("Việt Nam–Laos Relations", timeout=TIMEOUT)


def test_an_unclosed_quote_is_shown_in_the_page_at_the_line_it_opens(served: Served):
    served.edit(KAZAN, "title: Prime Minister", 'title: "Prime Minister')
    def shown() -> list[str]:
        return [item.get_text() for item in BeautifulSoup(fetch(served.port, "/"), "html.parser").select(".build-errors li")]
    wait_until(lambda: shown() != [])
    assert shown() == [f'content/{KAZAN}:2: the quote (") opened here is never closed; close it on this line']
    assert f'{KAZAN}:2: the quote (") opened here is never closed' in served.process.wait_for("the quote")


def test_a_link_out_of_the_static_files_is_shown_as_an_error_and_never_served(served: Served, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7f3a")
    (served.static / "leak.txt").symlink_to(secret)
    def shown() -> list[str]:
        return [item.get_text() for item in BeautifulSoup(fetch(served.port, "/"), "html.parser").select(".build-errors li")]
    wait_until(lambda: shown() != [])
    assert shown() == [f"static/leak.txt: a symbolic link to {secret}, outside static/: only links that stay inside it "
                       "are followed; copy what it points to in instead"]
    assert b"SECRET-7f3a" not in fetch(served.port, "/leak.txt")
    (served.static / "leak.txt").unlink()
    wait_until(lambda: shown() == [])
    assert raw_get(served.port, "/leak.txt") == 404


KAZAN_URL = "events/2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan/"
VIENTIANE_URL = "events/2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane/"

# Ways to break a template: (template, text, broken text). Some fail when the templates are compiled (in the
# rebuild), the others only when a page that reaches the broken part is rendered (when a browser asks for it).
TEMPLATE_BREAKAGES = {
    "syntax error": ("event.html", "{% block main %}", "{% block main %}{% if %}"),
    "undefined name": ("event.html", "<h1>{{ event.title }}</h1>", "<h1>{{ nosuch.attribute }}</h1>"),
    "unknown filter": ("event.html", "<h1>{{ event.title }}</h1>", "<h1>{{ event.title | nosuchfilter }}</h1>"),
    "unknown filter inside an if": ("event.html", '<span class="place">{{ event.place }}</span>',
                                    '<span class="place">{{ event.place | nosuchfilter }}</span>'),
    "error on one page only": ("event.html", "<h1>{{ event.title }}</h1>",
                               "<h1>{{ event.title }}{% if event.date.year == 2024 %}{{ event.nosuch }}{% endif %}</h1>"),
    "missing include": ("event.html", "<h1>{{ event.title }}</h1>",
                        '<h1>{{ event.title }}</h1>{% include "partials/nosuch.html" %}'),
    "error in a macro": ("partials/macros.html", '<time datetime="{{ value.iso }}">', '<time datetime="{{ value.nosuch }}">'),
    "error in the base template": ("base.html", "<p>{{ config.description }}</p>", "<p>{{ config.nosuch() }}</p>"),
    "division by zero": ("event.html", "<h1>{{ event.title }}</h1>", "<h1>{{ event.title }}{{ 1 // 0 }}</h1>"),
}


@pytest.mark.parametrize("breakage", TEMPLATE_BREAKAGES)
def test_every_template_error_the_page_shows_is_printed_in_the_terminal(served: Served, page, breakage: str):
    template, old, new = TEMPLATE_BREAKAGES[breakage]
    page.goto(served.url + KAZAN_URL)
    wait_connected(page)
    served.edit(template, old, new, root=served.templates)
    errors = page.locator(".build-errors li")
    expect(errors.first).to_be_visible(timeout=TIMEOUT)
    shown = errors.all_inner_texts()
    assert shown and all(text.startswith(f"{served.templates.name}/") for text in shown)
    for text in shown:
        assert served.process.wait_for(text) == text  # the same `path:line: message`, on a line of its own
    served.edit(template, new, old, root=served.templates)
    expect(page.locator("h1")).to_contain_text("Phạm Minh Chính", timeout=TIMEOUT)
    assert "Traceback" not in served.process.output


def test_an_error_on_one_page_leaves_the_others_working_and_is_printed_once(served: Served, page):
    template, old, new = TEMPLATE_BREAKAGES["error on one page only"]
    served.edit(template, old, new, root=served.templates)
    served.process.wait_for(f"changed {served.templates.name}/{template}")
    page.goto(served.url + KAZAN_URL)
    expect(page.locator(".build-errors li")).to_contain_text("templates/event.html:14: template error: ", timeout=TIMEOUT)
    page.reload()
    expect(page.locator(".build-errors li")).to_be_visible()
    assert raw_get(served.port, "/" + VIENTIANE_URL) == 200
    error_lines = [line for line in served.process.output.splitlines() if "template error" in line]
    assert error_lines == [page.locator(".build-errors li").inner_text()]  # printed once, not at every request
    assert served.process.wait_for("rendering /") == f"rendering /{KAZAN_URL} failed; the page shows the error"


def test_a_css_change_restyles_the_page_without_a_full_reload(served: Served, page):
    page.goto(served.url)
    wait_connected(page)
    page.evaluate("window.notReloaded = true")
    css = served.static / "css" / "site.css"
    css.write_text(css.read_text() + "\nbody { border-top: 7px solid rgb(1, 2, 3); }\n")
    page.wait_for_function("() => getComputedStyle(document.body).borderTopWidth === '7px'", timeout=TIMEOUT)
    assert page.evaluate("window.notReloaded") is True


def raw_get(port: int, path: str, headers: dict[str, str] | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=bool(headers and "Host" in headers))
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return body


def wait_until(condition, timeout: float = 15) -> None:
    """Poll `condition` until true (for effects seen over HTTP rather than in the browser)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


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


def test_ctrl_c_stops_cleanly(served: Served):
    assert served.process.interrupt() == 0
    assert served.process.output.splitlines()[-1] == "stopped"
    assert "Traceback" not in served.process.output


def test_a_port_in_use_moves_to_the_next_free_one_and_says_so(served: Served, serve, tmp_path: Path):
    other = serve("--content", str(served.content), "--port", str(served.port), cwd=tmp_path)
    line = other.wait_for("is in use")
    assert line.startswith(f"port {served.port} is in use; using ")
    assert other.wait_for("Ctrl-C to stop")



def test_a_burst_of_hundreds_of_changes_is_coalesced_and_fully_built(served: Served):
    events = served.content / "events"
    body = "---\ntitle: Burst {i}\ndate: 2020-01-01\nleaders: [Tô Lâm]\nsource: VNS\nsummary: S.\n---\nText.\n"
    for i in range(300):
        (events / f"2020-01-01-burst-{i}.md").write_text(body.format(i=i), encoding="utf-8")
    wait_until(lambda: raw_get(served.port, "/events/2020-01-01-burst-299/") == 200, timeout=60)
    for i in (0, 150, 299):
        assert raw_get(served.port, f"/events/2020-01-01-burst-{i}/") == 200
    rebuilds = [line for line in served.process.output.splitlines() if line.startswith("changed ")]
    assert 1 <= len(rebuilds) < 30, rebuilds


def test_a_deleted_or_renamed_file_is_followed_not_fatal(served: Served):
    event_url = "/events/2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan/"
    source = served.content / KAZAN
    renamed = source.with_name("2024-10-24-kazan-meeting.md")
    source.rename(renamed)
    wait_until(lambda: raw_get(served.port, "/events/2024-10-24-kazan-meeting/") == 200)
    assert raw_get(served.port, event_url) == 404
    renamed.unlink()
    wait_until(lambda: raw_get(served.port, "/events/2024-10-24-kazan-meeting/") == 404)
    assert raw_get(served.port, "/") == 200
    assert "Traceback" not in served.process.output


def test_editor_swap_and_backup_files_are_ignored(served: Served):
    events = served.content / "events"
    for name in (".2024-10-24-x.md.swp", "2024-10-24-x.md~", "#2024-10-24-x.md#", ".#2024-10-24-x.md"):
        (events / name).write_text("---\nbroken: [\n", encoding="utf-8")
    served.edit(KAZAN, "title: Prime Minister", "title: Marker, Prime Minister")
    wait_until(lambda: b"Marker, Prime Minister" in fetch(served.port, "/"))
    time.sleep(1)
    assert raw_get(served.port, "/") == 200  # not the error page
    assert not any(marker in served.process.output for marker in (".swp", "md~", "#2024", "broken"))


def test_feeds_and_data_files_are_served_and_follow_edits(served: Served):
    assert b"<feed" in fetch(served.port, "/feed.xml")
    assert b"to lam" in fetch(served.port, "/search-index.json")
    served.edit(KAZAN, "title: Prime Minister", "title: Feedmark, Prime Minister")
    wait_until(lambda: b"Feedmark, Prime Minister" in fetch(served.port, "/feed.xml"))
    assert raw_get(served.port, "/no-such-file.json") == 404


def _preview(root: Path, content: Path) -> Preview:
    templates = root / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    return Preview(Project(content_dir=content, templates_dir=templates), BuildOptions(base_url="http://127.0.0.1:1/"),
                   log=lambda _: None)


def test_the_preview_renders_pages_when_asked_and_only_again_after_a_change(tmp_path: Path, corpus: Path):
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    preview = _preview(tmp_path, content)
    preview.rebuild()
    event = sorted((content / "events").glob("*.md"))[100]
    url = f"/events/{event.stem}/"
    assert preview.pages.files == {}  # planned, not rendered
    status, _, body = preview.response(url)
    assert status == 200 and set(preview.pages.files) == {f"events/{event.stem}/index.html"}
    assert preview.response(url)[2] is body  # kept
    event.write_text(event.read_text(encoding="utf-8").replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
    preview.rebuild([event])
    assert b"Edited " in preview.response(url)[2]
    cold = MemoryTarget()
    Builder(Project(content_dir=content, templates_dir=tmp_path / "templates"),
            BuildOptions(base_url="http://127.0.0.1:1/"), version_assets=False, parallel=False).build(cold)
    for output in ("index.html", f"events/{event.stem}/index.html", "leaders/index.html", "feed.xml"):
        assert preview.response("/" + output.removesuffix("index.html"))[2] == cold.bytes_of(output), output


def test_a_template_error_shows_in_the_page_with_its_file_and_line(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text())
    preview = _preview(tmp_path, sample.content)
    preview.rebuild()
    template = tmp_path / "templates" / "event.html"
    template.write_text(template.read_text().replace("{{ event.title }}</h1>", "{{ event.title() }}</h1>"))
    preview.rebuild([template])
    status, _, body = preview.response("/events/2024-10-24-a/")
    assert status == 500
    assert b"templates/event.html:14: template error: &#x27;str&#x27; object is not callable" in body
    assert preview.response("/")[0] == 200  # the other pages still work
    template.write_text(template.read_text().replace("{% block main %}", "{% block main %}{% if %}"))
    preview.rebuild([template])
    status, _, body = preview.response("/")
    assert status == 500 and b"templates/event.html:10: template error: Expected an expression" in body


def test_the_preview_logs_a_warning_count_and_the_saved_files_own_warnings(sample: SampleSite, tmp_path: Path):
    for day in range(1, 31):
        sample.event(f"2024-03-{day:02d}-a.md", event_text(date=f"2024-03-{day:02d}").replace("summary: A summary.\n", ""))
    logged: list[str] = []
    preview = _preview(tmp_path, sample.content)
    preview.log = logged.append
    preview.rebuild()
    assert logged[:-1] == ["32 warnings (python build.py check shows them)"]  # 30 summaries, 2 leaders without events
    saved = sample.event("2024-03-01-a.md", event_text(date="2024-03-01", extra="sumary: x\n"))
    logged.clear()
    preview.rebuild([saved])
    # A summary fewer to miss, an unknown field more: the same count, so only the saved file's own warning.
    assert logged[:-1] == [f"{saved}:7: warning: unknown field `sumary` is ignored (did you mean `summary`?)"]
    other = sample.event("2024-03-02-a.md", event_text(date="2024-03-02"))
    logged.clear()
    preview.rebuild([other])
    assert logged[:-1] == ["31 warnings (python build.py check shows them)"]  # its missing summary was `check`'s
    assert logged[-1].startswith(f"changed {other}: rebuilt in ") and logged[-1].endswith(" ms")


def test_a_request_during_a_rebuild_waits_for_it_and_gets_the_rebuilt_site(tmp_path: Path, corpus: Path):
    """The watcher's thread rebuilds while the server's thread answers: a request never sees a half-made site."""
    import re
    import threading

    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    preview = _preview(tmp_path, content)
    preview.rebuild()

    def events_listed(body: bytes) -> int:  # the overview's year navigation counts every year's events
        return sum(int(count) for count in re.findall(rb'<span class="count">(\d+)</span>', body))

    before = len(list((content / "events").glob("*.md")))
    assert events_listed(preview.response("/")[2]) == before
    # Enough new events that the rebuild (parsing and converting them, in this one process) takes a while.
    added = []
    for index, source in enumerate(sorted((content / "events").glob("*.md"))):
        target = content / "events" / source.name.replace("-meeting-", f"-added-{index}-")
        target.write_text(source.read_text(encoding="utf-8").replace('title: "', 'title: "Added ', 1), encoding="utf-8")
        added.append(target)
    rebuilding = threading.Thread(target=preview.rebuild, args=(added,))
    rebuilding.start()
    time.sleep(0.05)
    assert rebuilding.is_alive()  # the request comes while the rebuild runs
    status, _, body = preview.response("/")
    rebuilding.join()
    assert status == 200 and events_listed(body) == before + len(added)
