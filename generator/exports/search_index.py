"""The search index: what the timeline's search and filters need of each event, as one JSON object by slug."""

from __future__ import annotations

import json
from typing import Any

from ..markup import EventHTML, plain_text
from ..records import Event
from ..site import Site
from ..text import fold, fold_unique_words, slugify
from ..urls import Links

HEAD, SEPARATOR, TAIL = "{", ",", "}\n"


def member(site: Site, links: Links, event_html: EventHTML, event: Event, original: str = "", when: Any = None) -> str:
    """What the timeline's search and filters need of an event, its words folded (no case, no diacritics).

    A timeline split into year pages builds its results from this, so it also
    carries the event's title, date, place, address and facets.
    """
    parts, mentions = site.participants(event), site.mentioned(event)
    mentioned = [part.leader.name for part in mentions]
    text = " ".join([event.title, event_html.summary_text, event.place or "",
                     *(part.leader.name for part in parts), *mentioned, *event.topics, *event.report_keys,
                     *(publisher.name for press in site.press_of(event) for publisher in press.publishers),
                     event.contact_kind.label if event.contact_kind else "", plain_text(event_html.body), original])
    when = when or event.when  # as the edition's pages write it (see `i18n`)
    # The fields a phrase is looked for in, each folded on its own, so that a phrase does not run from one into
    # the next (the article's text is left out: its words match, but a phrase there would make the index large).
    phrases = [event.title, event_html.summary_text, event.place or "", *(part.leader.name for part in parts),
               *mentioned, *event.topics]
    entry = {
        "w": " ".join(fold_unique_words(text)),  # each word once: search matches words
        "b": [folded for field in phrases if (folded := fold(field))],
        "t": event.title, "d": event.date.iso, "h": when.human, "p": event.place or "",
        "u": links.event(event), "y": str(event.date.year),
        "l": " ".join(part.leader.slug for part in parts),
        "m": " ".join(part.leader.slug for part in mentions),  # leaders it only mentions: the leader filter finds them
        "c": " ".join(dict.fromkeys(part.leader.country_slug for part in parts)),
        "s": site.press_slugs(event),  # each press that reported it, and `both` if both sides' did
        "o": " ".join(slugify(topic) for topic in event.topics),
    }
    if event.contact_kind:
        entry["k"] = event.contact_kind.slug  # the `?contact=` filter
    if when.is_range:  # each end its own <time>, as the pages show it
        entry["r"] = [when.start_text, when.separator, when.end_text, when.end_iso]
    return json.dumps(event.slug) + ":" + json.dumps(entry, ensure_ascii=True, separators=(",", ":"))
