"""sitemap.xml and robots.txt (`generator.exports.sitemap`): every page meant to be found, as it calls itself."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import SampleSite, soup

from exports.conftest import BASE, KAZAN, MONTH, YEAR, three_events
from generator.pipeline import BuildOptions, Project, build


def sitemap_locations(data: bytes) -> list[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in ET.fromstring(data).findall("s:url/s:loc", namespace)]


def test_the_sitemap_lists_the_home_page_every_event_every_leader_and_the_chronologies(files: dict[str, bytes]):
    assert sitemap_locations(files["sitemap.xml"]) == [
        BASE, BASE + f"events/{YEAR}/", BASE + f"events/{MONTH}/", BASE + f"events/{KAZAN}/",
        BASE + "leaders/", BASE + "leaders/pham-minh-chinh/", BASE + "leaders/thongloun-sisoulith/",
        BASE + "leaders/to-lam/", BASE + "relations/", BASE + "on-this-day/",
        BASE + "on-this-day/10/",  # the month of KAZAN, the one event known to the day
    ]


def built_page_urls(out: Path) -> set[str]:
    """The address of every HTML page a build wrote but the 404 page, as the pages' canonical links give it."""
    pages = {page.relative_to(out).as_posix() for page in out.rglob("*.html")} - {"404.html"}
    assert all(page.endswith("index.html") for page in pages)
    return {BASE + page.removesuffix("index.html") for page in pages}


def test_the_sitemap_lists_every_built_page_but_the_404_page(sample: SampleSite):
    three_events(sample)
    out = sample.build()
    locations = sitemap_locations((out / "sitemap.xml").read_bytes())
    assert len(locations) == len(set(locations))
    assert set(locations) == built_page_urls(out)


def test_on_a_split_timeline_the_sitemap_lists_the_year_pages_too(corpus: Path, tmp_path: Path):
    out = tmp_path / "_site"
    build(Project(content_dir=corpus), out, BuildOptions(base_url=BASE))
    years = sorted((out / "years").iterdir())
    assert len(years) > 10
    locations = sitemap_locations((out / "sitemap.xml").read_bytes())
    assert len(locations) == len(set(locations))
    assert set(locations) == built_page_urls(out)
    for year in years:  # each listed as the page calls itself
        canonical = soup(year / "index.html").find("link", rel="canonical")["href"]
        assert canonical == BASE + f"years/{year.name}/" and canonical in locations
