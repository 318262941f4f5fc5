"""Loading and validating content files: every bad input gets `path:line: message`."""

from __future__ import annotations

import pytest
from conftest import SITE_YML, SOURCES_YML, SampleSite, event_text, load_site, run_cli, tree

from pathlib import Path

from generator.errors import ContentError
from generator.load import load_content, load_event
from generator.dates import PartialDate

GOOD = event_text()


def problems_for(sample: SampleSite, name: str, data: str | bytes) -> list[str]:
    sample.event(name, data)
    _, problems = load_site(sample.project)
    return [str(problem) for problem in problems if not problem.warning]


# (file name, file content, the exact error lines expected)
BAD_EVENTS = {
    "yaml syntax": (
        "2024-10-24-a.md", "---\ntitle: [unclosed\ndate: 2024-10-24\n---\nBody\n",
        ["content/events/2024-10-24-a.md:3: invalid YAML: while parsing a flow sequence; did not find expected ',' or ']'"],
    ),
    "no front matter": (
        "2024-10-24-a.md", "title: A\ndate: 2024-10-24\n",
        ["content/events/2024-10-24-a.md:1: no front matter: does the file start with `---`?"],
    ),
    "misspelt opening": (
        "2024-10-24-a.md", "--\ntitle: A\n---\n",
        ["content/events/2024-10-24-a.md:1: no front matter: does the file start with `---`?"],
    ),
    "unclosed front matter": (
        "2024-10-24-a.md", "---\ntitle: A\n",
        ["content/events/2024-10-24-a.md:1: front matter is not closed: add a `---` line after it"],
    ),
    "empty file": (
        "2024-10-24-a.md", "",
        ["content/events/2024-10-24-a.md: empty file: it needs front matter between `---` lines"],
    ),
    "not utf-8": (
        "2024-10-24-a.md", b"---\ntitle: Caf\xe9\n---\n",
        ["content/events/2024-10-24-a.md:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"],
    ),
    "missing date": (
        "2024-10-24-a.md", "---\ntitle: A\nleaders: [Tô Lâm]\nsource: VNS\n---\n",
        ["content/events/2024-10-24-a.md:2: missing required field `date` (YYYY-MM-DD, YYYY-MM or YYYY, optionally after circa, before or after)"],
    ),
    "impossible date": (
        "2025-02-30-a.md", event_text(date="2025-02-30"),
        ["content/events/2025-02-30-a.md:3: `date`: '2025-02-30' is not a real date: February 2025 has 28 days"],
    ),
    "no month 13": (
        "2025-13-a.md", event_text(date="2025-13"),
        ["content/events/2025-13-a.md:3: `date`: '2025-13' has no month 13"],
    ),
    "mistyped date": (
        "2024-10-24-a.md", event_text(date="24/10/2024"),
        ["content/events/2024-10-24-a.md:3: `date`: '24/10/2024' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY, optionally after circa, before or after (e.g. 2024-10-24, circa 1977, before 1977-07-18, after 1975-12)"],
    ),
    "date of the wrong type": (
        "2024-10-24-a.md", event_text(date="[2024]"),
        ["content/events/2024-10-24-a.md:3: `date` must be a date (YYYY-MM-DD, YYYY-MM or YYYY, optionally after circa, before or after), not a list"],
    ),
    "file name date disagrees": (
        "2024-10-25-a.md", event_text(date="2024-10-24"),
        ["content/events/2024-10-25-a.md:3: file name date 2024-10-25 disagrees with `date: 2024-10-24`"],
    ),
    "file name has no date": (
        "leaders-meet.md", event_text(),
        ["content/events/leaders-meet.md:2: file name 'leaders-meet.md' must start with the event's date, 2024-10-24"],
    ),
    "unknown leader": (
        "2024-10-24-a.md", event_text(leaders="[Tô Lam Nguyen]"),
        ["content/events/2024-10-24-a.md:4: unknown leader 'Tô Lam Nguyen' in `leaders`; did you mean Tô Lâm?"],
    ),
    "title read as a boolean": (
        "2024-10-24-a.md", event_text(title="No"),
        ['content/events/2024-10-24-a.md:2: `title` must be text, not true/false (YAML read it as true/false; put it in quotes: title: "…")'],
    ),
    "a list where text belongs": (
        "2024-10-24-a.md", event_text(extra="place: [Kazan, Russia]\n"),
        ["content/events/2024-10-24-a.md:7: `place` must be text, not a list"],
    ),
    "leaders not a list": (
        "2024-10-24-a.md", event_text(leaders="Tô Lâm"),
        ["content/events/2024-10-24-a.md:4: `leaders` must be a list of leaders, not str"],
    ),
    "empty leaders": (
        "2024-10-24-a.md", event_text(leaders="[]", extra="contact: in person\n"),
        ["content/events/2024-10-24-a.md:4: `leaders` is empty: list at least one leader (only a milestone, an "
         "event without `contact`, may name none)"],
    ),
    "draft not a boolean": (
        "2024-10-24-a.md", event_text(extra="draft: maybe\n"),
        ["content/events/2024-10-24-a.md:7: `draft` must be true or false, not str"],
    ),
    "python tag": (
        "2024-10-24-a.md", event_text(extra="place: !!python/object/apply:os.system ['true']\n"),
        ["content/events/2024-10-24-a.md:7: invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'"],
    ),
    "slug escaping the output": (
        "2024-10-24-a.md", event_text(extra="slug: ../../etc\n"),
        ["content/events/2024-10-24-a.md:7: `slug` must be lower-case ASCII letters and digits joined by single hyphens, not '../../etc'"],
    ),
    "file name not a slug": (
        "2024-10-24 Leaders Meet.md", event_text(),
        ["content/events/2024-10-24 Leaders Meet.md:2: file name '2024-10-24 Leaders Meet.md' must be lower-case ASCII words joined by hyphens, like 2024-10-24-leaders-meet-in-kazan.md: rename it 2024-10-24-leaders-meet.md (or set `slug`)"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_EVENTS))
def test_a_bad_event_file_gets_exactly_its_error(sample: SampleSite, monkeypatch: pytest.MonkeyPatch, case: str):
    monkeypatch.chdir(sample.root)
    name, data, expected = BAD_EVENTS[case]
    assert problems_for(sample, name, data) == expected


def test_yaml_alias_expansion_is_bounded(sample: SampleSite, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    text = "---\n" + "\n".join(levels) + "\ntitle: A\n---\n"
    assert problems_for(sample, "2024-10-24-a.md", text) == [
        "content/events/2024-10-24-a.md:13: invalid YAML: more than 100 YAML aliases (*name); write the values out instead"
    ]


def test_two_files_that_would_write_the_same_page_are_an_error(sample: SampleSite, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    sample.event("2024-10-24-a.md", event_text())
    sample.event("2024/2024-10-24-a.md", event_text())
    _, problems = load_site(sample.project)
    assert [str(p) for p in problems if not p.warning] == [
        "content/events/2024-10-24-a.md:2: page address /events/2024-10-24-a/ is already used by content/events/2024/2024-10-24-a.md"
    ]


def test_all_problems_are_collected_not_just_the_first(sample: SampleSite, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    sample.event("2024-10-24-a.md", "---\ntitle: 5\ndate: 2024-02-30\nleaders: [Nobody]\n---\n")
    _, problems = load_site(sample.project)
    assert [str(p) for p in problems if not p.warning] == [
        "content/events/2024-10-24-a.md:2: `title` must be text, not a number (YAML read it as a number; put it in quotes: title: \"…\")",
        "content/events/2024-10-24-a.md:2: missing required field `source`",
        "content/events/2024-10-24-a.md:3: `date`: '2024-02-30' is not a real date: February 2024 has 29 days",
    ]


def test_bom_crlf_and_decomposed_diacritics_are_accepted_and_normalised(sample: SampleSite):
    text = event_text(title="Tô Lâm meets", leaders="[T\u006f\u0302 L\u0061\u0302m]").replace("\n", "\r\n")
    path = sample.event("2024-10-24-a.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    problems: list[ContentError] = []
    event = load_event(path, problems)
    assert problems == []
    assert event.title == "Tô Lâm meets" and event.leaders[0].name == "Tô Lâm"
    assert "\r" not in event.body
    site, problems = load_site(sample.project)
    assert [p for p in problems if not p.warning] == []
    assert [part.leader.slug for part in site.participants(site.events[0])] == ["to-lam"]


@pytest.mark.parametrize("text, expected", [
    ("2024-10-24", PartialDate(2024, 10, 24)),
    ("2024-10", PartialDate(2024, 10)),
    ("2024", PartialDate(2024)),
])
def test_dates_are_accepted_at_day_month_or_year_precision(sample: SampleSite, text: str, expected: PartialDate):
    sample.event(f"{text}-a.md", event_text(date=text))
    content = load_content(sample.content)
    assert [problem for problem in content.problems if not problem.warning] == []
    assert content.events[0].date == expected


def test_leader_entries_take_a_name_alias_or_slug_with_an_optional_role(sample: SampleSite):
    leaders = "\n  - Lâm\n  - thongloun-sisoulith\n  - {name: Phạm Minh Chính, role: Prime Minister}"
    sample.event("2024-10-24-a.md", event_text(leaders=leaders))
    site, problems = load_site(sample.project)
    assert [p for p in problems if not p.warning] == []
    assert [(p.leader.slug, p.role) for p in site.participants(site.events[0])] == [
        ("to-lam", None), ("thongloun-sisoulith", None), ("pham-minh-chinh", "Prime Minister"),
    ]


def test_warnings_do_not_fail_the_load(sample: SampleSite, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    sample.event("2024-10-24-a.md", "---\ntitle: A\ndate: 2024-10-24\nleaders: [Tô Lâm]\nsource: VNS\nmention: [Chính]\n"
                                    "full_text: true\n---\nBody.\n")
    site, problems = load_site(sample.project)
    assert site is not None
    assert [str(p) for p in problems] == [
        "content/events/2024-10-24-a.md:2: warning: no `summary`: the first paragraph is used",
        "content/events/2024-10-24-a.md:6: warning: unknown field `mention` is ignored (did you mean `mentions`?)",
        "content/leaders/pham-minh-chinh.md:2: warning: Phạm Minh Chính has no events",
        "content/leaders/thongloun-sisoulith.md:2: warning: Thongloun Sisoulith has no events",
    ]


@pytest.mark.parametrize("name, expected", [
    ("tô-lâm.md", ": rename it to-lam.md"),
    ("Đỗ Mười.md", ": rename it do-muoi.md"),
    ("!!.md", ", like to-lam.md"),  # nothing to make a name of: an example
])
def test_a_badly_named_leader_file_gets_a_leader_name_to_rename_it_to(sample: SampleSite, monkeypatch: pytest.MonkeyPatch,
                                                                      name: str, expected: str):
    monkeypatch.chdir(sample.root)
    sample.write(f"leaders/{name}", "---\nname: Tô Lâm Two\ncountry: Việt Nam\n---\n")
    _, problems = load_site(sample.project)
    errors = [str(problem) for problem in problems if not problem.warning]
    assert errors == [
        f"content/leaders/{name}:2: file name {name!r} must be lower-case ASCII words joined by hyphens{expected} (or set `slug`)"]


def test_a_badly_named_event_file_keeps_its_event_hint_and_gets_its_own_name_slugified(sample: SampleSite,
                                                                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    sample.event("2024-10-24-Gặp gỡ ở Đà Nẵng.md", event_text())
    _, problems = load_site(sample.project)
    assert [str(problem) for problem in problems if not problem.warning] == [
        "content/events/2024-10-24-Gặp gỡ ở Đà Nẵng.md:2: file name '2024-10-24-Gặp gỡ ở Đà Nẵng.md' must be lower-case"
        " ASCII words joined by hyphens, like 2024-10-24-leaders-meet-in-kazan.md: rename it 2024-10-24-gap-go-o-da-nang.md"
        " (or set `slug`)"]


IMAGES_BODY = """A plain [link](https://other.example/page) and a local ![map](/images/map.png).

![Leaders](https://other.example/a.png) and ![inline](data:image/png;base64,iVBORw0KGgo=)

<IMG alt="x" SRC='//cdn.example/b.png'>

Here is ![ref][pic], and in code: `![code](https://no.example/x.png)`.

```
![fenced](https://no.example/y.png)
```

[pic]: https://o.example/c.png"""


def test_an_image_from_another_host_is_warned_about_at_its_line(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text(body=IMAGES_BODY))
    sample.write("leaders/to-lam.md", "---\nname: Tô Lâm\ncountry: Việt Nam\naliases: [Lâm]\n---\n\n![portrait](https://img.example/tl.jpg)\n")
    result = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert result.returncode == 0, result.stderr
    advice = ("will not load: the pages' Content-Security-Policy allows only the site's own images; "
              "put the file in static/ and link it from there")
    assert [line for line in result.stderr.splitlines() if "the image" in line] == [
        f"content/events/2024-10-24-a.md:12: warning: the image https://other.example/a.png {advice}",
        f"content/events/2024-10-24-a.md:14: warning: the image //cdn.example/b.png {advice}",
        f"content/events/2024-10-24-a.md:16: warning: the image https://o.example/c.png {advice}",
        f"content/leaders/to-lam.md:7: warning: the image https://img.example/tl.jpg {advice}",
    ]
    built = run_cli("build", "--content", str(sample.content), "--out", str(sample.root / "_site"), "--no-cache",
                    "--base-url", "https://vn-lao.github.io/", cwd=sample.root)
    assert built.returncode == 0
    assert built.stderr == "6 warnings (python build.py check shows them)\n"  # 4 images, 2 leaders without events


# The countries (site.yml), the publisher registry (sources.yml) and the credits events give

SETTINGS_HEAD = SITE_YML.split("countries:")[0]
BAD_SETTINGS = {
    "no countries": (
        SETTINGS_HEAD,
        ["content/site.yml:1: missing required field `countries`: list the countries leaders belong to, the "
         "relationship's two sides first, each `{name: …, adjective: …}`"],
    ),
    "countries as text": (
        SETTINGS_HEAD + "countries: Việt Nam and Laos\n",
        ["content/site.yml:5: `countries` must be a list of countries, the relationship's two sides first, each "
         "`{name: …, adjective: …}`; not str"],
    ),
    "one country": (
        SETTINGS_HEAD + "countries:\n  - {name: Việt Nam, adjective: Vietnamese}\n",
        ["content/site.yml:5: `countries` must list at least the relationship's two sides, each "
         "`{name: …, adjective: …}`"],
    ),
    "a country without its adjective": (
        SITE_YML.replace("{name: Laos, adjective: Lao}", "{name: Laos}"),
        ["content/site.yml:7: a country needs `adjective`"],
    ),
    "a country with an unknown field": (
        SITE_YML.replace("adjective: Lao}", "adjective: Lao, flag: red}"),
        ["content/site.yml:7: a country has unknown field `flag` (use `name` and `adjective`)"],
    ),
    "an adjective YAML reads as a number": (
        SITE_YML.replace("adjective: Lao}", "adjective: 5}"),
        ['content/site.yml:7: `adjective` must be text, not a number (YAML read it as a number; put it in quotes: '
         'adjective: "…")'],
    ),
    "a country as plain text": (
        SITE_YML + "  - Cambodia\n",
        ["content/site.yml:8: a country must be a mapping with `name` and `adjective`, not str"],
    ),
    "a country listed twice": (
        SITE_YML + "  - {name: VIỆT NAM, adjective: Vietnamese}\n",
        ["content/site.yml:8: country 'VIỆT NAM' has the same name as 'Việt Nam'"],
    ),
    "two countries at one address": (
        SITE_YML + "  - {name: Viet Nam, adjective: Vietnamese}\n",
        ["content/site.yml:8: country 'Viet Nam' has the same address as 'Việt Nam'"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_bad_countries_in_site_yml_get_exactly_their_error(sample: SampleSite, monkeypatch: pytest.MonkeyPatch,
                                                           case: str):
    monkeypatch.chdir(sample.root)
    text, expected = BAD_SETTINGS[case]
    sample.write("site.yml", text)
    assert problems_for(sample, "2024-10-24-a.md", GOOD) == expected


def test_the_third_country_and_after_are_countries_too_but_not_sides(sample: SampleSite):
    sample.write("site.yml", SITE_YML + "  - {name: Cambodia, adjective: Cambodian}\n")
    sample.leader("hun-manet", "Hun Manet", "Cambodia")
    sample.event("2024-10-24-a.md", event_text(leaders="[Tô Lâm, Hun Manet]"))
    site, problems = load_site(sample.project)
    assert [p for p in problems if not p.warning] == []
    assert [(c.name, c.adjective, c.slug) for c in site.config.countries] == [
        ("Việt Nam", "Vietnamese", "viet-nam"), ("Laos", "Lao", "laos"), ("Cambodia", "Cambodian", "cambodia")]
    assert [side.name for side in site.sides] == ["Việt Nam", "Laos"]


BAD_REGISTRY = {
    "a credit with a slash": (
        SOURCES_YML + "VNA/VNS: {name: Both, country: Việt Nam}\n",
        ["content/sources.yml:4: 'VNA/VNS' cannot be a credit: a credit is text without /, as articles write it (VNA)"],
    ),
    "a publisher without a name": (
        SOURCES_YML + "NDO: {country: Việt Nam}\n",
        ["content/sources.yml:4: publisher 'NDO' needs `name`"],
    ),
    "a publisher as plain text": (
        SOURCES_YML + "NDO: Nhân Dân\n",
        ["content/sources.yml:4: publisher 'NDO' must be a mapping with `name` and `country`, not str"],
    ),
    "a publisher with an unknown field": (
        SOURCES_YML + "NDO: {name: Nhân Dân, country: Việt Nam, url: https://nhandan.vn}\n",
        ["content/sources.yml:4: publisher 'NDO' has unknown field `url` (use `name` and `country`)"],
    ),
    "a list, not a mapping": (
        "- VNA\n- VNS\n",
        ["content/sources.yml:1: expected `field: value` lines, not a single value or a list"],
    ),
    "a publisher of a country site.yml does not list": (
        SOURCES_YML + "AKP: {name: Agence Kampuchea Presse, country: Cambodia}\n",
        ["content/sources.yml:4: publisher AKP: country 'Cambodia' is not listed in `countries` in content/site.yml; "
         "the listed countries are Việt Nam, Laos"],
    ),
    "a publisher of a misspelt country": (
        SOURCES_YML + "VT: {name: Vientiane Times, country: Lao}\n",
        ["content/sources.yml:4: publisher VT: country 'Lao' is not listed in `countries` in content/site.yml; "
         "did you mean Laos?"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_REGISTRY))
def test_a_bad_publisher_registry_gets_exactly_its_error_and_not_one_per_event(sample: SampleSite,
                                                                              monkeypatch: pytest.MonkeyPatch, case: str):
    # An event crediting a registered publisher is not reported as well: the registry's own error is the one to fix.
    monkeypatch.chdir(sample.root)
    text, expected = BAD_REGISTRY[case]
    sample.write("sources.yml", text)
    sample.event("2024-10-25-b.md", event_text(date="2024-10-25").replace("source: VNS", "source: VNA/KPL"))
    assert problems_for(sample, "2024-10-24-a.md", GOOD) == expected


BAD_CREDITS = {
    "a misspelt credit": (
        "VNA/VNX", ["content/events/2024-10-24-a.md:5: unknown publisher 'VNX' in `source`; did you mean VNA or VNS?"],
    ),
    "a credit in the wrong case": (
        "kpl", ["content/events/2024-10-24-a.md:5: unknown publisher 'kpl' in `source`; did you mean KPL?"],
    ),
    "a credit like none": (
        "Reuters", ["content/events/2024-10-24-a.md:5: unknown publisher 'Reuters' in `source`; "
                    "add it to content/sources.yml"],
    ),
    "an empty credit": (
        "VNA/", ["content/events/2024-10-24-a.md:5: `source` 'VNA/' has an empty credit: name publishers joined by /, "
                 "like VNA/VNS"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CREDITS))
def test_a_credit_the_registry_does_not_know_gets_the_closest_keys(sample: SampleSite, monkeypatch: pytest.MonkeyPatch,
                                                                   case: str):
    monkeypatch.chdir(sample.root)
    source, expected = BAD_CREDITS[case]
    assert problems_for(sample, "2024-10-24-a.md", GOOD.replace("source: VNS", f"source: {source}")) == expected


def test_a_credit_of_two_publishers_names_both_in_order(sample: SampleSite):
    sample.event("2024-10-24-a.md", GOOD.replace("source: VNS", "source: KPL / VNA"))
    site, problems = load_site(sample.project)
    assert [p for p in problems if not p.warning] == []
    assert [(p.key, p.name, p.country) for p in site.publishers_of(site.events[0])] == [
        ("KPL", "Lao News Agency", "Laos"), ("VNA", "Vietnam News Agency", "Việt Nam")]


def test_a_missing_publisher_registry_is_one_error(sample: SampleSite, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    (sample.content / "sources.yml").unlink()
    assert problems_for(sample, "2024-10-24-a.md", GOOD) == [
        "content/sources.yml: missing publisher registry: list the publishers events credit in `source`, as "
        "`VNA: {name: Vietnam News Agency, country: …}`"]


@pytest.mark.parametrize("country, expected", [
    ("Vietnam", "content/leaders/le-duan.md:3: country 'Vietnam' is not listed in `countries` in content/site.yml; "
                "did you mean Việt Nam?"),
    ("viet nam", "content/leaders/le-duan.md:3: country 'viet nam' is not listed in `countries` in content/site.yml; "
                 "did you mean Việt Nam?"),
    ("Cambodia", "content/leaders/le-duan.md:3: country 'Cambodia' is not listed in `countries` in content/site.yml; "
                 "the listed countries are Việt Nam, Laos"),
])
def test_a_leader_of_a_country_site_yml_does_not_list_is_an_error_with_the_closest_listed(
        sample: SampleSite, monkeypatch: pytest.MonkeyPatch, country: str, expected: str):
    monkeypatch.chdir(sample.root)
    sample.write("leaders/le-duan.md", f"---\nname: Lê Duẩn\ncountry: {country}\n---\n")
    assert problems_for(sample, "2024-10-24-a.md", GOOD) == [expected]


def test_check_and_build_refuse_an_unlisted_country_and_a_misspelt_credit_leaving_the_site(sample: SampleSite):
    out = sample.build()
    before = tree(out)
    sample.write("leaders/le-duan.md", "---\nname: Lê Duẩn\ncountry: Vietnam\n---\n")
    sample.event("2024-10-24-a.md", GOOD.replace("source: VNS", "source: VNA/KLP"))
    expected = [
        "content/events/2024-10-24-a.md:5: unknown publisher 'KLP' in `source`; did you mean KPL?",
        "content/leaders/le-duan.md:3: country 'Vietnam' is not listed in `countries` in content/site.yml; "
        "did you mean Việt Nam?",
    ]
    checked = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert checked.returncode == 1
    assert [line for line in checked.stderr.splitlines() if ": warning: " not in line][:2] == expected
    built = run_cli("build", "--content", str(sample.content), "--out", str(out), "--no-cache", cwd=sample.root)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert built.stderr.splitlines()[:2] == expected
    assert tree(out) == before


# Dates known only roughly, in event files

@pytest.mark.parametrize("name, date, expected", [
    ("1977-a.md", "circa 1977", PartialDate(1977, qualifier="circa")),
    ("1977-07-18-a.md", "circa 1977-07-18", PartialDate(1977, 7, 18, "circa")),
    ("1977-07-18-a.md", "before 1977-07-18", PartialDate(1977, 7, 18, "before")),
    ("1975-12-a.md", "after 1975-12", PartialDate(1975, 12, qualifier="after")),
])
def test_a_qualified_date_is_accepted_in_a_file_named_with_its_digits(sample: SampleSite, name: str, date: str,
                                                                    expected: PartialDate):
    sample.event(name, event_text(date=date))
    site, problems = load_site(sample.project)
    assert [p for p in problems if not p.warning] == []
    assert site.events[0].date == expected


@pytest.mark.parametrize("name, date, expected", [
    ("1977-a.md", "around 1977",
     "content/events/1977-a.md:3: `date`: 'around 1977' is not a date: the words a date may start with are circa, "
     "before and after (e.g. 2024-10-24, circa 1977, before 1977-07-18, after 1975-12)"),
    ("1977-a.md", "c. 1977",
     "content/events/1977-a.md:3: `date`: 'c. 1977' is not a date: the words a date may start with are circa, "
     "before and after (e.g. 2024-10-24, circa 1977, before 1977-07-18, after 1975-12)"),
    ("circa-1977-a.md", "circa 1977",
     "content/events/circa-1977-a.md:2: file name 'circa-1977-a.md' must start with the event's date, 1977"),
    ("1978-a.md", "circa 1977", "content/events/1978-a.md:3: file name date 1978 disagrees with `date: circa 1977`"),
    ("1977-07-19-a.md", "before 1977-07-18",
     "content/events/1977-07-19-a.md:3: file name date 1977-07-19 disagrees with `date: before 1977-07-18`"),
])
def test_a_bad_qualified_date_gets_exactly_its_error(sample: SampleSite, monkeypatch: pytest.MonkeyPatch, name: str,
                                                     date: str, expected: str):
    monkeypatch.chdir(sample.root)
    assert problems_for(sample, name, event_text(date=date)) == [expected]


def test_check_prints_a_bad_qualifier_at_its_line(sample: SampleSite):
    sample.event("1977-a.md", event_text(date="around 1977"))
    result = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/events/1977-a.md:3: `date`: 'around 1977' is not a date: the words a date may start with are circa, "
        "before and after (e.g. 2024-10-24, circa 1977, before 1977-07-18, after 1975-12)")


# The chronology's fields: end_date, contact, other_reports, full_text

def days(end: str, date: str = "2024-09-10") -> str:
    return event_text(date=date, extra=f"end_date: {end}\n")


BAD_CHRONOLOGY_FIELDS = {
    "end_date not a day": ("2024-09-10-a.md", days("2024-09"),
                           "content/events/2024-09-10-a.md:7: `end_date` must be a day, YYYY-MM-DD (the event's last "
                           "day), not '2024-09'"),
    "end_date impossible": ("2024-09-10-a.md", days("2024-09-31"),
                            "content/events/2024-09-10-a.md:7: `end_date`: '2024-09-31' is not a real date: September "
                            "2024 has 30 days"),
    "end_date roughly": ("2024-09-10-a.md", days("circa 2024-09-13"),
                         "content/events/2024-09-10-a.md:7: `end_date` must be a day, YYYY-MM-DD (the event's last "
                         "day), not 'circa 2024-09-13'"),
    "end_date a list": ("2024-09-10-a.md", days("[2024-09-13]"),
                        "content/events/2024-09-10-a.md:7: `end_date` must be a day (YYYY-MM-DD), not a list"),
    "end before start": ("2024-09-10-a.md", days("2024-09-09"),
                         "content/events/2024-09-10-a.md:7: `end_date` 2024-09-09 is before `date` 2024-09-10: it is "
                         "the event's last day"),
    "end on the start": ("2024-09-10-a.md", days("2024-09-10"),
                         "content/events/2024-09-10-a.md:7: `end_date` 2024-09-10 is the same day as `date` 2024-09-10: "
                         "omit it for an event of one day"),
    "partial start": ("2024-09-a.md", days("2024-09-13", date="2024-09"),
                      "content/events/2024-09-a.md:7: `end_date` needs `date` to be a day (YYYY-MM-DD), not '2024-09': "
                      "an event known only to the month or year, or roughly, has no first and last day"),
    "rough start": ("2024-09-10-a.md", days("2024-09-13", date="circa 2024-09-10"),
                    "content/events/2024-09-10-a.md:7: `end_date` needs `date` to be a day (YYYY-MM-DD), not "
                    "'circa 2024-09-10': an event known only to the month or year, or roughly, has no first and last day"),
    "unknown contact": ("2024-10-24-a.md", event_text(extra="contact: phone\n"),
                        "content/events/2024-10-24-a.md:7: `contact` 'phone' is not a kind of contact; the accepted "
                        "values are in person, sidelines, call, letter (did you mean `call`?)"),
    "misspelt contact": ("2024-10-24-a.md", event_text(extra="contact: in persn\n"),
                         "content/events/2024-10-24-a.md:7: `contact` 'in persn' is not a kind of contact; the accepted "
                         "values are in person, sidelines, call, letter (did you mean `in person`?)"),
    "contact a list": ("2024-10-24-a.md", event_text(extra="contact: [call]\n"),
                       "content/events/2024-10-24-a.md:7: `contact` must be text, not a list"),
    "other_reports not a list": ("2024-10-24-a.md", event_text(extra="other_reports: VOV\n"),
                                 "content/events/2024-10-24-a.md:7: `other_reports` must be a list of reports, each "
                                 "`{source: KEY, url: https://…}`; not str"),
    "report without url": ("2024-10-24-a.md", event_text(extra="other_reports:\n  - source: VNA\n"),
                           "content/events/2024-10-24-a.md:8: `other_reports` entry needs a `url`: the report's address"),
    "report with a bad url": ("2024-10-24-a.md", event_text(extra="other_reports:\n  - source: VNA\n    url: vna.vn/a\n"),
                              "content/events/2024-10-24-a.md:9: the report's `url` must start with https:// or http://"),
    "report url with a space": ("2024-10-24-a.md",
                                event_text(extra="other_reports:\n  - source: VNA\n    url: https://vna.vn/a b\n"),
                                "content/events/2024-10-24-a.md:9: the report's `url` must not contain spaces"),
    "report url without a host": ("2024-10-24-a.md",
                                  event_text(extra="other_reports:\n  - source: VNA\n    url: https:///a\n"),
                                  "content/events/2024-10-24-a.md:9: the report's `url` has no host name: 'https:///a'"),
    "report with another field": ("2024-10-24-a.md", event_text(
        extra="other_reports:\n  - source: VNA\n    url: https://vna.vn/a\n    title: X\n"),
        "content/events/2024-10-24-a.md:10: `other_reports` entry has unknown field `title` (use `source` and `url`)"),
    "report of an unknown publisher": ("2024-10-24-a.md", event_text(
        extra="other_reports:\n  - url: https://kpl.gov.la/a\n    source: KLP\n"),
        "content/events/2024-10-24-a.md:9: unknown publisher 'KLP' in `other_reports`; did you mean KPL?"),
    "full_text not a boolean": ("2024-10-24-a.md", event_text(extra="full_text: yes please\n"),
                                "content/events/2024-10-24-a.md:7: `full_text` must be true or false, not str"),
    "source_url without a host": ("2024-10-24-a.md", event_text(extra="source_url: https://\n"),
                                  "content/events/2024-10-24-a.md:7: `source_url` has no host name: 'https://'"),
}


@pytest.mark.parametrize("case", sorted(BAD_CHRONOLOGY_FIELDS))
def test_a_bad_chronology_field_gets_exactly_its_error_at_its_line(sample: SampleSite, monkeypatch: pytest.MonkeyPatch,
                                                                   case: str):
    monkeypatch.chdir(sample.root)
    name, data, expected = BAD_CHRONOLOGY_FIELDS[case]
    assert problems_for(sample, name, data) == [expected]


def test_the_chronology_fields_are_read_into_the_record(sample: SampleSite):
    sample.event("2024-09-30-a.md", event_text(date="2024-09-30", extra=(
        "end_date: 2024-10-02\ncontact: sidelines\nother_reports:\n  - {source: VNA, url: https://vna.vn/a}\n"
        "  - source: KPL\n    url: http://kpl.gov.la/b\n")))
    sample.event("2024-10-24-b.md", event_text(extra="full_text: true\n"))
    site, problems = load_site(sample.project)
    assert site is not None and [p for p in problems if "has no events" not in p.message] == []
    ranged, single = site.events
    assert (ranged.end_date, ranged.contact, ranged.contact_kind.label, ranged.full_text) == (
        PartialDate(2024, 10, 2), "sidelines", "On the sidelines of a summit", False)
    assert [(report.source, report.url, report.line) for report in ranged.other_reports] == [
        ("VNA", "https://vna.vn/a", 10), ("KPL", "http://kpl.gov.la/b", 11)]
    assert ranged.report_keys == ("VNS", "VNA", "KPL")
    assert (ranged.when.human, ranged.when.iso, ranged.when.end_iso) == (
        "30 September – 2 October 2024", "2024-09-30", "2024-10-02")
    assert (single.end_date, single.contact, single.other_reports, single.full_text, single.when) == (
        None, None, (), True, single.date)


def test_an_event_without_source_url_is_warned_about_unless_it_carries_the_reports_full_text(
        sample: SampleSite, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    plain = "---\ntitle: A\ndate: 2024-10-24\nleaders: [Tô Lâm]\nsource: VNS\nsummary: S.\n{}---\nBody.\n"
    sample.event("2024-10-24-a.md", plain.format(""))
    sample.event("2024-10-25-b.md", plain.format("full_text: true\n").replace("2024-10-24", "2024-10-25"))
    sample.event("2024-10-26-c.md", plain.format("source_url: https://vna.vn/c\n").replace("2024-10-24", "2024-10-26"))
    _, problems = load_site(sample.project)
    assert [str(p) for p in problems if "source_url" in p.message] == [
        "content/events/2024-10-24-a.md:2: warning: no `source_url`: readers cannot reach the report (set "
        "`full_text: true` if the body is the report's own full text)"]
    result = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert result.returncode == 0
    assert ("warning: 1 event has no `source_url` (readers cannot reach the report; `full_text: true` marks a body "
            "that is the report's own text): content/events/2024-10-24-a.md") in result.stderr.splitlines()


def test_the_seed_events_carry_their_reports_full_text(monkeypatch: pytest.MonkeyPatch):
    from conftest import REAL_CONTENT

    seeds = [path for path in sorted((REAL_CONTENT / "events").glob("*.md"))
             if path.name in ("2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan.md",
                              "2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane.md")]
    assert len(seeds) == 2
    for path in seeds:
        problems: list[ContentError] = []
        assert load_event(path, problems).full_text and problems == []


def test_check_warns_of_likely_duplicates_same_first_day_same_leaders(sample: SampleSite):
    sample.event("2024-09-10-a.md", event_text(date="2024-09-10", leaders="[Tô Lâm, Thongloun Sisoulith]",
                                               extra="end_date: 2024-09-12\n"))
    sample.event("2024-09-10-b.md", event_text(date="2024-09-10", leaders="[thongloun-sisoulith, Lâm]", title="Talks"))
    sample.event("2024-09-10-c.md", event_text(date="2024-09-10", leaders="[Lâm]"))  # other leaders: not the same
    sample.event("2024-09-11-d.md", event_text(date="2024-09-11", leaders="[Lâm, Thongloun Sisoulith]"))  # other day
    result = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert result.returncode == 0
    assert [line for line in result.stderr.splitlines() if "likely" in line] == [
        "content/events/2024-09-10-b.md:2: warning: likely the same event as content/events/2024-09-10-a.md (same first "
        "day, 2024-09-10, and the same leaders): if so, keep one file and list the other report under its "
        "`other_reports`"]


def test_check_warns_of_two_leaders_whose_names_are_the_same_letters_without_diacritics(sample: SampleSite):
    sample.leader("do-muoi", "Đỗ Mười", "Việt Nam")
    sample.leader("do-muoi-2", "Do Muoi", "Việt Nam")
    sample.event("2024-10-24-a.md", event_text(leaders="[Đỗ Mười, Do Muoi, Lâm, Chính, Thongloun Sisoulith]"))
    result = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert result.returncode == 0
    assert [line for line in result.stderr.splitlines() if "diacritics" in line] == [
        "content/leaders/do-muoi.md:2: warning: 'Đỗ Mười' and 'Do Muoi' of Do Muoi (content/leaders/do-muoi-2.md) are "
        "the same letters without diacritics: if they are one person, keep one file and make the other spelling an alias"]


def test_a_milestone_without_contact_may_name_no_leader(sample: SampleSite, tmp_path: Path):
    sample.event("1977-07-18-treaty.md", event_text(title="Treaty of Amity and Cooperation", date="1977-07-18",
                                                    leaders="[]", extra="source_url: https://example.org/r\n"))
    sample.event("2024-10-24-a.md")
    out = sample.build(tmp_path / "_site")
    assert (out / "events" / "1977-07-18-treaty" / "index.html").is_file()
