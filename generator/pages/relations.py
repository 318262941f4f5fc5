"""Who met whom: meetings between the two sides' leaders, as a table or (too many for one) a ranked list."""

from __future__ import annotations

from collections.abc import Iterator

from ..queries import SiteQueries
from ..urls import RELATIONS_PATH
from . import Page, page

# Above this many leaders a side, the who-met-whom table is no longer readable: the page ranks the pairs.
MEETINGS_TABLE_ROWS, MEETINGS_TABLE_COLUMNS = 12, 8


class Relations:
    template = "relations.html"
    indexed = True

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        as_table = (len(site.pair_leaders(0)) <= MEETINGS_TABLE_ROWS
                    and len(site.pair_leaders(1)) <= MEETINGS_TABLE_COLUMNS)
        yield page(RELATIONS_PATH, self.template, as_table=as_table)


KIND = Relations()
