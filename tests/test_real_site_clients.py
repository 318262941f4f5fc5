"""The real chronology as real clients read it: the Nu HTML Checker on every page, axe on a page of every kind
(light and dark), served from a plain web server."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import free_port
from conftest import REAL_CONTENT
from generator.pipeline import BuildOptions, Project, build
from test_readers import Hosted, serving


@pytest.fixture(scope="module")
def real_hosted(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("real-hosted")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    build(Project(content_dir=REAL_CONTENT), root / "www", BuildOptions(base_url=base))
    with serving(root / "www", port):
        yield Hosted(root / "www", base)


def test_every_page_of_the_real_chronology_is_valid_html(real_hosted: Hosted, nu_checker):
    result = nu_checker("--root", str(real_hosted.out), "--log", "INFO")
    assert result.returncode == 0, result.stdout + result.stderr


def multi_day_event(out: Path) -> str:
    """An event page of the real chronology that shows a range of days and several reports."""
    for page in sorted((out / "events").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        if text.count("<time") >= 2 and "Reports" in text:
            return page.parent.relative_to(out).as_posix() + "/"
    raise AssertionError("no event of several days")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_the_real_chronology(real_hosted: Hosted, browser, scheme: str):
    paths = ["", multi_day_event(real_hosted.out), "leaders/", "leaders/to-lam/", "relations/", "on-this-day/"]
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)  # axe is injected with evaluate
    page = context.new_page()
    found = {}
    for path in paths:
        page.goto(real_hosted.url(path))
        results = Axe().run(page)
        if results.violations_count:
            found[path] = results.generate_report()
    context.close()
    assert found == {}
