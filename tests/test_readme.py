"""The README's Quick start, as a newcomer follows it: what it says to open shows the styled site, and its links work."""

from __future__ import annotations

import re
import shlex

import pytest

from browser import follow, free_port, styled
from generator.pipeline import PROJECT_ROOT, Project, build

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> str:
    return README.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]


def test_the_quick_starts_first_shell_block_keeps_its_two_commands():
    block = re.search(r"```sh\n(.*?)```", quick_start(), re.S).group(1)
    assert block.splitlines() == ["python -m pip install -e . && python build.py", "bash scripts/test.sh"]


def test_what_the_quick_start_says_to_open_from_disk_is_the_styled_site_with_working_links(tmp_path, tabs):
    opened = re.search(r"open `(_site/[^`]+)` in a browser", quick_start())
    assert opened, "the Quick start no longer says which file to open"
    out = tmp_path / "_site"  # what `python build.py` writes, built here so as not to touch the clone's
    build(Project(), out)
    page = tabs.page()
    page.goto((out / opened.group(1).removeprefix("_site/")).resolve().as_uri())
    assert styled(page)
    follow(page, page.locator(".entry-title a").first)
    assert page.url.startswith(out.resolve().as_uri() + "/events/") and page.url.endswith("/index.html")
    assert styled(page) and page.locator("article.event h1").is_visible()


@pytest.fixture
def quick_start_preview(serve):
    """The preview the Quick start tells a newcomer to run, from the clone's root, on a free port instead of its own."""
    text = quick_start()
    said = re.search(r"run `(python build\.py serve[^`]*)`", text)
    address = re.search(r"<(http://127\.0\.0\.1:(\d+)/)>", text)
    assert said and address, f"the Quick start names no `python build.py serve` and address to open:\n{text}"
    command = shlex.split(said.group(1))
    port = free_port()
    process = serve(*command[3:], "--port", str(port), cwd=PROJECT_ROOT)
    url = address.group(1).replace(f":{address.group(2)}/", f":{port}/")
    assert process.wait_for("Ctrl-C to stop").endswith(f"at {url} (Ctrl-C to stop)")
    return url


def test_what_the_quick_start_says_to_open_is_the_styled_site_with_working_links(quick_start_preview: str, tabs):
    page = tabs.page()
    responses = []
    page.on("response", lambda response: responses.append((response.url, response.status)))
    assert page.goto(quick_start_preview).status == 200
    page.wait_for_load_state("networkidle")
    assert styled(page)
    loaded = {url.split("?")[0].removeprefix(quick_start_preview) for url, status in responses if status == 200}
    assert {"css/site.css", "js/timeline.js"} <= loaded, responses
    link = page.locator('.entry a[href^="events/"]').first
    href = link.get_attribute("href")
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200 and page.url == quick_start_preview + href
    page.wait_for_load_state("networkidle")
    assert styled(page) and page.locator("article.event h1").is_visible()
    assert [(url, status) for url, status in responses if status >= 400] == []
