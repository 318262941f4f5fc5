"""The build cache on disk (`--cache-dir`, `.cache/` by default).

It holds what a build worked out, for the next build to reuse: parsed records
keyed by the digest of their file, their Markdown as HTML (summaries and bodies
apart, since most pages show only summaries), each event's share
of the data files, and for each output directory the fingerprint of every file
it holds (which tells the next build which pages a change affects).

Large parts are split into shards by key, so a build that changed one file
rewrites a few small files, not the whole cache; the bodies' HTML is read
only when a page that shows it is rendered again.

A cache is only used if every file is whole (its checksum matches), was written
by this very version of the generator and of its libraries, and contains nothing
but the generator's own record types (or, in the parts of plain values kept in
marshal's format, nothing but plain values); anything else is discarded with a warning.
Jinja's compiled templates live beside it, checked by Jinja against each
template's source.
"""

from __future__ import annotations

import gc
import io
import marshal
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from .cachefile import OUTPUTS_FILE, Foreign, framed, manifests_from, manifests_to, payload_of, plain_values
from .content import ContentError, Event, Parsed, Signature, display_path
from .feeds import Layout
from .output import OutputState
from .parallel import parallel_map
from .site import Resolution

TEMPLATES_DIR = "templates"
PARALLEL_WRITES = 32  # from this many files to write, pickling is shared between processes
_CACHEDIR_TAG = (b"Signature: 8a477f597d28d172789f06886806bc55\n"
                 b"# The build cache of the Viet Nam-Laos timeline generator; safe to delete.\n")

# The only classes a cache may contain (pickle would otherwise build any object it names).
_ALLOWED = {
    ("generator.content", "Event"), ("generator.content", "Leader"), ("generator.content", "LeaderRef"),
    ("generator.errors", "ContentError"), ("generator.content", "SiteConfig"), ("generator.dates", "PartialDate"),
    ("markupsafe", "Markup"),
}
# Each part of the cache, and how many shards it is split into by key. Many small shards for the bodies,
# which are read one by one as pages need them; few for the parts read whole.
_PARTS = {"parsed": 16, "signatures": 1, "bodies": 256, "summaries": 16, "leader_html": 1, "layouts": 1, "outputs": 1,
          "resolutions": 16}
_LAZY = "bodies"  # read shard by shard, when a page needs one
# Parts of plain values (strings, numbers, tuples, dicts), kept in marshal's format: it writes them ~5 times
# faster than pickle (the output manifests, rewritten by every build: 8 ms at 4,000 events) and makes no other objects.
_MARSHALLED = {"signatures", "outputs"}


class Saved(NamedTuple):
    """What one build leaves for the next. `bodies` is read lazily; the rest is loaded up front.

    Events' HTML is keyed by their `markdown_digest`. Loaded, `summaries` and
    `bodies` hold all that the cache has; to save, what was converted this run.
    """

    parsed: dict[str, Parsed]
    signatures: dict[str, tuple[Signature, str]]
    summaries: dict[str, str]
    bodies: Mapping[str, str]
    leader_html: dict[str, Any]
    layouts: dict[str, tuple[Layout, ...]]  # of the data files, by output path
    outputs: dict[str, OutputState]  # by resolved output directory
    resolutions: dict[str, Resolution]  # the events' leaders, by event digest

    @classmethod
    def nothing(cls) -> Saved:
        return cls({}, {}, {}, {}, {}, {}, {}, {})


_PREFIXES = {f"{value:02x}": value for value in range(256)}


def _shard(key: str, shards: int) -> int:
    # Sharded parts are keyed by hex digests, uniform already: their first two digits pick the shard.
    return _PREFIXES.get(key[:2], 0) % shards


def _without_body(record: Any) -> Any:
    # An event's Markdown is most of its record, and its HTML is cached: see `with_body`.
    return record._replace(body=None) if isinstance(record, Event) else record


class _RecordUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cache record type")
        return super().find_class(module, name)


@contextmanager
def _collection_paused() -> Iterator[None]:
    # Unpickling makes ~10^5 objects and no garbage: the cyclic collector would only walk them again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _loads(part: str, payload: io.BytesIO) -> dict:
    """The value a part's file holds (see `_dumps`)."""
    try:
        if part in _MARSHALLED:
            value = manifests_from(payload) if part == "outputs" else plain_values(payload)
        else:
            value = _RecordUnpickler(payload).load()
    except Exception as error:  # noqa: BLE001 - any decoding failure means the same: do not trust it
        raise Foreign(f"unreadable ({type(error).__name__})") from None
    if not isinstance(value, dict):
        raise Foreign("not a cache this generator wrote")
    return value


def _dumps(part: str, value: dict) -> bytes:
    if part == "outputs":
        return manifests_to(value)
    return marshal.dumps(value) if part in _MARSHALLED else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class _LazyShards(Mapping):
    """A read-only mapping whose shard files are read, checked and unpickled on first use.

    A shard that turns out damaged is treated as empty: its work is redone and the shard rewritten.
    """

    def __init__(self, paths: dict[int, Path], keys: Mapping[str, Any]):
        self._paths = paths  # by shard index, one for each shard
        self.keys = keys  # what the shards hold (mapped to anything), to answer `in` without reading them
        self.loaded: dict[int, dict] = {}
        self.damaged: list[Foreign] = []

    def __contains__(self, key: object) -> bool:
        return key in self.keys

    def shard(self, index: int) -> dict:
        if index not in self.loaded:
            try:
                self.loaded[index] = _loads(_LAZY, payload_of(self._paths[index].read_bytes()))
            except (KeyError, OSError):
                self.loaded[index] = {}
            except Foreign as foreign:
                self.loaded[index] = {}
                self.damaged.append(Foreign(foreign.reason, self._paths[index]))
        return self.loaded[index]

    def __getitem__(self, key: str) -> Any:
        return self.shard(_shard(key, len(self._paths)))[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.shard(_shard(key, len(self._paths))).get(key, default) if key in self.keys else default

    def __iter__(self):
        for index in self._paths:
            yield from self.shard(index)

    def __len__(self) -> int:
        return sum(len(self.shard(index)) for index in self._paths)


class BuildCache:
    """Loads and saves `Saved` in a directory."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.templates_dir = directory / TEMPLATES_DIR
        self._loaded: dict[str, dict[int, dict]] = {}  # what each eager shard held when loaded
        self._bodies = _LazyShards({}, {})  # none to read until a trusted cache is loaded
        self._reset = True  # write every file on save (no trustworthy cache was found)
        self._pending: list[tuple[str, Path, dict]] = []  # parts' files to write at the end of `save`

    def _path(self, part: str, index: int) -> Path:
        if part == "outputs":
            return self.directory / OUTPUTS_FILE  # where the survey helper reads it
        suffix = "marshal" if part in _MARSHALLED else "pickle"
        return self.directory / (f"{part}-{index:02x}.{suffix}" if _PARTS[part] > 1 else f"{part}.{suffix}")

    def _paths(self, part: str) -> dict[int, Path]:
        return {index: self._path(part, index) for index in range(_PARTS[part])}

    def load(self) -> tuple[Saved, list[ContentError]]:
        """The saved state, or an empty one (with a warning saying why) if it cannot be trusted.

        What is loaded lives as long as the build: it is frozen out of the garbage collector's sight.
        """
        with _collection_paused():
            loaded = self._load()
            gc.freeze()
        return loaded

    def _load(self) -> tuple[Saved, list[ContentError]]:
        if not self.directory.is_dir():
            return Saved.nothing(), []
        try:
            payloads = self._read_all()
        except Foreign as foreign:
            return Saved.nothing(), [self._discarded(foreign)]
        except OSError as error:
            return Saved.nothing(), [self._warning(f"cannot read the build cache ({error.strerror}); building without it")]
        if payloads is None:
            return Saved.nothing(), []
        for part, shards in payloads.items():
            for index, payload in shards.items():
                try:
                    self._loaded.setdefault(part, {})[index] = _loads(part, payload)
                except Foreign as foreign:
                    self._loaded = {}
                    return Saved.nothing(), [self._discarded(Foreign(foreign.reason, self._path(part, index)))]
        self._reset = False
        merged = {part: {key: value for shard in self._loaded.get(part, {}).values() for key, value in shard.items()}
                  for part in _PARTS}
        self._bodies = _LazyShards(self._paths(_LAZY), merged["summaries"])
        return Saved(merged["parsed"], merged["signatures"], merged["summaries"], self._bodies, merged["leader_html"],
                     merged["layouts"], merged["outputs"], merged["resolutions"]), []

    def _read_all(self) -> dict[str, dict[int, io.BytesIO]] | None:
        """Every file's checked payload; None if there is no cache yet."""
        payloads: dict[str, dict[int, io.BytesIO]] = {part: {} for part in _PARTS}
        found = False
        for part in _PARTS:
            if part == _LAZY:
                continue
            for index, path in self._paths(part).items():
                try:
                    data = path.read_bytes()
                except FileNotFoundError:
                    continue
                found = True
                try:
                    payloads[part][index] = payload_of(data)
                except Foreign as foreign:
                    raise Foreign(foreign.reason, path) from None
        return payloads if found else None

    def save_records(self, saved: Saved, live_html: Iterable[str]) -> list[ContentError]:
        """Write the parts about the content that changed: all but the layouts and the outputs (see
        `save_outputs`). `saved.summaries` and `saved.bodies` hold the Markdown converted this run;
        `live_html` names the Markdown (by `markdown_digest`) whose HTML is worth keeping.

        Each file is replaced atomically, so a reader sees an old or a new file, never half of one; and
        the two halves of a save may run at once, in two processes. A save only saves the next build
        time: if the cache cannot be written, the warning returned says so.
        """
        def queue() -> None:
            # Records restored from the cache have no body already: only those parsed this run are remade.
            self._save_part("parsed", saved.parsed | {digest: (_without_body(record), problems)
                                                      for digest, (record, problems) in saved.parsed.items()
                                                      if getattr(record, "body", None) is not None})
            for part in ("signatures", "leader_html", "resolutions"):
                self._save_part(part, getattr(saved, part))
            self._save_html(saved.summaries, saved.bodies, set(live_html))
        return self._save(queue)

    def save_outputs(self, layouts: dict[str, tuple[Layout, ...]], outputs: dict[str, OutputState]) -> list[ContentError]:
        """Write the data files' layouts and the output manifests, if they changed: what a build knows
        once its output is written. Returns a warning if the cache cannot be written."""
        def queue() -> None:
            self._save_part("layouts", layouts)
            self._save_part("outputs", outputs)
        return self._save(queue)

    def _save(self, queue: Callable[[], None]) -> list[ContentError]:
        """Queue the files `queue` says changed and write them; [] or the warning that they could not be."""
        try:
            self._begin()
            queue()
            self._write_pending()
        except OSError as error:
            return [self._unwritable(error)]
        return []

    def _begin(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        tag = self.directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_bytes(_CACHEDIR_TAG)
        if self._reset:
            self._remove_unknown_files()
        self._pending = []

    def _write_pending(self) -> None:
        # A first save writes every shard: pickle them on every core (an edit's few stay in this process).
        parallel_map(self._write, self._pending, min_items=PARALLEL_WRITES)
        self._pending = []

    def _remove_unknown_files(self) -> None:
        """Delete cache files no part of this version uses (another version's layout), so they do not pile up."""
        known = {path.name for part in _PARTS for path in self._paths(part).values()}
        for path in [*self.directory.glob("*.pickle"), *self.directory.glob("*.marshal")]:
            if path.name not in known:
                path.unlink(missing_ok=True)

    def _save_part(self, part: str, entries: Mapping[str, Any]) -> None:
        count = _PARTS[part]
        if count == 1:
            shards = {0: dict(entries)}
        else:
            shards = {index: {} for index in range(count)}
            prefixes = _PREFIXES  # `_shard`, inlined: an edit's save shards ~10,000 keys
            for key, value in entries.items():
                shards[prefixes.get(key[:2], 0) % count][key] = value
        loaded = self._loaded.get(part, {})
        for index, shard in shards.items():
            if self._reset or shard != loaded.get(index, {}):
                self._pending.append((part, self._path(part, index), shard))

    def _save_html(self, summaries: Mapping[str, str], bodies: Mapping[str, str], live: set[str]) -> None:
        # Body shards with nothing new are left alone (bodies of edited-away records stay until the shard changes).
        fresh: dict[int, dict[str, str]] = {}
        for key, value in bodies.items():
            if key in live:
                fresh.setdefault(_shard(key, _PARTS[_LAZY]), {})[key] = value
        for index in range(_PARTS[_LAZY]) if self._reset else sorted(fresh):
            kept = {key: value for key, value in self._bodies.shard(index).items() if key in live}
            self._pending.append((_LAZY, self._path(_LAZY, index), kept | fresh.get(index, {})))
        # A summary stands for its body in the shards: both are saved, or neither.
        known = {key: value for key, value in self._bodies.keys.items() if key in live}
        self._save_part("summaries", known | {key: value for key, value in summaries.items() if key in live})

    def _write(self, pending: tuple[str, Path, dict]) -> None:
        part, path, value = pending
        payload = _dumps(part, value)
        descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.directory)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(framed(payload))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def late_warnings(self) -> list[ContentError]:
        """Damage found in the parts read during the build (their work was redone)."""
        return [self._discarded(foreign) for foreign in self._bodies.damaged]

    def _discarded(self, foreign: Foreign) -> ContentError:
        return ContentError(display_path(foreign.path or self.directory), None,
                            f"the build cache is {foreign.reason}; it was discarded and will be rebuilt", warning=True)

    def _unwritable(self, error: OSError) -> ContentError:
        # `mkdir(exist_ok=True)` says "File exists" of a file, or a symlink to nowhere, where the directory should be.
        reason = "exists and is not a directory" if isinstance(error, FileExistsError) else error.strerror or error
        return self._warning(f"cannot write the build cache ({reason}); the next build will "
                             "redo the work this one could not save")

    def _warning(self, message: str) -> ContentError:
        return ContentError(display_path(self.directory), None, message, warning=True)
