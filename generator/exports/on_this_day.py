"""On this day: the events dated exactly to a day, by month and day, for the timeline's first page to show
today's by the reader's clock: as JSON Lines (the whole year, for other programs) and as a small script per day
(what the page loads: only today's, from a web host or a disk alike)."""

from __future__ import annotations

import json

from ..records import Event
from ..urls import Links, event_path
from .search_pieces import callback_script

DAYS_FOLDER = "days/"
CALLBACK = "onThisDayPiece"


def day_line(links: Links, event: Event) -> str:
    """`["10-24", 2024, "Title", "events/…/index.html"]` and a line break, for an event dated exactly to a day
    (its link relative to the site's root, where this file is)."""
    if not event.date.exact_day:
        return ""
    return json.dumps([event.date.month_day, event.date.year, event.title, links.event(event)], ensure_ascii=False) + "\n"


def piece_path(month_day: str) -> str:
    """Where the script of one day's events is: `days/10-24.js`."""
    return f"{DAYS_FOLDER}{month_day}.js"


def day_piece(month_day: str, events: list[Event]) -> bytes:
    """`onThisDayPiece("10-24",[[2024,"Title","events/…/index.html"],…]);`: a day's events, oldest first, each
    with its address relative to its edition's first page (the page makes it relative to itself), naming the
    index, which a browser reading files does not find by itself."""
    listed = [[event.date.year, event.title, event_path(event) + "index.html"]
              for event in sorted(events, key=lambda e: e.date.year)]
    return callback_script(CALLBACK, month_day, listed)
