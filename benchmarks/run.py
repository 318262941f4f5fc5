"""Benchmark the generator: `python -m benchmarks.run [--sizes 1000 4000 10000] [--runs 3] [--peers]`.

For each corpus size N (with L leaders) it reports medians over `--runs` of:
cold build, the first rebuild after it (an event edited), rebuild with nothing changed, after editing one event, one
leader, a template; the in-server rebuild (in-process) and the save-to-served
latency of a real `serve`; and peak memory. With `--peers` it builds the same
corpus with Hugo and Pelican in the same run and reports our time as a ratio.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.corpus import write_corpus
from benchmarks.peers import hugo_binary, write_hugo_pages_site, write_hugo_site, write_pelican_site
from generator.output import standby_path
from generator.pipeline import PROJECT_ROOT, BuildOptions, Project

BUILD = [sys.executable, str(PROJECT_ROOT / "build.py")]  # as people run it


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Seconds a command took, the peak resident memory in KiB of its largest process (itself or a
    worker it waited for), as the kernel reports it when the command ends, and what it printed."""
    # Each command starts with nothing left to write back: otherwise the kernel flushing the files an earlier
    # command wrote (a peer's cold build writes ~50 MB) runs on the cores the timed command uses (seen here:
    # an edit rebuild timed just after Pelican's cold builds took 295 ms, 219 ms without them).
    os.sync()
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=output, env=_environment())
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        printed = output.read().decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{printed}")
    return elapsed, usage.ru_maxrss, printed


def _environment() -> dict[str, str]:
    # Python as people run it, caching compiled modules: a machine that sets PYTHONDONTWRITEBYTECODE
    # (this one does) would otherwise compile the generator again in every run (~0.1 s).
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"} | \
        {"PYTHONPATH": str(PROJECT_ROOT)}


def median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as file:
        file.write(text)


def our_build(content: Path, out: Path, cache: Path) -> list[str]:
    return [*BUILD, "build", "--content", str(content), "--out", str(out), "--cache-dir", str(cache)] \
        if _has_cache_option() else [*BUILD, "build", "--content", str(content), "--out", str(out)]


def _has_cache_option() -> bool:
    return "--cache-dir" in subprocess.run([sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--help"],
                                           capture_output=True, text=True).stdout


class Trash:
    """Moves outputs out of the way instead of deleting them while timings run.

    On a file system without a journal, ext4 skips recently freed inodes when
    it allocates new ones, so a tree deleted just before a build slows that
    build's writes several times over (seen here: 0.5 s became 2–6 s). Moving
    the old tree aside and deleting it after the timings keeps every tool's
    cold build on the same footing.
    """

    def __init__(self, work: Path):
        self.directory = work / "trash"
        self.directory.mkdir(exist_ok=True)
        self._count = 0

    def discard(self, *paths: Path) -> None:
        for path in paths:
            if path.exists():
                self._count += 1
                path.rename(self.directory / str(self._count))


def peer_timers(work: Path, content: Path, trash: Trash) -> dict[str, Callable[[], float]]:
    """A timer for each peer's cold build of the corpus (its old output moved aside first)."""
    timers: dict[str, Callable[[], float]] = {}
    binary = hugo_binary()
    if binary:
        for name, write in (("hugo", write_hugo_site), ("hugo pages only", write_hugo_pages_site)):
            site = write(content, work / name.replace(" ", "-"))
            timers[name] = _cold_timer([binary, "--quiet", "--source", str(site)], None, [site / "public"], trash)
    if shutil.which("pelican"):
        site = write_pelican_site(content, work / "pelican")
        timers["pelican"] = _cold_timer(["pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q"], site,
                                        [site / "output"], trash)
    return timers


def _cold_timer(command: list[str], cwd: Path | None, outputs: list[Path], trash: Trash) -> Callable[[], float]:
    def run() -> float:
        trash.discard(*outputs)
        return timed(command, cwd)[0]
    return run


def measure_cold(work: Path, content: Path, runs: int, peers: dict[str, Callable[[], float]],
                 trash: Trash) -> dict[str, float]:
    """Cold builds, ours and the peers', taking turns so that they share the machine's moods."""
    out, cache, templates = work / "_site", work / "cache", work / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates, dirs_exist_ok=True)
    ours = our_build(content, out, cache) + ["--templates", str(templates)]
    times: dict[str, list[float]] = {name: [] for name in ["cold", "edit after cold", *peers]}
    peak = 0
    event = sorted((content / "events").glob("*.md"))[len(list((content / "events").glob("*.md"))) // 3]
    original = event.read_text(encoding="utf-8")
    for run in range(runs):
        trash.discard(cache, out, standby_path(out))
        seconds, used, _ = timed(ours)
        times["cold"].append(seconds)
        peak = max(peak, used)
        # The first rebuild after a cold build, an edit: the one a person notices if it is slow.
        event.write_text(original.replace('title: "', f'title: "First edit {run} ', 1), encoding="utf-8")
        times["edit after cold"].append(timed(ours)[0])
        event.write_text(original, encoding="utf-8")
        for name, timer in peers.items():
            times[name].append(timer())
    return {name: statistics.median(values) for name, values in times.items()} | {"peak_mib": peak / 1024}


def measure_editions(work: Path, content: Path, size: int, leaders: int, runs: int, trash: Trash) -> dict[str, float]:
    """Cold builds of the corpus in one language and of the same corpus in two (every event translated), taking
    turns."""
    two = write_corpus(work / "two-languages", size, leaders, translated=True)
    times: dict[str, list[float]] = {"cold, one language": [], "cold, two languages": []}
    for _ in range(runs):
        for name, source in (("cold, one language", content), ("cold, two languages", two)):
            out, cache = work / f"{name}-site", work / f"{name}-cache"
            trash.discard(cache, out, standby_path(out))
            times[name].append(timed(our_build(source, out, cache))[0])
    found = {name: statistics.median(values) for name, values in times.items()}
    return found | {"two languages / one": found["cold, two languages"] / found["cold, one language"]}


def measure_ours(work: Path, content: Path, runs: int,
                 beside: dict[str, Callable[[], float]] | None = None) -> dict[str, float]:
    """Rebuilds with the cache in place (left by `measure_cold`), and the preview's latencies. The peers
    `beside` have their cold build timed after each event edit too ("hugo beside edits"), so that the
    edit's ratio compares runs of the same minutes."""
    out, cache, templates = work / "_site", work / "cache", work / "templates"
    build = our_build(content, out, cache) + ["--templates", str(templates)]
    results: dict[str, float] = {}
    results["no change"] = median_of(runs, lambda: timed(build)[0])
    event = sorted((content / "events").glob("*.md"))[len(list((content / "events").glob("*.md"))) // 2]
    leader = sorted((content / "leaders").glob("*.md"))[0]
    template = templates / "event.html"

    def after_edit(path: Path, old: str, new: str):
        # Every run makes a change no build has seen: an edit undone would find its pages in the standby
        # copy of the site (by fingerprint) and render nothing.
        original = path.read_text(encoding="utf-8")
        edits = itertools.count(1)

        def measure() -> float:
            path.write_text(original.replace(old, new.format(next(edits)), 1), encoding="utf-8")
            seconds, _, printed = timed(build)
            rendered = re.search(r"\((\d+) pages? rendered\)", printed)
            if rendered is None or rendered.group(1) == "0":
                raise RuntimeError(f"editing {path} re-rendered no page (the build said {printed.strip()!r}): "
                                   "the benchmark would time a reuse, not an edit")
            return seconds
        return measure

    beside = beside or {}
    edit_event = after_edit(event, "title: \"", "title: \"Edited {} ")
    peer_times: dict[str, list[float]] = {name: [] for name in beside}

    def edit_beside_peers() -> float:
        seconds = edit_event()
        for name, timer in beside.items():
            peer_times[name].append(timer())
        return seconds
    results["edit event"] = median_of(runs, edit_beside_peers)
    results |= {f"{name} beside edits": statistics.median(times) for name, times in peer_times.items()}
    results["edit leader"] = median_of(runs, after_edit(leader, "A fictional leader", "An edited ({}) fictional leader"))
    results["edit template"] = median_of(runs, after_edit(template, "<article class=\"event\">",
                                                          "<article class=\"event\" data-edit=\"{}\">"))
    results["in-server rebuild"] = in_server_rebuild(content, event, runs)
    results["save to served"] = save_to_served(content, event, runs)
    return results


def in_server_rebuild(content: Path, event: Path, runs: int) -> float:
    """The preview's work after one event is saved, in-process: the rebuild, then rendering the page asked for.

    The watcher's and the browser's shares are in 'save to served'.
    """
    from generator.preview.model import Preview

    preview = Preview(Project(content_dir=content.absolute()), BuildOptions(base_url="http://127.0.0.1:1/"),
                      log=lambda _: None)
    preview.rebuild()
    key = f"events/{event.stem}/"  # the page's path inside the site, as the server hands it over
    preview.response(key)
    timings = []
    for run in range(max(runs, 5)):
        text = event.read_text(encoding="utf-8")
        event.write_text(text.replace("title: \"", f"title: \"Save {run} ", 1), encoding="utf-8")
        started = time.perf_counter()
        preview.rebuild([event.absolute()])
        status, _, body = preview.response(key)
        timings.append(time.perf_counter() - started)
        assert status == 200 and f"Save {run} ".encode() in body
    return statistics.median(timings)


def save_to_served(content: Path, event: Path, runs: int) -> float:
    """Seconds from writing an event file to a real `serve` answering with the new title."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "build.py"), "serve", "--content", str(content),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=_environment())
    try:
        for line in server.stdout:
            if "Ctrl-C to stop" in line:
                break
        url = "/events/" + event.stem + "/"
        timings = []
        for run in range(runs):
            marker = f"Served {run} {time.time_ns()}"
            text = event.read_text(encoding="utf-8")
            started = time.perf_counter()
            event.write_text(text.replace("title: \"", f"title: \"{marker} ", 1), encoding="utf-8")
            while marker.encode() not in _get(port, url):
                if time.perf_counter() - started > 60:
                    raise RuntimeError("serve did not pick up the change within 60 s")
                time.sleep(0.002)
            timings.append(time.perf_counter() - started)
            time.sleep(0.5)
        return statistics.median(timings)
    finally:
        server.terminate()
        server.wait(10)


def _get(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000])
    parser.add_argument("--leaders", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", action="store_true", help="also build with Hugo and Pelican, side by side")
    parser.add_argument("--report", type=Path, help="append the Markdown table to this file")
    parser.add_argument("--editions", action="store_true",
                        help="also build the corpus in two languages, every event translated, beside it in one")
    args = parser.parse_args()
    header = f"Machine: {machine()}. Medians of {args.runs} runs, seconds (memory in MiB).\n\n"
    columns = ["cold", "edit after cold", "no change", "edit event", "edit leader", "edit template", "in-server rebuild",
               "save to served", "peak_mib"] + (["hugo", "cold / hugo", "hugo beside edits", "edit event / hugo",
                                                 "hugo pages only", "cold / hugo pages only", "hugo pages only beside edits",
                                                 "edit event / hugo pages only", "pelican", "cold / pelican"]
                                                if args.peers else []) \
        + (["cold, one language", "cold, two languages", "two languages / one"] if args.editions else [])
    table = header + "| N | " + " | ".join(columns) + " |\n|" + "---|" * (len(columns) + 1) + "\n"
    print(table, end="", flush=True)
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as temporary:
            work = Path(temporary)
            content = write_corpus(work, size, args.leaders)
            trash = Trash(work)
            peers = peer_timers(work, content, trash) if args.peers else {}
            results = measure_cold(work, content, args.runs, peers, trash)
            hugos = {name: timer for name, timer in peers.items() if name.startswith("hugo")}
            results |= measure_ours(work, content, args.runs, hugos)
            for peer in peers:
                results[f"cold / {peer}"] = results["cold"] / results[peer]
            for peer in hugos:
                results[f"edit event / {peer}"] = results["edit event"] / results[f"{peer} beside edits"]
            if args.editions:
                results |= measure_editions(work, content, size, args.leaders, args.runs, trash)
        row = f"| {size} | " + " | ".join(_format(column, results.get(column)) for column in columns) + " |\n"
        print(row, end="", flush=True)
        table += row
    if args.report:
        append(args.report, table + "\n")


def _format(column: str, value: float | None) -> str:
    if value is None:
        return "–"
    if column == "peak_mib":
        return f"{value:.0f}"
    if " / " in column:
        return f"{value:.2f}×"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


if __name__ == "__main__":
    main()
