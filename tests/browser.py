"""Helpers for tests that drive Debian's chromium through Playwright, and servers on loopback."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple

from generator.pipeline import PROJECT_ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def launch(playwright):
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does)"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class WorkerChromium:
    """The headless chromium of one test process and its `Tabs`, started when a module first asks for it and kept
    for the modules after, which find its renderers and caches warm; launching a browser again for each module
    cost more than many of their tests.

    `stop` ends it, and with it Playwright's thread: a process with another thread does not fork
    (`process.can_fork`), so a test about a build's forked workers stops it first; a later module starts it
    again. `users` counts the modules using it now, which must be none then.
    """

    def __init__(self):
        self.playwright = None
        self.browser = None
        self.tabs: Tabs | None = None
        self.users = 0

    def started(self) -> WorkerChromium:
        if self.browser is not None and not self.browser.is_connected():  # it crashed: start again
            self.stop()
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
            self.browser = launch(self.playwright)
            self.tabs = Tabs(self.browser)
        return self

    def stop(self) -> None:
        assert self.users == 0, "a module still uses the browser"
        if self.playwright is not None:
            try:
                if self.browser.is_connected():
                    self.browser.close()
            finally:
                self.playwright.stop()
                # asyncio's thread that waited for Playwright's driver to exit may still be ending.
                for thread in threading.enumerate():
                    if thread.name.startswith("asyncio-waitpid"):
                        thread.join(10)
        self.playwright = self.browser = self.tabs = None


class KeptPage(NamedTuple):
    """A page `Tabs` keeps, and the DevTools session that empties its cache."""

    page: object
    devtools: object


class Tabs:
    """Pages kept open across a module's tests, one per set of context options, each handed to a test as a new
    context's page would be: blank, its cache empty, none of an earlier test's listeners or routes, and the
    viewport its options give.

    A new context and page for every test costs the browser a renderer process started cold, more than most of
    these tests' own work. What stays from test to test is the browser's own warm state (compiled code, fonts).
    What a test changes in its context for good (a fake clock, printed media) calls for a context of its own;
    what every test of a kind needs for good (an init script, an exposed binding) is `prepare`d once, when the
    page is made; what costs while it lasts (a slower CPU) is set through the page's `devtools` for as long as
    the test needs it.
    """

    def __init__(self, browser):
        self.browser = browser
        self.kept: dict[str, KeptPage] = {}  # by the page's key (see `page`)
        self.lent: dict[str, dict] = {}  # the keys of the pages handed out since the last `reset`: their options

    def page(self, prepare=None, **context_options):
        """A blank page in a context made with `context_options` (Playwright's `new_context` arguments), given
        once to `prepare(page)` if that is set."""
        key = repr((prepare and prepare.__qualname__, sorted(context_options.items())))
        if key not in self.kept:
            page = self.browser.new_context(**context_options).new_page()
            if prepare is not None:
                prepare(page)
            self.kept[key] = KeptPage(page, page.context.new_cdp_session(page))
        self.lent[key] = context_options
        return self.kept[key].page

    def devtools(self, page):
        """The DevTools session kept with one of the pages `page` handed out."""
        return next(kept.devtools for kept in self.kept.values() if kept.page is page)

    def reset(self) -> None:
        """Make the pages lent since the last reset blank again, as `page` hands them out."""
        for key, options in self.lent.items():
            page, devtools = self.kept[key]
            if page.is_closed():  # the test closed it: the next asks for a new one
                del self.kept[key]
                continue
            # Playwright's internal listeners are on "close" and "crash"; every other one is a test's.
            events = page._impl_obj  # noqa: SLF001 - the sync API can remove a listener only given the handler
            for event in events.event_names():
                if event not in ("close", "crash"):
                    events.remove_all_listeners(event)
            page.unroute_all(behavior="ignoreErrors")
            page.goto("about:blank")
            devtools.send("Network.clearBrowserCache")
            page.set_viewport_size(options.get("viewport", {"width": 1280, "height": 720}))
        self.lent.clear()

    def close(self) -> None:
        for kept in self.kept.values():
            kept.page.context.close()


def styled(page) -> bool:
    """Whether the site's stylesheet applies to the page (it sets the fonts through a custom property)."""
    return page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--font').includes('system-ui')"
                         " && getComputedStyle(document.body).fontFamily.startsWith('system-ui')")


def follow(page, link) -> None:
    """Click `link` and wait until the page it leads to has loaded: a click returns once the navigation has
    begun, when the address may already be the new one and the old page still shown, or the new one unstyled."""
    before = page.url
    link.click()
    page.wait_for_url(lambda url: url != before, wait_until="load")


# A frame and a task later: a script the page's handlers start meanwhile has been asked for.
AFTER_A_FRAME = "() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)))"


class InFlight:
    """The requests of a page that have not finished, from when this is made: `wait` waits until there are none,
    which Playwright's "networkidle" does only after half a second of quiet, and only once per navigation."""

    def __init__(self, page):
        self.page = page
        self.requests: set = set()
        page.on("request", lambda request: self.requests.add(request))
        page.on("requestfinished", lambda request: self.requests.discard(request))
        page.on("requestfailed", lambda request: self.requests.discard(request))

    def wait(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self.page.evaluate(AFTER_A_FRAME)
            if not self.requests:
                return
            assert time.monotonic() < deadline, f"still loading: {sorted(request.url for request in self.requests)}"
            self.page.wait_for_timeout(10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeProcess:
    """`python build.py serve …` in a subprocess, with its output collected line by line."""

    def __init__(self, *args: str, cwd: Path = PROJECT_ROOT):
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(PROJECT_ROOT / "build.py"), "serve", *args],
            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 20) -> str:
        """The first output line (from now on or already seen) containing `text`."""
        for line in self.lines:
            if text in line:
                return line
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None and self._queue.empty():
                    break
                continue
            self.lines.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in serve output:\n" + "\n".join(self.lines))

    @property
    def output(self) -> str:
        while not self._queue.empty():
            self.lines.append(self._queue.get())
        return "\n".join(self.lines)

    def interrupt(self, timeout: float = 10) -> int:
        """Press Ctrl-C and wait for a clean exit."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


# HTML_CodeSniffer (the engine pa11y runs), from the npm registry: a pinned release, checked against the
# registry's integrity digest, downloaded once into the user's cache (a fresh CI machine may have no node).
HTMLCS_VERSION = "2.5.1"
HTMLCS_INTEGRITY = "sha512-vcz0yAaX/OaV6sdNHuT9alBOKkSxYb8h5Yq26dUqgi7XmCgGUSa7U9PiY1PBXQFMjKv1wVPs5/QzHlGuxPDUGg=="
HTMLCS_TARBALL = f"https://registry.npmjs.org/html_codesniffer/-/html_codesniffer-{HTMLCS_VERSION}.tgz"


def htmlcs_script() -> str:
    """The text of html_codesniffer's build/HTMLCS.js, downloaded on first use."""
    import base64
    import hashlib
    import io
    import tarfile
    import urllib.request

    from conftest import TEST_CACHE

    script = TEST_CACHE / f"HTMLCS-{HTMLCS_VERSION}.js"
    if not script.exists():
        with urllib.request.urlopen(HTMLCS_TARBALL, timeout=60) as response:
            tarball = response.read()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
        assert digest == HTMLCS_INTEGRITY, f"{HTMLCS_TARBALL}: integrity {digest} is not the registry's"
        with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
            text = archive.extractfile("package/build/HTMLCS.js").read()
        TEST_CACHE.mkdir(parents=True, exist_ok=True)
        partial = script.with_suffix(".part")
        partial.write_bytes(text)
        partial.replace(script)
    return script.read_text(encoding="utf-8")
