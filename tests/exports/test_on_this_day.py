"""on-this-day.jsonl (`generator.exports.on_this_day`): a line per event dated exactly to a day."""

from __future__ import annotations

import json

from chronology import HANOI, LEAP_DAY, NO_PLACE, OCTOBER_1977, PHNOM_PENH, VIENTIANE

from exports.conftest import KAZAN


def test_on_this_day_jsonl_has_a_line_per_event_exact_to_a_day(chronology_files: dict[str, bytes]):
    lines = chronology_files["on-this-day.jsonl"].decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        ["10-24", 1977, OCTOBER_1977, f"events/{OCTOBER_1977}/index.html"], ["05-06", 2019, HANOI, f"events/{HANOI}/index.html"],
        ["02-29", 2020, LEAP_DAY, f"events/{LEAP_DAY}/index.html"], ["02-11", 2021, NO_PLACE, f"events/{NO_PLACE}/index.html"],
        ["06-02", 2021, PHNOM_PENH, f"events/{PHNOM_PENH}/index.html"], ["01-05", 2024, VIENTIANE, f"events/{VIENTIANE}/index.html"],
        ["10-24", 2024, KAZAN, f"events/{KAZAN}/index.html"],
    ]
    assert chronology_files["on-this-day.jsonl"].endswith(b"\n")
