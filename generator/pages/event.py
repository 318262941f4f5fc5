"""A page per event: its facts, its text, its sources, and its neighbours on the timeline."""

from __future__ import annotations

from ..queries import SiteQueries
from ..urls import event_path
from . import Page, page


class EventPages:
    template = "event.html"
    indexed = True

    def __init__(self) -> None:
        # The pages last made, by the identity of their event (each page holds its event, so no other record can
        # take its id while it is here): a plan after a save makes a page only for the records it has anew.
        self._made: dict[int, Page] = {}

    def pages(self, site: SiteQueries) -> list[Page]:
        made, kept, pages = self._made, {}, []
        for event in site.events:
            found = made.get(id(event))
            if found is None or found.context["event"] is not event:
                found = page(event_path(event), self.template, event=event)
            kept[id(event)] = found
            pages.append(found)
        self._made = kept
        return pages


KIND = EventPages()
