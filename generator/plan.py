"""The plan stage: every page the site has, and the fingerprint that says whether it must be rendered again.

The pages come from the page kinds (`pages`). A page's fingerprint is made
from the reads its template made the last time it was rendered, each asked
again of this site (`dependencies`), and the settings every page shares; a
page never rendered has none, and is rendered. Nothing here renders or writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup

from .dependencies import LastAnswers, Read, ReadValues, fingerprint
from .digests import content_digest
from .errors import ContentErrors
from .i18n import Language
from .inputs import files_under
from .kept import PerItem
from .markup import EventHTML
from .pages import KINDS, Page
from .records import value_digest
from .queries import SiteQueries
from .site import Site
from .urls import Links, edition_prefix

_OUTPUT = attrgetter("output")
UNRENDERED = ""  # the fingerprint of a page with no reads on record: no target holds it, so it is rendered


class PagePlan(Mapping):
    """Every HTML page of a site by output path, in the kinds' order: the default edition's, then each other
    edition's under its prefix (`vi/…`)."""

    def __init__(self, queries: SiteQueries, editions: tuple[tuple[str, str, SiteQueries], ...] = ()):
        self._pages: dict[str, Page] = {}
        self.indexed: list[str] = []  # the outputs of the pages search engines should list, in order
        for code, prefix, edition_queries in editions or (("", "", queries),):
            for kind in KINDS:
                pages = kind.pages(edition_queries)
                if code:
                    pages = [page._replace(output=prefix + page.output, language=code) for page in pages]
                else:
                    pages = list(pages)
                outputs = list(map(_OUTPUT, pages))
                self._pages.update(zip(outputs, pages))
                if kind.indexed:
                    self.indexed += outputs

    def __getitem__(self, output: str) -> Page:
        return self._pages[output]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def key(self, output: str) -> str:
        """What the page is, apart from what its template reads: its template, address and context."""
        page = self._pages[output]
        return f"{page.template}\x1f{page.path}\x1f{page.anywhere}\x1f{fingerprint(page.context)}"


class PageFingerprints(Mapping):
    """Each page's fingerprint, from its reads on record, computed when asked for.

    A page that is what it was at the last plan (same key), and whose reads all give what they gave then,
    keeps the fingerprint it had: only the reads that may have changed are asked again (see `ReadValues`).
    A site in several languages has an edition's settings and read values for each (by language code); its
    plans keep no answers for the next (each plan asks every read again).
    """

    def __init__(self, pages: PagePlan, settings: Mapping[str, str], reads: Mapping[str, tuple[Read, ...]],
                 values: Mapping[str, ReadValues], last: Mapping[str, tuple[str, str]] | None = None):
        self._pages, self._settings, self._reads, self.values_of = pages, settings, reads, values
        self.values = next(iter(values.values()))  # the default edition's
        self._last = (last or {}) if len(values) == 1 else {}
        self._by_output: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._rendered: set[str] = set()  # pages rendered under this plan (perhaps in another process)

    def __getitem__(self, output: str) -> str:
        found = self._by_output.get(output)
        if found is None:
            reads = self._reads.get(output)
            if reads is None:
                found = UNRENDERED
            else:
                key = self.key(output)
                last = self._last.get(output)
                if last is not None and last[0] == key and all(map(self.values.unchanged, reads)):
                    found = last[1]
                else:
                    found = self._values(output).page_fingerprint(key, reads)
            self._by_output[output] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def all(self) -> dict[str, str]:
        """Every page's fingerprint, in page order."""
        reads, last, found, values = self._reads, self._last, self._by_output, self.values
        changed = values.changed_reads()
        if changed is None:  # each distinct read is asked once, rather than once per page that made it
            changed = {read for read in {read for output in self._pages if output in last
                                         for read in reads.get(output, ())} if not values.unchanged(read)}
        for output in self._pages:
            if output not in found:
                page_reads, before = reads.get(output), last.get(output)
                if page_reads is not None and before is not None and before[0] == self.key(output) and \
                        changed.isdisjoint(page_reads):
                    found[output] = before[1]
        return {output: self[output] for output in self._pages}

    def key(self, output: str) -> str:
        """What the page is, apart from what its template reads, with the settings every page shares."""
        found = self._keys.get(output)
        if found is None:
            settings = self._settings[self._pages[output].language]
            found = self._keys[output] = f"{settings}\x1f{self._pages.key(output)}"
        return found

    def _values(self, output: str) -> ReadValues:
        return self.values_of[self._pages[output].language]

    def of_render(self, output: str, reads: tuple[Read, ...]) -> str:
        """The fingerprint of the page at `output` had it made `reads`."""
        return self._values(output).page_fingerprint(self.key(output), reads)

    def rendered(self, output: str, fingerprint: str) -> None:
        """Take the fingerprint of a page rendered under this plan (one with no reads on record had none)."""
        self._by_output[output] = fingerprint
        self._rendered.add(output)

    def answers(self, named: Mapping[str, tuple[str, ...]]) -> LastAnswers:
        """What this plan knew, for the next: the reads it knows the answers of, and the fingerprints of the pages
        whose reads are all among them (a page rendered in another process asked its reads there)."""
        if len(self.values_of) > 1:
            return LastAnswers()  # see the class's docstring
        answers = self.values.answers(named=named)
        known = answers.values
        pages = {output: (self.key(output), fingerprint) for output, fingerprint in self._by_output.items()
                 if fingerprint != UNRENDERED and output in self._pages and
                 (output not in self._rendered or all(read in known for read in self._reads.get(output, ())))}
        return answers._replace(pages=pages)


content_fingerprint = content_digest  # a static file's fingerprint


def static_files(static_dir: Path) -> dict[str, bytes]:
    """The files under `static/`, keyed by their output path; ContentErrors for a symbolic link that leaves
    `static/` or points at nothing (see `inputs`)."""
    if not static_dir.is_dir():
        return {}
    found, problems = files_under(static_dir, files=lambda name: not name.startswith("."))
    if problems:
        raise ContentErrors(problems)
    return {path.relative_to(static_dir).as_posix(): path.read_bytes() for path in sorted(map(Path, found))}


def asset_versions(files: Mapping[str, bytes]) -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest()[:10] for path, data in files.items()}


class Edition(NamedTuple):
    """The site in one of its languages: its index, what its templates see, and where its pages go."""

    language: Language
    prefix: str  # "" for the default language's, at the root; "vi/" for another's
    site: Site  # the records in this language (see `editions`)
    queries: SiteQueries
    links: Links
    event_html: Mapping[str, EventHTML]  # by slug
    leader_html: Mapping[str, Markup]  # by slug


class EditionInput(NamedTuple):
    """What the plan is given of an edition other than the default one."""

    language: Language
    site: Site
    event_html: Mapping[str, EventHTML]
    leader_html: Mapping[str, Markup]


class Alternate(NamedTuple):
    """The same page in one of the site's languages, for the language switcher and `hreflang`."""

    code: str
    name: str  # the language's name in itself: "Tiếng Việt"
    links: Links


class Plan(NamedTuple):
    """A site ready to render: every page and its fingerprint, the static files, and what templates see.

    `site`, `queries`, `links`, `event_html` and `leader_html` are the default edition's; `editions` has
    every edition, the default one first.
    """

    site: Site
    queries: SiteQueries  # what templates see as `site`
    links: Links
    event_html: Mapping[str, EventHTML]  # by slug
    leader_html: Mapping[str, Markup]  # by slug
    assets: dict[str, bytes]  # static files, by output path
    pages: PagePlan  # by output path, in a stable order
    fingerprints: PageFingerprints  # of every page, by output path (computed when asked for)
    editions: tuple[Edition, ...] = ()

    def answers(self) -> LastAnswers:
        """What this plan knew of its pages' reads, for the next plan to ask again only what may have changed."""
        return self.fingerprints.answers(named=_NamedBy(self.site))

    def edition(self, code: str) -> Edition:
        """The edition of a page's `language` ("": the default one)."""
        for edition in self.editions:
            if not code or edition.language.code == code:
                return edition
        raise KeyError(code)

    @property
    def alternates(self) -> tuple[Alternate, ...]:
        """Every edition's links, when the site has more than one language (else none: nothing to switch to)."""
        if len(self.editions) < 2:
            return ()
        return tuple(Alternate(edition.language.code, language_name(edition.language.code), edition.links)
                     for edition in self.editions)

    def template_data(self, code: str = "") -> dict[str, Any]:
        """What every template of an edition sees besides its page's own context, before the recorder wraps it."""
        edition = self.edition(code)
        return {"site": edition.queries, "config": edition.site.config, "links": edition.links,
                "event_html": edition.event_html, "leader_html": edition.leader_html,
                "alternates": self.alternates, "language": edition.language.code}


class _NamedBy(Mapping):
    """The leaders each event of a site names, by the event's slug, looked up when asked for: a preview's next
    plan asks it of a few events; only the build cache needs every one (see `LastAnswers.plain`)."""

    def __init__(self, site: Site):
        self._site = site

    def __getitem__(self, slug: str) -> tuple[str, ...]:
        return self._site.leaders_named_by(slug)

    def __iter__(self) -> Iterator[str]:
        return (event.slug for event in self._site.events)

    def __len__(self) -> int:
        return len(self._site.events)


def language_name(code: str) -> str:
    """A language's name as its speakers write it (CLDR), for the language switcher: "English", "Tiếng Việt"."""
    from babel import Locale

    try:
        name = Locale.parse(code, sep="-").get_display_name() or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]


def plan_site(site: Site, event_html: Mapping[str, EventHTML], leader_html: Mapping[str, Markup],
              assets: dict[str, bytes], template_digests: Mapping[str, str], *, version_assets: bool = True,
              reads: Mapping[str, tuple[Read, ...]] | None = None, last: LastAnswers = LastAnswers(),
              language: Language | None = None, others: tuple[EditionInput, ...] = ()) -> Plan:
    """List every page of `site` (and of its editions in `others` languages) with its fingerprint, from the
    reads each page made when last rendered (and what the `last` plan knew of them, for a site in one language)."""
    versions = asset_versions(assets) if version_assets else {}
    language = language if language is not None else Language(site.config.language)
    inputs = (EditionInput(language, site, event_html, leader_html), *others)
    editions = tuple(Edition(given.language, edition_prefix(given.language.code, index == 0), given.site,
                             SiteQueries(given.site), Links(given.site.config.base_url, versions,
                                                            edition_prefix(given.language.code, index == 0)),
                             given.event_html, given.leader_html)
                     for index, given in enumerate(inputs))
    codes = [edition.language.code if others else "" for edition in editions]
    languages = tuple(edition.language.code for edition in editions)
    pages = PagePlan(editions[0].queries, tuple((code, edition.prefix, edition.queries)
                                                for code, edition in zip(codes, editions, strict=True)) if others else ())
    # What every page may show besides its reads: the site settings, the static files' versions, its language's
    # catalog and the languages it links to.
    settings = {code: value_digest(repr(edition.site.config), tuple(sorted(versions.items())),
                                   edition.language.digest, languages if others else ())
                for code, edition in zip(codes, editions, strict=True)}
    last = last if not others else LastAnswers()
    values = {code: ReadValues(edition.queries, resolve=edition.site.record_by_key,
                               event_markdown=_markdown_of(edition.site), leader_digest=_digest_of(edition.site),
                               template_digest=template_digests.get, world=world_digest(edition.site, settings[code]),
                               records=record_digests(edition.site), named=edition.site.leaders_named_by,
                               order=value_digest(tuple(event.slug for event in edition.site.events)),
                               neighbours_of=edition.site.neighbours_of, record_local=SiteQueries.RECORD_LOCAL,
                               leader_local=SiteQueries.LEADER_LOCAL, neighbours=SiteQueries.NEIGHBOURS, last=last)
              for code, edition in zip(codes, editions, strict=True)}
    first = editions[0]
    return Plan(site, first.queries, first.links, event_html, leader_html, assets, pages,
                PageFingerprints(pages, settings, reads or {}, values, last.pages), editions)


def _markdown_of(site: Site):  # noqa: ANN202
    return lambda slug: getattr(site.event_by_slug(slug), "markdown_digest", None)


def _digest_of(site: Site):  # noqa: ANN202
    return lambda slug: getattr(site.directory.by_slug.get(slug), "digest", None)


def world_digest(site: Site, settings: str) -> str:
    """What a record-local query's answer may depend on besides its arguments: the settings, the publishers
    and every leader."""
    return value_digest(settings, site.publishers.digest, tuple((leader.slug, leader.digest) for leader in site.leaders))


def record_digests(site: Site) -> dict[tuple[str, str], str]:
    """Each event's and leader's digest, by the key reads name them with (see `dependencies.argument_key`)."""
    return {**dict(zip(_EVENT_KEYS(site.events), map(_DIGEST, site.events))),
            **{("Leader", leader.slug): leader.digest for leader in site.leaders}}


_EVENT_KEYS = PerItem(lambda event: ("Event", event.slug))  # made again only for a record saved
_DIGEST = attrgetter("digest")

