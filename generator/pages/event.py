"""A page per event: its facts, its text, its sources, and its neighbours on the timeline."""

from __future__ import annotations

from collections.abc import Iterator

from ..queries import SiteQueries
from ..urls import event_path
from . import Page, page


class EventPages:
    template = "event.html"
    indexed = True

    def __init__(self) -> None:
        self._made: dict[str, Page] = {}  # the last plan's pages, by slug: the preview plans after every save

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        made, self._made = self._made, {}
        for event in site.events:
            found = made.get(event.slug)
            if found is None or found.context["event"] is not event:  # the same record: the same page
                found = page(event_path(event), self.template, event=event)
            self._made[event.slug] = found
            yield found


KIND = EventPages()
