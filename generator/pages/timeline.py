"""The timeline: every event by year on one page, or above `TIMELINE_PAGE_LIMIT` events an overview of the
latest events and a page per year."""

from __future__ import annotations

from collections.abc import Iterator

from ..queries import SiteQueries
from ..urls import year_path
from . import Page, page

TIMELINE_PAGE_LIMIT = 500  # events; above this the timeline is an overview plus a page per year
LATEST_ON_OVERVIEW = 10


def is_split(site: SiteQueries) -> bool:
    return len(site.events) > TIMELINE_PAGE_LIMIT


class Timeline:
    template = "timeline.html"
    indexed = True

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        if not is_split(site):
            yield page("", self.template, sections=site.years, split=False)
            return
        latest = tuple(reversed(site.events[-LATEST_ON_OVERVIEW:]))
        yield page("", self.template, sections=(), split=True, latest=latest)
        for year, events in site.years:
            yield page(year_path(year), self.template, sections=((year, events),), split=True)


KIND = Timeline()
