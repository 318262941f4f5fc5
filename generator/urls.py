"""Every address the site writes: page paths relative to the site's root, and links under its base URL."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from .records import Event, Leader
from .text import computed_once


def event_path(event: Event) -> str:
    return f"events/{event.slug}/"


def citation_path(event: Event) -> str:
    """Where an event's own citation, in CSL-JSON, is."""
    return event_path(event) + "citation.json"


def leader_path(leader: Leader) -> str:
    return f"leaders/{leader.slug}/"


def leader_feed_path(leader: Leader) -> str:
    return leader_path(leader) + "feed.xml"


def year_path(year: int) -> str:
    return f"years/{year}/"


RELATIONS_PATH = "relations/"
ON_THIS_DAY_PATH = "on-this-day/"
ON_THIS_DAY_DATA = "on-this-day.jsonl"  # JSON Lines: one event a line


# Addresses reserved for documentation (RFC 2606): a site published with one would name nowhere.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")


def is_placeholder(base_url: str) -> bool:
    """Whether `base_url` is a documentation address (https://example.org/…), not where a site is published."""
    host = (urlsplit(base_url).hostname or "").rstrip(".")
    return any(host == reserved or host.endswith("." + reserved) for reserved in PLACEHOLDER_HOSTS)


def counterpart_anchor(leader: Leader) -> str:
    """The anchor of a counterpart's block on a leader's page: `#with-<slug>`."""
    return f"with-{leader.slug}"


# The data files a site has once, at its root, whatever its languages: data for programs (calendars, spreadsheets,
# reference managers, search engines), whose text is the default language's. Every other address is an edition's.
SHARED_FILES = frozenset(("events.ics", "events.csv", "citations.json", "citations.bib", "citations.ris",
                          "timeline.json", "sitemap.xml", "robots.txt"))


def edition_prefix(code: str, default: bool) -> str:
    """Where an edition's pages are: the default language's at the root, any other's under `<code>/`."""
    return "" if default else f"{code}/"


class Links:
    """Every address an edition's page writes, for the page at `page_path`: its place from the site's root
    (`""`, `events/x/`, `vi/leaders/y/`, or its file, `vi/leaders/y/index.html`); `links.at(path)` gives another
    page's.

    `url` and its kin take a path within the edition (`events/x/`) and give a link relative to the page, ending
    in `index.html` where it names a directory: so the site works opened from disk (`file://` serves no
    directory's index) and under any sub-path of a host, whatever the base URL. An edition in a language other
    than the default one has its pages under `prefix` (`vi/`); `root` names the static files and the
    `SHARED_FILES`, which stay at the site's root. `absolute` gives the full address under the base URL, for
    the formats that need one: canonical links, Open Graph, feeds, the sitemap, JSON-LD. A page that a host
    shows at any address (the 404 page: `anywhere`) links by the base URL's path instead, since no relative
    link can work from every depth (and a host serves a directory's index, so these end in `/`).
    """

    def __init__(self, base_url: str, asset_versions: Mapping[str, str], prefix: str = "", page_path: str = "", *,
                 anywhere: bool = False):
        self.base_url, self.asset_versions, self.prefix = base_url, asset_versions, prefix
        self.page_path, self.anywhere = page_path, anywhere
        # From the page's folder up to the site's root: "../" once for every folder of its path.
        self.up = self.base_path if anywhere else "../" * page_path.count("/")

    def at(self, page_path: str, *, anywhere: bool = False) -> Links:
        """The links written on the page at `page_path` (from the site's root, its edition's prefix included)."""
        return Links(self.base_url, self.asset_versions, self.prefix, page_path, anywhere=anywhere)

    @computed_once
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def _edition(self, path: str) -> str:
        return path if not self.prefix or path in SHARED_FILES else self.prefix + path

    def _from_here(self, path: str) -> str:
        """`path`, from the site's root, as a link from this page."""
        if self.anywhere:  # only ever shown by a host, which serves a directory's index
            return self.up + path
        return self.up + (path + "index.html" if not path or path.endswith("/") else path)

    def url(self, path: str = "") -> str:
        """The link from this page to `path` of its edition (`""` is the edition's home page)."""
        return self._from_here(self._edition(path))

    def root(self, path: str = "") -> str:
        """The link to a file every edition shares, at the site's root."""
        return self._from_here(path)

    def directory(self, path: str = "") -> str:
        """The link to the folder `path` of this edition (`""`: its home's), ending in `/` (`./` for the page's
        own): scripts add to it the names of the files they load and the links the data gives relative to it."""
        return (self.up + self._edition(path)) or "./"

    def absolute(self, path: str = "") -> str:
        """The full address of `path` of this edition under the base URL, for formats that need one."""
        return self.base_url + self._edition(path)

    def event(self, event: Event) -> str:
        return self.url(event_path(event))

    def citation(self, event: Event) -> str:
        return self.root(citation_path(event))  # one citation per event, in the default language

    def leader(self, leader: Leader) -> str:
        return self.url(leader_path(leader))

    def year(self, year: int, split: bool) -> str:
        """Where a year's events are: its own page on a split timeline, else a section of this one."""
        return self.url(year_path(year)) if split else f"#y{year}"

    def counterpart(self, leader: Leader, counterpart: Leader) -> str:
        """Where a leader's page lists their meetings with `counterpart`."""
        return self.leader(leader) + "#" + counterpart_anchor(counterpart)

    def leader_feed(self, leader: Leader) -> str:
        return self.url(leader_feed_path(leader))

    def asset(self, path: str) -> str:
        """A static file's address, with a content hash so browsers never use a stale copy."""
        version = self.asset_versions.get(path)
        return self.root(path) + (f"?v={version}" if version else "")
