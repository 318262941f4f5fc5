"""Listing the files of an input directory (content, static files, templates) without leaving it.

A repository can hold symbolic links, and a pull request can add one anywhere:
followed blindly, `static/passwd -> /etc/passwd` would be published and
`templates/partials -> /home/deploy` rendered. A link is followed only if
what it points to, every link along the way resolved, stays inside the same
input directory; any other link, and one that points at nothing, is a
`ContentError` that stops the build.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .errors import ContentError
from .records import display_path


def _everything(_name: str) -> bool:
    return True


def inside(path: str, root: str) -> bool:
    """Whether the real (link-resolved) `path` is `root` (a real path) or under it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def link_problem(path: str | os.PathLike, root: str | os.PathLike) -> ContentError | None:
    """The error for `path` (under `root`) if it is, or goes through, a link that leaves `root` or points at
    nothing; None if it stays inside."""
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    if not inside(real, real_root):
        return ContentError(display_path(Path(path)), None,
                            f"a symbolic link to {real}, outside {display_path(Path(root))}/: only links that stay "
                            "inside it are followed; copy what it points to in instead")
    if not os.path.exists(real):
        return ContentError(display_path(Path(path)), None, f"a symbolic link to {real}, which does not exist")
    return None


def files_under(root: Path, start: Path | None = None, *, dirs: Callable[[str], bool] = _everything,
                files: Callable[[str], bool] = _everything) -> tuple[list[str], list[ContentError]]:
    """The files under `start` (default: `root`) whose names `files` keeps, in directories whose names `dirs`
    keeps, as paths through `start` (unsorted); and an error for each link that leaves `root` or dangles.

    Links that stay inside `root` are followed, each real directory walked once (a link to a parent
    directory does not loop).
    """
    start = root if start is None else start
    real_root = os.path.realpath(root)
    found: list[str] = []
    problems: list[ContentError] = []
    if not os.path.isdir(start) and not os.path.islink(start):
        return found, problems
    if os.path.islink(start) or not inside(os.path.realpath(start), real_root):
        problem = link_problem(start, root)
        if problem is not None:
            return found, [problem]
    walked: set[str] = set()
    waiting = [str(start)]
    while waiting:
        top = waiting.pop()
        real_top = os.path.realpath(top)
        if real_top in walked:
            continue
        walked.add(real_top)
        directories = [top]
        while directories:
            directory = directories.pop()
            try:
                entries = os.scandir(directory)
            except OSError:
                continue  # unreadable, or gone since it was listed: like os.walk, skipped
            with entries:
                for entry in entries:  # scandir knows a link without a system call per file (most files are not)
                    if entry.is_file(follow_symlinks=False):
                        if files(entry.name):
                            found.append(entry.path)
                    elif entry.is_symlink():
                        if not (dirs if entry.is_dir() else files)(entry.name):
                            continue
                        problem = link_problem(entry.path, root)
                        if problem is not None:
                            problems.append(problem)
                        elif entry.is_dir():
                            waiting.append(entry.path)  # walked on its own, once per real directory
                        else:
                            found.append(entry.path)
                    elif entry.is_dir(follow_symlinks=False) and dirs(entry.name):
                        directories.append(entry.path)
    return found, problems
