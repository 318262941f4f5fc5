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
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

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
    return fingerprint_of_encoded(encoded(value))


def encoded(value: Any) -> str:
    """`value` as an exact string: its repr, in which records stand as their slug and digest (see
    `records._record_repr`). An object whose repr is only its address gets no such shortcut: `_encoded` walks
    the value and names what cannot be a page's dependency."""
    text = repr(value)
    return _encoded(value) if "0x" in text and _ADDRESS_REPR.search(text) else text


_ADDRESS_REPR = re.compile(r"<[^<>]* at 0x[0-9a-fA-F]+>")  # object.__repr__: a different string every run


def fingerprint_of_encoded(encoded: str) -> str:
    return "=" + hashlib.blake2b(encoded.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


_LONG = 256  # characters: an answer this long is kept as its digest


def _encoded(value: Any) -> str:
    """`value` as an exact string (records as their digest). Every page's reads are asked again on every
    build, so this takes one dictionary lookup per value and no call for the leaves of a sequence."""
    kind = type(value)
    how = _HOW.get(kind) or _learn(kind)
    if how is _SEQUENCE:
        parts = [kind.__name__, "("]
        for item in value:
            item_how = _HOW.get(type(item)) or _learn(type(item))
            if item_how is _SCALAR:
                parts.append(repr(item))
            elif item_how is _RECORD:
                parts.append("#" + item.digest)
            else:
                parts.append(_encoded(item))
            parts.append("\x1f")
        parts.append(")")
        return "".join(parts)
    if how is _SCALAR:
        return repr(value)
    if how is _RECORD:
        return "#" + value.digest
    if how is _MAPPING:
        return "{" + "\x1f".join([_encoded(key) + ":" + _encoded(item) for key, item in value.items()]) + "}"
    if how is _SET:
        return "set(" + "\x1f".join(sorted(_encoded(item) for item in value)) + ")"
    if how is _MARKUP:
        return "M" + repr(str(value))
    return kind.__name__ + repr(tuple(getattr(value, name) for name in kind.__match_args__))  # a value class


_SCALAR, _RECORD, _SEQUENCE, _MAPPING, _SET, _MARKUP, _VALUE_CLASS = range(1, 8)  # never 0: see `_encoded`
_HOW: dict[type, int] = {str: _SCALAR, int: _SCALAR, bool: _SCALAR, float: _SCALAR, type(None): _SCALAR,
                         list: _SEQUENCE, tuple: _SEQUENCE, dict: _MAPPING}


def _learn(kind: type) -> int:
    """How to encode values of a type not met before."""
    fields = getattr(kind, "_fields", None)
    if fields is not None:  # a named tuple: a record if it carries the digest of its file
        how = _RECORD if "digest" in fields else _SEQUENCE
    elif issubclass(kind, Markup):
        how = _MARKUP
    elif issubclass(kind, (list, tuple)):
        how = _SEQUENCE
    elif issubclass(kind, Mapping):
        how = _MAPPING
    elif issubclass(kind, (set, frozenset)):
        how = _SET
    elif hasattr(kind, "__match_args__"):  # a value class such as PartialDate: exact by its fields
        how = _VALUE_CLASS
    else:
        raise UnrecordableValue(f"a page cannot depend on a {kind.__name__}: a query may return only records, "
                                "numbers, text and tuples, lists or dicts of them")
    _HOW[kind] = how
    return how


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
    """The reads of the page being rendered, in the order they were first made.

    Only what was read is noted while a page renders; what each read is worth is the plan's `ReadValues`'
    to work out (once, however many pages made it).
    """

    def __init__(self) -> None:
        self.reads: dict[Read, None] | None = None  # an ordered set

    def start(self) -> None:
        self.reads = {}

    def stop(self) -> tuple[Read, ...]:
        reads, self.reads = self.reads, None
        return tuple(reads)

    def note(self, read: Read) -> None:
        if self.reads is not None:
            self.reads[read] = None

    def note_template(self, name: str) -> None:
        self.note(("template", normal_template_name(name)))


def normal_template_name(name: str) -> str:
    """A template's name as Jinja's loaders read it: "./partials//x.html" is "partials/x.html"."""
    return "/".join(piece for piece in name.split("/") if piece not in ("", "."))


class LastAnswers(NamedTuple):
    """What the last plan knew of its reads, so that the next asks again only what may have changed."""

    world: str = ""  # the digest of what a record-local answer depends on besides its arguments (see ReadValues)
    records: Mapping[tuple, str] = {}  # each event's and leader's digest, by argument key
    named: Mapping[str, tuple[str, ...]] = {}  # the slugs of the leaders each event names, by the event's slug
    order: str = ""  # the digest of the timeline's order (its events' slugs)
    values: dict[Read, str] = {}  # each read known, and what it gave
    # Those reads by what they depend on: a record's key (or ORDER) for reads scoped to it, ASKED for the rest.
    scopes: dict[tuple, list[Read]] = {}
    pages: Mapping[str, tuple[str, str]] = {}  # each page's key (what it is) and fingerprint

    def only(self, reads: set[Read]) -> LastAnswers:
        """These answers without the reads no page makes any more."""
        if reads.issuperset(self.values):  # as after most edits: nothing to leave out (`scopes` name only `values`)
            return self
        return self._replace(values={read: value for read, value in self.values.items() if read in reads},
                             scopes={key: kept for key, listed in self.scopes.items()
                                     if (kept := [read for read in listed if read in reads])})

    def plain(self) -> dict[str, Any]:
        """As plain values, for the build cache."""
        return self._replace(named=dict(self.named))._asdict()

    @classmethod
    def from_plain(cls, plain: Mapping[str, Any]) -> LastAnswers:
        return cls(**plain) if plain else cls()


ORDER, ASKED = ("order",), ("asked",)  # scopes: the timeline's order; none (asked again by every plan)


class ReadValues:
    """Each read's fingerprint against one site, worked out once however many pages made it.

    `queries` answers the `site` reads; `event_markdown` and `leader_digest` give, by slug, what an
    event's and a leader's HTML is made from; `template_digest` gives a template file's digest by name.

    With the `last` plan's answers, `changed_reads` says which reads do not give what they gave then. A query named
    in `record_local` promises that its answer is a function of its argument records and of the `world`
    (the settings, the publishers and the leaders: `tests/test_queries.py` checks the promise on random
    edits), so while those keep their digests (`records` gives each event's and leader's) it is not asked
    again; nor is an event's HTML, made from its file. A query named in `leader_local` promises the same of
    the world and the events that name its leader (`named` gives the leaders an event names); one named in
    `neighbours` (an event's previous and next) of the timeline's `order` and the neighbouring records
    (`neighbours_of` gives an event's, by slug). Every other read is asked and compared.
    """

    def __init__(self, queries: Any, *, resolve: Callable[[tuple], Any],
                 event_markdown: Callable[[str], str | None], leader_digest: Callable[[str], str | None],
                 template_digest: Callable[[str], str | None], world: str = "", records: Mapping[tuple, str] = {},
                 named: Callable[[str], tuple[str, ...]] = lambda slug: (), order: str = "",
                 neighbours_of: Callable[[str], tuple[str | None, str | None]] = lambda slug: (None, None),
                 record_local: frozenset[str] = frozenset(), leader_local: frozenset[str] = frozenset(),
                 neighbours: frozenset[str] = frozenset(), last: LastAnswers = LastAnswers()):
        self.queries, self._resolve = queries, resolve
        self._event_markdown, self._leader_digest, self._template_digest = event_markdown, leader_digest, template_digest
        self.world, self.records, self.named, self.order, self._last = world, records, named, order, last
        self._neighbours_of = neighbours_of
        self._record_local, self._leader_local, self._neighbours = record_local, leader_local, neighbours
        self._same_order = bool(order) and order == last.order
        self._changed_keys: set[tuple] | None = None
        self._changed_leader_keys: set[tuple] | None = None
        self._changed_neighbour_reads: set[Read] | None = None
        self._same_world = bool(world) and world == last.world
        self._tokens: dict[Read, bytes] = {}
        self.values: dict[Read, str] = {}  # each read asked against this site, and what it gave
        self._changed: set[Read] | None = None
        self._answerers: dict[str, Any] = {}  # each query's method or attribute's value, by name

    def __getitem__(self, read: Read) -> str:
        found = self.values.get(read)
        if found is None:
            changed = self.changed_reads()
            found = self._last.values.get(read) if changed is not None and read not in changed else None
            if found is None:
                found = self._ask(read)
        return found

    def _ask(self, read: Read) -> str:
        found = self.values.get(read)
        if found is None:
            found = self.values[read] = self._value(read)
        return found

    def token(self, read: Read) -> bytes:
        """The read and its fingerprint, as a page's fingerprint takes them in."""
        found = self._tokens.get(read)
        if found is None:
            found = self._tokens[read] = f"\x1e{read!r}\x1f{self[read]}".encode("utf-8", "surrogatepass")
        return found

    def unchanged(self, read: Read) -> bool:
        """Whether the read gives what it gave the last plan."""
        changed = self.changed_reads()
        if changed is None:  # nothing known of what changed: ask, and compare
            last = self._last.values.get(read)
            return last is not None and last == self[read]
        return read in self._last.values and read not in changed

    def changed_reads(self) -> set[Read] | None:
        """Every read the last plan knew that does not give what it gave then; None if the world changed or
        nothing was known (then each read is asked and compared, see `unchanged`). Only the reads whose scope
        changed are asked: the last plan's `scopes` name them."""
        if self._changed is None and self._same_world and self._last.values:
            scopes, last_values = self._last.scopes, self._last.values
            candidates = [*scopes.get(ASKED, ()), *(read for key in self._changed_records() | self._changed_leaders()
                                                   for read in scopes.get(key, ()))]
            candidates += scopes.get(ORDER, ()) if not self._same_order else \
                [read for read in self._changed_neighbours() if read in last_values]
            self._changed = {read for read in candidates if last_values[read] != self._ask(read)}
        return self._changed

    def scope(self, read: Read) -> tuple[tuple, ...]:
        """What the read's answer depends on besides the world: the keys of its scopes (see `changed_reads`)."""
        door = read[0]
        if door == "query" and read[2] is not None:
            name = read[1]
            keys = tuple(_record_keys(read[2]))
            if name in self._record_local or (name in self._leader_local and all(key[0] == "Leader" for key in keys)):
                return keys
            if name in self._neighbours:  # and its neighbours: see `_changed_neighbours`
                return (*keys, ORDER)
        elif door == "html":  # an event's Markdown is part of its file
            return (("Event", read[1]),)
        elif door == "profile":  # and a leader's of the world
            return ()
        return (ASKED,)

    def answers(self, **fields: Any) -> LastAnswers:
        """What this plan knows of its reads, for the next (`fields`: the rest of the answers). The last plan's
        answers are carried on where this plan knows they still hold, and are changed in place."""
        last = self._last
        if self.changed_reads() is not None:
            values, scopes = last.values, last.scopes
        else:  # what this plan did not ask may no longer hold
            values, scopes = {}, {}
        for read, value in self.values.items():
            if read not in values:
                for key in self.scope(read):
                    scopes.setdefault(key, []).append(read)
            values[read] = value
        return LastAnswers(self.world, self.records, order=self.order, values=values, scopes=scopes, **fields)

    def _changed_records(self) -> set[tuple]:
        """The keys of the records added, removed or edited since the last plan."""
        if self._changed_keys is None:
            last, now = self._last.records, self.records
            self._changed_keys = {key for key, digest in now.items() if last.get(key) != digest} | \
                (last.keys() - now.keys())
        return self._changed_keys

    def _changed_neighbours(self) -> set[Read]:
        """In a timeline in the same order as at the last plan, the neighbour reads that name a changed record."""
        if self._changed_neighbour_reads is None:
            found = self._changed_neighbour_reads = set()
            for kind, slug in self._changed_records():
                if kind == "Event":
                    before, after = self._neighbours_of(slug)
                    if after is not None:
                        found.add(("query", "previous", (("Event", after),)))
                    if before is not None:
                        found.add(("query", "next", (("Event", before),)))
        return self._changed_neighbour_reads

    def _changed_leaders(self) -> set[tuple]:
        """The keys of the leaders named by a record added, removed or edited since the last plan (by the
        record as it was, or as it is)."""
        if self._changed_leader_keys is None:
            slugs = {slug for kind, event in self._changed_records() if kind == "Event"
                     for slug in (*self._last.named.get(event, ()), *self.named(event))}
            self._changed_leader_keys = {("Leader", slug) for slug in slugs}
        return self._changed_leader_keys

    def page_fingerprint(self, page: str, reads: tuple[Read, ...]) -> str:
        """A page's fingerprint: `page` (what the page is and the settings every page shares) and its reads."""
        tokens, token = self._tokens, self.token
        return hashlib.blake2b(page.encode("utf-8", "surrogatepass") + b"".join(
            [tokens.get(read) or token(read) for read in reads]), digest_size=16).hexdigest()

    def _value(self, read: Read) -> str:
        """What the read gives now: an exact string (a digest, for a long one)."""
        door = read[0]
        if door == "query":
            _, name, arguments = read
            try:
                values = None if arguments is None else [self._argument(argument) for argument in arguments]
                answer = self._answerers.get(name) or self._answerer(name)
                text = encoded(answer if values is None else answer(*values))
            except _Gone:
                return "gone"
            except Exception:  # noqa: BLE001 - rendered again, the page reports the error where its template is
                return "unanswered " + os.urandom(8).hex()  # equal to no answer ever recorded
            # Most answers are a few records: as they are, they cost less than their digest would.
            return text if len(text) < _LONG else fingerprint_of_encoded(text)
        if door == "html":
            return self._event_markdown(read[1]) or "gone"
        if door == "profile":
            return self._leader_digest(read[1]) or "gone"
        if door == "template":
            return self._template_digest(normal_template_name(read[1])) or "missing"
        return "unknown"

    def _answerer(self, name: str) -> Any:
        found = self._answerers[name] = getattr(self.queries, name)
        return found

    def _argument(self, key: Any) -> Any:
        if type(key) is tuple:
            if key[0] == "tuple":
                return tuple(map(self._argument, key[1]))
            found = self._resolve(key)
            if found is None:
                raise _Gone
            return found
        return key


def _record_keys(arguments: tuple) -> Iterator[tuple]:
    """The records' keys among a read's arguments (see `argument_key`)."""
    for key in arguments:
        if type(key) is tuple:
            if key[0] == "tuple":
                yield from _record_keys(key[1])
            else:
                yield key


class _Gone(Exception):
    """A read names a record the site no longer has."""


class RecordingQueries:
    """The `site` templates see: every query it answers is noted as a read of the page being rendered."""

    __slots__ = ("_queries", "_recorder")

    def __init__(self, queries: Any, recorder: Recorder):
        self._queries, self._recorder = queries, recorder

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        answer = getattr(self._queries, name)  # an AttributeError saying what there is, for `__getitem__`
        if callable(answer):
            return _RecordedQuery(name, answer, self._recorder)
        self._recorder.note(("query", name, None))
        return answer


    def __getitem__(self, name: str) -> Any:
        # Jinja tries `site[name]` when `site.name` fails: say plainly what the site cannot answer, rather than
        # let it become an undefined value named after this class.
        try:
            return self.__getattr__(name)  # recorded as `site.name` is
        except AttributeError as error:
            raise UnknownQuestion(str(error)) from None


class UnknownQuestion(Exception):
    """A template asked the site something it does not answer (not a LookupError: Jinja would swallow that)."""


class _RecordedQuery:
    __slots__ = ("_name", "_query", "_recorder")

    def __init__(self, name: str, query: Callable, recorder: Recorder):
        self._name, self._query, self._recorder = name, query, recorder

    def __call__(self, *arguments: Any) -> Any:
        self._recorder.note(("query", self._name, tuple(map(argument_key, arguments))))
        return self._query(*arguments)


class RecordingMapping(Mapping):
    """`event_html` or `leader_html` as templates see it: each slug looked up is noted as a read."""

    def __init__(self, door: str, mapping: Mapping[str, Any], recorder: Recorder):
        self._door, self._mapping, self._recorder = door, mapping, recorder

    def __getitem__(self, slug: str) -> Any:
        self._recorder.note((self._door, slug))
        return self._mapping[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping)

    def __len__(self) -> int:
        return len(self._mapping)
