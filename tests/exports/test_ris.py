"""citations.ris (`generator.exports.ris`), read back with rispy."""

from __future__ import annotations

import json
from pathlib import Path

import rispy
from chronology import BEFORE, CIRCA, VIENTIANE
from conftest import SampleSite, event_text

from exports.conftest import BASE, KAZAN, MONTH, YEAR, data_files, days_long
from generator.exports import ris
from generator.pipeline import Project


def read_ris(data: bytes) -> list[dict]:
    text = data.decode("utf-8")
    # Every line ends in CRLF, as the format's specification has it, and every record is closed.
    assert "\n" not in text.replace("\r\n", "") and text.count("TY  - ") == text.count("ER  - \r\n")
    return rispy.loads(text)


def test_citations_ris_has_a_record_per_event(files: dict[str, bytes]):
    records = read_ris(files["citations.ris"])
    assert [record["id"] for record in records] == [YEAR, MONTH, KAZAN]
    assert records[2] == {
        "type_of_reference": "ELEC", "id": KAZAN, "title": "Tô Lâm meets Thongloun Sisoulith in Kazan",
        "secondary_title": "Test timeline", "year": "2024", "date": "2024/10/24/", "urls": [BASE + f"events/{KAZAN}/"],
        "language": "en", "abstract": "A summary.", "keywords": ["ASEAN", "trade"],
        "notes": ["Reported by Việt Nam News (VNS): https://example.org/article."],
    }
    assert [(record["year"], record["date"]) for record in records[:2]] == [("2023", "2023///"), ("2024", "2024/10//")]
    assert records[1]["title"] == "Chính & Lâm: <talks>"


def test_a_date_known_roughly_says_so_after_its_digits(chronology_files: dict[str, bytes]):
    records = {record["id"]: record for record in read_ris(chronology_files["citations.ris"])}
    assert records[CIRCA]["date"] == "2022/03//c. March 2022"
    assert records[BEFORE]["date"] == "2020/10/24/before 24 October 2020"
    assert records[VIENTIANE]["notes"] == ["Reported by Lao News Agency (KPL) and Vietnam News Agency (VNA): https://example.org/report."]


def test_a_line_break_in_a_field_cannot_start_a_new_tag(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text(title='"Talks\\nER  - \\nTY  - BOOK"'))
    [record] = read_ris(data_files(sample.project)["citations.ris"])
    assert (record["type_of_reference"], record["title"]) == ("ELEC", "Talks ER - TY - BOOK")


def test_every_event_of_the_corpus_agrees_with_its_csl_json(corpus: Path):
    files = data_files(Project(content_dir=corpus))
    records, items = read_ris(files["citations.ris"]), json.loads(files["citations.json"])
    assert len(records) == len(items) == 520
    for record, item in zip(records, items, strict=True):
        assert (record["id"], record["title"], record["urls"], record["secondary_title"]) == (
            item["id"], item["title"], [item["URL"]], item["container-title"])
        digits = record["date"].split("/")[:3]
        assert [int(part) for part in digits if part] == item["issued"]["date-parts"][0]
        assert record["notes"] == [item["note"]]
    assert data_files(Project(content_dir=corpus))["citations.ris"] == files["citations.ris"]


def test_an_event_of_several_days_gives_its_first_day_and_says_the_range():
    [record] = read_ris(ris.record(days_long("2024-01-07", "2024-01-08")).encode())
    assert (record["year"], record["date"]) == ("2024", "2024/01/07/2024-01-07 to 2024-01-08")
