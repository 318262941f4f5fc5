"""Work spread over forked workers."""

from __future__ import annotations

import os
import threading
import time

import pytest

from generator.errors import ContentError, ContentErrors
from generator.parallel import parallel_iter, parallel_map
from generator.process import worker_count

# Every test here is about forked workers, whatever share of the cores the suite gives this process.
pytestmark = pytest.mark.usefixtures("build_workers")


@pytest.fixture
def another_thread():
    """A second thread in this process for the test's length: work then stays in this process."""
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    yield
    release.set()
    thread.join()


def _pid(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def test_a_parallel_map_keeps_the_order_and_uses_other_processes():
    results = parallel_map(_pid, list(range(400)))
    assert [square for square, _ in results] == [item * item for item in range(400)]
    assert {pid for _, pid in results} - {os.getpid()}


def test_python_cpu_count_1_keeps_the_work_in_this_process(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PYTHON_CPU_COUNT", "1")
    assert worker_count() == 1
    assert {pid for _, pid in parallel_map(_pid, list(range(400)))} == {os.getpid()}


@pytest.mark.parametrize("setting", ["3", "", "0", "-2", "default", "two"])
def test_python_cpu_count_is_obeyed_when_it_is_a_positive_number(monkeypatch: pytest.MonkeyPatch, setting: str):
    monkeypatch.setenv("PYTHON_CPU_COUNT", setting)
    assert worker_count() == (3 if setting == "3" else len(os.sched_getaffinity(0)))


@pytest.mark.parametrize("count", [200, 201, 207, 1000])
def test_a_parallel_map_keeps_the_order_whatever_the_number_of_items(count: int):
    assert [square for square, _ in parallel_map(_pid, list(range(count)))] == [item * item for item in range(count)]


def _slow_at_first(item: int) -> int:
    if item < 40:  # like a site's year pages, listed before its thousands of event pages
        time.sleep(0.02)
    return os.getpid()


def test_costly_items_at_the_start_are_shared_between_workers():
    pids = parallel_map(_slow_at_first, list(range(400)))
    assert len(set(pids[:40])) == 2  # not one worker left to do all of them while the other waits


def test_parallel_iter_gives_every_item_once_with_its_index():
    results = list(parallel_iter(_pid, list(range(401))))
    assert sorted(index for index, _ in results) == list(range(401))
    assert all(square == index * index for index, (square, _) in results)


def _broken(item: int) -> int:
    if item == 300:
        raise ContentErrors([ContentError("templates/event.html", 3, "template error: boom")])
    return item


def test_an_error_in_a_worker_is_raised_by_the_caller_with_its_file_and_line():
    with pytest.raises(ContentErrors) as raised:
        parallel_map(_broken, list(range(400)))
    assert [str(error) for error in raised.value.errors] == ["templates/event.html:3: template error: boom"]


def test_a_process_with_other_threads_does_not_fork(another_thread: None):
    assert {pid for _, pid in parallel_map(_pid, list(range(400)))} == {os.getpid()}


def test_a_parallel_map_leaves_the_callers_garbage_collector_as_it_was():
    import gc

    before = (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count())
    parallel_map(_pid, list(range(400)))
    assert (gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()) == before
