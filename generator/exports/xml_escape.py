"""Text and attribute values for the XML exports (Atom, the sitemap)."""

from __future__ import annotations

import html
import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry


def xml_text(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=False)


def xml_attribute(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=True)
