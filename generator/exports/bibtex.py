"""BibTeX for biblatex (and biber, which reads UTF-8): an `@online` entry per event page, keyed by its slug.

`citations.bib` holds every event's entry, each a piece of the file (see `catalogue`).
"""

from __future__ import annotations

import re

from ..dates import PartialDate
from .reference import Reference, one_line

# LaTeX's special characters, as text: a title with `&` or `%` must not break the document citing it.
_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_ESCAPED = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
# biblatex reads `url` verbatim, so only what would unbalance the braces or end the field is percent-encoded.
_URL_UNSAFE = re.compile(r"[{}\\\s]")


def text(value: str) -> str:
    return _SPECIAL.sub(lambda match: _ESCAPED[match.group()], one_line(value))


def url(value: str) -> str:
    return _URL_UNSAFE.sub(lambda match: "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8")), value)


def date(value: PartialDate, end: PartialDate | None = None) -> str:
    """biblatex's `date`: ISO 8601 at the date's precision, `~` after a circa date (biblatex's EDTF circa),
    `first/last` for an event of several days."""
    return value.iso + ("~" if value.qualifier == "circa" else "") + (f"/{end.iso}" if end is not None else "")


def entry(cited: Reference) -> str:
    """`@online{key, …}` and a line break."""
    fields = [("title", text(cited.title)), ("organization", text(cited.container)),
              ("date", date(cited.date, cited.end_date)), ("url", url(cited.url))]
    if cited.abstract:
        fields.append(("abstract", text(cited.abstract)))
    if cited.topics:
        fields.append(("keywords", text(", ".join(cited.topics))))
    if cited.note:
        fields.append(("note", text(cited.note)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@online{{{cited.key},\n{body}}}\n"


SEPARATOR = "\n"  # a blank line between entries
