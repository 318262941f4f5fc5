"""The load stage: find the content files, read their bytes, and hand each new or edited one to `validate`.

`ParseCache` remembers every file's record by the digest of its bytes, so a
rebuild parses only what changed; the on-disk cache saves and restores it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from .errors import ContentError, ContentErrors, FrontMatterError
from .inputs import files_under, link_problem
from .parallel import parallel_map
from .records import Content, Event, Leader, Publishers, SiteConfig, display_path
from .validate import (Source, decode_text, parse_config, parse_event, parse_event_translation, parse_leader,
                       parse_leader_translation, parse_publishers, translation_of)

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the default home of the content, templates and output
SITE_FILE = "site.yml"
PUBLISHERS_FILE = "sources.yml"
EVENTS_DIR = "events"
LEADERS_DIR = "leaders"
MAX_FILE_BYTES = 4 * 1024 * 1024

Signature = tuple[int, int, int, int]  # modification time, size, inode, change time


def file_signature(path: str) -> Signature | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)


def _last_change(signature: Signature) -> int:
    modified, _, _, changed = signature
    return max(modified, changed)


def markdown_files(directory: os.PathLike | str, problems: list[ContentError] | None = None,
                   root: os.PathLike | str | None = None) -> list[str]:
    """The `.md` files under `directory`, sorted, skipping hidden and `_`-prefixed names; a symbolic link is
    followed only if it stays inside `root` (default: `directory`), any other is added to `problems`."""
    found = _listed(directory, problems, root)
    return _sorted_paths(found)


def _listed(directory: os.PathLike | str, problems: list[ContentError] | None,
            root: os.PathLike | str | None) -> list[str]:
    """`markdown_files`, unsorted."""
    found, links = files_under(Path(root if root is not None else directory), Path(directory),
                               dirs=lambda name: not name.startswith((".", "_")),
                               files=lambda name: name.endswith(".md") and not name.startswith((".", "_")))
    if problems is not None:
        problems += links
    return found


def _sorted_paths(paths: Iterable[str]) -> list[str]:
    return sorted(paths, key=lambda path: path.replace(os.sep, "\0"))  # part by part, like Path


def read_bytes(path: Path) -> bytes:
    """A content file's bytes; FrontMatterError if it cannot be read or is over the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FrontMatterError(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        return path.read_bytes()
    except OSError as error:
        raise FrontMatterError(f"cannot read file: {error.strerror or error}") from None


def read_text(path: Path) -> str:
    """A content file as NFC text with `\\n` line ends and no byte-order mark; FrontMatterError if it cannot be."""
    return decode_text(read_bytes(path))


def read_source(path: Path, kind: str) -> Source:
    """A content file's bytes and their digest, which also covers the path shown in errors and the kind of file."""
    data = read_bytes(path)
    digest = hashlib.blake2b(f"{kind}\0{display_path(path)}\0".encode(), digest_size=16)
    digest.update(data)
    return Source(path, data, digest.hexdigest())


Parser = Callable[[Source, list[ContentError]], Any]  # validate's parse_event, parse_leader, parse_config, …


class Parsed(NamedTuple):
    """What parsing one file gave: its record (None if it has errors) and every problem found."""

    record: Any
    problems: tuple[ContentError, ...]


class KnownFile(NamedTuple):
    """A file as last read: its stat signature then, and the digest of its bytes."""

    signature: Signature
    digest: str


class _Listing(NamedTuple):
    """A directory's Markdown files as last listed, and the same sorted, originals apart from translations."""

    files: frozenset[str]
    originals: tuple[str, ...]
    translations: tuple[str, ...]


class ParseCache:
    """Parsed files keyed by the digest of their bytes, so only new or edited files are parsed.

    A file is read again only if its stat signature changed or is too recent
    to trust (two saves within one clock tick can share a modification time).
    The preview, whose watcher reports every change, passes `watched=True`:
    files are then not even stat'ed until `forget` names them. `entries` and
    `known` are what the on-disk cache saves and restores.
    """

    RECENT_NS = 2_000_000_000  # signatures this close to when they were taken are checked by content

    def __init__(self, parallel: bool = False, entries: dict[str, Parsed] | None = None,
                 known: dict[str, KnownFile] | None = None, *, watched: bool = False) -> None:
        self.parallel = parallel
        self.watched = watched
        self.entries: dict[str, Parsed] = dict(entries or {})
        self.known: dict[str, KnownFile] = dict(known or {})  # by path
        self._used: set[str] = set()
        self._listings: dict[str, _Listing] = {}  # by directory

    def load_all(self, paths: list[str], parser: Parser, problems: list[ContentError]) -> tuple:
        """The records of `paths` (those the parser could make: see `parse_event`), reading and parsing only new or changed files."""
        entries, known_files, watched = self.entries, self.known, self.watched
        digests: dict[str, str | None] = {}
        for path in paths:  # the digest of each file known and unchanged (not stat'ed when watched)
            known = known_files.get(path)
            digests[path] = known.digest if known is not None and known.digest in entries and (
                watched or file_signature(path) == known.signature) else None
        unknown = [path for path, digest in digests.items() if digest is None]
        # Reading, hashing and parsing all happen in the workers: on a cold build, every file is unknown.
        for path, (digest, signature, parsed) in zip(
                unknown, parallel_map(functools.partial(self._read, parser), unknown, enabled=self.parallel), strict=True):
            if digest is None:
                problems.extend(parsed.problems)
                continue
            self._remember(path, digest, signature)
            if parsed is not None:
                self.entries[digest] = parsed
            digests[path] = digest
        used = [digest for digest in digests.values() if digest]
        self._used.update(used)
        records = []
        for record, found in map(entries.__getitem__, used):
            if found:
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
            return None, None, Parsed(None, tuple(problems))
        if source.digest in self.entries:
            return source.digest, signature, None
        return source.digest, signature, Parsed(parser(source, problems), tuple(problems))

    def _remember(self, path: str, digest: str, signature: Signature | None) -> None:
        if signature is not None and (self.watched or time.time_ns() - _last_change(signature) > self.RECENT_NS):
            self.known[path] = KnownFile(signature, digest)
        else:
            self.known.pop(path, None)

    def forget(self, paths: Iterable[Path]) -> None:
        """Read these files again next time, whatever their signatures say (paths as they were listed)."""
        for path in paths:
            self.known.pop(str(path), None)

    def listing(self, directory: Path, problems: list[ContentError], root: Path) -> tuple[list[str], list[str]]:
        """The originals' and the translations' Markdown files under `directory` (see `markdown_files`).

        The directory is listed every time; sorting and telling translations apart are redone only when
        the files listed are not those of the last listing (a save changes no name).
        """
        found = _listed(directory, problems, root)
        names = frozenset(found)
        last = self._listings.get(str(directory))
        if last is None or last.files != names or len(names) != len(found):
            last = self._listings[str(directory)] = _Listing(names, *map(tuple, _originals_and_translations(
                _sorted_paths(found))))
        return list(last.originals), list(last.translations)

    def used(self) -> tuple[dict[str, Parsed], dict[str, KnownFile]]:
        """The entries and known files read since the last call: what is worth saving."""
        entries = {digest: self.entries[digest] for digest in sorted(self._used)}
        known = {path: file for path, file in self.known.items() if file.digest in entries}
        self._used = set()
        return entries, known


def load_content(content_dir: Path, cache: ParseCache | None = None) -> Content:
    """Read the site settings, the publisher registry, every event and every leader under `content_dir`."""
    cache = cache if cache is not None else ParseCache()
    problems: list[ContentError] = []
    config = load_config(content_dir / SITE_FILE, problems, cache)
    publishers = load_publishers(content_dir / PUBLISHERS_FILE, problems, cache)
    event_files, event_translations = cache.listing(content_dir / EVENTS_DIR, problems, content_dir)
    leader_files, leader_translations = cache.listing(content_dir / LEADERS_DIR, problems, content_dir)
    events = cache.load_all(event_files, parse_event, problems)
    leaders = cache.load_all(leader_files, parse_leader, problems)
    translated = (cache.load_all(event_translations, parse_event_translation, problems),
                  cache.load_all(leader_translations, parse_leader_translation, problems))
    return Content(config, events, leaders, tuple(problems), publishers, *translated)


def original_files(directory: Path, problems: list[ContentError], content_dir: Path) -> list[str]:
    """The originals' Markdown files under `directory`, without the translations beside them."""
    return _originals_and_translations(markdown_files(directory, problems, content_dir))[0]


def _originals_and_translations(paths: list[str]) -> tuple[list[str], list[str]]:
    """Originals (`x.md`) apart from translations (`x.vi.md`): a slug has no dot, so a dot names a language."""
    originals, translations = [], []
    for path in paths:
        (translations if translation_of(path) else originals).append(path)
    return originals, translations


def load_publishers(path: Path, problems: list[ContentError], cache: ParseCache | None = None) -> Publishers | None:
    """Read the publisher registry: a YAML mapping from credit to `{name: …, country: …}` in `sources.yml`."""
    return _load_one(path, parse_publishers, problems, cache, "missing publisher registry: list the publishers events "
                     "credit in `source`, as `VNA: {name: Vietnam News Agency, country: …}`")


def load_config(path: Path, problems: list[ContentError], cache: ParseCache | None = None) -> SiteConfig | None:
    """Read the site settings: a YAML mapping in `site.yml`."""
    return _load_one(path, parse_config, problems, cache,
                     "missing site settings file (title, description, base_url, language)")


def _load_one(path: Path, parser: Parser, problems: list[ContentError], cache: ParseCache | None,
              missing: str) -> Any:
    """The record of one file that a site must have (`missing` says what to write), or None with the problem
    recorded: a link out of its directory is refused like any content file's."""
    if os.path.islink(path):
        problem = link_problem(path, path.parent)
        if problem is not None:
            problems.append(problem)
            return None
    if not path.is_file():
        problems.append(ContentError(display_path(path), None, missing))
        return None
    found = (cache or ParseCache()).load_all([str(path)], parser, problems)
    return found[0] if found else None


def load_leaders(content_dir: Path, problems: list[ContentError]) -> tuple[Leader, ...]:
    """Every leader under `content_dir/leaders/`."""
    return ParseCache().load_all(original_files(content_dir / LEADERS_DIR, problems, content_dir), parse_leader, problems)


def load_event(path: Path, problems: list[ContentError]) -> Event | None:
    """Read, parse and validate one event file; None if its front matter has errors (see `parse_event`)."""
    source = _read_source(path, parse_event, problems)
    return parse_event(source, problems) if source is not None else None


def with_body(event: Event) -> Event:
    """`event` with its Markdown body. The build cache keeps records without it (it keeps their HTML), so
    a restored record whose HTML is lost reads its file again, which must not have changed since."""
    if event.body is not None:
        return event
    found = load_event(Path(event.path), [])
    if found is None or found.markdown_digest != event.markdown_digest:
        raise ContentErrors([ContentError(event.path, event.line, "changed while the site was being built: build again")])
    return found


def without_bodies(entries: dict[str, Parsed]) -> dict[str, Parsed]:
    """Parsed entries as the build cache keeps them: events without their Markdown (see `with_body`)."""
    return {digest: Parsed(record._replace(body=None), problems) if isinstance(record, Event) and record.body is not None
            else Parsed(record, problems) for digest, (record, problems) in entries.items()}


def _read_source(path: Path, parser: Parser, problems: list[ContentError]) -> Source | None:
    try:
        return read_source(path, parser.__name__)
    except FrontMatterError as error:
        problems.append(ContentError(display_path(path), error.line, error.message))
        return None
