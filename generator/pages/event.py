"""A page per event: its facts, its text, its sources, and its neighbours on the timeline."""

from __future__ import annotations

from collections.abc import Iterator

from ..queries import SiteQueries
from ..urls import event_path
from . import Page, page


class EventPages:
    template = "event.html"
    indexed = True

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        for event in site.events:
            yield page(event_path(event), self.template, event=event)


KIND = EventPages()
