"""The plan stage: every page the site has, and the fingerprint that says whether it must be rendered again.

The pages come from the page kinds (`pages`). A page's fingerprint is made
from the reads its template made the last time it was rendered, each asked
again of this site (`dependencies`), and the settings every page shares; a
page never rendered has none, and is rendered. Nothing here renders or writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup

from .dependencies import Read, ReadValues, fingerprint
from .digests import content_digest
from .errors import ContentErrors
from .inputs import files_under
from .markup import EventHTML
from .pages import KINDS, Page
from .records import value_digest
from .queries import SiteQueries
from .site import Site
from .urls import Links

UNRENDERED = ""  # the fingerprint of a page with no reads on record: no target holds it, so it is rendered


class PagePlan(Mapping):
    """Every HTML page of a site by output path, in the kinds' order."""

    def __init__(self, queries: SiteQueries):
        self._pages: dict[str, Page] = {}
        self.indexed: list[str] = []  # the outputs of the pages search engines should list, in order
        for kind in KINDS:
            for page in kind.pages(queries):
                self._pages[page.output] = page
                if kind.indexed:
                    self.indexed.append(page.output)

    def __getitem__(self, output: str) -> Page:
        return self._pages[output]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def key(self, output: str) -> str:
        """What the page is, apart from what its template reads: its template, address and context."""
        page = self._pages[output]
        return f"{page.template}\x1f{page.path}\x1f{fingerprint(page.context)}"


class PageFingerprints(Mapping):
    """Each page's fingerprint, from its reads on record, computed when asked for."""

    def __init__(self, pages: PagePlan, settings: str, reads: Mapping[str, tuple[Read, ...]], values: ReadValues):
        self._pages, self._settings, self._reads, self.values = pages, settings, reads, values
        self._by_output: dict[str, str] = {}

    def __getitem__(self, output: str) -> str:
        found = self._by_output.get(output)
        if found is None:
            reads = self._reads.get(output)
            found = self._by_output[output] = UNRENDERED if reads is None else self.of_render(output, reads)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def all(self) -> dict[str, str]:
        """Every page's fingerprint, in page order."""
        return {output: self[output] for output in self._pages}

    def of_render(self, output: str, reads: tuple[Read, ...]) -> str:
        """The fingerprint of the page at `output` had it made `reads`."""
        return self.values.page_fingerprint(f"{self._settings}\x1f{self._pages.key(output)}", reads)

    def rendered(self, output: str, fingerprint: str) -> None:
        """Take the fingerprint of a page rendered under this plan (one with no reads on record had none)."""
        self._by_output[output] = fingerprint


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


class Plan(NamedTuple):
    """A site ready to render: every page and its fingerprint, the static files, and what templates see."""

    site: Site
    queries: SiteQueries  # what templates see as `site`
    links: Links
    event_html: Mapping[str, EventHTML]  # by slug
    leader_html: Mapping[str, Markup]  # by slug
    assets: dict[str, bytes]  # static files, by output path
    pages: PagePlan  # by output path, in a stable order
    fingerprints: PageFingerprints  # of every page, by output path (computed when asked for)

    def template_data(self) -> dict[str, Any]:
        """What every template sees besides its page's own context, before the recorder wraps it."""
        return {"site": self.queries, "config": self.site.config, "links": self.links, "event_html": self.event_html,
                "leader_html": self.leader_html}


def plan_site(site: Site, event_html: Mapping[str, EventHTML], leader_html: Mapping[str, Markup],
              assets: dict[str, bytes], template_digests: Mapping[str, str], *, version_assets: bool = True,
              reads: Mapping[str, tuple[Read, ...]] | None = None) -> Plan:
    """List every page of `site` with its fingerprint, from the reads each page made when last rendered."""
    versions = asset_versions(assets) if version_assets else {}
    # What every page may show besides its reads: the site settings and the static files' versions.
    settings = value_digest(repr(site.config), tuple(sorted(versions.items())))
    queries = SiteQueries(site)
    pages = PagePlan(queries)
    values = ReadValues(queries, resolve=site.record_by_key,
                        event_markdown=lambda slug: getattr(site.event_by_slug(slug), "markdown_digest", None),
                        leader_digest=lambda slug: getattr(site.directory.by_slug.get(slug), "digest", None),
                        template_digest=template_digests.get)
    return Plan(site, queries, Links(site.config.base_url, versions), event_html, leader_html, assets, pages,
                PageFingerprints(pages, settings, reads or {}, values))

