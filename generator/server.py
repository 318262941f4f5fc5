"""`serve`: build, serve from memory, rebuild on change and reload every open tab.

livereload provides the browser side (livereload.js) and its WebSocket
protocol; the scheduling is ours, because livereload's own watcher polls
every 800 ms and drops any change within 3 s of the previous reload. Here a
watcher thread (watchfiles, inotify-based) hands each burst of changes to a
single rebuild; changes that arrive during a rebuild form the next burst, so
the last save is always built and shown.
"""

from __future__ import annotations

import errno
import html
import json
import mimetypes
import socket
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httpserver, ioloop, netutil, web

from .errors import OPTIONAL_FIELD_WARNINGS, ContentError, ContentErrors, warning_count_line
from .output import MemoryTarget
from .pipeline import Builder, BuildOptions, Project
from .plan import Plan
from .records import display_path

PORT_ATTEMPTS = 20
_HEAD_END = b"</head>"

# The preview's side of a page, a livereload.js plugin: after a rebuild it fetches the page and puts the new
# one in place of the old (no new document: the stylesheet, the scripts and the WebSocket stay), unless the
# page runs scripts of its own, its stylesheets changed, or the answer is an error: then it reloads. It tells
# the server which build it shows when its WebSocket opens, so a rebuild it missed (made while it was
# loading) is sent to it then.
PREVIEW_SCRIPT = b"""(function () {
  "use strict";
  function build(doc) {
    var meta = doc.querySelector('meta[name="preview-build"]');
    return meta ? meta.content : "";
  }
  function scripts(doc) {  // the page's own executable scripts, not the preview's
    return Array.prototype.filter.call(doc.scripts, function (script) {
      return !script.hasAttribute("data-preview") && (!script.type || /javascript|module/.test(script.type));
    }).map(function (script) { return script.src || script.textContent; });
  }
  function fixed(doc) {  // what an update in place cannot change
    var sheets = Array.prototype.map.call(doc.querySelectorAll('link[rel~="stylesheet"], style, meta[http-equiv]'),
                                          function (node) { return node.outerHTML; });
    return JSON.stringify([sheets, scripts(doc)]);
  }
  function kept(node) {
    return node.matches('link[rel~="stylesheet"], style, meta[http-equiv], script[data-preview]');
  }
  function swap(next) {
    var head = document.head;
    Array.prototype.slice.call(head.children).forEach(function (node) { if (!kept(node)) node.remove(); });
    Array.prototype.forEach.call(next.head.children, function (node) {
      if (!kept(node)) head.appendChild(document.importNode(node, true));
    });
    document.documentElement.lang = next.documentElement.lang;
    document.body.replaceWith(document.importNode(next.body, true));
  }
  function Preview(window) { this.window = window; this.fetching = false; this.again = false; }
  Preview.identifier = "preview";
  Preview.version = "1";
  Preview.prototype.analyze = function () { return {build: build(document)}; };
  Preview.prototype.reload = function (path) {
    if (path !== "*") return false;  // a stylesheet: livereload.js restyles the page
    performance.mark("preview-notice");
    if (this.fetching) { this.again = true; return true; }
    if (scripts(document).length) return false;  // livereload.js reloads the page
    this.update();
    return true;
  };
  Preview.prototype.update = function () {
    var self = this;
    self.fetching = true;
    fetch(location.href, {cache: "no-store", credentials: "same-origin"}).then(function (response) {
      return response.text().then(function (text) {
        performance.mark("preview-fetched");
        var next = new DOMParser().parseFromString(text, "text/html");
        if (!response.ok || response.redirected || fixed(next) !== fixed(document)) {
          location.reload();
          return;
        }
        swap(next);
        self.fetching = false;
        if (self.again) { self.again = false; self.update(); }
      });
    }).catch(function () { location.reload(); });
  };
  window.LiveReloadPluginPreview = Preview;
})();
"""


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

    def response(self, request_path: str) -> tuple[int, str, bytes] | None:
        """(status, content type, body) for a URL path; None for a redirect to `path + '/'`."""
        return self.served(request_path)[0]

    def served(self, request_path: str) -> tuple[tuple[int, str, bytes] | None, int]:
        """`response(request_path)`, and the number of the build it comes from."""
        with self._lock:
            return self._response(request_path), self.generation

    def _response(self, request_path: str) -> tuple[int, str, bytes] | None:
        key = _file_key(request_path)
        plan = self.plan
        if key is None:
            return self._not_found(request_path)
        if plan is not None and key not in plan.pages and key not in plan.assets and key + "/index.html" in plan.pages:
            return None
        key = key + "index.html" if key == "" or key.endswith("/") else key
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        if self.errors and content_type == "text/html":
            return 500, "text/html; charset=utf-8", _error_page(self.errors)
        if plan is None:
            return self._not_found(request_path)
        if content_type.startswith("text/") or content_type in ("application/javascript", "image/svg+xml"):
            content_type += "; charset=utf-8"
        try:
            body = self._file(plan, key)
        except ContentErrors as failure:
            return self._failed(request_path, failure.errors)
        except Exception as error:  # noqa: BLE001 - show a bug in the page rather than drop the request
            return self._failed(request_path, [_unexpected(error)])
        return (200, content_type, body) if body is not None else self._not_found(request_path)

    def _failed(self, request_path: str, errors: list[ContentError]) -> tuple[int, str, bytes]:
        """The error page for a page that failed to render, its errors printed too (each once per build).

        A template can fail only for some pages (an undefined name, a filter
        inside an `if`): the rebuild compiles the templates but renders a page
        only when asked, so such an error is first seen here.
        """
        new = [error for error in errors if error not in self._printed]
        for error in new:
            self.log(str(error))
        if new:
            self.log(f"rendering {request_path} failed; the page shows the error")
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

    def _not_found(self, request_path: str) -> tuple[int, str, bytes]:
        plan = self.plan
        if plan is None or "404.html" not in plan.pages:
            return 404, "text/html; charset=utf-8", b"<!doctype html><title>Not found</title>"
        try:
            return 404, "text/html; charset=utf-8", self.builder.page(plan, "404.html", self.pages)
        except ContentErrors as failure:
            return self._failed(request_path, failure.errors)


def _unexpected(error: Exception) -> ContentError:
    return ContentError("build", None, f"unexpected error: {type(error).__name__}: {error}")


def _file_key(request_path: str) -> str | None:
    """The output file a URL path names, or None if it tries to leave the output directory."""
    path = unquote(request_path)
    if not path.startswith("/") or "\\" in path or "\0" in path:
        return None
    parts = path[1:].split("/")
    if any(part in (".", "..") for part in parts) or "" in parts[:-1]:  # `..`, `.`, `//etc/passwd`
        return None
    return path[1:]


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


def _refuse_other_hosts(handler: web.RequestHandler, allowed_hosts: frozenset[str]) -> None:
    """403 for a request whose Host is not this server (DNS rebinding)."""
    if allowed_hosts and handler.request.host not in allowed_hosts:
        raise web.HTTPError(403)


class _Guarded(web.RequestHandler):
    allowed_hosts: frozenset[str] = frozenset()

    def prepare(self) -> None:
        _refuse_other_hosts(self, self.allowed_hosts)


class SiteHandler(_Guarded):
    preview: Preview
    script: bytes

    def initialize(self, preview: Preview, script: bytes) -> None:
        self.preview, self.script = preview, script

    def get(self, _path: str) -> None:
        response, build = self.preview.served(self.request.path)
        if response is None:
            self.redirect(self.request.path + "/")
            return
        status, content_type, body = response
        if content_type.startswith("text/html"):
            shown = f'<meta name="preview-build" content="{build}">'.encode()
            body = body.replace(_HEAD_END, shown + self.script + _HEAD_END, 1)
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", "no-store")
        self.write(body)

    def set_default_headers(self) -> None:
        self.clear_header("Server")


class ReloadSocket(LiveReloadHandler):
    """livereload's WebSocket, accepting only pages served by this server; a page that says (in its
    handshake) it shows an older build than the last is told to reload at once."""

    allowed_hosts: frozenset[str] = frozenset()

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def on_message(self, message: str) -> None:
        super().on_message(message)  # livereload's handshake: after 'info', this socket gets every notice
        try:
            data = json.loads(message)
            shown = data["plugins"]["preview"]["build"] if data.get("command") == "info" else None
        except (ValueError, KeyError, TypeError):
            return
        # The notice of a rebuild made while the page was loading went to the sockets open then: not this one.
        if shown is not None and shown != str(self.preview.generation):
            self.write_message(_RELOAD | {"path": "*"})

    def check_origin(self, origin: str) -> bool:
        origin_host = urlsplit(origin).netloc
        return origin_host == self.request.host and (not self.allowed_hosts or origin_host in self.allowed_hosts)

    def prepare(self):
        _refuse_other_hosts(self, self.allowed_hosts)
        return super().prepare()


class ReloadScript(_Guarded, LiveReloadJSHandler):
    pass


class PreviewScript(_Guarded):
    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.write(PREVIEW_SCRIPT)


_RELOAD = {"command": "reload", "liveCSS": True, "liveImg": True}


def notify_browsers(path: str) -> None:
    """Tell every connected tab to reload (or restyle, for a stylesheet path)."""
    message = _RELOAD | {"path": path}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except Exception:  # noqa: BLE001 - a closed tab must not stop the others
            LiveReloadHandler.waiters.discard(waiter)


def bind(host: str, port: int, log=print) -> tuple[list[socket.socket], int]:
    """Bind `port`, or the next free one (saying so)."""
    for candidate in range(port, port + PORT_ATTEMPTS):
        try:
            sockets = netutil.bind_sockets(candidate, host)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            continue
        if candidate != port:
            log(f"port {port} is in use; using {candidate} instead")
        return sockets, sockets[0].getsockname()[1]
    raise OSError(errno.EADDRINUSE, f"ports {port}–{port + PORT_ATTEMPTS - 1} on {host} are all in use")


def watched_paths(project: Project) -> list[Path]:
    return [path for path in (project.content_dir, project.templates_dir, project.static_dir) if path.exists()]


def _allowed_hosts(host: str, port: int) -> frozenset[str]:
    if host in ("0.0.0.0", "::", ""):
        return frozenset()  # listening everywhere: the person chose to accept any name
    names = {host, "localhost", "127.0.0.1", "[::1]"}
    return frozenset(f"{name}:{port}" for name in names) | ({f"[{host}]:{port}"} if ":" in host else set())


def serve(project: Project, options: BuildOptions, host: str = "127.0.0.1", port: int = 8000, log=print) -> None:
    """Build, serve and rebuild on change until interrupted (Ctrl-C)."""
    # The watcher reports absolute paths; the content is listed with the same ones.
    project = Project(*(path.absolute() for path in (project.content_dir, project.templates_dir, project.static_dir)))
    sockets, port = bind(host, port, log)
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown_host}:{port}/"
    preview = Preview(project, options._replace(base_url=address), log)
    allowed = _allowed_hosts(host, port)
    for handler in (_Guarded, ReloadSocket):
        handler.allowed_hosts = allowed
    # The plugin first: livereload.js takes up the plugins defined when it runs. Deferred: the page is parsed
    # and painted without waiting for them.
    script = (b'<script data-preview src="/preview.js" defer></script>'
              + f'<script data-preview src="/livereload.js?port={port}" defer></script>'.encode())
    application = web.Application([
        (r"/livereload", ReloadSocket, {"preview": preview}),
        (r"/livereload\.js", ReloadScript),
        (r"/preview\.js", PreviewScript),
        (r"/(.*)", SiteHandler, {"preview": preview, "script": script}),
    ], websocket_ping_interval=20, log_function=lambda handler: None)
    server = httpserver.HTTPServer(application)
    loop = ioloop.IOLoop.current()
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(target=_watch, args=(project, preview, loop, stop, ready), daemon=True, name="watcher")
    watcher.start()
    ready.wait(10)  # watch first, then build: a save during the first build is not missed
    preview.rebuild()
    server.add_sockets(sockets)
    try:  # from the line that says Ctrl-C stops it: it may come at once
        log(f"serving {display_path(project.content_dir)} at {address} (Ctrl-C to stop)")
        loop.start()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stop()
        watcher.join(timeout=2)
        log("stopped")


def _watch(project: Project, preview: Preview, loop: ioloop.IOLoop, stop: threading.Event,
           ready: threading.Event) -> None:
    # With yield_on_timeout, the first (empty) batch arrives once the watches are in place.
    batches = watchfiles.watch(*watched_paths(project), stop_event=stop, debounce=400, step=5, rust_timeout=100,
                               yield_on_timeout=True, raise_interrupt=False, watch_filter=_ignore_editor_files)
    for changes in batches:
        ready.set()
        if changes:
            reload_path = preview.rebuild(Path(path) for _, path in changes)
            loop.add_callback(notify_browsers, reload_path)


_DEFAULT_FILTER = watchfiles.DefaultFilter()


def _ignore_editor_files(change: watchfiles.Change, path: str) -> bool:
    """Skip swap, backup and hidden temporary files (`.x.swp`, `x~`, `#x#`, `.#x`)."""
    name = Path(path).name
    return _DEFAULT_FILTER(change, path) and not name.startswith((".", "#")) and not name.endswith(("~", "#"))
