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

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class OutputState:
    """What a build wrote: the live directory's manifest and the standby copy's."""

    live: Manifest = field(default_factory=dict)
    standby: Manifest = field(default_factory=dict)


def standby_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.standby"


def _stamp(path: Path) -> Stamp | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else None


class IncrementalWriter:
    """Writes a site into `out_dir` atomically, reusing the files it already has.

    `has` tells the renderer which pages need not be rendered again; `write`
    then needs bytes only for the others.
    """

    def __init__(self, out_dir: Path, state: OutputState | None = None):
        self.out_dir = out_dir.resolve()
        self.standby = standby_path(self.out_dir)
        self.state = state or OutputState()
        if not self.standby.is_dir() or self.standby.is_symlink():
            self.state.standby = {}

    def has(self, output: str, fingerprint: str) -> bool:
        """Whether the live site or the standby copy holds `output` with this fingerprint."""
        return self._holds(self.state.live, self.out_dir, output, fingerprint) or \
            self._holds(self.state.standby, self.standby, output, fingerprint)

    @staticmethod
    def _holds(manifest: Manifest, root: Path, output: str, fingerprint: str) -> bool:
        entry = manifest.get(output)
        return entry is not None and entry[0] == fingerprint and _stamp(root / output) == entry[1]

    def write(self, files: Mapping[str, bytes], fingerprints: Mapping[str, str]) -> OutputState:
        """Make `out_dir` hold every output in `fingerprints`, taking bytes from `files` or existing copies."""
        _remove_leftovers(self.out_dir)
        if self.state.standby or (self.standby.is_dir() and not self.standby.is_symlink()):
            tree, manifest = self.standby, self.state.standby
        else:
            tree, manifest = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{self.out_dir.name}-", dir=self.out_dir.parent)), {}
        written = self._update(tree, manifest, files, fingerprints)
        os.chmod(tree, 0o755)
        existed = self.out_dir.exists()
        _swap_in(tree, self.out_dir)
        if tree != self.standby and existed:
            os.rename(tree, self.standby)
        return OutputState(live=written, standby=self.state.live if existed else {})

    def _update(self, tree: Path, manifest: Manifest, files: Mapping[str, bytes],
                fingerprints: Mapping[str, str]) -> Manifest:
        present = _files_under(tree)
        for stray in sorted(present - fingerprints.keys()):
            os.unlink(tree / stray)
            _remove_empty_parents(tree / stray, tree)
        result: Manifest = {}
        for output, fingerprint in sorted(fingerprints.items()):
            target = tree / output
            entry = manifest.get(output)
            if output in present and entry is not None and entry[0] == fingerprint and _stamp(target) == entry[1]:
                result[output] = entry
                continue
            if output in present or target.is_symlink():
                os.unlink(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            if self._holds(self.state.live, self.out_dir, output, fingerprint):
                os.link(self.out_dir / output, target)  # unchanged since the last build: share the live copy
            else:
                target.write_bytes(files[output])
            result[output] = (fingerprint, _stamp(target))
        return result


def _files_under(root: Path) -> set[str]:
    found = set()
    for directory, dirs, names in os.walk(root):
        relative = os.path.relpath(directory, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
        found.update(prefix + name for name in dirs if os.path.islink(os.path.join(directory, name)))
    return found


def _remove_empty_parents(path: Path, root: Path) -> None:
    parent = path.parent
    while parent != root:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


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
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
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
