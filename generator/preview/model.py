"""What the preview holds: the pipeline's `Builder`, the site as last planned (or the errors that stopped it),
the pages rendered so far and the number of the build they come from.

The preview only decides what to rebuild and when: loading, planning and
rendering are the pipeline's, and a page is rendered again only when its
fingerprint changed. It knows no HTTP: it answers file keys (paths inside the
site, checked by the server) with a status, a content type and bytes.
"""

from __future__ import annotations

import html
import mimetypes
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from ..errors import OPTIONAL_FIELD_WARNINGS, ContentError, ContentErrors, warning_count_line
from ..output import MemoryTarget
from ..pipeline import Builder, BuildOptions, Project
from ..plan import Plan
from ..records import display_path

Response = tuple[int, str, bytes]  # (status, content type, body)


class Preview:
    """The site as last planned (or the errors that stopped it), served from memory.

    A rebuild loads, checks and plans the site; pages are rendered when a
    browser asks for them and kept until their inputs change, so a save costs
    the same whether the site has ten pages or ten thousand. The watcher's
    thread rebuilds while the server's thread answers requests: one lock keeps
    them from using the builder at once.
    """

    def __init__(self, project: Project, options: BuildOptions, log=print):
        self.project = project
        # No forked workers here: forking a process that runs threads (tornado, the watcher) is unsafe.
        self.builder = Builder(project, options, version_assets=False, parallel=False, watched=True)
        self.pages = MemoryTarget()  # every page rendered so far, kept until its fingerprint changes
        self.plan: Plan | None = None
        self._data: dict[str, bytes] | None = None  # feeds and data files, made when first requested
        self.errors: list[ContentError] = []
        self.log = log
        self.generation = 0
        self._warnings_told: int | None = None  # the warning count last logged
        self._printed: set[ContentError] = set()  # errors the terminal has shown since the last rebuild
        self._lock = threading.Lock()

    def rebuild(self, changed: Iterable[Path] = ()) -> str:
        """Rebuild after `changed`; return what browsers should reload ('*' or a stylesheet path)."""
        with self._lock:
            return self._rebuild(sorted(set(changed)))

    def _rebuild(self, changed: list[Path]) -> str:
        started = time.perf_counter()
        self.builder.files.forget(changed)
        try:
            plan = self.builder.plan(self.builder.index())
            self.builder.renderer.environment()  # a broken template is reported now, not when a page is asked for
        except ContentErrors as failure:
            self.errors = failure.errors
        except Exception as error:  # noqa: BLE001 - the preview must survive any bug and say what happened
            self.errors = [_unexpected(error)]
        else:
            self.errors = []
            self.plan, self._data = plan, None  # reference swaps: a request sees the old site or the new one
        self.generation += 1
        elapsed = (time.perf_counter() - started) * 1000
        for problem in self.errors or self._warnings_to_log(changed):
            self.log(str(problem))
        self._printed = set(self.errors)
        if self.errors:
            self.log(f"{_describe(changed)}build failed in {elapsed:.0f} ms; the open pages show the error")
            return "*"
        self.log(f"{_describe(changed)}rebuilt in {elapsed:.0f} ms")
        return _reload_path(changed, self.project)

    def _warnings_to_log(self, changed: list[Path]) -> list[ContentError | str]:
        """The warnings of the files just saved, one by one (but those about optional fields, which are
        `check`'s), and the count of all of them when it differs from the last one logged."""
        warnings = self.builder.warnings
        saved = {display_path(path) for path in changed}
        lines: list[ContentError | str] = [
            warning for warning in warnings if warning.path in saved and warning.message not in OPTIONAL_FIELD_WARNINGS]
        if len(warnings) != self._warnings_told:
            self._warnings_told = len(warnings)
            lines.append(warning_count_line(len(warnings)) or "0 warnings")
        return lines

    def response(self, key: str | None) -> Response | None:
        """What to answer for the file `key` names inside the site ('' or 'dir/' for an index page; None for a
        path the server refused); None for a redirect to `key + '/'`."""
        return self.served(key)[0]

    def served(self, key: str | None) -> tuple[Response | None, int]:
        """`response(key)`, and the number of the build it comes from."""
        with self._lock:
            return self._response(key), self.generation

    def _response(self, key: str | None) -> Response | None:
        plan = self.plan
        if key is None:
            return self._not_found(key)
        if plan is not None and key not in plan.pages and key not in plan.assets and key + "/index.html" in plan.pages:
            return None
        asked = key
        key = key + "index.html" if key == "" or key.endswith("/") else key
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        if self.errors and content_type == "text/html":
            return 500, "text/html; charset=utf-8", _error_page(self.errors)
        if plan is None:
            return self._not_found(asked)
        if content_type.startswith("text/") or content_type in ("application/javascript", "image/svg+xml"):
            content_type += "; charset=utf-8"
        try:
            body = self._file(plan, key)
        except ContentErrors as failure:
            return self._failed(asked, failure.errors)
        except Exception as error:  # noqa: BLE001 - show a bug in the page rather than drop the request
            return self._failed(asked, [_unexpected(error)])
        return (200, content_type, body) if body is not None else self._not_found(asked)

    def _failed(self, key: str | None, errors: list[ContentError]) -> Response:
        """The error page for a page that failed to render, its errors printed too (each once per build).

        A template can fail only for some pages (an undefined name, a filter
        inside an `if`): the rebuild compiles the templates but renders a page
        only when asked, so such an error is first seen here.
        """
        new = [error for error in errors if error not in self._printed]
        for error in new:
            self.log(str(error))
        if new:
            self.log(f"rendering /{key or ''} failed; the page shows the error")
        self._printed.update(new)
        return 500, "text/html; charset=utf-8", _error_page(errors)

    def _file(self, plan: Plan, key: str) -> bytes | None:
        if key in plan.pages:
            return self.builder.page(plan, key, self.pages)
        if key in plan.assets:
            return plan.assets[key]
        return self._data_files().get(key)

    def _data_files(self) -> dict[str, bytes]:
        data = self._data
        if data is None:
            data = self._data = self.builder.data_files(self.plan) if self.plan else {}
        return data

    def _not_found(self, key: str | None) -> Response:
        plan = self.plan
        if plan is None or "404.html" not in plan.pages:
            return 404, "text/html; charset=utf-8", b"<!doctype html><title>Not found</title>"
        try:
            return 404, "text/html; charset=utf-8", self.builder.page(plan, "404.html", self.pages)
        except ContentErrors as failure:
            return self._failed(key, failure.errors)


def _unexpected(error: Exception) -> ContentError:
    return ContentError("build", None, f"unexpected error: {type(error).__name__}: {error}")


def _describe(changed: list[Path]) -> str:
    if not changed:
        return ""
    shown = ", ".join(display_path(path) for path in changed[:3])
    return f"changed {shown}{f' and {len(changed) - 3} more' if len(changed) > 3 else ''}: "


def _reload_path(changed: list[Path], project: Project) -> str:
    """A stylesheet's URL path if only stylesheets changed (so pages restyle in place), else '*'."""
    static = project.static_dir.resolve()
    paths = [path.resolve() for path in changed]
    if paths and all(path.suffix == ".css" and path.is_relative_to(static) for path in paths):
        return "/" + paths[0].relative_to(static).as_posix()
    return "*"


def _error_page(errors: list[ContentError]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(str(error))}</code></li>" for error in errors)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1f2328;background:#fff}}
h1{{color:#9b1c1c}}code{{white-space:pre-wrap}}li{{margin:.5rem 0}}</style>
</head>
<body>
<main>
<h1>Build failed</h1>
<p>Fix the problem below and save; this page reloads by itself.</p>
<ul class="build-errors">
{items}
</ul>
</main>
</body>
</html>
""".encode()
