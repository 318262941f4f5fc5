"""What a rebuild derives from each of thousands of records, kept from the last rebuild where the records are the
same objects.

The preview rebuilds after every save, and a save replaces one record of
thousands: the records it keeps are the very objects the last rebuild had (see
`load.ParseCache`). Records are immutable, so what a pure function made of the
same object is still its answer; what is kept here is compared by identity,
never by a key that could stand for a different record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import compress
from operator import is_not
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def _replaced(items: Sequence[Any], last: Sequence[Any]) -> list[int]:
    """The places at which `items` holds another object than `last` (of the same length)."""
    return list(compress(range(len(items)), map(is_not, items, last)))


class PerItem(Generic[Item, Result]):
    """`make` of each item of a sequence, in order, made again only for the items that are not the objects the
    last call had at the same place (`make` must be a function of its item alone)."""

    def __init__(self, make: Callable[[Item], Result]):
        self._make = make
        self._last: tuple[tuple[Item, ...], tuple[Result, ...]] = ((), ())

    def __call__(self, items: Sequence[Item]) -> list[Result]:
        items, (last_items, last_results) = tuple(items), self._last
        if len(items) == len(last_items):
            results = list(last_results)
            for index in _replaced(items, last_items):
                results[index] = self._make(items[index])
        else:
            results = list(map(self._make, items))
        self._last = (items, tuple(results))
        return results


class KeptOrder(Generic[Item]):
    """Sorts items by `key`, as `sorted` does, sorting again only when an item's place may have changed: when
    items were added or removed, or one replaced by an item whose key differs (a save seldom changes a date)."""

    def __init__(self, key: Callable[[Item], Any]) -> None:
        self._key = key
        self._items: tuple[Item, ...] = ()  # as last given
        self._keys: list[Any] = []  # their keys
        self._order: list[int] = []  # their places in sorted order

    def __call__(self, items: Sequence[Item]) -> list[Item]:
        items, key, last, keys = tuple(items), self._key, self._items, self._keys
        if len(items) != len(last) or any(key(items[index]) != keys[index] for index in _replaced(items, last)):
            keys = self._keys = list(map(key, items))
            self._order = sorted(range(len(items)), key=keys.__getitem__)  # stable: as sorting `items` itself
        self._items = items
        return [items[index] for index in self._order]
