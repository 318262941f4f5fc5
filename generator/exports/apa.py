"""The citation an event page shows: its reference in APA style (7th edition), as for a page of a website
with no author: *Title*. (Date). Site. URL

No "Retrieved" date: a page changes only when its content does, and the same content builds to the same bytes.
"""

from __future__ import annotations

import calendar

from markupsafe import Markup

from ..dates import PartialDate
from ..records import Event
from ..site import Site
from ..urls import Links
from .reference import Reference, reference

# APA's words for a date known only roughly ("ca." is APA's abbreviation of circa).
_QUALIFIER = {None: "", "circa": "ca. ", "before": "before ", "after": "after "}


def date(value: PartialDate) -> str:
    """`2024, October 24`, `2024, October` or `2024`, after its qualifier: `ca. 1977`."""
    text = f"{value.year}"
    if value.month is not None:
        text += f", {calendar.month_name[value.month]}"
        if value.day is not None:
            text += f" {value.day}"
    return _QUALIFIER[value.qualifier] + text


def date_range(first: PartialDate, last: PartialDate | None) -> str:
    """`2024, January 7–8`, `2024, January 30–February 2`, `2023, December 30–2024, January 2`: what APA gives
    for an event of several days (`last` None: one date)."""
    if last is None:
        return date(first)
    if last.year != first.year:
        return f"{date(first)}–{date(last)}"
    if last.month != first.month:
        return f"{date(first)}–{calendar.month_name[last.month]} {last.day}"
    return f"{date(first)}–{last.day}"


def _sentence(text: str) -> str:
    """`text` ending in a full stop, unless it ends in punctuation that closes a sentence already."""
    return text if text.endswith((".", "?", "!")) else text + "."


def html(cited: Reference) -> Markup:
    """The reference as HTML (the title in italics), to copy as text or into a word processor."""
    return Markup("<i>{}</i>{} ({}). {} {}").format(
        cited.title, "" if cited.title.endswith((".", "?", "!")) else ".", date_range(cited.date, cited.end_date),
        _sentence(cited.container), cited.url)


def text(cited: Reference) -> str:
    """The reference as plain text: what a reader copying it from the page gets."""
    when = date_range(cited.date, cited.end_date)
    return f"{_sentence(cited.title)} ({when}). {_sentence(cited.container)} {cited.url}"


def event_citation(site: Site, links: Links, event: Event) -> Markup:
    """What an event page shows under "Cite this event" (a template global)."""
    return html(reference(site, links, event))
