"""The validate stage: one content file's bytes into a typed record, or the problems that stop it.

Every problem becomes a `ContentError` naming the file and line; validation
goes on past it, so a contributor sees every problem in one run instead of one
per run.
"""

from __future__ import annotations

import os

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .dates import QUALIFIED_FORMATS, PartialDate
from .errors import NO_SOURCE_URL, ContentError, FrontMatterError
from .records import (CONTACT_BY_VALUE, CONTACTS, CountrySetting, Event, EventTranslation, Fact, LanguageSetting, Leader,
                      LeaderRef, LeaderTranslation, Publisher, Publishers, Report, SiteConfig, display_path,
                      markdown_digest, normalise_base_url)
from .text import SLUG_PATTERN, name_key, nfc, slugify

if TYPE_CHECKING:
    from .frontmatter_yaml import Document

# Python-Markdown's time grows faster than linearly with list nesting and with
# unmatched `[` in one paragraph; beyond these, refuse rather than hang.
MAX_NESTING = 40
MAX_BRACKETS = 300
_NESTING_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$))+")
# Nesting past MAX_NESTING needs 2 * MAX_NESTING + 2 columns of indentation (tabs count 4) or MAX_NESTING + 1
# markers with a space after each: either way a line starting with this many characters from this set.
_NESTING_PREFIX = " \t-*+>0123456789.)"
_SHALLOW_PREFIX = (2 * MAX_NESTING + 2) // 4
# What `new` writes where a person has still to write something; a file that still holds one is not finished.
BODY_PLACEHOLDER = "The article text, in Markdown: paragraphs separated by blank lines."
SCAFFOLD_PLACEHOLDERS = (BODY_PLACEHOLDER,)
_FILE_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?!\d)")


class Source(NamedTuple):
    """A content file's bytes, as `load` read them, and their digest: what validating one file starts from."""

    path: Path
    data: bytes
    digest: str


def decode_text(data: bytes) -> str:
    """A file's bytes as NFC text with `\\n` line ends and no byte-order mark; FrontMatterError (with the
    line) for bytes that are not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FrontMatterError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8", line
        ) from None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


class _Fields:
    """Typed access to one document's front matter, recording every problem."""

    def __init__(self, path: str, document: Document, problems: list[ContentError]):
        self.path = path
        self.document = document
        self.data = document.data
        self.problems = problems
        self.ok = True

    def error(self, location: tuple, message: str) -> None:
        self.ok = False
        self.problems.append(ContentError(self.path, self.document.line_of(*location), message))

    def error_at(self, line: int, message: str) -> None:
        self.ok = False
        self.problems.append(ContentError(self.path, line, message))

    def warn(self, location: tuple, message: str) -> None:
        self.problems.append(ContentError(self.path, self.document.line_of(*location), message, warning=True))

    def warn_at(self, line: int, message: str) -> None:
        self.problems.append(ContentError(self.path, line, message, warning=True))

    def check_known(self, known: Iterable[str]) -> None:
        known = list(known)
        for key in self.data:
            if key not in known:
                import difflib  # only for a mistake: a build without one need not import it

                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                self.warn((key,), f"unknown field `{key}` is ignored{hint}")

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error((), f"missing required field `{key}`")
            return None
        if not isinstance(value, str):
            self.error((key,), f"`{key}` must be text, not {_describe_type(value)}{_quote_hint(key, value)}")
            return None
        value = value.strip()
        if required and not value:
            self.error((key,), f"`{key}` is empty")
            return None
        return value or None

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.error((key,), f"`{key}` must be true or false, not {_describe_type(value)}")
            return default
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error((key,), f"`{key}` must be a list of text, not {_describe_type(value)}")
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                items.append(item.strip())
            else:
                self.error((key, index), f"`{key}` entries must be text, not {_describe_type(item)}")
        return tuple(items)

    def slug(self, key: str, default: str) -> str:
        value = self.text(key)
        if value is None:
            return default
        if not SLUG_PATTERN.fullmatch(value):
            self.error(
                (key,),
                f"`{key}` must be lower-case ASCII letters and digits joined by single hyphens, not {value!r}",
            )
            return default
        return value

    def date(self, key: str) -> PartialDate | None:
        value = self.data.get(key)
        if value is None:
            self.error((), f"missing required field `{key}` ({QUALIFIED_FORMATS})")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        if not isinstance(value, str):
            self.error((key,), f"`{key}` must be a date ({QUALIFIED_FORMATS}), not {_describe_type(value)}")
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as reason:
            self.error((key,), f"`{key}`: {reason}")
            return None

    def end_date(self, key: str, start: PartialDate | None) -> PartialDate | None:
        """The last day of an event that lasted several: a day after `start`, which must then be a day too."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error((key,), f"`{key}` must be a day (YYYY-MM-DD), not {_describe_type(value)}")
            return None
        try:
            end = PartialDate.parse(value)
        except ValueError as reason:
            self.error((key,), f"`{key}`: {reason}")
            return None
        if not end.exact_day:
            self.error((key,), f"`{key}` must be a day, YYYY-MM-DD (the event's last day), not {value.strip()!r}")
            return None
        if start is None:
            return None  # `date` has its own error
        if not start.exact_day:
            self.error((key,), f"`{key}` needs `date` to be a day (YYYY-MM-DD), not {start.written!r}: an event known "
                               "only to the month or year, or roughly, has no first and last day")
            return None
        if end.first_day <= start.first_day:
            how = "the same day as" if end.first_day == start.first_day else "before"
            advice = "omit it for an event of one day" if how == "the same day as" else "it is the event's last day"
            self.error((key,), f"`{key}` {end.iso} is {how} `date` {start.iso}: {advice}")
            return None
        return end

    def contact(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        if value in CONTACT_BY_VALUE:
            return value
        accepted = ", ".join(contact.value for contact in CONTACTS)
        close = _closest_contact(value)
        hint = f" (did you mean `{close}`?)" if close else ""
        self.error((key,), f"`{key}` {value!r} is not a kind of contact; the accepted values are {accepted}{hint}")
        return None

    def url(self, location: tuple, what: str, value: Any) -> str | None:
        """An absolute http(s) address, or None with the problem recorded at `location`."""
        if not isinstance(value, str) or not value.strip():
            self.error(location, f"{what} must be an address (https://…), not {_describe_type(value)}")
            return None
        value = value.strip()
        problem = url_problem(value)
        if problem:
            self.error(location, f"{what} {problem}")
            return None
        return value

    def reports(self, key: str) -> tuple[Report, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        shape = "each `{source: KEY, url: https://…}`"
        if not isinstance(value, list):
            self.error((key,), f"`{key}` must be a list of reports, {shape}; not {_describe_type(value)}")
            return ()
        reports = []
        for index, item in enumerate(value):
            location = (key, index)
            if not isinstance(item, dict):
                self.error(location, f"`{key}` entries must be `{{source: KEY, url: https://…}}`, not {_describe_type(item)}")
                continue
            ok = True
            for extra in sorted(set(map(str, item)) - {"source", "url"}):
                self.error((*location, extra), f"`{key}` entry has unknown field `{extra}` (use `source` and `url`)")
                ok = False
            source = item.get("source")
            if not isinstance(source, str) or not source.strip():
                self.error((*location, "source") if "source" in item else location,
                           f"`{key}` entry needs a `source`: a publisher's key in sources.yml")
                ok = False
            if "url" not in item:
                self.error(location, f"`{key}` entry needs a `url`: the report's address")
                ok = False
            else:
                url = self.url((*location, "url"), "the report's `url`", item["url"])
                ok = ok and url is not None
            if ok:
                reports.append(Report(source.strip(), url, self.document.line_of(*location, "source")))
        return tuple(reports)

    def leader_refs(self, key: str, *, required: bool = False, may_be_empty: bool = False) -> tuple[LeaderRef, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error((), f"missing required field `{key}`: list at least one leader")
            return ()
        if not isinstance(value, list):
            self.error((key,), f"`{key}` must be a list of leaders, not {_describe_type(value)}")
            return ()
        if required and not value and not may_be_empty:
            self.error((key,), f"`{key}` is empty: list at least one leader (only a milestone, an event without "
                               "`contact`, may name none)")
        refs = []
        for index, item in enumerate(value):
            ref = self._leader_ref(key, index, item)
            if ref is not None:
                refs.append(ref)
        return tuple(refs)

    def _leader_ref(self, key: str, index: int, item: Any) -> LeaderRef | None:
        line = self.document.line_of(key, index)
        if isinstance(item, str) and item.strip():
            return LeaderRef(item.strip(), None, line)
        if not isinstance(item, dict):
            self.error((key, index), f"`{key}` entries must be a name or `{{name: …, role: …}}`, not {_describe_type(item)}")
            return None
        for extra in sorted(set(map(str, item)) - {"name", "role"}):
            self.error((key, index, extra), f"`{key}` entry has unknown field `{extra}` (use `name` and `role`)")
        name, role = item.get("name"), item.get("role")
        if not isinstance(name, str) or not name.strip():
            self.error((key, index), f"`{key}` entry needs a `name` (text)")
            return None
        if role is not None and not (isinstance(role, str) and role.strip()):
            self.error((key, index, "role"), f"`role` must be text, not {_describe_type(role)}")
            role = None
        return LeaderRef(name.strip(), role.strip() if role else None, line)


# Words people use for a kind of contact, for the hint after an unknown `contact:`.
_CONTACT_WORDS = {
    "call": ("phone", "telephone", "video", "phone call", "video call", "video conference", "online"),
    "in person": ("visit", "meeting", "talks", "person", "in-person", "met"),
    "letter": ("message", "cable", "congratulation", "letters", "mail"),
    "sidelines": ("summit", "sideline", "on the sidelines"),
}


def _closest_contact(value: str) -> str | None:
    wanted = " ".join(value.lower().replace("_", " ").split())
    for kind, words in _CONTACT_WORDS.items():
        if wanted in words or any(word in wanted.split() for word in words if " " not in word):
            return kind
    import difflib  # only for a mistake

    close = difflib.get_close_matches(wanted, [contact.value for contact in CONTACTS], n=1, cutoff=0.6)
    return close[0] if close else None


def url_problem(url: str) -> str | None:
    """What is wrong with a report's address, or None: it must be an absolute http(s) address."""
    from urllib.parse import urlsplit

    if not url.startswith(("https://", "http://")):
        return "must start with https:// or http://"
    if any(character.isspace() for character in url):
        return "must not contain spaces"
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host or "." not in host.strip("."):
        return f"has no host name: {url!r}"
    return None


def _describe_type(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
    if value is None:
        return "nothing"
    return names.get(type(value), type(value).__name__)


def _quote_hint(key: str, value: Any) -> str:
    if isinstance(value, (bool, int, float)):
        return f" (YAML read it as {_describe_type(value)}; put it in quotes: {key}: \"…\")"
    return ""


def _open(source: Source, problems: list[ContentError], known: Iterable[str] | None,
          empty_allowed: bool = False) -> _Fields | None:
    """The file's front matter, its unknown fields warned about; None (the problem recorded) if it has none
    (an empty one, `---` then `---`, is accepted where `empty_allowed`)."""
    shown = display_path(source.path)
    try:
        from .frontmatter_yaml import parse_document  # PyYAML is imported only when a file needs parsing

        document = parse_document(decode_text(source.data), empty_allowed)
    except FrontMatterError as error:
        problems.append(ContentError(shown, error.line, error.message))
        return None
    fields = _Fields(shown, document, problems)
    if known is not None:  # None: the caller says what it does with unknown fields
        fields.check_known(known)
    return fields


EVENT_FIELDS = (
    "title", "date", "place", "leaders", "mentions", "source", "source_url",
    "summary", "topics", "draft", "slug", "end_date", "contact", "other_reports", "full_text",
)  # fmt: skip


def parse_event(source: Source, problems: list[ContentError]) -> Event | None:
    """Parse and validate one event file's bytes; None if its front matter has errors.

    Errors in the body alone (the scaffold's placeholder, nesting too deep) are recorded but the record is
    kept, so that the index still checks its leaders and publishers: `check` reports every problem of a file
    at once. The recorded errors fail the build all the same.
    """
    path, digest = source.path, source.digest
    fields = _open(source, problems, EVENT_FIELDS)
    if fields is None:
        return None
    shown, document = fields.path, fields.document
    title = fields.text("title", required=True)
    date = fields.date("date")
    # A milestone (a treaty, the start of relations) is not a contact between leaders: its report may name none.
    leaders = fields.leader_refs("leaders", required=True, may_be_empty="contact" not in fields.data)
    mentions = fields.leader_refs("mentions")
    source = fields.text("source", required=True)
    source_url = fields.text("source_url")
    if source_url and url_problem(source_url):
        fields.error(("source_url",), f"`source_url` {url_problem(source_url)}")
    summary = fields.text("summary")
    full_text = fields.boolean("full_text", False)
    event = Event(
        path=shown,
        slug=fields.slug("slug", default=_stem_slug(path, fields, "event")),
        title=title or "",
        date=date or PartialDate(1),
        place=fields.text("place"),
        leaders=leaders,
        mentions=mentions,
        source=source or "",
        source_url=source_url,
        summary=summary,
        topics=fields.text_list("topics"),
        draft=fields.boolean("draft", False),
        body=document.body,
        line=document.line_of(),
        digest=digest,
        markdown_digest=markdown_digest(document.body, summary),
        source_line=document.line_of("source"),
        end_date=fields.end_date("end_date", date),
        contact=fields.contact("contact"),
        other_reports=fields.reports("other_reports"),
        full_text=full_text,
    )
    if "source_url" not in fields.data and not full_text:  # a `source_url` present but wrong has its own error
        fields.warn((), NO_SOURCE_URL)
    if source and not all(event.credits):
        fields.error(("source",), f"`source` {source!r} has an empty credit: name publishers joined by /, like VNA/VNS")
    if date is not None:
        _check_file_date(path, date, fields)
    front_matter_ok = fields.ok
    if not event.body.strip():
        fields.warn((), "the article body is empty")
    _check_placeholders(event.body, document.body_line, fields)
    _check_images(event.body, document.body_line, fields)
    _check_nesting(event.body, document.body_line, fields)
    return event if front_matter_ok else None


# Images the pages' Content-Security-Policy (`img-src 'self' data:`) blocks: any with an address on another
# host (`https://…`, `http://…` or `//…`). Inline `![alt](url)`, `<img src=…>`, and `![alt][ref]` with its
# `[ref]: url` definition.
_REMOTE = r"(?:https?:)?//[^\s)>\"']+"
_INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(" + _REMOTE + ")", re.IGNORECASE)
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?(" + _REMOTE + ")", re.IGNORECASE)
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?(?!\()")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(" + _REMOTE + ")", re.IGNORECASE | re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).+?\1")


def _check_images(body: str, first_line: int, fields: _Fields) -> None:
    """Warn, at its line, of each image from another host: the pages' Content-Security-Policy blocks it."""
    if "//" not in body:  # most bodies: no address of any kind
        return
    definitions = {label.strip().lower(): url for label, url in _DEFINITION.findall(body)}
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or "!" not in line and "<" not in line:
            continue
        line = _CODE_SPAN.sub("", line)  # `![x](https://…)` in code is shown, not loaded
        urls = _INLINE_IMAGE.findall(line) + _HTML_IMAGE.findall(line)
        for alt, label in _REFERENCE_IMAGE.findall(line):
            url = definitions.get((label or alt).strip().lower())
            if url:
                urls.append(url)
        for url in urls:
            fields.warn_at(first_line + offset, f"the image {url} will not load: the pages' Content-Security-Policy "
                                                "allows only the site's own images; put the file in static/ and link "
                                                "it from there")


def _check_placeholders(body: str, first_line: int, fields: _Fields) -> None:
    """Refuse a body that still holds the text `new` writes for a person to replace."""
    for placeholder in SCAFFOLD_PLACEHOLDERS:
        at = body.find(placeholder)
        if at >= 0:
            fields.error_at(first_line + body.count("\n", 0, at),
                            f"the scaffold's placeholder is still here: {placeholder!r}; write the article text instead")


def _check_nesting(body: str, first_line: int, fields: _Fields) -> None:
    """Refuse bodies Python-Markdown would take minutes on: deep nesting, piles of `[`."""
    line_number = first_line
    for block in body.split("\n\n"):
        if block.count("[") > MAX_BRACKETS:
            fields.error_at(line_number, f"a paragraph has {block.count('[')} `[`; the limit is {MAX_BRACKETS}")
            return
        for offset, line in enumerate(block.split("\n")):
            if len(line) - len(line.lstrip(_NESTING_PREFIX)) < _SHALLOW_PREFIX:
                continue  # too short a prefix to nest that deep: most lines
            expanded = line.expandtabs(4)
            indent = len(expanded) - len(expanded.lstrip(" "))
            markers = _NESTING_MARKERS.match(line)
            depth = max(indent // 2, len(re.findall(r"[-*+>]|\d+[.)]", markers.group(0))) if markers else 0)
            if depth > MAX_NESTING:
                fields.error_at(line_number + offset,
                                f"the body is nested more than {MAX_NESTING} levels deep (lists, quotes or indentation)")
                return
        line_number += block.count("\n") + 2


# What a well-named file of each kind looks like, for the error about one that is not.
NAME_EXAMPLES = {"event": "2024-10-24-leaders-meet-in-kazan.md", "leader": "to-lam.md"}


def _stem_slug(path: Path, fields: _Fields, kind: str) -> str:
    stem = path.stem
    if not SLUG_PATTERN.fullmatch(stem):
        suggested = slugify(stem, fallback="")
        rename = f": rename it {suggested}.md" if suggested and suggested != stem else ""
        # An event's example shows the date its name starts with; a leader's own name slugified is example enough.
        example = "" if kind == "leader" and rename else f", like {NAME_EXAMPLES[kind]}"
        fields.error((), f"file name {path.name!r} must be lower-case ASCII words joined by hyphens{example}{rename} "
                         "(or set `slug`)")
    return stem


def _check_file_date(path: Path, date: PartialDate, fields: _Fields) -> None:
    match = _FILE_DATE.match(path.stem)
    if match is None:
        fields.error((), f"file name {path.name!r} must start with the event's date, {date.iso}")
        return
    if match.group(0) != date.iso:
        fields.error(("date",), f"file name date {match.group(0)} disagrees with `date: {date.written}`")


LEADER_FIELDS = ("name", "country", "aliases", "slug")


def parse_leader(source: Source, problems: list[ContentError]) -> Leader | None:
    """Parse and validate one leader file's bytes; None if they have errors."""
    path = source.path
    fields = _open(source, problems, LEADER_FIELDS)
    if fields is None:
        return None
    shown, document = fields.path, fields.document
    country = fields.text("country", required=True) or ""
    leader = Leader(
        path=shown,
        slug=fields.slug("slug", default=_stem_slug(path, fields, "leader")),
        name=fields.text("name", required=True) or "",
        country=country,
        country_slug=slugify(country),
        aliases=fields.text_list("aliases"),
        body=document.body,
        line=document.line_of(),
        digest=source.digest,
        country_line=document.line_of("country"),
    )
    _check_images(document.body, document.body_line, fields)
    return leader if fields.ok else None


CONFIG_FIELDS = ("title", "description", "base_url", "language", "languages", "countries")
COUNTRY_FIELDS = ("name", "adjective")
PUBLISHER_FIELDS = ("name", "country")


def _open_mapping(source: Source, problems: list[ContentError]) -> _Fields | None:
    """A YAML file that is one mapping (the site settings, the publisher registry); None if it is not."""
    from .frontmatter_yaml import Document, load_mapping  # PyYAML is imported only when a file needs parsing

    shown = display_path(source.path)
    try:
        data, lines = load_mapping(decode_text(source.data))
    except FrontMatterError as error:
        problems.append(ContentError(shown, error.line, error.message))
        return None
    return _Fields(shown, Document(data, "", 0, lines), problems)


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")  # BCP 47, as far as a site needs: en, vi, lo, pt-BR


def _entry_fields(fields: _Fields, location: tuple, entry: Any, known: tuple[str, ...], what: str,
                  per_language: tuple[str, ...] = (), default: str | None = None) -> dict[str, Any] | None:
    """The text fields `known` of a mapping inside a settings file (`what` names it in errors); None if it has
    errors, each recorded at its line."""
    if not isinstance(entry, dict):
        fields.error(location, f"{what} must be a mapping with {' and '.join(f'`{key}`' for key in known)}, "
                               f"not {_describe_type(entry)}")
        return None
    values, ok = {}, True
    for key in entry:
        if key not in known:
            fields.error((*location, key), f"{what} has unknown field `{key}` (use {' and '.join(f'`{k}`' for k in known)})")
            ok = False
    for key in known:
        value = entry.get(key)
        if value is None:
            fields.error(location, f"{what} needs `{key}`")
            ok = False
        elif key in per_language and isinstance(value, dict):
            found = _per_language(fields, (*location, key), key, value, default)
            if found is None:
                ok = False
            else:
                values[key], values[key + "s"] = found
        elif not isinstance(value, str) or not value.strip():
            fields.error((*location, key), f"`{key}` must be text, not {_describe_type(value)}{_quote_hint(key, value)}")
            ok = False
        else:
            values[key] = value.strip()
    return values if ok else None


def _per_language(fields: _Fields, location: tuple, key: str, value: dict,
                  default: str | None) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """A value given per language (`name: {en: Laos, vi: Lào}`): the default language's and every one's."""
    pairs = []
    for code, text in value.items():
        if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code):
            fields.error((*location, code), f"`{key}`: {code!r} is not a language code (en, vi, lo)")
            return None
        if not isinstance(text, str) or not text.strip():
            fields.error((*location, code), f"`{key}` in {code} must be text, not {_describe_type(text)}")
            return None
        pairs.append((code, text.strip()))
    by_code = dict(pairs)
    if default is None:
        return pairs[0][1], tuple(pairs)  # where the default language is not known here: see `editions`
    if default not in by_code:
        fields.error(location, f"`{key}` needs the default language's ({default}): the other languages fall back to it")
        return None
    return by_code[default], tuple(pairs)


def _languages(fields: _Fields) -> tuple[LanguageSetting, ...]:
    value = fields.data.get("languages")
    shape = "each a code (`vi`) or `{code: vi, title: …, description: …}`, the default language first"
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        fields.error(("languages",), f"`languages` must be a list of languages, {shape}; not {_describe_type(value)}")
        return ()
    languages: list[LanguageSetting] = []
    for index, entry in enumerate(value):
        location = ("languages", index)
        if isinstance(entry, str):
            entry = {"code": entry}
        if not isinstance(entry, dict):
            fields.error(location, f"`languages` entries are {shape}, not {_describe_type(entry)}")
            continue
        for extra in sorted(set(map(str, entry)) - {"code", "title", "description"}):
            fields.error((*location, extra), f"a language has unknown field `{extra}` (use `code`, `title` and "
                                             "`description`)")
        code = entry.get("code")
        if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code.strip()):
            fields.error((*location, "code") if "code" in entry else location,
                         f"a language needs a `code`, a BCP 47 language code such as en, vi or lo; not {code!r}")
            continue
        texts = {}
        for key in ("title", "description"):
            text = entry.get(key)
            if text is not None and (not isinstance(text, str) or not text.strip()):
                fields.error((*location, key), f"`{key}` must be text, not {_describe_type(text)}")
                text = None
            texts[key] = text.strip() if text else None
        if any(language.code == code.strip() for language in languages):
            fields.error(location, f"language {code.strip()!r} is listed twice")
            continue
        languages.append(LanguageSetting(code.strip(), texts["title"], texts["description"]))
    language = fields.data.get("language")
    if languages and isinstance(language, str) and language.strip() != languages[0].code:
        fields.error(("language",), f"`language` {language.strip()!r} is not the first of `languages` "
                                    f"({languages[0].code}), the default one: leave `language` out")
    return tuple(languages)


def _countries(fields: _Fields, default: str | None = None) -> tuple[CountrySetting, ...]:
    value = fields.data.get("countries")
    example = "the relationship's two sides first, each `{name: …, adjective: …}`"
    entries = "each `{name: …, adjective: …}`"
    if value is None:
        fields.error((), f"missing required field `countries`: list the countries leaders belong to, {example}")
        return ()
    if not isinstance(value, list):
        fields.error(("countries",), f"`countries` must be a list of countries, {example}; not {_describe_type(value)}")
        return ()
    countries: list[CountrySetting] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(value):
        found = _entry_fields(fields, ("countries", index), entry, COUNTRY_FIELDS, "a country", COUNTRY_FIELDS, default)
        if found is None:
            continue
        setting = CountrySetting(found["name"], found["adjective"], slugify(found["name"]), found.get("names", ()),
                                 found.get("adjectives", ()))
        for kind, key in (("name", name_key(setting.name)), ("address", setting.slug)):
            if key in seen:
                fields.error(("countries", index), f"country {setting.name!r} has the same {kind} as "
                                                   f"{countries[seen[key]].name!r}")
                break
        else:
            seen[name_key(setting.name)] = seen[setting.slug] = len(countries)
            countries.append(setting)
    if len(value) < 2 and fields.ok:
        fields.error(("countries",), f"`countries` must list at least the relationship's two sides, {entries}")
    return tuple(countries)


def parse_config(source: Source, problems: list[ContentError]) -> SiteConfig | None:
    """Parse and validate the site settings' bytes; None if they have errors."""
    fields = _open_mapping(source, problems)
    if fields is None:
        return None
    shown = fields.path
    fields.check_known(CONFIG_FIELDS)
    languages = _languages(fields)
    language = languages[0].code if languages else fields.text("language") or "en"
    config = SiteConfig(
        title=fields.text("title", required=True) or "",
        description=fields.text("description") or "",
        base_url=normalise_base_url(fields.text("base_url", required=True) or "/"),
        language=language,
        path=shown,
        countries=_countries(fields, language),
        languages=languages if len(languages) > 1 else (),  # one language listed is a one-language site
        base_url_line=fields.document.line_of("base_url"),
    )
    if not config.base_url.startswith(("https://", "http://")):
        fields.error(("base_url",), "`base_url` must be an absolute URL such as https://example.org/")
    return config if fields.ok else None


def parse_publishers(source: Source, problems: list[ContentError]) -> Publishers | None:
    """Parse and validate the publisher registry's bytes (`sources.yml`); None if they have errors."""
    fields = _open_mapping(source, problems)
    if fields is None:
        return None
    by_key: dict[str, Publisher] = {}
    for key, entry in fields.data.items():
        if not isinstance(key, str) or not key.strip() or "/" in key:
            fields.error((key,), f"{key!r} cannot be a credit: a credit is text without /, as articles write it (VNA)")
            continue
        found = _entry_fields(fields, (key,), entry, PUBLISHER_FIELDS, f"publisher {key!r}", ("name",))
        if found is not None:
            by_key[key.strip()] = Publisher(key.strip(), found["name"], found["country"], fields.document.line_of(key),
                                            found.get("names", ()))
    return Publishers(fields.path, by_key, source.digest) if fields.ok else None


# A translation of `content/events/<stem>.md` is `<stem>.<code>.md` (see `translation_of`).
EVENT_TRANSLATION_FIELDS = ("title", "summary", "place", "leaders", "mentions", "topics")
EVENT_FACTS = ("date", "end_date", "contact", "source", "source_url", "other_reports", "full_text")
LEADER_TRANSLATION_FIELDS = ("name",)
LEADER_FACTS = ("country", "aliases", "slug")


def translation_of(path: str) -> tuple[str, str] | None:
    """(the original's stem, language code) for a translation's file name (`x.vi.md`), None for an original's."""
    stem = os.path.basename(path).removesuffix(".md")  # not Path: asked of every content file on every build
    original, dot, code = stem.rpartition(".")
    return (original, code) if dot else None


def _translation_fields(source: Source, problems: list[ContentError], known: tuple[str, ...],
                        facts: tuple[str, ...]) -> tuple[_Fields, str, str] | None:
    """A translation's front matter (unknown keys are errors, listing the accepted ones), stem and code.

    A translation's front matter may be empty (`---` then `---`): a leader's profile translated with the
    name the original gives has no field to write, and repeating `name:` would make a copy of the original's
    name that overrides it after the original changes. An event translation then lacks its required title.
    """
    fields = _open(source, problems, None, empty_allowed=True)
    if fields is None:
        return None
    stem, code = translation_of(str(source.path)) or ("", "")
    if not LANGUAGE_CODE.fullmatch(code):
        fields.error((), f"{code!r} in the file name is not a language code: a translation is <original>.<code>.md, "
                         "like 2024-10-24-leaders-meet.vi.md")
    for key in fields.data:
        if key not in known and key not in facts:
            fields.error((key,), f"a translation cannot have `{key}`: it may have {', '.join(known)} and the body "
                                 f"(the facts stay in the original)")
    return fields, stem, code


def parse_event_translation(source: Source, problems: list[ContentError]) -> EventTranslation | None:
    """Parse one event translation's bytes (see TRANSLATIONS in the README); None if they have errors. The
    original's facts, leaders and topics are compared with the translation's when the site is indexed."""
    found = _translation_fields(source, problems, EVENT_TRANSLATION_FIELDS, EVENT_FACTS)
    if found is None:
        return None
    fields, stem, code = found
    document = fields.document
    facts = []
    for key in EVENT_FACTS:
        if key not in fields.data:
            continue
        if key == "date":
            value = fields.date(key)
            written = value.written if value else ""
        elif key == "end_date":
            value = fields.end_date(key, None)
            written = value.iso if value else ""
        elif key == "other_reports":
            written = repr(tuple((report.source, report.url) for report in fields.reports(key)))
        elif key == "full_text":
            written = repr(fields.boolean(key, False))
        else:
            written = fields.text(key) or ""
        facts.append(Fact(key, written, document.line_of(key)))
    translation = EventTranslation(
        path=fields.path, stem=stem, language=code,
        title=fields.text("title", required=True) or "",
        summary=fields.text("summary", required=True) or "",
        place=fields.text("place"),
        leaders=fields.leader_refs("leaders") if "leaders" in fields.data else None,
        mentions=fields.leader_refs("mentions") if "mentions" in fields.data else None,
        topics=fields.text_list("topics") if "topics" in fields.data else None,
        body=document.body.strip() and document.body,
        facts=tuple(facts), line=document.line_of(), digest=source.digest,
        field_lines=tuple((key, document.line_of(key)) for key in ("leaders", "mentions", "topics")),
    )
    _check_images(document.body, document.body_line, fields)
    _check_nesting(document.body, document.body_line, fields)
    return translation if fields.ok else None


def parse_leader_translation(source: Source, problems: list[ContentError]) -> LeaderTranslation | None:
    """Parse one leader translation's bytes: a `name` if the language's press writes it differently, and a body."""
    found = _translation_fields(source, problems, LEADER_TRANSLATION_FIELDS, LEADER_FACTS)
    if found is None:
        return None
    fields, stem, code = found
    for key in LEADER_FACTS:
        if key in fields.data:
            fields.error((key,), f"`{key}` stays in the original, {stem}.md")
    translation = LeaderTranslation(fields.path, stem, code, fields.text("name"), fields.document.body,
                                    fields.document.line_of(), source.digest)
    _check_images(fields.document.body, fields.document.body_line, fields)
    return translation if fields.ok else None
