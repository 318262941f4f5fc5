"""The index stage (`generator.site`): timeline order, lookups, neighbours, roles, the problems it finds, reuse.
The views templates ask of it are tests/test_queries.py's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SITE_YML, SampleSite, event_text

import generator.site
from generator.load import load_content
from generator.queries import SiteQueries
from generator.records import Event, Leader
from generator.site import Indexer, Participation, Site


@pytest.fixture
def sample(sample: SampleSite, monkeypatch: pytest.MonkeyPatch) -> SampleSite:
    """The sample site, with the working directory at its root: problems name `content/…` paths."""
    monkeypatch.chdir(sample.root)
    return sample


def index(*, include_drafts: bool = False, today: dt.date | None = None,
          indexer: Indexer | None = None) -> tuple[Site | None, list[str]]:
    """Load `content/` and index it: the site (None on any error) and every problem as printed."""
    site, problems = (indexer or Indexer()).index(load_content(Path("content")), include_drafts=include_drafts,
                                                 today=today)
    return site, [str(problem) for problem in problems]


def indexed(**options) -> Site:
    """The site of `content/`, which must have no errors (warnings are fine)."""
    site, problems = index(**options)
    assert site is not None, problems
    return site


def slugs(events) -> list[str]:
    return [event.slug for event in events]


def parts(participations: list[Participation]) -> list[tuple[str, str, str | None, bool]]:
    """Participations as (event slug, leader slug, role, took part)."""
    return [(part.event.slug, part.leader.slug, part.role, part.took_part) for part in participations]


def event_named(site: Site, slug: str) -> Event:
    [found] = [event for event in site.events if event.slug == slug]
    return found


def leader_named(site: Site | SiteQueries, slug: str) -> Leader:
    [found] = [leader for leader in site.leaders if leader.slug == slug]
    return found


# Timeline order and neighbours

def test_the_timeline_is_in_date_order_then_slug_order_partial_dates_first(sample: SampleSite):
    sample.event("2024-10-02-b.md", date="2024-10-02")
    sample.event("2024-10-01-z.md", date="2024-10-01")
    sample.event("2024-10-a.md", date="2024-10")
    sample.event("2024-09-30-a.md", date="2024-09-30")
    sample.event("2024-a.md", date="2024")
    sample.event("2024-10-01-y.md", date="2024-10-01", extra="slug: 2024-10-01-b-renamed\n")  # sorts by its slug
    sample.event("2024-10-01-a.md", date="2024-10-01")
    sample.event("2023-12-31-a.md", date="2023-12-31")
    sample.event("2025-a.md", date="2025")
    assert slugs(indexed().events) == [
        "2023-12-31-a",
        "2024-a",  # a year-only date before every dated event of its year
        "2024-09-30-a",
        "2024-10-a",  # a month-only date before the days of its month
        "2024-10-01-a",
        "2024-10-01-b-renamed",
        "2024-10-01-z",
        "2024-10-02-b",
        "2025-a",
    ]


def test_each_event_has_the_events_before_and_after_it_as_neighbours(sample: SampleSite):
    sample.event("2024-10-26-c.md", date="2024-10-26")
    sample.event("2024-10-24-a.md", date="2024-10-24")
    sample.event("2024-10-25-b.md", date="2024-10-25")
    site = indexed()
    neighbours = {event.slug: (site.previous(event), site.next(event)) for event in site.events}
    assert {slug: tuple(e and e.slug for e in pair) for slug, pair in neighbours.items()} == {
        "2024-10-24-a": (None, "2024-10-25-b"),
        "2024-10-25-b": ("2024-10-24-a", "2024-10-26-c"),
        "2024-10-26-c": ("2024-10-25-b", None),
    }


def test_a_single_event_has_no_neighbours(sample: SampleSite):
    sample.event("2024-10-24-a.md")
    site = indexed()
    [only] = site.events
    assert (site.previous(only), site.next(only)) == (None, None)


# Leaders of events, events of leaders

LINEUP = """\
leaders:
  - name: Tô Lâm
    role: General Secretary
  - thongloun sisoulith
mentions:
  - name: pham-minh-chinh
    role: Prime Minister
"""


def test_participants_and_mentioned_are_in_the_order_the_event_lists_them(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text().replace("leaders: [Tô Lâm]\n", LINEUP))
    site = indexed()
    [only] = site.events
    assert parts(site.participants(only)) == [
        ("2024-10-24-a", "to-lam", "General Secretary", True),
        ("2024-10-24-a", "thongloun-sisoulith", None, True),  # found by its name in another case
    ]
    assert parts(site.mentioned(only)) == [("2024-10-24-a", "pham-minh-chinh", "Prime Minister", False)]  # by slug
    assert all(part.event is only for part in site.participants(only) + site.mentioned(only))


def test_appearances_events_and_mentions_of_a_leader_are_in_timeline_order(sample: SampleSite):
    sample.event("2022-05-a.md", date="2022-05", leaders="[Lâm, Thongloun Sisoulith]")
    sample.event("2020-01-01-a.md", date="2020-01-01", leaders="[{name: Tô Lâm, role: President}]",
                 extra="mentions: [Chính]\n")
    sample.event("2021-a.md", date="2021", leaders="[Phạm Minh Chính]",
                 extra="mentions: [{name: Tô Lâm, role: General Secretary}]\n")
    site = indexed()
    to_lam, chinh, thongloun = (leader_named(site, slug) for slug in ("to-lam", "pham-minh-chinh", "thongloun-sisoulith"))
    assert parts(site.appearances(to_lam)) == [
        ("2020-01-01-a", "to-lam", "President", True),
        ("2021-a", "to-lam", "General Secretary", False),
        ("2022-05-a", "to-lam", None, True),
    ]
    assert slugs(site.events_of(to_lam)) == ["2020-01-01-a", "2022-05-a"]
    assert slugs(site.mentions_of(to_lam)) == ["2021-a"]
    assert parts(site.appearances(chinh)) == [("2020-01-01-a", "pham-minh-chinh", None, False),
                                              ("2021-a", "pham-minh-chinh", None, True)]
    assert (slugs(site.events_of(chinh)), slugs(site.mentions_of(chinh))) == (["2021-a"], ["2020-01-01-a"])
    assert (slugs(site.events_of(thongloun)), slugs(site.mentions_of(thongloun))) == (["2022-05-a"], [])


def test_roles_span_their_first_and_last_event_in_order_of_first_appearance(sample: SampleSite):
    role = lambda name: f"[{{name: Tô Lâm, role: {name}}}]"  # noqa: E731
    sample.event("2019-a.md", date="2019", leaders=role("President"))
    sample.event("2020-03-05-a.md", date="2020-03-05", leaders=role("Vice President"))
    sample.event("2020-03-a.md", date="2020-03", leaders="[Chính]",  # before the 5th, whatever the file order
                 extra="mentions: [{name: Tô Lâm, role: General Secretary}]\n")  # a mention's role counts
    sample.event("2020-04-01-a.md", date="2020-04-01", leaders="[Tô Lâm]")  # no role: no span
    sample.event("2021-a.md", date="2021", leaders=role("President"))
    sample.event("2022-a.md", date="2022", leaders=role("General Secretary"))
    site = indexed()
    spans = [(span.role, span.first.slug, span.last.slug) for span in SiteQueries(site).roles_of(leader_named(site, "to-lam"))]
    assert spans == [
        ("President", "2019-a", "2021-a"),
        ("General Secretary", "2020-03-a", "2022-a"),
        ("Vice President", "2020-03-05-a", "2020-03-05-a"),
    ]
    assert SiteQueries(site).roles_of(leader_named(site, "pham-minh-chinh")) == []
    assert SiteQueries(site).roles_of(leader_named(site, "thongloun-sisoulith")) == []


# Site-wide lists

def test_countries_group_the_leaders_in_the_order_site_yml_lists_them_leaders_by_name(sample: SampleSite):
    sample.write("site.yml", SITE_YML + "  - {name: Cambodia, adjective: Cambodian}\n  - {name: Thailand, adjective: Thai}\n")
    sample.leader("hun-manet", "Hun Manet", "Cambodia")
    sample.leader("bounnhang-vorachith", "Bounnhang Vorachith", "Laos")
    sample.event("2024-10-24-a.md")
    countries = indexed().countries
    assert [(country.name, country.slug, [leader.slug for leader in country.leaders]) for country in countries] == [
        ("Việt Nam", "viet-nam", ["pham-minh-chinh", "to-lam"]),
        ("Laos", "laos", ["bounnhang-vorachith", "thongloun-sisoulith"]),
        ("Cambodia", "cambodia", ["hun-manet"]),
    ]  # Thailand has no leaders


def test_leaders_are_sorted_by_name(sample: SampleSite):
    sample.leader("bounnhang-vorachith", "Bounnhang Vorachith", "Laos")
    sample.event("2024-10-24-a.md")
    assert [leader.name for leader in indexed().leaders] == [
        "Bounnhang Vorachith", "Phạm Minh Chính", "Thongloun Sisoulith", "Tô Lâm"]


def test_topics_are_every_topic_of_the_published_events_once_sorted_without_case(sample: SampleSite):
    sample.event("2024-10-24-a.md", extra="topics: [trade, ASEAN]\n")
    sample.event("2024-10-25-b.md", date="2024-10-25", extra="topics: [energy, trade]\n")
    sample.event("2024-10-26-c.md", date="2024-10-26")
    sample.event("2024-10-27-d.md", date="2024-10-27", extra="topics: [secret]\ndraft: true\n")
    assert indexed().topics == ("ASEAN", "energy", "trade")
    assert indexed(include_drafts=True).topics == ("ASEAN", "energy", "secret", "trade")


def test_active_leaders_took_part_in_a_published_event(sample: SampleSite):
    sample.event("2024-10-24-a.md", leaders="[Tô Lâm]", extra="mentions: [Chính]\n")  # Chính: only mentioned
    sample.event("2024-10-25-b.md", date="2024-10-25", leaders="[Thongloun Sisoulith]", extra="draft: true\n")
    site = indexed()
    assert [leader.slug for leader in SiteQueries(site).active_leaders] == ["to-lam"]
    assert [leader.slug for leader in site.leaders if SiteQueries(site).is_active(leader)] == ["to-lam"]
    drafts = SiteQueries(indexed(include_drafts=True))
    assert [leader.slug for leader in drafts.active_leaders] == ["thongloun-sisoulith", "to-lam"]


def test_years_pair_each_year_with_its_events_in_timeline_order(sample: SampleSite):
    sample.event("2025-01-01-a.md", date="2025-01-01")
    sample.event("2024-10-a.md", date="2024-10")
    sample.event("2023-12-31-a.md", date="2023-12-31")
    sample.event("2024-a.md", date="2024")
    years = indexed().years
    assert [(year, slugs(events)) for year, events in years] == [
        (2023, ["2023-12-31-a"]),
        (2024, ["2024-a", "2024-10-a"]),
        (2025, ["2025-01-01-a"]),
    ]


# Drafts

def test_drafts_are_left_out_unless_asked_for(sample: SampleSite):
    sample.event("2024-10-24-a.md", leaders="[Tô Lâm, Chính]")
    sample.event("2024-10-25-draft.md", date="2024-10-25", leaders="[Tô Lâm]", extra="draft: true\n")
    sample.event("2024-10-26-c.md", date="2024-10-26", leaders="[Tô Lâm]")
    site, drafts = indexed(), indexed(include_drafts=True)
    assert slugs(site.events) == ["2024-10-24-a", "2024-10-26-c"]
    assert slugs(site.events_of(leader_named(site, "to-lam"))) == ["2024-10-24-a", "2024-10-26-c"]
    assert site.next(event_named(site, "2024-10-24-a")).slug == "2024-10-26-c"
    assert slugs(drafts.events) == ["2024-10-24-a", "2024-10-25-draft", "2024-10-26-c"]
    assert slugs(drafts.events_of(leader_named(drafts, "to-lam"))) == ["2024-10-24-a", "2024-10-25-draft", "2024-10-26-c"]
    assert drafts.next(event_named(drafts, "2024-10-24-a")).slug == "2024-10-25-draft"


def test_a_draft_is_validated_like_any_event(sample: SampleSite):
    sample.event("2024-10-24-a.md")
    sample.event("2024-10-25-draft.md", date="2024-10-25", leaders="[Nobody]",
                 extra="draft: true\n")
    expected = ["content/events/2024-10-25-draft.md:4: unknown leader 'Nobody' in `leaders`; add it under content/leaders/"]
    for include_drafts in (False, True):
        site, problems = index(include_drafts=include_drafts)
        assert site is None
        assert [problem for problem in problems if ": warning: " not in problem] == expected


def test_a_leader_named_only_by_a_draft_has_events(sample: SampleSite):
    sample.event("2024-10-24-a.md", leaders="[Tô Lâm]")
    sample.event("2024-10-25-draft.md", date="2024-10-25", leaders="[Thongloun Sisoulith]", extra="draft: true\n")
    assert index()[1] == ["content/leaders/pham-minh-chinh.md:2: warning: Phạm Minh Chính has no events"]


# Errors: the exact lines `check` prints

ERRORS = {
    "unknown leader, close to a known one": (
        {"events/2024-10-24-a.md": event_text(leaders="[Thongloun]")},
        ["content/events/2024-10-24-a.md:4: unknown leader 'Thongloun' in `leaders`; did you mean Thongloun Sisoulith?"],
    ),
    "unknown leader, close to two": (
        {"events/2024-10-24-a.md": event_text(leaders="[Tô Lâm, To La]"),
         "leaders/to-lan.md": "---\nname: Tô Lan\ncountry: Việt Nam\n---\n"},
        ["content/events/2024-10-24-a.md:4: unknown leader 'To La' in `leaders`; did you mean Tô Lâm or Tô Lan?"],
    ),
    "unknown leaders typed without diacritics": (
        {"events/2024-10-24-a.md": event_text(leaders="[Pham Minh]", extra="mentions: [To Lam]\n")},
        ["content/events/2024-10-24-a.md:4: unknown leader 'Pham Minh' in `leaders`; did you mean Phạm Minh Chính?",
         "content/events/2024-10-24-a.md:7: unknown leader 'To Lam' in `mentions`; did you mean Tô Lâm?"],
    ),
    "unknown leader, like no one": (
        {"events/2024-10-24-a.md": event_text(leaders="[Nobody]")},
        ["content/events/2024-10-24-a.md:4: unknown leader 'Nobody' in `leaders`; add it under content/leaders/"],
    ),
    "leader listed twice": (
        {"events/2024-10-24-a.md": event_text(leaders="\n  - Tô Lâm\n  - lâm")},
        ["content/events/2024-10-24-a.md:6: Tô Lâm is listed twice (in `leaders` and `leaders`)"],
    ),
    "leader taking part and mentioned": (
        {"events/2024-10-24-a.md": event_text(leaders="[Tô Lâm]", extra="mentions: [to-lam]\n")},
        ["content/events/2024-10-24-a.md:7: Tô Lâm is listed twice (in `leaders` and `mentions`)"],
    ),
    "two events at one address": (
        {"events/2024-10-24-a.md": event_text(),
         "events/2024-10-24-b.md": event_text(extra="slug: 2024-10-24-a\n")},
        ["content/events/2024-10-24-b.md:2: page address /events/2024-10-24-a/ is already used by "
         "content/events/2024-10-24-a.md"],
    ),
    "two leaders at one address": (
        {"events/2024-10-24-a.md": event_text(),
         "leaders/another.md": "---\nname: Another\ncountry: Laos\nslug: to-lam\n---\n"},
        ["content/leaders/to-lam.md:2: name or alias 'to-lam' also names Another (content/leaders/another.md)",  # its slug
         "content/leaders/to-lam.md:2: page address /leaders/to-lam/ is already used by content/leaders/another.md"],
    ),
    "two leaders sharing an alias": (
        {"events/2024-10-24-a.md": event_text(leaders="[Tô Lâm, Lâm Hai]"),
         "leaders/lam-hai.md": "---\nname: Lâm Hai\ncountry: Laos\naliases: [LÂM]\n---\n"},
        ["content/leaders/to-lam.md:2: name or alias 'lâm' also names Lâm Hai (content/leaders/lam-hai.md)"],
    ),
    "an alias that is another leader's name": (
        {"events/2024-10-24-a.md": event_text(leaders="[Thongloun Sisoulith]"),
         "leaders/thongloun-sisoulith.md": "---\nname: Thongloun Sisoulith\ncountry: Laos\naliases: [Tô Lâm]\n---\n"},
        ["content/leaders/to-lam.md:2: name or alias 'tô lâm' also names Thongloun Sisoulith "
         "(content/leaders/thongloun-sisoulith.md)"],
    ),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_each_error_is_one_exact_line_and_no_site(sample: SampleSite, case: str):
    files, expected = ERRORS[case]
    for relative, text in files.items():
        sample.write(relative, text)
    site, problems = index()
    assert site is None
    assert [problem for problem in problems if ": warning: " not in problem] == expected


def test_every_problem_is_reported_at_once_sorted_by_file_and_line(sample: SampleSite):
    sample.event("2024-10-25-b.md", event_text(date="2024-10-25", leaders="[Nobody, Tô Lâm, Lâm]"))
    sample.event("2024-10-24-a.md", event_text(leaders="[Thongloun]").replace("summary: A summary.\n", ""))
    assert index()[1] == [
        "content/events/2024-10-24-a.md:2: warning: no `summary`: the first paragraph is used",
        "content/events/2024-10-24-a.md:4: unknown leader 'Thongloun' in `leaders`; did you mean Thongloun Sisoulith?",
        "content/events/2024-10-25-b.md:4: Tô Lâm is listed twice (in `leaders` and `leaders`)",
        "content/events/2024-10-25-b.md:4: unknown leader 'Nobody' in `leaders`; add it under content/leaders/",
        "content/leaders/pham-minh-chinh.md:2: warning: Phạm Minh Chính has no events",
        "content/leaders/thongloun-sisoulith.md:2: warning: Thongloun Sisoulith has no events",
    ]


def test_without_site_settings_there_is_no_site(sample: SampleSite):
    sample.event("2024-10-24-a.md", leaders="[Tô Lâm, Chính, Thongloun Sisoulith]")
    (sample.content / "site.yml").unlink()
    assert index() == (None, ["content/site.yml: missing site settings file (title, description, base_url, language)"])


# Warnings: printed, and the site is still built

def test_warnings_do_not_stop_the_site(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text(leaders="[Tô Lâm]").replace("summary: A summary.\n", ""))
    site, problems = index()
    assert slugs(site.events) == ["2024-10-24-a"]
    assert problems == [
        "content/events/2024-10-24-a.md:2: warning: no `summary`: the first paragraph is used",
        "content/leaders/pham-minh-chinh.md:2: warning: Phạm Minh Chính has no events",
        "content/leaders/thongloun-sisoulith.md:2: warning: Thongloun Sisoulith has no events",
    ]


def test_a_leader_only_mentioned_has_events(sample: SampleSite):
    sample.event("2024-10-24-a.md", leaders="[Tô Lâm]", extra="mentions: [Chính, Thongloun Sisoulith]\n")
    site, problems = index()
    assert (slugs(site.events), problems) == (["2024-10-24-a"], [])


def test_dates_after_today_are_in_the_future(sample: SampleSite):
    everyone = "[Tô Lâm, Chính, Thongloun Sisoulith]"
    sample.event("2025-03-14-today.md", date="2025-03-14", leaders=everyone)
    sample.event("2025-03-15-tomorrow.md", date="2025-03-15", leaders=everyone)
    sample.event("2025-03-this-month.md", date="2025-03", leaders=everyone)  # its first day is past: not future
    sample.event("2025-04-next-month.md", date="2025-04", leaders=everyone)
    sample.event("2025-this-year.md", date="2025", leaders=everyone)
    sample.event("2026-next-year.md", date="2026", leaders=everyone)
    site, problems = index(today=dt.date(2025, 3, 14))
    assert len(site.events) == 6
    assert problems == [
        "content/events/2025-03-15-tomorrow.md:2: warning: date 2025-03-15 is in the future",
        "content/events/2025-04-next-month.md:2: warning: date 2025-04 is in the future",
        "content/events/2026-next-year.md:2: warning: date 2026 is in the future",
    ]
    assert index()[1] == []  # without a day, nothing is in the future


# Reuse: an Indexer kept between calls, or made from stored resolutions

@pytest.fixture
def resolving(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs of the events resolved (not reused) since the last `clear()`."""
    resolved: list[str] = []
    resolve = generator.site._resolve

    def recording(event, *args):
        resolved.append(event.slug)
        return resolve(event, *args)

    monkeypatch.setattr(generator.site, "_resolve", recording)
    return resolved


def three_events(sample: SampleSite) -> None:
    sample.event("2024-10-24-a.md", leaders="[{name: Tô Lâm, role: General Secretary}]")
    sample.event("2024-10-25-b.md", date="2024-10-25", leaders="[Thongloun Sisoulith]")
    sample.event("2024-10-26-c.md", date="2024-10-26", leaders="[Chính, Lâm]")


def lineups(site: Site) -> dict[str, list[tuple]]:
    """Every event's participants and mentions, as (leader slug, name, role, took part)."""
    return {event.slug: [(part.leader.slug, part.leader.name, part.role, part.took_part)
                         for part in site.participants(event) + site.mentioned(event)] for event in site.events}


def test_a_kept_indexer_resolves_only_new_or_edited_events(sample: SampleSite, resolving: list[str]):
    three_events(sample)
    indexer = Indexer()
    first = indexed(indexer=indexer)
    assert resolving == ["2024-10-24-a", "2024-10-25-b", "2024-10-26-c"]
    stored = indexer.resolutions()
    resolving.clear()
    again = indexed(indexer=indexer)
    assert (resolving, indexer.resolutions(), lineups(again)) == ([], stored, lineups(first))
    sample.event("2024-10-25-b.md", date="2024-10-25", leaders="[Thongloun Sisoulith, Lâm]")
    sample.event("2024-10-27-d.md", date="2024-10-27", leaders="[Lâm]")
    edited = indexed(indexer=indexer)
    assert resolving == ["2024-10-25-b", "2024-10-27-d"]
    assert lineups(edited)["2024-10-25-b"] == [("thongloun-sisoulith", "Thongloun Sisoulith", None, True),
                                               ("to-lam", "Tô Lâm", None, True)]
    assert len(indexer.resolutions()) == 4  # the old version of b is forgotten
    resolving.clear()
    indexed(indexer=indexer, include_drafts=True)  # drafts change what is shown, not how events resolve
    assert resolving == []


def test_a_kept_indexer_resolves_everything_again_when_a_leader_or_the_day_changes(sample: SampleSite,
                                                                                    resolving: list[str]):
    three_events(sample)
    indexer = Indexer()
    indexed(indexer=indexer)
    resolving.clear()
    sample.leader("to-lam", "Tô Lâm", "Việt Nam", ["Lâm", "Tô"])
    indexed(indexer=indexer)
    assert resolving == ["2024-10-24-a", "2024-10-25-b", "2024-10-26-c"]
    resolving.clear()
    indexed(indexer=indexer, today=dt.date(2024, 10, 25))
    assert resolving == ["2024-10-24-a", "2024-10-25-b", "2024-10-26-c"]
    _, problems = index(indexer=indexer, today=dt.date(2024, 10, 24))
    assert problems == ["content/events/2024-10-25-b.md:2: warning: date 2024-10-25 is in the future",
                        "content/events/2024-10-26-c.md:2: warning: date 2024-10-26 is in the future"]


def test_stored_resolutions_are_used_for_the_same_leaders_and_day(sample: SampleSite, resolving: list[str]):
    three_events(sample)
    first = Indexer()
    site = indexed(indexer=first)
    resolving.clear()
    restored = Indexer(first.resolutions())
    again = indexed(indexer=restored)
    assert resolving == []
    assert lineups(again) == lineups(site)
    assert site.listing_keys(site.events) == again.listing_keys(again.events)
    assert restored.resolutions() == first.resolutions()


def test_a_stored_resolution_is_what_the_site_shows_when_its_key_matches(sample: SampleSite, resolving: list[str]):
    # Proof that it is used, not worked out again: a doctored stored role shows.
    three_events(sample)
    first = Indexer()
    indexed(indexer=first)
    doctored = {digest: (holds_for, lineup, tuple((slug, "Doctored" if slug == "to-lam" else role, took_part)
                                                  for slug, role, took_part in parts), problems)
                for digest, (holds_for, lineup, parts, problems) in first.resolutions().items()}
    resolving.clear()
    site = indexed(indexer=Indexer(doctored))
    assert resolving == []
    assert lineups(site)["2024-10-24-a"] == [("to-lam", "Tô Lâm", "Doctored", True)]


def test_stored_resolutions_for_other_leaders_or_another_day_are_not_used(sample: SampleSite, resolving: list[str]):
    three_events(sample)
    first = Indexer()
    indexed(indexer=first)
    stored = first.resolutions()
    sample.leader("to-lam", "Tô Lâm Renamed", "Việt Nam", ["Lâm", "Tô Lâm"])
    resolving.clear()
    renamed = indexed(indexer=Indexer(stored))
    assert resolving == ["2024-10-24-a", "2024-10-25-b", "2024-10-26-c"]
    assert lineups(renamed) == {
        "2024-10-24-a": [("to-lam", "Tô Lâm Renamed", "General Secretary", True)],
        "2024-10-25-b": [("thongloun-sisoulith", "Thongloun Sisoulith", None, True)],
        "2024-10-26-c": [("pham-minh-chinh", "Phạm Minh Chính", None, True), ("to-lam", "Tô Lâm Renamed", None, True)],
    }
    assert Indexer(stored).resolutions() == {}
    resolving.clear()
    sample.leader("to-lam", "Tô Lâm", "Việt Nam", ["Lâm"])  # the leaders the stored ones hold for again
    _, problems = index(indexer=Indexer(stored), today=dt.date(2024, 10, 25))
    assert resolving == ["2024-10-24-a", "2024-10-25-b", "2024-10-26-c"]
    assert problems == ["content/events/2024-10-26-c.md:2: warning: date 2024-10-26 is in the future"]
