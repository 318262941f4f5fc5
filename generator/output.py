"""Write a whole site atomically: into a temporary directory beside the target, then swap.

Readers of the output directory (a web server, a deploy step) see either
the previous site or the new one, never a mix, even if the build is killed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
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
