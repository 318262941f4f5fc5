"""The citation an event page shows (`generator.exports.apa`), read from the built page with a real HTML parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from chronology import BEFORE, CIRCA, write_chronology
from conftest import SampleSite, soup

from exports.conftest import KAZAN, MONTH, YEAR, days_long, three_events
from generator.dates import PartialDate
from generator.exports import apa
from generator.pipeline import BuildOptions, build


def cite_section(out: Path, slug: str):
    return soup(out / "events" / slug / "index.html").find("section", class_="cite")


def test_the_event_page_shows_its_reference_and_links_its_data(sample: SampleSite, tmp_path: Path):
    three_events(sample)
    out = tmp_path / "_site"
    build(sample.project, out, BuildOptions(base_url="https://example.org/vn-lao/"))
    section = cite_section(out, KAZAN)
    assert section.h2.get_text() == "Cite this event"
    citation = section.find("p", class_="citation")
    assert citation.get_text() == (
        "Tô Lâm meets Thongloun Sisoulith in Kazan. (2024, October 24). Test timeline. "
        f"https://example.org/vn-lao/events/{KAZAN}/")
    assert citation.i.get_text() == "Tô Lâm meets Thongloun Sisoulith in Kazan"  # APA italicises the page's title
    assert [link.get_text() for link in section.find_all("a")] == ["CSL-JSON", "BibTeX", "RIS", "CSL-JSON"]
    hrefs = [link["href"] for link in section.find_all("a")]
    assert hrefs == [f"../../events/{KAZAN}/citation.json", "../../citations.bib", "../../citations.ris",
                     "../../citations.json"]  # relative to the event's page, whatever the base URL
    assert all((out / "events" / KAZAN / href).is_file() for href in hrefs)
    assert section.code.get_text() == KAZAN  # the BibTeX key
    footer = soup(out / "index.html").find("p", class_="data-links")
    assert [link["href"] for link in footer.find_all("a")][-3:] == [
        "citations.bib", "citations.ris", "citations.json"]
    assert cite_section(out, MONTH).find("p", class_="citation").get_text() == (
        f"Chính & Lâm: <talks>. (2024, October). Test timeline. https://example.org/vn-lao/events/{MONTH}/")
    assert "(2023). Test timeline." in cite_section(out, YEAR).get_text()


def test_dates_known_roughly(sample: SampleSite, tmp_path: Path):
    write_chronology(sample)
    out = tmp_path / "_site"
    build(sample.project, out)
    assert "(ca. 2022, March)" in cite_section(out, CIRCA).find("p", class_="citation").get_text()
    assert "(before 2020, October 24)" in cite_section(out, BEFORE).find("p", class_="citation").get_text()


@pytest.mark.parametrize(("written", "shown"), [
    ("2024-10-24", "2024, October 24"), ("2024-10", "2024, October"), ("1977", "1977"), ("circa 1977", "ca. 1977"),
    ("after 1975-12", "after 1975, December"), ("before 1977-07-18", "before 1977, July 18"),
])
def test_apa_dates(written: str, shown: str):
    assert apa.date(PartialDate.parse(written)) == shown


def test_a_title_ending_in_a_question_mark_gets_no_full_stop(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", title='"Who met whom?"')
    out = tmp_path / "_site"
    build(sample.project, out)
    assert cite_section(out, "2024-10-24-a").find("p", class_="citation").get_text().startswith(
        "Who met whom? (2024, October 24). Test timeline. ")


@pytest.mark.parametrize(("first", "last", "shown"), [
    ("2024-01-07", "2024-01-08", "2024, January 7–8"), ("2024-01-30", "2024-02-02", "2024, January 30–February 2"),
    ("2023-12-30", "2024-01-02", "2023, December 30–2024, January 2"),
])
def test_an_event_of_several_days(first: str, last: str, shown: str):
    assert apa.text(days_long(first, last)) == (
        f"Leaders co-chair the committee. ({shown}). Test timeline. https://example.org/events/2024-01-07-committee/")
