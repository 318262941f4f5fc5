"""The search index (`generator.exports.search_index`): each event's words folded once, and its facets."""

from __future__ import annotations

import json

from chronology import BEFORE, CIRCA, HANOI, LEAP_DAY, NO_PLACE, OCTOBER_1977, PHNOM_PENH, SAME_SIDE, VIENTIANE
from conftest import event_text

from exports.conftest import KAZAN, MONTH, YEAR


def test_the_search_index_holds_each_events_words_folded_once(files: dict[str, bytes]):
    index = json.loads(files["search-index.json"])
    assert list(index) == [YEAR, MONTH, KAZAN]
    assert index[MONTH] == {
        # title, summary, place, leaders, mentions, topics, source, body: no case, no diacritics, each word once
        "w": "chinh lam talks a summary da nang viet nam pham minh vns news first paragraph second",
        # where a phrase is looked for, each field apart: title, summary, place, leaders, mentions, topics
        "b": ["chinh lam talks", "a summary", "da nang viet nam", "pham minh chinh"],
        "t": "Chính & Lâm: <talks>", "d": "2024-10", "h": "October 2024", "p": "Đà Nẵng, Việt Nam",
        "u": f"events/{MONTH}/index.html", "y": "2024", "l": "pham-minh-chinh", "m": "", "c": "viet-nam", "o": "", "s": "viet-nam",
    }
    assert index[KAZAN]["w"] == ("to lam meets thongloun sisoulith in kazan a summary russia pham minh chinh "
                                 "asean trade vns viet nam news first paragraph second")
    assert (index[KAZAN]["l"], index[KAZAN]["c"], index[KAZAN]["o"]) == ("to-lam thongloun-sisoulith", "viet-nam laos",
                                                                         "asean trade")
    for entry in index.values():
        words = entry["w"].split()
        assert entry["w"].isascii() and len(words) == len(set(words))
    assert files["search-index.json"].isascii()  # the rest escaped


def test_the_search_index_gives_each_events_press_by_side_and_its_qualified_date(chronology_files: dict[str, bytes]):
    index = json.loads(chronology_files["search-index.json"])
    assert {slug: entry["s"] for slug, entry in index.items()} == {
        OCTOBER_1977: "viet-nam", HANOI: "viet-nam", LEAP_DAY: "viet-nam", BEFORE: "viet-nam", NO_PLACE: "viet-nam",
        PHNOM_PENH: "international", CIRCA: "viet-nam", SAME_SIDE: "viet-nam", VIENTIANE: "viet-nam laos both",
        KAZAN: "viet-nam laos international both"}
    assert (index[CIRCA]["d"], index[CIRCA]["h"]) == ("2022-03", "c. March 2022")
    assert (index[BEFORE]["d"], index[BEFORE]["h"]) == ("2020-10-24", "before 24 October 2020")
    assert {"agence", "kampuchea", "presse", "akp"} <= set(index[KAZAN]["w"].split())  # found by its publisher's name


def test_the_search_index_gives_an_events_days_its_contact_and_both_sides_press(sample):
    from exports.conftest import SPAN, data_files, event_of_days

    event_of_days(sample)
    sample.event("2024-10-24-call.md", event_text(leaders="[Lâm]", extra="contact: call\n"))
    index = json.loads(data_files(sample.project)["search-index.json"])
    span, call = index[SPAN], index["2024-10-24-call"]
    assert (span["d"], span["h"], span["r"]) == (
        "2024-12-30", "30 December 2024 – 2 January 2025", ["30 December 2024", " – ", "2 January 2025", "2025-01-02"])
    assert (span["k"], span["s"]) == ("in-person", "viet-nam laos both")
    assert (call["k"], call["s"], call["h"]) == ("call", "viet-nam", "24 October 2024") and "r" not in call
    assert {"kpl", "lao", "news", "agency", "person"} <= set(span["w"].split())  # the other report and the contact
