"""Spread CPU-bound work (YAML, Markdown, templates) over every core.

Workers are forked, so they start with the parent's memory (the site, the
Jinja environment) and nothing but results crosses a pipe. Small batches stay
in-process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 200  # below this, one process is faster
_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], *, enabled: bool = True) -> list[Result]:
    """`[function(item) for item in items]`, in order, using every core when it pays."""
    count = workers()
    if not enabled or count < 2 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    global _task
    _task = (function, items)
    try:
        bounds = [(len(items) * i // count, len(items) * (i + 1) // count) for i in range(count)]
        with multiprocessing.get_context("fork").Pool(count) as pool:
            chunks = pool.map(_run_slice, bounds)
    finally:
        _task = None
    return [result for chunk in chunks for result in chunk]


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    function, items = _task
    return [function(items[index]) for index in range(*bounds)]
