"""iCalendar (RFC 5545): an all-day event for each event dated exactly to a day."""

from __future__ import annotations

import datetime as dt
import re

from ..markup import EventHTML
from ..records import Event
from ..site import Site
from ..text import slugify
from ..urls import Links, event_path
from .credits import reported_by

TAIL = "END:VCALENDAR\r\n"
_NOT_ICAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # control characters RFC 5545 text cannot carry (3.3.11)


def _ical_text(value: str) -> str:
    value = _NOT_ICAL.sub("", value.replace("\r", ""))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold_line(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # continuation lines begin with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def _calendar_lines(lines: list[str]) -> str:
    return "".join(_fold_line(line) + "\r\n" for line in lines)


def uid_domain(site: Site) -> str:
    """What follows the `@` of every UID: the slug of the site's title, not its host.

    A calendar client that subscribed to `events.ics` knows an event by its UID: one made from the host would
    change with `--base-url` (a move, a sub-path, a first build with the placeholder address) and show every
    event twice. The event's slug alone is unique within the site; the title's slug keeps two timelines made
    with this generator apart in one client.
    """
    return slugify(site.config.title, fallback="timeline")


def head(site: Site) -> str:
    title = _ical_text(site.config.title)
    return _calendar_lines(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{title}//EN", "CALSCALE:GREGORIAN",
                            f"X-WR-CALNAME:{title}"])


def vevent(site: Site, links: Links, event_html: EventHTML, event: Event) -> str:
    """An all-day VEVENT for an event dated exactly to a day; nothing for the others (a month- or year-long
    block, or a guessed day, in people's calendars would say more than the source)."""
    if not event.date.exact_day:
        return ""  # the calendar has no piece for it (see `catalogue`)
    url = links.absolute(event_path(event))
    # An all-day event ends on the day after its last (RFC 5545, 3.6.1: DTEND is not included).
    first, after = event.date.first_day, (event.end_date or event.date).first_day + dt.timedelta(days=1)
    return _calendar_lines([
        "BEGIN:VEVENT",
        f"UID:{event.slug}@{uid_domain(site)}",
        f"DTSTAMP:{first.strftime('%Y%m%d')}T000000Z",
        f"DTSTART;VALUE=DATE:{first.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{after.strftime('%Y%m%d')}",
        f"SUMMARY:{_ical_text(event.title)}",
        *([f"LOCATION:{_ical_text(event.place)}"] if event.place else []),
        f"DESCRIPTION:{_ical_text(event_html.summary_text + ' (reported by ' + reported_by(site, event) + ') ' + url)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ])
