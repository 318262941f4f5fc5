"""TimelineJS JSON (`generator.exports.timeline_json`): each event at its date's precision."""

from __future__ import annotations

import json

from chronology import BEFORE, CIRCA, HANOI, LEAP_DAY, NO_PLACE, OCTOBER_1977, PHNOM_PENH, SAME_SIDE, VIENTIANE

from exports.conftest import BASE, KAZAN, MONTH, YEAR

REPORTED = "<p>A summary.</p><p>Reported by Vietnamese press: Việt Nam News (VNS).</p>"


def test_timeline_json_gives_each_event_at_its_dates_precision(files: dict[str, bytes]):
    data = json.loads(files["timeline.json"])
    assert data["title"] == {"text": {"headline": "Test timeline", "text": "A small sample site."}}
    assert data["events"] == [
        {"unique_id": YEAR, "start_date": {"year": "2023"}, "display_date": "2023",
         "text": {"headline": f'<a href="{BASE}events/{YEAR}/">A year-only meeting</a>', "text": REPORTED},
         "group": "Unknown place"},
        {"unique_id": MONTH, "start_date": {"year": "2024", "month": "10"}, "display_date": "October 2024",
         "text": {"headline": f'<a href="{BASE}events/{MONTH}/">Chính &amp; Lâm: &lt;talks&gt;</a>',
                  "text": REPORTED},
         "group": "Việt Nam"},
        {"unique_id": KAZAN, "start_date": {"year": "2024", "month": "10", "day": "24"}, "display_date": "24 October 2024",
         "text": {"headline": f'<a href="{BASE}events/{KAZAN}/">Tô Lâm meets Thongloun Sisoulith in Kazan</a>',
                  "text": REPORTED},
         "group": "Russia"},
    ]


def test_timeline_json_shows_a_qualified_date_in_display_date_and_its_digits_in_start_date(
        chronology_files: dict[str, bytes]):
    events = {event["unique_id"]: event for event in json.loads(chronology_files["timeline.json"])["events"]}
    assert (events[CIRCA]["start_date"], events[CIRCA]["display_date"]) == ({"year": "2022", "month": "3"}, "c. March 2022")
    assert (events[BEFORE]["start_date"], events[BEFORE]["display_date"]) == (
        {"year": "2020", "month": "10", "day": "24"}, "before 24 October 2020")
    assert events[KAZAN]["display_date"] == "24 October 2024"
    assert events[KAZAN]["text"]["text"] == (
        "<p>A summary.</p><p>Reported by Vietnamese press: Vietnam News Agency (VNA); Lao press: Lao News Agency (KPL); "
        "international press: Agence Kampuchea Presse (AKP).</p>")
    assert list(events) == [OCTOBER_1977, HANOI, LEAP_DAY, BEFORE, NO_PLACE, PHNOM_PENH, CIRCA, SAME_SIDE, VIENTIANE,
                            KAZAN]  # timeline order; the draft left out
