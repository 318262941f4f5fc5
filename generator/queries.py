"""What templates ask of the site: the index's lookups, and the views of it that pages show.

Templates see a `SiteQueries` as `site`. Every attribute or method they use
is noted as a read of the page being rendered, with its arguments, and the
next build asks it again (see `dependencies`): so an answer is made only of
records, numbers, text, and tuples, lists or dicts of them. A question a new
page or template needs goes here; the index (`site.Site`) stays an index.
Narrow questions (`year_counts` rather than `years`) keep an edit from
re-rendering pages that do not show it.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from operator import attrgetter
from typing import NamedTuple

from .kept import KeptGroups
from .records import CONTACTS, MET_IN_PERSON, Contact, Event, Leader, N_
from .site import BOTH_SIDES, Site, place_country
from .text import computed_once, name_key

PLACE_NOT_RECORDED = N_("Place not recorded")


class RoleSpan(NamedTuple):
    """A role the events record for a leader, from its first to its last event."""

    role: str
    first: Event
    last: Event


class Meeting(NamedTuple):
    """One event in which a leader met a counterpart, and the roles each held there."""

    event: Event
    role: str | None
    counterpart_role: str | None


class Counterpart(NamedTuple):
    """A leader of the other side whom a leader met, and their meetings in timeline order."""

    leader: Leader
    meetings: tuple[Meeting, ...]


class Pair(NamedTuple):
    """Two leaders of opposite sides (the first side's first) who took part in the same events."""

    first: Leader
    second: Leader
    meetings: int


class DayOfYear(NamedTuple):
    """A day of the calendar and the events dated exactly to it, in any year (oldest first)."""

    month: int
    day: int
    events: tuple[Event, ...]

    @property
    def key(self) -> str:
        """'10-24', as `PartialDate.month_day` and the page's anchors write it."""
        return f"{self.month:02d}-{self.day:02d}"

    @property
    def label(self) -> str:
        """'24 October'."""
        return f"{self.day} {calendar.month_name[self.month]}"


class SiteQueries:
    """The site as templates and page kinds ask it (see the module's docstring)."""

    # The index's own lookups, answered as the index answers them.
    INDEX_LOOKUPS = frozenset(("config", "publishers", "events", "leaders", "years", "topics", "countries", "sides",
                               "side_of", "participants", "mentioned", "appearances", "events_of", "mentions_of",
                               "previous", "next", "publishers_of", "press_of", "reports_of", "press_slugs",
                               "reported_by_both"))
    # The queries whose answer is a function of their argument records and of the world (the settings, the
    # publishers, the leaders) alone: a build asks them again only when one of those changed (see
    # `dependencies.ReadValues`). A query that looks at other events (an order, a count) does not belong here.
    RECORD_LOCAL = frozenset(("participants", "mentioned", "publishers_of", "press_of", "reports_of", "press_slugs",
                              "reported_by_both", "side_of"))
    # The queries of a leader whose answer is a function of the world and of the events that name the leader
    # alone: asked again only when one of those events (as it was or as it is) changed.
    # An event's neighbours in the timeline: a function of the timeline's order and of the neighbouring records.
    NEIGHBOURS = frozenset(("previous", "next"))
    LEADER_LOCAL = frozenset(("appearances", "events_of", "mentions_of", "appearance_counts", "roles_of",
                              "counterparts", "is_active", "is_mentioned_only"))

    def __init__(self, site: Site):
        self._site = site

    def __getattr__(self, name: str):  # noqa: ANN204 - whatever the index's lookup gives
        if name in SiteQueries.INDEX_LOOKUPS:
            return getattr(self._site, name)
        raise AttributeError(f"the site has no {name!r}: templates may ask {', '.join(self.questions())}")

    @classmethod
    def questions(cls) -> list[str]:
        """Every name templates may use on `site`."""
        return sorted({*cls.INDEX_LOOKUPS, *(name for name in vars(cls) if not name.startswith("_")
                                            and name not in ("INDEX_LOOKUPS", "RECORD_LOCAL", "LEADER_LOCAL", "NEIGHBOURS",
                                                                "questions"))})

    # Leaders

    def appearance_counts(self, leader: Leader) -> tuple[int, int]:
        """How many events the leader took part in, and how many only mention them."""
        parts = self._site.appearances(leader)
        took_part = sum(part.took_part for part in parts)
        return took_part, len(parts) - took_part

    def roles_of(self, leader: Leader) -> list[RoleSpan]:
        """Each distinct role recorded for the leader, in order of first appearance."""
        spans: dict[str, list[Event]] = {}
        for part in self._site.appearances(leader):
            if part.role:
                spans.setdefault(part.role, []).append(part.event)
        return [RoleSpan(role, events[0], events[-1]) for role, events in spans.items()]

    @computed_once
    def active_leaders(self) -> tuple[Leader, ...]:
        """Leaders who took part in at least one event, for the timeline's filter."""
        return tuple(leader for leader in self._site.leaders if self.events_of(leader))

    def is_active(self, leader: Leader) -> bool:
        return leader.slug in self._active_slugs

    @computed_once
    def mentioned_only_leaders(self) -> tuple[Leader, ...]:
        """Leaders whom events only mention, never as taking part: the timeline's filter lists them, marked."""
        return tuple(leader for leader in self._site.leaders if self.mentions_of(leader) and not self.events_of(leader))

    def is_mentioned_only(self, leader: Leader) -> bool:
        return leader.slug in self._mentioned_only_slugs

    @computed_once
    def _mentioned_only_slugs(self) -> frozenset[str]:
        return frozenset(leader.slug for leader in self.mentioned_only_leaders)

    @computed_once
    def _active_slugs(self) -> frozenset[str]:
        return frozenset(leader.slug for leader in self.active_leaders)

    # The timeline

    @computed_once
    def year_counts(self) -> tuple[tuple[int, int], ...]:
        """(year, number of events) in timeline order: what the year navigation shows."""
        return tuple((year, len(events)) for year, events in self._site.years)

    @computed_once
    def latest_slug(self) -> str | None:
        """The slug of the latest event on the timeline (its entry is marked), None without events."""
        return self._site.events[-1].slug if self._site.events else None

    @computed_once
    def press_choices(self) -> tuple[tuple[str, str], ...]:
        """(slug, label) of each press that reports at least one event, for the timeline's filter."""
        site = self._site
        present = {press.slug for event in {event.report_keys: event for event in site.events}.values()
                   for press in site.press_of(event)}
        choices = tuple((slug, label) for slug, label in site.press_labels if slug in present)
        if self.both_press_count:
            label = site.gettext(N_("both %(first)s and %(second)s press"))
            choices += ((BOTH_SIDES, label % {"first": site.sides[0].adjective, "second": site.sides[1].adjective}),)
        return choices

    @computed_once
    def both_press_count(self) -> int:
        """How many events the press of both sides reported."""
        return sum(1 for event in self._site.events if self._site.reported_by_both(event))

    # Kinds of contact

    @computed_once
    def contact_choices(self) -> tuple[Contact, ...]:
        """The kinds of contact the events state, in `CONTACTS`' order, for the timeline's filter."""
        present = {event.contact for event in self._site.events}
        return tuple(contact for contact in CONTACTS if contact.value in present)

    @computed_once
    def meeting_contacts(self) -> tuple[tuple[str, int], ...]:
        """How the meetings (events with leaders of both sides) were held: (what, how many) for met in person
        (in person and on the sidelines of a summit), by call, by letter, and not stated; kinds with none left out."""
        # The labels are translated where the page shows them.
        counts = {N_("met in person"): 0, N_("by phone or video call"): 0, N_("by letter or message"): 0,
                  N_("not stated"): 0}
        for event in self.meetings:
            if event.contact in MET_IN_PERSON:
                counts["met in person"] += 1
            elif event.contact == "call":
                counts["by phone or video call"] += 1
            elif event.contact == "letter":
                counts["by letter or message"] += 1
            else:
                counts["not stated"] += 1
        return tuple((label, count) for label, count in counts.items() if count)

    # Counterparts

    def counterparts(self, leader: Leader) -> tuple[Counterpart, ...]:
        """The leaders of the other side who took part in events the leader took part in, most meetings first.

        Participants only: a mention is not a meeting. A leader of a country that is not a side has none.
        """
        side = self._site.side_of(leader)
        if side is None:
            return ()
        met: dict[str, list[Meeting]] = {}
        others: dict[str, Leader] = {}
        for part in self._site.appearances(leader):
            if not part.took_part:
                continue
            for other in self._site.participants(part.event):
                if self._site.side_of(other.leader) == 1 - side:
                    met.setdefault(other.leader.slug, []).append(Meeting(part.event, part.role, other.role))
                    others[other.leader.slug] = other.leader
        order = sorted(met, key=lambda slug: (-len(met[slug]), self._name_order[slug]))
        return tuple(Counterpart(others[slug], tuple(met[slug])) for slug in order)

    @computed_once
    def _meeting_sides(self) -> tuple[tuple[Event, tuple[Leader, ...], tuple[Leader, ...]], ...]:
        """Each meeting (an event in which leaders of both sides took part) and its participants of each side."""
        side_of, found = self._site.side_of, []
        for event in self._site.events:
            parts = self._site.participants(event)
            first = tuple(part.leader for part in parts if side_of(part.leader) == 0)
            second = tuple(part.leader for part in parts if side_of(part.leader) == 1)
            if first and second:
                found.append((event, first, second))
        return tuple(found)

    @computed_once
    def meetings(self) -> tuple[Event, ...]:
        """Events in which leaders of both sides took part, in timeline order."""
        return tuple(event for event, _, _ in self._meeting_sides)

    @computed_once
    def pairs(self) -> tuple[Pair, ...]:
        """Every pair of leaders of the two sides who met, most meetings first."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        by_slug = self._site.directory.by_slug
        for _, firsts, seconds in self._meeting_sides:
            for first in firsts:
                for second in seconds:
                    counts[first.slug, second.slug] += 1
        order = self._name_order
        ranked = sorted(counts, key=lambda pair: (-counts[pair], order[pair[0]], order[pair[1]]))
        return tuple(Pair(by_slug[first], by_slug[second], counts[first, second]) for first, second in ranked)

    @computed_once
    def _name_order(self) -> dict[str, int]:
        """Each leader's place in the leaders sorted by name, by slug: to sort by name without comparing names."""
        return {leader.slug: index for index, leader in enumerate(self._site.leaders)}

    @computed_once
    def pair_meetings(self) -> dict[tuple[str, str], int]:
        """How many times two leaders met, by (first side's slug, second side's slug)."""
        return {(pair.first.slug, pair.second.slug): pair.meetings for pair in self.pairs}

    def pair_leaders(self, side: int) -> tuple[tuple[Leader, int], ...]:
        """The leaders of one side who met the other, with their number of meetings, most first."""
        return self._pair_leaders[side]

    @computed_once
    def _pair_leaders(self) -> tuple[tuple[tuple[Leader, int], ...], ...]:
        counted = []
        for side in (0, 1):
            counts: dict[str, int] = defaultdict(int)
            leaders: dict[str, Leader] = {}
            for meeting in self._meeting_sides:
                for leader in meeting[1 + side]:
                    counts[leader.slug] += 1
                    leaders[leader.slug] = leader
            order = sorted(counts, key=lambda slug: (-counts[slug], self._name_order[slug]))
            counted.append(tuple((leaders[slug], counts[slug]) for slug in order))
        return tuple(counted)

    @computed_once
    def meetings_per_year(self) -> tuple[tuple[int, int], ...]:
        """(year, meetings) for every year from the first meeting's to the last's, years without any included."""
        if not self.meetings:
            return ()
        counts: dict[int, int] = defaultdict(int)
        for event in self.meetings:
            counts[event.date.year] += 1
        return tuple((year, counts[year]) for year in range(self.meetings[0].date.year, self.meetings[-1].date.year + 1))

    @computed_once
    def meeting_places(self) -> tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...]:
        """Where meetings were held: (country, meetings, ((place, meetings), …)), most first.

        A place's country is what its text names after the last comma ("Kazan, Russia"); a meeting without
        a place is counted under "Place not recorded".
        """
        grouped: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for event in self.meetings:
            place = event.place or self._site.gettext(PLACE_NOT_RECORDED)
            grouped[place_country(place, self._site.gettext)][place] += 1
        rows = []
        for country, places in grouped.items():
            ordered = tuple(sorted(places.items(), key=lambda item: (-item[1], name_key(item[0]))))
            rows.append((country, sum(places.values()), ordered))
        return tuple(sorted(rows, key=lambda row: (-row[1], name_key(row[0]))))

    # On this day

    @computed_once
    def days_of_year(self) -> tuple[DayOfYear, ...]:
        """Every day of the calendar with events dated exactly to it, 1 January to 31 December."""
        return tuple(sorted(_DAYS_OF_YEAR(self._site.events), key=_CALENDAR_ORDER))


# Each day's events, grouped again only where a save replaced an event by one dated to another day.
_DAYS_OF_YEAR = KeptGroups(lambda event: event.date.calendar_day, lambda day, events: DayOfYear(*day, events))
_CALENDAR_ORDER = attrgetter("month", "day")
