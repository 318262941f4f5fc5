"""Page dependencies, recorded while templates render: what a page read, and whether any of it changed since.

A template reaches the site's data through three doors: the `site` queries,
the Markdown of events and leaders as HTML (`event_html`, `leader_html`), and
other templates (`extends`, `include`, `import`). While a page renders, each
door notes what passed through it as a `Read`: a query with its arguments and
a fingerprint of its result, an event's or a leader's HTML by slug, a template
by name. A page's fingerprint is a digest of its reads and their fingerprints.
The next build asks each read again of the new site (`ReadValues`); a page
whose reads all give the same fingerprints would render to the same bytes, and
is not rendered again. Nothing is declared by hand: a template that a site
owner edits to show something new is covered the first time it renders.

Records inside a result stand for themselves by their digest (which covers
their file), so a result's fingerprint changes when any record in it changes.
The stock templates ask narrow questions (`year_counts` rather than `years`)
so that an edit re-renders the pages that show it, not every page that could.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from markupsafe import Markup

# A read, as plain tuples of strings and numbers (the build cache keeps them):
#   ("query", name, arguments)  a query of the site; arguments are `argument_key`s
#   ("html", slug)              an event's Markdown as HTML
#   ("profile", slug)           a leader's Markdown as HTML
#   ("template", name)          another template
Read = tuple


class UnrecordableValue(TypeError):
    """A query result or argument of a kind the recorder cannot fingerprint."""


def fingerprint(value: Any) -> str:
    """A digest of a query's result: records by their digest, everything else by its exact value."""
    parts: list[str] = []
    _walk(value, parts.append)
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _walk(value: Any, out: Callable[[str], None]) -> None:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None or kind is float:
        out(repr(value))
        return
    digest = getattr(value, "digest", None)
    if isinstance(digest, str) and digest and hasattr(value, "_fields"):  # a record: its digest covers its file
        out("#" + digest)
        return
    if isinstance(value, (tuple, list)):
        out(kind.__name__ + "(")
        for item in value:
            _walk(item, out)
        out(")")
    elif isinstance(value, Mapping):
        out("{")
        for key, item in value.items():
            _walk(key, out)
            _walk(item, out)
        out("}")
    elif isinstance(value, (frozenset, set)):
        out("set(")
        for item in sorted(map(repr, value)):
            out(item)
        out(")")
    elif isinstance(value, Markup):
        out("M" + repr(str(value)))
    elif hasattr(value, "__match_args__"):  # a value class such as PartialDate: exact by its fields
        out(kind.__name__ + repr(tuple(getattr(value, name) for name in kind.__match_args__)))
    else:
        raise UnrecordableValue(f"a page cannot depend on a {kind.__name__}: a query may return only records, "
                                "numbers, text and tuples, lists or dicts of them")


def argument_key(value: Any) -> Any:
    """How a read names a query's argument: a record by its kind and slug, other values as they are."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    slug = getattr(value, "slug", None)
    if isinstance(slug, str) and hasattr(value, "_fields"):
        return (kind.__name__, slug)
    if isinstance(value, tuple):
        return ("tuple", tuple(map(argument_key, value)))
    raise UnrecordableValue(f"a site query cannot take a {kind.__name__}: pass a record, a number or text")


class Recorder:
    """The reads of the page being rendered, in the order they were made, with their fingerprints.

    `values` is the plan's `ReadValues`: what a read was worth when the plan was made is what it is worth
    while its pages render, so each is worked out once.
    """

    def __init__(self) -> None:
        self.reads: dict[Read, str] | None = None
        self.values: ReadValues | None = None

    def start(self) -> None:
        self.reads = {}

    def stop(self) -> dict[Read, str]:
        reads, self.reads = self.reads, None
        return reads

    def note(self, read: Read, value: str) -> None:
        if self.reads is not None:
            self.reads[read] = value

    def note_template(self, name: str) -> None:
        if self.reads is not None:
            read = ("template", normal_template_name(name))
            self.reads[read] = self.values[read]


def normal_template_name(name: str) -> str:
    """A template's name as Jinja's loaders read it: "./partials//x.html" is "partials/x.html"."""
    return "/".join(piece for piece in name.split("/") if piece not in ("", "."))


class ReadValues:
    """Each read's fingerprint against one site, worked out once however many pages made it.

    `queries` answers the `site` reads; `event_markdown` and `leader_digest` give, by slug, what an
    event's and a leader's HTML is made from; `template_digest` gives a template file's digest by name.
    """

    def __init__(self, queries: Any, *, resolve: Callable[[tuple], Any],
                 event_markdown: Callable[[str], str | None], leader_digest: Callable[[str], str | None],
                 template_digest: Callable[[str], str | None]):
        self.queries, self._resolve = queries, resolve
        self._event_markdown, self._leader_digest, self._template_digest = event_markdown, leader_digest, template_digest
        self.known: dict[Read, str] = {}

    def __getitem__(self, read: Read) -> str:
        found = self.known.get(read)
        if found is None:
            found = self.known[read] = self._value(read)
        return found

    def _value(self, read: Read) -> str:
        door = read[0]
        if door == "query":
            _, name, arguments = read
            try:
                values = None if arguments is None else [self._argument(argument) for argument in arguments]
                answer = getattr(self.queries, name)
                return fingerprint(answer if values is None else answer(*values))
            except _Gone:
                return "gone"
            except Exception as error:  # the page will fail the same way when rendered, and report it there
                return f"error: {type(error).__name__}"
        if door == "html":
            return self._event_markdown(read[1]) or "gone"
        if door == "profile":
            return self._leader_digest(read[1]) or "gone"
        if door == "template":
            return self._template_digest(normal_template_name(read[1])) or "missing"
        return "unknown"

    def _argument(self, key: Any) -> Any:
        if isinstance(key, tuple):
            if key[0] == "tuple":
                return tuple(map(self._argument, key[1]))
            found = self._resolve(key)
            if found is None:
                raise _Gone
            return found
        return key


class _Gone(Exception):
    """A read names a record the site no longer has."""


class RecordingQueries:
    """The `site` templates see: every query it answers is noted as a read of the page being rendered."""

    __slots__ = ("_queries", "_recorder", "_values")

    def __init__(self, queries: Any, recorder: Recorder, values: ReadValues):
        self._queries, self._recorder, self._values = queries, recorder, values

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        answer = getattr(self._queries, name)
        if callable(answer):
            return _RecordedQuery(name, answer, self._recorder, self._values)
        read = ("query", name, None)
        self._recorder.note(read, self._known(read, answer))
        return answer

    def _known(self, read: Read, answer: Any) -> str:
        known = self._values.known
        found = known.get(read)
        if found is None:
            found = known[read] = fingerprint(answer)
        return found


class _RecordedQuery:
    __slots__ = ("_name", "_query", "_recorder", "_values")

    def __init__(self, name: str, query: Callable, recorder: Recorder, values: ReadValues):
        self._name, self._query, self._recorder, self._values = name, query, recorder, values

    def __call__(self, *arguments: Any) -> Any:
        answer = self._query(*arguments)
        read = ("query", self._name, tuple(map(argument_key, arguments)))
        known = self._values.known
        found = known.get(read)
        if found is None:
            found = known[read] = fingerprint(answer)
        self._recorder.note(read, found)
        return answer


class RecordingMapping(Mapping):
    """`event_html` or `leader_html` as templates see it: each slug looked up is noted as a read."""

    def __init__(self, door: str, mapping: Mapping[str, Any], recorder: Recorder, values: ReadValues):
        self._door, self._mapping, self._recorder, self._values = door, mapping, recorder, values

    def __getitem__(self, slug: str) -> Any:
        read = (self._door, slug)
        self._recorder.note(read, self._values[read])
        return self._mapping[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping)

    def __len__(self) -> int:
        return len(self._mapping)


def page_fingerprint(settings: str, page_key: str, reads: Mapping[Read, str]) -> str:
    """A page's fingerprint: the settings every page shares, what the page is, and each of its reads."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{settings}\x1f{page_key}".encode("utf-8", "surrogatepass"))
    for read, value in reads.items():
        digest.update(f"\x1e{read!r}\x1f{value}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
