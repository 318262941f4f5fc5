"""What the exports' tests share: a sample site of three events, the chronology, and making its data files."""

from __future__ import annotations

import pytest
from chronology import write_chronology
from conftest import SampleSite, event_text

from generator.dates import PartialDate
from generator.exports.reference import Reference, ReportCredit
from generator.exports.splice import DataMaker
from generator.pipeline import Builder, BuildOptions, Project, exports_of
from generator.plan import Plan

BASE = "https://example.org/"
KAZAN, MONTH, YEAR = "2024-10-24-kazan", "2024-10-talks", "2023-year"


def plan_of(builder: Builder) -> Plan:
    return builder.plan(builder.index())


def make(plan: Plan, maker: DataMaker | None = None, **where) -> dict[str, bytes]:
    """The data files of `plan`, by output path, made by `maker` (a fresh one by default)."""
    return (maker or DataMaker()).files(exports_of(plan), **where)


def data_files(project: Project, options: BuildOptions = BuildOptions()) -> dict[str, bytes]:
    return make(plan_of(Builder(project, options, parallel=False)))


def three_events(sample: SampleSite) -> None:
    """An event known to the day, one to the month, one to the year; Tô Lâm in two, Chính mentioned in one."""
    sample.event(f"{KAZAN}.md", event_text(
        title="Tô Lâm meets Thongloun Sisoulith in Kazan",
        leaders="[{name: Tô Lâm, role: General Secretary}, Thongloun Sisoulith]",
        extra="place: Kazan, Russia\nmentions: [Chính]\ntopics: [ASEAN, trade]\nsource_url: https://example.org/article\n"))
    sample.event(f"{MONTH}.md", event_text(title='"Chính & Lâm: <talks>"', date="2024-10", leaders="[Chính]",
                                            extra="place: Đà Nẵng, Việt Nam\n"))
    sample.event(f"{YEAR}.md", event_text(title="A year-only meeting", date="2023", leaders="[Lâm]"))


@pytest.fixture
def files(sample: SampleSite) -> dict[str, bytes]:
    three_events(sample)
    return data_files(sample.project)


def edit_title(sample: SampleSite, name: str, old: str, new: str) -> None:
    path = sample.content / "events" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def chronology_files(sample: SampleSite) -> dict[str, bytes]:
    write_chronology(sample)
    return data_files(sample.project)


def days_long(first: str, last: str) -> Reference:
    """The reference of an event of several days, as every citation format is given it."""
    return Reference("2024-01-07-committee", "Leaders co-chair the committee", "Test timeline", "en",
                     PartialDate.parse(first), f"{first} to {last}", BASE + "events/2024-01-07-committee/",
                     (ReportCredit("Việt Nam News (VNS)", "https://example.org/a"),), "A summary.", (),
                     PartialDate.parse(last))
