"""Machine-readable outputs: Atom feeds, sitemap, robots.txt, TimelineJS JSON, iCalendar, CSV, search index.

Each is built from the indexed site alone (no clock), so the bytes are stable.
Most are one piece per event between a head and a tail. Each file's
fingerprint is worked out from its pieces' keys (the event, its leaders, the
base URL) before any piece is made, so an unchanged file is not made at all;
a changed one is spliced: the pieces it keeps are copied from the previous
version of the file (its `Layout` says where they lie; the output target
gives its bytes) and only new pieces are made.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import io
import itertools
import json
import re
from array import array
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import NamedTuple
from urllib.parse import urlsplit

from .markup import EventHTML, plain_text
from .parallel import parallel_map
from .digests import key_digest
from .records import Event
from .site import Site, place_country
from .text import computed_once, fold_unique_words, slugify
from .urls import ON_THIS_DAY_DATA, Links, event_path, leader_feed_path, leader_path

FEED_LIMIT = 100  # newest events in the site-wide feed; leader feeds carry all of theirs
CSV_COLUMNS = ("date", "date_qualifier", "title", "place", "leaders", "mentions", "source", "publishers", "source_url",
               "topics", "summary", "url")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry



class Layout(NamedTuple):
    """Where the pieces of one version of a data file lie, so that the next version can copy them."""

    fingerprint: str  # of that version
    base_url: str  # its pieces' links are made for this one
    keys: tuple[str, ...]  # its pieces' keys, in order
    head_length: int  # bytes before the first piece
    piece_lengths: bytes  # each piece's length in bytes, an array("Q")


Has = Callable[[str, str], bool]  # (output path, fingerprint) -> is that version at hand already?
Previous = Callable[[str, str], "bytes | None"]  # (output path, fingerprint) -> the bytes of that version, if at hand
_EVENT_FILE = "search-index.json"  # one of the files with a piece for every event
KEPT_LAYOUTS = 2  # per file: the output directory and its standby copy may each hold a version


class EventData(NamedTuple):
    """One event's share of the data files, each ready to be joined."""

    search: str  # a `"slug":{…}` member of the search index
    timeline: str  # a TimelineJS event object
    calendar: str  # a VEVENT, folded, lines ending in CRLF
    row: str  # a CSV row ending in CRLF
    entry: str  # an Atom entry with the summary, for leader feeds, after a line break


class JoinedFile:
    """A data file made of a head, one piece per event (joined by `separator`) and a tail."""

    def __init__(self, head: Callable[[], str], head_inputs: tuple[str, ...], events: list[Event],
                 keys: tuple[str, ...], piece: str | Callable[[Event], str], base_url: str, keys_digest: str,
                 separator: str = "", tail: str = ""):
        self.head = head  # made only if the file is
        self.head_inputs = head_inputs  # what the head shows, as exact strings
        self.events = events
        self.keys = keys  # each event's piece key, in the same order
        self.piece = piece  # the piece: a field of the event's `EventData`, or made by this
        self.base_url = base_url  # in the pieces' links: a file made for another cannot lend its pieces
        self.keys_digest = keys_digest  # of `keys`: the event files share theirs
        self.separator, self.tail = separator, tail

    @computed_once
    def fingerprint(self) -> str:
        return key_digest(self.base_url, *self.head_inputs, self.separator, self.tail, self.keys_digest)


class WholeFile(NamedTuple):
    """A data file made in one go."""

    fingerprint: str
    make: Callable[[], bytes]


class MadeFile(NamedTuple):
    """A data file this maker made, kept for its next call."""

    fingerprint: str
    data: bytes


class PreviousVersion(NamedTuple):
    """An earlier version of a data file that a new one can copy pieces from."""

    data: bytes
    layout: Layout


class DataMaker:
    """Makes the data files that changed, splicing pieces out of their previous versions.

    `layouts` (what the on-disk cache saves and restores) says where each
    piece lies in the files made last; the previous bytes come from this
    maker's memory or from `previous` (the output target's copies).
    """

    def __init__(self, parallel: bool = False, layouts: Mapping[str, tuple[Layout, ...]] | None = None):
        self.parallel = parallel
        self.layouts: dict[str, tuple[Layout, ...]] = dict(layouts or {})
        self.fingerprints: dict[str, str] = {}  # of every data file of the last call, by output path
        self._made: dict[str, MadeFile] = {}  # the files made, by output path
        self.pieces_made: list[str] = []  # events whose `EventData` the last call made (the rest was copied)

    def files(self, site: Site, links: Links, event_html: Mapping[str, EventHTML], indexed: list[str],
              have: Has | None = None, previous: Previous | None = None) -> dict[str, bytes]:
        """Every data file by output path, or only those that `have(path, fingerprint)` says are not at hand;
        `indexed` lists the pages the sitemap lists; `previous(path, fingerprint)` gives the bytes of an earlier
        version to splice from."""
        specs = _data_files(site, links, event_html, indexed, self._known_keys())
        self.fingerprints = {path: spec.fingerprint for path, spec in specs.items()}
        self.layouts = {path: layouts for path, layouts in self.layouts.items() if path in specs}
        wanted = {path: spec for path, spec in specs.items() if have is None or not have(path, spec.fingerprint)}
        files = {path: made for path, spec in wanted.items() if (made := self._kept(path, spec)) is not None}
        sources = {path: self._previous_version(path, spec, previous) for path, spec in wanted.items()
                   if path not in files and isinstance(spec, JoinedFile)}
        data = self._event_data(site, links, event_html, wanted, sources)
        for path, spec in wanted.items():
            if path not in files:
                files[path] = self._make(path, spec, sources.get(path), data)
        return files

    def _known_keys(self) -> dict[str, str]:
        """The piece keys the layouts hold, each mapped to itself: new equal keys are replaced by these, so
        that the layouts share them (and the cache stores each once)."""
        layouts = self.layouts.get(_EVENT_FILE, ())
        return {key: key for key in layouts[0].keys} if layouts else {}

    def _kept(self, path: str, spec: JoinedFile | WholeFile) -> bytes | None:
        made = self._made.get(path)
        return made.data if made is not None and made.fingerprint == spec.fingerprint else None

    def _make(self, path: str, spec: JoinedFile | WholeFile, source: PreviousVersion | None,
              data: Mapping[str, EventData]) -> bytes:
        if isinstance(spec, WholeFile):
            made = spec.make()
        else:
            piece = spec.piece
            if isinstance(piece, str):
                piece = lambda event, field=piece: getattr(data[event.digest], field)  # noqa: E731
            made, layout = _splice(spec, piece, source)
            self.layouts[path] = (layout, *self.layouts.get(path, ())[:KEPT_LAYOUTS - 1])
        self._made[path] = MadeFile(spec.fingerprint, made)  # for the next call (the preview's)
        return made

    def _previous_version(self, path: str, spec: JoinedFile, previous: Previous | None) -> PreviousVersion | None:
        """A version of `path` whose layout is known, from memory or from the output target."""
        made = self._made.get(path)
        for layout in self.layouts.get(path, ()):
            if layout.base_url != spec.base_url:
                continue
            if made is not None and made.fingerprint == layout.fingerprint:
                return PreviousVersion(made.data, layout)
            data = previous(path, layout.fingerprint) if previous else None
            if data is not None:
                return PreviousVersion(data, layout)
        return None

    def _event_data(self, site: Site, links: Links, event_html: Mapping[str, EventHTML],
                    wanted: Mapping[str, JoinedFile | WholeFile],
                    sources: Mapping[str, PreviousVersion | None]) -> dict[str, EventData]:
        """By event digest, the `EventData` of every event with a piece no previous file holds (on every core
        if there are many)."""
        needed: dict[str, Event] = {}
        for path, source in sources.items():
            spec = wanted[path]
            if isinstance(spec.piece, str):
                have = set(source.layout.keys) if source else set()
                needed.update((event.digest, event) for key, event in zip(spec.keys, spec.events) if key not in have)
        made = parallel_map(functools.partial(event_data, site, links, event_html), list(needed.values()),
                            enabled=self.parallel)
        self.pieces_made = [event.slug for event in needed.values()]
        return dict(zip(needed, made, strict=True))


def _splice(spec: JoinedFile, piece: Callable[[Event], str], source: PreviousVersion | None) -> tuple[bytes, Layout]:
    """The file `spec` describes, copying from `source` the runs of pieces it holds, and its layout."""
    head, separator = spec.head().encode("utf-8"), spec.separator.encode("utf-8")
    old = memoryview(source.data) if source is not None else memoryview(b"")
    parts: list[bytes | memoryview] = [head]
    lengths = array("Q")
    plan = [(-1, index) for index in range(len(spec.keys))]
    if source is not None:
        old_lengths = array("Q", source.layout.piece_lengths)
        starts = list(itertools.accumulate(old_lengths, initial=0))
        plan = _runs(source.layout.keys, spec.keys)
    for start, stop in plan:
        if len(parts) > 1:
            parts.append(separator)
        if start >= 0:  # pieces start to stop of the old file, and the separators between them
            begin = source.layout.head_length + starts[start] + start * len(separator)
            end = begin + starts[stop] - starts[start] + (stop - start - 1) * len(separator)
            parts.append(old[begin:end])
            lengths.extend(old_lengths[start:stop])
        else:
            data = piece(spec.events[stop]).encode("utf-8")
            parts.append(data)
            lengths.append(len(data))
    parts.append(spec.tail.encode("utf-8"))
    return b"".join(parts), Layout(spec.fingerprint, spec.base_url, spec.keys, len(head), lengths.tobytes())


@functools.lru_cache(maxsize=4)  # the event files share their keys: work out their runs once
def _runs(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[int, int]]:
    """How to make `new` from `old`: runs (start, stop) of old pieces to copy, or (-1, index) for a new piece."""
    if old == new:
        return [(0, len(old))] if old else []
    position = {key: index for index, key in enumerate(old)}
    runs: list[tuple[int, int]] = []
    for index, key in enumerate(new):
        found = position.get(key, -1)
        if found < 0:
            runs.append((-1, index))
        elif runs and runs[-1][0] >= 0 and runs[-1][1] == found:
            runs[-1] = (runs[-1][0], found + 1)
        else:
            runs.append((found, found + 1))
    return runs


_EVENT, _SLUG = attrgetter("event"), attrgetter("slug")


def _entry_day(event: Event) -> dt.date:
    """The day an event's Atom entry is published and updated, and so what its feeds' `<updated>` come from."""
    # One rule for a feed and its entries: an event's first day, the date's own digits (October 2024 is
    # 2024-10-01), which is what the site shows. Its last day would date a feed after every entry in it, and
    # for an event of this month or year, in the future.
    return event.date.first_day


def _newest_day(events: list[Event]) -> dt.date:
    """The day a feed of `events` was last updated: the newest of the days their entries give."""
    return max(map(_entry_day, events), default=dt.date(1970, 1, 1))


def _data_files(site: Site, links: Links, event_html: Mapping[str, EventHTML], indexed: list[str],
                known_keys: Mapping[str, str]) -> dict[str, JoinedFile | WholeFile]:
    """What every data file is made of, by output path."""
    # A piece shows its event and the event's leaders (and the base URL, which every file is made for).
    keys = tuple(site.listing_keys(site.events))
    keys = tuple(map(known_keys.get, keys, keys))
    key_of = dict(zip(map(_SLUG, site.events), keys))
    config, base_url = site.config, links.base_url
    settings = repr(config)

    def atom(path: str, title: str, home: str, events: list[Event], piece: str | Callable[[Event], str]) -> JoinedFile:
        newest = _newest_day(events)
        head = functools.partial(_atom_head, site, links, path, title, home, newest)
        their_keys = tuple(map(key_of.__getitem__, map(_SLUG, events)))
        return JoinedFile(head, (settings, path, title, home, newest.isoformat()), events, their_keys, piece, base_url,
                       key_digest(*their_keys), tail=_ATOM_TAIL)

    latest = list(reversed(site.events))[:FEED_LIMIT]
    full_entry = lambda event: _atom_entry(site, links, event_html[event.slug], event, full_text=True)  # noqa: E731
    files: dict[str, JoinedFile | WholeFile] = {"feed.xml": atom("feed.xml", config.title, "", latest, full_entry)}
    for leader in site.leaders:
        events = list(map(_EVENT, reversed(site.appearances(leader))))
        files[leader_feed_path(leader)] = atom(leader_feed_path(leader), f"{leader.name} · {config.title}",
                                               leader_path(leader), events, "entry")
    events = list(site.events)
    head_inputs, digest = (settings,), key_digest(*keys)
    # The calendar and "on this day" list only the events dated exactly to a day: the others are not pieces
    # of them at all, so that an edit to one of those leaves both files as they are.
    exact = [event for event in events if event.date.exact_day]
    exact_keys = tuple(key_of[event.slug] for event in exact)
    exact_digest = key_digest(*exact_keys)
    files |= {
        "sitemap.xml": WholeFile(key_digest("sitemap.xml", base_url, *indexed), functools.partial(sitemap, links, indexed)),
        "robots.txt": WholeFile(key_digest("robots.txt", base_url), functools.partial(_robots, links)),
        "timeline.json": JoinedFile(functools.partial(_timeline_head, site), head_inputs, events, keys, "timeline", base_url,
                                 digest, ",\n", "\n]}\n"),
        "events.ics": JoinedFile(functools.partial(_calendar_head, site), head_inputs, exact, exact_keys, "calendar",
                                 base_url, exact_digest, tail="END:VCALENDAR\r\n"),
        "events.csv": JoinedFile(lambda: _CSV_HEAD, (repr(_CSV_HEAD),), events, keys, "row", base_url, digest),
        "search-index.json": JoinedFile(lambda: "{", (), events, keys, "search", base_url, digest, ",", "}\n"),
        # JSON Lines: a line for each event dated exactly to a day.
        ON_THIS_DAY_DATA: JoinedFile(lambda: "", (), exact, exact_keys, functools.partial(_day_line, links), base_url,
                                     exact_digest),
    }
    return files


def event_data(site: Site, links: Links, event_html: Mapping[str, EventHTML], event: Event) -> EventData:
    return EventData(
        search=_search_member(site, links, event_html[event.slug], event),
        timeline=_timeline_event(site, links, event_html[event.slug], event),
        calendar=_vevent(site, links, event_html[event.slug], event),
        row=_csv_row(site, links, event_html[event.slug], event),
        entry=_atom_entry(site, links, event_html[event.slug], event, full_text=False),
    )


def _publisher_names(site: Site, event: Event) -> str:
    """`Vietnam News Agency (VNA); Việt Nam News (VNS)`: the publishers' full names, with the credits."""
    return "; ".join(f"{publisher.name} ({publisher.key})" for publisher in site.publishers_of(event))


def _reported_by(site: Site, event: Event) -> str:
    """`Vietnamese press: Vietnam News Agency (VNA), Việt Nam News (VNS)`, as event pages say it."""
    return "; ".join(f"{press.label}: " + ", ".join(f"{publisher.name} ({publisher.key})" for publisher in press.publishers)
                     for press in site.press_of(event))


def _robots(links: Links) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {links.absolute('sitemap.xml')}\n".encode()


# Atom (RFC 4287)

def _xml_text(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=False)


def _xml_attribute(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=True)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


_ATOM_TAIL = "\n</feed>\n"  # each entry brings the line break before it


def _atom_head(site: Site, links: Links, path: str, title: str, home: str, newest: dt.date) -> str:
    """The start of an Atom feed whose newest event ends on `newest`, with absolute links."""
    return "\n".join([
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_xml_attribute(site.config.language)}">',
        f"  <title>{_xml_text(title)}</title>",
        *([f"  <subtitle>{_xml_text(site.config.description)}</subtitle>"] if site.config.description else []),
        f'  <link rel="self" type="application/atom+xml" href="{_xml_attribute(links.absolute(path))}" />',
        f'  <link rel="alternate" type="text/html" href="{_xml_attribute(links.absolute(home))}" />',
        f"  <id>{_xml_text(links.absolute(path))}</id>",
        f"  <updated>{_timestamp(newest)}</updated>",
    ])


def _atom_entry(site: Site, links: Links, event_html: EventHTML, event: Event, *, full_text: bool) -> str:
    """An Atom entry, starting with the line break that ends the line before it."""
    url = _xml_attribute(links.absolute(event_path(event)))
    published = _timestamp(_entry_day(event))
    lines = [
        "  <entry>",
        f"    <title>{_xml_text(event.title)}</title>",
        f'    <link rel="alternate" type="text/html" href="{url}" />',
        f"    <id>{url}</id>",
        f"    <published>{published}</published>",
        f"    <updated>{published}</updated>",
        *(f"    <author>\n      <name>{_xml_text(publisher.name)}</name>\n    </author>"
          for publisher in site.publishers_of(event)),
        *(f'    <category term="{_xml_attribute(topic)}" />' for topic in event.topics),
        f"    <summary>{_xml_text(event_html.summary_text)}</summary>",
        *([f'    <content type="html">{_xml_text(str(event_html.body))}</content>'] if full_text else []),
        "  </entry>",
    ]
    return "\n" + "\n".join(lines)


def sitemap(links: Links, paths: list[str]) -> bytes:
    urls = "".join(f"  <url>\n    <loc>{_xml_text(links.absolute(path))}</loc>\n  </url>\n" for path in paths)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + urls + "</urlset>\n").encode("utf-8")


# TimelineJS: https://timeline.knightlab.com/docs/json-format.html

def _timeline_event(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
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
            "text": f"<p>{event_html.summary}</p><p>Reported by {html.escape(_reported_by(site, event))}.</p>",
        },
        "group": place_country(event.place) if event.place else "Unknown place",
    }, ensure_ascii=False)


def _timeline_head(site: Site) -> str:
    title = json.dumps({"text": {"headline": html.escape(site.config.title), "text": html.escape(site.config.description)}},
                       ensure_ascii=False)
    return '{"title": ' + title + ',\n "events": [\n'


# Search index

def _search_member(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
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


# On this day: what the timeline's first page shows of today's events, by the reader's clock

def _day_line(links: Links, event: Event) -> str:
    """`["10-24", 2024, "Title", "/events/…/"]` and a line break, for an event dated exactly to a day."""
    if not event.date.exact_day:
        return ""
    return json.dumps([event.date.month_day, event.date.year, event.title, links.event(event)], ensure_ascii=False) + "\n"


# iCalendar (RFC 5545)

_NOT_ICAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # control characters RFC 5545 text cannot carry (3.3.11)


def _ical_text(value: str) -> str:
    value = _NOT_ICAL.sub("", value.replace("\r", ""))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


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


def _vevent(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
    """An all-day VEVENT for an event dated exactly to a day; nothing for the others (a month- or year-long
    block, or a guessed day, in people's calendars would say more than the source)."""
    if not event.date.exact_day:
        return ""  # the calendar has no piece for it (see `_data_files`)
    host = urlsplit(links.base_url).hostname or "localhost"
    url = links.absolute(event_path(event))
    first, after = event.date.first_day, event.date.first_day + dt.timedelta(days=1)
    return _calendar_lines([
        "BEGIN:VEVENT",
        f"UID:{event.slug}@{host}",
        f"DTSTAMP:{first.strftime('%Y%m%d')}T000000Z",
        f"DTSTART;VALUE=DATE:{first.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{after.strftime('%Y%m%d')}",
        f"SUMMARY:{_ical_text(event.title)}",
        *([f"LOCATION:{_ical_text(event.place)}"] if event.place else []),
        f"DESCRIPTION:{_ical_text(event_html.summary_text + ' (reported by ' + _reported_by(site, event) + ') ' + url)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ])


def _calendar_head(site: Site) -> str:
    title = _ical_text(site.config.title)
    return _calendar_lines(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{title}//EN", "CALSCALE:GREGORIAN",
                            f"X-WR-CALNAME:{title}"])


# CSV

def _csv_cell(value: str) -> str:
    # Spreadsheets run cells starting with these as formulas.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_line(cells: tuple[str, ...] | list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


# Excel, opening a CSV by double-click, reads UTF-8 as the local code page unless the file starts with a
# byte-order mark. The mark is the head's: the rows are pieces spliced after it.
_CSV_HEAD = "\ufeff" + _csv_line(CSV_COLUMNS)


def _csv_row(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
    return _csv_line([_csv_cell(value) for value in (
        event.date.iso, event.date.qualifier or "", event.title, event.place or "",
        "; ".join(part.leader.name for part in site.participants(event)),
        "; ".join(part.leader.name for part in site.mentioned(event)),
        event.source, _publisher_names(site, event), event.source_url or "", "; ".join(event.topics),
        event_html.summary_text, links.absolute(event_path(event)),
    )])
