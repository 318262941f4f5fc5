"""A page per leader: their profile, roles, counterparts met, and the events that name them."""

from __future__ import annotations

from collections.abc import Iterator

from ..queries import SiteQueries
from ..urls import leader_path
from . import Page, page


class LeaderPages:
    template = "leader.html"
    indexed = True

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        for leader in site.leaders:
            yield page(leader_path(leader), self.template, leader=leader)


KIND = LeaderPages()
