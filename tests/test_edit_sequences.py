"""Random sequences of edits: the cached build and the live preview never go stale.

A hypothesis state machine writes a site of a few hundred events in English
and Vietnamese (a third of the events and half the leader profiles
translated), starts one `python build.py serve` on it, then applies random
edits (event fields, file renames, additions and deletions, leaders,
templates (among them lines that show data the stock template does not show
there), the stylesheet, the site settings, the listed countries, the
publisher registry, qualified dates, who takes part in an event, an event's
or a leader's translation, the Vietnamese catalog, the languages site.yml
lists, and broken files that a build must refuse). After every step:

1. a cached build (the same output and cache directories all along) must equal
   a build from scratch (`--no-cache`), byte for byte, every file;
2. every file the preview serves must equal that build from scratch, once the
   preview has caught up with the edit (polled for up to 15 s), apart from the
   preview's two deliberate differences: its build number and script tags, and
   asset links without `?v=<hash>`.

Every build is made for the preview's address (`--base-url`), so that one
build from scratch is the reference for both.

It drives only the command line, so it keeps working whatever the generator's
internals become. A failure prints the edit sequence that led to it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUILD_PY = PROJECT_ROOT / "build.py"

EVENT_COUNT = 250
SEED = 20241024
PREVIEW_TIMEOUT = 15.0  # s: the preview rebuilds ~400 ms after a save; anything near 15 s is staleness
BUILD_TIMEOUT = 120.0

# The two things the preview changes on purpose: it adds the build it shows and its scripts (livereload's and
# its own), and it does not version asset links (a built site appends a digest of the file, so browsers never
# keep a stale copy).
ASSET_VERSION = re.compile(rb'\?v=[0-9a-f]{10}(?=")')
PREVIEW_BUILD_TAG = '<meta name="preview-build" content="NUMBER">'
LIVERELOAD_TAG = ('<script data-preview src="/preview.js" defer></script>'
                  '<script data-preview src="/livereload.js?port={port}" defer></script>')  # just before </head>

# --- The site: a model of every content file, rendered to text -------------------------------------

# (name, adjectives): the first adjective is the one site.yml starts with; the rest are what edits rename it to.
COUNTRY_CHOICES = {"Việt Nam": ("Vietnamese", "Việt", "Vietnamese & \"Kinh\""), "Laos": ("Lao", "Laotian"),
                   "Cambodia": ("Cambodian", "Khmer"), "Thailand": ("Thai", "Siamese"), "Myanmar": ("Burmese", "Myanma")}
STARTING_COUNTRIES = ("Việt Nam", "Laos", "Cambodia")
VIET_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
VIET_MIDDLE = ("Văn", "Minh", "Đức", "Quốc", "Xuân", "Thị", "Hữu", "Thanh")
VIET_GIVEN = ("Hùng", "Lâm", "Cường", "Chính", "Dũng", "Thắng", "Phúc", "Hải", "Khánh", "Sơn", "Tuấn", "Vinh",
              "Nam", "Long", "Quang", "Thảo", "Hòa", "Bình")
LAO_GIVEN = ("Bounthong", "Khamphao", "Somsak", "Thongsay", "Vilay", "Sengdao", "Phonsavan", "Khamla",
             "Bounmy", "Manivong", "Souphanh", "Kikeo")
LAO_FAMILY = ("Sisavath", "Vongsa", "Phomvihane", "Keomany", "Sayavong", "Chanthala", "Douangchak",
              "Inthavong", "Luangrath", "Souvannavong")
ALIAS_PREFIXES = ("Comrade", "H.E.", "Dr.", "Elder")
ROLES = ("Prime Minister", "State President", "General Secretary", "Minister of Foreign Affairs",
         "National Assembly Chairman", "Deputy Prime Minister", "Ambassador", "Minister of Defence & Security",
         "Secretary of the \"Hà Nội\" Party Committee")
TOPICS = ("ASEAN", "trade", "security", "education", "energy", "culture", "infrastructure", "agriculture",
          "State visit", "Mekong")
PLACES = ("Hà Nội, Việt Nam", "Vientiane, Laos", "Đà Nẵng, Việt Nam", "Luang Prabang, Laos", "Huế, Việt Nam",
          "Pakse, Laos", "Phnom Penh, Cambodia", "Kazan, Russia", "Savannakhet, Laos")
SOURCES = ("VNS", "VNA/VNS", "KPL", "VNA/KPL")
# The registry site.yml starts with (credit: (full name, country)), and those that edits add.
STARTING_PUBLISHERS = {"VNA": ("Vietnam News Agency", "Việt Nam"), "VNS": ("Việt Nam News", "Việt Nam"),
                       "KPL": ("Lao News Agency", "Laos")}
ADDED_PUBLISHERS = {"AKP": "Agence Kampuchea Presse", "VTimes": "Vientiane Times", "NhanDan": "Nhân Dân",
                    "Reuters": "Reuters"}
PUBLISHER_NAMES = ("Vietnam News Agency", "Việt Nam News", "Lao News Agency", "Khaosan Pathet Lao", "VietnamPlus",
                   "Thông tấn xã Việt Nam", "Lao News Agency & \"KPL\"", "<b>Press</b> Agency")
QUALIFIERS = ("circa", "before", "after")
# The Vietnamese edition: country names (and so the press: "báo chí Lào"), and the words translations use.
VI_COUNTRY_NAMES = {"Việt Nam": "Việt Nam", "Laos": "Lào", "Cambodia": "Campuchia", "Thailand": "Thái Lan",
                    "Myanmar": "Myanma"}
VI_WORDS = ("hợp tác", "hữu nghị", "đoàn kết", "đoàn đại biểu", "tỉnh", "biên giới", "thương mại", "đầu tư",
            "đường sắt", "thủy điện", "giáo dục", "an ninh", "văn hóa", "kết nối", "hiệp định", "bản ghi nhớ",
            "Ủy ban liên Chính phủ", "hội đàm", "Hà Nội", "Viêng Chăn", "ASEAN", "2025", "50%", "&", "“đặc biệt”",
            "**quan trọng**", "*mới*", "<em>chung</em>")
VI_ROLES = ("Thủ tướng", "Chủ tịch nước", "Tổng Bí thư", "Bộ trưởng Bộ Ngoại giao", "Chủ tịch Quốc hội",
            "Phó Thủ tướng", "Đại sứ", "Bí thư Thành ủy \"Hà Nội\"")
VI_PLACES = ("Hà Nội, Việt Nam", "Viêng Chăn, Lào", "Đà Nẵng, Việt Nam", "Luông Pha Bang, Lào", "Kazan, Nga")
VI_TOPICS = dict(zip(("ASEAN", "trade", "security", "education", "energy", "culture", "infrastructure",
                      "agriculture", "State visit", "Mekong"),
                     ("ASEAN", "thương mại", "an ninh", "giáo dục", "năng lượng", "văn hóa", "hạ tầng", "nông nghiệp",
                      "thăm cấp nhà nước", "Mê Kông")))
VI_NAME_PREFIXES = ("Ông", "Bà", "Đồng chí")
# Messages of the Vietnamese catalog an edit changes, each (context, msgid) with the translations it swaps
# between: interface words on every kind of page, a plural, a date pattern and a qualified date's words.
CATALOG_EDITS = (
    (None, "Leaders", ("Lãnh đạo", "Các nhà lãnh đạo")),
    (None, "Who met whom", ("Ai gặp ai", "Những cuộc gặp")),
    (None, "Reported by", ("Nguồn tin từ", "Đưa tin:")),
    (None, "Skip to content", ("Chuyển đến nội dung", "Bỏ qua, đến nội dung")),
    (None, "%(adjective)s press", ("báo chí %(adjective)s", "báo %(adjective)s")),
    ("date pattern", "d MMMM y", ("'ngày' d 'tháng' M 'năm' y", "d/M/y")),
    ("date pattern", "MMMM y", ("'tháng' M 'năm' y", "M/y")),
    ("qualified date", "c. %(date)s", ("khoảng %(date)s", "chừng %(date)s")),
    (None, "took part in %(num)s", ("tham dự %(num)s", "dự %(num)s sự kiện")),
)
WORDS = ("cooperation", "friendship", "solidarity", "delegation", "ministry", "province", "border", "trade",
         "investment", "railway", "hydropower", "education", "agriculture", "security", "culture", "tourism",
         "connectivity", "agreement", "memorandum", "committee", "assembly", "talks", "exchange", "youth",
         "Hà Nội", "Vientiane", "Đà Nẵng", "Mekong", "ASEAN", "2025", "50%", "&", "“great", "friendship”",
         "R&D", "<em>joint</em>", "**key**", "*new*", "`MoU`", "[report](https://example.org/report)")
TITLE_WORDS = ("meets", "receives", "talks", "with", "in", "on", "visit", "Lao", "Vietnamese", "leaders",
               "delegation", "sign", "agreement", "railway", "Hà Nội", "Vientiane", "ASEAN", "&", "“special”",
               "ties:", "<b>", "50", "years", "Đà Nẵng", "#1", "'friendship'", "\"solidarity\"")

TEMPLATES = ("event.html", "partials/macros.html", "base.html")
# Literal text to swap back and forth; only the pairs found in the copied templates are used.
TEMPLATE_WORDS = {
    "event.html": (("<dt>Leaders</dt>", "<dt>Participants</dt>"), ("<dt>Topics</dt>", "<dt>Subjects</dt>"),
                   ("<span>Previous</span>", "<span>Earlier</span>")),
    "partials/macros.html": (('<span class="role">', '<span class="role edited">'),
                             ('<ol class="event-list">', '<ol class="event-list edited">')),
    "base.html": (("Skip to content", "Skip to the content"), ("Reuse the data:", "Reuse our data:")),
}
# Lines a site owner might add to show data the stock template does not show there: (template, anchor, line).
# Each is put in before its anchor, or taken out if it is in; the other rules then edit the data it shows.
DATA_LINES = (
    ("event.html", '<div class="article-body"',
     '<p class="probe">{% for part in site.participants(event) %}{{ part.leader.aliases | join("/") }};{% endfor %}'
     '{% set previous = site.previous(event) %}{% if previous %}{{ event_html[previous.slug].summary }}{% endif %}</p>'),
    ("base.html", "</footer>", '<p class="probe">{{ site.events[-1].title if site.events else "" }}</p>'),
    ("leaders.html", '<li><a href="{{ links.leader(leader) }}">',
     '{% for event in site.events_of(leader) %}{{ event.title }};{% endfor %}'),
    ("relations.html", "</section>",
     '<p class="probe">{% for pair in site.pairs %}{{ pair.first.aliases | join("/") }}{{ pair.second.name }};{% endfor %}</p>'),
    ("timeline.html", "{{ leader_chips(parts) }}",
     '{% for part in parts %}{{ leader_html[part.leader.slug] }}{{ part.leader.country }}{% endfor %}'),
    ("on_this_day.html", '<span class="year">{{ event.date.year }}</span>',
     "{{ event.place or '' }}{{ site.press_of(event) | length }}"),
    ("leader.html", '<h2 id="took-part">',
     "{% for event in site.events_of(leader) %}{% for p in site.publishers_of(event) %}{{ p.name }}{% endfor %}{% endfor %}"),
    ("404.html", "<h1>", "{{ site.events | length }} {{ site.topics | join(',') }}"),
    ("partials/macros.html", "</time>", "{{ value.year }}"),
)
# Where a comment shows in the pages (appended at the end instead, it may show nowhere: also worth a step).
TEMPLATE_ANCHORS = {"event.html": "</article>", "partials/macros.html": "</time>", "base.html": "</footer>"}


def ascii_slug(text: str) -> str:
    """`Nguyễn Văn Hùng` -> `nguyen-van-hung` (Đ has no decomposition, hence the replace)."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def name_key(text: str) -> str:
    """How the generator compares names, aliases and slugs (README: case and NFC ignored)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is a subset of it."""
    return json.dumps(text, ensure_ascii=False)


@dataclasses.dataclass
class Leader:
    """A leader file: `content/leaders/<slug>.md`."""

    slug: str
    name: str
    original_name: str
    country: str
    fixed_aliases: list[str]  # events may name the leader by these, so they never go away
    extra_alias: str | None = None  # named by no event: free to change
    profile: str | None = None

    @property
    def aliases(self) -> list[str]:
        return self.fixed_aliases + ([self.extra_alias] if self.extra_alias else [])

    def text(self) -> str:
        aliases = ", ".join(quoted(alias) for alias in self.aliases)
        body = f"\n{self.profile}\n" if self.profile else ""
        return f"---\nname: {quoted(self.name)}\ncountry: {quoted(self.country)}\naliases: [{aliases}]\n---\n{body}"

    def keys(self) -> set[str]:
        """Every key the generator finds this leader under."""
        return {name_key(key) for key in (self.slug, self.name, *self.aliases)}


@dataclasses.dataclass
class Person:
    """A leader as an event names them: the text used (name, alias or slug) and the role, if any."""

    slug: str
    reference: str
    role: str | None


@dataclasses.dataclass
class Event:
    """An event file: `content/events/<date>-<words>.md`."""

    ident: int
    words: str  # the file name after the date; never changes, so names stay unique
    title: str
    date: str
    place: str | None
    leaders: list[Person]
    mentions: list[Person]
    topics: list[str]
    summary: str | None
    source: str
    source_url: str | None
    paragraphs: list[str]
    qualifier: str | None = None  # circa, before or after: written before the date, not in the file name
    end_days: int = 0  # an event of several days: its last day is this many after `date` (written only for a day)
    contact: str | None = None
    other_reports: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (publisher key, address)

    @property
    def file_name(self) -> str:
        return f"{self.date}-{self.words}.md"

    @property
    def written_date(self) -> str:
        """`date` as the file writes it: `2024-10-24`, `circa 1977`."""
        return f"{self.qualifier} {self.date}" if self.qualifier else self.date

    @property
    def exact_day(self) -> bool:
        """Whether the calendar, on-this-day.jsonl and /on-this-day/ list it: a day, known exactly."""
        return len(self.date) == 10 and self.qualifier is None

    def text(self) -> str:
        lines = ["---", f"title: {quoted(self.title)}", f"date: {self.written_date}"]
        if self.place:
            lines.append(f"place: {quoted(self.place)}")
        for field, people in (("leaders", self.leaders), ("mentions", self.mentions)):
            if people:
                lines.append(f"{field}:")
                for person in people:
                    if person.role is None:
                        lines.append(f"  - {quoted(person.reference)}")
                    else:
                        lines += [f"  - name: {quoted(person.reference)}", f"    role: {quoted(person.role)}"]
        lines.append(f"source: {self.source}")
        if self.source_url:
            lines.append(f"source_url: {self.source_url}")
        if self.end_days and self.exact_day:
            last = dt.date.fromisoformat(self.date) + dt.timedelta(days=self.end_days)
            lines.append(f"end_date: {last.isoformat()}")
        if self.contact:
            lines.append(f"contact: {self.contact}")
        if self.other_reports:
            lines.append("other_reports:")
            lines += [f"  - {{source: {key}, url: {url}}}" for key, url in self.other_reports]
        if self.summary is not None:
            lines.append(f"summary: {quoted(self.summary)}")
        if self.topics:
            lines.append("topics: [" + ", ".join(quoted(topic) for topic in self.topics) + "]")
        lines.append("---")
        return "\n".join(lines) + "\n\n" + "\n\n".join(self.paragraphs) + "\n"


@dataclasses.dataclass
class Translation:
    """An event's Vietnamese translation, `content/events/<stem>.vi.md`: words only, the facts stay in the original.

    Its `leaders`, `mentions` and `topics` follow the original's (the same people in the same order, as many
    topics), so it is written again whenever the original is."""

    title: str
    summary: str
    place: str | None = None
    roles: list[str | None] | None = None  # by position among the event's people, cycled; None: no `leaders`
    topics: bool = False  # give the original's topics in Vietnamese
    paragraphs: list[str] = dataclasses.field(default_factory=list)  # none: the original's text is shown

    def text(self, event: Event, leaders: dict[str, Leader]) -> str:
        lines = ["---", f"title: {quoted(self.title)}", f"summary: {quoted(self.summary)}"]
        if self.place:
            lines.append(f"place: {quoted(self.place)}")
        if self.roles is not None:
            for field, people, offset in (("leaders", event.leaders, 0), ("mentions", event.mentions, len(event.leaders))):
                if people:
                    lines.append(f"{field}:")
                for index, person in enumerate(people):
                    lines.append(f"  - name: {quoted(leaders[person.slug].name)}")
                    role = self.roles[(offset + index) % len(self.roles)] if self.roles else None
                    if role is not None:
                        lines.append(f"    role: {quoted(role)}")
        if self.topics and event.topics:
            lines.append("topics: [" + ", ".join(quoted(VI_TOPICS[topic]) for topic in event.topics) + "]")
        lines.append("---")
        return "\n".join(lines) + "\n\n" + "\n\n".join(self.paragraphs) + "\n"


@dataclasses.dataclass
class LeaderTranslation:
    """A leader's Vietnamese profile, `content/leaders/<slug>.vi.md`: a name only if it differs, and a body.
    With neither name nor profile its front matter is empty (`---` then `---`)."""

    name: str | None = None
    profile: str | None = None

    def text(self) -> str:
        name = f"name: {quoted(self.name)}\n" if self.name else ""
        return f"---\n{name}---\n" + (f"\n{self.profile}\n" if self.profile else "")


def vi_sentence(rng: random.Random, count: int) -> str:
    text = " ".join(rng.choice(VI_WORDS) for _ in range(count))
    return text[0].upper() + text[1:] + "."


def make_translation(event: Event, rng: random.Random) -> Translation:
    """A Vietnamese translation of `event`: always its title and summary, often its place, roles, topics and text."""
    return Translation(
        title=f"Cuộc gặp {vi_sentence(rng, rng.randint(2, 6))}".rstrip("."), summary=vi_sentence(rng, rng.randint(8, 20)),
        place=rng.choice(VI_PLACES) if rng.random() < 0.6 else None,
        roles=[rng.choice((None, *VI_ROLES)) for _ in range(rng.randint(1, 3))] if rng.random() < 0.5 else None,
        topics=rng.random() < 0.5,
        paragraphs=[vi_sentence(rng, rng.randint(15, 40)) for _ in range(rng.randint(1, 3))] if rng.random() < 0.6 else [],
    )


def sentence(rng: random.Random, count: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(count))
    return text[0].upper() + text[1:] + "."


def make_leaders(rng: random.Random) -> dict[str, Leader]:
    """Twelve Vietnamese and twelve Lao leaders, a few of them Cambodian, each name, alias and slug unique."""
    leaders: dict[str, Leader] = {}
    taken: set[str] = set()
    for family, middle, given in zip(rng.sample(VIET_FAMILY, 12), rng.choices(VIET_MIDDLE, k=12),
                                     rng.sample(VIET_GIVEN, 12)):
        name = f"{family} {middle} {given}"
        leaders[ascii_slug(name)] = Leader(ascii_slug(name), name, name, "Việt Nam", [given])
    for given, family in zip(rng.sample(LAO_GIVEN, 12), rng.choices(LAO_FAMILY, k=12)):
        name = f"{given} {family}"
        leaders[ascii_slug(name)] = Leader(ascii_slug(name), name, name, "Laos", [given])
    for index, leader in enumerate(leaders.values()):
        if index % 8 == 7:
            leader.country = "Cambodia"
        if index % 3:
            leader.profile = f"{leader.name} is a fictional leader. {sentence(rng, 12)}"
        assert not leader.keys() & taken, f"generated names collide: {leader.name}"
        taken |= leader.keys()
    return leaders


def reference_for(leader: Leader, rng: random.Random) -> str:
    """How an article names a leader: mostly the name, sometimes an alias, the slug, or odd typing."""
    choice = rng.random()
    if choice < 0.55:
        return leader.name
    if choice < 0.75:
        return rng.choice(leader.fixed_aliases)
    if choice < 0.85:
        return leader.slug
    if choice < 0.93:
        return unicodedata.normalize("NFD", leader.name)  # decomposed diacritics: the same leader
    return leader.name.lower()


def make_event(ident: int, rng: random.Random, leaders: dict[str, Leader]) -> Event:
    year, month, day = rng.randint(1976, 2025), rng.randint(1, 12), rng.randint(1, 28)
    precision = rng.random()
    date = f"{year}" if precision < 0.06 else f"{year}-{month:02d}" if precision < 0.18 else f"{year}-{month:02d}-{day:02d}"
    chosen = rng.sample(sorted(leaders), rng.choice((1, 2, 2, 2, 3)) + rng.choice((0, 0, 1, 2)))
    taking_part = chosen[:max(1, len(chosen) - rng.choice((0, 0, 1, 2)))]  # the rest are only mentioned
    people = [Person(slug, reference_for(leaders[slug], rng), rng.choice(ROLES) if rng.random() < 0.6 else None)
              for slug in chosen]
    first = leaders[chosen[0]].name
    title = f"{first} {rng.choice(('meets', 'receives', 'holds talks with'))} "
    title += leaders[chosen[1]].name if len(taking_part) > 1 else f"a delegation in {rng.choice(PLACES).split(',')[0]}"
    opening = f"**{first}** met *{leaders[chosen[-1]].name}* on {date} to discuss {rng.choice(WORDS)}. {sentence(rng, 20)}"
    paragraphs = [opening] + [sentence(rng, rng.randint(30, 70)) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.15:
        paragraphs.insert(2, "\n".join(f"- {sentence(rng, 6)}" for _ in range(3)))
    return Event(
        ident=ident, words=f"{chosen[0]}-talks-{ident}", title=title, date=date,
        place=rng.choice(PLACES) if rng.random() < 0.9 else None,
        leaders=people[:len(taking_part)], mentions=people[len(taking_part):],
        topics=rng.sample(TOPICS, rng.choice((0, 1, 1, 2, 3))),
        summary=sentence(rng, rng.randint(12, 30)) if rng.random() < 0.8 else None,
        source=rng.choice(SOURCES),
        source_url=f"https://example.org/news/{ident}" if rng.random() < 0.5 else None,
        paragraphs=paragraphs,
        qualifier=rng.choice(QUALIFIERS) if rng.random() < 0.1 else None,
    )


@dataclasses.dataclass
class Settings:
    """`content/site.yml`."""

    title: str = "Edit sequences timeline"
    description: str = "A generated site that random edits are applied to."
    # (name, adjective) in order: the first two are the relationship's sides.
    countries: list[tuple[str, str]] = dataclasses.field(
        default_factory=lambda: [(name, COUNTRY_CHOICES[name][0]) for name in STARTING_COUNTRIES])
    # Whether `languages` lists Vietnamese after English (the /vi/ tree), and its own title there.
    vietnamese: bool = True
    vi_title: str = "Dòng thời gian thử nghiệm"

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.countries]

    def side_of(self, country: str) -> int | None:
        """0 or 1 for a country that is one of the two sides, None for any other."""
        return self.names.index(country) if country in self.names[:2] else None

    def text(self) -> str:
        if not self.vietnamese:
            countries = "".join(f"  - {{name: {quoted(name)}, adjective: {quoted(adjective)}}}\n"
                                for name, adjective in self.countries)
            languages = "language: en\n"
        else:  # the Vietnamese press names a country's press by the country: "báo chí Lào"
            countries = "".join(f"  - name: {{en: {quoted(name)}, vi: {quoted(VI_COUNTRY_NAMES[name])}}}\n"
                                f"    adjective: {{en: {quoted(adjective)}, vi: {quoted(VI_COUNTRY_NAMES[name])}}}\n"
                                for name, adjective in self.countries)
            languages = f"languages:\n  - code: en\n  - code: vi\n    title: {quoted(self.vi_title)}\n"
        return (f"title: {quoted(self.title)}\ndescription: {quoted(self.description)}\n"
                f"base_url: https://example.org/\n{languages}countries:\n{countries}")


@dataclasses.dataclass
class Publisher:
    """One entry of `content/sources.yml`."""

    name: str
    country: str


def catalog_entry(text: str, context: str | None, msgid: str) -> re.Match:
    """Where a message is in a `.po` file's text: its `msgstr` (or a plural's first) as the group `string`."""
    header = f'msgctxt "{re.escape(context)}"\n' if context else "(?m)^"  # (the edited msgids have one context)
    found = re.search(header + f'msgid "{re.escape(msgid)}"\n(?:msgid_plural "[^"\n]*"\n)?'
                      r'msgstr(?:\[0\])? "(?P<string>[^"\n]*)"\n', text)
    assert found is not None, f"no message {msgid!r} ({context}) in the catalog"
    return found


def sources_text(publishers: dict[str, Publisher]) -> str:
    """`content/sources.yml`: the publisher registry, keyed by credit."""
    return "".join(f"{key}: {{name: {quoted(publisher.name)}, country: {quoted(publisher.country)}}}\n"
                   for key, publisher in publishers.items())


# --- Running the command line ------------------------------------------------------------------------


@dataclasses.dataclass
class SitePaths:
    """One example's directories: the inputs both commands read, and the cached build's output and cache."""

    root: Path
    content: Path
    templates: Path
    static: Path
    out: Path
    cache: Path
    translations: Path = PROJECT_ROOT / "translations"  # the message catalogs


def build_command(paths: SitePaths, out: Path, *options: str) -> list[str]:
    return [sys.executable, str(BUILD_PY), "build", "--content", str(paths.content), "--templates",
            str(paths.templates), "--static", str(paths.static), "--translations", str(paths.translations),
            "--out", str(out), *options]


def run_builds(cwd: Path, *commands: list[str]) -> list[subprocess.CompletedProcess]:
    """Run builds side by side (a 2-core machine does two at once) and wait for all of them."""
    running = [subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for command in commands]
    results = []
    for command, process in zip(commands, running):
        try:
            stdout, stderr = process.communicate(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        results.append(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
    return results


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def short_diff(path: str, expected: bytes | None, actual: bytes | None, limit: int = 40) -> str:
    """A unified diff of one file, cut to `limit` lines of at most 200 characters."""
    def lines(data: bytes | None) -> list[str]:
        return [] if data is None else [line[:200] for line in data.decode("utf-8", "replace").splitlines()]

    diff = list(difflib.unified_diff(lines(expected), lines(actual), f"expected/{path}", f"actual/{path}", lineterm="", n=2))
    return "\n".join(diff[:limit] + ([f"... {len(diff) - limit} more diff lines"] if len(diff) > limit else []))


def tree_mismatch(expected: dict[str, bytes], actual: dict[str, bytes]) -> str | None:
    """None if the trees are equal, else the differing paths and a diff of the first."""
    differing = sorted(path for path in expected.keys() | actual.keys() if expected.get(path) != actual.get(path))
    if not differing:
        return None
    missing = [path for path in differing if path not in actual]
    extra = [path for path in differing if path not in expected]
    changed = [path for path in differing if path in actual and path in expected]
    report = [f"{len(differing)} files differ: {len(changed)} changed, {len(missing)} missing, {len(extra)} extra"]
    for label, paths in (("changed", changed), ("missing", missing), ("extra", extra)):
        if paths:
            report.append(f"{label}: " + ", ".join(paths[:12]) + (" ..." if len(paths) > 12 else ""))
    first = (changed or missing or extra)[0]
    report.append(short_diff(first, expected.get(first), actual.get(first)))
    return "\n".join(report)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """One `python build.py serve` subprocess, its output in a file (a pipe nobody reads could fill up)."""

    def __init__(self, paths: SitePaths, port: int, log: Path):
        self.port, self.log = port, log
        with open(log, "wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-u", str(BUILD_PY), "serve", "--content", str(paths.content),
                 "--templates", str(paths.templates), "--static", str(paths.static),
                 "--translations", str(paths.translations), "--port", str(port)],
                cwd=paths.root, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so stop() reaches anything it forks
            )
        self.connection: http.client.HTTPConnection | None = None

    @property
    def base_url(self) -> str:
        """The address it serves at, which its pages are made for."""
        return f"http://127.0.0.1:{self.port}/"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def tail(self, count: int = 12) -> str:
        """Its last lines, leaving out warnings (every rebuild repeats those about missing summaries)."""
        lines = [line for line in self.output().splitlines() if ": warning: " not in line]
        return "serve output, last lines without warnings:\n" + "\n".join(lines[-count:])

    def wait_until_serving(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited with {self.process.returncode}:\n{self.output()}")
            announced = re.search(r"serving .* at http://127\.0\.0\.1:(\d+)/", self.output())
            if announced:
                # It moves to the next free port if ours was taken in the meantime: follow it.
                self.port = int(announced.group(1))
                if self.get("/")[0] == 200:
                    return
            time.sleep(0.05)
        raise AssertionError(f"serve did not start within {timeout} s:\n{self.output()}")

    def get(self, path: str) -> tuple[int, bytes]:
        """(status, body) of one request; (0, b"") if the server could not be reached."""
        for _attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (OSError, http.client.HTTPException):
                if self.connection is not None:
                    self.connection.close()
                self.connection = None
        return 0, b""

    def stop(self) -> None:
        """Kill it and anything it forked, whatever state it is in."""
        if self.connection is not None:
            self.connection.close()
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(10)


# --- The state machine ----------------------------------------------------------------------------------


# A date at day, month or year precision (10, 7 or 4 characters), as `date` and the file name write it.
dates = st.builds(lambda day, length: day.isoformat()[:length],
                  st.dates(dt.date(1975, 1, 1), dt.date(2026, 12, 31)), st.sampled_from((10, 10, 7, 4)))


def phrases(words: tuple[str, ...], low: int, high: int) -> st.SearchStrategy[str]:
    """`low` to `high` of `words`, joined, the first letter capitalised."""
    return st.lists(st.sampled_from(words), min_size=low, max_size=high).map(" ".join).map(
        lambda text: text[0].upper() + text[1:])


paragraphs = phrases(WORDS, 3, 40).map(lambda text: text + ".")
titles = phrases(TITLE_WORDS, 2, 10)
vi_paragraphs = phrases(VI_WORDS, 3, 30).map(lambda text: text + ".")
summaries = st.one_of(st.none(), phrases(WORDS, 4, 25))
roles = st.one_of(st.none(), st.sampled_from(ROLES))
# How a date edit and its file rename follow each other (see EditSequences.move).
rename_orders = st.sampled_from(("write then remove", "rename then write", "write then rename"))
# make_site makes the same leaders from the same seed; leaders are edited but never added or removed.
leader_slugs = st.sampled_from(sorted(make_leaders(random.Random(SEED))))
people = st.lists(st.tuples(leader_slugs, roles), min_size=1, max_size=3, unique_by=lambda pair: pair[0])


class EditSequences(RuleBasedStateMachine):
    """The content, templates and stylesheet of one site, edited step by step, built and previewed."""

    tmp_path_factory: pytest.TempPathFactory  # set by the `edit_sequences` fixture

    events = Bundle("events")

    def __init__(self):
        super().__init__()
        self.preview: Preview | None = None
        self.steps: list[str] = []  # what was done, in words, for failure messages
        self.builds = 0
        self.edits = 0  # numbers the comments and rules the edits add, so each edit changes something
        self.planned = 0  # how many steps `an_edit_from_the_plan` took

    # -- setup and teardown

    # Two examples in three start with Vietnamese listed: a /vi/ tree doubles the pages each step builds and
    # compares, and a one-language site with translations waiting (and `edit_languages` listing them) is a
    # case of its own.
    @initialize(target=events, vietnamese=st.sampled_from((True, True, False)))
    def make_site(self, vietnamese):
        rng = random.Random(SEED)  # the same site for every example: only the edits (and the languages) vary
        root = self.tmp_path_factory.mktemp("edits")
        self.paths = SitePaths(root, root / "content", root / "templates", root / "static",
                               root / "out" / "_site", root / "cache", root / "translations")
        shutil.copytree(PROJECT_ROOT / "templates", self.paths.templates)
        shutil.copytree(PROJECT_ROOT / "static", self.paths.static)
        shutil.copytree(PROJECT_ROOT / "translations", self.paths.translations)
        (self.paths.content / "events").mkdir(parents=True)
        (self.paths.content / "leaders").mkdir()
        self.settings = Settings(vietnamese=vietnamese)
        self.write("site.yml", self.settings.text())
        self.publishers = {key: Publisher(*entry) for key, entry in STARTING_PUBLISHERS.items()}
        self.write("sources.yml", sources_text(self.publishers))
        self.leaders = make_leaders(rng)
        for leader in self.leaders.values():
            self.write(f"leaders/{leader.slug}.md", leader.text())
        self.site_events: dict[int, Event] = {}
        for ident in range(EVENT_COUNT):
            event = self.site_events[ident] = make_event(ident, rng, self.leaders)
            self.write(f"events/{event.file_name}", event.text())
        self.translations: dict[int, Translation] = {}
        for ident in range(0, EVENT_COUNT, 3):
            self.translations[ident] = make_translation(self.site_events[ident], rng)
            self.save_translation(self.site_events[ident])
        self.leader_translations: dict[str, LeaderTranslation] = {}
        for index, leader in enumerate(self.leaders.values()):
            if leader.profile and index % 2:
                name = f"{VI_NAME_PREFIXES[index % 3]} {leader.name}" if index % 3 == 1 else None
                self.leader_translations[leader.slug] = LeaderTranslation(name, vi_sentence(rng, 14))
                self.write(f"leaders/{leader.slug}.vi.md", self.leader_translations[leader.slug].text())
        self.next_ident = EVENT_COUNT
        self.rng = rng
        self.previous_served: set[str] = set()
        self.preview = Preview(self.paths, free_port(), root / "serve.log")
        self.preview.wait_until_serving()
        self.steps.append(f"generated {EVENT_COUNT} events and {len(self.leaders)} leaders (seed {SEED}), "
                          f"{len(self.translations)} events and {len(self.leader_translations)} leaders translated "
                          f"into Vietnamese ({'listed' if vietnamese else 'not listed'} in site.yml); serve started")
        return multiple(*self.site_events)

    def teardown(self):
        if self.preview is not None:
            self.preview.stop()
        if getattr(self, "paths", None) is not None:
            shutil.rmtree(self.paths.root, ignore_errors=True)

    # -- helpers

    def write(self, relative: str, text: str) -> None:
        (self.paths.content / relative).write_text(text, encoding="utf-8")

    def save_event(self, event: Event) -> None:
        self.write(f"events/{event.file_name}", event.text())
        self.save_translation(event)

    def translation_path(self, event: Event) -> Path:
        return self.paths.content / "events" / event.file_name.replace(".md", ".vi.md")

    def save_translation(self, event: Event) -> None:
        """Write the event's translation, if it has one, to follow the original (its people and topics)."""
        if event.ident in self.translations:
            self.translation_path(event).write_text(self.translations[event.ident].text(event, self.leaders),
                                                    encoding="utf-8")

    def catalog(self) -> Path:
        return self.paths.translations / "vi" / "LC_MESSAGES" / "messages.po"

    def cached_build(self) -> list[str]:
        """The command of a cached build (the same output and cache all along), for the preview's address."""
        return build_command(self.paths, self.paths.out, "--cache-dir", str(self.paths.cache), "--base-url",
                             self.preview.base_url)

    def clean_build(self, out: Path) -> list[str]:
        """The command of a build from scratch into `out`, for the preview's address: what both must equal."""
        return build_command(self.paths, out, "--no-cache", "--base-url", self.preview.base_url)

    def note(self, step: str) -> None:
        self.steps.append(step)

    def history(self) -> str:
        return "edit sequence:\n" + "\n".join(f"  {number}. {step}" for number, step in enumerate(self.steps))

    def person(self, slug: str, role: str | None) -> Person:
        return Person(slug, reference_for(self.leaders[slug], self.rng), role)

    def taken_keys(self, besides: Leader | None = None) -> set[str]:
        return set().union(*(leader.keys() for leader in self.leaders.values() if leader is not besides))

    def side_of(self, slug: str) -> int | None:
        """The side (0 or 1) of a leader as site.yml lists the sides now; None for a third country's."""
        return self.settings.side_of(self.leaders[slug].country)

    def expect_refused(self, break_it, fix_it, says: str) -> None:
        """Make the content invalid (`break_it()`), check that a cached build fails with a `path:line: message`
        line holding `says` and leaves the output as it was, then make it valid again (`fix_it()`)."""
        before = tree(self.paths.out) if self.paths.out.exists() else {}
        break_it()
        [result] = run_builds(self.paths.root, self.cached_build())
        fix_it()
        assert result.returncode == 1, f"a build of broken content exited {result.returncode}:\n{result.stderr}\n{self.history()}"
        told = [line for line in result.stderr.splitlines() if re.match(r"\S+:\d+: ", line) and says in line]
        assert told and "Traceback" not in result.stderr, \
            f"expected a `path:line: message` line with {says!r}:\n{result.stderr}\n{self.history()}"
        mismatch = tree_mismatch(before, tree(self.paths.out) if self.paths.out.exists() else {})
        assert mismatch is None, f"a failed build changed the output:\n{mismatch}\n{self.history()}"

    # -- the planned edits

    # Hypothesis always runs first the simplest example it can make, and under the `dev` profile only that one.
    # In it, every step takes the rule that sorts first (the one with the fewest arguments) with the simplest
    # arguments: without this rule, that is deleting an event at every step. This one, sorting first, makes that
    # example a planned sequence instead: lines that show new data put into templates, then that data edited.
    # In the other examples it is one rule among the rest.
    @rule()
    def an_edit_from_the_plan(self):
        events = sorted(self.site_events)
        first, later = self.site_events[events[0]], self.site_events[events[len(events) // 2]]
        slug = first.leaders[0].slug
        plan = (
            lambda: self.show_new_data_in_a_template(DATA_LINES[0]),  # the aliases and the previous summary
            lambda: self.edit_aliases(slug, ALIAS_PREFIXES[self.planned % len(ALIAS_PREFIXES)]),
            lambda: self.edit_summary(later.ident, f"A planned summary, step {self.planned}"),
            lambda: self.show_new_data_in_a_template(DATA_LINES[3]),  # the relations' aliases and names
            lambda: self.rename_leader(slug, VIET_FAMILY[self.planned % len(VIET_FAMILY)], VIET_GIVEN[0]),
            lambda: self.show_new_data_in_a_template(DATA_LINES[1]),  # the latest event's title, on every page
            lambda: self.edit_date(later.ident, "2031-01-15", "write then rename"),
            lambda: self.edit_title(later.ident, f"Planned title {self.planned}"),
            lambda: self.show_new_data_in_a_template(DATA_LINES[2]),  # each leader's events' titles
            lambda: self.edit_title(first.ident, f"Planned title {self.planned}"),
        )
        plan[self.planned % len(plan)]()
        self.planned += 1

    # -- event edits

    @rule(event=events, title=titles)
    def edit_title(self, event, title):
        record = self.site_events[event]
        record.title = title
        self.save_event(record)
        self.note(f"title of {record.file_name} -> {title!r}")

    @rule(event=events, first=titles, second=titles)
    def save_twice_quickly(self, event, first, second):
        """Two saves of one file within a millisecond or so (an autosave, then a save): the second must show."""
        record = self.site_events[event]
        record.title = first
        self.save_event(record)
        record.title = second
        self.save_event(record)
        self.note(f"title of {record.file_name} -> {first!r}, then at once -> {second!r}")

    @rule(event=events, date=dates, order=rename_orders)
    def edit_date(self, event, date, order):
        self.move(self.site_events[event], date, order)

    @rule(event=events, other=events, order=rename_orders)
    def edit_date_to_match_another(self, event, other, order):
        """Events on the same date are ordered by something else: worth a step of its own."""
        self.move(self.site_events[event], self.site_events[other].date, order)

    def move(self, record: Event, date: str, order: str) -> None:
        """Change an event's date and rename its file to match."""
        old = self.paths.content / "events" / record.file_name
        record.date = date
        new = self.paths.content / "events" / record.file_name
        # Each order passes the preview through a different in-between state (two files, or a file whose
        # name disagrees with its date); both builds see only the end state.
        if order == "write then remove":
            new.write_text(record.text(), encoding="utf-8")
            if new != old:
                old.unlink()
        elif order == "rename then write":
            old.rename(new)
            new.write_text(record.text(), encoding="utf-8")
        else:
            old.write_text(record.text(), encoding="utf-8")
            old.rename(new)
        if record.ident in self.translations and new != old:  # its translation is renamed with it
            self.save_translation(record)
            old.with_name(old.name.replace(".md", ".vi.md")).unlink()
        self.note(f"date of {old.name} -> {date} ({order}: {new.name})")

    @rule(event=events, text=paragraphs)
    def edit_first_paragraph(self, event, text):
        record = self.site_events[event]
        record.paragraphs[0] = text
        self.save_event(record)
        self.note(f"first paragraph of {record.file_name} -> {text[:60]!r}" + (" (no summary: it is the summary)" if record.summary is None else ""))

    @rule(event=events, which=st.integers(1, 10), text=paragraphs)
    def edit_later_paragraph(self, event, which, text):
        record = self.site_events[event]
        if len(record.paragraphs) == 1:  # an added event may have only one: give it a second
            record.paragraphs.append(text)
        index = 1 + (which - 1) % (len(record.paragraphs) - 1)
        record.paragraphs[index] = text
        self.save_event(record)
        self.note(f"paragraph {index + 1} of {record.file_name} -> {text[:60]!r}")

    @rule(event=events, summary=summaries)
    def edit_summary(self, event, summary):
        record = self.site_events[event]
        record.summary = summary
        self.save_event(record)
        self.note(f"summary of {record.file_name} -> {summary!r}")

    @rule(event=events, chosen=people)
    def edit_leaders(self, event, chosen):
        record = self.site_events[event]
        record.leaders = [self.person(slug, role) for slug, role in chosen]
        # A leader who takes part is not also listed as only mentioned.
        record.mentions = [person for person in record.mentions if person.slug not in {slug for slug, _ in chosen}]
        self.save_event(record)
        self.note(f"leaders of {record.file_name} -> {[(p.reference, p.role) for p in record.leaders]}")

    @rule(event=events, which=st.integers(0, 10), role=roles)
    def edit_role(self, event, which, role):
        record = self.site_events[event]
        named = record.leaders + record.mentions
        person = named[which % len(named)]
        person.role = role
        self.save_event(record)
        kind = "leader" if which % len(named) < len(record.leaders) else "mention"
        self.note(f"role of {kind} {person.reference!r} in {record.file_name} -> {role!r}")

    @rule(event=events, chosen=st.lists(st.tuples(leader_slugs, roles), max_size=3, unique_by=lambda pair: pair[0]))
    def edit_mentions(self, event, chosen):
        record = self.site_events[event]
        taking_part = {person.slug for person in record.leaders}
        record.mentions = [self.person(slug, role) for slug, role in chosen if slug not in taking_part]
        self.save_event(record)
        self.note(f"mentions of {record.file_name} -> {[(p.reference, p.role) for p in record.mentions]}")

    @rule(event=events, days=st.sampled_from((0, 1, 2, 3, 30)))
    def edit_end_date(self, event, days):
        """An event of several days shows as a range everywhere its date is, and ends later in the calendar."""
        record = self.site_events[event]
        record.end_days = days
        self.save_event(record)
        self.note(f"end_date of {record.file_name} -> {days} days after ({'written' if record.exact_day else 'not a day'})")

    @rule(event=events, contact=st.sampled_from((None, "in person", "sidelines", "call", "letter")))
    def edit_contact(self, event, contact):
        """The kind of contact: the event page, the timeline's filter, /relations/' counts and the exports."""
        record = self.site_events[event]
        record.contact = contact
        self.save_event(record)
        self.note(f"contact of {record.file_name} -> {contact!r}")

    @rule(event=events, reports=st.lists(st.tuples(st.sampled_from(sorted(STARTING_PUBLISHERS)), st.integers(0, 9)),
                                        max_size=3))
    def edit_other_reports(self, event, reports):
        """Further reports: the event page's links, its press by side (`?press=both`) and /relations/' count."""
        record = self.site_events[event]
        record.other_reports = [(key, f"https://example.org/{key.lower()}/{number}") for key, number in reports]
        self.save_event(record)
        self.note(f"other_reports of {record.file_name} -> {record.other_reports}")

    @rule(event=events, topics=st.lists(st.sampled_from(TOPICS), max_size=3, unique=True))
    def edit_topics(self, event, topics):
        record = self.site_events[event]
        record.topics = topics
        self.save_event(record)
        self.note(f"topics of {record.file_name} -> {topics}")

    @rule(event=consumes(events))
    def delete_event(self, event):
        record = self.site_events.pop(event)
        (self.paths.content / "events" / record.file_name).unlink()
        translated = self.translations.pop(record.ident, None) is not None
        if translated:
            self.translation_path(record).unlink()
        self.note(f"deleted {record.file_name}" + (" and its translation" if translated else ""))

    @rule(target=events, date=dates, title=titles, chosen=people, text=st.lists(paragraphs, min_size=1, max_size=4),
          summary=summaries, topics=st.lists(st.sampled_from(TOPICS), max_size=2, unique=True))
    def add_event(self, date, title, chosen, text, summary, topics):
        ident, self.next_ident = self.next_ident, self.next_ident + 1
        record = Event(ident=ident, words=f"added-{ident}", title=title, date=date, place=PLACES[ident % len(PLACES)],
                       leaders=[self.person(slug, role) for slug, role in chosen], mentions=[], topics=topics,
                       summary=summary, source="VNS", source_url=None, paragraphs=text)
        self.site_events[ident] = record
        self.save_event(record)
        self.note(f"added {record.file_name}: {title!r}, leaders {[p.reference for p in record.leaders]}")
        return ident

    @rule(event=events, problem=st.sampled_from(("unknown leader", "bad YAML", "file name date", "unknown publisher",
                                                  "unknown date word")))
    def refuse_a_broken_event(self, event, problem):
        """A broken file fails the cached build, which leaves the output as it was; then it is fixed."""
        record = self.site_events[event]
        path = self.paths.content / "events" / record.file_name
        good = path.read_text(encoding="utf-8")
        broken = {
            "unknown leader": good.replace("\nleaders:\n", "\nleaders:\n  - Nobody Atall\n", 1),
            "bad YAML": good.replace("\ntitle: ", "\ntitle: [", 1),
            "file name date": good.replace(f"\ndate: {record.written_date}\n", "\ndate: 1970-01-01\n", 1),
            "unknown publisher": good.replace("\nsource: ", "\nsource: NOBODY/", 1),
            "unknown date word": good.replace(f"\ndate: {record.written_date}\n", f"\ndate: about {record.date}\n", 1),
        }[problem]
        assert broken != good
        self.note(f"broke {record.file_name} ({problem}), cached build, restored the file")
        self.expect_refused(lambda: path.write_text(broken, encoding="utf-8"),
                            lambda: path.write_text(good, encoding="utf-8"), f"{record.file_name}:")

    # -- leader edits

    @rule(slug=leader_slugs, family=st.sampled_from(VIET_FAMILY + LAO_FAMILY), given=st.sampled_from(VIET_GIVEN + LAO_GIVEN))
    def rename_leader(self, slug, family, given):
        leader = self.leaders[slug]
        name, taken = f"{given} {family}", self.taken_keys(besides=leader)
        while name_key(name) in taken | leader.keys():
            name += " II"
        # The former name becomes an alias, so the events that name the leader by it still resolve.
        leader.fixed_aliases.append(leader.name)
        old, leader.name = leader.name, name
        self.write(f"leaders/{slug}.md", leader.text())
        self.note(f"renamed leader {old!r} -> {name!r} (old name kept as alias)")

    @rule(slug=leader_slugs, prefix=st.one_of(st.none(), st.sampled_from(ALIAS_PREFIXES)))
    def edit_aliases(self, slug, prefix):
        leader = self.leaders[slug]
        # Prefix + the original name: unique, because original names are and no other alias has a prefix.
        leader.extra_alias = None if prefix is None else f"{prefix} {leader.original_name}"
        self.write(f"leaders/{slug}.md", leader.text())
        self.note(f"aliases of {slug} -> {leader.aliases}")

    @rule(slug=leader_slugs, which=st.integers(0, 9))
    def edit_country(self, slug, which):
        """Another of the countries site.yml lists (a country it does not list is `edit_countries`' matter)."""
        leader = self.leaders[slug]
        others = [name for name in self.settings.names if name != leader.country]
        leader.country = others[which % len(others)]
        self.write(f"leaders/{slug}.md", leader.text())
        self.note(f"country of {slug} -> {leader.country}")

    # -- participants (who met whom: leader pages' counterparts, /relations/, the timeline's filters)

    @rule(event=events, how=st.sampled_from(("add one of the other side", "remove one of the other side",
                                             "a participant becomes a mention", "a mention takes part",
                                             "add a third country's leader")),
          which=st.integers(0, 23), role=roles)
    def edit_participants(self, event, how, which, role):
        """One change to who takes part in an event; if `how` cannot apply to it, the next kind that can."""
        record = self.site_events[event]
        kinds = {"add one of the other side": self.add_other_side, "remove one of the other side": self.remove_other_side,
                 "a participant becomes a mention": self.participant_to_mention,
                 "a mention takes part": self.mention_to_participant,
                 "add a third country's leader": self.add_third_country_leader}
        order = list(kinds)
        for kind in order[order.index(how):] + order[:order.index(how)]:
            done = kinds[kind](record, which, role)
            if done:
                break
        self.save_event(record)
        self.note(f"participants of {record.file_name}: {done}; leaders -> {[p.reference for p in record.leaders]}, "
                  f"mentions -> {[p.reference for p in record.mentions]}")

    def unnamed(self, record: Event, side: int | None) -> list[str]:
        """Leaders of `side` (None: of a third country) whom the event names neither as participant nor mention."""
        named = {person.slug for person in record.leaders + record.mentions}
        return [slug for slug in sorted(self.leaders) if slug not in named and self.side_of(slug) == side]

    def add_other_side(self, record: Event, which: int, role: str | None) -> str | None:
        first = self.side_of(record.leaders[0].slug)
        candidates = self.unnamed(record, 1 - first if first is not None else 0)
        if not candidates:
            return None
        record.leaders.append(self.person(candidates[which % len(candidates)], role))
        return f"added {record.leaders[-1].slug} (the other side)"

    def remove_other_side(self, record: Event, which: int, role: str | None) -> str | None:
        first = self.side_of(record.leaders[0].slug)
        candidates = [person for person in record.leaders[1:] if self.side_of(person.slug) != first]
        if not candidates:
            return None
        person = candidates[which % len(candidates)]
        record.leaders.remove(person)
        return f"removed {person.slug} (the other side)"

    def participant_to_mention(self, record: Event, which: int, role: str | None) -> str | None:
        if len(record.leaders) < 2:  # an event needs a participant
            return None
        person = record.leaders.pop(which % len(record.leaders))
        record.mentions.append(person)
        return f"{person.slug} only mentioned now"

    def mention_to_participant(self, record: Event, which: int, role: str | None) -> str | None:
        if not record.mentions:
            return None
        person = record.mentions.pop(which % len(record.mentions))
        record.leaders.append(person)
        return f"{person.slug} takes part now"

    def add_third_country_leader(self, record: Event, which: int, role: str | None) -> str | None:
        candidates, made = self.unnamed(record, None), ""
        if not candidates:
            # Make one: a leader the event does not name moves to a third country (listed first if need be).
            if len(self.settings.countries) < 3:
                name = [name for name in COUNTRY_CHOICES if name not in self.settings.names][which % 3]
                self.settings.countries.append((name, COUNTRY_CHOICES[name][0]))
                self.write("site.yml", self.settings.text())
                made = f"listed {name}; "
            named = {person.slug for person in record.leaders + record.mentions}
            slug = [slug for slug in sorted(self.leaders) if slug not in named][which % (len(self.leaders) - len(named))]
            leader = self.leaders[slug]
            leader.country = self.settings.names[2 + which % (len(self.settings.countries) - 2)]
            self.write(f"leaders/{slug}.md", leader.text())
            candidates, made = [slug], made + f"moved {slug} to {leader.country}; "
        record.leaders.append(self.person(candidates[which % len(candidates)], role))
        return f"{made}added {record.leaders[-1].slug} (a third country's)"

    # -- the countries site.yml lists

    @rule(how=st.sampled_from(("rename an adjective", "swap the sides", "a third country becomes a side",
                               "add a country", "remove a country")),
          which=st.integers(0, 9), restore=st.booleans())
    def edit_countries(self, how, which, restore):
        """Adjectives name each side's press; the order picks the sides; a leader's or publisher's country must
        be listed: removing a country still in use fails the build, then either the country comes back
        (`restore`) or what used it moves to another listed country."""
        countries = self.settings.countries
        unlisted = [name for name in COUNTRY_CHOICES if name not in self.settings.names]
        if how == "a third country becomes a side" and len(countries) < 3 or how == "remove a country" and len(countries) < 3:
            how = "add a country"  # there are five to choose from: with two listed, three are not
        if how == "add a country" and not unlisted:
            how = "rename an adjective"
        if how == "rename an adjective":
            index = which % len(countries)
            name, adjective = countries[index]
            choices = [choice for choice in COUNTRY_CHOICES[name] if choice != adjective]
            countries[index] = (name, choices[which % len(choices)])
            done = f"{name}'s adjective {adjective!r} -> {countries[index][1]!r}"
        elif how == "swap the sides":
            countries[0], countries[1] = countries[1], countries[0]
            done = f"sides swapped: {countries[0][0]}, {countries[1][0]}"
        elif how == "a third country becomes a side":
            side, third = which % 2, 2 + which % (len(countries) - 2)
            countries[side], countries[third] = countries[third], countries[side]
            done = f"{countries[side][0]} is a side instead of {countries[third][0]}"
        elif how == "add a country":
            name = unlisted[which % len(unlisted)]
            countries.insert(2 + which % (len(countries) - 1), (name, COUNTRY_CHOICES[name][0]))
            done = f"listed {name}"
        else:
            self.remove_country(which % len(countries), restore)
            return
        self.write("site.yml", self.settings.text())
        self.note(f"site.yml countries: {done} -> {self.settings.names}")

    def remove_country(self, index: int, restore: bool) -> None:
        name = self.settings.countries[index][0]
        remaining = self.settings.countries[:index] + self.settings.countries[index + 1:]
        users = [slug for slug, leader in self.leaders.items() if leader.country == name]
        publishers = [key for key, publisher in self.publishers.items() if publisher.country == name]
        if not users and not publishers:
            self.settings.countries = remaining
            self.write("site.yml", self.settings.text())
            self.note(f"site.yml countries: removed {name} (nothing uses it) -> {self.settings.names}")
            return
        good, broken = self.settings.text(), Settings(self.settings.title, self.settings.description, remaining).text()

        def fix() -> None:
            if restore:
                self.write("site.yml", good)
                return
            self.settings.countries = remaining
            instead = remaining[0][0]
            for slug in users:
                self.leaders[slug].country = instead
                self.write(f"leaders/{slug}.md", self.leaders[slug].text())
            for key in publishers:
                self.publishers[key].country = instead
            self.write("sources.yml", sources_text(self.publishers))

        self.note(f"site.yml countries: removed {name}, still used by {users + publishers}; cached build; "
                  + ("listed it again" if restore else f"moved them to {remaining[0][0]}"))
        self.expect_refused(lambda: self.write("site.yml", broken), fix, f"country {name!r} is not listed in `countries`")

    # -- the publisher registry, sources.yml

    @rule(event=events, how=st.sampled_from(("rename a publisher", "move a publisher to another country",
                                             "add a publisher and credit it", "credit one publisher",
                                             "credit two publishers")),
          which=st.integers(0, 23))
    def edit_publishers(self, event, how, which):
        """Pages name publishers in full and group them by side ("Vietnamese press: …"), from sources.yml."""
        record = self.site_events[event]
        keys = list(self.publishers)
        new_keys = [key for key in ADDED_PUBLISHERS if key not in self.publishers]
        if how == "add a publisher and credit it" and not new_keys:
            how = "credit two publishers"
        if how in ("rename a publisher", "move a publisher to another country"):
            key = keys[which % len(keys)]
            publisher = self.publishers[key]
            if how == "rename a publisher":
                names = [name for name in PUBLISHER_NAMES if name != publisher.name]
                publisher.name = names[which % len(names)]
            else:
                countries = [name for name in self.settings.names if name != publisher.country]
                publisher.country = countries[which % len(countries)]
            self.write("sources.yml", sources_text(self.publishers))
            self.note(f"sources.yml: {how} {key} -> {publisher}")
            return
        if how == "add a publisher and credit it":
            key = new_keys[which % len(new_keys)]
            names = self.settings.names
            self.publishers[key] = Publisher(ADDED_PUBLISHERS[key], names[which % len(names)])
            self.write("sources.yml", sources_text(self.publishers))  # first, so that no state credits it unknown
            record.source = key if which % 2 else f"{record.source.split('/')[0]}/{key}"
            done = f"sources.yml: added {key} {self.publishers[key]}; "
        else:
            rotated = keys[which % len(keys):] + keys[:which % len(keys)]
            record.source = "/".join(rotated[:1 if how == "credit one publisher" else 2])
            done = ""
        self.save_event(record)
        self.note(f"{done}source of {record.file_name} -> {record.source}")

    # -- dates known roughly (circa, before, after) and to the day (the calendar, on this day)

    @rule(event=events, how=st.sampled_from(("qualify the date", "drop the qualifier", "to an exact day",
                                             "from an exact day")),
          qualifier=st.sampled_from(QUALIFIERS), which=st.integers(0, 27), order=rename_orders)
    def edit_date_precision(self, event, how, qualifier, which, order):
        """Only events dated exactly to a day are in events.ics, on-this-day.jsonl and /on-this-day/; a
        qualifier keeps the file name (its digits) and moves the event in the timeline's order."""
        record = self.site_events[event]
        if how == "drop the qualifier" and record.qualifier is None:
            how = "qualify the date"
        if how == "from an exact day" and not record.exact_day:
            how = "to an exact day"
        if how == "qualify the date":
            choices = [choice for choice in QUALIFIERS if choice != record.qualifier]
            record.qualifier = qualifier if qualifier in choices else choices[which % len(choices)]
        elif how == "drop the qualifier":
            record.qualifier = None
        elif how == "to an exact day":
            record.qualifier = None
            month = record.date[5:7] or f"{which % 12 + 1:02d}"
            day = f"{which % 28 + 1:02d}"
            if record.date[8:] == day:  # exact already on that day: another day
                day = f"{(which + 1) % 28 + 1:02d}"
            self.note(f"date precision of {record.file_name}: {how}")
            self.move(record, f"{record.date[:4]}-{month}-{day}", order)
            return
        elif which % 2:  # from an exact day, by a qualifier
            record.qualifier = qualifier
        else:  # from an exact day, by leaving the day out
            self.note(f"date precision of {record.file_name}: {how}, to the month")
            self.move(record, record.date[:7], order)
            return
        self.save_event(record)
        self.note(f"date of {record.file_name} -> {record.written_date!r} ({how})")

    # -- the Vietnamese edition: translations, the catalog, the languages site.yml lists

    @rule(event=events, how=st.sampled_from(("translate", "title", "summary", "place", "roles", "topics", "text",
                                             "untranslate")),
          text=vi_paragraphs, role=st.sampled_from(VI_ROLES), which=st.integers(0, 8))
    def edit_translation(self, event, how, text, role, which):
        """One change to an event's Vietnamese translation (an event without one is translated first): the
        /vi/ pages, feeds, search index and on-this-day data show it, the English edition does not."""
        record = self.site_events[event]
        translation = self.translations.get(record.ident)
        if translation is None or how == "translate":
            translation = self.translations[record.ident] = make_translation(record, self.rng)
            self.save_translation(record)
            self.note(f"translated {record.file_name}: {translation}")
            return
        if how == "untranslate":
            del self.translations[record.ident]
            self.translation_path(record).unlink()
            self.note(f"deleted the translation of {record.file_name}")
            return
        if how == "title":
            translation.title = text.rstrip(".")
        elif how == "summary":
            translation.summary = text
        elif how == "place":
            translation.place = None if translation.place else VI_PLACES[which % len(VI_PLACES)]
        elif how == "roles":
            if translation.roles is None:
                translation.roles = [role]
            elif which % 3 == 0:
                translation.roles = None
            else:
                translation.roles[which % len(translation.roles)] = role
        elif how == "topics":
            translation.topics = not translation.topics
        else:  # the text: its first paragraph, or none (the original's text is shown)
            translation.paragraphs = [] if translation.paragraphs and which % 3 == 0 else [text, *translation.paragraphs[1:]]
        self.save_translation(record)
        self.note(f"translation of {record.file_name}: {how} -> {translation}")

    @rule(slug=leader_slugs, how=st.sampled_from(("profile", "name", "drop the name", "remove")), text=vi_paragraphs)
    def edit_leader_translation(self, slug, how, text):
        """A leader's Vietnamese profile and name (the name shows wherever the /vi/ pages name the leader);
        with neither, the file's front matter is empty."""
        path = self.paths.content / "leaders" / f"{slug}.vi.md"
        if how == "remove":
            self.leader_translations.pop(slug, None)
            path.unlink(missing_ok=True)
            self.note(f"leader translation of {slug}: removed")
            return
        translation = self.leader_translations.setdefault(slug, LeaderTranslation())
        if how == "profile":
            translation.profile = None if translation.profile == text else text
        elif how == "name":
            translation.name = f"{VI_NAME_PREFIXES[len(text) % 3]} {self.leaders[slug].name}"
        else:
            translation.name = None
        path.write_text(translation.text(), encoding="utf-8")
        self.note(f"leader translation of {slug}: {how} -> {translation}")

    @rule(message=st.sampled_from(CATALOG_EDITS), how=st.sampled_from(("translate otherwise", "add a comment")))
    def edit_catalog(self, message, how):
        """The Vietnamese catalog: a message's translation (a date pattern changes every Vietnamese date), or
        a translator's comment that changes the file's bytes and nothing the pages show."""
        context, msgid, choices = message
        path = self.catalog()
        text = path.read_text(encoding="utf-8")
        found = catalog_entry(text, context, msgid)
        if how == "add a comment":
            self.edits += 1
            text = text[:found.start()] + f"# translator's note {self.edits}\n" + text[found.start():]
            done = "a comment before it"
        else:
            current = found.group("string")
            new = choices[1] if current == choices[0] else choices[0]
            text = text[:found.start("string")] + new + text[found.end("string"):]
            done = f"{current!r} -> {new!r}"
        path.write_text(text, encoding="utf-8")
        self.note(f"catalog vi, {msgid!r}: {done}")

    @rule(how=st.sampled_from(("list Vietnamese or not", "retitle the Vietnamese edition")),
          title=phrases(VI_WORDS, 2, 6))
    def edit_languages(self, how, title):
        """`languages` in site.yml: Vietnamese listed (the /vi/ tree, hreflang, the sitemap's alternates) or
        not (a one-language site, the translations unpublished), and its title."""
        if how == "retitle the Vietnamese edition" and self.settings.vietnamese:
            self.settings.vi_title = title
            done = f"Vietnamese title -> {title!r}"
        else:
            self.settings.vietnamese = not self.settings.vietnamese
            done = "vi listed" if self.settings.vietnamese else "vi no longer listed"
        self.write("site.yml", self.settings.text())
        self.note(f"site.yml languages: {done}")

    @rule(event=events, problem=st.sampled_from(("a fact contradicts the original", "another leader", "a broken catalog")))
    def refuse_a_broken_translation(self, event, problem):
        """A translation that contradicts its original, or a catalog that cannot be read, fails the cached build
        at its line and leaves the output as it was; then it is fixed."""
        record = self.site_events[event]
        if problem == "a broken catalog":
            path = self.catalog()
            says = "messages.po:"
            good = path.read_text(encoding="utf-8")
            broken = good.replace('msgid "Leaders"\n', 'msgid "Leaders"\nmsgtext "Lãnh đạo"\n', 1)  # no such keyword
        else:
            if record.ident not in self.translations:
                self.translations[record.ident] = make_translation(record, self.rng)
                self.save_translation(record)
                self.note(f"translated {record.file_name}: {self.translations[record.ident]}")
            if not self.settings.vietnamese:  # a translation into a language not listed is not checked
                self.settings.vietnamese = True
                self.write("site.yml", self.settings.text())
                self.note("site.yml languages: vi listed")
            path, says = self.translation_path(record), f"{record.file_name.replace('.md', '.vi.md')}:"
            good = path.read_text(encoding="utf-8")
            if problem == "another leader":
                stranger = next(slug for slug in sorted(self.leaders) if slug not in
                                {person.slug for person in record.leaders + record.mentions})
                broken = good.replace("\n---\n", f"\nleaders:\n  - {quoted(self.leaders[stranger].name)}\n---\n", 1)
                if "\nleaders:" in good:  # one `leaders` only: name the stranger in it
                    broken = re.sub(r"\nleaders:\n  - name: [^\n]*", f"\nleaders:\n  - name: {quoted(self.leaders[stranger].name)}",
                                    good, count=1)
            else:
                broken = good.replace("\n---\n", "\ndate: 1970-01-01\n---\n", 1)
        assert broken != good
        self.note(f"broke {path.name} ({problem}), cached build, restored the file")
        self.expect_refused(lambda: path.write_text(broken, encoding="utf-8"),
                            lambda: path.write_text(good, encoding="utf-8"), says)

    # -- templates, stylesheet, settings

    @rule(template=st.sampled_from(TEMPLATES), how=st.sampled_from(("swap a word", "comment in the page", "comment at the end")),
          which=st.integers(0, 5))
    def edit_template(self, template, how, which):
        path = self.paths.templates / template
        text = path.read_text(encoding="utf-8")
        self.edits += 1
        comment = f"<!-- edit {self.edits} -->"
        pairs = [pair for pair in TEMPLATE_WORDS[template] if pair[0] in text or pair[1] in text]
        anchor = TEMPLATE_ANCHORS[template]
        if how == "swap a word" and pairs:
            old, new = pairs[which % len(pairs)]
            if old not in text:
                old, new = new, old
            text = text.replace(old, new, 1)
            done = f"{old!r} -> {new!r}"
        elif how == "comment in the page" and anchor in text:
            text = text.replace(anchor, comment + anchor, 1)
            done = f"{comment} before {anchor}"
        else:
            text += comment + "\n"
            done = f"{comment} appended"
        path.write_text(text, encoding="utf-8")
        self.note(f"template {template}: {done}")

    @rule(line=st.sampled_from(DATA_LINES))
    def show_new_data_in_a_template(self, line):
        template, anchor, shown = line
        path = self.paths.templates / template
        text = path.read_text(encoding="utf-8")
        if shown in text:
            text, done = text.replace(shown, "", 1), "taken out"
        elif anchor in text:
            text, done = text.replace(anchor, shown + anchor, 1), "put in"
        else:
            return
        path.write_text(text, encoding="utf-8")
        self.note(f"template {template}: a line showing new data {done}: {shown[:60]!r}")

    @rule(how=st.sampled_from(("append a rule", "change a value")), value=st.integers(0, 40))
    def edit_stylesheet(self, how, value):
        path = self.paths.static / "css" / "site.css"
        text = path.read_text(encoding="utf-8")
        self.edits += 1
        changed = re.sub(r"--radius: \d+px", f"--radius: {value}px", text, count=1) if how == "change a value" else text
        if changed == text:  # appending always changes it; so does a value that was not there already
            changed = text + f"\n.edit-{self.edits} {{ margin: {value}px; }}\n"
        path.write_text(changed, encoding="utf-8")
        self.note(f"stylesheet: {how} ({value})")

    @rule(field=st.sampled_from(("title", "description")), text=titles)
    def edit_settings(self, field, text):
        setattr(self.settings, field, text)
        self.write("site.yml", self.settings.text())
        self.note(f"site.yml {field} -> {text!r}")

    # -- the checks

    @invariant()
    def builds_and_preview_match_a_clean_build(self):
        self.builds += 1
        fresh = self.paths.root / f"clean-{self.builds}"
        clean = fresh / "_site"
        cached_result, clean_result = run_builds(self.paths.root, self.cached_build(), self.clean_build(clean))
        for label, result in (("cached", cached_result), ("clean", clean_result)):
            assert result.returncode == 0, f"{label} build failed:\n{result.stdout}{result.stderr}\n{self.history()}"
        expected = tree(clean)
        shutil.rmtree(fresh)
        mismatch = tree_mismatch(expected, tree(self.paths.out))
        assert mismatch is None, f"the cached build differs from a clean build:\n{mismatch}\n{self.history()}"
        self.check_preview(expected)

    def check_preview(self, expected: dict[str, bytes]) -> None:
        """Poll until the preview serves every file of `expected` (and 404 for files gone since), or time out."""
        livereload = re.compile((re.escape(PREVIEW_BUILD_TAG).replace("NUMBER", r"\d+")
                                 + re.escape(LIVERELOAD_TAG.format(port=self.preview.port))).encode() + b"(?=</head>)")
        wanted = {path: ASSET_VERSION.sub(b"", data) if path.endswith(".html") else data for path, data in expected.items()}
        gone = self.previous_served - wanted.keys()
        deadline = time.monotonic() + PREVIEW_TIMEOUT
        while True:
            served: dict[str, bytes] = {}
            for path in sorted(wanted):
                status, body = self.preview.get("/" + path)
                if status != 200:
                    body = f"HTTP {status}\n".encode() + body  # an error page says why
                elif path.endswith(".html"):
                    body = livereload.sub(b"", body)
                served[path] = body
            still_served = sorted(path for path in gone if self.preview.get("/" + path)[0] != 404)
            mismatch = tree_mismatch(wanted, served)
            if mismatch is None and not still_served:
                break
            if time.monotonic() > deadline:
                report = mismatch or ""
                if still_served:
                    report += f"\nstill served after their source is gone: {still_served[:12]}"
                raise AssertionError(f"the preview still differs from a clean build after {PREVIEW_TIMEOUT} s:\n"
                                     f"{report}\n{self.history()}\n{self.preview.tail()}")
            time.sleep(0.2)
        self.previous_served = set(wanted)


@pytest.fixture
def edit_sequences(tmp_path_factory: pytest.TempPathFactory) -> type[EditSequences]:
    """The state machine, writing its sites under this session's temporary directory (the `slow` tier: see conftest)."""
    EditSequences.tmp_path_factory = tmp_path_factory
    return EditSequences


def test_random_edit_sequences_keep_cached_builds_and_the_preview_fresh(edit_sequences: type[EditSequences]):
    # An example here writes a site of EVENT_COUNT events and starts a preview, and each step builds it twice and
    # polls the preview: a hundredth of the profile's examples (1 under `dev`, 5 under `ci`), each as many steps
    # as the profile says.
    run_state_machine_as_test(edit_sequences, settings=settings(
        max_examples=max(1, settings.default.max_examples // 100), deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    ))


def test_every_place_an_edit_puts_a_line_or_a_comment_is_in_the_stock_templates():
    # A line whose place is gone would be skipped, and the state machine would show nothing stale there.
    places = [(template, anchor) for template, anchor, _shown in DATA_LINES] + [*TEMPLATE_ANCHORS.items()]
    for template, anchor in places:
        assert anchor in (PROJECT_ROOT / "templates" / template).read_text(encoding="utf-8"), (template, anchor)


def test_a_cached_build_follows_the_press_labels_when_the_countries_change(tmp_path: Path):
    """The calendar and TimelineJS say which side's press reported an event ("Vietnamese press: …", the sides in
    site.yml's order). Renaming an adjective, or swapping the sides, must reach them in a cached build too, not
    leave the event's old piece copied in (a sequence the state machine found)."""
    paths = SitePaths(tmp_path, tmp_path / "content", PROJECT_ROOT / "templates", PROJECT_ROOT / "static",
                      tmp_path / "out" / "_site", tmp_path / "cache")
    (paths.content / "events").mkdir(parents=True)
    (paths.content / "leaders").mkdir()
    settings = Settings(countries=[("Việt Nam", "Vietnamese"), ("Laos", "Lao")])
    (paths.content / "sources.yml").write_text(sources_text({key: Publisher(*STARTING_PUBLISHERS[key]) for key in ("VNA", "KPL")}),
                                               encoding="utf-8")
    for leader in (Leader("tran-van-hung", "Trần Văn Hùng", "Trần Văn Hùng", "Việt Nam", []),
                   Leader("somsak-vongsa", "Somsak Vongsa", "Somsak Vongsa", "Laos", [])):
        (paths.content / "leaders" / f"{leader.slug}.md").write_text(leader.text(), encoding="utf-8")
    event = Event(ident=0, words="talks", title="Trần Văn Hùng meets Somsak Vongsa", date="2024-10-24",
                  place="Vientiane, Laos", leaders=[Person("tran-van-hung", "Trần Văn Hùng", None),
                                                    Person("somsak-vongsa", "Somsak Vongsa", None)],
                  mentions=[], topics=[], summary="They met.", source="VNA/KPL", source_url=None,
                  paragraphs=["They met."])
    (paths.content / "events" / event.file_name).write_text(event.text(), encoding="utf-8")
    cached = build_command(paths, paths.out, "--cache-dir", str(paths.cache))
    for step, countries in (("as listed", settings.countries), ("an adjective renamed", [("Việt Nam", "Việt"), ("Laos", "Lao")]),
                            ("the sides swapped", [("Laos", "Lao"), ("Việt Nam", "Việt")])):
        settings.countries = countries
        (paths.content / "site.yml").write_text(settings.text(), encoding="utf-8")
        clean = tmp_path / f"clean-{len(step)}"
        for result in run_builds(tmp_path, cached, build_command(paths, clean, "--no-cache")):
            assert result.returncode == 0, result.stderr
        calendar = (clean / "events.ics").read_text(encoding="utf-8").replace("\r\n ", "")
        assert f"reported by {countries[0][1]} press" in calendar, calendar  # what the cached build must show too
        mismatch = tree_mismatch(tree(clean), tree(paths.out))
        assert mismatch is None, f"after {step}, the cached build differs from a clean build:\n{mismatch}"
