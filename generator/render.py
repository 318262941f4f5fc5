"""Turn an indexed `Site` into page bytes: Markdown, sanitising and Jinja templates."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import markdown
import nh3
from markupsafe import Markup

from .content import Event, Leader
from .site import Site

MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "sane_lists")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]+>")

# The policy every built page carries: only the site's own files, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


class MarkdownRenderer:
    """Markdown to sanitised HTML. One instance per process; not thread-safe."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")

    def __call__(self, text: str) -> str:
        # Markdown instances keep state (footnotes, references) between documents.
        self._markdown.reset()
        return sanitise(self._markdown.convert(text))


def sanitise(fragment: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes (no script, handlers, `javascript:`)."""
    return nh3.clean(fragment, link_rel="noopener noreferrer nofollow")


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, with entities decoded."""
    return html.unescape(_TAGS.sub("", fragment)).strip()


@dataclass(frozen=True)
class EventHTML:
    """An event's Markdown, converted once and shared by every page that shows it."""

    body: Markup
    summary: Markup

    @property
    def summary_text(self) -> str:
        return plain_text(self.summary)


def convert_event(event: Event, to_html: MarkdownRenderer) -> EventHTML:
    body = to_html(event.body)
    if event.summary is not None:
        summary = _unwrap_paragraph(to_html(event.summary))
    else:
        first = _FIRST_PARAGRAPH.search(body)
        summary = first.group(1) if first else ""
    return EventHTML(Markup(body), Markup(summary))


def _unwrap_paragraph(fragment: str) -> str:
    match = _FIRST_PARAGRAPH.fullmatch(fragment.strip())
    return match.group(1) if match else fragment


@dataclass(frozen=True)
class Links:
    """Every address the site writes, relative to its base URL (which may have a sub-path)."""

    base_url: str
    asset_versions: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def url(self, path: str = "") -> str:
        return self.base_path + path

    def absolute(self, path: str = "") -> str:
        return self.base_url + path

    def event(self, event: Event) -> str:
        return self.url(event_path(event))

    def leader(self, leader: Leader) -> str:
        return self.url(leader_path(leader))

    def asset(self, path: str) -> str:
        """A static file's address, with a content hash so browsers never use a stale copy."""
        version = self.asset_versions.get(path)
        return self.url(path) + (f"?v={version}" if version else "")


def event_path(event: Event) -> str:
    return f"events/{event.slug}/"


def leader_path(leader: Leader) -> str:
    return f"leaders/{leader.slug}/"


@dataclass(frozen=True)
class Page:
    """One output file: where it goes, which template renders it and with what."""

    output: str
    template: str
    path: str  # the page's address relative to the base URL, for canonical links
    context: Mapping[str, Any]


def plan_pages(site: Site) -> Iterator[Page]:
    """Every HTML page of the site, in a stable order."""
    yield Page("index.html", "timeline.html", "", {})
    for event in site.events:
        yield Page(event_path(event) + "index.html", "event.html", event_path(event), {"event": event})
    yield Page("leaders/index.html", "leaders.html", "leaders/", {})
    for leader in site.leaders:
        yield Page(leader_path(leader) + "index.html", "leader.html", leader_path(leader), {"leader": leader})
    yield Page("404.html", "404.html", "404.html", {})


def create_environment(templates_dir: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["content_security_policy"] = CONTENT_SECURITY_POLICY
    return environment


def static_files(static_dir: Path) -> dict[str, bytes]:
    """The files under `static/`, keyed by their output path."""
    if not static_dir.is_dir():
        return {}
    return {
        path.relative_to(static_dir).as_posix(): path.read_bytes()
        for path in sorted(static_dir.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def asset_versions(files: Mapping[str, bytes]) -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest()[:10] for path, data in files.items()}


def render_site(site: Site, environment: jinja2.Environment, assets: Mapping[str, bytes]) -> dict[str, bytes]:
    """Render every page; return output path -> bytes, static files included."""
    to_html = MarkdownRenderer()
    event_html = {event.slug: convert_event(event, to_html) for event in site.events}
    leader_html = {leader.slug: Markup(to_html(leader.body)) for leader in site.leaders}
    links = Links(site.config.base_url, asset_versions(assets))
    shared = {"site": site, "config": site.config, "links": links, "event_html": event_html, "leader_html": leader_html}
    files = dict(assets)
    for page in plan_pages(site):
        template = environment.get_template(page.template)
        text = template.render(shared, page_path=page.path, **page.context)
        files[page.output] = text.encode("utf-8")
    return files
