"""The search index: what the timeline's search and filters need of each event, as one JSON object by slug."""

from __future__ import annotations

import json

from ..markup import EventHTML, plain_text
from ..records import Event
from ..site import Site
from ..text import fold_unique_words, slugify
from ..urls import Links

HEAD, SEPARATOR, TAIL = "{", ",", "}\n"


def member(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
    """What the timeline's search and filters need of an event, its words folded (no case, no diacritics).

    A timeline split into year pages builds its results from this, so it also
    carries the event's title, date, place, address and facets.
    """
    parts, mentions = site.participants(event), site.mentioned(event)
    mentioned = [part.leader.name for part in mentions]
    text = " ".join([event.title, event_html.summary_text, event.place or "",
                     *(part.leader.name for part in parts), *mentioned, *event.topics, event.source,
                     *(publisher.name for publisher in site.publishers_of(event)),
                     plain_text(event_html.body)])
    entry = {
        "w": " ".join(fold_unique_words(text)),  # each word once: search matches words
        "t": event.title, "d": event.date.iso, "h": event.date.human, "p": event.place or "",
        "u": links.event(event), "y": str(event.date.year),
        "l": " ".join(part.leader.slug for part in parts),
        "m": " ".join(part.leader.slug for part in mentions),  # leaders it only mentions: the leader filter finds them
        "c": " ".join(dict.fromkeys(part.leader.country_slug for part in parts)),
        "s": " ".join(press.slug for press in site.press_of(event)),
        "o": " ".join(slugify(topic) for topic in event.topics),
    }
    return json.dumps(event.slug) + ":" + json.dumps(entry, ensure_ascii=True, separators=(",", ":"))
