"""The suite's tiers: conftest marks a test `browser` or `slow` from the fixtures it uses, so `-m` selects by them;
and what the conftest sets for every process of a run: the cores a build uses, where temporary files go."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

import conftest
from conftest import SLOW_FIXTURES

TESTS = Path(__file__).parent
# For a pytest run of its own on the conftest: where it finds the helpers (browser.py) and the generator.
TESTS_AND_PROJECT = os.pathsep.join([str(TESTS), str(TESTS.parent)])


@pytest.fixture
def tiny(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project with this suite's conftest and pytest settings, and a test file using each kind of fixture."""
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT"):  # its run is not one of this run's workers
        monkeypatch.delenv(name, raising=False)
    conftest = (TESTS / "conftest.py").read_text(encoding="utf-8")
    pytester.makeconftest(conftest)
    pytester.makepyprojecttoml((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    # Stand-ins for the slow fixtures a test module defines (the state machine's), not for those conftest does.
    stand_ins = "".join(f"@pytest.fixture\ndef {name}():\n    pass\n\n"
                        for name in SLOW_FIXTURES if f"\ndef {name}(" not in conftest)
    uses_each_slow_fixture = "".join(f"def test_uses_{name}({name}):\n    pass\n\n" for name in SLOW_FIXTURES)
    pytester.makepyfile(test_tiny=f"""
import pytest

{stand_ins}
@pytest.fixture
def page(browser):
    pass


@pytest.fixture
def site(corpus):
    pass


def test_plain(tmp_path):
    pass


def test_browser(browser):
    pass


def test_browser_through_a_fixture(page):
    pass


def test_slow_through_a_fixture(site):
    pass


def test_browser_and_slow(page, serve):
    pass


{uses_each_slow_fixture}""")
    return pytester


def selected(pytester: pytest.Pytester, expression: str) -> set[str]:
    """The names of the tests `-m EXPRESSION` selects (collected only: nothing runs)."""
    result = pytester.runpytest_inprocess("--collect-only", "-q", "-p", "no:cacheprovider", "-m", expression)
    assert result.ret in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED), result.stdout.str()
    return {line.split("::")[1] for line in result.outlines if line.startswith("test_tiny.py::")}


def test_the_browser_fixture_marks_a_test_browser_directly_or_through_another_fixture(tiny: pytest.Pytester):
    assert selected(tiny, "browser") == {"test_browser", "test_browser_through_a_fixture", "test_browser_and_slow"}


def test_each_slow_fixture_marks_a_test_slow_directly_or_through_another_fixture(tiny: pytest.Pytester):
    assert SLOW_FIXTURES.keys() >= {"benchmark_corpus", "nu_checker", "serve", "hugo", "edit_sequences"}
    assert selected(tiny, "slow") == {f"test_uses_{name}" for name in SLOW_FIXTURES} | {
        "test_slow_through_a_fixture", "test_browser_and_slow"}


def test_the_fast_tier_is_what_uses_neither(tiny: pytest.Pytester):
    assert selected(tiny, "not browser and not slow") == {"test_plain"}


def test_a_test_worker_keeps_builds_to_its_share_of_the_cores_and_its_files_where_they_cost_least(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTHON_CPU_COUNT", "TMPDIR",
                 "PYTHONPYCACHEPREFIX"):  # this run's own
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as some machines' images set it
    monkeypatch.setenv("XDG_CACHE_HOME", str(pytester.path / "cache"))
    if sys.pycache_prefix:  # its run starts with what this run compiled: only `made_here` is new to it
        shutil.copytree(sys.pycache_prefix, pytester.path / "cache" / "vn-lao-tests" / "pycache")
    monkeypatch.setenv("PYTHONPATH", TESTS_AND_PROJECT)
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(made_here="MADE = True")
    pytester.makepyfile(test_settings="""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import MEMORY_TEMP, MEMORY_TEMP_ROOM
from generator.parallel import parallel_map
from generator.process import worker_count


def _pid(item):
    return os.getpid()


def test_a_build_keeps_to_this_workers_share():
    assert worker_count() == max(1, len(os.sched_getaffinity(0)) // 2)


def test_build_workers_forks_as_build_py_does(build_workers):
    assert set(parallel_map(_pid, list(range(400)))) - {os.getpid()}


def test_temporary_files_go_to_memory_when_it_has_room():
    room = os.statvfs(MEMORY_TEMP)
    has_room = room.f_bavail * room.f_frsize >= MEMORY_TEMP_ROOM
    assert (tempfile.gettempdir() == str(MEMORY_TEMP) == os.environ.get("TMPDIR")) == has_room


def test_compiled_modules_are_kept_in_the_tests_cache_not_beside_the_sources():
    subprocess.run([sys.executable, "-c", "import made_here"], check=True)
    assert [path.name for path in (Path(os.environ["XDG_CACHE_HOME"]) / "vn-lao-tests" / "pycache").rglob("*.pyc")
            if path.name.startswith("made_here.")]
    assert not Path("__pycache__", f"made_here.{sys.implementation.cache_tag}.pyc").exists()
    assert not sys.dont_write_bytecode
""")
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2").assert_outcomes(passed=4)


BROWSER_MODULE = """
def test_browser(browser):
    devtools = browser.new_browser_cdp_session()
    processes = devtools.send("SystemInfo.getProcessInfo")["processInfo"]
    with open("browsers.txt", "a") as browsers:
        browsers.write(f"{[process['id'] for process in processes if process['type'] == 'browser']}\\n")
"""


@pytest.fixture
def pytester_with_chromium(pytester: pytest.Pytester, browser) -> pytest.Pytester:
    """A pytester whose run drives chromium: in the `browser` tier, like the tests it runs, with chromium there."""
    return pytester


def test_the_browser_is_kept_from_module_to_module_and_stopped_for_a_test_that_forks(
        pytester_with_chromium: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    pytester = pytester_with_chromium
    monkeypatch.setenv("PYTHONPATH", TESTS_AND_PROJECT)
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(test_a_browser=BROWSER_MODULE, test_b_browser=BROWSER_MODULE, test_d_browser=BROWSER_MODULE,
                        test_c_forks="""
import os

from generator.parallel import parallel_map


def _pid(item):
    return os.getpid()


def test_build_workers_forks(build_workers):
    assert set(parallel_map(_pid, list(range(400)))) - {os.getpid()}
""")
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "0").assert_outcomes(passed=4)
    first, second, after_the_fork = (pytester.path / "browsers.txt").read_text().split("\n")[:3]
    assert first == second != after_the_fork


def test_n_auto_starts_one_worker_more_than_the_cores_unless_a_person_says_how_many(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    monkeypatch.setenv("PYTHON_CPU_COUNT", "2")
    assert conftest.pytest_xdist_auto_num_workers(None) == 3
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "5")
    assert conftest.pytest_xdist_auto_num_workers(None) is None  # pytest-xdist reads it then


def test_a_persons_own_settings_stay(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    monkeypatch.setenv("PYTHON_CPU_COUNT", "3")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path / "compiled"))
    conftest.pytest_configure(None)
    assert [os.environ[name] for name in ("PYTHON_CPU_COUNT", "TMPDIR", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
            ] == ["3", str(tmp_path), "1", str(tmp_path / "compiled")]


def test_only_the_files_of_tests_that_failed_are_kept(pytester: pytest.Pytester):
    pytester.makepyprojecttoml((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    pytester.makepyfile(test_files="""
def made(tmp_path):
    with open("made.txt", "a") as made:
        made.write(f"{tmp_path}\\n")
    (tmp_path / "page.html").write_text("a page")


def test_passes(tmp_path):
    made(tmp_path)


def test_fails(tmp_path):
    made(tmp_path)
    assert False
""")
    pytester.runpytest_inprocess("-p", "no:cacheprovider", "-n", "0").assert_outcomes(passed=1, failed=1)
    made = (pytester.path / "made.txt").read_text().split()
    assert [Path(path).name for path in made if (Path(path) / "page.html").exists()] == ["test_fails0"]


def test_the_nu_checker_reports_the_invalid_page_and_not_the_valid_one(nu_checker, tmp_path: Path):
    (tmp_path / "valid.html").write_text('<!DOCTYPE html><html lang="en"><title>Valid</title><p>A page.</p>')
    (tmp_path / "invalid.html").write_text('<!DOCTYPE html><html lang="en"><title>Invalid</title><p><div></p>')
    checked = nu_checker(str(tmp_path / "valid.html"), str(tmp_path / "invalid.html"))
    assert checked.returncode != 0
    assert "invalid.html" in checked.stdout + checked.stderr and "/valid.html" not in checked.stdout + checked.stderr


def test_the_longest_modules_are_collected_first_and_a_run_can_store_how_long_each_took(pytester: pytest.Pytester):
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyprojecttoml((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    pytester.makepyfile(test_a="def test_one():\n    pass\n\ndef test_two():\n    pass\n",
                        test_b="import time\n\ndef test_one():\n    time.sleep(0.3)\n\ndef test_two():\n    pass\n",
                        test_new="def test_one():\n    pass\n")
    pytester.path.joinpath("module_seconds.json").write_text('{"test_a.py": 0.1, "test_b.py": 2.0}')

    def collected() -> list[str]:
        result = pytester.runpytest_inprocess("--collect-only", "-q", "-p", "no:cacheprovider", "-n", "0")
        return [line for line in result.outlines if "::" in line]

    # pytest-xdist hands out whole modules in this order, not by their number of tests.
    assert pytester.parseconfigure().option.loadscopereorder is False
    assert collected() == ["test_b.py::test_one", "test_b.py::test_two", "test_a.py::test_one", "test_a.py::test_two",
                           "test_new.py::test_one"]  # a module not measured yet goes last
    pytester.runpytest_inprocess("-p", "no:cacheprovider", "-n", "2", "--store-module-seconds").assert_outcomes(passed=5)
    stored = json.loads(pytester.path.joinpath("module_seconds.json").read_text())
    assert stored.keys() == {"test_a.py", "test_b.py", "test_new.py"} and stored["test_b.py"] >= 0.3 > stored["test_a.py"]
    # A run of some modules stores theirs and keeps the others'; a module whose file is gone leaves.
    pytester.path.joinpath("test_new.py").unlink()
    pytester.runpytest_inprocess("-p", "no:cacheprovider", "-n", "0", "--store-module-seconds", "test_a.py"
                                 ).assert_outcomes(passed=2)
    after = json.loads(pytester.path.joinpath("module_seconds.json").read_text())
    assert after.keys() == {"test_a.py", "test_b.py"} and after["test_b.py"] == stored["test_b.py"]
