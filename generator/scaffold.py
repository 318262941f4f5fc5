"""Write new event files: `new` from command-line values, `import` from raw articles."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .dates import PartialDate
from .errors import ContentError, FrontMatterError
from .load import EVENTS_DIR, PUBLISHERS_FILE, ParseCache, load_leaders, load_publishers, original_files, read_text
from .records import Leader, display_path
from .site import LeaderDirectory, closest
from .text import nfc, slugify
from .validate import BODY_PLACEHOLDER, parse_event

TITLE_SLUG_WORDS = 8


class ScaffoldError(Exception):
    """A reason no file was written, meant for a person."""


@dataclass(frozen=True)
class Draft:
    """What a new event file will say; empty values are left for a person to fill in."""

    title: str
    date: PartialDate
    place: str | None = None
    source: str | None = None
    leaders: tuple[Leader, ...] = ()
    mentions: tuple[Leader, ...] = ()
    body: str = ""
    notes: tuple[str, ...] = field(default=())

    def file_name(self) -> str:
        words = slugify(self.title).split("-")[:TITLE_SLUG_WORDS]
        return f"{self.date.iso}-{'-'.join(words)}.md"

    def render(self) -> str:
        lines = ["---", "# A headline written from the article: who met whom, and where."]
        lines += [f"title: {_quote(self.title)}"]
        lines += ["# YYYY-MM-DD; YYYY-MM or YYYY when only the month or year is known; circa, before or after first"
                  " when it is known only roughly.", f"date: {self.date.written}"]
        lines += ["# City, Country", f"place: {_quote(self.place or '')}"]
        lines += ["# Who took part. Add each one's role as the article gives it on that date."]
        lines += _leader_lines("leaders", self.leaders)
        lines += ["# Leaders the article names who did not take part (same form)."]
        lines += _leader_lines("mentions", self.mentions)
        lines += ["# The credit at the end of the article, e.g. VNS or VNA/VNS.", f"source: {_quote(self.source or '')}"]
        lines += ["# Optional: summary (default: the first paragraph), topics: [..], source_url, draft: true."]
        lines += ["---", "", self.body or BODY_PLACEHOLDER, ""]
        return "\n".join(lines)

    def unfinished(self) -> list[tuple[int, str]]:
        """(line, what to write there) for each value the file leaves empty or holding a placeholder."""
        wanted = {
            'place: ""': "`place`: City, Country, if the article gives it",
            "leaders: []": "`leaders`: who took part (check needs at least one)",
            'source: ""': "`source`: the credit at the end of the article, e.g. VNS",
            BODY_PLACEHOLDER: "the article text, in place of the placeholder",
        }
        found, named = [], iter((*self.leaders, *self.mentions))  # in the order the file lists them
        for number, line in enumerate(self.render().split("\n"), start=1):
            if line in wanted:
                found.append((number, wanted[line]))
            elif line == _ROLE_HINT:
                found.append((number, f"`role` of {next(named).name}, as the article gives it on that date"))
        return found


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are valid YAML and never mis-typed


_ROLE_HINT = "    # role: …"


def _leader_lines(key: str, leaders: tuple[Leader, ...]) -> list[str]:
    if not leaders:
        return [f"{key}: []"]
    lines = [f"{key}:"]
    for leader in leaders:
        lines += [f"  - name: {_quote(leader.name)}", _ROLE_HINT]
    return lines


def write_new(content_dir: Path, draft: Draft, *, replace: bool = False) -> Path:
    """Write `draft` under `content_dir/events/`, refusing to write one without a title, and to overwrite an
    existing file unless `replace` (`import --force`: the article imported again)."""
    if not draft.title.strip():
        raise ScaffoldError("the title is empty: give the event's headline, e.g. \"Tô Lâm meets Thongloun Sisoulith\"")
    events_dir = content_dir / EVENTS_DIR
    events_dir.mkdir(parents=True, exist_ok=True)
    path = events_dir / draft.file_name()
    if replace:
        # Through a file beside it and one rename: an interrupted import leaves the old file or the new one.
        descriptor, temporary = tempfile.mkstemp(dir=events_dir, prefix=".import-", suffix=".tmp")
        try:
            with open(descriptor, "w", encoding="utf-8") as file:
                file.write(draft.render())
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        return path
    try:
        with open(path, "x", encoding="utf-8") as file:
            file.write(draft.render())
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; not overwriting it") from None
    return path


def leader_directory(content_dir: Path) -> LeaderDirectory:
    problems: list[ContentError] = []
    directory = LeaderDirectory(load_leaders(content_dir, problems))
    if any(not problem.warning for problem in problems):
        raise ScaffoldError("the leader files have errors; run `python build.py check`")
    return directory


def resolve_leaders(directory: LeaderDirectory, names: list[str]) -> tuple[Leader, ...]:
    """Look up leader names, refusing any unknown one with the closest known names.

    A name typed without its diacritics (`to lam`) is the leader whose name, alias or slug folds to it, as
    search matches names, if exactly one does; the file then gets the name as the leader file writes it.
    """
    found = []
    for name in names:
        leader = directory.find(name)
        if leader is None:
            folded = directory.find_folded(name)
            if len(folded) > 1:
                raise ScaffoldError(f"leader {name!r} could be {' or '.join(each.name for each in folded)}: "
                                    "write the name with its diacritics")
            if not folded:
                raise ScaffoldError(f"unknown leader {name!r}{directory.hint(name)}")
            leader = folded[0]
        if leader not in found:
            found.append(leader)
    return tuple(found)


def check_source(content_dir: Path, source: str) -> None:
    """Refuse a `source` crediting a publisher `sources.yml` does not list, with the closest keys, as `check`
    would."""
    problems: list[ContentError] = []
    publishers = load_publishers(content_dir / PUBLISHERS_FILE, problems)
    if publishers is None:
        raise ScaffoldError(f"the publisher registry ({PUBLISHERS_FILE}) has errors; run `python build.py check`")
    for credit in (part.strip() for part in source.split("/")):
        if not credit:
            raise ScaffoldError(f"source {source!r} has an empty credit: name publishers joined by /, like VNA/VNS")
        if credit not in publishers.by_key:
            close = closest(credit, publishers.by_key)
            hint = f"did you mean {' or '.join(close)}?" if close else f"add it to {publishers.path}"
            raise ScaffoldError(f"unknown publisher {credit!r} in --source; {hint}")


class ImportedEvents:
    """The events already under `content/events/`, to refuse importing an article a second time.

    An article was imported already if an event has its date and its leaders, or its text (compared with
    whitespace collapsed); events whose files have errors are not compared.
    """

    def __init__(self, content_dir: Path, directory: LeaderDirectory):
        problems: list[ContentError] = []
        events = ParseCache().load_all(original_files(content_dir / EVENTS_DIR, problems, content_dir), parse_event, problems)
        self._directory = directory
        self._by_lineup: dict[tuple[str, frozenset[str]], str] = {}
        self._by_text: dict[str, str] = {}
        for event in events:
            self._add(display_path(Path(event.path)), event.date.iso, self._slugs(ref.name for ref in event.leaders),
                      event.body or "")

    def _slugs(self, names) -> frozenset[str]:
        return frozenset(leader.slug for leader in map(self._directory.find, names) if leader is not None)

    def _add(self, shown: str, date: str, leaders: frozenset[str], body: str) -> None:
        if leaders:
            self._by_lineup.setdefault((date, leaders), shown)
        if body.strip():
            self._by_text.setdefault(_collapsed(body), shown)

    def existing(self, draft: Draft) -> tuple[str, str] | None:
        """(the event file, why it is the same article) if `draft` was imported already."""
        leaders = frozenset(leader.slug for leader in draft.leaders)
        if leaders and (draft.date.iso, leaders) in self._by_lineup:
            return self._by_lineup[draft.date.iso, leaders], "the same date and leaders"
        if draft.body.strip() and _collapsed(draft.body) in self._by_text:
            return self._by_text[_collapsed(draft.body)], "the same text"
        return None

    def add(self, path: Path, draft: Draft) -> None:
        """Count a file just written from `draft`, so the same article twice in one import is refused too."""
        self._add(display_path(path), draft.date.iso, frozenset(leader.slug for leader in draft.leaders), draft.body)


def _collapsed(text: str) -> str:
    return " ".join(nfc(text).split())


# Raw articles: " date 2024-10-24 KAZAN — text ... — VNS"
_HEADER = re.compile(r"\A\s*date\s+(\d{4}(?:-\d{2}){0,2})\s+(.+?)\s+(?:—|--)\s+", re.DOTALL)
_CREDIT = re.compile(r"\s+(?:—|--)\s*([A-Z][A-Za-z]*(?:/[A-Z][A-Za-z]*)*)\s*\Z")
_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.DOTALL)
KNOWN_COUNTRIES = {
    "Hà Nội": "Việt Nam", "Hanoi": "Việt Nam", "Hồ Chí Minh City": "Việt Nam", "Ho Chi Minh City": "Việt Nam",
    "Đà Nẵng": "Việt Nam", "Huế": "Việt Nam", "Vientiane": "Laos", "Luang Prabang": "Laos",
    "Champasak": "Laos", "Phnom Penh": "Cambodia", "Kazan": "Russia", "Moscow": "Russia",
    "Beijing": "China", "Jakarta": "Indonesia", "Kuala Lumpur": "Malaysia", "Bangkok": "Thailand",
    "Singapore": "Singapore", "New York": "United States",
}


def draft_from_article(path: Path, directory: LeaderDirectory) -> Draft:
    """Read a raw article (seed format) into a draft event; say what was and was not found."""
    try:
        text = read_text(path).strip()
    except FrontMatterError as error:
        raise ScaffoldError(f"{path}: {error.message}") from None
    header = _HEADER.match(text)
    if header is None:
        raise ScaffoldError(f"{path}:1: no header: expected ` date YYYY-MM-DD CITY — ` at the start")
    try:
        date = PartialDate.parse(header.group(1))
    except ValueError as reason:
        raise ScaffoldError(f"{path}:1: {reason}") from None
    city = _normal_case(header.group(2))
    country = KNOWN_COUNTRIES.get(city)
    body = text[header.end():]
    credit = _CREDIT.search(body)
    if credit:
        body = body[: credit.start()]
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    first, rest = (paragraphs[0], paragraphs[1:]) if paragraphs else ("", [])
    leaders = _named_in(first, directory)
    mentions = tuple(leader for leader in _named_in(" ".join(rest), directory) if leader not in leaders)
    sentence = _SENTENCE.match(first)
    notes = [
        f"date: {date.iso}",
        f"place: {city}, {country}" if country else f"place: {city} (country not known: add it)",
        f"source: {credit.group(1)}" if credit else "source: not found (no trailing `— CREDIT`): add it",
        "leaders: " + (", ".join(leader.name for leader in leaders) or "none found in the first paragraph: add them"),
        "mentions: " + (", ".join(leader.name for leader in mentions) or "none"),
        "title: drafted from the first sentence; write a short headline",
        "roles: not filled in; add each leader's role as the article gives it",
    ]
    return Draft(
        title=(sentence.group(1) if sentence else first).rstrip("."),
        date=date,
        place=f"{city}, {country}" if country else city,
        source=credit.group(1) if credit else None,
        leaders=leaders,
        mentions=mentions,
        body="\n\n".join(paragraphs) + "\n",
        notes=tuple(notes),
    )


def _normal_case(city: str) -> str:
    """`VIENTIANE` -> `Vientiane`, `HÀ NỘI` -> `Hà Nội`; mixed case is kept as written."""
    return nfc(city.title() if city.isupper() else city).strip()


def _named_in(text: str, directory: LeaderDirectory) -> tuple[Leader, ...]:
    """Leaders whose name or an alias appears in `text` as whole words, in order of first appearance."""
    positions: dict[str, tuple[int, Leader]] = {}
    for leader in directory.leaders:
        for name in (leader.name, *leader.aliases):
            match = re.search(rf"(?<!\w){re.escape(nfc(name))}(?!\w)", text)
            if match and (leader.slug not in positions or match.start() < positions[leader.slug][0]):
                positions[leader.slug] = (match.start(), leader)
    return tuple(leader for _, leader in sorted(positions.values(), key=lambda item: item[0]))
