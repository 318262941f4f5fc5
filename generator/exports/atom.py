"""Atom feeds (RFC 4287): the site's, of its newest events, and each leader's, of all of theirs."""

from __future__ import annotations

import datetime as dt

from ..markup import EventHTML
from ..records import Event
from ..site import Site
from ..urls import Links, event_path
from .xml_escape import xml_attribute, xml_text

FEED_LIMIT = 100  # newest events in the site-wide feed; leader feeds carry all of theirs
TAIL = "\n</feed>\n"  # each entry brings the line break before it


def entry_day(event: Event) -> dt.date:
    """The day an event's Atom entry is published and updated, and so what its feeds' `<updated>` come from."""
    # One rule for a feed and its entries: an event's first day, the date's own digits (October 2024 is
    # 2024-10-01), which is what the site shows. Its last day would date a feed after every entry in it, and
    # for an event of this month or year, in the future.
    return event.date.first_day


def newest_day(events: list[Event]) -> dt.date:
    """The day a feed of `events` was last updated: the newest of the days their entries give."""
    return max(map(entry_day, events), default=dt.date(1970, 1, 1))


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def head(site: Site, links: Links, path: str, title: str, home: str, newest: dt.date) -> str:
    """The start of an Atom feed whose newest event ends on `newest`, with absolute links."""
    return "\n".join([
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_attribute(site.config.language)}">',
        f"  <title>{xml_text(title)}</title>",
        *([f"  <subtitle>{xml_text(site.config.description)}</subtitle>"] if site.config.description else []),
        f'  <link rel="self" type="application/atom+xml" href="{xml_attribute(links.absolute(path))}" />',
        f'  <link rel="alternate" type="text/html" href="{xml_attribute(links.absolute(home))}" />',
        f"  <id>{xml_text(links.absolute(path))}</id>",
        f"  <updated>{_timestamp(newest)}</updated>",
    ])


def entry(site: Site, links: Links, event_html: EventHTML, event: Event, *, full_text: bool) -> str:
    """An Atom entry, starting with the line break that ends the line before it."""
    url = xml_attribute(links.absolute(event_path(event)))
    published = _timestamp(entry_day(event))
    lines = [
        "  <entry>",
        f"    <title>{xml_text(event.title)}</title>",
        f'    <link rel="alternate" type="text/html" href="{url}" />',
        f"    <id>{url}</id>",
        f"    <published>{published}</published>",
        f"    <updated>{published}</updated>",
        *(f"    <author>\n      <name>{xml_text(publisher.name)}</name>\n    </author>"
          for publisher in site.publishers_of(event)),
        *(f'    <category term="{xml_attribute(topic)}" />' for topic in event.topics),
        f"    <summary>{xml_text(event_html.summary_text)}</summary>",
        *([f'    <content type="html">{xml_text(str(event_html.body))}</content>'] if full_text else []),
        "  </entry>",
    ]
    return "\n" + "\n".join(lines)
