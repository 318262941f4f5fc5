"""What a citation of an event says, whatever its format: the event's page as a web page of the site.

Every citation format (`csl_json`, `bibtex`, `ris`, and `apa` on the event
page) is written from one `Reference`, so they agree. A citation has no
"accessed" date: the same content builds to the same bytes whatever the day.
"""

from __future__ import annotations

from typing import NamedTuple

from ..dates import PartialDate
from ..records import Event
from ..site import Site
from ..urls import Links, event_path


class ReportCredit(NamedTuple):
    """A report an event is written from: who published it, in full with the credit, and where (if known)."""

    publishers: str  # "Vietnam News Agency (VNA) and Việt Nam News (VNS)"
    url: str | None


class Reference(NamedTuple):
    """An event's page, as every citation format cites it."""

    key: str  # the citation key: the event's slug, which is its address and so stable
    title: str
    container: str  # the site's title
    language: str
    date: PartialDate
    shown_date: str  # as the page shows it: "24 October 2024", "c. 1977"
    url: str  # the event's page
    reports: tuple[ReportCredit, ...]
    abstract: str  # the summary, as plain text
    topics: tuple[str, ...]
    end_date: PartialDate | None = None  # the last day of an event of several days (then `date` is a day)

    @property
    def note(self) -> str:
        """`Reported by Việt Nam News (VNS): https://…; Voice of Vietnam (VOV): https://…`, and a date known only
        as before or after a day, which no citation format's date can say."""
        reports = "; ".join(f"{report.publishers}: {report.url}" if report.url else report.publishers
                            for report in self.reports)
        note = f"Reported by {reports}." if reports else ""
        if self.date.qualifier in ("before", "after"):
            note = f"Dated {self.shown_date}. {note}".rstrip()
        return note


def _joined(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def reference(site: Site, links: Links, event: Event, abstract: str = "") -> Reference:
    """The reference of `event`'s page (`abstract`: its summary as plain text, for the formats that carry one)."""
    reports = tuple(ReportCredit(_joined([f"{publisher.name} ({publisher.key})" for publisher in cited.publishers]),
                                 cited.url) for cited in site.reports_of(event) if cited.publishers)
    config = site.config
    return Reference(event.slug, event.title, config.title, config.language, event.date, event.when.human,
                     links.absolute(event_path(event)), reports, abstract, event.topics, event.end_date)


def one_line(text: str) -> str:
    """`text` with every run of white space one space: the line-based formats cannot hold a line break."""
    return " ".join(text.split())
