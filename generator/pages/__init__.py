"""Page kinds: each kind of HTML page the site has, one module each.

A kind says which template renders its pages, which pages it makes (their
addresses, and what each hands its template) and whether search engines should
list them. The plan, the sitemap, the renderer's list of page templates and
the tests all take the kinds from `KINDS`: a new kind of page is one module
here, added to `KINDS`, one template, and its tests. What a page shows is
whatever its template reads; nothing else needs declaring (see `dependencies`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any, NamedTuple, Protocol, TypeVar

from ..queries import SiteQueries
from ..records import Event


class Page(NamedTuple):
    """One HTML page: where it goes, which template renders it, and with what."""

    output: str  # the file's path in the site: events/x/index.html
    template: str
    path: str  # the page's address relative to the base URL, for canonical links: events/x/
    context: Mapping[str, Any]  # what the template gets besides what every template gets
    language: str = ""  # the code of the edition it belongs to ("": the only one, or planned on its own)
    anywhere: bool = False  # a host shows it at any address: its links cannot be relative (see `urls.Links`)


class PageKind(Protocol):
    """A kind of page (see the package's docstring)."""

    template: str
    indexed: bool  # listed in the sitemap, for search engines

    def pages(self, site: SiteQueries) -> Iterable[Page]: ...


# Every page stays small, whatever the number of events: a phone on a slow link reads it in a few seconds.
# Planning does not render, so pages that list many events are cut on an estimate of their HTML (a little above
# what the stock templates write), with `MARGIN` to spare for a template edit or a longer base path.
PAGE_BYTES = 150 * 1024  # the most HTML any page of the site may weigh
MARGIN = 10 * 1024

Item = TypeVar("Item")


def utf8_size(text: str | None) -> int:
    return len(text.encode("utf-8")) if text else 0


def cut(items: Sequence[Item], weights: Sequence[int], budget: int) -> list[tuple[Item, ...]]:
    """`items` in order, cut into runs whose `weights` (one per item) each add up to at most `budget` (an item
    heavier than the budget has a run to itself); no items, no runs."""
    if sum(weights) <= budget:  # the usual case, told without a loop: weights are sizes, none below 0
        return [tuple(items)] if items else []
    runs: list[tuple[Item, ...]] = []
    run: list[Item] = []
    used = 0
    for item, size in zip(items, weights, strict=True):
        if run and used + size > budget:
            runs.append(tuple(run))
            run, used = [], 0
        run.append(item)
        used += size
    if run:
        runs.append(tuple(run))
    return runs


class EventEstimates:
    """An estimate of each event's share of a page (`estimate`), kept by the event's digest (which stands for its
    file, all an estimate reads): every plan asks for every event's, and the preview plans after every save."""

    LIMIT = 100_000  # a preview that runs for days forgets them all past this many, rather than grow

    def __init__(self, estimate: Callable[[Event], int]):
        self._estimate = estimate
        self._by_digest: dict[str, int] = {}

    def of(self, events: Sequence[Event]) -> list[int]:
        """The estimate of each of `events`, in order."""
        by_digest = self._by_digest
        found = list(map(by_digest.get, map(_DIGEST, events)))
        if None in found:
            if len(by_digest) > self.LIMIT:
                by_digest.clear()
            for index, size in enumerate(found):
                if size is None:
                    event = events[index]
                    size = found[index] = self._estimate(event)
                    if event.digest:  # a record made in a test may have none
                        by_digest[event.digest] = size
        return found


_DIGEST = attrgetter("digest")


def page(path: str, template: str, **context: Any) -> Page:
    """The page at address `path` (`""` for the home page), written as `path` + index.html."""
    return Page(path + "index.html", template, path, context)


from . import event, leader, leaders, not_found, on_this_day, relations, timeline  # noqa: E402 - they use Page

KINDS: tuple[PageKind, ...] = (timeline.KIND, event.KIND, leaders.KIND, leader.KIND, relations.KIND,
                               on_this_day.KIND, not_found.KIND)
PAGE_TEMPLATES = tuple(dict.fromkeys(kind.template for kind in KINDS))
