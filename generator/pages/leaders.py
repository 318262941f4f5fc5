"""The list of leaders, by country."""

from __future__ import annotations

from collections.abc import Iterator

from ..queries import SiteQueries
from . import Page, page


class LeaderList:
    template = "leaders.html"
    indexed = True

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        yield page("leaders/", self.template)


KIND = LeaderList()
