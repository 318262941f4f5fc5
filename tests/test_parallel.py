"""Work spread over processes: worker pools and background helpers."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from generator.content import ContentError, ContentErrors
from generator.parallel import in_background, parallel_map


def _pid(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def test_a_parallel_map_keeps_the_order_and_uses_other_processes():
    results = parallel_map(_pid, list(range(400)))
    assert [square for square, _ in results] == [item * item for item in range(400)]
    assert {pid for _, pid in results} - {os.getpid()}


def test_a_background_helper_hands_back_its_result():
    assert in_background(os.getpid).result() != os.getpid()


def test_a_background_helpers_error_is_raised_by_the_caller():
    def broken() -> None:
        raise ContentErrors([ContentError("templates/event.html", 3, "template error: boom")])

    waiting = in_background(broken)
    with pytest.raises(ContentErrors) as raised:
        waiting.result()
    assert [str(error) for error in raised.value.errors] == ["templates/event.html:3: template error: boom"]


def test_the_work_of_a_helper_that_dies_is_done_by_the_caller():
    caller = os.getpid()

    def dies_elsewhere() -> int:
        if os.getpid() != caller:
            os._exit(3)
        return caller

    assert in_background(dies_elsewhere).result() == caller


def test_a_process_with_other_threads_does_not_fork():
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert in_background(os.getpid).result() == os.getpid()
    finally:
        release.set()
        thread.join()


def test_an_abandoned_helper_is_stopped_and_leaves_nothing_open(tmp_path: Path):
    started = tmp_path / "started"

    def forever() -> None:
        started.touch()
        while True:
            time.sleep(1)

    helper = in_background(forever)
    deadline = time.monotonic() + 10
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    descriptors, pid = len(os.listdir("/proc/self/fd")), helper.pid
    helper.abandon()
    assert len(os.listdir("/proc/self/fd")) == descriptors - 1  # the answers' pipe is closed
    assert not Path(f"/proc/{pid}").exists()  # stopped and reaped: not even a zombie is left
