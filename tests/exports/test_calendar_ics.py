"""events.ics (`generator.exports.calendar_ics`), read back with the icalendar library."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import icalendar
from chronology import HANOI, LEAP_DAY, NO_PLACE, OCTOBER_1977, PHNOM_PENH, VIENTIANE
from conftest import SampleSite, event_text

from exports.conftest import BASE, KAZAN, data_files
from generator.pipeline import BuildOptions


def test_events_ics_has_an_all_day_event_for_each_event_dated_exactly_to_a_day_and_no_other(files: dict[str, bytes]):
    calendar = icalendar.Calendar.from_ical(files["events.ics"])
    assert (str(calendar["PRODID"]), str(calendar["X-WR-CALNAME"])) == ("-//Test timeline//EN", "Test timeline")
    events = [(str(vevent["UID"]), vevent.decoded("DTSTART"), vevent.decoded("DTEND"), str(vevent["SUMMARY"]),
               str(vevent.get("LOCATION", "")), str(vevent["URL"])) for vevent in calendar.walk("VEVENT")]
    # A month- or year-long block in people's calendars would say more than the sources do.
    assert events == [
        (f"{KAZAN}@test-timeline", dt.date(2024, 10, 24), dt.date(2024, 10, 25), "Tô Lâm meets Thongloun Sisoulith in Kazan",
         "Kazan, Russia", BASE + f"events/{KAZAN}/"),
    ]
    assert str(calendar.walk("VEVENT")[0]["DESCRIPTION"]) == (
        f"A summary. (reported by Vietnamese press: Việt Nam News (VNS)) {BASE}events/{KAZAN}/")


def test_events_ics_uids_stay_the_same_when_the_base_url_changes(sample: SampleSite):
    # A subscribed calendar knows an event by its UID: a new one would show every event twice.
    sample.event(f"{KAZAN}.md", event_text(title="Kazan", date="2024-10-24"))
    sample.event("2025-12-01-vientiane.md", event_text(title="Vientiane", date="2025-12-01"))

    def events_by_uid(base_url: str | None) -> dict[str, str]:
        data = data_files(sample.project, BuildOptions(base_url=base_url))["events.ics"]
        return {str(vevent["UID"]): str(vevent["URL"]) for vevent in icalendar.Calendar.from_ical(data).walk("VEVENT")}

    placeholder, hosted, moved = (events_by_uid(None), events_by_uid("https://timeline.example.net/vn-lao/"),
                                  events_by_uid("http://127.0.0.1:8000/"))
    assert list(placeholder) == list(hosted) == list(moved) == [f"{KAZAN}@test-timeline", "2025-12-01-vientiane@test-timeline"]
    assert list(hosted.values()) == [f"https://timeline.example.net/vn-lao/events/{KAZAN}/",
                                     "https://timeline.example.net/vn-lao/events/2025-12-01-vientiane/"]  # links move


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
        (f"{OCTOBER_1977}@test-timeline", dt.date(1977, 10, 24)), (f"{HANOI}@test-timeline", dt.date(2019, 5, 6)),
        (f"{LEAP_DAY}@test-timeline", dt.date(2020, 2, 29)), (f"{NO_PLACE}@test-timeline", dt.date(2021, 2, 11)),
        (f"{PHNOM_PENH}@test-timeline", dt.date(2021, 6, 2)), (f"{VIENTIANE}@test-timeline", dt.date(2024, 1, 5)),
        (f"{KAZAN}@test-timeline", dt.date(2024, 10, 24)),
    ]  # not BEFORE (before 2020-10-24), CIRCA, SAME_SIDE (2023) or the draft
    [kazan] = [vevent for vevent in calendar.walk("VEVENT") if str(vevent["UID"]).startswith(KAZAN)]
    assert str(kazan["DESCRIPTION"]) == (
        "A summary. (reported by Vietnamese press: Vietnam News Agency (VNA); Lao press: Lao News Agency (KPL); "
        f"international press: Agence Kampuchea Presse (AKP)) {BASE}events/{KAZAN}/")


def test_an_event_of_several_days_ends_the_day_after_its_last_in_events_ics(sample: SampleSite):
    from exports.conftest import SPAN, event_of_days

    event_of_days(sample)
    [vevent] = icalendar.Calendar.from_ical(data_files(sample.project)["events.ics"]).walk("VEVENT")
    assert str(vevent["UID"]) == f"{SPAN}@test-timeline"  # the event's slug at the site title's
    # All-day: DTEND is the first day not included (RFC 5545), so a four-day event ends on 3 January.
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (dt.date(2024, 12, 30), dt.date(2025, 1, 3))
    assert "Lao press: Lao News Agency (KPL)" in str(vevent["DESCRIPTION"])
