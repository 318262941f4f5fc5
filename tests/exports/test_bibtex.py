"""citations.bib (`generator.exports.bibtex`), read back with bibtexparser, LaTeX decoded with its middleware."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from chronology import BEFORE, CIRCA
from conftest import SampleSite, event_text

from exports.conftest import BASE, KAZAN, MONTH, YEAR, data_files, days_long
from generator.exports import bibtex
from generator.pipeline import Project


VERBATIM = ("date", "url")  # not LaTeX text: biblatex reads them as they are (`~` in a date is circa)


def read_bib(data: bytes, decode: bool = True) -> dict[str, dict[str, str]]:
    """Each entry's fields by its key (the text fields LaTeX decoded unless `decode` is false), after checking
    that every block parsed."""
    entries = {}
    for middleware in ([], [LatexDecodingMiddleware()]) if decode else ([],):
        library = bibtexparser.parse_string(data.decode("utf-8"), append_middleware=middleware)
        assert library.failed_blocks == [] and len(library.blocks) == len(library.entries)
        assert {entry.entry_type for entry in library.entries} <= {"online"}
        assert len({entry.key for entry in library.entries}) == len(library.entries)  # keys are unique
        for entry in library.entries:
            fields = entries.setdefault(entry.key, {})
            fields |= {field.key: field.value for field in entry.fields if not middleware or field.key not in VERBATIM}
    return entries


def test_citations_bib_has_an_online_entry_per_event_keyed_by_its_slug(files: dict[str, bytes]):
    entries = read_bib(files["citations.bib"])
    assert list(entries) == [YEAR, MONTH, KAZAN]
    assert entries[KAZAN] == {
        "title": "Tô Lâm meets Thongloun Sisoulith in Kazan", "organization": "Test timeline", "date": "2024-10-24",
        "url": BASE + f"events/{KAZAN}/", "abstract": "A summary.", "keywords": "ASEAN, trade",
        "note": "Reported by Việt Nam News (VNS): https://example.org/article.",
    }
    assert [entries[key]["date"] for key in (YEAR, MONTH)] == ["2023", "2024-10"]
    assert entries[MONTH]["title"] == "Chính & Lâm: <talks>"
    assert read_bib(files["citations.bib"], decode=False)[MONTH]["title"] == r"Chính \& Lâm: <talks>"


def test_latex_special_characters_are_text(sample: SampleSite):
    title = r"100% of {braces} & $costs, #1_a ~ ^ \ end"
    sample.event("2024-10-24-a.md", event_text(title=json.dumps(title), extra="source_url: https://x.org/a%20b{c}\n"))
    [entry] = read_bib(data_files(sample.project)["citations.bib"]).values()
    # pylatexenc reads LaTeX's \textasciicircum as the modifier letter circumflex, which LaTeX prints as `^`.
    assert entry["title"] == title.replace("^", "\u02c6")
    [raw] = read_bib(data_files(sample.project)["citations.bib"], decode=False).values()
    assert raw["url"] == BASE + "events/2024-10-24-a/"  # verbatim in biblatex: nothing to escape
    assert raw["note"].endswith(r"https://x.org/a\%20b\{c\}.")


def test_a_circa_date_is_biblatex_circa(chronology_files: dict[str, bytes]):
    entries = read_bib(chronology_files["citations.bib"])
    assert entries[CIRCA]["date"] == "2022-03~"
    assert entries[BEFORE]["date"] == "2020-10-24"
    assert entries[BEFORE]["note"].startswith("Dated before 24 October 2020. ")


def test_every_event_of_the_corpus_agrees_with_its_csl_json(corpus: Path):
    files = data_files(Project(content_dir=corpus))
    entries, items = read_bib(files["citations.bib"]), json.loads(files["citations.json"])
    assert list(entries) == [item["id"] for item in items] and len(items) == 520
    for item in items:
        entry = entries[item["id"]]
        assert (entry["title"], entry["url"], entry["organization"]) == (
            item["title"], item["URL"], item["container-title"])
        digits = entry["date"].rstrip("~").split("-")
        assert [int(part) for part in digits] == item["issued"]["date-parts"][0]
        assert entry["date"].endswith("~") == bool(item["issued"].get("circa"))
        assert entry["note"] == item["note"]
    assert data_files(Project(content_dir=corpus))["citations.bib"] == files["citations.bib"]


def test_an_event_of_several_days_is_a_biblatex_date_range():
    [entry] = read_bib(bibtex.entry(days_long("2023-12-30", "2024-01-02")).encode()).values()
    assert entry["date"] == "2023-12-30/2024-01-02"
