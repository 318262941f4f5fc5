"""CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html): the event pages as `webpage`
items, for reference managers (Zotero, Mendeley) and citation processors (citeproc-js, pandoc).

`citations.json` is an array of every event's item; `events/<slug>/citation.json` an array of that event's
alone. Each item is a piece of the site's file (see `catalogue`).
"""

from __future__ import annotations

import json
from typing import Any

from ..dates import PartialDate
from .reference import Reference

HEAD, SEPARATOR, TAIL = "[\n", ",\n", "\n]\n"


def date_parts(date: PartialDate) -> list[int]:
    """`[2024, 10, 24]`, `[2024, 10]` or `[2024]`: the date at its precision."""
    return [part for part in (date.year, date.month, date.day) if part is not None]


def issued(cited: Reference) -> dict[str, Any]:
    """The CSL date of the event: its date-parts (two for an event of several days), and `circa` if it is known
    only roughly. "Before" and "after"
    have no CSL form: the date-parts hold the digits and the note says which."""
    data: dict[str, Any] = {"date-parts": [date_parts(cited.date)]}
    if cited.end_date is not None:  # a range: its first and last days
        data["date-parts"].append(date_parts(cited.end_date))
    if cited.date.qualifier == "circa":
        data["circa"] = True
    return data


def item(cited: Reference) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": cited.key,
        "citation-key": cited.key,
        "type": "webpage",
        "title": cited.title,
        "container-title": cited.container,
        "issued": issued(cited),
        "URL": cited.url,
        "language": cited.language,
    }
    if cited.abstract:
        data["abstract"] = cited.abstract
    if cited.topics:
        data["keyword"] = ", ".join(cited.topics)
    if cited.note:
        data["note"] = cited.note
    return data


def piece(cited: Reference) -> str:
    """One item, on one line: a piece of `citations.json`."""
    return json.dumps(item(cited), ensure_ascii=False)


def one_event(cited: Reference) -> bytes:
    """An event's own `citation.json`: an array of its item, as the CSL-JSON schema wants a file to be."""
    return (HEAD + piece(cited) + TAIL).encode("utf-8")
