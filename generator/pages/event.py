"""A page per event: its facts, its text, its sources, and its neighbours on the timeline."""

from __future__ import annotations

from itertools import compress
from operator import is_not

from ..queries import SiteQueries
from ..records import Event
from ..urls import event_path
from . import Page, page


class EventPages:
    template = "event.html"
    indexed = True

    def __init__(self) -> None:
        # The events and pages of the last plan: a plan after a save makes a page only for the records it has anew
        # (each page holds its event, compared by identity).
        self._last: tuple[tuple[Event, ...], list[Page]] = ((), [])

    def pages(self, site: SiteQueries) -> list[Page]:
        events = site.events
        last_events, pages = self._last
        if len(events) == len(last_events):
            pages = list(pages)
            for index in compress(range(len(events)), map(is_not, events, last_events)):
                pages[index] = self._page(events[index])
        else:
            pages = list(map(self._page, events))
        self._last = (events, pages)
        return pages

    def _page(self, event: Event) -> Page:
        return page(event_path(event), self.template, event=event)


KIND = EventPages()
