"""What a process made lately, kept by a key that stands for everything the value depends on."""

from __future__ import annotations

from typing import Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


class RecentlyUsed(Generic[Key, Value]):
    """At most `size` values by key; the least recently used goes first."""

    def __init__(self, size: int):
        self.size = size
        self._values: dict[Key, Value] = {}

    def get(self, key: Key) -> Value | None:
        value = self._values.pop(key, None)
        if value is not None:
            self._values[key] = value  # the most recently used last
        return value

    def put(self, key: Key, value: Value) -> Value:
        self._values.pop(key, None)
        self._values[key] = value
        while len(self._values) > self.size:
            del self._values[next(iter(self._values))]
        return value
