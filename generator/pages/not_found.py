"""The page a web server shows for an address the site does not have."""

from __future__ import annotations

from collections.abc import Iterator

from ..site import Site
from . import Page


class NotFound:
    template = "404.html"
    indexed = False  # an error page, not a page to be found

    def pages(self, site: Site) -> Iterator[Page]:
        yield Page("404.html", self.template, "404.html", {})


KIND = NotFound()
