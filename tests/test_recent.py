"""`generator.recent`: what a process keeps of what it made lately (the compiled templates, the languages)."""

from __future__ import annotations

from generator.recent import RecentlyUsed


def test_the_least_recently_used_goes_first_and_a_value_put_is_handed_back():
    kept: RecentlyUsed[str, int] = RecentlyUsed(size=2)
    assert kept.put("a", 1) == 1 and kept.put("b", 2) == 2
    assert kept.get("a") == 1  # now b is the least recently used
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    kept.put("a", 4)  # put again: the new value, the most recently used
    kept.put("d", 5)
    assert (kept.get("a"), kept.get("c"), kept.get("d")) == (4, None, 5)
