"""On this day: events dated to the day, under the day of the year they happened on."""

from __future__ import annotations

from collections.abc import Iterator

from ..queries import SiteQueries
from ..urls import ON_THIS_DAY_PATH
from . import Page, page


class OnThisDay:
    template = "on_this_day.html"
    indexed = True

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        yield page(ON_THIS_DAY_PATH, self.template)


KIND = OnThisDay()
