"""`generator.preview.model`: what the preview holds and answers, in-process and through a real `serve` (its
error pages, its terminal lines, the pages it renders again after a save)."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import SampleSite, event_text
from generator.output import MemoryTarget
from generator.pipeline import PROJECT_ROOT, Builder, BuildOptions, Project
from generator.preview.model import Preview
from preview.conftest import (KAZAN, KAZAN_URL, TIMEOUT, VIENTIANE_URL, Served, fetch, raw_get, wait_connected,
                              wait_until)

# Ways to break a template: (template, text, broken text). Some fail when the templates are compiled (in the
# rebuild), the others only when a page that reaches the broken part is rendered (when a browser asks for it).
TEMPLATE_BREAKAGES = {
    "syntax error": ("event.html", "{% block main %}", "{% block main %}{% if %}"),
    "undefined name": ("event.html", ">{{ event.title }}</h1>", ">{{ nosuch.attribute }}</h1>"),
    "unknown filter": ("event.html", ">{{ event.title }}</h1>", ">{{ event.title | nosuchfilter }}</h1>"),
    "unknown filter inside an if": ("event.html", '<span class="place">{{ event.place }}</span>',
                                    '<span class="place">{{ event.place | nosuchfilter }}</span>'),
    "error on one page only": ("event.html", ">{{ event.title }}</h1>",
                               ">{{ event.title }}{% if event.date.year == 2024 %}{{ event.nosuch }}{% endif %}</h1>"),
    "missing include": ("event.html", ">{{ event.title }}</h1>",
                        '>{{ event.title }}</h1>{% include "partials/nosuch.html" %}'),
    "error in a macro": ("partials/macros.html", '<time datetime="{{ value.iso }}">', '<time datetime="{{ value.nosuch }}">'),
    "error in the base template": ("base.html", "<p>{{ config.description }}</p>", "<p>{{ config.nosuch() }}</p>"),
    "division by zero": ("event.html", ">{{ event.title }}</h1>", ">{{ event.title }}{{ 1 // 0 }}</h1>"),
}


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
    url = f"events/{event.stem}/"  # the file key the server hands over: the URL path without its slash
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
        assert preview.response(output.removesuffix("index.html"))[2] == cold.bytes_of(output), output


def test_a_template_error_shows_in_the_page_with_its_file_and_line(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text())
    preview = _preview(tmp_path, sample.content)
    preview.rebuild()
    template = tmp_path / "templates" / "event.html"
    template.write_text(template.read_text().replace("{{ event.title }}</h1>", "{{ event.title() }}</h1>"))
    preview.rebuild([template])
    status, _, body = preview.response("events/2024-10-24-a/")
    assert status == 500
    assert b"templates/event.html:14: template error: &#x27;str&#x27; object is not callable" in body
    assert preview.response("")[0] == 200  # the other pages still work
    template.write_text(template.read_text().replace("{% block main %}", "{% block main %}{% if %}"))
    preview.rebuild([template])
    status, _, body = preview.response("")
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
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    preview = _preview(tmp_path, content)
    preview.rebuild()

    def events_listed(body: bytes) -> int:
        # A split timeline's year navigation counts every year's events; a timeline on one page lists them.
        counts = re.findall(rb'<span class="count">(\d+)<', body)
        return sum(map(int, counts)) if counts else body.count(b'<li class="entry"')

    before = len(list((content / "events").glob("*.md")))
    assert events_listed(preview.response("")[2]) == before
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
    status, _, body = preview.response("")
    rebuilding.join()
    assert status == 200 and events_listed(body) == before + len(added)
