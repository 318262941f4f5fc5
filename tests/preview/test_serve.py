"""`generator.preview.serve`: the three parts put together, started and stopped as a person does."""

from __future__ import annotations

from playwright.sync_api import expect

from preview.conftest import Served


def test_serve_prints_the_address_and_serves_the_site(served: Served, page):
    assert served.process.wait_for("serving") .endswith(f"at {served.url} (Ctrl-C to stop)")
    page.goto(served.url)
    expect(page.locator("h1")).to_have_text("Việt Nam–Laos Relations")
    assert page.locator('script[src^="/livereload.js"]').count() == 1


def test_ctrl_c_stops_cleanly(served: Served):
    assert served.process.interrupt() == 0
    assert served.process.output.splitlines()[-1] == "stopped"
    assert "Traceback" not in served.process.output
