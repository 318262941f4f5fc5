"""Dates at day, month and year precision."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.dates import PartialDate


@pytest.mark.parametrize("text, iso, human, precision", [
    ("2024-10-24", "2024-10-24", "24 October 2024", "day"),
    ("2024-10", "2024-10", "October 2024", "month"),
    ("1975", "1975", "1975", "year"),
])
def test_each_precision_is_shown_at_that_precision(text, iso, human, precision):
    date = PartialDate.parse(text)
    assert (date.iso, date.human, date.precision) == (iso, human, precision)


@pytest.mark.parametrize("text", ["2025-02-29", "2024-00", "2024-13-01", "2024-1-1", "24-10-2024", "2024-10-24T10:00"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_a_leap_day_is_a_real_date():
    assert PartialDate.parse("2024-02-29").first_day == dt.date(2024, 2, 29)


def test_less_precise_dates_sort_first_within_their_period():
    dates = [PartialDate.parse(t) for t in ("2024-10-24", "2024", "2024-10", "2023-12-31", "2024-01-01")]
    assert [d.iso for d in sorted(dates, key=lambda d: d.sort_key)] == ["2023-12-31", "2024", "2024-01-01", "2024-10", "2024-10-24"]


def test_first_and_last_days_span_the_period():
    assert (PartialDate(2024, 2).first_day, PartialDate(2024, 2).last_day) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert PartialDate(2024).last_day == dt.date(2024, 12, 31)
