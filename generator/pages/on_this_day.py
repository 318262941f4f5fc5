"""On this day: events dated to the day, under the day of the year they happened on, a page per month.

`/on-this-day/` lists the months; each month with events has its page (`/on-this-day/10/`), cut into parts
(`/on-this-day/10/2/`) when its events would make a page above `PAGE_BYTES`. Every page carries the list of
pages with the days each holds, so that the script can open the page of today's date from any of them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import NamedTuple

from ..queries import DayOfYear, SiteQueries
from ..records import Event
from ..urls import ON_THIS_DAY_PATH
from . import MARGIN, PAGE_BYTES, EventEstimates, Page, cut, page, utf8_size

FRAME_BYTES = 12 * 1024  # head, header, footer, the month navigation (its days included)


def line_bytes(event: Event) -> int:
    """An estimate of the bytes of an event's line under its day."""
    return 110 + utf8_size(event.title) + 2 * utf8_size(event.slug)


LINE_BYTES = EventEstimates(line_bytes)


def day_bytes(days: Sequence[DayOfYear]) -> list[int]:
    """An estimate of the bytes of each day's heading and its events' lines."""
    lines = iter(LINE_BYTES.of([event for day in days for event in day.events]))
    return [120 + sum(islice(lines, len(day.events))) for day in days]


class DayPage(NamedTuple):
    """A page of days: a month, or a part of one. Templates get it as a plain tuple (see `links`)."""

    label: str  # "October", or "1–15 October" for a part
    path: str  # on-this-day/10/, on-this-day/10/2/
    days: str  # the days it holds, "10-01 10-24": what the script looks today up in
    events: int


def month_pages(days: tuple[DayOfYear, ...]) -> list[tuple[DayPage, tuple[DayOfYear, ...]]]:
    """Every page of days, in calendar order, with its days."""
    found = []
    sizes = day_bytes(days)
    for month in range(1, 13):
        in_month = [index for index, day in enumerate(days) if day.month == month]
        runs = cut([days[index] for index in in_month], [sizes[index] for index in in_month],
                   PAGE_BYTES - MARGIN - FRAME_BYTES)
        for number, run in enumerate(runs, 1):
            path = f"{ON_THIS_DAY_PATH}{month:02d}/" + ("" if number == 1 else f"{number}/")
            name = calendar.month_name[month]
            label = name if len(runs) == 1 else (
                f"{run[0].day} {name}" if run[0] is run[-1] else f"{run[0].day}–{run[-1].day} {name}")
            found.append((DayPage(label, path, " ".join(day.key for day in run), sum(len(day.events) for day in run)),
                          run))
    return found


class OnThisDay:
    template = "on_this_day.html"
    indexed = True

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        pages = month_pages(site.days_of_year)
        listing = tuple(tuple(day_page) for day_page, _ in pages)
        yield page(ON_THIS_DAY_PATH, self.template, pages=listing, here=None, days=(), label=None)
        for day_page, days in pages:
            yield page(day_page.path, self.template, pages=listing, here=day_page.path, days=days,
                       label=day_page.label)


KIND = OnThisDay()
