"""Who met whom: the meetings between the two sides' leaders, with a table of the leaders who met most.

The page stays small however many leaders met: the table has at most `MEETINGS_TABLE_ROWS` by
`MEETINGS_TABLE_COLUMNS` leaders, and every other leader who met a counterpart is one link to the counterparts
on their own page.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..queries import SiteQueries
from ..urls import RELATIONS_PATH
from . import Page, page

# A table wider or taller than this is no longer readable, on a phone above all.
MEETINGS_TABLE_ROWS, MEETINGS_TABLE_COLUMNS = 12, 8


class Relations:
    template = "relations.html"
    indexed = True

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        yield page(RELATIONS_PATH, self.template, table_rows=MEETINGS_TABLE_ROWS, table_columns=MEETINGS_TABLE_COLUMNS)


KIND = Relations()
