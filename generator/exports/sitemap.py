"""sitemap.xml, of the pages the pipeline says are meant to be found, and the robots.txt that points to it."""

from __future__ import annotations

from ..urls import Links
from .xml_escape import xml_attribute, xml_text


def sitemap(links: Links, paths: list[str], alternates: tuple[tuple[str, str, Links], ...] = ()) -> bytes:
    """Every page of `paths`; with `alternates` ((code, prefix, links) of each edition, the default first) each
    page also names itself in every language, as Google's sitemaps do it (`xhtml:link rel="alternate"`)."""
    if not alternates:
        urls = "".join(f"  <url>\n    <loc>{xml_text(links.absolute(path))}</loc>\n  </url>\n" for path in paths)
        return ('<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + urls + "</urlset>\n").encode("utf-8")
    others = [edition for edition in alternates if edition[1]]
    parts = []
    for path in paths:
        prefix = next((prefix for _, prefix, _ in others if path.startswith(prefix)), "")
        page = path[len(prefix):]
        parts.append(f"  <url>\n    <loc>{xml_text(links.absolute(path))}</loc>\n")
        for code, _, edition in (*alternates, ("x-default", "", alternates[0][2])):
            parts.append(f'    <xhtml:link rel="alternate" hreflang="{xml_attribute(code)}" '
                         f'href="{xml_attribute(edition.absolute(page))}"/>\n')
        parts.append("  </url>\n")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "".join(parts) + "</urlset>\n").encode("utf-8")


def robots(links: Links) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {links.absolute('sitemap.xml')}\n".encode()
