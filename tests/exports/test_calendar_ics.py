"""events.ics (`generator.exports.calendar_ics`), read back with the icalendar library."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import icalendar
from chronology import HANOI, LEAP_DAY, NO_PLACE, OCTOBER_1977, PHNOM_PENH, VIENTIANE
from conftest import SampleSite, event_text

from exports.conftest import BASE, KAZAN, data_files


def test_events_ics_has_an_all_day_event_for_each_event_dated_exactly_to_a_day_and_no_other(files: dict[str, bytes]):
    calendar = icalendar.Calendar.from_ical(files["events.ics"])
    assert (str(calendar["PRODID"]), str(calendar["X-WR-CALNAME"])) == ("-//Test timeline//EN", "Test timeline")
    events = [(str(vevent["UID"]), vevent.decoded("DTSTART"), vevent.decoded("DTEND"), str(vevent["SUMMARY"]),
               str(vevent.get("LOCATION", "")), str(vevent["URL"])) for vevent in calendar.walk("VEVENT")]
    # A month- or year-long block in people's calendars would say more than the sources do.
    assert events == [
        (f"{KAZAN}@example.org", dt.date(2024, 10, 24), dt.date(2024, 10, 25), "Tô Lâm meets Thongloun Sisoulith in Kazan",
         "Kazan, Russia", BASE + f"events/{KAZAN}/"),
    ]
    assert str(calendar.walk("VEVENT")[0]["DESCRIPTION"]) == (
        f"A summary. (reported by Vietnamese press: Việt Nam News (VNS)) {BASE}events/{KAZAN}/")


def test_events_ics_lines_are_folded_at_75_octets_between_utf8_characters(sample: SampleSite):
    title = ("Tổng Bí thư Tô Lâm hội đàm với Tổng Bí thư, Chủ tịch nước Lào Thongloun Sisoulith tại Viêng Chăn;"
             " ký kết hiệp định hợp tác toàn diện về đường sắt và năng lượng")
    sample.event("2024-12-01-long.md", event_text(title=f'"{title}"', date="2024-12-01", extra="place: Viêng Chăn, Lào\n"))
    data = data_files(sample.project)["events.ics"]
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data[:-2].split(b"\r\n")
    assert max(map(len, lines)) <= 75
    for line in lines:
        line.decode("utf-8")  # no character cut in two
    summary = [index for index, line in enumerate(lines) if line.startswith(b"SUMMARY:")][0]
    folded = [lines[summary], *itertools.takewhile(lambda line: line.startswith(b" "), lines[summary + 1:])]
    assert list(map(len, folded)) == [75, 74, 75, 3]  # the second stops short of a character that would cross 75
    assert b"".join([folded[0], *(line[1:] for line in folded[1:])]).decode() == "SUMMARY:" + title.replace(
        ",", "\\,").replace(";", "\\;")
    [vevent] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == title


def test_characters_icalendar_text_cannot_carry_are_dropped_from_events_ics(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text(title='"Vertical\\vtab"', extra='place: "Hà\\x01 Nội"\n'))
    data = data_files(sample.project)["events.ics"]
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data)


def test_events_ics_lists_only_the_events_exact_to_a_day_not_a_day_known_roughly(chronology_files: dict[str, bytes]):
    calendar = icalendar.Calendar.from_ical(chronology_files["events.ics"])
    assert [(str(vevent["UID"]), vevent.decoded("DTSTART")) for vevent in calendar.walk("VEVENT")] == [
        (f"{OCTOBER_1977}@example.org", dt.date(1977, 10, 24)), (f"{HANOI}@example.org", dt.date(2019, 5, 6)),
        (f"{LEAP_DAY}@example.org", dt.date(2020, 2, 29)), (f"{NO_PLACE}@example.org", dt.date(2021, 2, 11)),
        (f"{PHNOM_PENH}@example.org", dt.date(2021, 6, 2)), (f"{VIENTIANE}@example.org", dt.date(2024, 1, 5)),
        (f"{KAZAN}@example.org", dt.date(2024, 10, 24)),
    ]  # not BEFORE (before 2020-10-24), CIRCA, SAME_SIDE (2023) or the draft
    [kazan] = [vevent for vevent in calendar.walk("VEVENT") if str(vevent["UID"]).startswith(KAZAN)]
    assert str(kazan["DESCRIPTION"]) == (
        "A summary. (reported by Vietnamese press: Vietnam News Agency (VNA); Lao press: Lao News Agency (KPL); "
        f"international press: Agence Kampuchea Presse (AKP)) {BASE}events/{KAZAN}/")
