"""Dates known to the day, the month or only the year, and dates known only roughly (circa, before, after)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .text import computed_once

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_QUALIFIED = re.compile(r"(?:(\S+)\s+)?(\S+)")
QUALIFIERS = ("circa", "before", "after")
DATE_FORMATS = "YYYY-MM-DD, YYYY-MM or YYYY"
QUALIFIED_FORMATS = f"{DATE_FORMATS}, optionally after circa, before or after"
_EXAMPLES = "e.g. 2024-10-24, circa 1977, before 1977-07-18, after 1975-12"
# Where a qualified date sorts among the dates within its digits (see `PartialDate.sort_key`).
_BEFORE, _WITHIN, _AFTER = 0, 1, 2
_PAST_ANY = 99  # a month or day number after every real one


class PartialDate:
    """A calendar date whose month and day may be unknown, and which may be known only roughly.

    `qualifier` is None for a date as exact as its digits, or `circa`,
    `before` or `after`. `sort_key` puts a year-only date before every dated
    event of that year, and a month-only date before the days of that month;
    a circa date sorts as its digits, "before X" just before everything within
    X and "after X" just after it. Derived forms are computed once per date: a
    large timeline asks for them thousands of times.
    """

    __match_args__ = ("year", "month", "day", "qualifier")
    is_range = False  # a single date, not a `DateRange`: templates ask either kind


    def __init__(self, year: int, month: int | None = None, day: int | None = None, qualifier: str | None = None):
        self.year, self.month, self.day, self.qualifier = year, month, day, qualifier

    def __repr__(self) -> str:
        return f"PartialDate(year={self.year!r}, month={self.month!r}, day={self.day!r}, qualifier={self.qualifier!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.year, self.month, self.day, self.qualifier) == (other.year, other.month, other.day, other.qualifier)

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day, self.qualifier))

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, optionally after `circa`, `before` or `after`; raise
        ValueError with a reason."""
        qualified = _QUALIFIED.fullmatch(text.strip())
        qualifier, digits = qualified.groups() if qualified else (None, text)
        if qualifier is not None and qualifier.lower() not in QUALIFIERS:
            raise ValueError(f"{text!r} is not a date: the words a date may start with are circa, before and "
                             f"after ({_EXAMPLES})")
        match = _ISO.fullmatch(digits)
        if not match:
            raise ValueError(f"{text!r} is not a date in the form {QUALIFIED_FORMATS} ({_EXAMPLES})")
        year, month, day = (int(part) if part else None for part in match.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"{text!r} is not a real date: {calendar.month_name[month]} {year} has {last} days"
                )
        return cls(year, month, day, qualifier.lower() if qualifier else None)

    @computed_once
    def sort_key(self) -> tuple[int, int, int, int]:
        if self.qualifier == "after":  # past every day within the digits, but before the next day, month or year
            return (self.year, self.month or _PAST_ANY, self.day or _PAST_ANY, _AFTER)
        place = _BEFORE if self.qualifier == "before" else _WITHIN
        return (self.year, self.month or 0, self.day or 0, place)

    @property
    def exact_day(self) -> bool:
        """Whether the date names one known day (not a month, a year, or a day known only roughly)."""
        return self.day is not None and self.qualifier is None

    @computed_once
    def calendar_day(self) -> tuple[int, int] | None:
        """(month, day) for a date that names one known day (see `exact_day`), else None."""
        return (self.month, self.day) if self.exact_day else None

    @computed_once
    def month_day(self) -> str:
        """'10-24': the day in the calendar, whatever the year (for a date known to the day)."""
        return f"{self.month:02d}-{self.day:02d}" if self.day is not None else ""

    @property
    def precision(self) -> str:
        """'day', 'month' or 'year'."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @computed_once
    def iso(self) -> str:
        """The date's digits in ISO 8601 at their precision, as used in `<time datetime>` (no qualifier)."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @computed_once
    def written(self) -> str:
        """The date as a content file writes it: 'circa 1977', '2024-10-24'."""
        return f"{self.qualifier} {self.iso}" if self.qualifier else self.iso

    @computed_once
    def human(self) -> str:
        """'24 October 2024', 'October 2024' or '2024', with its qualifier: 'c. 1977', 'before 18 July 1977'."""
        if self.month is None:
            digits = str(self.year)
        elif self.day is None:
            digits = f"{calendar.month_name[self.month]} {self.year}"
        else:
            digits = f"{self.day} {calendar.month_name[self.month]} {self.year}"
        return f"{_SHOWN_QUALIFIER[self.qualifier]}{digits}"

    @computed_once
    def first_day(self) -> dt.date:
        """The earliest calendar day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.iso

    def __getstate__(self) -> dict:  # pickle the date, not the forms computed from it
        return {"year": self.year, "month": self.month, "day": self.day, "qualifier": self.qualifier}


_SHOWN_QUALIFIER = {None: "", "circa": "c. ", "before": "before ", "after": "after "}


class DateRange:
    """The days of an event that lasted several: a first day (a `PartialDate` exact to the day) and a last one.

    Shown the way a reader writes it: "10–13 September 2024", "30 September – 2 October 2024",
    "30 December 2024 – 2 January 2025". `start_text`, `separator` and `end_text` are its three parts, so
    that a page can mark each end up as a `<time>` of its own.
    """

    is_range = True

    def __init__(self, start: PartialDate, end: PartialDate):
        self.start, self.end = start, end

    def __repr__(self) -> str:
        return f"DateRange({self.start!r}, {self.end!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DateRange):
            return NotImplemented
        return (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    @property
    def iso(self) -> str:
        """The first day's digits: where the event sorts and what a single `<time datetime>` gives."""
        return self.start.iso

    @property
    def end_iso(self) -> str:
        return self.end.iso

    @computed_once
    def start_text(self) -> str:
        start, end = self.start, self.end
        if start.year != end.year:
            return start.human
        if start.month != end.month:
            return f"{start.day} {calendar.month_name[start.month]}"
        return str(start.day)

    @property
    def end_text(self) -> str:
        return self.end.human

    @computed_once
    def separator(self) -> str:
        # An en dash, spaced when either side holds more than a number (Chicago and the Guardian's style).
        return "–" if self.start_text.isdigit() else " – "

    @computed_once
    def human(self) -> str:
        return f"{self.start_text}{self.separator}{self.end_text}"

    def __str__(self) -> str:
        return f"{self.start.iso}/{self.end.iso}"

