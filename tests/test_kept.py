"""What a rebuild keeps of the last one's per-record work (`kept`) is what making it anew gives, whatever changed."""

from __future__ import annotations

import random

from generator.kept import KeptOrder, PerItem


class Record:
    """An immutable stand-in for a record: equal fields, yet another object."""

    def __init__(self, key: int, name: str):
        self.key, self.name = key, name


def test_per_item_makes_again_only_what_is_not_the_same_object():
    made = []
    per_item = PerItem(lambda record: made.append(record) or (record.key, record.name))
    records = [Record(number % 7, f"r{number}") for number in range(50)]
    assert per_item(records) == [(record.key, record.name) for record in records]
    made.clear()
    records[10] = Record(3, "saved")
    assert per_item(records) == [(record.key, record.name) for record in records]
    assert made == [records[10]]
    made.clear()
    assert per_item(records[:-1]) == [(record.key, record.name) for record in records[:-1]]  # one removed: all again
    assert len(made) == 49


def test_a_kept_order_is_sorted_order_after_any_edits():
    rng = random.Random(18)
    order = KeptOrder(lambda record: record.key)
    records = [Record(rng.randrange(10), f"r{number}") for number in range(200)]
    for _ in range(300):
        change = rng.random()
        index = rng.randrange(len(records))
        if change < 0.5:  # a save that keeps the key: the last sort is reused
            records[index] = Record(records[index].key, records[index].name + "'")
        elif change < 0.8:  # a save that changes it
            records[index] = Record(rng.randrange(10), records[index].name)
        elif change < 0.9:
            records.insert(index, Record(rng.randrange(10), "new"))
        else:
            del records[index]
        assert order(records) == sorted(records, key=lambda record: record.key)  # ties in the given order too
