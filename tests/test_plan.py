"""The page plan: every page's declared inputs cover everything its template reads.

A page is rendered again only when its fingerprint (its inputs, template and
settings) changes, so a template that starts to show something its page's
inputs do not cover would go stale after an edit. This test renders every
page through a recording proxy: the site, its records and the Markdown are
wrapped, and every read is noted as what it depends on (an event's record, its
leaders as listed, a leader's record or label, the site-wide lists, a
neighbour). Each must be covered by the page's inputs, or the test fails and
names the page, the read and what to declare in `generator/plan.py`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import REAL_CONTENT

from generator.output import MemoryTarget
from generator.pipeline import PROJECT_ROOT, Builder, Project
from generator.plan import Page, Plan
from generator.records import Event, Leader
from generator.site import Citation, Counterpart, Country, DayOfYear, Meeting, Participation, Press, RoleSpan, Site, leader_label

LABEL_FIELDS = {"slug", "name", "country", "country_slug"}  # what `leader_label` stands for
SITE_WIDE = {"leaders", "countries", "topics", "years", "active_leaders", "is_active", "mentioned_only_leaders",
             "is_mentioned_only", "press_choices", "contact_choices"}  # the facets' digest covers these
BY_EVENT = {"participants", "mentioned", "publishers_of", "press_of", "reports_of", "press_slugs", "reported_by_both"}  # an event's lineup: its listing key covers it
BY_LEADER = {"appearances", "events_of", "mentions_of", "roles_of", "counterparts"}  # a leader's events
# What /relations/ shows: its own digest covers these (their results are not followed further).
RELATIONS = {"meetings", "pairs", "pair_meetings", "pair_leaders", "meetings_per_year", "meeting_places",
             "meeting_contacts", "both_press_count"}
SETTINGS = {"config", "sides"}  # the settings: part of every fingerprint


class Recorder:
    """Wraps the site's objects so that every read through them is noted in `reads`."""

    def __init__(self, site: Site):
        self.site = site
        self.reads: set[tuple] = set()
        self._wrappers: dict[int, Any] = {}  # one wrapper per object, so that `is sameas` still holds

    def wrap(self, value: Any) -> Any:
        if isinstance(value, (Event, Leader, Participation, RoleSpan, Country, Counterpart, Meeting, Press, DayOfYear,
                              Citation)):
            wrapper = self._wrappers.get(id(value))
            if wrapper is None:
                wrapper = self._wrappers[id(value)] = _Record(self, value)
            return wrapper
        if isinstance(value, (list, tuple)) and not (value and isinstance(value[0], str)):
            return _Sequence(self, value, None)
        return value

    def note(self, *read: Any) -> None:
        self.reads.add(read)


def _real(value: Any) -> Any:
    return object.__getattribute__(value, "_value") if isinstance(value, _Record) else value


class _Record:
    """A record, noting each field read."""

    def __init__(self, recorder: Recorder, value: Any):
        object.__setattr__(self, "_recorder", recorder)
        object.__setattr__(self, "_value", value)

    def __getattr__(self, name: str) -> Any:
        recorder, value = object.__getattribute__(self, "_recorder"), object.__getattribute__(self, "_value")
        if isinstance(value, Event):
            recorder.note("event", value.slug, name)
        elif isinstance(value, Leader):
            recorder.note("leader", value.slug, name)
        elif isinstance(value, Participation):
            if name in ("role", "took_part"):
                recorder.note("lineup", value.event.slug)
        elif isinstance(value, (RoleSpan, Counterpart, Meeting, Press, DayOfYear, Citation)):
            pass  # made from events and their lineups: the call that gave it noted them, its events note their own
        elif isinstance(value, Country):
            if name in ("name", "slug"):
                recorder.note("facets", "countries")
        return recorder.wrap(getattr(value, name))

    def __eq__(self, other: object) -> bool:
        return _real(self) == _real(other)

    def __hash__(self) -> int:
        return hash(_real(self))


class _Sequence:
    """A list or tuple of the site's, noting how it is read (`what`: which list, if it matters)."""

    def __init__(self, recorder: Recorder, items: list | tuple, what: tuple | None):
        self._recorder, self._items, self._what = recorder, items, what

    def _note(self, how: str) -> None:
        if self._what is not None:
            self._recorder.note(*self._what, how)

    def __len__(self) -> int:
        self._note("length")
        return len(self._items)

    def __bool__(self) -> bool:
        self._note("length")
        return bool(self._items)

    def __iter__(self) -> Iterator[Any]:
        self._note("items")
        return (self._recorder.wrap(item) for item in self._items)

    def __getitem__(self, index: Any) -> Any:
        self._note("last" if index == -1 else "items")
        found = self._items[index]
        return _Sequence(self._recorder, found, None) if isinstance(index, slice) else self._recorder.wrap(found)

    def __add__(self, other: Any) -> _Sequence:
        return _Sequence(self._recorder, list(self._items) + list(_items(other)), None)


def _items(value: Any) -> Any:
    return value._items if isinstance(value, _Sequence) else value


class _Site:
    """The site, noting each list and lookup a template (or a function it calls) asks of it."""

    def __init__(self, recorder: Recorder):
        self._recorder = recorder

    def __getattr__(self, name: str) -> Any:
        recorder, site = self._recorder, self._recorder.site
        if name in SETTINGS:
            return getattr(site, name)  # the settings: part of every fingerprint
        if name == "events":
            return _Sequence(recorder, site.events, ("events",))
        if name in RELATIONS:
            recorder.note("relations", name)
            return getattr(site, name)
        if name == "days_of_year":  # made of the events dated to a day, whose reads are noted
            return recorder.wrap(site.days_of_year)
        if name == "side_of":  # a leader's side is their country's place in the settings
            def side_of(leader: Any) -> Any:
                recorder.note("leader", _real(leader).slug, "country")
                return site.side_of(_real(leader))
            return side_of
        if name not in SITE_WIDE | BY_EVENT | BY_LEADER | {"previous", "next"}:
            raise AssertionError(f"templates read site.{name}: teach tests/test_plan.py what covers it")
        found = getattr(site, name)
        if not callable(found):
            recorder.note("facets", name)
            return recorder.wrap(found)

        def call(record: Any) -> Any:
            real = _real(record)
            result = found(real)
            if name in SITE_WIDE:
                recorder.note("facets", name)
            elif name in BY_EVENT:
                recorder.note("lineup", real.slug)
            elif name in BY_LEADER:
                return _Sequence(recorder, result, ("appearances", real.slug))
            else:  # previous, next
                recorder.note("neighbour", real.slug, result.digest if result is not None else "")
            return recorder.wrap(result)
        return call


class _ByDigest(Mapping):
    """`event_html` or `leader_html`, noting which record's HTML is read."""

    def __init__(self, recorder: Recorder, kind: str, mapping: Mapping[str, Any]):
        self._recorder, self._kind, self._mapping = recorder, kind, mapping

    def __getitem__(self, slug: str) -> Any:
        self._recorder.note(self._kind, slug)
        return self._mapping[slug]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping)

    def __len__(self) -> int:
        return len(self._mapping)


def recorded_reads(builder: Builder, plan: Plan, page: Page) -> tuple[bytes, set[tuple]]:
    """The page rendered through the recording proxy, and what it read."""
    recorder = Recorder(plan.site)
    template_globals = plan.template_globals() | {
        "site": _Site(recorder), "event_html": _ByDigest(recorder, "event_html", plan.event_html),
        "leader_html": _ByDigest(recorder, "leader_html", plan.leader_html)}
    recorded = page._replace(context={key: recorder.wrap(value) for key, value in page.context.items()})
    return builder.renderer.render(plan, recorded, template_globals), recorder.reads


class Coverage:
    """What a page's inputs stand for, read back from the opaque strings `plan.py` declares."""

    def __init__(self, site: Site, plan: Plan, page: Page):
        self.site, self.inputs = site, set(page.inputs)
        self.listed = {event.slug for event in site.events if site.listing_key(event) in self.inputs}
        self.records = self.listed | {event.slug for event in site.events if event.digest in self.inputs}
        self.leaders = {leader.slug for leader in site.leaders if leader.digest in self.inputs}
        self.facets = plan.pages._facets in self.inputs
        self.relations = set(plan.pages._relations().inputs) <= self.inputs
        labels_and_counts = repr(tuple((leader_label(leader), len(site.events_of(leader)), len(site.mentions_of(leader)))
                                       for leader in site.leaders))
        self.leader_list = labels_and_counts in self.inputs
        self.labelled = {part.leader.slug for event in site.events if event.slug in self.listed
                         for part in site.participants(event) + site.mentioned(event)}

    def gap(self, read: tuple) -> str | None:
        """Why `read` is not covered, or None if it is."""
        kind, *rest = read
        site = self.site
        if kind in ("event", "event_html"):
            return None if rest[0] in self.records else f"event {rest[0]}'s record (declare its listing key or digest)"
        if kind == "lineup":
            return None if rest[0] in self.listed else f"event {rest[0]}'s leaders (declare its listing key)"
        if kind == "leader":
            slug, field = rest
            if slug in self.leaders:
                return None
            if field in LABEL_FIELDS and (self.facets or self.leader_list or slug in self.labelled):
                return None
            return f"leader {slug}'s `{field}` (declare the leader's digest, or show only its label)"
        if kind == "leader_html":
            return None if rest[0] in self.leaders else f"leader {rest[0]}'s profile (declare the leader's digest)"
        if kind == "facets":
            # The leaders and their countries are made of the leaders' labels, which the list of leaders covers.
            if self.facets or (self.leader_list and rest[0] in ("leaders", "countries")):
                return None
            return f"the site-wide `{rest[0]}` (declare the facets' digest)"
        if kind == "relations":
            return None if self.relations else f"who met whom (`{rest[0]}`: declare the relations' digest)"
        if kind == "neighbour":
            return None if rest[1] in self.inputs else f"event {rest[0]}'s neighbour (declare its digest)"
        if kind == "appearances":
            slug, how = rest
            leader = site.directory.by_slug[slug]
            if how == "length" and self.leader_list:
                return None
            events = [part.event.slug for part in site.appearances(leader)]
            return None if set(events) <= self.listed else f"leader {slug}'s events (declare their listing keys)"
        if kind == "events":
            how = rest[0]
            if how == "length":
                return None if self.facets or self.listed else "whether there are events (declare the facets)"
            if how == "last":
                latest = site.events[-1].slug
                if latest in self.inputs or latest not in self.listed or self.listed == {e.slug for e in site.events}:
                    return None
                return "which event is the latest (declare its slug)"
            return None if self.listed == {event.slug for event in site.events} else "every event (declare them all)"
        return f"{read} (unknown to this test)"


def uncovered(builder: Builder, plan: Plan, outputs: list[str] | None = None) -> list[str]:
    """Every read of every page (or of `outputs`) that its inputs do not cover, as a sentence."""
    problems = []
    for output in outputs if outputs is not None else list(plan.pages):
        page = plan.pages[output]
        data, reads = recorded_reads(builder, plan, page)
        assert data == builder.renderer.render(plan, page), f"{output}: the proxy changed what the page shows"
        coverage = Coverage(plan.site, plan, page)
        problems += [f"{output} ({page.template}) shows {gap}" for read in sorted(reads, key=repr)
                     if (gap := coverage.gap(read)) is not None]
    return problems


def _builder(content: Path, templates: Path = PROJECT_ROOT / "templates") -> tuple[Builder, Plan]:
    builder = Builder(Project(content_dir=content, templates_dir=templates), parallel=False)
    return builder, builder.plan(builder.index())


@pytest.fixture(scope="module")
def rich_corpus(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated corpus (a split timeline) with what it lacks: mentions, profiles, events without summaries."""
    content = tmp_path_factory.mktemp("rich") / "content"
    shutil.copytree(corpus, content)
    leaders = sorted((content / "leaders").glob("*.md"))
    names = [path.read_text(encoding="utf-8").split("name: ")[1].split("\n")[0] for path in leaders]
    for index, event in enumerate(sorted((content / "events").glob("*.md"))[::25]):
        text = event.read_text(encoding="utf-8")
        mentioned = next(name for name in names[index % len(names):] + names if f"name: {name}\n" not in text)
        text = text.replace("\nsource: ", f"\nmentions:\n  - name: {mentioned}\n    role: Envoy\n"
                                           "source_url: https://example.org/a\nsource: ")
        if index % 2:
            text = "\n".join(line for line in text.split("\n") if not line.startswith("summary: "))
        event.write_text(text, encoding="utf-8")
    return content


def test_every_page_of_the_real_site_shows_only_what_its_inputs_cover():
    builder, plan = _builder(REAL_CONTENT)
    assert uncovered(builder, plan) == []


def test_every_page_of_a_split_timeline_shows_only_what_its_inputs_cover(rich_corpus: Path):
    builder, plan = _builder(rich_corpus)
    assert {page.template for page in map(plan.pages.__getitem__, plan.pages)} == {
        "timeline.html", "event.html", "leaders.html", "leader.html", "relations.html", "on_this_day.html", "404.html"}
    assert "years/2000/index.html" in plan.pages
    assert uncovered(builder, plan) == []


@pytest.mark.parametrize(("template", "old", "new", "expected"), [
    # The issue's own example: a leader's aliases on /leaders/, which its inputs do not cover.
    ("leaders.html", "{{ leader.name }}</a>", "{{ leader.name }} {{ leader.aliases | join(', ') }}</a>",
     "leaders/index.html (leaders.html) shows leader {slug}'s `aliases`"),
    ("event.html", "{{ following.title }}</a>", "{{ following.title }} ({{ site.participants(following) | length }})</a>",
     "shows event {slug}'s leaders (declare its listing key)"),
    ("timeline.html", '<p class="place">{{ event.place }}</p>',
     '<p class="place">{{ event.place }}</p>{{ leader_html[site.participants(event)[0].leader.slug] }}',
     "index.html (timeline.html) shows leader {slug}'s profile"),
])
def test_a_template_reading_what_its_inputs_do_not_cover_is_caught(tmp_path: Path, template: str, old: str, new: str,
                                                                   expected: str):
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    path = templates / template
    assert old in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    builder, plan = _builder(REAL_CONTENT, templates)
    problems = uncovered(builder, plan)
    assert problems
    slugs = [leader.slug for leader in plan.site.leaders] + [event.slug for event in plan.site.events]
    assert any(expected.format(slug=slug) in problem for problem in problems for slug in slugs), problems


def test_a_page_rendered_into_memory_equals_the_one_rendered_through_the_proxy():
    builder, plan = _builder(REAL_CONTENT)
    target = MemoryTarget()
    builder.build(target)
    for output in plan.pages:
        assert recorded_reads(builder, plan, plan.pages[output])[0] == target.bytes_of(output)
