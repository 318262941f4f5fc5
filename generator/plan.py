"""The plan stage: every page the site has, what each shows, and the fingerprint that says whether it changed.

A page's `inputs` are exact strings standing for everything it shows: an
event's listing key (its record and the leaders it names, as pages show
them), a record's digest, a digest of the site-wide lists. A page whose
inputs, template and settings are unchanged is not rendered again. Templates
must show only what their page's inputs cover: `tests/test_plan.py` renders
every kind of page through a recording proxy and fails on any read its inputs
do not cover.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup

from .digests import key_digest
from .errors import ContentErrors
from .inputs import files_under
from .markup import EventHTML
from .records import Event, Leader, value_digest
from .site import Site, leader_label
from .text import computed_once
from .urls import ON_THIS_DAY_PATH, RELATIONS_PATH, Links, event_path, leader_path, year_path

TIMELINE_PAGE_LIMIT = 500  # events; above this the timeline is an overview plus a page per year
LATEST_ON_OVERVIEW = 10
# Above this many leaders a side, the who-met-whom table is no longer readable: /relations/ ranks the pairs.
MEETINGS_TABLE_ROWS, MEETINGS_TABLE_COLUMNS = 12, 8


class Page(NamedTuple):
    """One HTML page: where it goes, which template renders it, with what, and what it shows."""

    output: str
    template: str
    path: str  # the page's address relative to the base URL, for canonical links
    context: Mapping[str, Any]
    inputs: tuple[str, ...]  # see the module's docstring


def is_split(site: Site) -> bool:
    return len(site.events) > TIMELINE_PAGE_LIMIT


class PagePlan(Mapping):
    """Every HTML page of a site by output path, in a stable order; each made only when asked for.

    A build asks for all of them; the preview, for the one a browser requests,
    so a save does not cost a pass over every page.
    """

    def __init__(self, site: Site):
        self.site = site
        self._pages: dict[str, Page] = {}
        self._makers: dict[str, Callable[[], Page]] = {}
        split = is_split(site)
        self._makers["index.html"] = self._overview if split else self._whole_timeline
        if split:
            for year, events in site.years:
                self._makers[year_path(year) + "index.html"] = functools.partial(self._year, year, events)
        # Most pages are events': they are found by index, their inputs worked out without making the page.
        self._events = {event_path(event) + "index.html": index for index, event in enumerate(site.events)}
        timeline = len(self._makers)
        self._makers["leaders/index.html"] = self._leaders
        for leader in site.leaders:
            self._makers[leader_path(leader) + "index.html"] = functools.partial(self._leader, leader)
        self._makers[RELATIONS_PATH + "index.html"] = self._relations
        self._makers[ON_THIS_DAY_PATH + "index.html"] = self._on_this_day
        self._makers["404.html"] = lambda: Page("404.html", "404.html", "404.html", {}, ())
        makers = list(self._makers)
        self._order = [*makers[:timeline], *self._events, *makers[timeline:]]  # the timeline, events, leaders

    def __getitem__(self, output: str) -> Page:
        page = self._pages.get(output)
        if page is None:
            index = self._events.get(output)
            page = self._pages[output] = self._event(index) if index is not None else self._makers[output]()
        return page

    def __contains__(self, output: object) -> bool:
        return output in self._events or output in self._makers

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def template_and_inputs(self, output: str) -> tuple[str, tuple[str, ...]]:
        """The template and the inputs of the page at `output` (without making an event's page)."""
        index = self._events.get(output)
        if index is not None:
            return "event.html", self._event_inputs(index)
        page = self[output]
        return page.template, page.inputs

    @computed_once
    def _facets(self) -> str:
        # Every timeline page shows the filters (all leaders, those only mentioned, countries, topics) and the
        # year navigation (which also gives a year page its previous and next year).
        site = self.site
        return value_digest(tuple(map(leader_label, site.active_leaders)), tuple(map(leader_label, site.leaders)),
                            tuple(map(leader_label, site.mentioned_only_leaders)),
                            tuple((year, len(events)) for year, events in site.years), site.topics,
                            site.press_choices)

    def _whole_timeline(self) -> Page:
        site = self.site
        return Page("index.html", "timeline.html", "", {"sections": site.years, "split": False},
                    (self._facets, *site.listing_keys(site.events)))

    def _overview(self) -> Page:
        latest = tuple(reversed(self.site.events[-LATEST_ON_OVERVIEW:]))
        return Page("index.html", "timeline.html", "", {"sections": (), "split": True, "latest": latest},
                    (self._facets, *self.site.listing_keys(latest)))

    def _year(self, year: int, events: tuple[Event, ...]) -> Page:
        site = self.site
        # The latest event is marked where it is listed: whether it is in this year is part of what it shows.
        latest_here = (site.events[-1].slug,) if events[-1] is site.events[-1] else ()
        return Page(year_path(year) + "index.html", "timeline.html", year_path(year),
                    {"sections": ((year, events),), "split": True},
                    (self._facets, *site.listing_keys(events), *latest_here))

    def _event(self, index: int) -> Page:
        event = self.site.events[index]
        path = event_path(event)
        return Page(path + "index.html", "event.html", path, {"event": event}, self._event_inputs(index))

    def _event_inputs(self, index: int) -> tuple[str, ...]:
        events = self.site.events
        previous = events[index - 1].digest if index > 0 else ""
        following = events[index + 1].digest if index + 1 < len(events) else ""
        # A neighbour's digest stands for the title and address its link shows.
        return self.site.listing_key(events[index]), previous, following

    def _leaders(self) -> Page:
        site = self.site
        # Each leader's label and how many events they took part in and are only mentioned in.
        leaders = repr(tuple((leader_label(leader), len(site.events_of(leader)), len(site.mentions_of(leader)))
                             for leader in site.leaders))
        return Page("leaders/index.html", "leaders.html", "leaders/", {}, (leaders,))

    def _relations(self) -> Page:
        site = self.site
        as_table = (len(site.pair_leaders(0)) <= MEETINGS_TABLE_ROWS and len(site.pair_leaders(1)) <= MEETINGS_TABLE_COLUMNS)
        # What the page shows: who met whom and how often, meetings per year and where they were held (leaders
        # by slug: the facets stand for every leader's label).
        shown = value_digest(len(site.meetings),
                             tuple((pair.first.slug, pair.second.slug, pair.meetings) for pair in site.pairs),
                             tuple(tuple((leader.slug, count) for leader, count in site.pair_leaders(side))
                                   for side in (0, 1)),
                             site.meetings_per_year, site.meeting_places)
        return Page(RELATIONS_PATH + "index.html", "relations.html", RELATIONS_PATH, {"as_table": as_table},
                    (self._facets, shown))

    def _on_this_day(self) -> Page:
        days = self.site.days_of_year
        return Page(ON_THIS_DAY_PATH + "index.html", "on_this_day.html", ON_THIS_DAY_PATH, {},
                    tuple(self.site.listing_keys(event for day in days for event in day.events)))

    def _leader(self, leader: Leader) -> Page:
        path = leader_path(leader)
        # An event's listing key stands for what the listing shows of it and of this leader's part.
        return Page(path + "index.html", "leader.html", path, {"leader": leader},
                    (leader.digest, *self.site.listing_keys(part.event for part in self.site.appearances(leader))))


class PageFingerprints(Mapping):
    """Each page's fingerprint, computed when asked for, and remembered by inputs from one plan to the next."""

    def __init__(self, pages: PagePlan, settings: Mapping[str, str], known: dict[tuple, str]):
        self._pages, self._settings, self._known = pages, settings, known  # settings: by page template
        self.computed: dict[tuple, str] = {}  # what the next plan's `known` is
        self._by_output: dict[str, str] = {}

    def __getitem__(self, output: str) -> str:
        found = self._by_output.get(output)
        if found is None:
            template, inputs = self._pages.template_and_inputs(output)
            setting = self._settings[template]
            key = (setting, template, inputs)
            found = self.computed[key] = self._known.get(key) or key_digest(setting, template, *inputs)
            self._by_output[output] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def all(self) -> dict[str, str]:
        """Every page's fingerprint, in page order."""
        return {output: self[output] for output in self._pages}


def content_fingerprint(data: bytes) -> str:
    """The fingerprint of a file known by its bytes (a static file), distinct from any page's."""
    return "=" + hashlib.blake2b(data, digest_size=16).hexdigest()


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


class Plan(NamedTuple):
    """A site ready to render: every page and its fingerprint, the static files, and what templates see."""

    site: Site
    links: Links
    event_html: Mapping[str, EventHTML]  # by slug
    leader_html: Mapping[str, Markup]  # by slug
    assets: dict[str, bytes]  # static files, by output path
    pages: PagePlan  # by output path, in a stable order
    fingerprints: PageFingerprints  # of every page, by output path (computed when asked for)

    def template_globals(self) -> dict[str, Any]:
        """What every template sees besides its page's own context."""
        return {"site": self.site, "config": self.site.config, "links": self.links, "event_html": self.event_html,
                "leader_html": self.leader_html}


def plan_site(site: Site, event_html: Mapping[str, EventHTML], leader_html: Mapping[str, Markup],
              assets: dict[str, bytes], template_digests: Mapping[str, str], *, version_assets: bool = True,
              known: dict[tuple, str] | None = None) -> Plan:
    """List every page of `site` with its fingerprint (`known`: the last plan's `fingerprints.computed`)."""
    versions = asset_versions(assets) if version_assets else {}
    # A page's fingerprint covers its template and the templates that one uses, not the others.
    settings = {template: value_digest(digest, repr(site.config), tuple(sorted(versions.items())))
                for template, digest in template_digests.items()}
    pages = PagePlan(site)
    return Plan(site, Links(site.config.base_url, versions), event_html, leader_html, assets, pages,
                PageFingerprints(pages, settings, known or {}))
