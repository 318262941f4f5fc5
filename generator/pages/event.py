"""A page per event: its facts, its text, its sources, and its neighbours on the timeline."""

from __future__ import annotations

from ..kept import PerItem
from ..queries import SiteQueries
from ..records import Event
from ..urls import event_path
from . import Page, page


class EventPages:
    template = "event.html"
    indexed = True

    def __init__(self) -> None:
        self._pages = PerItem(self._page)  # a plan after a save makes a page only for the records it has anew

    def pages(self, site: SiteQueries) -> list[Page]:
        return self._pages(site.events)

    def _page(self, event: Event) -> Page:
        return page(event_path(event), self.template, event=event)


KIND = EventPages()
