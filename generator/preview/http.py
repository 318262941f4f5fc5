"""The preview's HTTP and WebSocket side: tornado handlers that serve the `Preview` and livereload's socket.

livereload provides the browser side (livereload.js) and its WebSocket
protocol; `preview.js`, beside this module, is our plugin for it. Only this
server's own names are answered (DNS rebinding), the socket accepts only pages
it served, and no URL path leads out of the site.
"""

from __future__ import annotations

import errno
import json
import socket
from importlib import resources
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import netutil, web

from .model import Preview

PORT_ATTEMPTS = 20
_HEAD_END = b"</head>"
_RELOAD = {"command": "reload", "liveCSS": True, "liveImg": True}


def preview_script() -> bytes:
    """The text of preview.js, the livereload.js plugin that updates a page in place."""
    return resources.files(__package__).joinpath("preview.js").read_bytes()


def file_key(request_path: str) -> str | None:
    """The output file a URL path names, or None if it tries to leave the output directory."""
    path = unquote(request_path)
    if not path.startswith("/") or "\\" in path or "\0" in path:
        return None
    parts = path[1:].split("/")
    if any(part in (".", "..") for part in parts) or "" in parts[:-1]:  # `..`, `.`, `//etc/passwd`
        return None
    return path[1:]


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers this server answers; empty (any) when it listens on every address."""
    if host in ("0.0.0.0", "::", ""):
        return frozenset()  # listening everywhere: the person chose to accept any name
    names = {host, "localhost", "127.0.0.1", "[::1]"}
    return frozenset(f"{name}:{port}" for name in names) | ({f"[{host}]:{port}"} if ":" in host else set())


def _refuse_other_hosts(handler: web.RequestHandler, hosts: frozenset[str]) -> None:
    """403 for a request whose Host is not this server (DNS rebinding)."""
    if hosts and handler.request.host not in hosts:
        raise web.HTTPError(403)


class _Guarded(web.RequestHandler):
    allowed_hosts: frozenset[str] = frozenset()

    def prepare(self) -> None:
        _refuse_other_hosts(self, self.allowed_hosts)


class SiteHandler(_Guarded):
    """The site's files, each HTML page with the preview's scripts and the number of its build."""

    preview: Preview
    script: bytes

    def initialize(self, preview: Preview, script: bytes) -> None:
        self.preview, self.script = preview, script

    def get(self, _path: str) -> None:
        response, build = self.preview.served(file_key(self.request.path))
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
    script: bytes

    def initialize(self, script: bytes) -> None:
        self.script = script

    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.write(self.script)


def application(preview: Preview, host: str, port: int) -> web.Application:
    """The preview's tornado application, answering only `host:port` (and loopback names for it)."""
    hosts = allowed_hosts(host, port)
    for handler in (_Guarded, ReloadSocket):
        handler.allowed_hosts = hosts
    # The plugin first: livereload.js takes up the plugins defined when it runs. Deferred: the page is parsed
    # and painted without waiting for them.
    script = (b'<script data-preview src="/preview.js" defer></script>'
              + f'<script data-preview src="/livereload.js?port={port}" defer></script>'.encode())
    return web.Application([
        (r"/livereload", ReloadSocket, {"preview": preview}),
        (r"/livereload\.js", ReloadScript),
        (r"/preview\.js", PreviewScript, {"script": preview_script()}),
        (r"/(.*)", SiteHandler, {"preview": preview, "script": script}),
    ], websocket_ping_interval=20, log_function=lambda handler: None)


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
