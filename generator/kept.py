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
from typing import Any, Generic, NamedTuple, TypeVar

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
        # The items as last given, their keys, and their places in sorted order: one tuple, replaced at once, so
        # that a call in another thread sees the state before or after this one's.
        self._last: tuple[tuple[Item, ...], list[Any], list[int]] = ((), [], [])

    def __call__(self, items: Sequence[Item]) -> list[Item]:
        items, key = tuple(items), self._key
        last_items, keys, order = self._last
        if len(items) != len(last_items) or any(key(items[index]) != keys[index]
                                                for index in _replaced(items, last_items)):
            keys = list(map(key, items))
            order = sorted(range(len(items)), key=keys.__getitem__)  # stable: as sorting `items` itself
        self._last = (items, keys, order)
        return [items[index] for index in order]


Key = TypeVar("Key")
Group = TypeVar("Group")


class KeptGroups(Generic[Item, Key, Group]):
    """The items of a sequence grouped by `key` (an item whose key is None is in no group): `make(key, items)` of
    each group, its items in their order, the groups in the order of their first items. A group is made again
    only where an item is not the object the last call had at its place; everything is grouped again when
    items were added or removed, or one replaced by an item with another key."""

    def __init__(self, key: Callable[[Item], Key | None], make: Callable[[Key, tuple[Item, ...]], Group]):
        self._key, self._make = key, make
        self._last = _Grouped((), [], [], [], ())

    def __call__(self, items: Sequence[Item]) -> list[Group]:
        items, key, last = tuple(items), self._key, self._last
        replaced = _replaced(items, last.items) if len(items) == len(last.items) else None
        if replaced is None or any(key(items[index]) != last.keys[index] for index in replaced):
            self._last = self._grouped(items)
        else:
            groups = list(last.groups)
            for number in {last.group_of[index] for index in replaced} - {None}:
                places = last.places[number]
                groups[number] = self._make(last.keys[places[0]], tuple([items[place] for place in places]))
            self._last = last._replace(items=items, groups=tuple(groups))
        return list(self._last.groups)

    def _grouped(self, items: tuple[Item, ...]) -> _Grouped:
        keys = list(map(self._key, items))
        by_key: dict[Any, list[int]] = {}
        for place, found in enumerate(keys):
            if found is not None:
                by_key.setdefault(found, []).append(place)
        places = list(by_key.values())
        group_of: list[int | None] = [None] * len(items)
        for number, members in enumerate(places):
            for place in members:
                group_of[place] = number
        groups = tuple(self._make(found, tuple([items[place] for place in members]))
                       for found, members in by_key.items())
        return _Grouped(items, keys, places, group_of, groups)


class _Grouped(NamedTuple):
    """What `KeptGroups` last made: one tuple, replaced at once (see `KeptOrder`)."""

    items: tuple[Any, ...]  # as given
    keys: list[Any]  # their keys
    places: list[list[int]]  # the places of each group's items
    group_of: list[int | None]  # the group of each item, by its place
    groups: tuple[Any, ...]
