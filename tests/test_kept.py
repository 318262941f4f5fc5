"""What a rebuild keeps of the last one's per-record work (`kept`) is what making it anew gives, whatever changed."""

from __future__ import annotations

import random

from generator.kept import KeptGroups, KeptOrder, PerItem


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


def grouped(records: list[Record]) -> list[tuple[int, tuple[Record, ...]]]:
    """What `KeptGroups` must give: grouped anew, in the order of each group's first record (odd keys in none)."""
    groups: dict[int, list[Record]] = {}
    for record in records:
        if record.key % 2 == 0:
            groups.setdefault(record.key, []).append(record)
    return [(key, tuple(members)) for key, members in groups.items()]


def test_kept_groups_are_the_groups_made_anew_after_any_edits():
    rng = random.Random(4000)
    groups = KeptGroups(lambda record: record.key if record.key % 2 == 0 else None, lambda key, members: (key, members))
    records = [Record(rng.randrange(12), f"r{number}") for number in range(150)]
    assert groups(records) == grouped(records)
    for _ in range(300):
        change = rng.random()
        index = rng.randrange(len(records))
        if change < 0.6:  # a save that keeps the key: only its group is made again
            before = groups(records)
            records[index] = Record(records[index].key, records[index].name + "'")
            after = groups(records)
            assert [old is new for old, new in zip(before, after)].count(False) == (records[index].key % 2 == 0)
        elif change < 0.85:
            records[index] = Record(rng.randrange(12), records[index].name)
        elif change < 0.95:
            records.insert(index, Record(rng.randrange(12), "new"))
        else:
            del records[index]
        assert groups(records) == grouped(records)
