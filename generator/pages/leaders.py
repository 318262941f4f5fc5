"""The list of leaders, by country."""

from __future__ import annotations

from collections.abc import Iterator

from ..site import Site
from . import Page, page


class LeaderList:
    template = "leaders.html"
    indexed = True

    def pages(self, site: Site) -> Iterator[Page]:
        yield page("leaders/", self.template)


KIND = LeaderList()
