"""Machine-readable outputs: Atom feeds, sitemap, robots.txt, TimelineJS JSON, iCalendar, CSV, search index.

Each is built from the indexed site alone (no clock), so the bytes are stable.
Every event's share of these files (`EventData`) is made once and kept while
the event, its leaders and the base URL are unchanged, so a rebuild after an
edit reassembles the files from pieces instead of redoing them.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .content import Event
from .parallel import parallel_map
from .render import EventHTML, Links, event_path, key_digest, leader_feed_path, leader_path, plain_text
from .site import Site
from .text import fold_unique_words, slugify

FEED_LIMIT = 100  # newest events in the site-wide feed; leader feeds carry all of theirs
CSV_COLUMNS = ("date", "title", "place", "leaders", "mentions", "source", "source_url", "topics", "summary", "url")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry


@dataclass(frozen=True)
class EventData:
    """One event's share of the data files, each ready to be joined."""

    search: str  # a `"slug":{…}` member of the search index
    timeline: str  # a TimelineJS event object
    calendar: str  # a VEVENT, folded, lines ending in CRLF
    row: str  # a CSV row ending in CRLF
    entry: str  # an Atom entry with the summary, for leader feeds


class DataMaker:
    """Makes the data files, keeping each event's `EventData` (and the site feed) for the next call.

    `pieces` is what the on-disk cache saves and restores.
    """

    def __init__(self, parallel: bool = False, pieces: Mapping[str, EventData] | None = None):
        self.parallel = parallel
        self.pieces: dict[str, EventData | bytes] = dict(pieces or {})
        self.fingerprints: dict[str, str] = {}  # of the files made from pieces, by output path

    def files(self, site: Site, links: Links, event_html: Mapping[str, EventHTML]) -> dict[str, bytes]:
        """Every data file, by output path."""
        keys = [key_digest(event.digest, site.lineup_key(event), links.base_url) for event in site.events]
        missing = {key: event for key, event in zip(keys, site.events, strict=True) if key not in self.pieces}
        made = parallel_map(functools.partial(event_data, site, links, event_html), list(missing.values()),
                            enabled=self.parallel)
        known = self.pieces | dict(zip(missing, made, strict=True))
        by_slug = {event.slug: known[key] for key, event in zip(keys, site.events)}
        key_of = dict(zip((event.slug for event in site.events), keys))
        # Feeds are kept whole, keyed by what they show: an edit rebuilds only the feeds that list the event
        # (and the site feed carries whole articles, which need not be read again).
        latest = list(reversed(site.events))[:FEED_LIMIT]
        feeds = {"feed.xml": ("feed.xml " + key_digest(repr(site.config), *keys[-FEED_LIMIT:]), lambda: _atom_feed(
            site, links, "feed.xml", site.config.title, "", latest,
            [_atom_entry(links, event_html[event.slug], event, full_text=True) for event in latest]))}
        for leader in site.leaders:
            events = [part.event for part in reversed(site.appearances(leader))]
            path = leader_feed_path(leader)
            title = f"{leader.name} · {site.config.title}"
            feeds[path] = (f"{path} " + key_digest(repr(site.config), title, *(key_of[event.slug] for event in events)),
                           functools.partial(_atom_feed, site, links, path, title, leader_path(leader), events,
                                             [by_slug[event.slug].entry for event in events]))
        for key, make in feeds.values():
            if key not in known:
                known[key] = make()
        self.pieces = {key: known[key] for key in [*keys, *(key for key, _ in feeds.values())]}
        self.fingerprints = {path: key for path, (key, _) in feeds.items()}
        return {path: known[key] for path, (key, _) in feeds.items()} | assemble(site, links, by_slug)


def event_data(site: Site, links: Links, event_html: Mapping[str, EventHTML], event: Event) -> EventData:
    return EventData(
        search=_search_member(site, links, event_html[event.slug], event),
        timeline=_timeline_event(links, event_html[event.slug], event),
        calendar=_vevent(links, event_html[event.slug], event),
        row=_csv_row(site, links, event_html[event.slug], event),
        entry=_atom_entry(links, event_html[event.slug], event, full_text=False),
    )


def assemble(site: Site, links: Links, data: Mapping[str, EventData]) -> dict[str, bytes]:
    """The data files other than the feeds, from each event's share."""
    files = {
        "sitemap.xml": sitemap(site, links),
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {links.absolute('sitemap.xml')}\n".encode(),
        "timeline.json": _timeline_file(site, [data[event.slug].timeline for event in site.events]),
        "events.ics": _calendar_file(site, links, [data[event.slug].calendar for event in site.events]),
        "events.csv": (_csv_line(CSV_COLUMNS) + "".join(data[event.slug].row for event in site.events)).encode("utf-8"),
        "search-index.json": ("{" + ",".join(data[event.slug].search for event in site.events) + "}\n").encode(),
    }
    return files


# Atom (RFC 4287)

def _xml_text(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=False)


def _xml_attribute(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=True)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _atom_feed(site: Site, links: Links, path: str, title: str, home: str, events: list[Event],
               entries: list[str]) -> bytes:
    """An Atom feed of `events` (newest first, already made into `entries`) with absolute links."""
    newest = max((event.date.last_day for event in events), default=dt.date(1970, 1, 1))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_xml_attribute(site.config.language)}">',
        f"  <title>{_xml_text(title)}</title>",
        *([f"  <subtitle>{_xml_text(site.config.description)}</subtitle>"] if site.config.description else []),
        f'  <link rel="self" type="application/atom+xml" href="{_xml_attribute(links.absolute(path))}" />',
        f'  <link rel="alternate" type="text/html" href="{_xml_attribute(links.absolute(home))}" />',
        f"  <id>{_xml_text(links.absolute(path))}</id>",
        f"  <updated>{_timestamp(newest)}</updated>",
        *entries,
        "</feed>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _atom_entry(links: Links, event_html: EventHTML, event: Event, *, full_text: bool) -> str:
    url = _xml_attribute(links.absolute(event_path(event)))
    published = _timestamp(event.date.first_day)
    lines = [
        "  <entry>",
        f"    <title>{_xml_text(event.title)}</title>",
        f'    <link rel="alternate" type="text/html" href="{url}" />',
        f"    <id>{url}</id>",
        f"    <published>{published}</published>",
        f"    <updated>{published}</updated>",
        f"    <author>\n      <name>{_xml_text(event.source)}</name>\n    </author>",
        *(f'    <category term="{_xml_attribute(topic)}" />' for topic in event.topics),
        f"    <summary>{_xml_text(event_html.summary_text)}</summary>",
        *([f'    <content type="html">{_xml_text(str(event_html.body))}</content>'] if full_text else []),
        "  </entry>",
    ]
    return "\n".join(lines)


def sitemap(site: Site, links: Links) -> bytes:
    paths = ["", "leaders/"] + [event_path(e) for e in site.events] + [leader_path(l) for l in site.leaders]
    urls = "".join(f"  <url>\n    <loc>{_xml_text(links.absolute(path))}</loc>\n  </url>\n" for path in paths)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + urls + "</urlset>\n").encode("utf-8")


# TimelineJS: https://timeline.knightlab.com/docs/json-format.html

def _country_of(place: str | None) -> str:
    return place.rsplit(",", 1)[-1].strip() if place else "Unknown place"


def _timeline_event(links: Links, event_html: EventHTML, event: Event) -> str:
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
            "text": f"<p>{event_html.summary}</p>",
        },
        "group": _country_of(event.place),
    }, ensure_ascii=False)


def _timeline_file(site: Site, events: list[str]) -> bytes:
    title = json.dumps({"text": {"headline": html.escape(site.config.title), "text": html.escape(site.config.description)}},
                       ensure_ascii=False)
    return ('{"title": ' + title + ',\n "events": [\n' + ",\n".join(events) + "\n]}\n").encode("utf-8")


# Search index

def _search_member(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
    """What the timeline's search and filters need of an event, its words folded (no case, no diacritics).

    A timeline split into year pages builds its results from this, so it also
    carries the event's title, date, place, address and facets.
    """
    parts = site.participants(event)
    mentioned = [part.leader.name for part in site.mentioned(event)]
    text = " ".join([event.title, event_html.summary_text, event.place or "",
                     *(part.leader.name for part in parts), *mentioned, *event.topics, event.source,
                     plain_text(event_html.body)])
    entry = {
        "w": " ".join(fold_unique_words(text)),  # each word once: search matches words
        "t": event.title, "d": event.date.iso, "h": event.date.human, "p": event.place or "",
        "u": links.event(event), "y": str(event.date.year),
        "l": " ".join(part.leader.slug for part in parts),
        "c": " ".join(dict.fromkeys(slugify(part.leader.country) for part in parts)),
        "o": " ".join(slugify(topic) for topic in event.topics),
    }
    return json.dumps(event.slug) + ":" + json.dumps(entry, ensure_ascii=True, separators=(",", ":"))


# iCalendar (RFC 5545)

def _ical_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _fold_line(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # continuation lines begin with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def _calendar_lines(lines: list[str]) -> str:
    return "".join(_fold_line(line) + "\r\n" for line in lines)


def _vevent(links: Links, event_html: EventHTML, event: Event) -> str:
    """An all-day VEVENT spanning the day, month or year the date names."""
    host = urlsplit(links.base_url).hostname or "localhost"
    url = links.absolute(event_path(event))
    first, after = event.date.first_day, event.date.last_day + dt.timedelta(days=1)
    return _calendar_lines([
        "BEGIN:VEVENT",
        f"UID:{event.slug}@{host}",
        f"DTSTAMP:{first.strftime('%Y%m%d')}T000000Z",
        f"DTSTART;VALUE=DATE:{first.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{after.strftime('%Y%m%d')}",
        f"SUMMARY:{_ical_text(event.title)}",
        *([f"LOCATION:{_ical_text(event.place)}"] if event.place else []),
        f"DESCRIPTION:{_ical_text(event_html.summary_text + ' (' + event.source + ') ' + url)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ])


def _calendar_file(site: Site, links: Links, events: list[str]) -> bytes:
    title = _ical_text(site.config.title)
    head = _calendar_lines(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{title}//EN", "CALSCALE:GREGORIAN",
                            f"X-WR-CALNAME:{title}"])
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode("utf-8")


# CSV

def _csv_cell(value: str) -> str:
    # Spreadsheets run cells starting with these as formulas.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_line(cells: tuple[str, ...] | list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _csv_row(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
    return _csv_line([_csv_cell(value) for value in (
        event.date.iso, event.title, event.place or "",
        "; ".join(part.leader.name for part in site.participants(event)),
        "; ".join(part.leader.name for part in site.mentioned(event)),
        event.source, event.source_url or "", "; ".join(event.topics),
        event_html.summary_text, links.absolute(event_path(event)),
    )])
