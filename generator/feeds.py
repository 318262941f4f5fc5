"""Machine-readable outputs: Atom feeds, sitemap, robots.txt, TimelineJS JSON, iCalendar, CSV.

Each is built from the indexed site alone (no clock), so the bytes are stable.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Mapping
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from .content import Event
from .render import EventHTML, Links, event_path, leader_feed_path, leader_path, plain_text
from .site import Site
from .text import fold, slugify

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100  # newest events in the site-wide feed; leader feeds carry all of theirs
CSV_COLUMNS = ("date", "title", "place", "leaders", "mentions", "source", "source_url", "topics", "summary", "url")


def data_files(site: Site, links: Links, event_html: Mapping[str, EventHTML]) -> dict[str, bytes]:
    """Every machine-readable file, by output path."""
    files = {
        "feed.xml": atom_feed(site, links, event_html, list(reversed(site.events))[:FEED_LIMIT], "feed.xml",
                              site.config.title, "", full_text=True),
        "sitemap.xml": sitemap(site, links),
        "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {links.absolute('sitemap.xml')}\n".encode(),
        "timeline.json": timelinejs(site, links, event_html),
        "events.ics": icalendar(site, links, event_html),
        "events.csv": events_csv(site, links, event_html),
        "search-index.json": search_index(site, links, event_html),
    }
    for leader in site.leaders:
        events = [part.event for part in reversed(site.appearances(leader))]
        path = leader_feed_path(leader)
        files[path] = atom_feed(site, links, event_html, events, path,
                                f"{leader.name} · {site.config.title}", leader_path(leader), full_text=False)
    return files


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(site: Site, links: Links, event_html: Mapping[str, EventHTML], events: list[Event],
              path: str, title: str, home: str, *, full_text: bool) -> bytes:
    """An Atom 1.0 feed of `events` (newest first) with absolute links; the article text if `full_text`."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": site.config.language})
    _sub(feed, "title", title)
    if site.config.description:
        _sub(feed, "subtitle", site.config.description)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=links.absolute(path))
    _sub(feed, "link", rel="alternate", type="text/html", href=links.absolute(home))
    _sub(feed, "id", links.absolute(path))
    newest = max((event.date.last_day for event in events), default=dt.date(1970, 1, 1))
    _sub(feed, "updated", _timestamp(newest))
    for event in events:
        entry = _sub(feed, "entry")
        _sub(entry, "title", event.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=links.absolute(event_path(event)))
        _sub(entry, "id", links.absolute(event_path(event)))
        _sub(entry, "published", _timestamp(event.date.first_day))
        _sub(entry, "updated", _timestamp(event.date.first_day))
        author = _sub(entry, "author")
        _sub(author, "name", event.source)
        for topic in event.topics:
            _sub(entry, "category", term=topic)
        _sub(entry, "summary", event_html[event.slug].summary_text)
        if full_text:
            _sub(entry, "content", str(event_html[event.slug].body), type="html")
    return _xml(feed)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    namespace = parent.tag.split("}")[0] + "}" if parent.tag.startswith("{") else ""
    element = ET.SubElement(parent, namespace + tag, attributes)
    if text is not None:
        element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def sitemap(site: Site, links: Links) -> bytes:
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", namespace)
    urlset = ET.Element(f"{{{namespace}}}urlset")
    paths = ["", "leaders/"] + [event_path(e) for e in site.events] + [leader_path(l) for l in site.leaders]
    for path in paths:
        url = _sub(urlset, "url")
        _sub(url, "loc", links.absolute(path))
    return _xml(urlset)


def _country_of(place: str | None) -> str:
    return place.rsplit(",", 1)[-1].strip() if place else "Unknown place"


def timelinejs(site: Site, links: Links, event_html: Mapping[str, EventHTML]) -> bytes:
    """Knight Lab TimelineJS JSON: https://timeline.knightlab.com/docs/json-format.html"""
    events = []
    for event in site.events:
        start = {"year": str(event.date.year)}
        if event.date.month is not None:
            start["month"] = str(event.date.month)
        if event.date.day is not None:
            start["day"] = str(event.date.day)
        url = links.absolute(event_path(event))
        events.append({
            "unique_id": event.slug,
            "start_date": start,
            "display_date": event.date.human,
            "text": {
                # TimelineJS shows these as HTML: escape the title, keep the sanitised summary.
                "headline": f'<a href="{html.escape(url)}">{html.escape(event.title)}</a>',
                "text": f"<p>{event_html[event.slug].summary}</p>",
            },
            "group": _country_of(event.place),
        })
    document = {"title": {"text": {"headline": html.escape(site.config.title), "text": html.escape(site.config.description)}},
                "events": events}
    return _json(document)


def _json(document: object) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def search_index(site: Site, links: Links, event_html: Mapping[str, EventHTML]) -> bytes:
    """What the timeline's search and filters need of each event, its words folded (no case, no diacritics).

    A timeline split into year pages builds its results from this, so it also
    carries each event's title, date, place, address and facets.
    """
    entries = {}
    for event in site.events:
        parts = site.participants(event)
        mentioned = [part.leader.name for part in site.mentioned(event)]
        text = " ".join([event.title, event_html[event.slug].summary_text, event.place or "",
                         *(part.leader.name for part in parts), *mentioned, *event.topics, event.source,
                         plain_text(event_html[event.slug].body)])
        entries[event.slug] = {
            "w": " ".join(dict.fromkeys(fold(text).split())),  # each word once: search matches words
            "t": event.title, "d": event.date.iso, "h": event.date.human, "p": event.place or "",
            "u": links.event(event), "y": str(event.date.year),
            "l": " ".join(part.leader.slug for part in parts),
            "c": " ".join(dict.fromkeys(slugify(part.leader.country) for part in parts)),
            "o": " ".join(slugify(topic) for topic in event.topics),
        }
    return (json.dumps(entries, ensure_ascii=True, separators=(",", ":")) + "\n").encode()


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


def icalendar(site: Site, links: Links, event_html: Mapping[str, EventHTML]) -> bytes:
    """One all-day VEVENT per event, spanning the day, month or year the date names."""
    host = urlsplit(links.base_url).hostname or "localhost"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{_ical_text(site.config.title)}//EN",
             "CALSCALE:GREGORIAN", f"X-WR-CALNAME:{_ical_text(site.config.title)}"]
    for event in site.events:
        url = links.absolute(event_path(event))
        first, after = event.date.first_day, event.date.last_day + dt.timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.slug}@{host}",
            f"DTSTAMP:{first.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{first.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{after.strftime('%Y%m%d')}",
            f"SUMMARY:{_ical_text(event.title)}",
            *([f"LOCATION:{_ical_text(event.place)}"] if event.place else []),
            f"DESCRIPTION:{_ical_text(event_html[event.slug].summary_text + ' (' + event.source + ') ' + url)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold_line(line) for line in lines) + "\r\n").encode("utf-8")


def _csv_cell(value: str) -> str:
    # Spreadsheets run cells starting with these as formulas.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def events_csv(site: Site, links: Links, event_html: Mapping[str, EventHTML]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in site.events:
        writer.writerow(_csv_cell(value) for value in (
            event.date.iso, event.title, event.place or "",
            "; ".join(part.leader.name for part in site.participants(event)),
            "; ".join(part.leader.name for part in site.mentioned(event)),
            event.source, event.source_url or "", "; ".join(event.topics),
            event_html[event.slug].summary_text, links.absolute(event_path(event)),
        ))
    return buffer.getvalue().encode("utf-8")
