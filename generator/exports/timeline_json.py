"""TimelineJS JSON (https://timeline.knightlab.com/docs/json-format.html): every event at its date's precision.

Each edition has its own, in its language: its dates as its pages write them, its catalog's words (the
msgids below are extracted by Babel from this file) and its records' titles, places and names."""

from __future__ import annotations

import html
import json

from typing import Any

from ..markup import EventHTML
from ..records import N_, Event
from ..site import Site, place_country
from ..urls import Links, event_path
from .credits import reported_by

SEPARATOR, TAIL = ",\n", "\n]}\n"  # between the events, and after the last
REPORTED_BY = N_("Reported by")  # as the event page says it
UNKNOWN_PLACE = N_("Unknown place")  # the group of an event whose place is not recorded


def head(site: Site) -> str:
    title = json.dumps({"text": {"headline": html.escape(site.config.title), "text": html.escape(site.config.description)}},
                       ensure_ascii=False)
    return '{"title": ' + title + ',\n "events": [\n'


def timeline_event(site: Site, links: Links, event_html: EventHTML, event: Event, when: Any = None) -> str:
    """One event's object; `when` is its date as the edition writes it (default: the site's English forms)."""
    gettext, when = site.gettext, when or event.when
    start = {"year": str(event.date.year)}
    if event.date.month is not None:
        start["month"] = str(event.date.month)
    if event.date.day is not None:
        start["day"] = str(event.date.day)
    url = links.absolute(event_path(event))
    contact = f"<p>{html.escape(gettext(event.contact_kind.label))}.</p>" if event.contact_kind else ""
    data = {
        "unique_id": event.slug,
        "start_date": start,
        **({"end_date": {"year": str(event.end_date.year), "month": str(event.end_date.month),
                         "day": str(event.end_date.day)}} if event.end_date else {}),
        "display_date": when.human,
        "text": {
            # TimelineJS shows these as HTML: escape the title, keep the sanitised summary.
            "headline": f'<a href="{html.escape(url)}">{html.escape(event.title)}</a>',
            "text": f"<p>{event_html.summary}</p>{contact}"
                    f"<p>{html.escape(gettext(REPORTED_BY))} {html.escape(reported_by(site, event))}.</p>",
        },
        "group": place_country(event.place, gettext) if event.place else gettext(UNKNOWN_PLACE),
    }
    return json.dumps(data, ensure_ascii=False)
