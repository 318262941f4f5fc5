"""sitemap.xml, of the pages the pipeline says are meant to be found, and the robots.txt that points to it."""

from __future__ import annotations

from ..urls import Links
from .xml_escape import xml_text


def sitemap(links: Links, paths: list[str]) -> bytes:
    urls = "".join(f"  <url>\n    <loc>{xml_text(links.absolute(path))}</loc>\n  </url>\n" for path in paths)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + urls + "</urlset>\n").encode("utf-8")


def robots(links: Links) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {links.absolute('sitemap.xml')}\n".encode()
