"""Where a project's content files are, how they are listed, and their stat signatures.

Kept apart from `content` (which parses them) so that a build's survey
helper can list and stat the files without importing the parsers.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the default home of the content, templates and output
SITE_FILE = "site.yml"
EVENTS_DIR = "events"
LEADERS_DIR = "leaders"

Signature = tuple[int, int, int, int]  # modification time, size, inode, change time


def file_signature(path: str) -> Signature | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)


def markdown_files(directory: os.PathLike | str) -> list[str]:
    """The `.md` files under `directory`, sorted, skipping hidden and `_`-prefixed names."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [name for name in dirs if not name.startswith((".", "_"))]
        found += [os.path.join(root, name) for name in files if name.endswith(".md") and not name.startswith((".", "_"))]
    return sorted(found, key=lambda path: path.replace(os.sep, "\0"))  # part by part, like Path
