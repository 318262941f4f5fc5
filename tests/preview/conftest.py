"""What the preview's tests share: a real `serve` in a subprocess on a copy of the real site, and ways to ask it."""

from __future__ import annotations

import http.client
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser import ServeProcess, free_port
from conftest import TWO_EVENTS
from generator.pipeline import PROJECT_ROOT

KAZAN = "events/2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan.md"
KAZAN_URL = "events/2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan/"
VIENTIANE_URL = "events/2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane/"
TIMEOUT = 15_000  # ms: generous for a loaded 2-core machine; a working server takes well under a second


@dataclass
class Served:
    process: ServeProcess
    url: str
    port: int
    content: Path
    static: Path
    templates: Path

    def edit(self, relative: str, old: str, new: str, root: Path | None = None) -> None:
        path = (root or self.content) / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def served(serve, tmp_path: Path):
    content, static, templates = tmp_path / "content", tmp_path / "static", tmp_path / "templates"
    shutil.copytree(TWO_EVENTS, content)
    shutil.copytree(PROJECT_ROOT / "static", static)
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    port = free_port()
    process = serve("--content", str(content), "--static", str(static), "--templates", str(templates),
                    "--port", str(port), cwd=tmp_path)
    process.wait_for("Ctrl-C to stop")
    return Served(process, f"http://127.0.0.1:{port}/", port, content, static, templates)


@pytest.fixture
def page(tabs):
    return tabs.page()


def wait_connected(page) -> None:
    """Wait until livereload.js has its WebSocket open (it logs nothing we can see otherwise)."""
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector._connectionDesired && window.LiveReload.connector.protocol", timeout=TIMEOUT)


def rebuilds(served: Served) -> int:
    return sum(1 for line in served.process.output.splitlines() if line.startswith("changed "))


def pump_until(page, condition, timeout: float = 15) -> None:
    """Let Playwright run (its route handlers are called meanwhile) until `condition` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(20)


def raw_get(port: int, path: str, headers: dict[str, str] | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=bool(headers and "Host" in headers))
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return body


def wait_until(condition, timeout: float = 15) -> None:
    """Poll `condition` until true (for effects seen over HTTP rather than in the browser)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
