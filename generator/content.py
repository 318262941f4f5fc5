"""Load content files into typed, immutable records.

Every problem becomes a `ContentError` naming the file (and line where
there is one); loading goes on past it, so a contributor sees every
problem in one run instead of one per run.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from .dates import DATE_FORMATS, PartialDate
from .document import Document, FrontMatterError
from .errors import ContentError, ContentErrors
from .parallel import parallel_map
from .sources import EVENTS_DIR, LEADERS_DIR, SITE_FILE, Signature, file_signature, markdown_files
from .text import SLUG_PATTERN, nfc, slugify

MAX_FILE_BYTES = 4 * 1024 * 1024
# Python-Markdown's time grows faster than linearly with list nesting and with
# unmatched `[` in one paragraph; beyond these, refuse rather than hang.
MAX_NESTING = 40
MAX_BRACKETS = 300
_NESTING_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$))+")
# Nesting past MAX_NESTING needs 2 * MAX_NESTING + 2 columns of indentation (tabs count 4) or MAX_NESTING + 1
# markers with a space after each: either way a line starting with this many characters from this set.
_NESTING_PREFIX = " \t-*+>0123456789.)"
_SHALLOW_PREFIX = (2 * MAX_NESTING + 2) // 4
_FILE_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?!\d)")


class LeaderRef(NamedTuple):
    """A leader as an event names them, before the name is resolved.

    A named tuple: a large site has tens of thousands, and the build cache loads them all (as tuples, twice as fast).
    """

    name: str
    role: str | None
    line: int | None


class Event(NamedTuple):
    """One dated event. Events and leaders are named tuples: a large site has thousands, which the build
    cache loads on every build (a tuple loads in half the time of an object with a `__dict__`)."""

    path: str
    slug: str
    title: str
    date: PartialDate
    place: str | None
    leaders: tuple[LeaderRef, ...]
    mentions: tuple[LeaderRef, ...]
    source: str
    source_url: str | None
    summary: str | None
    topics: tuple[str, ...]
    draft: bool
    body: str | None  # the Markdown; None in a record restored from the build cache (see `with_body`)
    line: int | None = None  # where the front matter starts, for errors about the whole file
    digest: str = ""  # of the file's bytes and path: equal digests, equal records
    markdown_digest: str = ""  # of the body and summary: equal digests, equal HTML (a title edit keeps it)


class Leader(NamedTuple):
    path: str
    slug: str
    name: str
    country: str
    country_slug: str  # for the timeline's country filter (made here, once per leader file, not per page)
    aliases: tuple[str, ...]
    body: str
    line: int | None = None
    digest: str = ""


class SiteConfig(NamedTuple):
    title: str
    description: str
    base_url: str
    language: str
    path: str = ""

    def with_base_url(self, base_url: str) -> SiteConfig:
        return SiteConfig(self.title, self.description, _normalise_base_url(base_url), self.language, self.path)


class Content(NamedTuple):
    """Everything read from a content directory."""

    config: SiteConfig | None
    events: tuple[Event, ...]
    leaders: tuple[Leader, ...]
    problems: tuple[ContentError, ...] = ()

    @property
    def errors(self) -> list[ContentError]:
        return [problem for problem in self.problems if not problem.warning]

    @property
    def warnings(self) -> list[ContentError]:
        return [problem for problem in self.problems if problem.warning]


def value_digest(*parts: Any) -> str:
    """A digest of values made only of strings, numbers, None and tuples (whose repr is exact and stable)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def markdown_digest(body: str, summary: str | None) -> str:
    """A digest of an event's Markdown: its summary, then its body.

    Not `value_digest`: the repr of a 4 KB body costs ~15 µs, ~60 ms of loading 4,000 events. A repr holds
    no NUL, so the first one ends the summary's.
    """
    return hashlib.blake2b(f"{summary!r}\0{body}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working directory if inside it, else absolute."""
    absolute, here = os.path.abspath(path), os.getcwd()  # strings: pathlib costs more than parsing a file here
    if absolute == here:
        return "."
    inside = here.rstrip(os.sep) + os.sep
    return absolute[len(inside):].replace(os.sep, "/") if absolute.startswith(inside) else absolute


def read_text(path: Path) -> str:
    """Read a content file as NFC text with `\\n` line ends and no byte-order mark.

    Raises FrontMatterError (with a line for undecodable bytes).
    """
    return decode_text(read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """A content file's bytes; FrontMatterError if it cannot be read or is over the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FrontMatterError(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        return path.read_bytes()
    except OSError as error:
        raise FrontMatterError(f"cannot read file: {error.strerror or error}") from None


def decode_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FrontMatterError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8", line
        ) from None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


class Source(NamedTuple):
    """A content file's bytes, read once, and their digest (which also covers the path shown in errors)."""

    path: Path
    data: bytes
    digest: str

    @classmethod
    def read(cls, path: Path, kind: str) -> Source:
        data = read_bytes(path)
        digest = hashlib.blake2b(f"{kind}\0{display_path(path)}\0".encode(), digest_size=16)
        digest.update(data)
        return cls(path, data, digest.hexdigest())


Parser = Callable[[Source, list[ContentError]], Any]
Parsed = tuple[Any, tuple[ContentError, ...]]  # a record (or None) and the problems found


class ParseCache:
    """Parsed files keyed by the digest of their bytes, so only new or edited files are parsed.

    A file is read again only if its stat signature changed or is too recent
    to trust (two saves within one clock tick can share a modification time).
    The preview, whose watcher reports every change, passes `watched=True`:
    files are then not even stat'ed until `forget` names them. `entries` and
    `signatures` are what the on-disk cache saves and restores.
    """

    RECENT_NS = 2_000_000_000  # signatures this close to when they were taken are checked by content

    def __init__(self, parallel: bool = False, entries: dict[str, Parsed] | None = None,
                 signatures: dict[str, tuple[Signature, str]] | None = None, *, watched: bool = False) -> None:
        self.parallel = parallel
        self.watched = watched
        self.entries: dict[str, Parsed] = dict(entries or {})
        self.signatures: dict[str, tuple[Signature, str]] = dict(signatures or {})
        self._used: set[str] = set()
        self._listings: dict[str, list[str]] = {}  # surveyed ahead of time (see `take_survey`)
        self._surveyed: dict[str, Signature | None] = {}

    def load_all(self, paths: list[str], parser: Parser, problems: list[ContentError]) -> tuple:
        """The records of `paths` (those without errors), reading and parsing only new or changed files."""
        digests = {path: self._known_digest(path) for path in paths}
        unknown = [path for path, digest in digests.items() if digest is None]
        # Reading, hashing and parsing all happen in the workers: on a cold build, every file is unknown.
        for path, (digest, signature, parsed) in zip(
                unknown, parallel_map(functools.partial(self._read, parser), unknown, enabled=self.parallel), strict=True):
            if digest is None:
                problems.extend(parsed[1])
                continue
            self._remember(path, digest, signature)
            if parsed is not None:
                self.entries[digest] = parsed
            digests[path] = digest
        records = []
        for digest in filter(None, digests.values()):
            self._used.add(digest)
            record, found = self.entries[digest]
            problems.extend(found)
            if record is not None:
                records.append(record)
        return tuple(records)

    def _read(self, parser: Parser, path: str) -> tuple[str | None, Signature | None, Parsed | None]:
        """A file's digest, signature and parsed record (None if the digest is known); no digest if unreadable."""
        signature = file_signature(path)  # before reading: a later change then shows as a newer signature
        problems: list[ContentError] = []
        source = _read_source(Path(path), parser, problems)
        if source is None:
            return None, None, (None, tuple(problems))
        if source.digest in self.entries:
            return source.digest, signature, None
        return source.digest, signature, (parser(source, problems), tuple(problems))

    def take_survey(self, listings: dict[str, list[str]], signatures: dict[str, Signature | None]) -> None:
        """Directory listings and file signatures found ahead of time, each used once instead of asking again."""
        self._listings, self._surveyed = listings, signatures

    def listing(self, directory: Path) -> list[str]:
        """The Markdown files under `directory` (see `markdown_files`)."""
        listed = self._listings.pop(str(directory), None)
        return listed if listed is not None else markdown_files(directory)

    def _known_digest(self, path: str) -> str | None:
        known = self.signatures.get(path)
        if known is None or known[1] not in self.entries:
            return None
        if self.watched:
            return known[1]
        signature = self._surveyed.pop(path, _UNSURVEYED)
        return known[1] if (file_signature(path) if signature is _UNSURVEYED else signature) == known[0] else None

    def _remember(self, path: str, digest: str, signature: Signature | None) -> None:
        if signature is not None and (self.watched or time.time_ns() - max(signature[0], signature[3]) > self.RECENT_NS):
            self.signatures[path] = (signature, digest)
        else:
            self.signatures.pop(path, None)

    def forget(self, paths: Iterable[Path]) -> None:
        """Read these files again next time, whatever their signatures say (paths as they were listed)."""
        for path in paths:
            self.signatures.pop(str(path), None)

    def used(self) -> tuple[dict[str, Parsed], dict[str, tuple[Signature, str]]]:
        """The entries and signatures of the files read since the last call: what is worth saving."""
        entries = {digest: self.entries[digest] for digest in sorted(self._used)}
        signatures = {path: known for path, known in self.signatures.items() if known[1] in entries}
        self._used = set()
        return entries, signatures


_UNSURVEYED = object()


def load_content(content_dir: Path, cache: ParseCache | None = None) -> Content:
    """Read the site settings, every event and every leader under `content_dir`."""
    cache = cache if cache is not None else ParseCache()
    problems: list[ContentError] = []
    config = load_config(content_dir / SITE_FILE, problems, cache)
    events = cache.load_all(cache.listing(content_dir / EVENTS_DIR), parse_event, problems)
    leaders = cache.load_all(cache.listing(content_dir / LEADERS_DIR), parse_leader, problems)
    return Content(config, events, leaders, tuple(problems))


def load_leaders(content_dir: Path, problems: list[ContentError]) -> tuple[Leader, ...]:
    """Every leader under `content_dir/leaders/`."""
    return ParseCache().load_all(markdown_files(content_dir / LEADERS_DIR), parse_leader, problems)


class _Fields:
    """Typed access to one document's front matter, recording every problem."""

    def __init__(self, path: str, document: Document, problems: list[ContentError]):
        self.path = path
        self.document = document
        self.data = document.data
        self.problems = problems
        self.ok = True

    def error(self, location: tuple, message: str) -> None:
        self.ok = False
        self.problems.append(ContentError(self.path, self.document.line_of(*location), message))

    def error_at(self, line: int, message: str) -> None:
        self.ok = False
        self.problems.append(ContentError(self.path, line, message))

    def warn(self, location: tuple, message: str) -> None:
        self.problems.append(ContentError(self.path, self.document.line_of(*location), message, warning=True))

    def check_known(self, known: Iterable[str]) -> None:
        known = list(known)
        for key in self.data:
            if key not in known:
                import difflib  # only for a mistake: its import would cost every build ~1 ms

                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                self.warn((key,), f"unknown field `{key}` is ignored{hint}")

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error((), f"missing required field `{key}`")
            return None
        if not isinstance(value, str):
            self.error((key,), f"`{key}` must be text, not {_describe_type(value)}{_quote_hint(key, value)}")
            return None
        value = value.strip()
        if required and not value:
            self.error((key,), f"`{key}` is empty")
            return None
        return value or None

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.error((key,), f"`{key}` must be true or false, not {_describe_type(value)}")
            return default
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error((key,), f"`{key}` must be a list of text, not {_describe_type(value)}")
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                items.append(item.strip())
            else:
                self.error((key, index), f"`{key}` entries must be text, not {_describe_type(item)}")
        return tuple(items)

    def slug(self, key: str, default: str) -> str:
        value = self.text(key)
        if value is None:
            return default
        if not SLUG_PATTERN.fullmatch(value):
            self.error(
                (key,),
                f"`{key}` must be lower-case ASCII letters and digits joined by single hyphens, not {value!r}",
            )
            return default
        return value

    def date(self, key: str) -> PartialDate | None:
        value = self.data.get(key)
        if value is None:
            self.error((), f"missing required field `{key}` ({DATE_FORMATS})")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        if not isinstance(value, str):
            self.error((key,), f"`{key}` must be a date ({DATE_FORMATS}), not {_describe_type(value)}")
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as reason:
            self.error((key,), f"`{key}`: {reason}")
            return None

    def leader_refs(self, key: str, *, required: bool = False) -> tuple[LeaderRef, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error((), f"missing required field `{key}`: list at least one leader")
            return ()
        if not isinstance(value, list):
            self.error((key,), f"`{key}` must be a list of leaders, not {_describe_type(value)}")
            return ()
        if required and not value:
            self.error((key,), f"`{key}` is empty: list at least one leader")
        refs = []
        for index, item in enumerate(value):
            ref = self._leader_ref(key, index, item)
            if ref is not None:
                refs.append(ref)
        return tuple(refs)

    def _leader_ref(self, key: str, index: int, item: Any) -> LeaderRef | None:
        line = self.document.line_of(key, index)
        if isinstance(item, str) and item.strip():
            return LeaderRef(item.strip(), None, line)
        if not isinstance(item, dict):
            self.error((key, index), f"`{key}` entries must be a name or `{{name: …, role: …}}`, not {_describe_type(item)}")
            return None
        for extra in sorted(set(map(str, item)) - {"name", "role"}):
            self.error((key, index, extra), f"`{key}` entry has unknown field `{extra}` (use `name` and `role`)")
        name, role = item.get("name"), item.get("role")
        if not isinstance(name, str) or not name.strip():
            self.error((key, index), f"`{key}` entry needs a `name` (text)")
            return None
        if role is not None and not (isinstance(role, str) and role.strip()):
            self.error((key, index, "role"), f"`role` must be text, not {_describe_type(role)}")
            role = None
        return LeaderRef(name.strip(), role.strip() if role else None, line)


def _describe_type(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    if value is None:
        return "nothing"
    return names.get(type(value), type(value).__name__)


def import_parser() -> None:
    """Import the front matter parser now rather than when the first file needs it."""
    from . import frontmatter_yaml  # noqa: F401


def _quote_hint(key: str, value: Any) -> str:
    if isinstance(value, (bool, int, float)):
        return f" (YAML read it as {_describe_type(value)}; put it in quotes: {key}: \"…\")"
    return ""


def _open(source: Source, problems: list[ContentError]) -> tuple[str, Document] | None:
    shown = display_path(source.path)
    try:
        from .frontmatter_yaml import parse_document  # PyYAML is imported only when a file needs parsing

        return shown, parse_document(decode_text(source.data))
    except FrontMatterError as error:
        problems.append(ContentError(shown, error.line, error.message))
        return None


EVENT_FIELDS = (
    "title", "date", "place", "leaders", "mentions", "source", "source_url",
    "summary", "topics", "draft", "slug",
)  # fmt: skip


def load_event(path: Path, problems: list[ContentError]) -> Event | None:
    """Read, parse and validate one event file; None if it has errors."""
    return _read_and_parse(path, parse_event, problems)


def with_body(event: Event) -> Event:
    """`event` with its Markdown body. The build cache keeps records without it (it keeps their HTML), so
    a restored record whose HTML is lost reads its file again, which must not have changed since."""
    if event.body is not None:
        return event
    found = load_event(Path(event.path), [])
    if found is None or found.markdown_digest != event.markdown_digest:
        raise ContentErrors([ContentError(event.path, event.line, "changed while the site was being built: build again")])
    return found


def _read_and_parse(path: Path, parser: Parser, problems: list[ContentError]) -> Any:
    source = _read_source(path, parser, problems)
    return parser(source, problems) if source is not None else None


def _read_source(path: Path, parser: Parser, problems: list[ContentError]) -> Source | None:
    try:
        return Source.read(path, parser.__name__)
    except FrontMatterError as error:
        problems.append(ContentError(display_path(path), error.line, error.message))
        return None


def parse_event(source: Source, problems: list[ContentError]) -> Event | None:
    """Parse and validate one event file's bytes; None if they have errors."""
    path, digest = source.path, source.digest
    opened = _open(source, problems)
    if opened is None:
        return None
    shown, document = opened
    fields = _Fields(shown, document, problems)
    fields.check_known(EVENT_FIELDS)
    title = fields.text("title", required=True)
    date = fields.date("date")
    leaders = fields.leader_refs("leaders", required=True)
    mentions = fields.leader_refs("mentions")
    source = fields.text("source", required=True)
    source_url = fields.text("source_url")
    if source_url and not source_url.startswith(("https://", "http://")):
        fields.error(("source_url",), "`source_url` must start with https:// or http://")
    summary = fields.text("summary")
    event = Event(
        path=shown,
        slug=fields.slug("slug", default=_stem_slug(path, fields)),
        title=title or "",
        date=date or PartialDate(1),
        place=fields.text("place"),
        leaders=leaders,
        mentions=mentions,
        source=source or "",
        source_url=source_url,
        summary=summary,
        topics=fields.text_list("topics"),
        draft=fields.boolean("draft", False),
        body=document.body,
        line=document.line_of(),
        digest=digest,
        markdown_digest=markdown_digest(document.body, summary),
    )
    if date is not None:
        _check_file_date(path, date, fields)
    if not event.body.strip():
        fields.warn((), "the article body is empty")
    _check_nesting(event.body, document.body_line, fields)
    return event if fields.ok else None


def _check_nesting(body: str, first_line: int, fields: _Fields) -> None:
    """Refuse bodies Python-Markdown would take minutes on: deep nesting, piles of `[`."""
    line_number = first_line
    for block in body.split("\n\n"):
        if block.count("[") > MAX_BRACKETS:
            fields.error_at(line_number, f"a paragraph has {block.count('[')} `[`; the limit is {MAX_BRACKETS}")
            return
        for offset, line in enumerate(block.split("\n")):
            if len(line) - len(line.lstrip(_NESTING_PREFIX)) < _SHALLOW_PREFIX:
                continue  # too short a prefix to nest that deep: most lines
            expanded = line.expandtabs(4)
            indent = len(expanded) - len(expanded.lstrip(" "))
            markers = _NESTING_MARKERS.match(line)
            depth = max(indent // 2, len(re.findall(r"[-*+>]|\d+[.)]", markers.group(0))) if markers else 0)
            if depth > MAX_NESTING:
                fields.error_at(line_number + offset,
                                f"the body is nested more than {MAX_NESTING} levels deep (lists, quotes or indentation)")
                return
        line_number += block.count("\n") + 2


def _stem_slug(path: Path, fields: _Fields) -> str:
    stem = path.stem
    if not SLUG_PATTERN.fullmatch(stem):
        fields.error(
            (),
            f"file name {path.name!r} must be lower-case ASCII words joined by hyphens, "
            "like 2024-10-24-leaders-meet-in-kazan.md (or set `slug`)",
        )
    return stem


def _check_file_date(path: Path, date: PartialDate, fields: _Fields) -> None:
    match = _FILE_DATE.match(path.stem)
    if match is None:
        fields.error((), f"file name {path.name!r} must start with the event's date, {date.iso}")
        return
    if match.group(0) != date.iso:
        fields.error(("date",), f"file name date {match.group(0)} disagrees with `date: {date.iso}`")


LEADER_FIELDS = ("name", "country", "aliases", "slug")


def load_leader(path: Path, problems: list[ContentError]) -> Leader | None:
    """Read, parse and validate one leader file; None if it has errors."""
    return _read_and_parse(path, parse_leader, problems)


def parse_leader(source: Source, problems: list[ContentError]) -> Leader | None:
    """Parse and validate one leader file's bytes; None if they have errors."""
    path = source.path
    opened = _open(source, problems)
    if opened is None:
        return None
    shown, document = opened
    fields = _Fields(shown, document, problems)
    fields.check_known(LEADER_FIELDS)
    country = fields.text("country", required=True) or ""
    leader = Leader(
        path=shown,
        slug=fields.slug("slug", default=_stem_slug(path, fields)),
        name=fields.text("name", required=True) or "",
        country=country,
        country_slug=slugify(country),
        aliases=fields.text_list("aliases"),
        body=document.body,
        line=document.line_of(),
        digest=source.digest,
    )
    return leader if fields.ok else None


CONFIG_FIELDS = ("title", "description", "base_url", "language")


def load_config(path: Path, problems: list[ContentError], cache: ParseCache | None = None) -> SiteConfig | None:
    """Read the site settings: a YAML mapping in `site.yml`."""
    if not path.is_file():
        problems.append(ContentError(display_path(path), None, "missing site settings file (title, description, base_url, language)"))
        return None
    found = (cache or ParseCache()).load_all([str(path)], parse_config, problems)
    return found[0] if found else None


def parse_config(source: Source, problems: list[ContentError]) -> SiteConfig | None:
    from .frontmatter_yaml import load_mapping

    shown = display_path(source.path)
    try:
        data, lines = load_mapping(decode_text(source.data))
    except FrontMatterError as error:
        problems.append(ContentError(shown, error.line, error.message))
        return None
    fields = _Fields(shown, Document(data, "", 0, lines), problems)
    fields.check_known(CONFIG_FIELDS)
    config = SiteConfig(
        title=fields.text("title", required=True) or "",
        description=fields.text("description") or "",
        base_url=_normalise_base_url(fields.text("base_url", required=True) or "/"),
        language=fields.text("language") or "en",
        path=shown,
    )
    if not config.base_url.startswith(("https://", "http://")):
        fields.error(("base_url",), "`base_url` must be an absolute URL such as https://example.org/")
    return config if fields.ok else None


def _normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"
