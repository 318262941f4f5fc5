"""`generator.preview.watcher`: saves seen by a real `serve`, bursts coalesced, renames followed, editors'
files ignored."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from preview.conftest import KAZAN, TIMEOUT, Served, fetch, raw_get, wait_connected, wait_until


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
