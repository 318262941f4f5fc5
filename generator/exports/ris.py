"""RIS (the Research Information Systems tagged format, read by EndNote, Zotero, Mendeley and RefWorks): an
`ELEC` record per event page.

`citations.ris` holds every event's record, each a piece of the file (see `catalogue`). Lines end in CRLF, as
the format's specification has them.
"""

from __future__ import annotations

from ..dates import PartialDate
from .reference import Reference, one_line

SEPARATOR = "\r\n"  # a blank line between records


def _line(tag: str, value: str = "") -> str:
    return f"{tag}  - {one_line(value)}\r\n" if value else f"{tag}  - \r\n"


def date(value: PartialDate, shown: str, ranged: bool = False) -> str:
    """`YYYY/MM/DD/other`: the known parts, empty ones left empty, and the date as shown when the digits alone
    would say more than is known (`1977///c. 1977`) or less (`2024/01/07/7–8 January 2024`, `ranged`)."""
    parts = [f"{value.year:04d}", f"{value.month:02d}" if value.month else "", f"{value.day:02d}" if value.day else ""]
    return "/".join(parts) + "/" + (shown if value.qualifier or ranged else "")


def record(cited: Reference) -> str:
    """`TY  - ELEC` … `ER  - `, each line ending in CRLF."""
    lines = [_line("TY", "ELEC"), _line("ID", cited.key), _line("TI", cited.title), _line("T2", cited.container),
             _line("PY", f"{cited.date.year:04d}"),
             _line("DA", date(cited.date, cited.shown_date, ranged=cited.end_date is not None)),
             _line("UR", cited.url), _line("LA", cited.language)]
    if cited.abstract:
        lines.append(_line("AB", cited.abstract))
    lines += [_line("KW", topic) for topic in cited.topics]
    if cited.note:
        lines.append(_line("N1", cited.note))
    lines.append(_line("ER"))
    return "".join(lines)
