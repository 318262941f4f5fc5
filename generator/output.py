"""Write a whole site atomically: into a directory beside the target, then swap the two.

Readers of the output directory (a web server, a deploy step) see either
the previous site or the new one, never a mix, even if the build is killed.

With a build cache, the directory swapped out is kept beside the output as a
"standby" copy (`.NAME.standby`). The next build brings the standby up to date,
writing only the files that differ from it (and hard-linking those the live
site already has right), then swaps again: only changed files are written.
Files are never modified in place, only replaced, so a hard link shared by
both copies is safe, and a file's stamp (inode, size, modification time)
tells which content it holds.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_TEMP_PREFIX = ".tmp-"


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


def write_site(files: Mapping[str, bytes], out_dir: Path) -> None:
    """Replace `out_dir` with exactly `files` (output path -> bytes), atomically."""
    out_dir = out_dir.resolve()
    _remove_leftovers(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{out_dir.name}-", dir=out_dir.parent))
    try:
        _write_tree(files, staging)
        os.chmod(staging, 0o755)
        _swap_in(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


Stamp = tuple[int, int, int]  # inode, size, modification time
Manifest = dict[str, tuple[str, Stamp]]  # output path -> (fingerprint of its content, stamp of the file)


class HeldFile(NamedTuple):
    """A file of the output held open, its stamp checked, for a new version to copy runs of bytes from."""

    path: str
    descriptor: int
    stamp: Stamp


class Spliced(NamedTuple):
    """A file made of new bytes and of runs of a held earlier version, copied by the kernel when written
    (a rebuild's data files: ~10 MB at 4,000 events, of which an edit changes a few KB)."""

    source: HeldFile
    parts: tuple[bytes | tuple[int, int], ...]  # bytes, or (offset, length) of a run of the source


class Tree:
    """What a build wrote into one directory tree: each file's fingerprint and stamp, each directory's mtime.

    A directory's mtime changes whenever an entry is added to or removed from
    it, so an unchanged mtime means no stray file to look for there.
    """

    def __init__(self, files: Manifest | None = None, dirs: dict[str, int] | None = None):
        self.files: Manifest = files if files is not None else {}
        self.dirs: dict[str, int] = dirs if dirs is not None else {}  # "" is the root


class OutputState:
    """What the last build left: the live directory and the standby copy beside it."""

    def __init__(self, live: Tree | None = None, standby: Tree | None = None):
        self.live = live if live is not None else Tree()
        self.standby = standby if standby is not None else Tree()

    def plain(self) -> tuple:
        """The state as plain values (tuples, dicts, strings, numbers), for the build cache."""
        return (self.live.files, self.live.dirs), (self.standby.files, self.standby.dirs)

    @classmethod
    def from_plain(cls, plain: tuple) -> OutputState:
        """The state `plain()` gave; TypeError or ValueError if `plain` is not such a value."""
        (live_files, live_dirs), (standby_files, standby_dirs) = plain
        if not all(isinstance(part, dict) for part in (live_files, live_dirs, standby_files, standby_dirs)):
            raise TypeError("an output manifest is not a dict")
        return cls(Tree(live_files, live_dirs), Tree(standby_files, standby_dirs))


class TreeSurvey(NamedTuple):
    """Stamps and directory mtimes of a tree, found ahead of time (see `survey`); each used once."""

    root: str  # the tree, as a resolved path ("": nothing surveyed)
    stamps: dict[str, Stamp | None]  # of its files, by output path
    mtimes: dict[str, int | None]  # of its directories, by output path ("" the root)

    @classmethod
    def nothing(cls) -> TreeSurvey:
        return cls("", {}, {})

    def stamp(self, root: str, output: str) -> Stamp | None:
        found = self.stamps.pop(output, _UNSURVEYED)
        return file_stamp(f"{root}/{output}") if found is _UNSURVEYED else found

    def mtime(self, root: str, directory: str) -> int | None:
        found = self.mtimes.pop(directory, _UNSURVEYED)
        return directory_mtime(f"{root}/{directory}") if found is _UNSURVEYED else found


_UNSURVEYED = object()


def standby_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.standby"


def file_stamp(path: str) -> Stamp | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return _stamp_of(info) if stat.S_ISREG(info.st_mode) else None


def _stamp_of(info: os.stat_result) -> Stamp:
    return info.st_ino, info.st_size, info.st_mtime_ns


def _hold_if_stamped(path: str, stamp: Stamp) -> HeldFile | None:
    """The file opened, if it is still the file `stamp` describes (`_write_spliced` checks again after copying)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if _stamp_of(os.fstat(descriptor)) == stamp:
            return HeldFile(path, descriptor, stamp)
    except OSError:
        pass
    os.close(descriptor)
    return None


def _write_spliced(target: int, spliced: Spliced) -> None:
    source = spliced.source
    for part in spliced.parts:
        if isinstance(part, bytes):
            _write_all(target, part)
        elif not _copy_run(source.descriptor, target, *part):
            break
    # Checked after copying too: a file changed in place (same inode) would have lent changed bytes.
    if _stamp_of(os.fstat(source.descriptor)) != source.stamp:
        raise OSError(errno.ESTALE, "changed while the site was being built; build again", source.path)


def _copy_run(source: int, target: int, offset: int, length: int) -> bool:
    """Append `length` bytes of `source` from `offset` to `target`, in the kernel without reading them
    here; False if `source` ends first."""
    end = offset + length
    while offset < end:
        try:
            copied = os.copy_file_range(source, target, end - offset, offset)
        except OSError as error:
            if error.errno not in (errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                raise
            copied = _write_all(target, os.pread(source, end - offset, offset))  # a file system without it
        if copied == 0:
            return False
        offset += copied
    return True


def _write_all(descriptor: int, data: bytes) -> int:
    unwritten = memoryview(data)
    while unwritten:
        unwritten = unwritten[os.write(descriptor, unwritten):]
    return len(data)


def directory_mtime(path: str) -> int | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_mtime_ns if stat.S_ISDIR(info.st_mode) else None


class IncrementalWriter:
    """Writes a site into `out_dir` atomically, reusing the files it already has.

    The tree being made (the standby copy, or a fresh directory) is chosen
    when the writer is made: `has` tells the renderer which pages need not be
    rendered again, `put` writes a page into the tree (from any process), and
    `write` adds the other files and swaps the tree in. Use it in a `with`
    block, so that a fresh tree a failed build leaves is removed.
    """

    def __init__(self, out_dir: Path, state: OutputState | None = None, survey: TreeSurvey | None = None):
        self.out_dir = out_dir.resolve()
        self.standby = standby_path(self.out_dir)
        self.state = state or OutputState()
        _remove_leftovers(self.out_dir)
        self.fresh = not self.standby.is_dir() or self.standby.is_symlink()
        if self.fresh:
            self.state.standby = Tree()
            self.tree = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{self.out_dir.name}-", dir=self.out_dir.parent))
        else:
            self.tree = self.standby
        self._live_root, self._root = str(self.out_dir), str(self.tree)
        self._survey = survey if survey is not None and survey.root == self._root else TreeSurvey.nothing()
        self._standby_current: dict[str, bool] = {}  # output -> whether the standby copy is current
        self._made: set[str] = set()  # directories known to exist in the tree
        self._held: list[HeldFile] = []  # files opened for new versions to copy from (see `held`)
        # Before any page is put: a stray file could stand where a page's directory must go.
        self._touched = set() if self.fresh else _remove_strays(self._root, self.state.standby, self._survey)

    def __enter__(self) -> IncrementalWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._let_go()
        if self.fresh and self.tree.exists():
            shutil.rmtree(self.tree, ignore_errors=True)  # the build failed before the swap

    def _let_go(self) -> None:
        for held in self._held:
            os.close(held.descriptor)
        self._held = []

    def has(self, output: str, fingerprint: str) -> bool:
        """Whether the standby copy or the live site holds `output` with this fingerprint."""
        return self._in_standby(output, fingerprint) or self._in_live(output, fingerprint)

    def _in_standby(self, output: str, fingerprint: str) -> bool:
        current = self._standby_current.get(output)
        if current is None:
            entry = self.state.standby.files.get(output)
            current = entry is not None and entry[0] == fingerprint and \
                self._survey.stamp(self._root, output) == entry[1]
            self._standby_current[output] = current
        return current

    def _in_live(self, output: str, fingerprint: str) -> bool:
        entry = self.state.live.files.get(output)
        return entry is not None and entry[0] == fingerprint and file_stamp(f"{self._live_root}/{output}") == entry[1]

    def held(self, output: str, fingerprint: str) -> HeldFile | None:
        """The copy of `output` with this fingerprint that the live site or the standby copy holds, opened
        (if it is still the file the last build wrote) for a new version to copy from until `write` ends."""
        for root, tree in ((self._live_root, self.state.live), (self._root, self.state.standby)):
            entry = tree.files.get(output)
            if entry is not None and entry[0] == fingerprint:
                held = _hold_if_stamped(f"{root}/{output}", entry[1])
                if held is not None:
                    self._held.append(held)
                    return held
        return None

    def put(self, output: str, data: bytes | Spliced) -> Stamp:
        """Write one file into the tree and return its stamp; safe to call from forked workers."""
        target = self._replaceable(output)
        # A descriptor rather than a file object, and the stamp of the open file: fewer system calls a page.
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            if isinstance(data, Spliced):
                _write_spliced(descriptor, data)
            else:
                _write_all(descriptor, data)
            return _stamp_of(os.fstat(descriptor))
        finally:
            os.close(descriptor)

    def _link(self, output: str) -> Stamp:
        """Share the live site's copy of `output` (unchanged since the last build) with the tree."""
        target = self._replaceable(output)
        os.link(f"{self._live_root}/{output}", target)
        return file_stamp(target)

    def _replaceable(self, output: str) -> str:
        """The path of `output` in the tree, with its directory made and any old copy removed."""
        target = f"{self._root}/{output}"
        manifest = self.state.standby
        if not self.fresh and (output in manifest.files or not manifest.dirs):
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

    def write(self, files: Mapping[str, bytes | Spliced], fingerprints: Mapping[str, str],
              put: Mapping[str, Stamp] | None = None) -> OutputState:
        """Make `out_dir` hold every output in `fingerprints`: those `put` already, the others from
        `files` or existing copies."""
        written = self._update(files, fingerprints, put or {})
        self._let_go()
        os.chmod(self.tree, 0o755)
        existed = self.out_dir.exists()
        _swap_in(self.tree, self.out_dir)
        if self.fresh and existed:
            os.rename(self.tree, self.standby)
        return OutputState(live=written, standby=self.state.live if existed else Tree())

    def _update(self, files: Mapping[str, bytes | Spliced], fingerprints: Mapping[str, str], put: Mapping[str, Stamp]) -> Tree:
        root, manifest, touched = self._root, self.state.standby, self._touched
        for output in manifest.files.keys() - fingerprints.keys():
            touched.update(_remove(root, output))
        self._made.clear()  # removing files may have removed their directories
        result: dict[str, tuple[str, Stamp]] = {}
        for output, fingerprint in fingerprints.items():
            stamp = put.get(output)
            if stamp is None:
                if self._in_standby(output, fingerprint):
                    result[output] = manifest.files[output]
                    continue
                stamp = self._link(output) if self._in_live(output, fingerprint) else self.put(output, files[output])
            result[output] = (fingerprint, stamp)
            touched.update(_parents(output))
        dirs = {}
        # The same files make the same directories (those of the last build, listed in order).
        same = manifest.dirs and result.keys() == manifest.files.keys()
        for directory in manifest.dirs if same else sorted({parent for output in result for parent in _parents(output)}):
            known = manifest.dirs.get(directory)
            dirs[directory] = known if known is not None and directory not in touched else \
                directory_mtime(f"{root}/{directory}")
        return Tree(result, dirs)


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


def _remove_strays(root: str, manifest: Tree, survey: TreeSurvey) -> set[str]:
    """Delete what the last build did not put in the tree; return the directories touched.

    Only directories whose mtime moved since the last build are looked into
    (all of them if the tree is unknown).
    """
    if manifest.dirs:
        dirty = [directory for directory, mtime in manifest.dirs.items()
                 if survey.mtime(root, directory) != mtime]
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


def _write_tree(files: Mapping[str, bytes], root: Path) -> None:
    made: set[Path] = set()
    for relative, data in sorted(files.items()):
        target = root / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)


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
