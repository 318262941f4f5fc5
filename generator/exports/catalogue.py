"""Which data files a site has, at which output paths, and what each is made of (`splice` makes them)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from operator import attrgetter
from typing import Any, NamedTuple

from ..digests import key_digest
from ..markup import EventHTML
from ..records import Event
from ..site import Site
from ..urls import ON_THIS_DAY_DATA, Links, citation_path, leader_feed_path, leader_path
from . import (atom, bibtex, calendar_ics, csl_json, csv_table, on_this_day, ris, search_index, search_pieces, sitemap,
               timeline_json)
from .reference import reference
from .splice import DataFile, FileSet, JoinedFile, WholeFile

_EVENT, _SLUG = attrgetter("event"), attrgetter("slug")


class EventData(NamedTuple):
    """One event's share of the data files, each ready to be joined."""

    search: str  # a `"slug":{…}` member of the search index
    timeline: str  # a TimelineJS event object
    calendar: str  # a VEVENT, folded, lines ending in CRLF
    row: str  # a CSV row ending in CRLF
    entry: str  # an Atom entry with the summary, for leader feeds, after a line break
    csl: str  # a CSL-JSON item, on one line
    bib: str  # a BibTeX entry ending in a line break
    ris: str  # a RIS record, lines ending in CRLF


class SiteExports:
    """The data files of one plan of a site: a `splice.Catalogue`.

    `indexed` is the address of every page the sitemap lists, as the pipeline
    gives it. `local_date` writes a date as the site's language does, and
    `catalog` is the digest of that language's catalog ("" without one): the
    pieces that show its dates and words (search, TimelineJS) depend on it.
    """

    def __init__(self, site: Site, links: Links, event_html: Mapping[str, EventHTML], indexed: list[str],
                 alternates: tuple[tuple[str, str, Links], ...] = (), local_date: Callable[[Any], Any] | None = None,
                 catalog: str = ""):
        self.site, self.links, self.event_html, self.indexed = site, links, event_html, indexed
        self.alternates = alternates  # (code, prefix, links) of every edition, when there are several
        self.local_date = local_date or _as_written
        self.catalog = catalog

    def files(self, known_keys: Mapping[str, str]) -> dict[str, DataFile]:
        """What every data file is made of, by output path."""
        site, links, event_html, indexed = self.site, self.links, self.event_html, self.indexed
        # A piece shows its event and the event's leaders (and the base URL, which every file is made for).
        keys = tuple(site.listing_keys(site.events))
        keys = tuple(map(known_keys.get, keys, keys))
        if self.catalog:
            keys = tuple(key + self.catalog for key in keys)
        key_of = dict(zip(map(_SLUG, site.events), keys))
        config, base_url = site.config, links.base_url
        settings = repr(config)

        def feed(path: str, title: str, home: str, events: list[Event], piece: str | Callable[[Event], str]) -> JoinedFile:
            newest = atom.newest_day(events)
            head = functools.partial(atom.head, site, links, path, title, home, newest)
            their_keys = tuple(map(key_of.__getitem__, map(_SLUG, events)))
            return JoinedFile(head, (settings, path, title, home, newest.isoformat()), events, their_keys, piece,
                              base_url, key_digest(*their_keys), tail=atom.TAIL)

        latest = list(reversed(site.events))[:atom.FEED_LIMIT]
        full_entry = lambda event: atom.entry(site, links, event_html[event.slug], event, full_text=True)  # noqa: E731
        files: dict[str, DataFile] = {"feed.xml": feed("feed.xml", config.title, "", latest, full_entry)}
        for leader in site.leaders:
            events = list(map(_EVENT, reversed(site.appearances(leader))))
            files[leader_feed_path(leader)] = feed(leader_feed_path(leader), f"{leader.name} · {config.title}",
                                                   leader_path(leader), events, "entry")
        events = list(site.events)
        head_inputs, digest = (settings,), key_digest(*keys)
        # The calendar and "on this day" list only the events dated exactly to a day: the others are not pieces
        # of them at all, so that an edit to one of those leaves both files as they are.
        exact = [event for event in events if event.date.exact_day]
        exact_keys = tuple(key_of[event.slug] for event in exact)
        exact_digest = key_digest(*exact_keys)
        # A citation also shows the site's title and language, which the other pieces do not: its keys say so,
        # or a citation made before a change of title would be copied into the next file.
        cited = key_digest(config.title, config.language)
        cite_keys = tuple(key + "|" + cited for key in keys)
        cite_digest = key_digest(*cite_keys)
        files |= {
            "sitemap.xml": WholeFile(key_digest("sitemap.xml", base_url, *indexed,
                                                *(code for code, _, _ in self.alternates)),
                                     functools.partial(sitemap.sitemap, links, indexed, self.alternates)),
            "robots.txt": WholeFile(key_digest("robots.txt", base_url), functools.partial(sitemap.robots, links)),
            "timeline.json": JoinedFile(functools.partial(timeline_json.head, site), head_inputs, events, keys,
                                        "timeline", base_url, digest, timeline_json.SEPARATOR, timeline_json.TAIL),
            # Its pieces show the UIDs' domain as well as links: a piece made for another title is not lent either.
            "events.ics": JoinedFile(functools.partial(calendar_ics.head, site), head_inputs, exact, exact_keys,
                                     "calendar", f"{base_url} {calendar_ics.uid_domain(site)}", exact_digest,
                                     tail=calendar_ics.TAIL),
            "events.csv": JoinedFile(lambda: csv_table.HEAD, (repr(csv_table.HEAD),), events, keys, "row", base_url,
                                     digest),
            "search-index.json": JoinedFile(lambda: search_index.HEAD, (), events, keys, "search", base_url, digest,
                                            search_index.SEPARATOR, search_index.TAIL),
            # JSON Lines: a line for each event dated exactly to a day.
            ON_THIS_DAY_DATA: JoinedFile(lambda: "", (), exact, exact_keys, functools.partial(on_this_day.day_line, links),
                                         base_url, exact_digest),
            "citations.json": JoinedFile(lambda: csl_json.HEAD, (), events, cite_keys, "csl", base_url, cite_digest,
                                         csl_json.SEPARATOR, csl_json.TAIL),
            "citations.bib": JoinedFile(lambda: "", (), events, cite_keys, "bib", base_url, cite_digest,
                                        bibtex.SEPARATOR),
            "citations.ris": JoinedFile(lambda: "", (), events, cite_keys, "ris", base_url, cite_digest, ris.SEPARATOR),
        }
        # The search index in pieces, made from the whole index's bytes (their names depend on its words).
        # An edition's pieces are under its prefix (`vi/search/`), made from its own index, addresses relative to
        # its own first page's folder (what the page's data-root gives): the index's, from the site's root, without
        # the prefix.
        prefix = links.prefix
        index_fingerprint = files["search-index.json"].fingerprint
        files[search_pieces.FOLDER] = FileSet(key_digest(prefix + search_pieces.FOLDER, index_fingerprint),
                                              prefix + "search-index.json",
                                              functools.partial(search_pieces.pieces_and_state, base_path=links.prefix,
                                                                folder=prefix + search_pieces.FOLDER))
        # A script per day of the year with events, for the timeline's "on this day" line.
        by_day: dict[str, list[Event]] = {}
        for event in exact:
            by_day.setdefault(event.date.month_day, []).append(event)
        for day, on_day in sorted(by_day.items()):
            path = on_this_day.piece_path(day)
            files[path] = WholeFile(key_digest(path, *(key_of[event.slug] for event in on_day)),
                                    functools.partial(on_this_day.day_piece, day, on_day))
        # Each event's own CSL-JSON, made in one go: a file of one piece has nothing to splice.
        for event, cite_key in zip(events, cite_keys, strict=True):
            files[citation_path(event)] = WholeFile(key_digest(citation_path(event), base_url, cite_key),
                                                    functools.partial(self._citation, event))
        return files

    def _citation(self, event: Event) -> bytes:
        return csl_json.one_event(reference(self.site, self.links, event, self.event_html[event.slug].summary_text))

    def event_data(self, event: Event) -> EventData:
        site, links, event_html = self.site, self.links, self.event_html[event.slug]
        cited = reference(site, links, event, event_html.summary_text)
        when = self.local_date(event.when)
        return EventData(
            search=search_index.member(site, links, event_html, event, when=when),
            timeline=timeline_json.timeline_event(site, links, event_html, event, when),
            calendar=calendar_ics.vevent(site, links, event_html, event),
            row=csv_table.row(site, links, event_html, event),
            entry=atom.entry(site, links, event_html, event, full_text=False),
            csl=csl_json.piece(cited), bib=bibtex.entry(cited), ris=ris.record(cited),
        )


def _as_written(when: Any) -> Any:
    return when


# The data files an edition in another language has of its own, under its prefix; the rest are the site's, once.
EDITION_FILES = ("feed.xml", "search-index.json", ON_THIS_DAY_DATA, "timeline.json")


class EditionExports(SiteExports):
    """The data files of an edition in another language than the default one: its feeds (the site's and each
    leader's), its search index, its "on this day" data and its TimelineJS file, under its prefix
    (`vi/feed.xml`). Its search index holds the original's words too (`original_text`), so a reader finds an
    event by either. (Its records' keys cover its catalog already: see `editions`.)"""

    def __init__(self, site: Site, links: Links, event_html: Mapping[str, EventHTML],
                 original_text: Callable[[Event], str], local_date: Callable[[object], object]):
        super().__init__(site, links, event_html, [], local_date=local_date)
        self.original_text = original_text

    def files(self, known_keys: Mapping[str, str]) -> dict[str, DataFile]:
        every = super().files(known_keys)
        prefix = self.links.prefix
        return {prefix + path: spec for path, spec in every.items()
                if path in EDITION_FILES or path.endswith("/feed.xml") or path == search_pieces.FOLDER
                or path.startswith(on_this_day.DAYS_FOLDER)}

    def event_data(self, event: Event) -> EventData:
        site, links, event_html = self.site, self.links, self.event_html[event.slug]
        when = self.local_date(event.when)
        return EventData(
            search=search_index.member(site, links, event_html, event, self.original_text(event), when),
            timeline=timeline_json.timeline_event(site, links, event_html, event, when), calendar="", row="",
            entry=atom.entry(site, links, event_html, event, full_text=False),
            csl="", bib="", ris="",
        )


class EditionsExports:
    """The data files of every edition: a `splice.Catalogue` whose pieces each edition makes for its events."""

    def __init__(self, editions: list[SiteExports]):
        self.editions = editions
        self._by_digest = {event.digest: edition for edition in editions for event in edition.site.events}

    def files(self, known_keys: Mapping[str, str]) -> dict[str, DataFile]:
        files: dict[str, DataFile] = {}
        for edition in self.editions:
            files |= edition.files(known_keys)
        return files

    def event_data(self, event: Event) -> EventData:
        return self._by_digest[event.digest].event_data(event)
