"""The preview's watcher: a thread that hands each burst of saves to a single rebuild.

livereload's own watcher polls every 800 ms and drops any change within 3 s
of the previous reload; this one (watchfiles, inotify-based) coalesces a
burst of changes into one rebuild, and changes that arrive during a rebuild
form the next burst, so the last save is always built and shown. Editors'
swap, backup and lock files are not changes to the site.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from ..pipeline import Project
from .model import Preview


def watched_paths(project: Project) -> list[Path]:
    """The input directories that exist: content, templates, static files, message catalogs."""
    return [path for path in (project.content_dir, project.templates_dir, project.static_dir,
                              project.translations_dir) if path.exists()]


def watch(project: Project, preview: Preview, rebuilt: Callable[[str], None], stop: threading.Event,
          ready: threading.Event) -> None:
    """Rebuild `preview` after each burst of changes and pass what to reload to `rebuilt`, until `stop` is set;
    set `ready` once the watches are in place."""
    # With yield_on_timeout, the first (empty) batch arrives once the watches are in place.
    batches = watchfiles.watch(*watched_paths(project), stop_event=stop, debounce=400, step=5, rust_timeout=100,
                               yield_on_timeout=True, raise_interrupt=False, watch_filter=not_an_editor_file)
    for changes in batches:
        ready.set()
        if changes:
            rebuilt(preview.rebuild(Path(path) for _, path in changes))


_DEFAULT_FILTER = watchfiles.DefaultFilter()


def not_an_editor_file(change: watchfiles.Change, path: str) -> bool:
    """False for swap, backup and hidden temporary files (`.x.swp`, `x~`, `#x#`, `.#x`) and what watchfiles
    skips by default (`.git`, `__pycache__`, …)."""
    name = Path(path).name
    return _DEFAULT_FILTER(change, path) and not name.startswith((".", "#")) and not name.endswith(("~", "#"))
