"""Dates known to the day, the month or only the year."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .text import computed_once

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
DATE_FORMATS = "YYYY-MM-DD, YYYY-MM or YYYY"


class PartialDate:
    """A calendar date whose month and day may be unknown.

    `sort_key` puts a year-only date before every dated event of that year,
    and a month-only date before the days of that month. Derived forms are
    computed once per date: a large timeline asks for them thousands of times.
    """

    __match_args__ = ("year", "month", "day")

    def __init__(self, year: int, month: int | None = None, day: int | None = None):
        self.year, self.month, self.day = year, month, day

    def __repr__(self) -> str:
        return f"PartialDate(year={self.year!r}, month={self.month!r}, day={self.day!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.year, self.month, self.day) == (other.year, other.month, other.day)

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day))

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; raise ValueError with a reason."""
        match = _ISO.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date in the form {DATE_FORMATS}")
        year, month, day = (int(part) if part else None for part in match.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"{text!r} is not a real date: {calendar.month_name[month]} {year} has {last} days"
                )
        return cls(year, month, day)

    @computed_once
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @property
    def precision(self) -> str:
        """'day', 'month' or 'year'."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @computed_once
    def iso(self) -> str:
        """The ISO 8601 form at this date's precision, as used in `<time datetime>`."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @computed_once
    def human(self) -> str:
        """'24 October 2024', 'October 2024' or '2024'."""
        if self.month is None:
            return str(self.year)
        month = calendar.month_name[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    @computed_once
    def first_day(self) -> dt.date:
        """The earliest calendar day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @computed_once
    def last_day(self) -> dt.date:
        """The latest calendar day this date can mean."""
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.iso

    def __getstate__(self) -> dict:  # pickle the date, not the forms computed from it
        return {"year": self.year, "month": self.month, "day": self.day}
