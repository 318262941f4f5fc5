"""`serve`: build, serve from memory, rebuild on change and reload every open tab.

`model` holds the site (the pipeline's `Builder`, the pages rendered so far,
the build number), `http` serves it with livereload's WebSocket and
`preview.js`, and `watcher` turns bursts of saves into rebuilds. `serve`
puts the three together. The command line imports it for `serve` only: the
other commands need none of tornado, livereload or watchfiles.
"""

from __future__ import annotations

import signal
import threading

from tornado import httpserver, ioloop

from ..pipeline import BuildOptions, Project
from ..records import display_path
from .http import application, bind, notify_browsers
from .model import Preview
from .watcher import watch


def serve(project: Project, options: BuildOptions, host: str = "127.0.0.1", port: int = 8000, log=print) -> None:
    """Build, serve and rebuild on change until interrupted (Ctrl-C)."""
    # The watcher reports absolute paths; the content is listed with the same ones.
    project = Project(*(path.absolute() for path in project))
    sockets, port = bind(host, port, log)
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown_host}:{port}/"
    preview = Preview(project, options._replace(base_url=address), log)
    server = httpserver.HTTPServer(application(preview, host, port))
    loop = ioloop.IOLoop.current()
    stop, ready = threading.Event(), threading.Event()

    def rebuilt(reload_path: str) -> None:  # on the watcher's thread: the sockets are the loop's
        loop.add_callback(notify_browsers, reload_path)

    watcher = threading.Thread(target=watch, args=(project, preview, rebuilt, stop, ready), daemon=True, name="watcher")
    watcher.start()
    ready.wait(10)  # watch first, then build: a save during the first build is not missed
    preview.rebuild()
    server.add_sockets(sockets)
    # Ctrl-C may reach any of the process's threads, the watcher's among them: Python's own handler would then
    # leave the main thread asleep in the loop's select for ever. The loop's handler wakes it (through a file
    # descriptor) and stops it, from the line that says Ctrl-C stops it, which may come at once.
    loop.asyncio_loop.add_signal_handler(signal.SIGINT, loop.stop)
    try:
        log(f"serving {display_path(project.content_dir)} at {address} (Ctrl-C to stop)")
        loop.start()
    finally:
        loop.asyncio_loop.remove_signal_handler(signal.SIGINT)
        stop.set()
        server.stop()
        watcher.join(timeout=2)
        log("stopped")


__all__ = ["Preview", "serve"]
