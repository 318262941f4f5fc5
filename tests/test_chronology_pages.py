"""The chronology's pages, read with an HTML parser: counterparts on leader pages, /relations/, /on-this-day/, the
press on event pages and the timeline, qualified dates, and a site for another pair of countries."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from chronology import (BEFORE, CIRCA, HANOI, KAZAN, LEAP_DAY, NO_PLACE, OCTOBER_1977, PHNOM_PENH, SAME_SIDE,
                        VIENTIANE, write_chronology)
from conftest import SampleSite, event_text, load_site, site_soup, soup, tree

from benchmarks.corpus import write_corpus
from generator.pipeline import PROJECT_ROOT, Project, build
from generator.pages.relations import MEETINGS_TABLE_COLUMNS, MEETINGS_TABLE_ROWS
from generator.queries import SiteQueries


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample of `tests/chronology.py`, built once."""
    return write_chronology(SampleSite(tmp_path_factory.mktemp("chronology"))).build()


def page(out: Path, path: str) -> BeautifulSoup:
    """The page at `path` (`leaders/to-lam`), its links as the addresses they name."""
    return site_soup(out, path + "/" if path else "")


def text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def counterpart_blocks(leader_page: BeautifulSoup) -> list[tuple[str, str, str, list[tuple[str, str, str, str]]]]:
    """Each `#with-<slug>` block: (id, name, count, [(datetime, date shown, event link, place), …])."""
    blocks = []
    for block in leader_page.select("section[aria-labelledby=counterparts] section.counterpart"):
        heading = block.find("h3")
        meetings = [(item.find("time")["datetime"], item.find("time").text, item.find("a")["href"],
                     text(item.select_one(".place")) if item.select_one(".place") else "")
                    for item in block.select("ol.meetings > li")]
        blocks.append((block["id"], heading.find("a").text, text(heading.select_one(".count")), meetings))
    return blocks


# Counterparts on leader pages

def test_a_leader_page_lists_the_counterparts_met_with_each_meetings_date_place_and_link(out: Path):
    tô_lâm = page(out, "leaders/to-lam")
    assert tô_lâm.find("h2", id="counterparts").text == "Counterparts met"
    assert counterpart_blocks(tô_lâm) == [
        ("with-thongloun-sisoulith", "Thongloun Sisoulith", "2 meetings", [
            ("2019-05-06", "6 May 2019", f"/events/{HANOI}/", "Hà Nội, Việt Nam"),
            ("2024-10-24", "24 October 2024", f"/events/{KAZAN}/", "Kazan, Russia")]),
        ("with-sonexay-siphandone", "Sonexay Siphandone", "1 meeting", [
            ("2022-03", "c. March 2022", f"/events/{CIRCA}/", "Vientiane, Laos")]),
    ]  # not Chính (same side), not Hun Manet (Cambodia), not the draft
    heading = tô_lâm.select_one("#with-thongloun-sisoulith h3")
    assert heading.find("a")["href"] == "/leaders/thongloun-sisoulith/"


def test_each_meeting_says_the_role_each_of_the_two_held_where_recorded(out: Path):
    roles = [[text(line) for line in block.select(".meeting-roles")]
             for block in page(out, "leaders/to-lam").select("section.counterpart")]
    assert roles == [
        ["Tô Lâm: Minister of Public Security · Thongloun Sisoulith: role not recorded",
         "Tô Lâm: General Secretary · Thongloun Sisoulith: President"],
        [],  # no role recorded for either at CIRCA
    ]
    thongloun = page(out, "leaders/thongloun-sisoulith").select("#with-to-lam .meeting-roles")
    assert [text(line) for line in thongloun] == [
        "Thongloun Sisoulith: role not recorded · Tô Lâm: Minister of Public Security",
        "Thongloun Sisoulith: President · Tô Lâm: General Secretary"]


def test_a_mention_is_not_a_meeting_on_the_leader_page(out: Path):
    chính = counterpart_blocks(page(out, "leaders/pham-minh-chinh"))
    assert [(block_id, count, [link for _, _, link, _ in meetings]) for block_id, _, count, meetings in chính] == [
        ("with-thongloun-sisoulith", "2 meetings", [f"/events/{NO_PLACE}/", f"/events/{VIENTIANE}/"]),
        ("with-sonexay-siphandone", "1 meeting", [f"/events/{VIENTIANE}/"]),
    ]  # KAZAN only mentions Chính


def test_a_third_countrys_leader_page_has_no_counterparts_section(out: Path):
    hun_manet = page(out, "leaders/hun-manet")
    assert hun_manet.find(id="counterparts") is None
    assert [a["href"] for a in hun_manet.select("section[aria-labelledby=took-part] ol.event-list a")] == [
        f"/events/{PHNOM_PENH}/", f"/events/{CIRCA}/"]  # the events are listed; they are not meetings


def test_a_leader_of_a_side_who_met_no_one_says_so(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text(leaders="[Tô Lâm, Chính]", extra="mentions: [Thongloun Sisoulith]\n"))
    lâm = page(sample.build(tmp_path / "_site"), "leaders/to-lam")
    assert text(lâm.find(id="counterparts").parent) == "Counterparts met No meetings with leaders of Laos recorded."


# /relations/

def test_the_relations_table_has_one_sides_leaders_as_rows_the_others_as_columns_by_meetings(out: Path):
    relations = page(out, "relations")
    table = relations.select_one("table.who-met-whom")
    assert text(table.caption) == "Meetings between leaders of Việt Nam (rows) and of Laos (columns), most meetings first"
    assert [text(th) for th in table.select("thead th")] == ["Thongloun Sisoulith", "Sonexay Siphandone"]  # 4, 2
    rows = [(text(tr.th), [(text(td), td.a["href"] if td.a else None) for td in tr.find_all("td")])
            for tr in table.select("tbody tr")]
    assert rows == [
        ("Tô Lâm", [("2", "/leaders/to-lam/#with-thongloun-sisoulith"), ("1", "/leaders/to-lam/#with-sonexay-siphandone")]),
        ("Phạm Minh Chính", [("2", "/leaders/pham-minh-chinh/#with-thongloun-sisoulith"),
                             ("1", "/leaders/pham-minh-chinh/#with-sonexay-siphandone")]),
    ]
    assert table.select_one("tbody td a")["aria-label"] == "Tô Lâm and Thongloun Sisoulith: 2 meetings"
    assert text(relations.select_one("p.lede")) == (
        "5 meetings in which leaders of Việt Nam and of Laos took part, from 2019 to 2024. "
        "Leaders only mentioned in a report are not counted.")
    assert relations.select_one("ol.pair-list") is None


def test_meetings_per_year_are_an_inline_svg_bar_chart_with_a_title_and_a_data_table(out: Path):
    relations = page(out, "relations")
    svg = relations.select_one("section[aria-labelledby=per-year] figure svg")
    assert (svg["role"], svg["aria-labelledby"]) == ("img", "chart-title")
    assert svg.find("title", id="chart-title").text == "Meetings per year, 2019 to 2024: at most 2 in a year"
    bars = [(rect.title.text, float(rect["height"]), float(rect["y"])) for rect in svg.find_all("rect")]
    assert bars == [("2019: 1", 60.0, 60.0), ("2020: 0", 0.0, 120.0), ("2021: 1", 60.0, 60.0), ("2022: 1", 60.0, 60.0),
                    ("2023: 0", 0.0, 120.0), ("2024: 2", 120.0, 0.0)]
    table = relations.select_one("section[aria-labelledby=per-year] table.chart-data")
    assert [(text(tr.th), text(tr.td)) for tr in table.select("tbody tr")] == [
        ("2019", "1"), ("2020", "0"), ("2021", "1"), ("2022", "1"), ("2023", "0"), ("2024", "2")]


def test_the_places_are_counted_and_grouped_by_their_country(out: Path):
    section = page(out, "relations").select_one("section[aria-labelledby=places]")
    grouped = [(text(heading), [text(item) for item in heading.find_next_sibling("ul").find_all("li")])
               for heading in section.select("h3.place-country")]
    assert grouped == [
        ("Laos 2 meetings", ["Vientiane, Laos 2"]),
        ("Country not named 1 meeting", ["Place not recorded 1"]),
        ("Russia 1 meeting", ["Kazan, Russia 1"]),
        ("Việt Nam 1 meeting", ["Hà Nội, Việt Nam 1"]),
    ]


def test_a_site_without_meetings_says_so_on_relations(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text(leaders="[Tô Lâm, Chính]"))
    relations = page(sample.build(tmp_path / "_site"), "relations")
    assert text(relations.select_one("p.lede")).startswith("0 meetings in which leaders of Việt Nam and of Laos took part.")
    assert relations.find("svg") is None and relations.find("table") is None


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteQueries]:
    """A generated site small enough for the who-met-whom table, with pairs that never met."""
    root = tmp_path_factory.mktemp("small-corpus")
    content = write_corpus(root, events=40, leaders=10)
    site, problems = load_site(Project(content_dir=content))
    assert site is not None, problems[:3]
    out = root / "_site"
    build(Project(content_dir=content), out)
    return out, SiteQueries(site)


def test_every_cell_of_the_table_is_its_pairs_meetings_and_links_to_its_block(small_corpus: tuple[Path, SiteQueries]):
    out, site = small_corpus
    table = page(out, "relations").select_one("table.who-met-whom")
    columns = [leader for leader, _ in site.pair_leaders(1)]
    rows = [leader for leader, _ in site.pair_leaders(0)]
    assert [th.a["href"] for th in table.select("thead th")] == [f"/leaders/{leader.slug}/" for leader in columns]
    assert [tr.th.a["href"] for tr in table.select("tbody tr")] == [f"/leaders/{leader.slug}/" for leader in rows]
    empty = 0
    for row, tr in zip(rows, table.select("tbody tr"), strict=True):
        for column, td in zip(columns, tr.find_all("td"), strict=True):
            count = site.pair_meetings.get((row.slug, column.slug))
            if count is None:
                assert (td.text, td.a) == ("", None)
                empty += 1
                continue
            assert (td.a.text, td.a["href"]) == (str(count), f"/leaders/{row.slug}/#with-{column.slug}")
            block = page(out, f"leaders/{row.slug}").find(id=f"with-{column.slug}")
            assert len(block.select("ol.meetings > li")) == count
    assert empty > 0  # the sample has pairs that never met


@pytest.fixture(scope="module")
def corpus_site(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteQueries]:
    """The 520-event corpus, built once: too many leaders a side for a table."""
    site, problems = load_site(Project(content_dir=corpus))
    assert site is not None, problems[:3]
    out = tmp_path_factory.mktemp("corpus-site") / "_site"
    build(Project(content_dir=corpus), out)
    return out, SiteQueries(site)


def test_above_the_tables_size_relations_keeps_those_who_met_most_and_links_every_other_leaders_page(
        corpus_site: tuple[Path, SiteQueries]):
    out, site = corpus_site
    relations = page(out, "relations")
    assert len(site.pair_leaders(0)) > MEETINGS_TABLE_ROWS or len(site.pair_leaders(1)) > MEETINGS_TABLE_COLUMNS
    table = relations.select_one("table.who-met-whom")
    rows, columns = site.pair_leaders(0)[:MEETINGS_TABLE_ROWS], site.pair_leaders(1)[:MEETINGS_TABLE_COLUMNS]
    assert [th.a["href"] for th in table.select("thead th")] == [f"/leaders/{leader.slug}/" for leader, _ in columns]
    assert [tr.th.a["href"] for tr in table.select("tbody tr")] == [f"/leaders/{leader.slug}/" for leader, _ in rows]
    assert "who met most" in text(table.caption)
    # Every leader who met a counterpart, most meetings first, links the counterparts on their own page.
    lists = relations.select("ul.met-list")
    for side, listed in zip((0, 1), lists, strict=True):
        assert [(item.a["href"], text(item.select_one(".count"))) for item in listed.find_all("li")] == [
            (f"/leaders/{leader.slug}/#counterparts", f"{count} meeting{'' if count == 1 else 's'}")
            for leader, count in site.pair_leaders(side)]
    assert relations.select_one("ol.pair-list") is None


def test_on_the_corpus_every_counterpart_blocks_count_is_its_meetings_and_its_pairs(corpus_site: tuple[Path, SiteQueries]):
    out, site = corpus_site
    blocks = 0
    for leader in site.leaders:
        side = site.side_of(leader)
        found = counterpart_blocks(page(out, f"leaders/{leader.slug}"))
        assert [block_id for block_id, *_ in found] == [f"with-{c.leader.slug}" for c in site.counterparts(leader)]
        for block_id, _, count, meetings in found:
            other = block_id.removeprefix("with-")
            pair = (leader.slug, other) if side == 0 else (other, leader.slug)
            assert count == f"{len(meetings)} meeting{'' if len(meetings) == 1 else 's'}"
            assert len(meetings) == site.pair_meetings[pair]
            blocks += 1
    assert blocks == 2 * len(site.pairs)
    chart = page(out, "relations").select("table.chart-data tbody tr")
    assert sum(int(text(tr.td)) for tr in chart) == len(site.meetings)


def test_on_the_corpus_the_timeline_pages_keep_qualified_dates_in_timeline_order(corpus_site: tuple[Path, SiteQueries]):
    out, site = corpus_site
    listed = []
    for year, _ in site.years:
        for entry in page(out, f"years/{year}").select("li.entry"):
            time = entry.select_one(".entry-date time")
            listed.append((entry["data-slug"], time["datetime"], time.text))
    assert listed == [(event.slug, event.date.iso, event.date.human) for event in site.events]
    shown = {human.split(" ")[0] for _, _, human in listed}
    assert {"c.", "before", "after"} <= shown


# /on-this-day/

def test_on_this_day_lists_the_exact_days_under_month_day_headings_in_calendar_order(out: Path):
    months = page(out, "on-this-day").select("nav.month-index li")
    assert [(item.a["href"], item.a["data-days"], text(item)) for item in months] == [
        ("/on-this-day/01/", "01-05", "January 1 event"), ("/on-this-day/02/", "02-11 02-29", "February 2 events"),
        ("/on-this-day/05/", "05-06", "May 1 event"), ("/on-this-day/06/", "06-02", "June 1 event"),
        ("/on-this-day/10/", "10-24", "October 2 events")]
    listed = []
    for item in months:
        month_page = page(out, item.a["href"].strip("/"))
        assert text(month_page.h1) == f"On this day: {item.a.text}"
        assert month_page.select_one('nav.month-nav a[aria-current="page"]')["href"] == item.a["href"]
        listed += [(day["id"], day["data-day"], text(day.h2),
                    [(text(entry.select_one(".year")), entry.a["href"]) for entry in day.select("ol.day-events > li")])
                   for day in month_page.select("ol.days > li.day")]
    assert listed == [
        ("d01-05", "01-05", "5 January", [("2024", f"/events/{VIENTIANE}/")]),
        ("d02-11", "02-11", "11 February", [("2021", f"/events/{NO_PLACE}/")]),
        ("d02-29", "02-29", "29 February", [("2020", f"/events/{LEAP_DAY}/")]),
        ("d05-06", "05-06", "6 May", [("2019", f"/events/{HANOI}/")]),
        ("d06-02", "06-02", "2 June", [("2021", f"/events/{PHNOM_PENH}/")]),
        ("d10-24", "10-24", "24 October", [("1977", f"/events/{OCTOBER_1977}/"), ("2024", f"/events/{KAZAN}/")]),
    ]  # not BEFORE, CIRCA, SAME_SIDE or the draft
    assert f"/events/{BEFORE}/" not in str(page(out, "on-this-day/10"))


def test_on_this_day_is_the_same_bytes_whatever_the_day_of_the_build(tmp_path: Path, out: Path):
    # Built a calendar day apart (UTC+14 and UTC-12 are 26 hours apart): nothing of "today" reaches the output.
    content = out.parent / "content"
    days, built = [], []
    for zone in ("Etc/GMT-14", "Etc/GMT+12"):
        env = {**os.environ, "TZ": zone}
        today = subprocess.run([sys.executable, "-c", "import datetime; print(datetime.date.today())"], env=env,
                               capture_output=True, text=True, check=True).stdout
        days.append(today)
        target = tmp_path / zone.replace("/", "-")
        subprocess.run([sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--content", str(content),
                        "--out", str(target), "--no-cache"], env=env, check=True, capture_output=True, timeout=120)
        built.append(tree(target))
    assert days[0] != days[1]
    assert built[0]["on-this-day/index.html"] == built[1]["on-this-day/index.html"]
    assert built[0] == built[1]


def test_the_timeline_links_to_on_this_day_and_its_data_without_javascript(out: Path):
    strip = page(out, "").select_one("#on-this-day-strip")
    # Relative to the page, as the script loads them; the data's event links are relative to `data-root`.
    assert (strip["data-days"], strip["data-root"], strip["data-page"], strip.a["href"]) == (
        "days/", "./", "on-this-day/index.html", "/on-this-day/")
    assert page(out, "on-this-day/10").select_one("ol.days") is not None  # in the HTML itself, not added by a script


# Event pages and the timeline: press and qualified dates

def test_an_event_page_says_who_reported_it_by_side_in_full(out: Path):
    def reported(slug: str) -> str:
        return text(page(out, f"events/{slug}").select_one("p.source"))

    assert reported(KAZAN) == ("Reported by Vietnamese press: Vietnam News Agency (VNA); Lao press: Lao News Agency "
                               "(KPL); international press: Agence Kampuchea Presse (AKP).")
    assert reported(VIENTIANE) == "Reported by Vietnamese press: Vietnam News Agency (VNA); Lao press: Lao News Agency (KPL)."
    assert reported(PHNOM_PENH) == "Reported by international press: Agence Kampuchea Presse (AKP)."


def test_two_publishers_of_one_side_are_one_press(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text().replace("source: VNS", "source: VNA/VNS"))
    event = page(sample.build(tmp_path / "_site"), "events/2024-10-24-a")
    assert text(event.select_one("p.source")) == (
        "Reported by Vietnamese press: Vietnam News Agency (VNA), Việt Nam News (VNS).")
    data = json.loads(event.find("script", type="application/ld+json").string)
    assert [(o["name"], o["alternateName"]) for o in data["publisher"]] == [
        ("Vietnam News Agency", "VNA"), ("Việt Nam News", "VNS")]


@pytest.mark.parametrize("slug, published", [
    (HANOI, "2019-05-06"), (LEAP_DAY, "2020-02-29"),  # known to the day
    (CIRCA, None), (BEFORE, None), (SAME_SIDE, None),  # c. March 2022, before 24 October 2020, 2023
])
def test_json_ld_date_published_is_a_day_or_nothing_as_googles_article_rules_read_it(out: Path, slug: str,
                                                                                    published: str | None):
    # Google's Article rules take an ISO 8601 date or date-time: `2022-03`, `2023` or a day known only roughly
    # would claim a publication day the sources do not give, so the property is left out.
    import datetime as dt

    import extruct

    html = (out / "events" / slug / "index.html").read_text(encoding="utf-8")
    [article] = extruct.extract(html, base_url=f"https://example.org/events/{slug}/", syntaxes=["json-ld"],
                                errors="strict")["json-ld"]
    assert article["@type"] == "NewsArticle" and article["headline"]
    assert article.get("datePublished") == published
    if published is not None:
        assert dt.date.fromisoformat(article["datePublished"]).isoformat() == published  # a whole day, as Google reads


@pytest.mark.parametrize("slug, datetime, shown", [
    (CIRCA, "2022-03", "c. March 2022"),
    (BEFORE, "2020-10-24", "before 24 October 2020"),
    (SAME_SIDE, "2023", "2023"),
])
def test_a_qualified_date_shows_its_qualifier_and_its_digits_in_time_datetime(out: Path, slug: str,
                                                                                         datetime: str, shown: str):
    event = page(out, f"events/{slug}")
    time = event.select_one(".event-header time")
    assert (time["datetime"], time.text) == (datetime, shown)
    assert event.find("meta", property="article:published_time")["content"] == datetime
    [entry] = [entry for entry in page(out, "").select("li.entry") if entry["data-slug"] == slug]
    assert (entry.time["datetime"], entry.time.text) == (datetime, shown)


def test_an_after_date_shows_after(sample: SampleSite, tmp_path: Path):
    sample.event("1975-12-a.md", event_text(date="after 1975-12"))
    time = page(sample.build(tmp_path / "_site"), "events/1975-12-a").select_one(".event-header time")
    assert (time["datetime"], time.text) == ("1975-12", "after December 1975")


def test_the_timeline_filters_by_press_with_a_select_and_each_entrys_data_press(out: Path):
    timeline = page(out, "")
    options = [(option["value"], option.text) for option in timeline.select("select#press option")]
    assert options == [("", "Any press"), ("viet-nam", "Vietnamese press"), ("laos", "Lao press"),
                       ("international", "International press"), ("both", "Both Vietnamese and Lao press")]
    assert timeline.find("label", attrs={"for": "press"}).text == "Reported by"
    press = {entry["data-slug"]: entry["data-press"].split() for entry in timeline.select("li.entry")}
    assert press == {OCTOBER_1977: ["viet-nam"], HANOI: ["viet-nam"], LEAP_DAY: ["viet-nam"], BEFORE: ["viet-nam"],
                     NO_PLACE: ["viet-nam"], PHNOM_PENH: ["international"], CIRCA: ["viet-nam"],
                     SAME_SIDE: ["viet-nam"], VIENTIANE: ["viet-nam", "laos", "both"],
                     KAZAN: ["viet-nam", "laos", "international", "both"]}


def test_a_site_reported_by_one_press_offers_only_that_press(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text())
    options = [option["value"] for option in page(sample.build(tmp_path / "_site"), "").select("select#press option")]
    assert options == ["", "viet-nam"]


@pytest.mark.parametrize("path, current", [
    ("", "Timeline"), ("leaders", "Leaders"), ("relations", "Who met whom"), ("on-this-day", "On this day"),
    (f"events/{KAZAN}", None), ("leaders/to-lam", None),
])
def test_the_site_navigation_links_to_relations_and_on_this_day_marking_the_current_page(out: Path, path: str,
                                                                                        current: str | None):
    nav = page(out, path).select_one("nav.site-nav")
    assert [(a.text, a["href"]) for a in nav.find_all("a")] == [
        ("Timeline", "/"), ("Leaders", "/leaders/"), ("Who met whom", "/relations/"), ("On this day", "/on-this-day/")]
    assert [a.text for a in nav.select("a[aria-current=page]")] == ([current] if current else [])


# A site for another pair of countries is only other content

OTHER_SITE_YML = """\
title: Thailand–Cambodia relations
description: Meetings between leaders of Thailand and Cambodia.
base_url: https://example.org/
language: en
countries:
  - {name: Thailand, adjective: Thai}
  - {name: Cambodia, adjective: Cambodian}
  - {name: Malaysia, adjective: Malaysian}
"""
OTHER_SOURCES_YML = """\
TNA: {name: Thai News Agency, country: Thailand}
BP: {name: Bangkok Post, country: Thailand}
AKP: {name: Agence Kampuchea Presse, country: Cambodia}
BER: {name: Bernama, country: Malaysia}
"""
THE_USUAL_PAIR = re.compile(r"Việt|Viet|Vietnam|\bLaos?\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def other_pair(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("other-pair")
    content = root / "content"
    files = {
        "site.yml": OTHER_SITE_YML, "sources.yml": OTHER_SOURCES_YML,
        "leaders/anutin-charnvirakul.md": "---\nname: Anutin Charnvirakul\ncountry: Thailand\n---\n",
        "leaders/paetongtarn-shinawatra.md": "---\nname: Paetongtarn Shinawatra\ncountry: Thailand\n---\n",
        "leaders/hun-manet.md": "---\nname: Hun Manet\ncountry: Cambodia\n---\n",
        "leaders/anwar-ibrahim.md": "---\nname: Anwar Ibrahim\ncountry: Malaysia\n---\n",
        "events/2025-10-26-accord.md": (
            "---\ntitle: Peace accord signed in Kuala Lumpur\ndate: 2025-10-26\nplace: Kuala Lumpur, Malaysia\n"
            "leaders: [{name: Anutin Charnvirakul, role: Prime Minister}, {name: Hun Manet, role: Prime Minister}, "
            "Anwar Ibrahim]\nsource: TNA/AKP/BER\nsummary: An accord.\n---\n\nThe accord.\n"),
        "events/2025-07-talks.md": (
            "---\ntitle: Border talks\ndate: circa 2025-07\nplace: Bangkok, Thailand\n"
            "leaders: [Paetongtarn Shinawatra, Hun Manet]\nsource: BP/TNA\nsummary: Talks.\n---\n\nTalks.\n"),
    }
    for relative, body in files.items():
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).write_text(body, encoding="utf-8")
    out = root / "_site"
    build(Project(content_dir=content), out)
    return out


def test_another_pairs_site_never_names_viet_nam_or_laos(other_pair: Path):
    published = [path for path in sorted(other_pair.rglob("*"))
                 if path.suffix in (".html", ".xml", ".json", ".jsonl", ".ics", ".csv", ".js")]
    assert len(published) > 10
    for path in published:
        found = THE_USUAL_PAIR.findall(path.read_text(encoding="utf-8"))
        assert found == [], f"{path.relative_to(other_pair)}: {found}"


def test_another_pairs_pages_say_their_countries_and_their_press(other_pair: Path):
    relations = page(other_pair, "relations")
    assert text(relations.select_one("table.who-met-whom caption")) == (
        "Meetings between leaders of Thailand (rows) and of Cambodia (columns), most meetings first")
    assert [(text(tr.th), [text(td) for td in tr.find_all("td")]) for tr in relations.select("table.who-met-whom tbody tr")] == [
        ("Anutin Charnvirakul", ["1"]), ("Paetongtarn Shinawatra", ["1"])]
    anutin = page(other_pair, "leaders/anutin-charnvirakul")
    assert text(anutin.select_one("#counterparts + p")) == (
        "Leaders of Cambodia who took part in the same events as Anutin Charnvirakul, most meetings first.")
    assert [block_id for block_id, *_ in counterpart_blocks(anutin)] == ["with-hun-manet"]  # not Anwar Ibrahim
    assert page(other_pair, "leaders/anwar-ibrahim").find(id="counterparts") is None
    assert text(page(other_pair, "events/2025-10-26-accord").select_one("p.source")) == (
        "Reported by Thai press: Thai News Agency (TNA); Cambodian press: Agence Kampuchea Presse (AKP); "
        "international press: Bernama (BER).")
    assert text(page(other_pair, "events/2025-07-talks").select_one("p.source")) == (
        "Reported by Thai press: Bangkok Post (BP), Thai News Agency (TNA).")
    timeline = page(other_pair, "")
    assert [(option["value"], option.text) for option in timeline.select("select#press option")] == [
        ("", "Any press"), ("thailand", "Thai press"), ("cambodia", "Cambodian press"),
        ("international", "International press"), ("both", "Both Thai and Cambodian press")]
    assert [(entry["data-slug"], entry["data-press"].split()) for entry in timeline.select("li.entry")] == [
        ("2025-07-talks", ["thailand"]), ("2025-10-26-accord", ["thailand", "cambodia", "international", "both"])]


# Events of several days, kinds of contact, several reports of one event

def plain(tag: Tag) -> str:
    """A tag's text as a reader sees it (`text` puts a space between elements, even inside "10–13")."""
    return " ".join(tag.get_text().split())


def model_site(sample: SampleSite) -> None:
    """A visit of several days across two months (in person, both sides' press), a call, a letter, a summit."""
    sample.leader("to-lam", "Tô Lâm", "Việt Nam", ["Lâm", "To Lam", "Tô Lâm (General Secretary)"])
    sample.event("2024-09-30-visit.md", event_text(
        title="Visit", date="2024-09-30", leaders="[{name: Tô Lâm, role: General Secretary}, Thongloun Sisoulith]",
        extra=("end_date: 2024-10-02\ncontact: in person\nother_reports:\n  - {source: KPL, url: https://kpl.gov.la/a}\n"
               "  - {source: VNA, url: https://vna.vn/b}\n")))
    sample.event("2024-09-10-summit.md", event_text(
        title="Summit", date="2024-09-10", leaders="[{name: To Lam, role: President}, Thongloun Sisoulith]",
        extra="end_date: 2024-09-13\ncontact: sidelines\n"))
    sample.event("2024-11-05-call.md", event_text(title="Call", date="2024-11-05", leaders="[Lâm, Thongloun Sisoulith]",
                                                  extra="contact: call\n"))
    sample.event("2024-11-06-letter.md", event_text(title="Letter", date="2024-11-06",
                                                    leaders="[Chính, Thongloun Sisoulith]", extra="contact: letter\n"))
    sample.event("2024-12-01-full.md", event_text(title="Full text", date="2024-12-01", leaders="[Lâm]",
                                                  extra="full_text: true\n"))


@pytest.fixture
def model_out(sample: SampleSite, tmp_path: Path) -> Path:
    model_site(sample)
    return sample.build(tmp_path / "_site")


def test_an_event_of_several_days_shows_its_range_with_a_time_at_each_end_wherever_its_date_is(model_out: Path):
    event = page(model_out, "events/2024-09-30-visit").select_one(".entry-date")
    assert plain(event) == "30 September – 2 October 2024"
    assert [(time["datetime"], time.text) for time in event.select("time")] == [
        ("2024-09-30", "30 September"), ("2024-10-02", "2 October 2024")]
    timeline = page(model_out, "")
    entry = timeline.select_one('li.entry[data-slug="2024-09-10-summit"] .entry-date')
    assert plain(entry) == "10–13 September 2024"
    assert [time["datetime"] for time in entry.select("time")] == ["2024-09-10", "2024-09-13"]
    # It sorts by its first day: the summit (10 September) before the visit (30 September).
    assert [li["data-slug"] for li in timeline.select("li.entry")][:2] == ["2024-09-10-summit", "2024-09-30-visit"]
    leader = page(model_out, "leaders/to-lam")
    listed = {a.text: plain(a.parent) for a in leader.select("#took-part ~ ol a, #took-part + ol a, .event-list a")}
    assert listed["Visit"].startswith("30 September – 2 October 2024 Visit")


def test_a_leaders_roles_carry_the_ranges_and_one_leader_under_several_spellings_is_one_leader(model_out: Path):
    leader = page(model_out, "leaders/to-lam")
    # `To Lam` (an alias) in the summit and `Tô Lâm` in the visit are the same leader, on one page.
    assert [plain(li) for li in leader.select("ul.roles li")] == [
        "President: 10–13 September 2024", "General Secretary: 30 September – 2 October 2024"]
    assert not (model_out / "leaders" / "to-lam-2").exists()
    assert {a.text for a in leader.select(".event-list a")} >= {"Visit", "Summit", "Call", "Full text"}


def test_the_event_page_says_the_kind_of_contact_and_lists_every_report_with_a_link(model_out: Path):
    visit = page(model_out, "events/2024-09-30-visit")
    facts = dict(zip((plain(dt) for dt in visit.select("dl.facts dt")), (plain(dd) for dd in visit.select("dl.facts dd"))))
    assert facts["Contact"] == "In person"
    assert plain(visit.select_one(".report-links")) == (
        "Reports: Việt Nam News (VNS), Lao News Agency (KPL), Vietnam News Agency (VNA).")
    assert [(a["href"], a.text) for a in visit.select(".report-links a")] == [
        ("https://example.org/report", "Việt Nam News (VNS)"), ("https://kpl.gov.la/a", "Lao News Agency (KPL)"),
        ("https://vna.vn/b", "Vietnam News Agency (VNA)")]
    assert plain(visit.select_one(".text-origin")) == (
        "The text above is a summary written for this timeline from the 3 reports below, not the reports' own words: "
        "read them for the full account.")
    assert plain(visit.select_one("p.source")) == (
        "Reported by Vietnamese press: Việt Nam News (VNS), Vietnam News Agency (VNA); Lao press: Lao News Agency (KPL).")
    summit = page(model_out, "events/2024-09-10-summit")
    assert "On the sidelines of a summit" in plain(summit.select_one("dl.facts"))
    assert plain(summit.select_one(".text-origin")).startswith("The text above is a summary written for this timeline "
                                                               "from the report below")
    full = page(model_out, "events/2024-12-01-full")
    assert plain(full.select_one(".text-origin")) == "The text above is the report as Việt Nam News (VNS) published it."
    assert full.select_one(".report-links") is None and "Contact" not in plain(full.select_one("dl.facts"))
    data = json.loads(visit.select_one('script[type="application/ld+json"]').string)
    assert data["temporalCoverage"] == "2024-09-30/2024-10-02"
    assert data["isBasedOn"] == ["https://example.org/report", "https://kpl.gov.la/a", "https://vna.vn/b"]


def test_the_timeline_filters_by_contact_and_both_sides_press(model_out: Path):
    timeline = page(model_out, "")
    assert [(option["value"], option.text) for option in timeline.select("select#contact option")] == [
        ("", "Any contact"), ("in-person", "In person"), ("sidelines", "On the sidelines of a summit"),
        ("call", "Phone or video call"), ("letter", "Letter or message")]
    assert {li["data-slug"]: li["data-contact"] for li in timeline.select("li.entry")} == {
        "2024-09-10-summit": "sidelines", "2024-09-30-visit": "in-person", "2024-11-05-call": "call",
        "2024-11-06-letter": "letter", "2024-12-01-full": ""}
    assert [li["data-slug"] for li in timeline.select("li.entry") if "both" in li["data-press"].split()] == [
        "2024-09-30-visit"]
    assert ("both", "Both Vietnamese and Lao press") in [(o["value"], o.text) for o in timeline.select("select#press option")]


def test_relations_counts_meetings_in_person_apart_from_calls_and_letters_and_both_sides_press(model_out: Path):
    relations = page(model_out, "relations")
    rows = [(plain(tr.th), plain(tr.td)) for tr in relations.select("table.contact-counts tbody tr")]
    assert rows == [("Met in person", "2"), ("By phone or video call", "1"), ("By letter or message", "1")]
    assert plain(relations.select_one(".press-both")) == (
        "1 event reported by both sides' press (Vietnamese and Lao): show them on the timeline.")
    assert relations.select_one(".press-both a")["href"] == "/?press=both"
