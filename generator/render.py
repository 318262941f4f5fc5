"""Turn an indexed `Site` into page bytes: Markdown, sanitising and Jinja templates."""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from markupsafe import Markup

from .content import ContentError, ContentErrors, Event, Leader, display_path, value_digest, with_body
from .parallel import parallel_map
from .site import Site
from .text import computed_once, slugify

if TYPE_CHECKING:
    import jinja2  # imported where pages are rendered: a rebuild may render them in a helper process, or none

MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "sane_lists")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")

# The policy every built page carries: only the site's own files, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


class MarkdownRenderer:
    """Markdown to sanitised HTML. One instance per process; not thread-safe."""

    def __init__(self) -> None:
        import markdown  # only when there is Markdown to convert: a cached rebuild never needs it

        from .markdown_gates import MarkdownGatesExtension

        # The gates go last, so that they see the patterns every other extension added.
        self._markdown = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, MarkdownGatesExtension()], output_format="html")

    def __call__(self, text: str) -> str:
        # Markdown instances keep state (footnotes, references) between documents.
        self._markdown.reset()
        return sanitise(self._markdown.convert(text))


def sanitise(fragment: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes (no script, handlers, `javascript:`)."""
    import nh3

    return nh3.clean(fragment, link_rel="noopener noreferrer nofollow")


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, with entities decoded."""
    return html.unescape(_TAGS.sub("", fragment)).strip()


class EventHTML:
    """An event's Markdown, converted once and shared by every page that shows it.

    The body may be given as a function that returns it: the build cache keeps
    bodies apart from summaries, and reads a body only for a page that shows it.
    """

    __slots__ = ("_body", "summary")

    def __init__(self, body: Markup | Callable[[], Markup], summary: Markup):
        self._body, self.summary = body, summary

    @property
    def body(self) -> Markup:
        if not isinstance(self._body, str):
            self._body = self._body()
        return self._body

    @property
    def summary_text(self) -> str:
        return plain_text(self.summary)

    def __reduce__(self) -> tuple:
        return EventHTML, (self.body, self.summary)


# A line of words and plain punctuation, not starting like a list item: Markdown would only wrap it in <p>.
_PLAIN_LINE = re.compile(r"(?![0-9\s])(?:[^\W_]|[ ,.;:'\"?!()/%–—‘’“”…])*(?<=\S)")


def convert_event(event: Event, to_html: MarkdownRenderer) -> EventHTML:
    body = to_html(event.body)
    if event.summary is not None:
        plain = _PLAIN_LINE.fullmatch(event.summary)
        summary = event.summary if plain else _unwrap_paragraph(to_html(event.summary))
    else:
        first = _FIRST_PARAGRAPH.search(body)
        summary = first.group(1) if first else ""
    return EventHTML(Markup(body), Markup(summary))


def _unwrap_paragraph(fragment: str) -> str:
    match = _FIRST_PARAGRAPH.fullmatch(fragment.strip())
    return match.group(1) if match else fragment


class Links:
    """Every address the site writes, relative to its base URL (which may have a sub-path)."""

    def __init__(self, base_url: str, asset_versions: Mapping[str, str]):
        self.base_url, self.asset_versions = base_url, asset_versions

    @computed_once
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

    def year(self, year: int, split: bool) -> str:
        """Where a year's events are: its own page on a split timeline, else a section of this one."""
        return self.url(year_path(year)) if split else f"#y{year}"

    def leader_feed(self, leader: Leader) -> str:
        return self.url(leader_feed_path(leader))

    def asset(self, path: str) -> str:
        """A static file's address, with a content hash so browsers never use a stale copy."""
        version = self.asset_versions.get(path)
        return self.url(path) + (f"?v={version}" if version else "")


def event_path(event: Event) -> str:
    return f"events/{event.slug}/"


def leader_path(leader: Leader) -> str:
    return f"leaders/{leader.slug}/"


def leader_feed_path(leader: Leader) -> str:
    return leader_path(leader) + "feed.xml"


class Page(NamedTuple):
    """One output file: where it goes, which template renders it, with what, and what it shows.

    `inputs` names, by digest or by value, everything the page displays; a page
    whose inputs, templates, settings and links are unchanged is not rendered
    again. Templates must show only what their page's `inputs` cover (tests
    compare incremental and cold builds).
    """

    output: str
    template: str
    path: str  # the page's address relative to the base URL, for canonical links
    context: Mapping[str, Any]
    inputs: tuple[str, ...]  # record digests and exact reprs


TIMELINE_PAGE_LIMIT = 500  # events; above this the timeline is an overview plus a page per year
LATEST_ON_OVERVIEW = 10


def is_split(site: Site) -> bool:
    return len(site.events) > TIMELINE_PAGE_LIMIT


def year_path(year: int) -> str:
    return f"years/{year}/"


TEMPLATES = ("timeline.html", "event.html", "leaders.html", "leader.html", "404.html")

_TEMPLATE_TAG = re.compile(r"\{%[-+]?\s*(extends|include|import|from)\b(.*?)[-+]?%\}", re.DOTALL)
_STRING = re.compile(r"'[^'\\]*(?:\\.[^'\\]*)*'|\"[^\"\\]*(?:\\.[^\"\\]*)*\"")
# What may follow the names in each tag when every name is a string literal.
_PLAIN_REST = {
    "extends": re.compile(r"\s*"),
    "include": re.compile(r"[\s\[\],]*(?:ignore\s+missing\s*)?(?:(?:with|without)\s+context\s*)?"),
    "import": re.compile(r"\s*as\s+\w+\s*(?:(?:with|without)\s+context\s*)?"),
    "from": re.compile(r"\s*import\s+[\w\s,]+"),
}


def template_uses(source: str) -> set[str] | None:
    """The names of the templates `source` extends, includes or imports; None if it names one with an
    expression, which could be any template."""
    used: set[str] = set()
    for tag, argument in _TEMPLATE_TAG.findall(source):
        names = [literal[1:-1] for literal in _STRING.findall(argument)]
        if not names or not _PLAIN_REST[tag].fullmatch(_STRING.sub(" ", argument)):
            return None
        # As Jinja's loaders read a name: "./partials//x.html" is "partials/x.html".
        used.update("/".join(piece for piece in name.split("/") if piece not in ("", ".")) for name in names)
    return used


def template_digests(files: Mapping[str, bytes], pages: Iterable[str]) -> dict[str, str]:
    """For each page template, a digest of its file and of every template it uses, directly or not (all of
    `files`, by name, if one of them names a template with an expression)."""
    uses = {name: template_uses(data.decode("utf-8", "replace")) for name, data in files.items()}
    digests = {}
    for page in pages:
        needed: set[str] = set()
        waiting = [page]
        while waiting:
            name = waiting.pop()
            if name not in needed:
                needed.add(name)
                used = uses.get(name, set())  # a missing template fails when rendered: nothing to follow
                if used is None:
                    needed = set(files)
                    break
                waiting += used
        digests[page] = _files_digest(files, needed)
    return digests


def _files_digest(files: Mapping[str, bytes], names: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(names):
        digest.update(name.encode() + b"\0" + files.get(name, b"\1missing") + b"\0")
    return digest.hexdigest()


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

    def inputs(self, output: str) -> tuple[str, tuple[str, ...]]:
        """The template and the inputs of the page at `output` (without making an event's page)."""
        index = self._events.get(output)
        if index is not None:
            return "event.html", self._event_inputs(index)
        page = self[output]
        return page.template, page.inputs

    @computed_once
    def _facets(self) -> str:
        # Every timeline page shows the filters (all leaders, countries, topics) and the year navigation.
        site, face = self.site, self.site.directory.face
        return value_digest(tuple(map(face, site.active_leaders)), tuple(map(face, site.leaders)),
                           tuple((year, len(events)) for year, events in site.years), site.topics)

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
        latest_here = (site.events[-1].slug,) if events[-1] is site.events[-1] else ()
        return Page(year_path(year) + "index.html", "timeline.html", year_path(year),
                    {"sections": ((year, events),), "split": True}, (self._facets, *site.listing_keys(events), *latest_here))

    def _event(self, index: int) -> Page:
        event = self.site.events[index]
        path = event_path(event)
        return Page(path + "index.html", "event.html", path, {"event": event}, self._event_inputs(index))

    def events_inputs(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Each event page's output path and inputs, as `inputs` gives them, in one pass over the timeline."""
        events = self.site.events
        digests = [event.digest for event in events]
        inputs = zip(self.site.listing_keys(events), ["", *digests[:-1]], [*digests[1:], ""])
        return zip(self._events, inputs)

    def _event_inputs(self, index: int) -> tuple[str, ...]:
        events = self.site.events
        event = events[index]
        previous = events[index - 1].digest if index > 0 else ""
        following = events[index + 1].digest if index + 1 < len(events) else ""
        # A neighbour's digest stands for the title its link shows.
        return self.site.listing_key(event), previous, following

    def _leaders(self) -> Page:
        site = self.site
        leaders = repr(tuple((site.directory.face(leader), len(site.appearances(leader))) for leader in site.leaders))
        return Page("leaders/index.html", "leaders.html", "leaders/", {}, (leaders,))

    def _leader(self, leader: Leader) -> Page:
        path = leader_path(leader)
        # An event's listing key stands for what the listing shows of it and of this leader's part.
        return Page(path + "index.html", "leader.html", path, {"leader": leader},
                    (leader.digest, *self.site.listing_keys(part.event for part in self.site.appearances(leader))))


class PageFingerprints(Mapping):
    """Each page's fingerprint, computed when asked for and remembered by inputs across plans."""

    def __init__(self, pages: PagePlan, settings: Mapping[str, str], known: dict[tuple, str]):
        self._pages, self._settings, self._known = pages, settings, known  # settings: by page template
        self.computed: dict[tuple, str] = {}
        self._by_output: dict[str, str] = {}
        self._all: dict[str, str] | None = None

    def __getitem__(self, output: str) -> str:
        found = self._by_output.get(output)
        if found is None:
            template, inputs = self._pages.inputs(output)
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
        """Every page's fingerprint, in page order; the event pages' (most of them) in one pass."""
        if self._all is None:
            setting, known, computed, found = self._settings["event.html"], self._known, self.computed, self._by_output
            for output, inputs in self._pages.events_inputs():
                if output not in found:
                    key = (setting, "event.html", inputs)
                    found[output] = computed[key] = known.get(key) or key_digest(setting, "event.html", *inputs)
            self._all = {output: self[output] for output in self._pages}
        return self._all


def key_digest(*keys: str) -> str:
    """A digest of strings that are digests (hex) or reprs (which escape control characters), kept apart by \\x1f."""
    return hashlib.blake2b("\x1f".join(keys).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def content_fingerprint(data: bytes) -> str:
    return "=" + hashlib.blake2b(data, digest_size=16).hexdigest()


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


class Plan(NamedTuple):
    """A site ready to render: every page, its fingerprint, and what the templates see."""

    site: Site
    links: Links
    event_html: Mapping[str, EventHTML]  # by slug
    assets: dict[str, bytes]  # static files, by output path
    pages: PagePlan  # by output path, in a stable order
    fingerprints: PageFingerprints  # of every page, by output path (computed when asked for)
    templates: Callable[[], jinja2.Environment]  # made, and every page template compiled, when first called
    shared: dict[str, Any]  # the templates' globals

    def render(self, page: Page) -> bytes:
        """One page; ContentErrors naming the template file and line if its template fails."""
        environment = self.templates()
        with template_errors(environment):
            template = environment.get_template(page.template)
            return template.render(self.shared, page_path=page.path, **page.context).encode("utf-8")


class SiteRenderer:
    """Plans a site's pages and renders those asked for.

    Converted Markdown is kept across calls by the digest of the Markdown (an
    event's `markdown_digest`, a leader's record digest) and can be seeded from
    the on-disk cache through `stored_html` and `leader_html`.
    `version_assets` adds a content hash to asset links so browsers never keep a
    stale stylesheet; the preview server turns it off, because livereload
    refreshes stylesheets itself and a CSS edit should not re-render every page.
    """

    def __init__(self, templates_dir: Path, *, version_assets: bool = True, parallel: bool = False,
                 bytecode_dir: Path | None = None):
        self.templates_dir = templates_dir
        self.version_assets = version_assets
        self.parallel = parallel
        self.bytecode_dir = bytecode_dir
        self.event_html: dict[str, EventHTML] = {}  # by the events' markdown_digest
        self.stored_summaries: Mapping[str, str] = {}  # the on-disk cache's (sanitised HTML), by markdown_digest
        self.stored_bodies: Mapping[str, str] = {}  # the same, read as needed
        self.converted: dict[str, EventHTML] = {}  # converted by this renderer (not read from the cache)
        self.leader_html: dict[str, Markup] = {}
        self._to_html: MarkdownRenderer | None = None
        self._environment: jinja2.Environment | None = None
        self._templates_digest = ""
        self._last_fingerprints: PageFingerprints | None = None

    def plan(self, site: Site, assets: dict[str, bytes], *, check_templates: bool = True) -> Plan:
        """Convert what Markdown is new, list every page and fingerprint it; with `check_templates`, raise
        ContentErrors on a broken template now rather than when a page is rendered."""
        templates = self._current_templates()
        event_html = self._convert_events(site.events)
        leader_html = self._convert_leaders(site.leaders)
        versions = asset_versions(assets) if self.version_assets else {}
        links = Links(site.config.base_url, versions)
        shared = {"site": site, "config": site.config, "links": links, "event_html": event_html,
                  "leader_html": leader_html, "json_ld": functools.partial(event_json_ld, site, links)}
        # A page's fingerprint covers its template and the templates that one uses, not the others.
        settings = {template: value_digest(digest, repr(site.config), tuple(sorted(versions.items())))
                    for template, digest in templates.items()}
        pages = PagePlan(site)
        # Remember the fingerprints the last plan computed, so unchanged pages are not hashed again.
        known = self._last_fingerprints.computed if self._last_fingerprints else {}
        fingerprints = self._last_fingerprints = PageFingerprints(pages, settings, known)
        if check_templates:
            self.templates()
        return Plan(site, links, event_html, assets, pages, fingerprints, self.templates, shared)

    def render(self, plan: Plan, outputs: list[str], sink: Callable[[str, bytes], Any] | None = None) -> dict[str, Any]:
        """The pages at `outputs`, rendered (on every core if there are many): their bytes, or what
        `sink(output, bytes)` returned for each, called where the page was rendered."""
        if outputs:
            plan.templates()  # compiled once here, not in every worker
        task = plan.render if sink is None else functools.partial(_render_into, plan, sink)
        rendered = parallel_map(task, [plan.pages[output] for output in outputs], enabled=self.parallel)
        return dict(zip(outputs, rendered, strict=True))

    def _current_templates(self) -> dict[str, str]:
        """For each page template, a digest of the templates it uses (see `template_digests`); a change to
        any template file drops the environment made from the old ones."""
        files = {path.relative_to(self.templates_dir).as_posix(): path.read_bytes()
                 for path in sorted(self.templates_dir.rglob("*")) if path.is_file()}
        everything = _files_digest(files, files)
        if everything != self._templates_digest:
            self._environment, self._templates_digest = None, everything
        return template_digests(files, TEMPLATES)

    def templates(self) -> jinja2.Environment:
        """The Jinja environment, every page template compiled; ContentErrors name a broken template's file and line."""
        if self._environment is None:
            environment = create_environment(self.templates_dir, self.bytecode_dir)
            with template_errors(environment):
                for name in TEMPLATES:
                    environment.get_template(name)
            self._environment = environment
        return self._environment

    def _markdown(self) -> MarkdownRenderer:
        if self._to_html is None:
            self._to_html = MarkdownRenderer()
        return self._to_html

    def _convert_events(self, events: tuple[Event, ...]) -> Mapping[str, EventHTML]:
        """Convert the Markdown neither kept in memory nor stored; return every event's HTML by slug."""
        have = lambda digest: digest in self.event_html or digest in self.stored_summaries  # noqa: E731
        missing = list({event.markdown_digest: event for event in events if not have(event.markdown_digest)}.values())
        if missing:
            self._markdown()  # made once here, so that forked workers inherit it rather than each making its own
        converted = dict(zip([event.markdown_digest for event in missing], parallel_map(self._convert, missing, enabled=self.parallel),
                             strict=True))
        self.event_html.update(converted)
        self.converted.update(converted)
        return _HTMLBySlug({event.slug: event for event in events}, self)

    def _stored_body(self, event: Event) -> Markup:
        """A body the cache has, or (its shard damaged) the body converted again, to be saved anew."""
        body = self.stored_bodies.get(event.markdown_digest)
        if body is None:
            return self.converted.setdefault(event.markdown_digest, self._convert(event)).body
        return Markup(body)

    def _convert(self, event: Event) -> EventHTML:
        try:
            return convert_event(with_body(event), self._markdown())
        except RecursionError:
            raise ContentErrors([ContentError(event.path, event.line, "the body is nested too deeply to render")]) from None

    def _convert_leaders(self, leaders: tuple[Leader, ...]) -> dict[str, Markup]:
        for leader in leaders:
            if leader.digest not in self.leader_html:
                self.leader_html[leader.digest] = Markup(self._markdown()(leader.body))
        return {leader.slug: self.leader_html[leader.digest] for leader in leaders}

    def keep_only(self, site: Site) -> None:
        """Drop the Markdown of records no longer in the site (after an edit, the old version)."""
        live_events = {event.markdown_digest for event in site.events}
        live_leaders = {leader.digest for leader in site.leaders}
        self.event_html = {key: value for key, value in self.event_html.items() if key in live_events}
        self.leader_html = {key: value for key, value in self.leader_html.items() if key in live_leaders}
        self.converted = {key: value for key, value in self.converted.items() if key in live_events}


def _render_into(plan: Plan, sink: Callable[[str, bytes], Any], page: Page) -> Any:
    return sink(page.output, plan.render(page))


class _HTMLBySlug(Mapping):
    """Events' HTML by slug: from memory, else (the first time) from the stored cache, else converted now."""

    def __init__(self, events: dict[str, Event], renderer: SiteRenderer):
        self._events, self._renderer = events, renderer

    def __getitem__(self, slug: str) -> EventHTML:
        event, renderer = self._events[slug], self._renderer
        key = event.markdown_digest
        found = renderer.event_html.get(key)
        if found is None:
            summary = renderer.stored_summaries.get(key)
            if summary is not None:
                found = EventHTML(functools.partial(renderer._stored_body, event), Markup(summary))
            else:
                found = renderer.converted.setdefault(key, renderer._convert(event))
            renderer.event_html[key] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._events)

    def __len__(self) -> int:
        return len(self._events)


def event_json_ld(site: Site, links: Links, event: Event) -> dict[str, Any]:
    """schema.org NewsArticle data for an event page, `about` its leaders."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": event.title,
        "datePublished": event.date.iso,
        "url": links.absolute(event_path(event)),
        "about": [
            {"@type": "Person", "name": part.leader.name, "url": links.absolute(leader_path(part.leader)),
             **({"jobTitle": part.role} if part.role else {})}
            for part in site.participants(event) + site.mentioned(event)
        ],
        "sourceOrganization": {"@type": "Organization", "name": event.source},
    }
    if event.place:
        data["contentLocation"] = {"@type": "Place", "name": event.place}
    if event.topics:
        data["keywords"] = list(event.topics)
    return data


@contextmanager
def template_errors(environment: jinja2.Environment | None) -> Iterator[None]:
    """Turn an error raised by a template into ContentErrors naming the template's file and line.

    Done where the template runs (possibly in a worker process), since a
    traceback does not survive the trip back from a worker.
    """
    try:
        yield
    except Exception as error:
        templates_dir = Path(environment.loader.searchpath[0]) if environment else None
        problem = _template_problem(error, templates_dir)
        if problem is None:
            raise
        raise ContentErrors([problem]) from None


def _template_problem(error: Exception, templates_dir: Path | None) -> ContentError | None:
    import traceback  # only when a template fails

    import jinja2  # already imported: the error came from a template

    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return ContentError(display_path(Path(error.filename)), error.lineno, f"template error: {error.message}")
    if templates_dir is None:
        return None
    if isinstance(error, jinja2.TemplateNotFound):
        return ContentError(display_path(templates_dir / error.name), None, "template not found")
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.startswith(str(templates_dir)):
            return ContentError(display_path(Path(frame.filename)), frame.lineno, f"template error: {error}")
    if isinstance(error, jinja2.TemplateError):
        return ContentError(display_path(templates_dir), None, f"template error: {error}")
    return None


def create_environment(templates_dir: Path, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """The site's Jinja environment; compiled templates are kept in `bytecode_dir` if given."""
    import jinja2

    class BytecodeCache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with suppress(OSError):  # a template it cannot keep is only compiled again next time
                super().dump_bytecode(bucket)

    if bytecode_dir is not None:
        try:
            bytecode_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            bytecode_dir = None
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=BytecodeCache(str(bytecode_dir)) if bytecode_dir else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # a build's templates do not change; a changed template makes a new environment
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["content_security_policy"] = CONTENT_SECURITY_POLICY
    environment.filters["slug"] = slugify
    return environment
