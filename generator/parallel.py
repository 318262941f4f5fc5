"""Spread CPU-bound work (YAML, Markdown, templates) over every core, in forked workers.

Workers are forked, so they start with the parent's memory (the site, the
Jinja environment) and nothing but results crosses a pipe. Small batches stay
in-process, where starting workers would cost more than it saves. Nothing here
changes the calling process's state: what forked workers do to theirs is
`process`'s policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from .process import can_fork, worker_count

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 200  # below this, one process is faster
SLICES_PER_WORKER = 4
_task: tuple[Callable[[Any], Any], Sequence[Any], int] | None = None  # set in each worker


def parallel_iter(function: Callable[[Item], Result], items: Sequence[Item], *, enabled: bool = True,
                  min_items: int = MIN_ITEMS) -> Iterator[tuple[int, Result]]:
    """(index, `function(item)`) for each item, as workers finish them (in no set order), using every core when
    there are `min_items` or more."""
    count = worker_count()
    if not enabled or count < 2 or len(items) < min_items or not can_fork():
        yield from ((index, function(item)) for index, item in enumerate(items))
        return
    import multiprocessing  # only when there is enough work to share

    # More slices than workers: a worker that finishes early takes the next slice instead of waiting. Each
    # slice takes every `slices`-th item, so items whose cost depends on their place (a site's year pages
    # come first, its leader pages last) are shared out rather than left to one worker to finish alone.
    slices = min(count * SLICES_PER_WORKER, len(items))
    # Forked workers inherit the task through the initializer's arguments: nothing is pickled.
    with multiprocessing.get_context("fork").Pool(count, initializer=_receive, initargs=(function, items, slices)) as pool:
        for start, results in pool.imap_unordered(_run_slice, range(slices)):
            yield from zip(range(start, len(items), slices), results)


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
