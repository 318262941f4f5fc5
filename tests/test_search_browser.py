"""Search and filters in Chromium, opened from disk (file://) and served under a sub-path: phrases first, and
only the pieces of the index a query needs.

The sites opened from disk are built as a newcomer builds them, without a base URL: every link is relative to its
page (see tests/test_from_disk.py); what is tested here is that the search's pieces load from a disk, where
fetch() is refused.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from browser import free_port
from conftest import TWO_EVENTS, load_site
from playwright.sync_api import expect
from test_readers import serving

from generator.exports.search_pieces import read_piece
from generator.pipeline import BuildOptions, Project, build

KAZAN = "2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan"
VIENTIANE = "2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane"
LAM_DONG = "2023-03-01-delegation-visits-lam-dong"
LAM_DONG_EVENT = """---
title: Delegation visits Lâm Đồng
date: 2023-03-01
place: Đà Lạt, Việt Nam
leaders: [Lương Cường]
source: VNS
source_url: https://example.org/lam-dong
---

Lâm Đồng province welcomed a delegation that came to discuss coffee.
"""
SUB_PATH = "/sub/dir/"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two events, and an earlier one whose words hold "to" and "Lâm" apart."""
    content = tmp_path_factory.mktemp("search") / "content"
    shutil.copytree(TWO_EVENTS, content)
    (content / "events" / f"{LAM_DONG}.md").write_text(LAM_DONG_EVENT, encoding="utf-8")
    return content


def on_disk(content: Path, out: Path) -> str:
    """Build `content` into `out` to be opened from disk: the address of its first page."""
    build(Project(content_dir=content), out, BuildOptions())
    return out.as_uri() + "/index.html"


@pytest.fixture(scope="module")
def disk(content: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    return on_disk(content, tmp_path_factory.mktemp("disk") / "_site")


@pytest.fixture(scope="module")
def sub_path(content: Path, tmp_path_factory: pytest.TempPathFactory):
    """The same site served over http under /sub/dir/: its base URL."""
    root = tmp_path_factory.mktemp("www")
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    build(Project(content_dir=content), root / SUB_PATH.strip("/"), BuildOptions(base_url=base))
    with serving(root, port):
        yield base


@pytest.fixture
def page(tabs):
    page = tabs.page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors


def results(page) -> list[str]:
    return page.eval_on_selector_all("#results .entry", "nodes => nodes.map(n => n.dataset.slug)")


def test_searching_from_disk_finds_folded_words_and_ranks_the_phrase_first(disk: str, page):
    page.goto(disk)
    page.get_by_role("searchbox", name="Search").fill("to lam")
    expect(page.locator("#results .entry")).to_have_count(2)
    # Tô Lâm's event holds "to lam" as a phrase: it comes first although it is the later one.
    assert results(page) == [VIENTIANE, LAM_DONG]
    assert page.locator(".year").first.is_hidden()  # the ranked list stands in for the years meanwhile
    page.get_by_role("searchbox", name="Search").fill('"lam dong"')
    expect(page.locator("#results .entry")).to_have_count(1)
    assert results(page) == [LAM_DONG]
    page.get_by_role("searchbox", name="Search").fill("ĐÀ LẠT")
    expect(page.locator("#results .entry")).to_have_count(1)
    page.get_by_role("button", name="Clear").click()
    expect(page.locator(".entry:not([hidden])")).to_have_count(3)
    assert page.locator("#results").is_hidden()


def test_filters_work_from_disk(disk: str, page):
    page.goto(disk + "?leader=to-lam")
    expect(page.locator("#filter-status")).to_have_text(re.compile("^Showing 1 of 3 events"))
    assert page.eval_on_selector_all(".entry:not([hidden])", "nodes => nodes.map(n => n.dataset.slug)") == [VIENTIANE]
    page.get_by_label("Leader").select_option("")
    page.get_by_label("Year", exact=True).select_option("2023")
    expect(page.locator(".entry:not([hidden])")).to_have_count(1)
    page.get_by_role("searchbox", name="Search").fill("coffee")  # a word of the article, with a filter
    expect(page.locator("#results .entry")).to_have_count(1)
    page.get_by_role("searchbox", name="Search").fill("kazan")
    expect(page.locator("#no-results")).to_be_visible()


def test_under_a_sub_path_search_loads_pieces_from_the_sub_path(sub_path: str, page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(sub_path)
    page.get_by_role("searchbox", name="Search").fill("TÔ LÂM")
    expect(page.locator("#results .entry")).to_have_count(2)
    assert results(page) == [VIENTIANE, LAM_DONG]
    link = page.locator("#results a").first
    assert link.get_attribute("href") == f"events/{VIENTIANE}/index.html"  # relative to the page
    assert link.evaluate("a => a.href") == sub_path + f"events/{VIENTIANE}/index.html"
    pieces = [url.split("?")[0] for url in requests if "/search/" in url]
    assert pieces and all(url.startswith(sub_path + "search/") for url in pieces)
    assert not any("search-index.json" in url for url in requests)


@pytest.fixture(scope="module")
def split_on_disk(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("split-disk") / "_site"
    return on_disk(corpus, out), out


def test_a_split_timeline_searches_and_filters_from_disk(split_on_disk: tuple[str, Path], corpus: Path, page):
    address, out = split_on_disk
    site, _ = load_site(Project(content_dir=corpus))
    leader = max(site.leaders, key=lambda leader: len(site.events_of(leader)))
    expected = [event.slug for event in site.events_of(leader)]
    page.goto(address + f"?leader={leader.slug}")
    expect(page.locator("#filter-status")).to_have_text(re.compile(f"^Showing {len(expected)} of 520 events"))
    expect(page.locator("#results .entry")).to_have_count(min(20, len(expected)))
    assert results(page) == expected[:20]
    year = site.events[0].date.year
    page.goto(address + f"?year={year}&q=meeting")
    in_year = [event.slug for event in site.events if event.date.year == year]
    expect(page.locator("#filter-status")).to_have_text(re.compile(f"^Showing {len(in_year)} of 520 events"))
    assert results(page) == in_year[:20]
    link = page.locator("#results a").first
    assert link.evaluate("a => a.href") == out.as_uri() + f"/events/{in_year[0]}/index.html"  # a file of this site



def test_a_search_loads_only_the_pieces_it_needs(split_on_disk: tuple[str, Path], corpus: Path, page):
    address, out = split_on_disk
    site, _ = load_site(Project(content_dir=corpus))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(address)
    leader = site.leaders[0]
    query = " ".join(leader.name.lower().split()[:2])
    page.get_by_role("searchbox", name="Search").fill(query)
    expect(page.locator("#results .entry").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    loaded = sorted({url.split("?")[0].rsplit("/", 1)[1] for url in requests if "/search/" in url})
    # What the page should need, worked out from the pieces as files: the list of pieces, one word piece per
    # word, the phrases' piece if they are kept apart, and the record pieces of the results listed.
    _, manifest = read_piece((out / "search" / "index.js").read_bytes())
    words = query.split()
    pieces = ["w" + max((key for key in manifest["k"] if word.startswith(key)), key=len) + ".js" for word in words]
    needed = {"index.js", *pieces}
    _, first = read_piece((out / "search" / pieces[0]).read_bytes())
    apart = {f"p{words[0]}-{words[1][0]}.js" for piece in [first] if words[0] in piece.get("s", [])}
    shown = page.eval_on_selector_all("#results .entry", "nodes => nodes.map(n => n.dataset.slug)")
    slugs = [event.slug for event in site.events]
    records = {f"r{slugs.index(slug) // manifest['r']}.js" for slug in shown}
    assert set(loaded) <= needed | apart | records
    assert needed | records <= set(loaded)
    assert len(loaded) < len(list((out / "search").iterdir())) / 4  # a small part of the index


@pytest.mark.parametrize("where", ["whole timeline", "split timeline"])
def test_the_results_are_accessible_with_headings_in_order(where: str, sub_path: str, split_on_disk, tabs):
    from axe_playwright_python.sync_playwright import Axe

    # axe is injected with page.evaluate, which the site's CSP (no eval) would refuse.
    page = tabs.page(bypass_csp=True)
    page.goto(sub_path + "?q=to+lam" if where == "whole timeline" else split_on_disk[0] + "?q=meeting+1")
    expect(page.locator("#results .entry").first).to_be_visible()
    expect(page.get_by_role("heading", name="Matching events", level=2)).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
