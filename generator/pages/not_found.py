"""The page a web server shows for an address the site does not have."""

from __future__ import annotations

from collections.abc import Iterator

from ..queries import SiteQueries
from . import Page


class NotFound:
    template = "404.html"
    indexed = False  # an error page, not a page to be found

    def pages(self, site: SiteQueries) -> Iterator[Page]:
        yield Page("404.html", self.template, "404.html", {}, anywhere=True)


KIND = NotFound()
