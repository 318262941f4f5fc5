"""The site as a reader on a slow phone gets it: `python -m benchmarks.reader [--sizes 4000 10000] [--runs 5]`.

For each corpus size (`benchmarks.corpus`, 200 leaders) it builds the site
(with the generator of `--repo`, this checkout by default, so that another
checkout's output can be measured the same way), serves it from a static web
server on 127.0.0.1 that does not compress (as some hosts do not), and opens
the timeline's first page in Debian's chromium, each time in a new browser
context (nothing cached), throttled through the DevTools protocol like a
mid-range phone on a slow link: CPU 4× slower, 1.6 Mbps down, 750 kbps up,
150 ms latency. It reports medians over `--runs` loads of:

- the page loaded (navigation start to the load event);
- the first search: from the input event of a query typed into the search box
  (two words of a leader's name, a phrase) to the first result in the page,
  with the requests and bytes that search made;

and, from the built files, the largest HTML page of every kind and the size
of every data file (folders of pieces as a count, a total and the largest).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from benchmarks.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PHONE = {  # Lighthouse's mobile throttling, as DevTools applies it
    "cpu": 4,
    "network": {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
                "uploadThroughput": 750_000 / 8},
}
TIMEOUT_MS = 120_000


class PlainHandler(http.server.SimpleHTTPRequestHandler):
    """Files as they are (no compression), over keep-alive HTTP/1.1 as hosts serve them."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """Says nothing when a browser context closes while pieces are still on their way (a broken pipe)."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(directory: Path):
    """A static web server for `directory` on a free port of 127.0.0.1: its base URL."""
    handler = functools.partial(PlainHandler, directory=str(directory))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(repo: Path, content: Path, out: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, str(repo / "build.py"), "build", "--content", str(content), "--out", str(out),
                    "--no-cache"], cwd=repo, check=True, capture_output=True, env=environment | {"PYTHONPATH": str(repo)})


def leader_query(content: Path) -> str:
    """Two words of the first leader's name (in file order): a phrase a reader would type."""
    first = sorted((content / "leaders").glob("*.md"))[0].read_text(encoding="utf-8")
    name = next(line.split(":", 1)[1].strip() for line in first.splitlines() if line.startswith("name:"))
    return " ".join(name.lower().split()[:2])


# Runs in the page before its own scripts: notes when the first query is typed and when the first result appears.
WATCH = """
window.__search = {};
document.addEventListener("input", function () {
  if (!window.__search.typed) window.__search.typed = performance.now();
}, true);
new MutationObserver(function () {
  var results = document.getElementById("results");
  if (!window.__search.first && results && results.querySelector(".entry")) window.__search.first = performance.now();
}).observe(document, { childList: true, subtree: true });
"""


def one_load(browser, base: str, query: str, site: Path) -> dict[str, float]:
    """Open the first page cold and throttled, type `query`: the timings, and what the search fetched."""
    # The page's CSP (no eval) would refuse the benchmark's own evaluations; it changes nothing else.
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, device_scale_factor=2.6,
                                  bypass_csp=True)
    page = context.new_page()
    page.add_init_script(WATCH)
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", PHONE["network"])
    session.send("Emulation.setCPUThrottlingRate", {"rate": PHONE["cpu"]})
    page.goto(base, wait_until="load", timeout=TIMEOUT_MS)
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.get_by_role("searchbox", name="Search").fill(query)
    page.wait_for_function("window.__search.first", timeout=TIMEOUT_MS)
    search = page.evaluate("window.__search")
    context.close()
    paths = [url[len(base):].split("?")[0] for url in fetched if url.startswith(base)]
    return {"loaded": loaded, "search": search["first"] - search["typed"], "requests": len(paths),
            "bytes": sum((site / path).stat().st_size for path in paths if (site / path).is_file())}


def page_kinds(site: Path) -> dict[str, tuple[int, str]]:
    """The largest HTML page of each kind (by its place in the site), with its path."""
    largest: dict[str, tuple[int, str]] = {}
    for page in site.rglob("*.html"):
        parts = page.relative_to(site).parts
        kind = parts[0] if len(parts) == 1 else parts[0] + "/" if len(parts) == 2 else parts[0] + "/*"
        size = page.stat().st_size
        if size > largest.get(kind, (-1, ""))[0]:
            largest[kind] = (size, "/".join(parts))
    return dict(sorted(largest.items()))


def data_files(site: Path) -> dict[str, str]:
    """Every data file's size at the root; for each folder of small data files, their count, total and largest."""
    sizes: dict[str, str] = {}
    for path in sorted(site.iterdir()):
        if path.is_file() and path.suffix not in (".html", ".svg"):
            sizes[path.name] = f"{path.stat().st_size / 1024:,.0f} KB"
        elif path.is_dir() and path.name not in ("css", "js", "images", "events", "leaders", "years", "relations",
                                                  "on-this-day"):
            files = [file.stat().st_size for file in path.rglob("*") if file.is_file()]
            if files:
                sizes[path.name + "/"] = (f"{len(files)} files, {sum(files) / 1024:,.0f} KB in all, "
                                          f"largest {max(files) / 1024:,.1f} KB")
    return sizes


def _seconds(median: dict[str, float], loads: list[dict[str, float]], key: str) -> str:
    each = ", ".join(f"{load[key] / 1000:.2f}" for load in loads)
    return f"{median[key] / 1000:.2f} s (median; {each})"


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--leaders", type=int, default=200)
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout whose generator builds the site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reader-") as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes:
            content = write_corpus(Path(work) / f"corpus-{size}", size, args.leaders)
            site = Path(work) / f"site-{size}"
            build(args.repo.resolve(), content, site)
            query = leader_query(content)
            with serving(site) as base:
                loads = [one_load(browser, base, query, site) for _ in range(args.runs)]
            median = {key: statistics.median(load[key] for load in loads) for key in loads[0]}
            print(f"\n## {size} events ({args.runs} cold loads, query {query!r})\n")
            print(f"- page loaded: {_seconds(median, loads, 'loaded')}")
            print(f"- first results after typing: {_seconds(median, loads, 'search')}, "
                  f"{median['requests']:.0f} requests, {median['bytes'] / 1024:,.0f} KB")
            print("\n| page kind | largest HTML | page |\n| --- | --- | --- |")
            for kind, (bytes_, path) in page_kinds(site).items():
                print(f"| {kind} | {bytes_ / 1024:,.0f} KB | {path} |")
            print("\n| data file | size |\n| --- | --- |")
            for name, described in data_files(site).items():
                print(f"| {name} | {described} |")
        browser.close()


if __name__ == "__main__":
    main()
