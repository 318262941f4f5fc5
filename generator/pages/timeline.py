"""The timeline: every event by year on one page while that page stays under `PAGE_BYTES`, else an overview
of the latest events and a page per year, a year too large for one page cut into parts.

The split is decided on estimates (see `pages`): of each entry's HTML (`entry_bytes`) and of what every timeline
page carries besides its entries (`frame_bytes`: the filter form, the year navigation, header and footer).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from ..records import Event
from ..queries import SiteQueries
from ..urls import year_path
from . import MARGIN, PAGE_BYTES, EventEstimates, Page, cut, page, utf8_size as _size

LATEST_ON_OVERVIEW = 10


def entry_bytes(event: Event) -> int:
    """An estimate of the bytes of an event's entry on the timeline: its markup, its text, and a chip and
    data attributes per leader."""
    return (440 + _size(event.title) + _size(event.summary) + _size(event.place) + 2 * _size(event.slug)
            + sum(110 + 2 * _size(leader.name) for leader in event.leaders)
            + 40 * len(event.mentions) + 30 * len(event.topics))


ENTRY_BYTES = EventEstimates(entry_bytes)  # every plan asks for every event's, twice


def frame_bytes(site: SiteQueries) -> int:
    """An estimate of what every timeline page carries besides its entries: head, header and footer, the
    filter form (an option per leader, year and topic) and the year navigation."""
    return (6000 + sum(70 + 2 * _size(leader.name) for leader in site.leaders)
            + 150 * len(site.years) + 60 * len(site.topics))


def entries_budget(site: SiteQueries) -> int:
    """The estimated bytes of entries one timeline page may hold."""
    return PAGE_BYTES - MARGIN - frame_bytes(site)


class YearPart(NamedTuple):
    """One page of a split timeline: a year's events, or a part of them when they are too many for a page."""

    year: int
    number: int  # 1, 2, …: the part's place in its year
    of: int  # how many parts the year has
    events: tuple[Event, ...]

    @property
    def path(self) -> str:
        """years/2025/ for a year's first part, years/2025/2/ for its second."""
        return year_path(self.year) + ("" if self.number == 1 else f"{self.number}/")


def is_split(site: SiteQueries) -> bool:
    """Whether the timeline is too large for one page."""
    return sum(ENTRY_BYTES.of(site.events)) > entries_budget(site)


def year_parts(site: SiteQueries) -> list[YearPart]:
    """The pages of a split timeline, in timeline order."""
    budget = entries_budget(site)
    parts = []
    sizes = iter(ENTRY_BYTES.of([event for _, events in site.years for event in events]))
    for year, events in site.years:
        runs = cut(events, list(islice(sizes, len(events))), budget)
        parts.extend(YearPart(year, number, len(runs), run) for number, run in enumerate(runs, 1))
    return parts


class Timeline:
    template = "timeline.html"
    indexed = True

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        # Every timeline page gets the same names; what a page does not have is empty.
        none = {"latest": (), "latest_page": None, "year_part": None, "siblings": (), "previous": None,
                "following": None}
        if not is_split(site):
            yield page("", self.template, **none, sections=site.years, split=False)
            return
        parts = year_parts(site)
        latest_page = parts[-1].path  # where the latest event is
        latest = tuple(reversed(site.events[-LATEST_ON_OVERVIEW:]))
        yield page("", self.template, **none | {"latest": latest, "latest_page": latest_page}, sections=(), split=True)
        for index, part in enumerate(parts):
            # The pages before and after this one in reading order, and every part of its year: (label, path).
            previous = parts[index - 1] if index else None
            following = parts[index + 1] if index + 1 < len(parts) else None
            siblings = tuple((_dates(other), other.path) for other in parts if other.year == part.year)
            yield page(part.path, self.template, sections=((part.year, part.events),), split=True, latest=(),
                       latest_page=latest_page, year_part=(part.number, part.of),
                       siblings=siblings if part.of > 1 else (),
                       previous=previous and (_label(previous), previous.path),
                       following=following and (_label(following), following.path))


def _label(part: YearPart) -> str:
    return str(part.year) if part.of == 1 else f"{part.year}, part {part.number} of {part.of}"


def _dates(part: YearPart) -> str:
    """Where a part of a year starts and ends, 'to 14 June', '14 June to 2 October', 'from 2 October': the days
    of its first and last events, without the year the page names."""
    def day(event: Event) -> str | None:
        text = event.date.human.removesuffix(f" {part.year}")
        return None if text == str(part.year) else text
    first, last = day(part.events[0]), day(part.events[-1])
    if part.number == 1 and last:
        return f"to {last}"
    if part.number == part.of and first:
        return f"from {first}"
    return f"{first} to {last}" if first and last else f"part {part.number}"


KIND = Timeline()
