"""On this day: what the timeline's first page shows of today's events, by the reader's clock, as JSON Lines."""

from __future__ import annotations

import json

from ..records import Event
from ..urls import Links


def day_line(links: Links, event: Event) -> str:
    """`["10-24", 2024, "Title", "events/…/index.html"]` and a line break, for an event dated exactly to a day
    (its link relative to the site's root, where this file is)."""
    if not event.date.exact_day:
        return ""
    return json.dumps([event.date.month_day, event.date.year, event.title, links.event(event)], ensure_ascii=False) + "\n"
