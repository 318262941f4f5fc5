"""Dates at day, month and year precision, and dates known only roughly (circa, before, after)."""

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


def test_the_first_day_is_the_periods_first():
    assert PartialDate(2024, 2).first_day == dt.date(2024, 2, 1)
    assert PartialDate(2024).first_day == dt.date(2024, 1, 1)


# Dates known only roughly: circa, before, after

@pytest.mark.parametrize("text, qualifier, iso, human, written", [
    ("circa 1977", "circa", "1977", "c. 1977", "circa 1977"),
    ("circa 1977-07", "circa", "1977-07", "c. July 1977", "circa 1977-07"),
    ("circa 1977-07-18", "circa", "1977-07-18", "c. 18 July 1977", "circa 1977-07-18"),
    ("before 1977-07-18", "before", "1977-07-18", "before 18 July 1977", "before 1977-07-18"),
    ("before 1977", "before", "1977", "before 1977", "before 1977"),
    ("after 1975-12", "after", "1975-12", "after December 1975", "after 1975-12"),
    ("After  1975-12-02 ", "after", "1975-12-02", "after 2 December 1975", "after 1975-12-02"),
    ("2024-10-24", None, "2024-10-24", "24 October 2024", "2024-10-24"),
])
def test_a_qualified_date_keeps_its_digits_and_shows_its_qualifier(text, qualifier, iso, human, written):
    date = PartialDate.parse(text)
    assert (date.qualifier, date.iso, str(date), date.human, date.written) == (qualifier, iso, iso, human, written)


@pytest.mark.parametrize("text", ["circa 2024-10-24", "before 2024-10-24", "after 2024-10-24", "2024-10", "2024"])
def test_only_an_unqualified_date_to_the_day_is_an_exact_day(text):
    assert not PartialDate.parse(text).exact_day
    assert PartialDate.parse("2024-10-24").exact_day


@pytest.mark.parametrize("text, message", [
    ("around 1977", "'around 1977' is not a date: the words a date may start with are circa, before and after "
                    "(e.g. 2024-10-24, circa 1977, before 1977-07-18, after 1975-12)"),
    ("c. 1977", "'c. 1977' is not a date: the words a date may start with are circa, before and after "
                "(e.g. 2024-10-24, circa 1977, before 1977-07-18, after 1975-12)"),
    ("circa", "'circa' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY, optionally after circa, before or after "
              "(e.g. 2024-10-24, circa 1977, before 1977-07-18, after 1975-12)"),
    ("circa circa 1977", "'circa circa 1977' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY, optionally after "
                         "circa, before or after (e.g. 2024-10-24, circa 1977, before 1977-07-18, after 1975-12)"),
    ("before 1977-02-30", "'before 1977-02-30' is not a real date: February 1977 has 28 days"),
    ("after 1975-13", "'after 1975-13' has no month 13"),
])
def test_a_bad_qualifier_or_bad_digits_after_one_is_refused_naming_the_accepted_forms(text, message):
    with pytest.raises(ValueError) as refused:
        PartialDate.parse(text)
    assert str(refused.value) == message


def timeline_of(*texts: str) -> list[str]:
    return [date.written for date in sorted(map(PartialDate.parse, texts), key=lambda date: date.sort_key)]


def test_circa_sorts_as_its_date():
    assert timeline_of("1977-07-19", "circa 1977-07-18", "1977-07-17") == ["1977-07-17", "circa 1977-07-18", "1977-07-19"]
    assert PartialDate.parse("circa 1977").sort_key == PartialDate.parse("1977").sort_key


def test_before_sorts_just_before_everything_dated_within_its_digits():
    within_1977 = ["1977", "1977-01", "1977-01-01", "circa 1977-06", "1977-12-31", "after 1977-12"]
    assert timeline_of("1976-12-31", "after 1976", *within_1977, "before 1977") == [
        "1976-12-31", "after 1976", "before 1977", *within_1977]
    assert timeline_of("1977-07-18", "1977-07-17", "before 1977-07-18", "circa 1977-07-18") == [
        "1977-07-17", "before 1977-07-18", "1977-07-18", "circa 1977-07-18"]
    assert timeline_of("1977-07", "1977-06-30", "1977-07-01", "before 1977-07") == [
        "1977-06-30", "before 1977-07", "1977-07", "1977-07-01"]


def test_after_sorts_just_after_everything_dated_within_its_digits():
    within_december = ["1975-12", "before 1975-12-01", "1975-12-01", "circa 1975-12-15", "1975-12-31", "after 1975-12-31"]
    assert timeline_of("1976", "before 1976", "after 1975-12", *within_december, "1975-11-30") == [
        "1975-11-30", *within_december, "after 1975-12", "before 1976", "1976"]
    assert timeline_of("after 1975", "1975-12-31", "after 1975-12", "1976-01-01") == [
        "1975-12-31", "after 1975-12", "after 1975", "1976-01-01"]
    assert timeline_of("1975-12-05", "after 1975-12-05", "1975-12-06") == ["1975-12-05", "after 1975-12-05", "1975-12-06"]


def test_a_qualified_dates_first_day_is_its_digits():
    # Feeds, JSON-LD and the calendar's windows use the digits; the qualifier is shown, not computed with.
    assert (PartialDate.parse("before 1977-07-18").first_day, PartialDate.parse("after 1975-12").first_day) == (
        dt.date(1977, 7, 18), dt.date(1975, 12, 1))
