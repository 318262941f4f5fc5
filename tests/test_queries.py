"""The queries templates ask of the site: sides, counterparts, who met whom, meetings per year and places,
days of the year, press, on the chronology sample and the generated corpus."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from chronology import (CIRCA, HANOI, KAZAN, LEAP_DAY, MEETINGS, NO_PLACE, OCTOBER_1977, PHNOM_PENH, VIENTIANE,
                        write_chronology)
from conftest import SampleSite
from test_site import event_named, indexed, leader_named, sample, slugs  # noqa: F401 - sample: the fixture

from generator.dates import PartialDate
from generator.dependencies import encoded
from generator.load import load_content
from generator.queries import SiteQueries
from generator.site import Indexer


# The chronology: sides, counterparts, who met whom, meetings per year and places, days of the year, press

@pytest.fixture
def chronology(sample: SampleSite) -> SiteQueries:
    """The queries of `tests/chronology.py`'s sample (its table says who took part where)."""
    write_chronology(sample)
    return SiteQueries(indexed())


def met(counterparts) -> list[tuple[str, list[tuple[str, str | None, str | None]]]]:
    """Counterparts as (leader slug, [(event slug, role, counterpart's role), …])."""
    return [(c.leader.slug, [(m.event.slug, m.role, m.counterpart_role) for m in c.meetings]) for c in counterparts]


def test_the_sides_are_the_first_two_countries_and_a_third_countrys_leader_is_on_neither(chronology: SiteQueries):
    assert [side.name for side in chronology.sides] == ["Việt Nam", "Laos"]
    sides = {leader.slug: chronology.side_of(leader) for leader in chronology.leaders}
    assert sides == {"to-lam": 0, "pham-minh-chinh": 0, "thongloun-sisoulith": 1, "sonexay-siphandone": 1,
                     "hun-manet": None}


def test_counterparts_are_the_other_sides_participants_with_each_meetings_roles_most_meetings_first(chronology: SiteQueries):
    # Not Chính (same side, SAME_SIDE), not Hun Manet (a third country), not the draft's meeting.
    assert met(chronology.counterparts(leader_named(chronology, "to-lam"))) == [
        ("thongloun-sisoulith", [(HANOI, "Minister of Public Security", None), (KAZAN, "General Secretary", "President")]),
        ("sonexay-siphandone", [(CIRCA, None, None)]),
    ]


def test_a_mention_is_not_a_meeting_on_either_side(chronology: SiteQueries):
    # Chính is only mentioned at KAZAN, Thongloun only at PHNOM_PENH.
    assert met(chronology.counterparts(leader_named(chronology, "pham-minh-chinh"))) == [
        ("thongloun-sisoulith", [(NO_PLACE, None, None), (VIENTIANE, None, None)]),
        ("sonexay-siphandone", [(VIENTIANE, None, None)]),
    ]


def test_counterparts_with_as_many_meetings_are_in_name_order_and_the_second_side_sees_the_first(chronology: SiteQueries):
    thongloun = chronology.counterparts(leader_named(chronology, "thongloun-sisoulith"))
    assert met(thongloun) == [
        ("pham-minh-chinh", [(NO_PLACE, None, None), (VIENTIANE, None, None)]),  # Phạm before Tô, two each
        ("to-lam", [(HANOI, None, "Minister of Public Security"), (KAZAN, "President", "General Secretary")]),
    ]


def test_a_third_countrys_leader_has_no_counterparts_and_is_no_ones(chronology: SiteQueries):
    assert chronology.counterparts(leader_named(chronology, "hun-manet")) == ()
    for leader in chronology.leaders:
        assert "hun-manet" not in [c.leader.slug for c in chronology.counterparts(leader)]


def test_meetings_are_the_published_events_both_sides_took_part_in(chronology: SiteQueries):
    assert slugs(chronology.meetings) == list(MEETINGS)


def test_pairs_count_each_meeting_of_two_leaders_of_opposite_sides_most_first(chronology: SiteQueries):
    assert [(p.first.slug, p.second.slug, p.meetings) for p in chronology.pairs] == [
        ("pham-minh-chinh", "thongloun-sisoulith", 2), ("to-lam", "thongloun-sisoulith", 2),
        ("pham-minh-chinh", "sonexay-siphandone", 1), ("to-lam", "sonexay-siphandone", 1),
    ]
    assert chronology.pair_meetings == {("pham-minh-chinh", "thongloun-sisoulith"): 2,
                                        ("to-lam", "thongloun-sisoulith"): 2,
                                        ("pham-minh-chinh", "sonexay-siphandone"): 1,
                                        ("to-lam", "sonexay-siphandone"): 1}


def test_pair_leaders_are_each_sides_leaders_who_met_the_other_by_their_number_of_meetings(chronology: SiteQueries):
    counted = [[(leader.slug, count) for leader, count in chronology.pair_leaders(side)] for side in (0, 1)]
    assert counted == [[("to-lam", 3), ("pham-minh-chinh", 2)], [("thongloun-sisoulith", 4), ("sonexay-siphandone", 2)]]


def test_meetings_per_year_run_from_the_first_meetings_year_to_the_last_with_empty_years(chronology: SiteQueries):
    assert chronology.meetings_per_year == ((2019, 1), (2020, 0), (2021, 1), (2022, 1), (2023, 0), (2024, 2))


def test_meeting_places_are_grouped_by_the_country_their_text_ends_with_most_first(chronology: SiteQueries):
    assert chronology.meeting_places == (
        ("Laos", 2, (("Vientiane, Laos", 2),)),
        ("Country not named", 1, (("Place not recorded", 1),)),  # NO_PLACE
        ("Russia", 1, (("Kazan, Russia", 1),)),
        ("Việt Nam", 1, (("Hà Nội, Việt Nam", 1),)),
    )  # not Phnom Penh nor the same-side meeting in Hà Nội: no leader of the other side took part


def test_a_site_without_meetings_has_no_pairs_years_or_places(sample: SampleSite):
    sample.event("2024-10-24-a.md", leaders="[Tô Lâm, Chính]", extra="mentions: [Thongloun Sisoulith]\n")
    site = SiteQueries(indexed())
    assert (site.meetings, site.pairs, site.pair_leaders(0), site.meetings_per_year, site.meeting_places) == (
        (), (), (), (), ())


def test_days_of_the_year_hold_the_events_exact_to_a_day_in_calendar_order_oldest_first(chronology: SiteQueries):
    days = [(day.key, day.label, slugs(day.events)) for day in chronology.days_of_year]
    assert days == [
        ("01-05", "5 January", [VIENTIANE]), ("02-11", "11 February", [NO_PLACE]), ("02-29", "29 February", [LEAP_DAY]),
        ("05-06", "6 May", [HANOI]), ("06-02", "2 June", [PHNOM_PENH]),
        ("10-24", "24 October", [OCTOBER_1977, KAZAN]),  # not BEFORE (before 2020-10-24), nor CIRCA, months or years
    ]


def test_press_groups_an_events_publishers_by_side_in_the_sides_order_then_international(chronology: SiteQueries):
    def press(slug: str) -> list[tuple[str, str, list[str]]]:
        return [(p.slug, p.label, [publisher.key for publisher in p.publishers])
                for p in chronology.press_of(event_named(chronology, slug))]

    assert press(KAZAN) == [("viet-nam", "Vietnamese press", ["VNA"]), ("laos", "Lao press", ["KPL"]),
                            ("international", "international press", ["AKP"])]
    assert press(VIENTIANE) == [("viet-nam", "Vietnamese press", ["VNA"]), ("laos", "Lao press", ["KPL"])]  # KPL/VNA
    assert press(PHNOM_PENH) == [("international", "international press", ["AKP"])]  # Cambodia is not a side
    assert [p.name for p in chronology.publishers_of(event_named(chronology, VIENTIANE))] == [
        "Lao News Agency", "Vietnam News Agency"]  # the credit's own order


def test_press_choices_are_the_presses_that_report_an_event(chronology: SiteQueries, sample: SampleSite):
    assert chronology.press_choices == (("viet-nam", "Vietnamese press"), ("laos", "Lao press"),
                                        ("international", "international press"),
                                        ("both", "both Vietnamese and Lao press"))
    for slug in (PHNOM_PENH, KAZAN):  # the only events crediting AKP
        (sample.content / "events" / f"{slug}.md").unlink()
    assert SiteQueries(indexed()).press_choices == (("viet-nam", "Vietnamese press"), ("laos", "Lao press"),
                                                    ("both", "both Vietnamese and Lao press"))  # KPL/VNA in Vientiane


# The same, on the generated corpus (520 events, qualified dates, six publishers, Cambodian leaders)

@pytest.fixture(scope="module")
def corpus_site(corpus: Path) -> SiteQueries:
    site, problems = Indexer().index(load_content(corpus))
    assert site is not None, problems[:5]
    return SiteQueries(site)


def test_the_corpus_has_every_new_form(corpus_site: SiteQueries):
    qualifiers = {event.date.qualifier for event in corpus_site.events}
    assert qualifiers == {None, "circa", "before", "after"}
    assert {side for leader in corpus_site.leaders for side in [corpus_site.side_of(leader)]} == {0, 1, None}
    assert {press.slug for event in corpus_site.events for press in corpus_site.press_of(event)} == {
        "viet-nam", "laos", "international"}


def test_on_the_corpus_a_qualified_date_sorts_among_the_dates_within_its_digits(corpus_site: SiteQueries):
    events = corpus_site.events
    for index, event in enumerate(events):
        date = event.date
        if date.qualifier == "before":  # everything dated within its digits comes after it
            assert all(not within(other.date, date) for other in events[:index]), event.slug
        elif date.qualifier == "after":
            assert all(not within(other.date, date) for other in events[index + 1:]), event.slug
        elif date.qualifier == "circa":  # as its digits
            assert date.sort_key == PartialDate(date.year, date.month, date.day).sort_key, event.slug
    assert [event.date.sort_key for event in events] == sorted(event.date.sort_key for event in events)


def within(date, qualified) -> bool:
    """Whether an unqualified `date` lies within `qualified`'s digits (1977-07-18 within 1977 or 1977-07)."""
    if date.qualifier is not None:
        return False
    digits = (qualified.year, qualified.month, qualified.day)
    own = (date.year, date.month, date.day)
    length = 1 + (qualified.month is not None) + (qualified.day is not None)
    return own[:length] == digits[:length]


def test_on_the_corpus_counterparts_and_pairs_agree(corpus_site: SiteQueries):
    pairs = corpus_site.pair_meetings
    seen = 0
    for leader in corpus_site.leaders:
        side = corpus_site.side_of(leader)
        for counterpart in corpus_site.counterparts(leader):
            other = counterpart.leader
            assert corpus_site.side_of(other) == 1 - side
            key = (leader.slug, other.slug) if side == 0 else (other.slug, leader.slug)
            assert len(counterpart.meetings) == pairs[key]
            for meeting in counterpart.meetings:
                took_part = {part.leader.slug: part.role for part in corpus_site.participants(meeting.event)}
                assert (took_part[leader.slug], took_part[other.slug]) == (meeting.role, meeting.counterpart_role)
            seen += 1
    assert seen == 2 * len(pairs) > 0
    assert sum(count for _, count in corpus_site.meetings_per_year) == len(corpus_site.meetings)
    assert sum(count for _, count, _ in corpus_site.meeting_places) == len(corpus_site.meetings)
    assert sum(len(day.events) for day in corpus_site.days_of_year) == sum(
        event.date.exact_day for event in corpus_site.events)


# The promises of `SiteQueries.RECORD_LOCAL`, `LEADER_LOCAL` and `NEIGHBOURS`: a build asks these again only when
# their argument records, the world (settings, publishers, leaders), for a leader's the events that name the
# leader, for an event's neighbours the timeline's order and the neighbouring events changed, so their answers
# must depend on nothing else.

EVENT_EDITS = {
    "retitle": lambda text, value: text.replace("title: ", f"title: Edited {value} ", 1),
    # New participants, and no mentions (which could name one of them again).
    "recast": lambda text, value: re.sub(r"^leaders: .*$", ["leaders: [Tô Lâm, Thongloun Sisoulith]",
                                                            "leaders: [Phạm Minh Chính]",
                                                            "leaders: [Hun Manet, Sonexay Siphandone]"][value % 3],
                                         re.sub(r"^mentions: .*\n", "", text, flags=re.M), count=1, flags=re.M),
    "recredit": lambda text, value: re.sub(r"^source: .*$", ["source: VNA", "source: KPL/VNA", "source: AKP"][value % 3],
                                           text, count=1, flags=re.M),
    "rewrite": lambda text, value: text + f"\nA new paragraph {value}.\n",
}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(edits=st.lists(st.tuples(st.integers(0, 20), st.sampled_from([*sorted(EVENT_EDITS), "delete", "add",
                                                                                    "redate"]), st.integers(0, 99)), min_size=1, max_size=4))
def test_a_local_answer_depends_only_on_its_arguments_and_the_world(sample: SampleSite, edits):
    write_chronology(sample)
    events_dir = sample.content / "events"
    before_site = indexed()
    before = SiteQueries(before_site)
    try:
        for index, kind, value in edits:
            files = sorted(events_dir.glob("*.md"))
            path = files[index % len(files)]
            date = f"20{10 + value % 15}-0{1 + value % 9}-1{value % 10}"
            if kind == "delete" and len(files) > 1:
                path.unlink()
            elif kind == "add":
                sample.event(f"{date}-added-{value}.md", date=date, leaders="[Tô Lâm, Sonexay Siphandone]")
            elif kind == "redate":  # moves the event in the timeline: a new file name, so a new slug
                text = re.sub(r"^date: .*$", f"date: {date}", path.read_text(encoding="utf-8"), count=1, flags=re.M)
                path.unlink()
                sample.event(f"{date}-moved-{value}-{index}.md", text)
            elif kind in EVENT_EDITS:
                path.write_text(EVENT_EDITS[kind](path.read_text(encoding="utf-8"), value), encoding="utf-8")
        after_site = indexed()
        after = SiteQueries(after_site)
        earlier = {event.slug: event for event in before.events}
        kept = [event for event in after.events if getattr(earlier.get(event.slug), "digest", None) == event.digest]
        assert kept, "every event changed: nothing to compare"
        for name in SiteQueries.RECORD_LOCAL:
            arguments = [[event] for event in kept] if name != "side_of" else [[leader] for leader in after.leaders]
            for argument in arguments:
                old = [earlier[argument[0].slug]] if name != "side_of" else argument
                assert encoded(getattr(after, name)(*argument)) == encoded(getattr(before, name)(*old)), (name, argument)
        later = {event.slug: event for event in after.events}
        edited = {slug for slug in earlier.keys() | later.keys()
                  if getattr(earlier.get(slug), "digest", None) != getattr(later.get(slug), "digest", None)}
        touched = {leader for site in (before_site, after_site) for slug in edited for leader in site.leaders_named_by(slug)}
        untouched = [leader for leader in after.leaders if leader.slug not in touched]
        assert untouched or len(touched) == len(after.leaders)
        for name in SiteQueries.LEADER_LOCAL:
            for leader in untouched:
                assert encoded(getattr(after, name)(leader)) == encoded(getattr(before, name)(leader)), (name, leader)
        if [event.slug for event in before.events] == [event.slug for event in after.events]:  # the same order
            for event in after.events:
                neighbours = [slug for slug in after_site.neighbours_of(event.slug) if slug is not None]
                if not edited & {event.slug, *neighbours}:
                    for name in SiteQueries.NEIGHBOURS:
                        assert encoded(getattr(after, name)(event)) == encoded(getattr(before, name)(earlier[event.slug]))
    finally:
        shutil.rmtree(sample.content)
        sample.__init__(sample.root)
