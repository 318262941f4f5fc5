"""The build cache on disk (`--cache-dir`, `.cache/` by default): what one build worked out, for the next.

It is a set of named parts, each a dict (`CachedWork`): parsed records keyed by
the digest of their file, their Markdown as HTML (summaries and bodies apart,
since most pages show only summaries), each data file's layout, what each
page read as it rendered, and for each output directory the fingerprint of every file it
holds (which tells the next build which pages a change affects). The stages
that make the parts know what is in them; this module only keeps them.

Large parts are split into shards by key, so a build that changed one file
rewrites a few small files, not the whole cache; the bodies' HTML is read only
when a page that shows it is rendered again.

Every file is a header (a magic line, the version key, the payload's
checksum, a blank line) and a payload. A cache is only used if every file is
whole (its checksum matches), was written by this very version of the
generator and of its libraries, and contains nothing but the generator's own
record types (or, in the parts of plain values kept in marshal's format,
nothing but plain values); anything else is discarded with a warning. Jinja's
compiled templates live beside it, checked by Jinja against each template's
source.
"""

from __future__ import annotations

import functools
import io
import marshal
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .errors import ContentError
from .parallel import parallel_map
from .records import display_path

TEMPLATES_DIR = "templates"
MAGIC = b"vn-lao-timeline build cache\n"
PARALLEL_WRITES = 32  # from this many files to write, pickling is shared between processes
_LIBRARIES = ("jinja2", "markdown", "nh3", "yaml", "slugify", "markupsafe", "frontmatter")
_CACHEDIR_TAG = (b"Signature: 8a477f597d28d172789f06886806bc55\n"
                 b"# The build cache of the timeline generator; safe to delete.\n")

# Each part of the cache, and how many shards it is split into by key. Many small shards for the bodies,
# which are read one by one as pages need them; few for the parts read whole.
_PARTS = {"parsed": 16, "known_files": 1, "bodies": 256, "summaries": 16, "leader_html": 1, "layouts": 1,
          "outputs": 1, "resolutions": 16, "page_reads": 1, "answers": 1}
_LAZY = "bodies"  # read shard by shard, when a page needs one
# Parts of plain values (strings, numbers, tuples, dicts), kept in marshal's format: it writes them several times
# faster than pickle (the output manifests, rewritten by every build) and makes no other objects.
_MARSHALLED = {"known_files", "outputs", "page_reads", "answers"}
_TEMP_PREFIX = ".tmp-"  # then the writing process's id: a file whose writer is gone was abandoned


class CachedWork(NamedTuple):
    """What one build leaves for the next, part by part. `bodies` is read lazily; the rest is loaded up front.

    Events' HTML is keyed by their `markdown_digest`. Loaded, `summaries` and
    `bodies` hold all that the cache has; to save, what was converted this run.
    """

    parsed: dict[str, Any]  # load.Parsed, by file digest
    known_files: dict[str, Any]  # load.KnownFile, by path
    summaries: dict[str, str]
    bodies: Mapping[str, str]
    leader_html: dict[str, str]  # by leader digest
    layouts: dict[str, tuple]  # of the data files (exports.splice.Layout), by output path
    outputs: dict[str, Any]  # output.OutputState, by resolved output directory
    resolutions: dict[str, tuple]  # site.Resolution, by event digest
    page_reads: dict[str, tuple]  # what each page read when it was last rendered (dependencies.Read), by output
    answers: dict[str, Any]  # what the last plan knew of those reads (dependencies.LastAnswers, as plain values)

    @classmethod
    def nothing(cls) -> CachedWork:
        return cls({}, {}, {}, {}, {}, {}, {}, {}, {}, {})


class UntrustedCache(Exception):
    """Why a cache file cannot be used (and which file, once known)."""

    def __init__(self, reason: str, path: Path | None = None):
        super().__init__(reason)
        self.reason, self.path = reason, path


@functools.cache
def version_key() -> bytes:
    """Changes whenever the generator's code, its libraries or Python change."""
    import hashlib
    import importlib.util

    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        # An upgrade rewrites the package's files: their size and time stand for its version.
        spec = importlib.util.find_spec(name)
        info = os.stat(spec.origin if spec and spec.origin else os.devnull)
        digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):  # its subpackages' modules too
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest().encode()


def _running(pid: int) -> bool:
    """Whether a process with this id exists (perhaps another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, and is another user's
        pass
    return True


def _checksum(payload: bytes | memoryview) -> bytes:
    # Guards against damage (a truncated or altered file), not against an attacker (see `_RecordUnpickler`).
    return b"%08x" % zlib.crc32(payload)


def _framed(payload: bytes) -> bytes:
    """A cache file's bytes: the header, then `payload`."""
    return MAGIC + version_key() + b"\n" + _checksum(payload) + b"\n\n" + payload


def _payload_of(data: bytes) -> io.BytesIO:
    """The payload of a cache file, once its header and checksum are checked, ready to read; UntrustedCache if not."""
    end = data.find(b"\n\n", 0, 1024)
    fields = data[:end].split(b"\n") if end >= 0 else []
    if len(fields) != 3 or fields[0] + b"\n" != MAGIC:
        raise UntrustedCache("not a cache this generator wrote")
    if fields[1] != version_key():
        raise UntrustedCache("from another version of the generator or its libraries")
    if fields[2] != _checksum(memoryview(data)[end + 2:]):
        raise UntrustedCache("corrupt (its checksum does not match)")
    # Payloads run to megabytes: read them in place (a BytesIO made from bytes shares them), not copied by a slice.
    payload = io.BytesIO(data)
    payload.seek(end + 2)
    return payload


_PREFIXES = {f"{value:02x}": value for value in range(256)}


def _shard(key: str, shards: int) -> int:
    # Sharded parts are keyed by hex digests, uniform already: their first two digits pick the shard.
    return _PREFIXES.get(key[:2], 0) % shards


class _RecordUnpickler(pickle.Unpickler):
    """Builds only the classes the stages named (pickle would otherwise build any object a file names)."""

    def __init__(self, payload: io.BytesIO, allowed: frozenset[tuple[str, str]]):
        super().__init__(payload)
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cache record type")
        return super().find_class(module, name)


def _loads(part: str, payload: io.BytesIO, allowed: frozenset[tuple[str, str]]) -> dict:
    """The value a part's file holds (see `_dumps`)."""
    try:
        if part in _MARSHALLED:
            value = marshal.loads(payload.getbuffer()[payload.tell():])
        else:
            value = _RecordUnpickler(payload, allowed).load()
    except Exception as error:  # noqa: BLE001 - any decoding failure means the same: do not trust it
        raise UntrustedCache(f"unreadable ({type(error).__name__})") from None
    if not isinstance(value, dict):
        raise UntrustedCache("not a cache this generator wrote")
    return value


def _dumps(part: str, value: dict) -> bytes:
    return marshal.dumps(value) if part in _MARSHALLED else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class _LazyShards(Mapping):
    """A read-only mapping whose shard files are read, checked and unpickled on first use.

    A shard that turns out damaged is treated as empty: its work is redone and the shard rewritten.
    """

    def __init__(self, paths: dict[int, Path], keys: Mapping[str, Any]):
        self._paths = paths  # by shard index, one for each shard
        self.keys = keys  # what the shards hold (mapped to anything), to answer `in` without reading them
        self.loaded: dict[int, dict] = {}
        self.damaged: list[UntrustedCache] = []

    def __contains__(self, key: object) -> bool:
        return key in self.keys

    def shard(self, index: int) -> dict:
        if index not in self.loaded:
            try:
                self.loaded[index] = _loads(_LAZY, _payload_of(self._paths[index].read_bytes()), frozenset())
            except (KeyError, OSError):
                self.loaded[index] = {}
            except UntrustedCache as untrusted:
                self.loaded[index] = {}
                self.damaged.append(UntrustedCache(untrusted.reason, self._paths[index]))
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


Restore = Callable[[Any], Any]  # a value as a part keeps it -> as the stage that made it uses it; raises if misshapen


class BuildCache:
    """Loads and saves `CachedWork` in a directory.

    A part kept as plain values is handed to its `restore` function (by part
    name) value by value as it is loaded: a value it cannot restore makes the
    cache untrusted, like a damaged file. Saved, each part is given as plain
    values (or records) already.
    """

    def __init__(self, directory: Path, restore: Mapping[str, Restore] | None = None,
                 record_types: Iterable[type] = ()):
        self.directory = directory
        self.restore = restore or {}
        # The only classes a cache file may build: the stages' records, named by the pipeline.
        self.allowed = frozenset((kind.__module__, kind.__qualname__) for kind in record_types)
        self.templates_dir = directory / TEMPLATES_DIR
        self._loaded: dict[str, dict[int, dict]] = {}  # what each eagerly read shard held when loaded
        self._bodies = _LazyShards({}, {})  # none to read until a trusted cache is loaded
        self._reset = True  # write every file on save (no trustworthy cache was found)

    def _path(self, part: str, index: int) -> Path:
        suffix = "marshal" if part in _MARSHALLED else "pickle"
        return self.directory / (f"{part}-{index:02x}.{suffix}" if _PARTS[part] > 1 else f"{part}.{suffix}")

    def _paths(self, part: str) -> dict[int, Path]:
        return {index: self._path(part, index) for index in range(_PARTS[part])}

    def load(self) -> tuple[CachedWork, list[ContentError]]:
        """The saved work, or nothing (with a warning saying why) if it cannot be trusted."""
        if not self.directory.is_dir():
            return CachedWork.nothing(), []
        try:
            payloads = self._read_all()
        except UntrustedCache as untrusted:
            return CachedWork.nothing(), [self.discarded(untrusted)]
        except OSError as error:
            return CachedWork.nothing(), [self._warning(f"cannot read the build cache ({error.strerror}); building without it")]
        if payloads is None:
            return CachedWork.nothing(), []
        for part, shards in payloads.items():
            for index, payload in shards.items():
                try:
                    self._loaded.setdefault(part, {})[index] = _loads(part, payload, self.allowed)
                except UntrustedCache as untrusted:
                    self._loaded = {}
                    return CachedWork.nothing(), [self.discarded(UntrustedCache(untrusted.reason, self._path(part, index)))]
        merged = {part: {key: value for shard in self._loaded.get(part, {}).values() for key, value in shard.items()}
                  for part in _PARTS}
        for part, restore in self.restore.items():
            try:
                merged[part] = {key: restore(value) for key, value in merged[part].items()}
            except Exception as error:  # noqa: BLE001 - any value it cannot take means the same: do not trust it
                self._loaded = {}
                return CachedWork.nothing(), [self.discarded(UntrustedCache(f"unreadable ({type(error).__name__})",
                                                                            self._path(part, 0)))]
        self._reset = False
        self._bodies = _LazyShards(self._paths(_LAZY), merged["summaries"])
        return CachedWork(**(merged | {_LAZY: self._bodies})), []

    def _read_all(self) -> dict[str, dict[int, io.BytesIO]] | None:
        """Every eagerly read file's checked payload; None if there is no cache yet."""
        payloads: dict[str, dict[int, io.BytesIO]] = {part: {} for part in _PARTS if part != _LAZY}
        found = False
        for part in payloads:
            for index, path in self._paths(part).items():
                try:
                    data = path.read_bytes()
                except FileNotFoundError:
                    continue
                found = True
                try:
                    payloads[part][index] = _payload_of(data)
                except UntrustedCache as untrusted:
                    raise UntrustedCache(untrusted.reason, path) from None
        return payloads if found else None

    def save(self, work: CachedWork, live_html: Iterable[str]) -> list[ContentError]:
        """Write the parts that changed. `work.summaries` and `work.bodies` hold the Markdown converted this
        run; `live_html` names the Markdown (by `markdown_digest`) whose HTML is worth keeping.

        Each file is replaced atomically, so a reader sees an old or a new file, never half of one. A save
        only saves the next build time: if the cache cannot be written, the warning returned says so.
        """
        try:
            self._begin()
            pending: list[tuple[str, Path, dict]] = []
            for part in _PARTS:
                if part not in ("summaries", _LAZY):
                    pending += self._changed_shards(part, getattr(work, part))
            pending += self._changed_html(work.summaries, work.bodies, set(live_html))
            # A first save writes every shard: pickle them on every core (an edit's few stay in this process).
            parallel_map(self._write, pending, min_items=PARALLEL_WRITES)
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
        self._remove_abandoned_files()

    def _remove_unknown_files(self) -> None:
        """Delete cache files no part of this version uses (another version's layout), so they do not pile up."""
        known = {path.name for part in _PARTS for path in self._paths(part).values()}
        for path in [*self.directory.glob("*.pickle"), *self.directory.glob("*.marshal")]:
            if path.name not in known:
                path.unlink(missing_ok=True)

    def _remove_abandoned_files(self) -> None:
        """Delete the temporary files of saves that never finished (a build killed while it saved): each is
        named after the process writing it, and that process is gone. Another build's save, still running,
        keeps its own."""
        for path in self.directory.glob(f"{_TEMP_PREFIX}*"):
            writer = path.name[len(_TEMP_PREFIX):].split("-")[0]
            if writer.isdecimal() and not _running(int(writer)):
                path.unlink(missing_ok=True)

    def _changed_shards(self, part: str, entries: Mapping[str, Any]) -> list[tuple[str, Path, dict]]:
        count = _PARTS[part]
        if count == 1:
            shards = {0: dict(entries)}
        else:
            shards = {index: {} for index in range(count)}
            prefixes = _PREFIXES  # `_shard`, inlined: an edit's save shards every key
            for key, value in entries.items():
                shards[prefixes.get(key[:2], 0) % count][key] = value
        loaded = self._loaded.get(part, {})
        return [(part, self._path(part, index), shard) for index, shard in shards.items()
                if self._reset or shard != loaded.get(index, {})]

    def _changed_html(self, summaries: Mapping[str, str], bodies: Mapping[str, str],
                      live: set[str]) -> list[tuple[str, Path, dict]]:
        # Body shards with nothing new are left alone (bodies of edited-away records stay until the shard changes).
        fresh: dict[int, dict[str, str]] = {}
        for key, value in bodies.items():
            if key in live:
                fresh.setdefault(_shard(key, _PARTS[_LAZY]), {})[key] = value
        pending = []
        for index in range(_PARTS[_LAZY]) if self._reset else sorted(fresh):
            kept = {key: value for key, value in self._bodies.shard(index).items() if key in live}
            pending.append((_LAZY, self._path(_LAZY, index), kept | fresh.get(index, {})))
        # A summary stands for its body in the shards: both are saved, or neither.
        known = {key: value for key, value in self._bodies.keys.items() if key in live}
        return pending + self._changed_shards("summaries", known | {key: value for key, value in summaries.items()
                                                                     if key in live})

    def _write(self, pending: tuple[str, Path, dict]) -> None:
        part, path, value = pending
        payload = _dumps(part, value)
        descriptor, temporary = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-", dir=self.directory)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(_framed(payload))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def late_warnings(self) -> list[ContentError]:
        """Damage found in the parts read during the build (their work was redone)."""
        return [self.discarded(untrusted) for untrusted in self._bodies.damaged]

    def discarded(self, untrusted: UntrustedCache) -> ContentError:
        """The warning that says a cache (or one file of it) was not used."""
        return ContentError(display_path(untrusted.path or self.directory), None,
                            f"the build cache is {untrusted.reason}; it was discarded and will be rebuilt", warning=True)

    def _unwritable(self, error: OSError) -> ContentError:
        # `mkdir(exist_ok=True)` says "File exists" of a file, or a symlink to nowhere, where the directory should be.
        reason = "exists and is not a directory" if isinstance(error, FileExistsError) else error.strerror or error
        return self._warning(f"cannot write the build cache ({reason}); the next build will "
                             "redo the work this one could not save")

    def _warning(self, message: str) -> ContentError:
        return ContentError(display_path(self.directory), None, message, warning=True)
