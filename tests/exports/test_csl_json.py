"""CSL-JSON (`generator.exports.csl_json`): citations.json and each event's citation.json, checked against the
official CSL-JSON schema (tests/data/csl-data.json) and read back as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from chronology import BEFORE, CIRCA, KAZAN as CHRONOLOGY_KAZAN, VIENTIANE
from conftest import SampleSite

from exports.conftest import BASE, KAZAN, MONTH, YEAR, data_files, days_long, edit_title, three_events
from generator.exports import csl_json
from generator.pipeline import BuildOptions, Project, build

SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "csl-data.json").read_text(encoding="utf-8"))
# What `jsonschema.validate` makes for every file it checks, made once: checking the schema itself first cost
# more than checking a file.
VALIDATOR_CLASS = jsonschema.validators.validator_for(SCHEMA)
VALIDATOR_CLASS.check_schema(SCHEMA)
VALIDATOR = VALIDATOR_CLASS(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def read_csl(data: bytes) -> list[dict]:
    """The items of a CSL-JSON file, after the schema has checked it."""
    items = json.loads(data)
    VALIDATOR.validate(items)
    return items


def test_the_schema_refuses_what_it_should():
    # The check can fail: an unknown field, a four-part date and a missing type are refused.
    item = {"id": "a", "type": "webpage", "title": "A"}
    read_csl(json.dumps([item]).encode())
    for wrong in ({**item, "accessed-on": "today"}, {**item, "issued": {"date-parts": [[2024, 10, 24, 1]]}},
                  {"id": "a", "title": "A"}):
        with pytest.raises(jsonschema.ValidationError):
            read_csl(json.dumps([wrong]).encode())


def test_citations_json_has_an_item_per_event_at_its_dates_precision(files: dict[str, bytes]):
    items = read_csl(files["citations.json"])
    assert [item["id"] for item in items] == [YEAR, MONTH, KAZAN]
    assert items[2] == {
        "id": KAZAN, "citation-key": KAZAN, "type": "webpage", "title": "Tô Lâm meets Thongloun Sisoulith in Kazan",
        "container-title": "Test timeline", "issued": {"date-parts": [[2024, 10, 24]]},
        "URL": BASE + f"events/{KAZAN}/", "language": "en", "abstract": "A summary.", "keyword": "ASEAN, trade",
        "note": "Reported by Việt Nam News (VNS): https://example.org/article.",
    }
    assert [item["issued"] for item in items[:2]] == [{"date-parts": [[2023]]}, {"date-parts": [[2024, 10]]}]
    assert items[1]["title"] == "Chính & Lâm: <talks>" and items[1]["note"] == "Reported by Việt Nam News (VNS): https://example.org/report."


def test_each_event_has_its_own_citation_json(files: dict[str, bytes]):
    every = read_csl(files["citations.json"])
    for item in every:
        assert read_csl(files[f"events/{item['id']}/citation.json"]) == [item]


def test_circa_before_after_and_several_publishers(chronology_files: dict[str, bytes]):
    items = {item["id"]: item for item in read_csl(chronology_files["citations.json"])}
    assert items[CIRCA]["issued"] == {"date-parts": [[2022, 3]], "circa": True}
    # CSL has no "before": the digits, and the note says it.
    assert items[BEFORE]["issued"] == {"date-parts": [[2020, 10, 24]]}
    assert items[BEFORE]["note"] == "Dated before 24 October 2020. Reported by Việt Nam News (VNS): https://example.org/report."
    assert items[VIENTIANE]["note"] == "Reported by Lao News Agency (KPL) and Vietnam News Agency (VNA): https://example.org/report."
    assert items[CHRONOLOGY_KAZAN]["note"] == ("Reported by Vietnam News Agency (VNA), Lao News Agency (KPL) and "
                                               "Agence Kampuchea Presse (AKP): https://example.org/report.")
    assert "2024-12-draft" not in items  # drafts are left out, and so is their citation.json
    assert "events/2024-12-draft/citation.json" not in chronology_files


def test_every_event_of_the_corpus_is_a_valid_item(corpus: Path):
    files = data_files(Project(content_dir=corpus))
    items = read_csl(files["citations.json"])
    assert len(items) == 520 == len([path for path in files if path.endswith("/citation.json")])
    assert any(item["issued"].get("circa") for item in items)
    for item in items:
        assert read_csl(files[f"events/{item['id']}/citation.json"]) == [item]
        assert item["URL"] == f"https://example.org/events/{item['id']}/"


def test_the_same_content_gives_the_same_bytes(sample: SampleSite):
    three_events(sample)
    first, second = data_files(sample.project), data_files(sample.project)
    assert {path: data for path, data in first.items() if "citation" in path} == {
        path: data for path, data in second.items() if "citation" in path}


def test_an_edit_makes_only_its_events_piece_and_citation_json(sample: SampleSite, tmp_path: Path):
    three_events(sample)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(sample.project, out, cache_dir=cache)
    others = {slug: (out / "events" / slug / "citation.json").read_bytes() for slug in (YEAR, MONTH)}
    edit_title(sample, f"{KAZAN}.md", "title: ", "title: Edited ")
    assert build(sample.project, out, cache_dir=cache).pieces == [KAZAN]
    assert read_csl((out / "events" / KAZAN / "citation.json").read_bytes())[0]["title"].startswith("Edited ")
    assert [item["title"] for item in read_csl((out / "citations.json").read_bytes())][2].startswith("Edited ")
    assert {slug: (out / "events" / slug / "citation.json").read_bytes() for slug in (YEAR, MONTH)} == others
    # The site's title is in every citation: a new one is in every piece, none copied from before.
    site_yml = sample.content / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    build(sample.project, out, cache_dir=cache)
    for data in [(out / "citations.json").read_bytes(), *((out / "events" / slug / "citation.json").read_bytes()
                                                         for slug in (YEAR, MONTH, KAZAN))]:
        assert {item["container-title"] for item in read_csl(data)} == {"Renamed Test timeline"}
    assert build(sample.project, out, cache_dir=cache).pieces == []


def test_links_follow_the_base_url(sample: SampleSite):
    three_events(sample)
    files = data_files(sample.project, BuildOptions(base_url="https://example.org/vn-lao"))
    assert [item["URL"] for item in read_csl(files["citations.json"])] == [
        f"https://example.org/vn-lao/events/{slug}/" for slug in (YEAR, MONTH, KAZAN)]


def test_an_event_of_several_days_is_a_range_of_two_date_parts():
    [item] = read_csl((csl_json.HEAD + csl_json.piece(days_long("2024-01-07", "2024-01-08")) + csl_json.TAIL).encode())
    assert item["issued"] == {"date-parts": [[2024, 1, 7], [2024, 1, 8]]}
    assert item["note"] == "Reported by Việt Nam News (VNS): https://example.org/a."
