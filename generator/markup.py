"""Markdown into sanitised HTML, converted once per version of the text and kept across builds."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator, Mapping

from markupsafe import Markup

from .errors import ContentError, ContentErrors
from .parallel import parallel_map
from .records import Event, Leader

MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "sane_lists")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


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


class MarkdownStore:
    """Every event's and leader's HTML, converted only when its Markdown is new.

    Events' HTML is kept by their `markdown_digest` (a title edit converts
    nothing), leaders' by their record digest. The on-disk cache seeds it with
    `stored_summaries` and `stored_bodies` (bodies read only when a page shows
    one); `converted` is what this store converted itself, which is what the
    cache has to save. Records restored from the cache carry no Markdown body:
    `with_body` gives the store a record with its body when it must convert one
    (the pipeline's loader reads it; conversion reads no files).
    """

    def __init__(self, with_body: Callable[[Event], Event], *, parallel: bool = False,
                 stored_summaries: Mapping[str, str] | None = None, stored_bodies: Mapping[str, str] | None = None,
                 leader_html: Mapping[str, str] | None = None):
        self.with_body, self.parallel = with_body, parallel
        self.event_html: dict[str, EventHTML] = {}  # by the events' markdown_digest
        self.stored_summaries: Mapping[str, str] = stored_summaries or {}
        self.stored_bodies: Mapping[str, str] = stored_bodies or {}
        self.converted: dict[str, EventHTML] = {}
        self.leader_html: dict[str, Markup] = {key: Markup(value) for key, value in (leader_html or {}).items()}
        self._to_html: MarkdownRenderer | None = None

    def events(self, events: tuple[Event, ...]) -> Mapping[str, EventHTML]:
        """Convert the Markdown neither kept in memory nor stored; return every event's HTML by slug."""
        have = lambda digest: digest in self.event_html or digest in self.stored_summaries  # noqa: E731
        missing = list({event.markdown_digest: event for event in events if not have(event.markdown_digest)}.values())
        if missing:
            self._markdown()  # made once here, so that forked workers inherit it rather than each making its own
        converted = dict(zip([event.markdown_digest for event in missing],
                             parallel_map(self._convert, missing, enabled=self.parallel), strict=True))
        self.event_html.update(converted)
        self.converted.update(converted)
        return _HTMLBySlug({event.slug: event for event in events}, self)

    def leaders(self, leaders: tuple[Leader, ...]) -> dict[str, Markup]:
        """Every leader's profile as HTML, by slug."""
        for leader in leaders:
            if leader.digest not in self.leader_html:
                self.leader_html[leader.digest] = Markup(self._markdown()(leader.body))
        return {leader.slug: self.leader_html[leader.digest] for leader in leaders}

    def html_of(self, event: Event) -> EventHTML:
        """One event's HTML: from memory, else (the first time) from the stored cache, else converted now."""
        key = event.markdown_digest
        found = self.event_html.get(key)
        if found is None:
            summary = self.stored_summaries.get(key)
            if summary is not None:
                found = EventHTML(functools.partial(self._stored_body, event), Markup(summary))
            else:
                found = self.converted.setdefault(key, self._convert(event))
            self.event_html[key] = found
        return found

    def keep_only(self, events: tuple[Event, ...], leaders: tuple[Leader, ...]) -> None:
        """Drop the HTML of records no longer in the site (after an edit, the old version)."""
        live_events = {event.markdown_digest for event in events}
        live_leaders = {leader.digest for leader in leaders}
        self.event_html = {key: value for key, value in self.event_html.items() if key in live_events}
        self.leader_html = {key: value for key, value in self.leader_html.items() if key in live_leaders}
        self.converted = {key: value for key, value in self.converted.items() if key in live_events}

    def _markdown(self) -> MarkdownRenderer:
        if self._to_html is None:
            self._to_html = MarkdownRenderer()
        return self._to_html

    def _stored_body(self, event: Event) -> Markup:
        """A body the cache has, or (its shard damaged) the body converted again, to be saved anew."""
        body = self.stored_bodies.get(event.markdown_digest)
        if body is None:
            return self.converted.setdefault(event.markdown_digest, self._convert(event)).body
        return Markup(body)

    def _convert(self, event: Event) -> EventHTML:
        try:
            return convert_event(self.with_body(event), self._markdown())
        except RecursionError:
            raise ContentErrors([ContentError(event.path, event.line, "the body is nested too deeply to render")]) from None


class _HTMLBySlug(Mapping):
    """Events' HTML by slug, each found (see `MarkdownStore.html_of`) when first asked for."""

    def __init__(self, events: dict[str, Event], store: MarkdownStore):
        self._events, self._store = events, store

    def __getitem__(self, slug: str) -> EventHTML:
        return self._store.html_of(self._events[slug])

    def __iter__(self) -> Iterator[str]:
        return iter(self._events)

    def __len__(self) -> int:
        return len(self._events)
