"""Spread CPU-bound work (YAML, Markdown, templates) over every core, in forked workers.

Workers are forked, so they start with the parent's memory (the site, the
Jinja environment) and nothing but results crosses a pipe. Small batches stay
in-process, where starting workers would cost more than it saves. Nothing here
changes the calling process's state: what forked workers do to theirs is
`process`'s policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from .process import can_fork, worker_count

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 200  # below this, one process is faster
SLICES_PER_WORKER = 4
_task: tuple[Callable[[Any], Any], Sequence[Any], int] | None = None  # set in each worker


class Started(Generic[Result]):
    """Work begun by `start`: on other cores, or (too little of it, or no fork) left to do when asked for."""

    def __init__(self, function: Callable[[Any], Result], items: Sequence[Any], pool: Any = None,
                 slices: Iterator[tuple[int, list[Result]]] | None = None, stride: int = 1):
        self._function, self._items, self._pool, self._slices, self._stride = function, items, pool, slices, stride

    def results(self) -> Iterator[tuple[int, Result]]:
        """(index, `function(item)`) for each item, as they are done, in no set order."""
        if self._pool is None:
            yield from ((index, self._function(item)) for index, item in enumerate(self._items))
            return
        try:
            for first, results in self._slices:
                yield from zip(range(first, len(self._items), self._stride), results)
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Stop the workers (done, or no longer wanted)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def start(function: Callable[[Item], Result], items: Sequence[Item], *, enabled: bool = True,
          min_items: int = MIN_ITEMS) -> Started[Result]:
    """Begin `function(item)` for every item on every core, when there are `min_items` or more. The caller may
    do other work meanwhile, in this process only: forking is unsafe while the workers' pool runs its threads."""
    count = worker_count()
    if not enabled or count < 2 or len(items) < min_items or not can_fork():
        return Started(function, items)
    import multiprocessing  # only when there is enough work to share

    # More slices than workers: a worker that finishes early takes the next slice instead of waiting. Each
    # slice takes every `slices`-th item, so items whose cost depends on their place (a site's year pages
    # come first, its leader pages last) are shared out rather than left to one worker to finish alone.
    slices = min(count * SLICES_PER_WORKER, len(items))
    # Forked workers inherit the task through the initializer's arguments: nothing is pickled.
    pool = multiprocessing.get_context("fork").Pool(count, initializer=_receive, initargs=(function, items, slices))
    return Started(function, items, pool, pool.imap_unordered(_run_slice, range(slices)), slices)


def parallel_iter(function: Callable[[Item], Result], items: Sequence[Item], *, enabled: bool = True,
                  min_items: int = MIN_ITEMS) -> Iterator[tuple[int, Result]]:
    """(index, `function(item)`) for each item, as workers finish them (in no set order), using every core when
    there are `min_items` or more."""
    return start(function, items, enabled=enabled, min_items=min_items).results()


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], *, enabled: bool = True,
                 min_items: int = MIN_ITEMS) -> list[Result]:
    """`[function(item) for item in items]`, in order, using every core when there are `min_items` or more."""
    results: list[Any] = [None] * len(items)
    for index, result in parallel_iter(function, items, enabled=enabled, min_items=min_items):
        results[index] = result
    return results


def _receive(function: Callable[[Any], Any], items: Sequence[Any], slices: int) -> None:
    global _task
    _task = (function, items, slices)


def _run_slice(start: int) -> tuple[int, list[Any]]:
    function, items, slices = _task
    return start, [function(items[index]) for index in range(start, len(items), slices)]
