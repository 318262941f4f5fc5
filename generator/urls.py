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
    """Every address the site writes, relative to its base URL (which may have a sub-path).

    An edition in a language other than the default one has its pages under `prefix` (`vi/`); the static
    files and the `SHARED_FILES` stay at the root.
    """

    def __init__(self, base_url: str, asset_versions: Mapping[str, str], prefix: str = ""):
        self.base_url, self.asset_versions, self.prefix = base_url, asset_versions, prefix

    @computed_once
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def _edition(self, path: str) -> str:
        return path if not self.prefix or path in SHARED_FILES else self.prefix + path

    def url(self, path: str = "") -> str:
        return self.base_path + self._edition(path)

    def absolute(self, path: str = "") -> str:
        return self.base_url + self._edition(path)

    def root(self, path: str = "") -> str:
        """A file every edition shares, at the site's root."""
        return self.base_path + path

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
