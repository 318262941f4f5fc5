"""events.csv (`generator.exports.csv_table`), read back with the csv module."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from chronology import BEFORE, CIRCA, SAME_SIDE, VIENTIANE
from conftest import SOURCES_YML, SampleSite, event_text

from exports.conftest import BASE, KAZAN, MONTH, YEAR, data_files, edit_title, three_events
from generator.exports.csv_table import COLUMNS as CSV_COLUMNS
from generator.pipeline import build


UTF8_BOM = b"\xef\xbb\xbf"


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(UTF8_BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_events_csv_starts_with_a_byte_order_mark_after_a_cold_and_a_cached_rebuild(sample: SampleSite, tmp_path: Path):
    # Excel reads a UTF-8 file without one as the local code page. The mark is the head's: once, at the start.
    three_events(sample)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(sample.project, out, cache_dir=cache)
    cold = (out / "events.csv").read_bytes()
    edit_title(sample, f"{KAZAN}.md", "title: ", "title: Edited ")
    assert build(sample.project, out, cache_dir=cache).pieces == [KAZAN]  # the other rows are spliced
    for data in (cold, (out / "events.csv").read_bytes()):
        assert data.startswith(UTF8_BOM) and data.count(UTF8_BOM) == 1
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert list(rows[0]) == list(CSV_COLUMNS) and [row["date"] for row in rows] == ["2023", "2024-10", "2024-10-24"]
        assert rows[1]["place"] == "Đà Nẵng, Việt Nam"
    assert rows[2]["title"] == "Edited Tô Lâm meets Thongloun Sisoulith in Kazan"


def test_events_csv_has_the_header_and_one_row_per_event(files: dict[str, bytes]):
    assert read_csv(files["events.csv"]) == [
        list(CSV_COLUMNS),
        ["2023", "", "A year-only meeting", "", "Tô Lâm", "", "VNS", "Việt Nam News (VNS)", "", "", "A summary.",
         BASE + f"events/{YEAR}/"],
        ["2024-10", "", "Chính & Lâm: <talks>", "Đà Nẵng, Việt Nam", "Phạm Minh Chính", "", "VNS", "Việt Nam News (VNS)",
         "", "", "A summary.", BASE + f"events/{MONTH}/"],
        ["2024-10-24", "", "Tô Lâm meets Thongloun Sisoulith in Kazan", "Kazan, Russia", "Tô Lâm; Thongloun Sisoulith",
         "Phạm Minh Chính", "VNS", "Việt Nam News (VNS)", "https://example.org/article", "ASEAN; trade", "A summary.",
         BASE + f"events/{KAZAN}/"],
    ]
    assert files["events.csv"].count(b"\r\n") == 4


def test_csv_cells_a_spreadsheet_would_run_as_formulas_start_with_a_quote(sample: SampleSite):
    sample.write("sources.yml", SOURCES_YML + '"@VNA": {name: "=Agency", country: Việt Nam}\n')
    sample.event("2024-10-24-a.md", event_text(title='"=HYPERLINK(\\"x\\")"', extra='place: "+84 Hà Nội"\n')
                 .replace("source: VNS", 'source: "@VNA"').replace("summary: A summary.", 'summary: "-1 point, then more"'))
    [header, row] = read_csv(data_files(sample.project)["events.csv"])
    assert dict(zip(header, row)) == {
        "date": "2024-10-24", "title": "'=HYPERLINK(\"x\")", "place": "'+84 Hà Nội", "leaders": "Tô Lâm",
        "mentions": "", "source": "'@VNA", "publishers": "'=Agency (@VNA)", "date_qualifier": "", "source_url": "",
        "topics": "", "summary": "'-1 point, then more",
        "url": BASE + "events/2024-10-24-a/",
    }


def test_events_csv_has_a_date_qualifier_column_and_the_publishers_in_full(chronology_files: dict[str, bytes]):
    rows = {row["url"].rsplit("/", 2)[1]: row for row in csv.DictReader(
        io.StringIO(chronology_files["events.csv"].decode("utf-8-sig"), newline=""))}
    assert {slug: (row["date"], row["date_qualifier"]) for slug, row in rows.items() if slug in (
        CIRCA, BEFORE, KAZAN, SAME_SIDE)} == {CIRCA: ("2022-03", "circa"), BEFORE: ("2020-10-24", "before"),
                                              KAZAN: ("2024-10-24", ""), SAME_SIDE: ("2023", "")}
    assert (rows[VIENTIANE]["source"], rows[VIENTIANE]["publishers"]) == (
        "KPL/VNA", "Lao News Agency (KPL); Vietnam News Agency (VNA)")


def test_events_csv_says_after_for_an_after_date(sample: SampleSite):
    sample.event("1975-12-a.md", event_text(date="after 1975-12"))
    [row] = csv.DictReader(io.StringIO(data_files(sample.project)["events.csv"].decode("utf-8-sig"), newline=""))
    assert (row["date"], row["date_qualifier"]) == ("1975-12", "after")
