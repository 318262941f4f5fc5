"""Work spread over processes: worker pools and background helpers."""

from __future__ import annotations

import os
import threading

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
    assert in_background(os.getpid)() != os.getpid()


def test_a_background_helpers_error_is_raised_by_the_caller():
    def broken() -> None:
        raise ContentErrors([ContentError("templates/event.html", 3, "template error: boom")])

    waiting = in_background(broken)
    with pytest.raises(ContentErrors) as raised:
        waiting()
    assert [str(error) for error in raised.value.errors] == ["templates/event.html:3: template error: boom"]


def test_the_work_of_a_helper_that_dies_is_done_by_the_caller():
    caller = os.getpid()

    def dies_elsewhere() -> int:
        if os.getpid() != caller:
            os._exit(3)
        return caller

    assert in_background(dies_elsewhere)() == caller


def test_a_process_with_other_threads_does_not_fork():
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert in_background(os.getpid)() == os.getpid()
    finally:
        release.set()
        thread.join()
