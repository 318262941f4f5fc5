"""Index the loaded records: timeline order, leader lookups, neighbours, roles.

`Indexer.index` resolves every leader an event names and reports names it
cannot resolve, duplicate page addresses and ambiguous aliases as
`ContentError`s; the resulting `Site` is read-only and holds no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from .errors import NO_SUMMARY, ContentError
from .kept import KeptGroups, KeptOrder
from .records import (N_, Content, CountrySetting, Event, Leader, LeaderRef, Publisher, Publishers, SiteConfig,
                      value_digest)
from .text import computed_once, fold, name_key

SUGGESTION_CUTOFF = 0.5


class Participation(NamedTuple):
    """A leader's part in one event: took part (with a role) or only mentioned.

    A named tuple, not a dataclass: a large site has tens of thousands, made on every index.
    """

    event: Event
    leader: Leader
    role: str | None
    took_part: bool


class Country(NamedTuple):
    """A listed country and its leaders, for the leaders page and the timeline's filter."""

    name: str
    slug: str
    leaders: tuple[Leader, ...]


INTERNATIONAL = "international"  # the press of a country that is not one of the two sides (a slug no country has)
BOTH_SIDES = "both"  # the timeline's `?press=both`: events reported by the press of both sides


class Press(NamedTuple):
    """The publishers an event credits from one side's press, or from international press."""

    slug: str  # the side's country slug, or INTERNATIONAL: the timeline's `?press=` filter
    label: str  # "Vietnamese press", "international press"
    publishers: tuple[Publisher, ...]


class Citation(NamedTuple):
    """One report of an event: who published it (`VNA/VNS`: two publishers, one report) and where, if known."""

    publishers: tuple[Publisher, ...]
    url: str | None


def leader_label(leader: Leader) -> tuple[str, str, str]:
    """What pages other than the leader's own show of a leader: the link, the name and the country."""
    return (leader.slug, leader.name, leader.country)


# What an event's pages show of its leaders: their `leader_label` and their part, (role, took part), each.
Lineup = tuple[tuple[str, str, str, "str | None", bool], ...]


class LeaderDirectory:
    """Finds leaders by name, alias or slug, compared after NFC normalisation and case folding."""

    def __init__(self, leaders: tuple[Leader, ...]):
        self.leaders = leaders
        self.by_slug = {leader.slug: leader for leader in leaders}
        self._by_key: dict[str, Leader] = {}
        self._found: dict[str, Leader | None] = {}
        self.conflicts: list[ContentError] = []
        for leader in leaders:
            for key in {name_key(k) for k in (leader.name, leader.slug, *leader.aliases)}:
                other = self._by_key.setdefault(key, leader)
                if other is not leader:
                    self.conflicts.append(
                        ContentError(leader.path, leader.line, f"name or alias {key!r} also names {other.name} ({other.path})")
                    )
        self.conflicts += _folding_alike(leaders)

    def find(self, name: str) -> Leader | None:
        found = self._found.get(name, self)  # names repeat across thousands of events: normalise each once
        if found is self:
            found = self._found[name] = self._by_key.get(name_key(name))
        return found

    def find_folded(self, name: str) -> tuple[Leader, ...]:
        """The leaders a name, alias or slug of whom folds (`fold`: no case, no diacritics) to what `name`
        folds to: `to lam` gives Tô Lâm. More than one if folding makes two names alike."""
        wanted = fold(name)
        return tuple(leader for leader in self.leaders
                     if wanted and any(fold(known) == wanted for known in (leader.name, leader.slug, *leader.aliases)))

    def hint(self, name: str) -> str:
        """What to add to an unknown-leader message: the closest names, or where to add the leader."""
        suggestions = self.suggest(name)
        return f"; did you mean {' or '.join(suggestions)}?" if suggestions else "; add it under content/leaders/"

    def suggest(self, name: str) -> list[str]:
        """The closest known names for an unknown one, best first, comparing with and without diacritics."""
        import difflib  # only for a mistake: a build without one need not import it

        scores: dict[str, float] = {}
        wanted = (name_key(name), fold(name))
        for leader in self.leaders:
            for known in (leader.name, *leader.aliases):
                score = max(
                    difflib.SequenceMatcher(None, wanted[0], name_key(known)).ratio(),
                    difflib.SequenceMatcher(None, wanted[1], fold(known)).ratio(),
                )
                scores[leader.name] = max(score, scores.get(leader.name, 0.0))
        best = max(scores.values(), default=0.0)
        close = [known for known, score in scores.items() if score >= max(SUGGESTION_CUTOFF, best - 0.15)]
        return sorted(close, key=lambda known: -scores[known])[:3]


def _folding_alike(leaders: tuple[Leader, ...]) -> list[ContentError]:
    """Warnings for two leaders whose names or aliases differ only in case and diacritics (`Tô Lâm`, `To Lam`;
    `Đ` folds to `d`): most likely one person written two ways, who would get two pages."""
    seen: dict[str, tuple[Leader, str]] = {}
    problems = []
    for leader in leaders:
        for written in dict.fromkeys((leader.name, *leader.aliases)):
            folded = fold(written)
            other = seen.setdefault(folded, (leader, written))
            if other[0] is not leader and name_key(other[1]) != name_key(written):  # the same key: an error already
                problems.append(ContentError(
                    leader.path, leader.line,
                    f"{written!r} and {other[1]!r} of {other[0].name} ({other[0].path}) are the same letters without "
                    "diacritics: if they are one person, keep one file and make the other spelling an alias",
                    warning=True))
    return problems


class Site:
    """The indexed site: events in timeline order and everything derived from them."""

    def __init__(self, config: SiteConfig, events: tuple[Event, ...], leaders: LeaderDirectory,
                 participations: list[Participation], by_event: dict[str, list[Participation]],
                 listing_keys: dict[str, str], publishers: Publishers):
        self.config = config
        self.gettext: Callable[[str], str] = str  # the edition's catalog, for the labels the index makes
        self.publishers = publishers
        self.events = events
        self.leaders = tuple(sorted(leaders.leaders, key=lambda leader: (name_key(leader.name), leader.slug)))
        self.directory = leaders
        self._position = {event.slug: index for index, event in enumerate(events)}
        self._by_event = by_event
        self._listing_keys = listing_keys
        self._by_leader: dict[str, list[Participation]] = defaultdict(list)
        for part in participations:
            self._by_leader[part.leader.slug].append(part)

    def listing_keys(self, events: Iterable[Event]) -> list[str]:
        """Everything a data file's piece may show of each event, as exact strings for its fingerprint: the
        record (by digest) and the leaders it names as resolved (participants first, then mentions)."""
        keys = self._listing_keys
        return [keys[event.slug] for event in events]

    def participants(self, event: Event) -> list[Participation]:
        return [part for part in self._by_event.get(event.slug, ()) if part.took_part]

    def leaders_named_by(self, slug: str) -> tuple[str, ...]:
        """The slugs of the leaders who take part in the event or are mentioned by it, by the event's slug."""
        return tuple(part.leader.slug for part in self._by_event.get(slug, ()))

    def mentioned(self, event: Event) -> list[Participation]:
        return [part for part in self._by_event.get(event.slug, ()) if not part.took_part]

    def appearances(self, leader: Leader) -> list[Participation]:
        """Every event that names the leader, in timeline order."""
        return self._by_leader[leader.slug]

    def events_of(self, leader: Leader) -> list[Event]:
        return [part.event for part in self.appearances(leader) if part.took_part]

    def mentions_of(self, leader: Leader) -> list[Event]:
        return [part.event for part in self.appearances(leader) if not part.took_part]

    def event_by_slug(self, slug: str) -> Event | None:
        index = self._position.get(slug)
        return self.events[index] if index is not None else None

    def record_by_key(self, key: tuple[str, str]) -> Event | Leader | None:
        """The event or leader a page's read names as (kind, slug) (see `dependencies.argument_key`)."""
        kind, slug = key
        if kind == "Event":
            return self.event_by_slug(slug)
        if kind == "Leader":
            return self.directory.by_slug.get(slug)
        return None

    def neighbours_of(self, slug: str) -> tuple[str | None, str | None]:
        """The slugs of the events before and after the event in the timeline, by the event's slug."""
        index = self._position.get(slug)
        if index is None:
            return None, None
        return (self.events[index - 1].slug if index > 0 else None,
                self.events[index + 1].slug if index + 1 < len(self.events) else None)

    def previous(self, event: Event) -> Event | None:
        index = self._position[event.slug]
        return self.events[index - 1] if index > 0 else None

    def next(self, event: Event) -> Event | None:
        index = self._position[event.slug]
        return self.events[index + 1] if index + 1 < len(self.events) else None

    @computed_once
    def countries(self) -> tuple[Country, ...]:
        """The listed countries that have leaders, in the order `site.yml` lists them."""
        grouped: dict[str, list[Leader]] = defaultdict(list)
        for leader in self.leaders:
            grouped[leader.country].append(leader)
        return tuple(Country(setting.name, setting.slug, tuple(grouped[setting.name]))
                     for setting in self.config.countries if grouped[setting.name])

    @computed_once
    def sides(self) -> tuple[CountrySetting, ...]:
        """The relationship's two sides: the first two countries `site.yml` lists."""
        return self.config.countries[:2]

    def side_of(self, leader: Leader) -> int | None:
        """0 or 1 for a leader of one of the two sides, None for a leader of another country."""
        return self._sides_by_name.get(leader.country)

    @computed_once
    def _sides_by_name(self) -> dict[str, int]:
        return {side.name: index for index, side in enumerate(self.sides)}

    # Sources

    def publishers_of(self, event: Event) -> tuple[Publisher, ...]:
        """The publishers the event credits, in the credit's order."""
        by_key = self.publishers.by_key
        return tuple(by_key[credit] for credit in event.credits)

    def reports_of(self, event: Event) -> tuple[Citation, ...]:
        """Every report of the event: `source`'s (its credits share `source_url`), then `other_reports`'."""
        by_key = self.publishers.by_key
        return (Citation(self.publishers_of(event), event.source_url),
                *(Citation((by_key[report.source],), report.url) for report in event.other_reports))

    def press_of(self, event: Event) -> tuple[Press, ...]:
        """The publishers of every report of the event by side: each side's press (in the sides' order), then
        international press."""
        keys = event.report_keys
        found = self._press_by_source.get(keys)
        if found is None:  # events share a few credits: group each credit's publishers once
            by_key = self.publishers.by_key
            grouped: dict[str, list[Publisher]] = defaultdict(list)
            for publisher in (by_key[key] for key in keys):
                side = self._sides_by_name.get(publisher.country)
                grouped[self.sides[side].slug if side is not None else INTERNATIONAL].append(publisher)
            found = self._press_by_source[keys] = tuple(
                Press(slug, label, tuple(grouped[slug])) for slug, label in self.press_labels if grouped[slug])
        return found

    def reported_by_both(self, event: Event) -> bool:
        """Whether the press of each of the two sides reported the event."""
        slugs = {press.slug for press in self.press_of(event)}
        return len(self.sides) == 2 and all(side.slug in slugs for side in self.sides)

    def press_slugs(self, event: Event) -> str:
        """The event's `?press=` values, space-separated: each press that reported it, and `both` if both sides'."""
        slugs = [press.slug for press in self.press_of(event)]
        return " ".join([*slugs, BOTH_SIDES] if self.reported_by_both(event) else slugs)

    @computed_once
    def _press_by_source(self) -> dict[tuple[str, ...], tuple[Press, ...]]:
        return {}

    @computed_once
    def press_labels(self) -> tuple[tuple[str, str], ...]:
        """(slug, label) of each side's press, then of international press."""
        press = self.gettext(N_("%(adjective)s press"))
        return (*((side.slug, press % {"adjective": side.adjective}) for side in self.sides),
                (INTERNATIONAL, self.gettext(N_("international press"))))

    @computed_once
    def topics(self) -> tuple[str, ...]:
        """Every topic the events give, sorted."""
        return tuple(sorted(set(chain.from_iterable(map(_TOPICS, self.events))), key=name_key))

    @computed_once
    def years(self) -> tuple[tuple[int, tuple[Event, ...]], ...]:
        """(year, events) pairs in timeline order."""
        return tuple(_YEARS(self.events))


# Each year's events, grouped again only where a save replaced an event by one dated to another year.
_YEARS = KeptGroups(lambda event: event.date.year, lambda year, events: (year, events))

COUNTRY_NOT_NAMED = N_("Country not named")


def place_country(place: str, gettext: Callable[[str], str] = str) -> str:
    """The country a place's text names after its last comma: "Kazan, Russia" -> "Russia"."""
    return place.rsplit(",", 1)[-1].strip() if "," in place else gettext(COUNTRY_NOT_NAMED)


def timeline_order(event: Event) -> tuple:
    return (event.date.sort_key, event.slug)


# An event's resolution as the build cache keeps it: what it holds for (the leaders and the day), its
# lineup key, its parts as (leader slug, role, took part), its problems.
Resolution = tuple[str, str, tuple[tuple[str, "str | None", bool], ...], tuple[ContentError, ...]]


class Indexer:
    """Builds the `Site`, remembering each event's resolved leaders while the leaders stay the same.

    The preview indexes thousands of events after every save; with an
    `Indexer` kept between saves, only new or edited events are resolved again.
    A build process gets the same from the cache: `resolutions()` and `stored`.
    """

    def __init__(self, stored: Mapping[str, Resolution] | None = None) -> None:
        self._leaders: tuple[Leader, ...] | None = None
        self._directory = LeaderDirectory(())
        self._resolved: dict[str, _Resolved] = {}
        self._stored = stored or {}  # by event digest
        self._holds_for = ""  # what the resolutions made now hold for (a stored one must match): `_resolution_key`
        self._restored_from: dict[str, Resolution] = {}  # the stored resolutions used, by event digest
        self._meetings: dict[str, tuple | None] = {}  # what `_likely_duplicates` compares, by event digest
        self._order = KeptOrder(timeline_order)
        self._by_path = KeptOrder(attrgetter("path"))  # `_likely_duplicates`' order
        self._sorted_problems: tuple[list[ContentError], list[ContentError]] = ([], [])  # the last sort's in, out

    def resolutions(self) -> dict[str, Resolution]:
        """The events' resolutions as of the last `index`, by event digest."""
        return {digest: self._restored_from.get(digest) or (
                    self._holds_for, resolved.lineup_key,
                    tuple((part.leader.slug, part.role, part.took_part) for part in resolved.parts),
                    tuple(resolved.problems))
                for digest, resolved in self._resolved.items()}

    def index(self, content: Content, *, include_drafts: bool = False,
              today: dt.date | None = None) -> tuple[Site | None, list[ContentError]]:
        """Resolve and order `content`; return the site (None on error) and every problem found."""
        config, publishers = content.config, content.publishers
        countries = config.countries if config is not None else ()
        holds_for = _resolution_key(content.leaders, publishers, countries, today)
        if holds_for != self._holds_for:
            if content.leaders != self._leaders:
                self._directory = LeaderDirectory(content.leaders)
            self._leaders, self._resolved, self._meetings = content.leaders, {}, {}
            self._holds_for, self._restored_from = holds_for, {}
        directory, known, self._resolved = self._directory, self._resolved, {}
        problems = list(content.problems) + directory.conflicts + _duplicate_addresses(content)
        if config is not None:
            problems += _unlisted_countries(config, content.leaders, publishers)
        ordered = self._order(content.events)
        resolutions = [known.get(event.digest) or self._restored(event)
                       or _resolve(event, directory, publishers, countries[:2], today) for event in ordered]
        self._resolved = dict(zip(map(_DIGEST, ordered), resolutions))
        problems.extend(chain.from_iterable(map(_PROBLEMS, resolutions)))
        named = set(chain.from_iterable(map(_NAMED, resolutions)))
        # Drafts are validated like any event, then left out of the site.
        published, shown = ordered, resolutions
        if not include_drafts and any(map(_DRAFT, ordered)):
            published = [event for event in ordered if not event.draft]
            shown = [resolved for event, resolved in zip(ordered, resolutions) if not event.draft]
        slugs = list(map(_SLUG, published))
        by_event = dict(zip(slugs, map(_PARTS, shown)))
        listing_keys = dict(zip(slugs, map(_LISTING_KEY, shown)))
        problems += _likely_duplicates(self._by_path(content.events), self._resolved, self._meetings)
        if len(self._meetings) > len(self._resolved):  # those of records gone: forget them, rather than grow
            self._meetings = {digest: meeting for digest, meeting in self._meetings.items() if digest in self._resolved}
        problems += [ContentError(leader.path, leader.line, f"{leader.name} has no events", warning=True)
                     for leader in content.leaders if leader.slug not in named]
        problems = self._sorted(problems)
        if config is None or publishers is None or any(not problem.warning for problem in problems):
            return None, problems
        return Site(config, tuple(published), directory, list(chain.from_iterable(map(_PARTS, shown))), by_event,
                    listing_keys, publishers), problems

    def _sorted(self, problems: list[ContentError]) -> list[ContentError]:
        """`problems` sorted by file and line; the last sort's answer again when they are the same problems in
        the same order (a save seldom changes any)."""
        last, answer = self._sorted_problems
        if problems != last:
            answer = sorted(problems, key=lambda problem: problem.sort_key)
            self._sorted_problems = (problems, answer)
        return list(answer)

    def _restored(self, event: Event) -> _Resolved | None:
        stored = self._stored.get(event.digest)
        if stored is None:
            return None
        holds_for, lineup_key, parts, problems = stored
        if holds_for != self._holds_for:
            return None
        self._restored_from[event.digest] = stored
        by_slug = self._directory.by_slug
        return _resolved(event, [Participation(event, by_slug[slug], role, took_part)
                                 for slug, role, took_part in parts], lineup_key, list(problems))


def _resolution_key(leaders: tuple[Leader, ...], publishers: Publishers | None,
                    countries: tuple[CountrySetting, ...], today: dt.date | None) -> str:
    """What resolving depends on besides the event: every leader record, the publishers and the countries
    (which a lineup shows), and the day (for future dates)."""
    return value_digest(tuple(leader.digest for leader in leaders), publishers.digest if publishers else "",
                        tuple(countries), repr(today))


def _unlisted_countries(config: SiteConfig, leaders: tuple[Leader, ...],
                        publishers: Publishers | None) -> list[ContentError]:
    """A leader or a publisher whose country `site.yml` does not list: a typo would make a new country."""
    listed = [country.name for country in config.countries]
    if not listed:
        return []  # `countries` itself is missing or wrong: that error is enough
    problems = []
    for leader in leaders:
        if leader.country not in listed:
            problems.append(ContentError(leader.path, leader.country_line or leader.line,
                                         _unlisted(leader.country, listed, config.path)))
    for publisher in (publishers.by_key.values() if publishers else ()):
        if publisher.country not in listed:
            problems.append(ContentError(publishers.path, publisher.line,
                                         f"publisher {publisher.key}: {_unlisted(publisher.country, listed, config.path)}"))
    return problems


def _unlisted(country: str, listed: list[str], config_path: str) -> str:
    close = closest(country, listed)
    hint = f"did you mean {' or '.join(close)}?" if close else f"the listed countries are {', '.join(listed)}"
    return f"country {country!r} is not listed in `countries` in {config_path}; {hint}"


def closest(wanted: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """The known names closest to `wanted`, best first, comparing with and without case and diacritics."""
    import difflib  # only for a mistake: a build without one need not import it

    scores = {}
    for name in known:
        scores[name] = max(difflib.SequenceMatcher(None, name_key(wanted), name_key(name)).ratio(),
                           difflib.SequenceMatcher(None, fold(wanted), fold(name)).ratio())
    best = max(scores.values(), default=0.0)
    close = [name for name, score in scores.items() if score >= max(SUGGESTION_CUTOFF, best - 0.15)]
    return sorted(close, key=lambda name: -scores[name])[:limit]


class _Resolved(NamedTuple):
    """One event's leaders, resolved, and the problems (and warnings) found on the way."""

    parts: list[Participation]
    lineup_key: str  # a digest of its `Lineup`
    problems: list[ContentError]
    listing_key: str  # the event's digest and `lineup_key`: see `Site.listing_keys`
    named: frozenset[str]  # the slugs of the leaders in `parts`


def _resolved(event: Event, parts: list[Participation], lineup_key: str, problems: list[ContentError]) -> _Resolved:
    return _Resolved(parts, lineup_key, problems, event.digest + lineup_key,
                     frozenset([part.leader.slug for part in parts]))


_DIGEST, _SLUG, _DRAFT, _TOPICS = attrgetter("digest"), attrgetter("slug"), attrgetter("draft"), attrgetter("topics")
_PARTS, _PROBLEMS, _LISTING_KEY, _NAMED = (attrgetter(name) for name in ("parts", "problems", "listing_key", "named"))


def _resolve(event: Event, directory: LeaderDirectory, publishers: Publishers | None,
             sides: tuple[CountrySetting, ...], today: dt.date | None) -> _Resolved:
    seen: dict[str, str] = {}
    parts, problems = [], []
    # Participants first, then mentions: the order the event's pages show them in.
    for field, took_part, refs in (("leaders", True, event.leaders), ("mentions", False, event.mentions)):
        for ref in refs:
            leader = _find(ref, field, event, directory, problems)
            if leader is None:
                continue
            if leader.slug in seen:
                problems.append(ContentError(
                    event.path, ref.line, f"{leader.name} is listed twice (in `{seen[leader.slug]}` and `{field}`)"
                ))
                continue
            seen[leader.slug] = field
            parts.append(Participation(event, leader, ref.role, took_part))
    credited = []
    # Without a registry (sources.yml missing or wrong: its own error says so) no credit is checked, or a
    # site would get one error per event for a single mistake in one file.
    for credit in event.credits if event.source and publishers is not None else ():
        publisher = publishers.by_key.get(credit)
        if publisher is None:
            close = closest(credit, publishers.by_key)
            hint = f"did you mean {' or '.join(close)}?" if close else f"add it to {publishers.path}"
            problems.append(ContentError(event.path, event.source_line or event.line,
                                         f"unknown publisher {credit!r} in `source`; {hint}"))
        else:
            credited.append(tuple(publisher[:3]))
    for report in event.other_reports if publishers is not None else ():
        publisher = publishers.by_key.get(report.source)
        if publisher is None:
            close = closest(report.source, publishers.by_key)
            hint = f"did you mean {' or '.join(close)}?" if close else f"add it to {publishers.path}"
            problems.append(ContentError(event.path, report.line or event.line,
                                         f"unknown publisher {report.source!r} in `other_reports`; {hint}"))
        else:
            credited.append(tuple(publisher[:3]))
    if event.summary is None:
        problems.append(ContentError(event.path, event.line, NO_SUMMARY, warning=True))
    if today is not None and event.date.first_day > today:
        problems.append(ContentError(event.path, event.line, f"date {event.date.iso} is in the future", warning=True))
    lineup: Lineup = tuple((*leader_label(leader), role, took_part) for _, leader, role, took_part in parts)
    # The publishers credited, as pages show them (key, name, country), are part of what a listing shows; so
    # are the sides, which say whose press each is ("Lao press", the search index's `s`).
    return _resolved(event, parts, value_digest(lineup, tuple(credited), tuple(sides)), problems)


def _find(ref: LeaderRef, field: str, event: Event, directory: LeaderDirectory,
          problems: list[ContentError]) -> Leader | None:
    leader = directory.find(ref.name)
    if leader is None:
        problems.append(ContentError(event.path, ref.line, f"unknown leader {ref.name!r} in `{field}`{directory.hint(ref.name)}"))
    return leader


def _likely_duplicates(events: Iterable[Event], resolved: Mapping[str, _Resolved],
                       known: dict[str, tuple | None]) -> list[ContentError]:
    """A warning for each of `events` (in the order of their paths) with the same first day and the same
    participants as an earlier file: most likely one event written up twice, from two reports (which belong in
    one file's `other_reports`).

    `known` holds what is compared of each event (its first day and its participants), by the event's digest,
    from the last call with the same resolutions: the preview checks thousands of events after every save."""
    first: dict[tuple, Event] = {}
    problems = []
    for event in events:
        meeting = known.get(event.digest, False)
        if meeting is False:
            found = resolved.get(event.digest)
            taking_part = frozenset([part.leader.slug for part in found.parts if part.took_part]) if found else None
            # A milestone naming no one is not a meeting to compare.
            meeting = known[event.digest] = (event.date.written, taking_part) if taking_part else None
        if meeting is None:
            continue
        other = first.setdefault(meeting, event)
        if other is not event:
            problems.append(ContentError(
                event.path, event.line,
                f"likely the same event as {other.path} (same first day, {event.date.written}, and the same leaders): "
                "if so, keep one file and list the other report under its `other_reports`", warning=True))
    return problems


def _duplicate_addresses(content: Content) -> list[ContentError]:
    problems = []
    for kind, records in (("events", content.events), ("leaders", content.leaders)):
        if len(set(map(_SLUG, records))) == len(records):
            continue  # none: the usual case, told without a loop
        first: dict[str, Event | Leader] = {}
        for record in records:
            other = first.setdefault(record.slug, record)
            if other is not record:
                problems.append(ContentError(
                    record.path, record.line, f"page address /{kind}/{record.slug}/ is already used by {other.path}"
                ))
    return problems
