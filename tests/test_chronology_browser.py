"""The chronology's scripts in a real Chromium: the press filter, and "on this day" by the reader's clock.

The reader's clock is set with Playwright's clock: the built pages are the
same bytes whatever the day, and only the script knows what day it is.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from browser import free_port
from conftest import TWO_EVENTS, SampleSite, event_text
from playwright.sync_api import expect
from test_readers import serving

from generator.pipeline import BuildOptions, Project, build

KAZAN = "2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan"
VIENTIANE = "2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane"


class Served:
    def __init__(self, out: Path, base: str):
        self.out, self.base = out, base

    def url(self, path: str = "") -> str:
        return self.base + path


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory):
    """The real content, built and served."""
    root = tmp_path_factory.mktemp("chronology-real")
    port = free_port()
    build(Project(content_dir=TWO_EVENTS), root / "_site", BuildOptions(base_url=f"http://127.0.0.1:{port}/"))
    with serving(root / "_site", port):
        yield Served(root / "_site", f"http://127.0.0.1:{port}/")


@pytest.fixture(scope="module")
def split(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    """The 520-event corpus (a split timeline, six publishers, one of them international), built and served."""
    root = tmp_path_factory.mktemp("chronology-split")
    port = free_port()
    build(Project(content_dir=corpus), root / "_site", BuildOptions(base_url=f"http://127.0.0.1:{port}/"))
    with serving(root / "_site", port):
        yield Served(root / "_site", f"http://127.0.0.1:{port}/")


def at(browser, when: dt.datetime):
    """A page whose clock reads `when` (local time)."""
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    page.clock.install(time=when)
    return context, page


def visible_slugs(page) -> list[str]:
    return page.eval_on_selector_all(".entry:not([hidden])", "nodes => nodes.map(n => n.dataset.slug)")


# The press filter

@pytest.fixture
def three_presses(sample: SampleSite, tmp_path: Path):
    """Events reported by Vietnamese press, by Lao press, and by both."""
    sample.event("2024-01-05-vietnamese.md", event_text(title="Reported in Việt Nam", date="2024-01-05"))
    sample.event("2024-02-05-lao.md", event_text(title="Reported in Laos", date="2024-02-05").replace("source: VNS", "source: KPL"))
    sample.event("2024-03-05-both.md", event_text(title="Reported by both", date="2024-03-05").replace("source: VNS", "source: VNA/KPL"))
    port = free_port()
    out = tmp_path / "www"
    build(sample.project, out, BuildOptions(base_url=f"http://127.0.0.1:{port}/"))
    with serving(out, port):
        yield Served(out, f"http://127.0.0.1:{port}/")


@pytest.mark.parametrize(("press", "expected"), [
    ("viet-nam", ["2024-01-05-vietnamese", "2024-03-05-both"]),
    ("laos", ["2024-02-05-lao", "2024-03-05-both"]),
])
def test_the_timeline_filters_by_the_press_of_a_side_from_the_address_and_the_form(three_presses: Served, tabs,
                                                                                   press: str, expected: list[str]):
    page = tabs.page()
    page.goto(three_presses.url(f"?press={press}"))
    expect(page.locator(".entry:not([hidden])")).to_have_count(len(expected))
    assert visible_slugs(page) == expected
    expect(page.locator("#filter-status")).to_have_text(f"Showing {len(expected)} of 3 events")
    page.goto(three_presses.url())
    options = page.eval_on_selector_all("#press option", "nodes => nodes.map(n => [n.value, n.textContent])")
    assert options == [["", "Any press"], ["viet-nam", "Vietnamese press"], ["laos", "Lao press"],
                       ["both", "Both Vietnamese and Lao press"]]  # the event reported by VNA and KPL
    page.get_by_label("Reported by").select_option(press)
    expect(page.locator(".entry:not([hidden])")).to_have_count(len(expected))
    assert page.evaluate("location.search") == f"?press={press}"


def test_the_press_filter_works_on_a_split_timeline(split: Served, tabs):
    index = json.loads((split.out / "search-index.json").read_text(encoding="utf-8"))
    international = [slug for slug, entry in index.items() if "international" in entry["s"].split()]  # timeline order
    assert 0 < len(international) < len(index)
    page = tabs.page()
    page.goto(split.url("?press=international"))
    expect(page.locator("#filter-status")).to_have_text(f"Showing {len(international)} of {len(index)} events")
    expect(page.locator("#results .entry")).to_have_count(20)  # the first page of results
    shown = page.eval_on_selector_all("#results .entry", "nodes => nodes.map(n => n.dataset.slug)")
    assert shown == international[:20]
    assert page.locator("#press option[value=international]").text_content() == "International press"


# On this day

def test_on_this_day_opens_at_todays_date_and_says_how_long_ago(real: Served, browser):
    context, page = at(browser, dt.datetime(2026, 10, 24, 9, 0))
    page.set_viewport_size({"width": 390, "height": 500})
    page.goto(real.url("on-this-day/"))  # the list of months goes on to October's page, at today
    page.wait_for_url(real.url("on-this-day/10/index.html#d10-24"))  # links name the index: it works from disk
    today = page.locator("#d10-24")
    expect(today).to_have_attribute("aria-current", "date")
    expect(today).to_have_class("day today")
    expect(page.locator("#today-note")).to_have_text("Today is 24 October.")
    assert page.eval_on_selector_all(".day-events li", "nodes => nodes.map(n => n.querySelector('.ago').textContent)") == [
        "2 years ago"]
    # Opened at today (in the top half), not at the top, and nothing moves it after: the same place once the
    # page is whole and two frames later.
    page.wait_for_load_state("load")
    place = "document.getElementById('d10-24').getBoundingClientRect().top"
    top = page.evaluate(place)
    assert 0 <= top < 250 and page.evaluate("window.scrollY") > 0
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate(place) == top
    context.close()


def test_a_month_page_opened_without_a_day_scrolls_to_today_at_once(real: Served, browser):
    context, page = at(browser, dt.datetime(2026, 10, 24, 9, 0))
    page.set_viewport_size({"width": 390, "height": 500})
    page.goto(real.url("on-this-day/10/"))
    expect(page.locator("#d10-24")).to_have_attribute("aria-current", "date")
    assert page.evaluate("location.hash") == "#d10-24"
    # In one step: no smooth scroll still under way (the stylesheet asks for smooth scrolling elsewhere).
    top = page.evaluate("document.getElementById('d10-24').getBoundingClientRect().top")
    assert 0 <= top < 250
    context.close()


def test_on_a_day_without_events_on_this_day_opens_at_the_next_day_that_has_some(real: Served, browser):
    context, page = at(browser, dt.datetime(2026, 11, 3, 9, 0))
    page.goto(real.url("on-this-day/"))
    page.wait_for_url(real.url("on-this-day/12/index.html#d12-01"))
    expect(page.locator("#today-note")).to_have_text(
        "No events on 3 November; the next day with events is 1 December.")
    assert page.locator(".day[aria-current]").count() == 0
    page.goto(real.url("on-this-day/10/"))  # another month's page says where today's next events are
    expect(page.locator("#today-note")).to_have_text(
        "No events on 3 November; the next day with events is 1 December. See them.")
    assert page.locator("#today-note a").get_attribute("href") == "../../on-this-day/12/index.html#d12-01"
    context.close()


def test_on_this_day_is_a_complete_list_without_javascript(real: Served, tabs):
    page = tabs.page(java_script_enabled=False)
    page.goto(real.url("on-this-day/"))
    months = page.eval_on_selector_all(".month-index a", "nodes => nodes.map(n => [n.textContent, n.getAttribute('href')])")
    assert months == [["October", "../on-this-day/10/index.html"], ["December", "../on-this-day/12/index.html"]]
    listed = []
    for _, href in months:
        page.goto(real.url("on-this-day/" + href))
        listed += page.eval_on_selector_all(".day h2", "nodes => nodes.map(n => n.textContent)")
        listed += page.eval_on_selector_all(".day-events a", "nodes => nodes.map(n => n.getAttribute('href'))")
    assert listed == ["24 October", f"../../events/{KAZAN}/index.html", "1 December", f"../../events/{VIENTIANE}/index.html"]


def test_the_timelines_first_page_shows_todays_events_in_earlier_years(real: Served, browser):
    context, page = at(browser, dt.datetime(2026, 12, 1, 8, 0))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(real.url())
    strip = page.locator("#on-this-day-strip")
    expect(strip).to_have_class("on-this-day-strip has-events")
    expect(strip.locator("summary")).to_have_text("On this day, 1 December: 1 event")
    height = strip.bounding_box()["height"]
    strip.locator("summary").click()  # the whole titles open under the line
    title = ("Party General Secretary Tô Lâm meets Lao NA Chairman Saysomphone Phomvihane in Vientiane")
    expect(strip.locator("li")).to_have_text(f"{title} (2025, 1 year ago)")
    link = strip.get_by_role("link", name=title)
    assert link.get_attribute("href") == f"./events/{VIENTIANE}/index.html"  # data-root and the data's link
    box = link.bounding_box()
    assert box["width"] <= strip.bounding_box()["width"]  # whole, in the line's width
    assert strip.get_by_role("link", name="Every event on 1 December").get_attribute("href") == "on-this-day/index.html#d12-01"
    page.wait_for_load_state("networkidle")
    data = [url.split("?")[0] for url in requests]
    data = [url for url in data if not url.endswith((".css", "/", ".svg")) and "/js/" not in url]
    assert data == [real.url("days/12-01.js")]  # today's events alone, not every day's
    context.close()
    context, page = at(browser, dt.datetime(2026, 12, 2, 8, 0))  # no event on 2 December
    page.goto(real.url())
    page.wait_for_load_state("networkidle")
    strip = page.locator("#on-this-day-strip")
    expect(strip).to_have_text("On this day in earlier years")
    assert strip.bounding_box()["height"] == height  # the line is kept whether it is filled or not
    context.close()
