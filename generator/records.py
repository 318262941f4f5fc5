"""The site's records: typed, immutable values made from the content files.

Events and leaders are named tuples: a large site has thousands, which the
build cache loads on every build (a tuple loads in half the time of an object
with a `__dict__`). Nothing here reads a file.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any, NamedTuple

from .dates import DateRange, PartialDate
from .errors import ContentError


class LeaderRef(NamedTuple):
    """A leader as an event names them, before the name is resolved.

    A named tuple: a large site has tens of thousands, and the build cache loads them all (as tuples, twice as fast).
    """

    name: str
    role: str | None
    line: int | None


def N_(message: str) -> str:  # noqa: N802 - gettext's name for a message marked for the catalog, kept as it is
    """A message for the catalogs (Babel extracts it from here), translated where a page shows it."""
    return message


class Contact(NamedTuple):
    """A kind of contact between leaders, as `contact:` names it."""

    value: str  # as a file writes it: "in person"
    slug: str  # the timeline's `?contact=` filter
    label: str  # what the event page says


# The kinds `contact:` accepts, in the order filters list them. A meeting on the sidelines of a summit is a
# meeting in person too: `/relations/` counts both as met in person.
CONTACTS = (
    Contact("in person", "in-person", N_("In person")),
    Contact("sidelines", "sidelines", N_("On the sidelines of a summit")),
    Contact("call", "call", N_("Phone or video call")),
    Contact("letter", "letter", N_("Letter or message")),
)
CONTACT_BY_VALUE = {contact.value: contact for contact in CONTACTS}
MET_IN_PERSON = frozenset({"in person", "sidelines"})


class Report(NamedTuple):
    """A further report of an event (`other_reports:`): its publisher's key and its address."""

    source: str
    url: str
    line: int | None = None  # of the entry, for errors about its publisher


class Event(NamedTuple):
    """One dated event."""

    path: str
    slug: str
    title: str
    date: PartialDate
    place: str | None
    leaders: tuple[LeaderRef, ...]
    mentions: tuple[LeaderRef, ...]
    source: str
    source_url: str | None
    summary: str | None
    topics: tuple[str, ...]
    draft: bool
    body: str | None  # the Markdown; None in a record restored from the build cache (see `with_body`)
    line: int | None = None  # where the front matter starts, for errors about the whole file
    digest: str = ""  # of the file's bytes and path: equal digests, equal records
    markdown_digest: str = ""  # of the body and summary: equal digests, equal HTML (a title edit keeps it)
    source_line: int | None = None  # of `source`, for errors about the publishers it credits
    end_date: PartialDate | None = None  # the last day of an event that lasted several (then `date` is a day)
    contact: str | None = None  # a value of CONTACTS; None: not stated (a milestone, not a contact)
    other_reports: tuple[Report, ...] = ()
    full_text: bool = False  # the body is the report's own full text, not a summary written from the reports
    # In an edition of the site in another language (see `editions`): the language the title, summary and body
    # are written in when the event has no translation, or the body's when only it is untranslated; else None.
    text_language: str | None = None
    body_language: str | None = None

    def __repr__(self) -> str:
        return _record_repr(self)

    @property
    def credits(self) -> tuple[str, ...]:
        """The publishers `source` credits, as it writes them: `VNA/VNS` credits VNA and VNS."""
        return tuple(part.strip() for part in self.source.split("/"))

    @property
    def report_keys(self) -> tuple[str, ...]:
        """Every publisher that reported the event, once each: `source`'s credits, then `other_reports`'."""
        if not self.other_reports:
            return self.credits
        return tuple(dict.fromkeys((*self.credits, *(report.source for report in self.other_reports))))

    @property
    def when(self) -> PartialDate | DateRange:
        """What pages show as the event's date: `date`, or its days from `date` to `end_date`."""
        return self.date if self.end_date is None else _date_range(self.date, self.end_date)

    @property
    def contact_kind(self) -> Contact | None:
        return CONTACT_BY_VALUE.get(self.contact) if self.contact else None


class Leader(NamedTuple):
    """One leader, who takes part in or is mentioned by events."""

    path: str
    slug: str
    name: str
    country: str
    country_slug: str  # for the timeline's country filter (made here, once per leader file, not per page)
    aliases: tuple[str, ...]
    body: str
    line: int | None = None
    digest: str = ""
    country_line: int | None = None  # of `country`, for errors about it
    text_language: str | None = None  # in another language's edition: the profile's, when it is untranslated

    def __repr__(self) -> str:
        return _record_repr(self)


def _record_repr(record: Event | Leader) -> str:
    """A record as its slug and the digest of its file, which stands for all of it: pages' fingerprints are made
    of the reprs of what their templates read (see `dependencies`). Exact field by field without a digest."""
    kind = type(record).__name__
    return f"{kind}({record.slug!r} #{record.digest})" if record.digest else kind + tuple.__repr__(record)


class CountrySetting(NamedTuple):
    """A country leaders may belong to, as `site.yml` lists it; the first two are the relationship's sides."""

    name: str
    adjective: str  # for its press: "Vietnamese press"
    slug: str
    names: tuple[tuple[str, str], ...] = ()  # (language code, name) where `site.yml` gives it per language
    adjectives: tuple[tuple[str, str], ...] = ()


class LanguageSetting(NamedTuple):
    """A language the site is published in (`languages:` in `site.yml`): the first is the default, at the root."""

    code: str  # BCP 47: en, vi, lo
    title: str | None = None  # the site's title in this language (default: the default language's)
    description: str | None = None


class SiteConfig(NamedTuple):
    """The site settings (`content/site.yml`)."""

    title: str
    description: str
    base_url: str
    language: str
    path: str = ""
    countries: tuple[CountrySetting, ...] = ()
    languages: tuple[LanguageSetting, ...] = ()  # empty: one language, `language`
    base_url_line: int | None = None  # where the file sets it; None once `build --base-url` overrides it

    def with_base_url(self, base_url: str) -> SiteConfig:
        return self._replace(base_url=normalise_base_url(base_url), base_url_line=None)


class Publisher(NamedTuple):
    """A publisher that events credit, as `content/sources.yml` registers it."""

    key: str  # the credit as articles write it: VNA
    name: str  # Vietnam News Agency
    country: str
    line: int | None = None
    names: tuple[tuple[str, str], ...] = ()  # (language code, name) where `sources.yml` gives it per language


class Publishers(NamedTuple):
    """The publisher registry, `content/sources.yml`."""

    path: str
    by_key: dict[str, Publisher]
    digest: str = ""


class Fact(NamedTuple):
    """A fact a translation repeats (`date`, `source`, …): it must be the original's, exactly."""

    key: str
    value: str  # as `fact_value` writes the original's
    line: int | None


class EventTranslation(NamedTuple):
    """An event's title, summary and text in another language: `content/events/<stem>.<code>.md`."""

    path: str
    stem: str  # the original's file name without `.md`
    language: str
    title: str
    summary: str
    place: str | None
    leaders: tuple[LeaderRef, ...] | None  # None: not given (the original's roles are shown)
    mentions: tuple[LeaderRef, ...] | None
    topics: tuple[str, ...] | None
    body: str  # empty: the text is not translated
    facts: tuple[Fact, ...] = ()
    line: int | None = None
    digest: str = ""
    field_lines: tuple[tuple[str, int | None], ...] = ()  # of `leaders`, `mentions`, `topics`, for errors

    def __repr__(self) -> str:
        return f"EventTranslation({self.path!r} #{self.digest})"


class LeaderTranslation(NamedTuple):
    """A leader's name (as the language's press writes it) and profile in another language:
    `content/leaders/<slug>.<code>.md`."""

    path: str
    stem: str
    language: str
    name: str | None
    body: str
    line: int | None = None
    digest: str = ""

    def __repr__(self) -> str:
        return f"LeaderTranslation({self.path!r} #{self.digest})"


class Content(NamedTuple):
    """Everything read from a content directory."""

    config: SiteConfig | None
    events: tuple[Event, ...]
    leaders: tuple[Leader, ...]
    problems: tuple[ContentError, ...] = ()
    publishers: Publishers | None = None  # None: the registry is missing or has errors
    event_translations: tuple[EventTranslation, ...] = ()
    leader_translations: tuple[LeaderTranslation, ...] = ()


def fact_value(event: Event, key: str) -> str:
    """A fact of an event as a translation that repeats it must give it (see `validate.parse_event_translation`)."""
    if key == "date":
        return event.date.written
    if key == "end_date":
        return event.end_date.iso if event.end_date else ""
    if key == "other_reports":
        return repr(tuple((report.source, report.url) for report in event.other_reports))
    value = getattr(event, key)
    return "" if value is None else repr(value) if isinstance(value, bool) else str(value)


@functools.lru_cache(maxsize=4096)
def _date_range(start: PartialDate, end: PartialDate) -> DateRange:
    """One `DateRange` for each pair of days, so the forms it works out are worked out once."""
    return DateRange(start, end)


def value_digest(*parts: Any) -> str:
    """A digest of values made only of strings, numbers, None and tuples (whose repr is exact and stable)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def markdown_digest(body: str, summary: str | None) -> str:
    """A digest of an event's Markdown: its summary, then its body.

    Not `value_digest`: a body's repr would be made for every event loaded, for nothing. A repr holds
    no NUL, so the first one ends the summary's.
    """
    return hashlib.blake2b(f"{summary!r}\0{body}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working directory if inside it, else absolute."""
    absolute, here = os.path.abspath(path), os.getcwd()  # strings: pathlib costs more than parsing a file here
    if absolute == here:
        return "."
    inside = here.rstrip(os.sep) + os.sep
    return absolute[len(inside):].replace(os.sep, "/") if absolute.startswith(inside) else absolute




def normalise_base_url(url: str) -> str:
    """A base URL ending in `/`, so that page paths can be appended to it."""
    return url if url.endswith("/") else url + "/"
