"""events.csv: a row per event, for spreadsheets."""

from __future__ import annotations

import csv
import io

from ..markup import EventHTML
from ..records import Event
from ..site import Site
from ..urls import Links, event_path
from .credits import publisher_names

COLUMNS = ("date", "date_qualifier", "title", "place", "leaders", "mentions", "source", "publishers", "source_url",
           "topics", "summary", "url")


def _cell(value: str) -> str:
    # Spreadsheets run cells starting with these as formulas.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _line(cells: tuple[str, ...] | list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


# Excel, opening a CSV by double-click, reads UTF-8 as the local code page unless the file starts with a
# byte-order mark. The mark is the head's: the rows are pieces spliced after it.
HEAD = "\ufeff" + _line(COLUMNS)


def row(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
    return _line([_cell(value) for value in (
        event.date.iso, event.date.qualifier or "", event.title, event.place or "",
        "; ".join(part.leader.name for part in site.participants(event)),
        "; ".join(part.leader.name for part in site.mentioned(event)),
        event.source, publisher_names(site, event), event.source_url or "", "; ".join(event.topics),
        event_html.summary_text, links.absolute(event_path(event)),
    )])
