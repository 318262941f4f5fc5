"""The splice engine: makes the data files that changed, copying the pieces they keep from their previous versions.

Most data files are one piece per event between a head and a tail. Each
file's fingerprint is worked out from its pieces' keys (the event, its
leaders, the base URL) before any piece is made, so an unchanged file is not
made at all; a changed one is spliced: the pieces it keeps are copied from the
previous version of the file (its `Layout` says where they lie; the output
target gives its bytes) and only new pieces are made. What the files are is
the `Catalogue`'s to say (see `catalogue`); this module knows no format.
"""

from __future__ import annotations

import functools
import itertools
from array import array
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, Protocol

from ..digests import content_digest, key_digest
from ..parallel import parallel_map
from ..records import Event
from ..text import computed_once


class Layout(NamedTuple):
    """Where the pieces of one version of a data file lie, so that the next version can copy them."""

    fingerprint: str  # of that version
    base_url: str  # its pieces' links are made for this one
    keys: tuple[str, ...]  # its pieces' keys, in order
    head_length: int  # bytes before the first piece
    piece_lengths: bytes  # each piece's length in bytes, an array("Q")


Has = Callable[[str, str], bool]  # (output path, fingerprint) -> is that version at hand already?
Previous = Callable[[str, str], "bytes | None"]  # (output path, fingerprint) -> the bytes of that version, if at hand
KEPT_LAYOUTS = 2  # per file: the output directory and its standby copy may each hold a version


class JoinedFile:
    """A data file made of a head, one piece per event (joined by `separator`) and a tail."""

    def __init__(self, head: Callable[[], str], head_inputs: tuple[str, ...], events: list[Event],
                 keys: tuple[str, ...], piece: str | Callable[[Event], str], base_url: str, keys_digest: str,
                 separator: str = "", tail: str = ""):
        self.head = head  # made only if the file is
        self.head_inputs = head_inputs  # what the head shows, as exact strings
        self.events = events
        self.keys = keys  # each event's piece key, in the same order
        self.piece = piece  # the piece: a field of the event's data (see `Catalogue.event_data`), or made by this
        self.base_url = base_url  # in the pieces' links: a file made for another cannot lend its pieces
        self.keys_digest = keys_digest  # of `keys`: the event files share theirs
        self.separator, self.tail = separator, tail

    @computed_once
    def fingerprint(self) -> str:
        return key_digest(self.base_url, *self.head_inputs, self.separator, self.tail, self.keys_digest)


class WholeFile(NamedTuple):
    """A data file made in one go."""

    fingerprint: str
    make: Callable[[], bytes]


class SourceChanges(NamedTuple):
    """How the joined file a `FileSet` is made from differs from the version its last files were made from,
    which had as many pieces: the positions of the pieces that differ, and a piece of either version by position."""

    count: int  # pieces in either version
    changed: tuple[int, ...]
    old: Callable[[int], bytes]
    new: Callable[[int], bytes]


class FileSet(NamedTuple):
    """Files made together from the bytes of another data file, as many, and so named, as what they hold says
    (the search index's pieces).

    `make(source, state, changes)` gives every file of the set by output path and a state (plain values) to
    keep for the next version. Given the state it gave for the version `changes` starts from, it may make
    the set again from the changed pieces alone; it must make the same bytes as from the source alone.
    """

    fingerprint: str  # of what they are made from
    source: str  # the output path of the data file they are made from
    make: Callable[[bytes, Any, "SourceChanges | None"], tuple[dict[str, bytes], Any]]


class SetLayout(NamedTuple):
    """The files one version of a `FileSet` made, each with its fingerprint (a digest of its bytes)."""

    fingerprint: str  # of the set
    files: tuple[tuple[str, str], ...]  # (output path, fingerprint)
    source: str = ""  # the fingerprint of the source's version they were made from
    state: Any = None  # what the set's maker kept for the next version


DataFile = JoinedFile | WholeFile | FileSet


class Catalogue(Protocol):
    """What a set of data files is made of."""

    def files(self, known_keys: Mapping[str, str]) -> dict[str, DataFile]:
        """Every data file by output path; an event's piece key equal to one of `known_keys` is that one."""

    def event_data(self, event: Event) -> Any:
        """An event's pieces of every file, in the fields that `JoinedFile.piece` names (made in one go, on
        another core if there are many events)."""


class MadeFile(NamedTuple):
    """A data file this maker made, kept for its next call."""

    fingerprint: str
    data: bytes


class PreviousVersion(NamedTuple):
    """An earlier version of a data file that a new one can copy pieces from."""

    data: bytes
    layout: Layout


class DataMaker:
    """Makes the data files that changed, splicing pieces out of their previous versions.

    `layouts` (what the on-disk cache saves and restores) says where each
    piece lies in the files made last; the previous bytes come from this
    maker's memory or from `previous` (the output target's copies).
    """

    def __init__(self, parallel: bool = False, layouts: Mapping[str, tuple[Layout | SetLayout, ...]] | None = None):
        self.parallel = parallel
        # By output path, or by a file set's name: its members.
        self.layouts: dict[str, tuple[Layout | SetLayout, ...]] = dict(layouts or {})
        self.fingerprints: dict[str, str] = {}  # of every data file of the last call, by output path
        self._made: dict[str, MadeFile] = {}  # the files made, by output path
        self.pieces_made: list[str] = []  # events whose data the last call made (the rest was copied)

    def files(self, catalogue: Catalogue, have: Has | None = None, previous: Previous | None = None) -> dict[str, bytes]:
        """Every data file of `catalogue` by output path, or only those that `have(path, fingerprint)` says are
        not at hand; `previous(path, fingerprint)` gives the bytes of an earlier version to splice from."""
        specs = catalogue.files(self._known_keys())
        self.layouts = {path: layouts for path, layouts in self.layouts.items() if path in specs}
        sets = {name: spec for name, spec in specs.items() if isinstance(spec, FileSet)}
        specs = {path: spec for path, spec in specs.items() if not isinstance(spec, FileSet)}
        self.fingerprints = {path: spec.fingerprint for path, spec in specs.items()}
        wanted = {path: spec for path, spec in specs.items() if have is None or not have(path, spec.fingerprint)}
        stale = {name: spec for name, spec in sets.items() if not self._set_at_hand(name, spec, have)}
        for spec in stale.values():  # a set made again needs its source's bytes: made again if not at hand
            if spec.source not in wanted and self._source(spec, {}, previous) is None:
                wanted[spec.source] = specs[spec.source]
        files = {path: made for path, spec in wanted.items() if (made := self._kept(path, spec)) is not None}
        sources = {path: self._previous_version(path, spec, previous) for path, spec in wanted.items()
                   if path not in files and isinstance(spec, JoinedFile)}
        data = self._event_data(catalogue, wanted, sources)
        for path, spec in wanted.items():
            if path not in files:
                files[path] = self._make(path, spec, sources.get(path), data)
        del data, sources  # the pieces and the old versions, no longer needed: the sets are made from whole files
        for name, spec in sets.items():
            files |= self._make_set(name, spec, name in stale, files, have, previous, specs[spec.source])
        return files

    def _set_layout(self, name: str, spec: FileSet) -> SetLayout | None:
        layout = next(iter(self.layouts.get(name, ())), None)
        return layout if isinstance(layout, SetLayout) and layout.fingerprint == spec.fingerprint else None

    def _set_at_hand(self, name: str, spec: FileSet, have: Has | None) -> bool:
        """Whether every file of this version of the set is at hand (in this maker's memory, when `have` is None)."""
        layout = self._set_layout(name, spec)
        if layout is None:
            return False
        if have is None:
            return all(self._made.get(path, MadeFile("", b"")).fingerprint == fingerprint
                       for path, fingerprint in layout.files)
        return all(have(path, fingerprint) for path, fingerprint in layout.files)

    def _source(self, spec: FileSet, files: Mapping[str, bytes], previous: Previous | None) -> bytes | None:
        path, fingerprint = spec.source, self.fingerprints[spec.source]
        made = self._made.get(path)
        if path in files:
            return files[path]
        if made is not None and made.fingerprint == fingerprint:
            return made.data
        return previous(path, fingerprint) if previous else None

    def _make_set(self, name: str, spec: FileSet, stale: bool, files: Mapping[str, bytes], have: Has | None,
                  previous: Previous | None, source_spec: DataFile) -> dict[str, bytes]:
        """The files of a set that are not at hand (all of them if `have` is None), made again if `stale`."""
        if not stale:
            members = dict(self._set_layout(name, spec).files)
            self.fingerprints |= members
            return {path: self._made[path].data for path in members} if have is None else {}
        source = self._source(spec, files, previous)
        last = next(iter(self.layouts.get(name, ())), None)
        changes = None
        if isinstance(last, SetLayout) and last.state is not None and isinstance(source_spec, JoinedFile):
            changes = self._source_changes(spec.source, last.source, source, source_spec.separator, previous)
        made, state = spec.make(source, last.state if changes is not None else None, changes)
        members = {path: content_digest(data) for path, data in made.items()}
        self.layouts[name] = (SetLayout(spec.fingerprint, tuple(members.items()), self.fingerprints[spec.source],
                                        state),)
        self.fingerprints |= members
        for path, data in made.items():
            self._made[path] = MadeFile(members[path], data)
        return {path: data for path, data in made.items() if have is None or not have(path, members[path])}

    def _source_changes(self, path: str, fingerprint: str, data: bytes, separator: str,
                        previous: Previous | None) -> SourceChanges | None:
        """How the joined file `path`, now `data`, differs from its version `fingerprint`; None if that version
        or its layout is not at hand, or it had another number of pieces."""
        layouts = [layout for layout in self.layouts.get(path, ()) if isinstance(layout, Layout)]
        new = next((layout for layout in layouts if layout.fingerprint == self.fingerprints[path]), None)
        old = next((layout for layout in layouts if layout.fingerprint == fingerprint), None)
        if new is None or old is None or len(new.keys) != len(old.keys) or new.base_url != old.base_url:
            return None
        changed = tuple(index for index, (was, now) in enumerate(zip(old.keys, new.keys)) if was != now)
        if not changed:
            old_data = data
        elif (made := self._made.get(path)) is not None and made.fingerprint == fingerprint:
            old_data = made.data
        else:
            old_data = previous(path, fingerprint) if previous else None
        if old_data is None:
            return None
        return SourceChanges(len(new.keys), changed, _piece_reader(old_data, old, separator),
                             _piece_reader(data, new, separator))

    def _known_keys(self) -> dict[str, str]:
        """The piece keys of the longest layout held, each mapped to itself: new equal keys are replaced by
        these, so that the layouts share them (and the cache stores each once)."""
        longest = max((layouts[0].keys for layouts in self.layouts.values() if layouts and isinstance(layouts[0], Layout)),
                      key=len, default=())
        return {key: key for key in longest}

    def _kept(self, path: str, spec: DataFile) -> bytes | None:
        made = self._made.get(path)
        return made.data if made is not None and made.fingerprint == spec.fingerprint else None

    def _make(self, path: str, spec: DataFile, source: PreviousVersion | None, data: Mapping[str, Any]) -> bytes:
        if isinstance(spec, WholeFile):
            made = spec.make()
        else:
            piece = spec.piece
            if isinstance(piece, str):
                piece = lambda event, field=piece: getattr(data[event.digest], field)  # noqa: E731
            made, layout = _splice(spec, piece, source)
            self.layouts[path] = (layout, *self.layouts.get(path, ())[:KEPT_LAYOUTS - 1])
        self._made[path] = MadeFile(spec.fingerprint, made)  # for the next call (the preview's)
        return made

    def _previous_version(self, path: str, spec: JoinedFile, previous: Previous | None) -> PreviousVersion | None:
        """A version of `path` whose layout is known, from memory or from the output target."""
        made = self._made.get(path)
        for layout in self.layouts.get(path, ()):
            if not isinstance(layout, Layout) or layout.base_url != spec.base_url:
                continue
            if made is not None and made.fingerprint == layout.fingerprint:
                return PreviousVersion(made.data, layout)
            data = previous(path, layout.fingerprint) if previous else None
            if data is not None:
                return PreviousVersion(data, layout)
        return None

    def _event_data(self, catalogue: Catalogue, wanted: Mapping[str, DataFile],
                    sources: Mapping[str, PreviousVersion | None]) -> dict[str, Any]:
        """By event digest, the data of every event with a piece no previous file holds (on every core if there
        are many)."""
        needed: dict[str, Event] = {}
        for path, source in sources.items():
            spec = wanted[path]
            if isinstance(spec.piece, str):
                have = set(source.layout.keys) if source else set()
                needed.update((event.digest, event) for key, event in zip(spec.keys, spec.events) if key not in have)
        made = parallel_map(catalogue.event_data, list(needed.values()), enabled=self.parallel)
        self.pieces_made = [event.slug for event in needed.values()]
        return dict(zip(needed, made, strict=True))


def _splice(spec: JoinedFile, piece: Callable[[Event], str], source: PreviousVersion | None) -> tuple[bytes, Layout]:
    """The file `spec` describes, copying from `source` the runs of pieces it holds, and its layout."""
    head, separator = spec.head().encode("utf-8"), spec.separator.encode("utf-8")
    old = memoryview(source.data) if source is not None else memoryview(b"")
    parts: list[bytes | memoryview] = [head]
    lengths = array("Q")
    plan = [(-1, index) for index in range(len(spec.keys))]
    if source is not None:
        old_lengths = array("Q", source.layout.piece_lengths)
        starts = list(itertools.accumulate(old_lengths, initial=0))
        plan = _runs(source.layout.keys, spec.keys)
    for start, stop in plan:
        if len(parts) > 1:
            parts.append(separator)
        if start >= 0:  # pieces start to stop of the old file, and the separators between them
            begin = source.layout.head_length + starts[start] + start * len(separator)
            end = begin + starts[stop] - starts[start] + (stop - start - 1) * len(separator)
            parts.append(old[begin:end])
            lengths.extend(old_lengths[start:stop])
        else:
            data = piece(spec.events[stop]).encode("utf-8")
            parts.append(data)
            lengths.append(len(data))
    parts.append(spec.tail.encode("utf-8"))
    return b"".join(parts), Layout(spec.fingerprint, spec.base_url, spec.keys, len(head), lengths.tobytes())


def _piece_reader(data: bytes, layout: Layout, separator: str) -> Callable[[int], bytes]:
    """Each piece of a joined file's version `data` (laid out as `layout` says), by position."""
    starts = list(itertools.accumulate(array("Q", layout.piece_lengths), initial=0))
    gap, view = len(separator.encode("utf-8")), memoryview(data)

    def piece(index: int) -> bytes:
        begin = layout.head_length + starts[index] + index * gap
        return bytes(view[begin:begin + starts[index + 1] - starts[index]])

    return piece


@functools.lru_cache(maxsize=4)  # the event files share their keys: work out their runs once
def _runs(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[int, int]]:
    """How to make `new` from `old`: runs (start, stop) of old pieces to copy, or (-1, index) for a new piece."""
    if old == new:
        return [(0, len(old))] if old else []
    position = {key: index for index, key in enumerate(old)}
    runs: list[tuple[int, int]] = []
    for index, key in enumerate(new):
        found = position.get(key, -1)
        if found < 0:
            runs.append((-1, index))
        elif runs and runs[-1][0] >= 0 and runs[-1][1] == found:
            runs[-1] = (runs[-1][0], found + 1)
        else:
            runs.append((found, found + 1))
    return runs
