"""TimelineJS JSON (https://timeline.knightlab.com/docs/json-format.html): every event at its date's precision."""

from __future__ import annotations

import html
import json

from ..markup import EventHTML
from ..records import Event
from ..site import Site, place_country
from ..urls import Links, event_path
from .credits import reported_by

SEPARATOR, TAIL = ",\n", "\n]}\n"  # between the events, and after the last


def head(site: Site) -> str:
    title = json.dumps({"text": {"headline": html.escape(site.config.title), "text": html.escape(site.config.description)}},
                       ensure_ascii=False)
    return '{"title": ' + title + ',\n "events": [\n'


def timeline_event(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
    start = {"year": str(event.date.year)}
    if event.date.month is not None:
        start["month"] = str(event.date.month)
    if event.date.day is not None:
        start["day"] = str(event.date.day)
    url = links.absolute(event_path(event))
    return json.dumps({
        "unique_id": event.slug,
        "start_date": start,
        "display_date": event.date.human,
        "text": {
            # TimelineJS shows these as HTML: escape the title, keep the sanitised summary.
            "headline": f'<a href="{html.escape(url)}">{html.escape(event.title)}</a>',
            "text": f"<p>{event_html.summary}</p><p>Reported by {html.escape(reported_by(site, event))}.</p>",
        },
        "group": place_country(event.place) if event.place else "Unknown place",
    }, ensure_ascii=False)
