"""Spread CPU-bound work (YAML, Markdown, templates) over every core.

Workers are forked, so they start with the parent's memory (the site, the
Jinja environment) and nothing but results crosses a pipe. Small batches stay
in-process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 200  # below this, one process is faster
SLICES_PER_WORKER = 4
_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # set in each worker


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], *, enabled: bool = True,
                 min_items: int = MIN_ITEMS) -> list[Result]:
    """`[function(item) for item in items]`, in order, using every core when there are `min_items` or more."""
    count = workers()
    if not enabled or count < 2 or len(items) < min_items:
        return [function(item) for item in items]
    import multiprocessing  # only when there is enough work to share

    if "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    # More slices than workers: a worker that finishes early takes the next slice instead of waiting. Each
    # slice takes every `slices`-th item, so items whose cost depends on their place (a site's year pages
    # come first, its leader pages last) are shared out rather than left to one worker to finish alone.
    slices = min(count * SLICES_PER_WORKER, len(items))
    # Keep the workers' garbage collector off everything they inherit: walking it would cost time and copy
    # every page it touches. (Inherited objects are still freed when unreferenced; only cycles among them
    # would wait for an unfreeze, and builds that fork are short-lived.)
    gc.freeze()
    # Forked workers inherit the task through the initializer's arguments: nothing is pickled.
    with multiprocessing.get_context("fork").Pool(count, initializer=_receive, initargs=(function, items)) as pool:
        chunks = pool.map(_run_slice, [(start, slices) for start in range(slices)], chunksize=1)
    results: list[Any] = [None] * len(items)
    for start, chunk in enumerate(chunks):
        results[start::slices] = chunk
    return results


def _receive(function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _task
    _task = (function, items)


def _run_slice(stride: tuple[int, int]) -> list[Any]:
    function, items = _task
    return [function(items[index]) for index in range(stride[0], len(items), stride[1])]


_NO_ARGUMENT = object()


class Background(Generic[Result]):
    """A function running in a forked helper (see `in_background`)."""

    def __init__(self, function: Callable[..., Result], *, awaits: bool = False,
                 afterwards: Callable[[], Any] | None = None, pid: int | None = None,
                 answers: int | None = None, questions: int | None = None, token: int | None = None):
        self._function, self._awaits, self._afterwards = function, awaits, afterwards
        self._pid, self._answers, self._questions, self._token = pid, answers, questions, token
        self._argument: Any = _NO_ARGUMENT
        self._done_here: tuple[Any] | None = None  # what `afterwards` returned, if it ran here

    @property
    def pid(self) -> int | None:
        """The helper's process id, until its answers are taken or it is abandoned."""
        return self._pid

    def ready(self) -> bool:
        """Whether `result` would return without waiting for the helper."""
        return self._pid is None or self._questions is None and bool(select.select([self._answers], [], [], 0)[0])

    def send(self, argument: Any) -> None:
        """Give the function the argument it awaits (see `in_background`); once."""
        self._argument = argument  # kept, to run the function here if the helper dies
        if self._questions is None:
            return
        questions, self._questions = self._questions, None
        try:
            with os.fdopen(questions, "wb") as pipe:
                pipe.write(pickle.dumps(argument, protocol=pickle.HIGHEST_PROTOCOL))
        except BrokenPipeError:
            pass  # the helper has ended: `result` tells how

    def result(self) -> Result:
        """The function's result (or its exception, raised): the helper's, or, if it died without
        answering or never started, the function's run here and now."""
        if self._pid is None:
            return self._run_here()
        if self._questions is not None:
            raise RuntimeError("the helper awaits its argument: `send` it first")
        outcome = self._next_outcome()
        if outcome is None or not outcome[0] or self._afterwards is None:
            self._reap()
        if outcome is None:
            return self._run_here()
        succeeded, value = outcome
        if not succeeded:
            raise value
        return value

    def afterwards_here(self) -> None:
        """Run `afterwards` here and now, unless the helper has begun it: for a caller that is free first.
        `finish` then returns what it returned."""
        if self._afterwards is not None and self._done_here is None and (self._pid is None or _take(self._token)):
            self._done_here = (self._afterwards(),)

    def finish(self) -> Any:
        """What `afterwards()` returned (see `in_background`), once the function's result was taken: the
        helper's, or, if it died first or never started, run here and now."""
        if self._pid is not None:
            outcome = self._next_outcome()
            self._reap()
            if outcome is not None and self._done_here is None:
                succeeded, value = outcome
                if not succeeded:
                    raise value
                return value
        if self._done_here is None:
            self._done_here = (self._afterwards() if self._afterwards is not None else None,)
        return self._done_here[0]

    def abandon(self) -> None:
        """Stop the helper and forget its answers: the caller failed before it needed them."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            if self._questions is not None:
                os.close(self._questions)
                self._questions = None
            self._reap()

    def _next_outcome(self) -> tuple[bool, Any] | None:
        """The helper's next (succeeded, value); None if it died before handing it over whole."""
        try:
            return pickle.loads(_read_message(self._answers))
        except Exception:  # noqa: BLE001 - no answer: the helper died
            return None

    def _reap(self) -> None:
        os.close(self._answers)
        if self._token is not None:
            os.close(self._token)
            self._token = None
        os.waitpid(self._pid, 0)
        self._pid = None

    def _run_here(self) -> Result:
        if not self._awaits:
            return self._function()
        if self._argument is _NO_ARGUMENT:
            raise RuntimeError("the function awaits its argument: `send` it first")
        return self._function(self._argument)


def in_background(function: Callable[..., Result], *, prepare: Callable[[], Any] | None = None,
                  afterwards: Callable[[], Any] | None = None) -> Background[Result]:
    """Start `function()` in a forked helper, whose result `result()` waits for.

    With `prepare`, the helper runs `prepare()` at once, then waits for the
    argument `send` gives it and runs `function(argument)`: work that needs
    nothing from the caller (imports, say) overlaps the caller's work on what
    the argument will be. `prepare` only saves time: its exceptions are
    ignored, for `function` meets the same failure and reports it.

    With `afterwards`, the helper hands over the function's result, then (if
    the function succeeded) runs `afterwards()`, whose result `finish()` waits
    for: work the caller needs done only before it ends overlaps what the
    caller does with the result. A caller free before the helper is takes it
    over with `afterwards_here()`; one token, which only one of the two can
    take, decides who runs it.

    Without fork, in a process with other threads (a forked child could
    find a lock held forever), or if the fork fails, `function` runs when its
    result is asked for, and `afterwards` when `finish` is called.
    """
    awaits = prepare is not None
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return Background(function, awaits=awaits, afterwards=afterwards)
    answer_reader, answer_writer = os.pipe()
    question_reader, question_writer = os.pipe() if awaits else (None, None)
    for pipe_end in (answer_writer, question_writer):
        if pipe_end is not None:
            _widen(pipe_end)
    token = _token() if afterwards is not None else None
    try:
        pid = os.fork()
    except OSError:  # no process to spare (EAGAIN, ENOMEM): the work is done here, when it is asked for
        for descriptor in (answer_reader, answer_writer, question_reader, question_writer, token):
            if descriptor is not None:
                os.close(descriptor)
        return Background(function, awaits=awaits, afterwards=afterwards)
    if pid == 0:  # the helper: answer, hand the answer over, and leave without running the caller's code
        try:
            os.close(answer_reader)
            if question_writer is not None:
                os.close(question_writer)
            outcome = _outcome(function, prepare, question_reader)
            if outcome is not None:
                _hand_over(answer_writer, outcome)
                if afterwards is not None and outcome[0]:
                    _hand_over(answer_writer, _outcome(afterwards, None, None) if _take(token) else (True, None))
        finally:
            os._exit(0)
    os.close(answer_writer)
    if question_reader is not None:
        os.close(question_reader)
    return Background(function, awaits=awaits, afterwards=afterwards, pid=pid, answers=answer_reader,
                      questions=question_writer, token=token)


def _token() -> int:
    """A pipe's reading end holding one byte: whichever process reads it first has the token."""
    reader, writer = os.pipe()
    os.write(writer, b"!")
    os.close(writer)
    os.set_blocking(reader, False)
    return reader


def _take(token: int) -> bool:
    try:
        return os.read(token, 1) == b"!"
    except BlockingIOError:
        return False


_LENGTH = 8  # bytes of the length that goes before each message on the answers' pipe


def _hand_over(pipe: int, outcome: tuple[bool, Any]) -> None:
    message = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    with open(pipe, "wb", closefd=False) as file:  # writes the whole message, however often the pipe fills
        file.write(len(message).to_bytes(_LENGTH, "little"))
        file.write(message)


def _read_message(pipe: int) -> bytes:
    """The next message on the pipe; EOFError if it ends first."""
    length = int.from_bytes(_read_exactly(pipe, _LENGTH), "little")
    return _read_exactly(pipe, length)


def _read_exactly(pipe: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(pipe, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the pipe ended early")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _outcome(function: Callable[..., Any], prepare: Callable[[], Any] | None,
             questions: int | None) -> tuple[bool, Any] | None:
    """(True, result) or (False, exception); None if the argument never came (the caller gave up)."""
    try:
        if questions is None:
            return True, function()
        try:
            prepare()
        except Exception:  # noqa: BLE001, S110 - see `in_background`: the function meets it again
            pass
        with os.fdopen(questions, "rb") as pipe:
            question = pipe.read()
        return (True, function(pickle.loads(question))) if question else None
    except Exception as error:  # noqa: BLE001 - handed to the caller, who raises it
        return False, error


def _widen(pipe_end: int) -> None:
    # A question or answer bigger than the pipe's buffer (64 KiB) would keep its writer waiting for the reader:
    # the caller until the helper reads, the helper (unable to exit) until the caller reads, 64 KiB at a time.
    try:
        import fcntl

        fcntl.fcntl(pipe_end, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass
