"""Work spread over processes: worker pools and background helpers."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from generator.content import ContentError, ContentErrors
from generator.parallel import in_background, parallel_map


@pytest.fixture
def another_thread():
    """A second thread in this process for the test's length: `in_background` then does not fork."""
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


def test_a_process_with_other_threads_does_not_fork(another_thread: None):
    assert in_background(os.getpid).result() == os.getpid()


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert path.exists()


def test_an_abandoned_helper_is_stopped_and_leaves_nothing_open(tmp_path: Path):
    started = tmp_path / "started"

    def forever() -> None:
        started.touch()
        while True:
            time.sleep(1)

    helper = in_background(forever)
    _wait_for(started)
    descriptors, pid = len(os.listdir("/proc/self/fd")), helper.pid
    helper.abandon()
    assert len(os.listdir("/proc/self/fd")) == descriptors - 1  # the answers' pipe is closed
    assert not Path(f"/proc/{pid}").exists()  # stopped and reaped: not even a zombie is left


def test_a_helper_prepares_before_its_argument_is_sent(tmp_path: Path):
    prepared = tmp_path / "prepared"
    helper = in_background(lambda argument: (os.getpid(), argument + 1), prepare=prepared.touch)
    _wait_for(prepared)  # prepare ran while the caller still had nothing to send
    helper.send(41)
    pid, answer = helper.result()
    assert answer == 42 and pid != os.getpid()


def test_an_argument_bigger_than_a_pipe_holds_is_handed_over_whole():
    argument = [f"events/{number}/index.html" for number in range(200_000)]  # ~5 MB pickled

    def slow_to_prepare() -> None:
        time.sleep(0.2)  # the caller's `send` must wait, not fail, while the helper is busy

    helper = in_background(len, prepare=slow_to_prepare)
    helper.send(argument)
    assert helper.result() == len(argument)


def test_a_failed_preparation_is_ignored_and_the_functions_error_is_raised():
    def fails() -> None:
        raise RuntimeError("prepare failed")

    def needs_what_prepare_made(argument: str) -> None:
        raise ContentErrors([ContentError("templates/base.html", 1, f"template error: {argument}")])

    helper = in_background(needs_what_prepare_made, prepare=fails)
    helper.send("boom")
    with pytest.raises(ContentErrors) as raised:
        helper.result()
    assert [str(error) for error in raised.value.errors] == ["templates/base.html:1: template error: boom"]


def test_the_argument_reaches_the_caller_if_the_awaiting_helper_dies():
    caller = os.getpid()

    def dies_elsewhere(argument: int) -> tuple[int, int]:
        if os.getpid() != caller:
            os._exit(3)
        return caller, argument

    helper = in_background(dies_elsewhere, prepare=lambda: None)
    helper.send(7)
    assert helper.result() == (caller, 7)


def test_without_a_helper_an_awaiting_function_runs_in_the_caller_unprepared(another_thread: None):
    prepared: list[int] = []
    helper = in_background(lambda argument: (os.getpid(), argument), prepare=lambda: prepared.append(1))
    helper.send("x")
    assert helper.result() == (os.getpid(), "x") and prepared == []


def test_an_awaiting_helper_cannot_answer_before_it_is_sent_its_argument():
    helper = in_background(lambda argument: argument, prepare=lambda: None)
    try:
        with pytest.raises(RuntimeError, match="send"):
            helper.result()
    finally:
        helper.abandon()


def test_an_awaiting_helper_abandoned_before_its_argument_leaves_nothing_open(tmp_path: Path):
    prepared = tmp_path / "prepared"
    descriptors = len(os.listdir("/proc/self/fd"))
    helper = in_background(lambda argument: argument, prepare=prepared.touch)
    _wait_for(prepared)
    pid = helper.pid
    helper.abandon()
    assert len(os.listdir("/proc/self/fd")) == descriptors  # both pipes closed
    assert not Path(f"/proc/{pid}").exists()


def test_a_helper_is_ready_once_its_answer_is_handed_over(tmp_path: Path):
    go_on = tmp_path / "go on"

    def waits_for_the_caller() -> int:
        _wait_for(go_on)
        return os.getpid()

    helper = in_background(waits_for_the_caller)
    assert not helper.ready()
    go_on.touch()
    deadline = time.monotonic() + 10
    while not helper.ready() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert helper.ready() and helper.result() != os.getpid()


def test_a_helper_hands_over_its_result_before_it_does_what_comes_afterwards(tmp_path: Path):
    result_taken, afterwards_ran = tmp_path / "result taken", tmp_path / "afterwards ran"

    def afterwards() -> tuple[int, bool]:
        _wait_for(result_taken)  # the caller has the result while this still waits
        afterwards_ran.touch()
        return os.getpid(), afterwards_ran.exists()

    helper = in_background(os.getpid, afterwards=afterwards)
    pid = helper.result()
    assert pid != os.getpid() and not afterwards_ran.exists()
    result_taken.touch()
    assert helper.finish() == (pid, True)
    assert not Path(f"/proc/{pid}").exists()  # reaped


def test_what_comes_afterwards_is_done_by_the_caller_if_the_helper_dies_first():
    caller = os.getpid()

    def dies_elsewhere() -> int:
        if os.getpid() != caller:
            os._exit(3)
        return caller

    helper = in_background(os.getpid, afterwards=dies_elsewhere)
    assert helper.result() != caller
    assert helper.finish() == caller


def test_an_error_afterwards_is_raised_by_finish():
    def broken() -> None:
        raise OSError(28, "No space left on device")

    helper = in_background(os.getpid, afterwards=broken)
    helper.result()
    with pytest.raises(OSError, match="No space left"):
        helper.finish()


def test_nothing_comes_afterwards_when_the_function_fails(tmp_path: Path):
    afterwards_ran = tmp_path / "afterwards ran"

    def broken() -> None:
        raise ContentErrors([ContentError("templates/event.html", 3, "template error: boom")])

    helper = in_background(broken, afterwards=afterwards_ran.touch)
    with pytest.raises(ContentErrors):
        helper.result()
    assert helper.pid is None and not afterwards_ran.exists()


def test_without_a_helper_what_comes_afterwards_runs_when_finish_is_called(another_thread: None):
    ran: list[int] = []
    helper = in_background(os.getpid, afterwards=lambda: ran.append(os.getpid()) or len(ran))
    assert helper.result() == os.getpid() and ran == []
    assert helper.finish() == 1 and ran == [os.getpid()]


def test_a_caller_free_first_does_what_comes_afterwards_and_the_helper_does_not(tmp_path: Path):
    go_on, ran = tmp_path / "go on", tmp_path / "ran"

    def slow() -> int:
        _wait_for(go_on)
        return os.getpid()

    def afterwards() -> int:
        with ran.open("a") as log:
            log.write(f"{os.getpid()}\n")
        return os.getpid()

    helper = in_background(slow, afterwards=afterwards)
    helper.afterwards_here()  # the helper is still at its function
    go_on.touch()
    assert helper.result() != os.getpid()
    assert helper.finish() == os.getpid()
    assert ran.read_text() == f"{os.getpid()}\n"  # once, here


def test_what_the_helper_has_begun_afterwards_is_left_to_it(tmp_path: Path):
    begun, go_on = tmp_path / "begun", tmp_path / "go on"

    def afterwards() -> int:
        begun.touch()
        _wait_for(go_on)
        return os.getpid()

    helper = in_background(os.getpid, afterwards=afterwards)
    pid = helper.result()
    _wait_for(begun)
    helper.afterwards_here()  # too late: the helper has it
    go_on.touch()
    assert helper.finish() == pid != os.getpid()


def test_without_a_helper_what_comes_afterwards_runs_once_where_it_is_taken_over(another_thread: None):
    ran: list[int] = []
    helper = in_background(os.getpid, afterwards=lambda: ran.append(1) or len(ran))
    helper.afterwards_here()
    assert ran == [1]
    assert helper.result() == os.getpid() and helper.finish() == 1 and ran == [1]


@pytest.mark.parametrize("taken_over", [False, True])
def test_a_helper_with_work_afterwards_leaves_nothing_open(tmp_path: Path, taken_over: bool):
    descriptors = len(os.listdir("/proc/self/fd"))
    helper = in_background(os.getpid, afterwards=os.getpid)
    if taken_over:
        helper.afterwards_here()
    pid = helper.result()
    helper.finish()
    assert len(os.listdir("/proc/self/fd")) == descriptors  # the answers' pipe and the token closed
    assert not Path(f"/proc/{pid}").exists()


@pytest.mark.parametrize("prepare", [None, lambda: None])
def test_when_no_process_can_be_forked_the_work_is_done_here(monkeypatch: pytest.MonkeyPatch, prepare):
    def no_process_to_spare() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_process_to_spare)
    descriptors = len(os.listdir("/proc/self/fd"))
    helper = in_background(os.getpid if prepare is None else lambda argument: (os.getpid(), argument),
                           prepare=prepare, afterwards=os.getpid)
    assert len(os.listdir("/proc/self/fd")) == descriptors  # every pipe closed again
    if prepare is not None:
        helper.send("x")
        assert helper.result() == (os.getpid(), "x")
    else:
        assert helper.result() == os.getpid()
    assert helper.finish() == os.getpid()
