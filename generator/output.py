"""The write stage: where a build's files go. One small interface, `Target`, and two implementations.

`DirectoryTarget` writes a site into a directory atomically: into a tree beside
it, then swapped in with one exchange, so readers of the output directory (a web
server, a deploy step) see the previous site or the new one, never a mix, even
if the build is killed. With a build cache it keeps the tree swapped out as a
"standby" copy (`.NAME.standby`) and the next build brings that copy up to date,
writing only the files that changed (and hard-linking those the live site has
right) before swapping again. Files are never modified in place, only
replaced, so a hard link shared by both copies is safe, and a file's stamp
(inode, size, modification time) tells which content it holds.

`MemoryTarget` keeps the files in memory, for the preview and for tests.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple, Protocol

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_TEMP_PREFIX = ".tmp-"


class Target(Protocol):
    """Where a build puts its files. A file is known by its output path and a fingerprint of what it shows."""

    def has(self, output: str, fingerprint: str) -> bool:
        """Whether the target holds `output` with this fingerprint already (so it need not be made)."""

    def put(self, output: str, fingerprint: str, data: bytes) -> None:
        """Take the new version of one file."""

    def previous(self, output: str, fingerprint: str) -> bytes | None:
        """The bytes of the version of `output` with this fingerprint, if the target still holds it."""

    def commit(self, fingerprints: Mapping[str, str]) -> None:
        """Make the site exactly the files in `fingerprints`: those put, and those it `has`."""

    def writer(self) -> Callable[[str, bytes], None] | None:
        """A function that writes a file's new version from any process (forked workers that render pages,
        so that their bytes need not travel back), each then named to `written`; None if there is none."""

    def written(self, output: str, fingerprint: str) -> None:
        """Take note that `writer` wrote this version of `output`."""


class Version(NamedTuple):
    """One version of a file: what it shows, and its bytes."""

    fingerprint: str
    data: bytes


class MemoryTarget:
    """A site kept in memory."""

    def __init__(self) -> None:
        self.files: dict[str, Version] = {}  # by output path

    def has(self, output: str, fingerprint: str) -> bool:
        kept = self.files.get(output)
        return kept is not None and kept.fingerprint == fingerprint

    def put(self, output: str, fingerprint: str, data: bytes) -> None:
        self.files[output] = Version(fingerprint, data)

    def previous(self, output: str, fingerprint: str) -> bytes | None:
        return self.files[output].data if self.has(output, fingerprint) else None

    def commit(self, fingerprints: Mapping[str, str]) -> None:
        missing = [output for output, fingerprint in fingerprints.items() if not self.has(output, fingerprint)]
        if missing:
            raise RuntimeError(f"{len(missing)} files were neither put nor at hand, e.g. {missing[0]}")
        self.files = {output: self.files[output] for output in fingerprints}

    def writer(self) -> None:
        return None  # memory is each process's own

    def written(self, output: str, fingerprint: str) -> None:
        raise RuntimeError("a memory target has no writer")

    def bytes_of(self, output: str) -> bytes:
        return self.files[output].data


class OutputLocked(Exception):
    """Another build is writing the same output directory."""


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock for `out_dir`, refusing at once if another build holds it."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(f"{out_dir}: another build is writing this directory; try again when it ends") from None
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


class Stamp(NamedTuple):
    """What identifies one version of a file on disk: it is replaced, never modified, so a new version has a
    new inode."""

    inode: int
    size: int
    mtime_ns: int


class Written(NamedTuple):
    """A file as a build left it in a tree."""

    fingerprint: str
    stamp: Stamp


class Tree:
    """What a build wrote into one directory tree: each file's fingerprint and stamp, each directory's mtime.

    A directory's mtime changes whenever an entry is added to or removed from
    it, so an unchanged mtime means no stray file to look for there.
    """

    def __init__(self, files: dict[str, Written] | None = None, dirs: dict[str, int] | None = None):
        self.files: dict[str, Written] = files if files is not None else {}
        self.dirs: dict[str, int] = dirs if dirs is not None else {}  # "" is the root


class OutputState:
    """What the last build left: the live directory and the standby copy beside it."""

    def __init__(self, live: Tree | None = None, standby: Tree | None = None):
        self.live = live if live is not None else Tree()
        self.standby = standby if standby is not None else Tree()

    def plain(self) -> tuple:
        """The state as plain values (tuples, dicts, strings, numbers), for the build cache."""
        return tuple(({output: (file.fingerprint, tuple(file.stamp)) for output, file in tree.files.items()}, tree.dirs)
                     for tree in (self.live, self.standby))

    @classmethod
    def from_plain(cls, plain: tuple) -> OutputState:
        """The state `plain()` gave; TypeError or ValueError if `plain` is not such a value."""
        trees = []
        for files, dirs in plain:
            if not isinstance(files, dict) or not isinstance(dirs, dict):
                raise TypeError("an output manifest is not a dict")
            trees.append(Tree({output: Written(fingerprint, Stamp(*stamp)) for output, (fingerprint, stamp) in files.items()},
                              dirs))
        live, standby = trees
        return cls(live, standby)


def standby_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.standby"


def file_stamp(path: str) -> Stamp | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return _stamp_of(info) if stat.S_ISREG(info.st_mode) else None


def _stamp_of(info: os.stat_result) -> Stamp:
    return Stamp(info.st_ino, info.st_size, info.st_mtime_ns)


def directory_mtime(path: str) -> int | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_mtime_ns if stat.S_ISDIR(info.st_mode) else None


class DirectoryTarget:
    """A site written into `out_dir` atomically, reusing the files it already has (see the module's docstring).

    Use it in a `with` block: it holds `output_lock(out_dir)` throughout and,
    if the build fails before `commit`, removes what it wrote, leaving the
    output as it was. Nothing on disk changes before the first `put` or `commit`.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir.resolve()
        self.key = str(self.out_dir)  # how the build cache knows this output
        self._live, self._standby = str(self.out_dir), str(standby_path(self.out_dir))  # as strings: asked per file
        self.keeps_standby = False
        self.state = OutputState()
        self._lock = output_lock(self.out_dir)
        self._fresh = True  # writing into a new directory rather than the standby copy
        self._tree: str | None = None  # where this build writes, once it starts writing
        self._put: dict[str, Written] = {}
        # Whether each file of the standby copy and of the live site is still the one the last build left.
        self._standby_unchanged: dict[str, bool] = {}
        self._live_unchanged: dict[str, bool] = {}
        self._made: set[str] = set()  # directories known to exist in the tree
        self._touched: set[str] = set()  # directories whose entries this build changed

    def start(self, state: OutputState | None) -> None:
        """Say what the last build left (from the build cache), or None to know nothing: a build from
        scratch, which keeps no standby copy. Call it once, holding the lock, before anything else."""
        self.keeps_standby = state is not None
        self.state = state if state is not None else OutputState()
        standby = standby_path(self.out_dir)
        # Write into the standby copy if there is one to trust, else into a fresh directory.
        self._fresh = not self.keeps_standby or not standby.is_dir() or standby.is_symlink()
        if self._fresh:
            self.state.standby = Tree()

    def __enter__(self) -> DirectoryTarget:
        self._lock.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._tree is not None and self._fresh:
                shutil.rmtree(self._tree, ignore_errors=True)  # the build failed before the swap
        finally:
            self._lock.__exit__(None, None, None)

    def has(self, output: str, fingerprint: str) -> bool:
        return self._in_standby(output, fingerprint) or self._in_live(output, fingerprint)

    def _in_standby(self, output: str, fingerprint: str) -> bool:
        if self._fresh:
            return False
        known = self.state.standby.files.get(output)
        return known is not None and known.fingerprint == fingerprint and \
            self._as_left(self._standby, output, known.stamp, self._standby_unchanged)

    def _in_live(self, output: str, fingerprint: str) -> bool:
        known = self.state.live.files.get(output)
        return known is not None and known.fingerprint == fingerprint and \
            self._as_left(self._live, output, known.stamp, self._live_unchanged)

    @staticmethod
    def _as_left(root: str, output: str, stamp: Stamp, asked: dict[str, bool]) -> bool:
        """Whether the file is still the one the last build left (asked of the file system once a build)."""
        unchanged = asked.get(output)
        if unchanged is None:
            unchanged = asked[output] = file_stamp(f"{root}/{output}") == stamp
        return unchanged

    def previous(self, output: str, fingerprint: str) -> bytes | None:
        for root, tree in ((self._live, self.state.live), (self._standby, self.state.standby)):
            known = tree.files.get(output)
            if known is not None and known.fingerprint == fingerprint:
                data = _read_if_stamped(f"{root}/{output}", known.stamp)
                if data is not None:
                    return data
        return None

    def put(self, output: str, fingerprint: str, data: bytes) -> None:
        self._put[output] = Written(fingerprint, self._write(output, data))

    def writer(self) -> Callable[[str, bytes], None]:
        self._prepared_tree()  # here, before workers are forked: each would make its own
        return self._write

    def written(self, output: str, fingerprint: str) -> None:
        stamp = file_stamp(f"{self._tree}/{output}")
        if stamp is None:
            raise FileNotFoundError(errno.ENOENT, "written, but not there", f"{self._tree}/{output}")
        self._put[output] = Written(fingerprint, stamp)

    def _write(self, output: str, data: bytes) -> Stamp:
        """Write one file into the tree (from any process) and return its stamp."""
        target = self._replaceable(output)
        # A descriptor rather than a file object, and the stamp of the open file: fewer system calls a page.
        try:
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        except IsADirectoryError:  # a stray directory stands where the file goes
            shutil.rmtree(target)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            unwritten = memoryview(data)
            while unwritten:
                unwritten = unwritten[os.write(descriptor, unwritten):]
            return _stamp_of(os.fstat(descriptor))
        finally:
            os.close(descriptor)

    def commit(self, fingerprints: Mapping[str, str]) -> None:
        if not self._put and self._live_is_exactly(fingerprints):
            return  # nothing to change: the live site is left as it is, and no second tree need be made
        tree = self._prepared_tree()
        written = self._settle(tree, fingerprints)
        os.chmod(tree, 0o755)
        existed = os.path.lexists(self._live)
        _swap_in(Path(tree), self.out_dir)
        if self._fresh and existed:
            if self.keeps_standby:
                os.rename(tree, self._standby)
            else:
                shutil.rmtree(tree, ignore_errors=True)  # the old site, which nothing will know again
        self._tree, self._fresh = None, False  # nothing of this build's to remove any more
        self.state = OutputState(live=written, standby=self.state.live if existed and self.keeps_standby else Tree())

    def _live_is_exactly(self, fingerprints: Mapping[str, str]) -> bool:
        """Whether the live site holds exactly these files, as the last build left them, and nothing else (no
        directory of it changed since)."""
        live = self.state.live
        return bool(live.dirs) and live.files.keys() == fingerprints.keys() and \
            all(self._in_live(output, fingerprint) for output, fingerprint in fingerprints.items()) and \
            all(directory_mtime(f"{self._live}/{directory}") == mtime for directory, mtime in live.dirs.items())

    def _prepared_tree(self) -> str:
        """The tree this build writes into, made ready on first use: leftovers of killed builds removed, and
        (in the standby copy) whatever the last build did not put there."""
        if self._tree is None:
            _remove_leftovers(self.out_dir)
            if self._fresh:
                self._tree = tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{self.out_dir.name}-", dir=self.out_dir.parent)
            else:
                self._tree = self._standby
                # Before any file is put: a stray file could stand where a page's directory must go.
                self._touched = _remove_strays(self._tree, self.state.standby)
        return self._tree

    def _replaceable(self, output: str) -> str:
        """The path of `output` in the tree, with its directory made and any old copy removed."""
        root = self._prepared_tree()
        target = f"{root}/{output}"
        standby = self.state.standby
        if not self._fresh and (output in standby.files or not standby.dirs):
            _unlink(target)  # never write into a file: it may be shared with the live site
        directory = os.path.dirname(target)
        if directory not in self._made:
            # A cold build makes ~4,250 directories, nearly all in one that exists: one system call each (not
            # `os.makedirs`, which looks at the parent first).
            try:
                os.mkdir(directory)
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(directory, exist_ok=True)
            self._made.add(directory)
        return target

    def _link(self, output: str) -> Stamp:
        """Share the live site's copy of `output` (unchanged since the last build) with the tree."""
        target = self._replaceable(output)
        os.link(f"{self._live}/{output}", target)
        return file_stamp(target)

    def _settle(self, root: str, fingerprints: Mapping[str, str]) -> Tree:
        """Make the tree hold exactly `fingerprints`' files; return what it holds."""
        standby, touched = self.state.standby, self._touched
        for output in standby.files.keys() - fingerprints.keys():
            touched.update(_remove(root, output))
        self._made.clear()  # removing files may have removed their directories
        files: dict[str, Written] = {}
        for output, fingerprint in fingerprints.items():
            written = self._put.get(output)
            if written is None or written.fingerprint != fingerprint:
                if self._in_standby(output, fingerprint):
                    files[output] = standby.files[output]
                    continue
                if not self._in_live(output, fingerprint):
                    raise RuntimeError(f"{output}: neither put nor at hand")
                written = Written(fingerprint, self._link(output))
            files[output] = written
            touched.update(_parents(output))
        dirs = {}
        # The same files make the same directories (those of the last build, listed in order).
        same = standby.dirs and files.keys() == standby.files.keys()
        for directory in standby.dirs if same else sorted({parent for output in files for parent in _parents(output)}):
            known = standby.dirs.get(directory)
            dirs[directory] = known if known is not None and directory not in touched else \
                directory_mtime(f"{root}/{directory}")
        return Tree(files, dirs)


def _read_if_stamped(path: str, stamp: Stamp) -> bytes | None:
    """The file's bytes, if it is still the file `stamp` describes (checked on the open file, after reading:
    a file changed in place keeps its inode)."""
    try:
        with open(path, "rb") as file:
            data = file.read()
            return data if _stamp_of(os.fstat(file.fileno())) == stamp else None
    except OSError:
        return None


def _parents(output: str) -> Iterator[str]:
    """'a/b/c.html' -> 'a/b', 'a', ''."""
    while output:
        output = output.rpartition("/")[0]
        yield output


def _unlink(path: str) -> bool:
    """Delete a file, a symlink or a whole directory at `path`; False if nothing was there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    except IsADirectoryError:
        shutil.rmtree(path)
    return True


def _remove(root: str, output: str) -> set[str]:
    """Delete a file (if there) and the directories it leaves empty; return the directories touched."""
    if not _unlink(f"{root}/{output}"):
        return set()
    touched = set()
    for parent in _parents(output):
        touched.add(parent)
        try:
            if parent:
                os.rmdir(os.path.join(root, parent))
        except OSError:
            break
    return touched


def _remove_strays(root: str, manifest: Tree) -> set[str]:
    """Delete what the last build did not put in the tree; return the directories touched.

    Only directories whose mtime moved since the last build are looked into
    (all of them if the tree is unknown).
    """
    if manifest.dirs:
        dirty = [directory for directory, mtime in manifest.dirs.items()
                 if directory_mtime(f"{root}/{directory}") != mtime]
    else:
        relative = (os.path.relpath(directory, root) for directory, _, _ in os.walk(root))
        dirty = ["" if path == "." else path.replace(os.sep, "/") for path in relative]
    if not dirty:
        return set()
    expected: dict[str, set[str]] = {}
    for output in manifest.files:
        child = output
        for parent in _parents(output):
            expected.setdefault(parent, set()).add(child.rpartition("/")[2])
            child = parent
    touched = set()
    for directory in dirty:
        path = os.path.join(root, directory)
        try:
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name not in expected.get(directory, ()) or (entry.is_symlink() and entry.is_dir()):
                touched.add(directory)
                _unlink(entry.path)
    return touched


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Put `staging` at `out_dir`; afterwards `staging` holds the old site (if any)."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise NotADirectoryError(f"{out_dir} exists and is not a directory")
    if _exchange(staging, out_dir):
        return
    # No atomic exchange on this system: two renames, with a short gap.
    old = staging.with_name(staging.name + "-old")
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    os.rename(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux's renameat2; False where unsupported."""
    import ctypes

    # The symbols the process already has (the C library's among them): finding libc by name would run ldconfig.
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove_leftovers(out_dir: Path) -> None:
    """Delete staging directories a killed build left beside `out_dir`."""
    for leftover in out_dir.parent.glob(f"{_TEMP_PREFIX}{out_dir.name}-*"):
        shutil.rmtree(leftover, ignore_errors=True)
