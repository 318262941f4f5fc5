"""The site in several languages (issue #29): catalogs, editions, translations, and what readers' programs see.

A two-language site is the two-event test site with `languages: [en, vi]` and
one event translated; a third language, Lao, has a catalog that lives in the
test. Feeds are read with feedparser, the sitemap with an XML parser, pages
with BeautifulSoup.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import address, tree
from generator.errors import ContentErrors
from generator.i18n import catalog_path
from generator.pipeline import PROJECT_ROOT, BuildOptions, Project, build, check

TWO_EVENTS = Path(__file__).parent / "data" / "two-events"
KAZAN = "2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan"
VIENTIANE = "2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane"
SITE_YML = """\
title: Việt Nam–Laos Relations
description: A chronological timeline of meetings between leaders of Việt Nam and Laos, from news reports.
base_url: https://example.org/
languages:
  - code: en
  - code: vi
    title: Quan hệ Việt Nam – Lào
    description: Dòng thời gian các cuộc gặp giữa lãnh đạo Việt Nam và Lào.
{extra}countries:
  - name: Việt Nam
    adjective: {{en: Vietnamese, vi: Việt Nam}}
  - name: {{en: Laos, vi: Lào}}
    adjective: {{en: Lao, vi: Lào}}
"""
TRANSLATION = """\
---
title: Tổng Bí thư Tô Lâm hội kiến Chủ tịch Quốc hội Lào Saysomphone Phomvihane tại Viêng Chăn
date: 2025-12-01
place: Viêng Chăn, Lào
leaders:
  - name: Tô Lâm
    role: Tổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam
  - name: Saysomphone Phomvihane
    role: Chủ tịch Quốc hội Lào
summary: Tổng Bí thư Tô Lâm hội kiến Chủ tịch Quốc hội Lào Saysomphone Phomvihane tại Viêng Chăn trong chuyến thăm cấp nhà nước.
topics: [Quốc hội, Thăm cấp nhà nước]
---

Tổng Bí thư Tô Lâm hội kiến Chủ tịch Quốc hội Lào Saysomphone Phomvihane tại Viêng Chăn.
"""


def two_language_project(root: Path, *, extra: str = "", translation: str | None = TRANSLATION) -> Project:
    """The two-event site in English and Vietnamese, one event translated, with the shipped templates,
    static files and catalogs."""
    content = root / "content"
    shutil.copytree(TWO_EVENTS, content)
    (content / "site.yml").write_text(SITE_YML.format(extra=extra), encoding="utf-8")
    if translation is not None:
        (content / "events" / f"{VIENTIANE}.vi.md").write_text(translation, encoding="utf-8")
    return Project(content_dir=content)


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two-languages")
    build(two_language_project(root), root / "site", BuildOptions(), cache_dir=None)
    return root / "site"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


# Catalogs


def _extracted() -> set[tuple[str | None, str]]:
    """Every message of the templates, the generator's marked messages and the scripts, as Babel extracts them
    with the project's babel.cfg."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(PROJECT_ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _, _, message, _, context in extract_from_dir(str(PROJECT_ROOT), method_map, options_map):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


@pytest.mark.parametrize("code", ["en", "vi"])
def test_every_message_of_the_templates_and_scripts_is_in_the_shipped_catalogs(code: str):
    from babel.messages.pofile import read_po

    extracted = _extracted()
    assert ("date pattern", "d MMMM y") in extracted and (None, "Who met whom") in extracted  # the extractor works
    with catalog_path(PROJECT_ROOT / "translations", code).open("rb") as file:
        catalog = read_po(file, locale=code)
    shipped = {(message.context, message.id[0] if isinstance(message.id, tuple) else message.id)
               for message in catalog if message.id}
    assert sorted(extracted - shipped, key=str) == []
    if code == "vi":  # every message translated
        empty = [message.id for message in catalog if message.id and not all(
            message.string if isinstance(message.string, tuple) else (message.string,))]
        assert empty == []


def test_a_broken_catalog_is_an_error_at_its_file(tmp_path: Path):
    project = two_language_project(tmp_path)
    translations = tmp_path / "translations"
    shutil.copytree(PROJECT_ROOT / "translations", translations)
    path = catalog_path(translations, "vi")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    with pytest.raises(ContentErrors) as failure:
        build(project._replace(translations_dir=translations), tmp_path / "site", cache_dir=None)
    assert "translations/vi/LC_MESSAGES/messages.po" in str(failure.value.errors[0].path)


# Editions


def test_every_page_has_its_language_a_switcher_and_hreflang_alternates(two_languages: Path):
    english = [path.relative_to(two_languages).as_posix() for path in two_languages.rglob("*.html")
               if not path.relative_to(two_languages).as_posix().startswith("vi/")]
    assert len(english) > 10
    for path in english:
        other = "vi/" + path
        assert (two_languages / other).is_file(), other
        for shown, code in ((path, "en"), (other, "vi")):
            html = page(two_languages, shown)
            assert html.html["lang"] == code
            switcher = html.select("nav.languages a")
            assert [(link["hreflang"], link.text) for link in switcher] == [("en", "English"), ("vi", "Tiếng Việt")]
            # Relative to the page (the 404 page's by the base URL's path): `address` reads the page it names.
            assert [address(shown.removesuffix("index.html"), link["href"]) for link in switcher
                    if link.get("aria-current")] == ["/" + ("vi/" if code == "vi" else "") + path.removesuffix("index.html")]
            if path == "404.html":
                continue  # not indexed: no canonical, no alternates
            alternates = {link["hreflang"]: link["href"] for link in html.select('link[rel="alternate"][hreflang]')}
            canonical = "https://example.org/" + path.removesuffix("index.html")
            assert alternates == {"en": canonical, "x-default": canonical,
                                  "vi": "https://example.org/vi/" + path.removesuffix("index.html")}


def test_the_vietnamese_edition_shows_the_translation_in_vietnamese_words_and_dates(two_languages: Path):
    html = page(two_languages, f"vi/events/{VIENTIANE}/index.html")
    assert html.h1.text.startswith("Tổng Bí thư Tô Lâm hội kiến") and not html.h1.get("lang")
    assert html.select_one(".entry-date time").text == "ngày 1 tháng 12 năm 2025"
    assert html.select_one(".entry-date .place").text == "Viêng Chăn, Lào"
    assert [role.text for role in html.select(".facts .role")][:2] == [
        "Tổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam", "Chủ tịch Quốc hội Lào"]
    assert "Thăm cấp nhà nước" in html.select(".facts dd")[-1].text
    assert html.select_one(".untranslated") is None
    assert "Tổng Bí thư Tô Lâm hội kiến" in html.select_one(".article-body").text
    assert html.select_one(".skip-link").text == "Chuyển đến nội dung"
    # The country names come from site.yml, per language.
    assert "Lào" in [country.text for country in html.select(".facts .country")]


def test_an_untranslated_event_is_shown_in_the_original_marked_with_its_language(two_languages: Path):
    html = page(two_languages, f"vi/events/{KAZAN}/index.html")
    assert html.h1["lang"] == "en" and html.h1.text.startswith("Prime Minister")
    assert html.select_one(".article-body")["lang"] == "en"
    assert html.select_one(".untranslated").text == "Chưa có bản dịch tiếng Việt: đây là bản gốc."
    timeline = page(two_languages, "vi/index.html")
    entries = {entry["data-slug"]: entry.article.get("lang") for entry in timeline.select("li.entry")}
    assert entries == {KAZAN: "en", VIENTIANE: None}


def test_each_edition_has_its_own_feed_read_by_feedparser(two_languages: Path):
    english = feedparser.parse((two_languages / "feed.xml").read_bytes())
    vietnamese = feedparser.parse((two_languages / "vi" / "feed.xml").read_bytes())
    assert not english.bozo and not vietnamese.bozo
    assert vietnamese.feed.language == "vi" and english.feed.language == "en"
    assert vietnamese.feed.title == "Quan hệ Việt Nam – Lào"
    assert [entry.link for entry in vietnamese.entries] == [
        f"https://example.org/vi/events/{VIENTIANE}/", f"https://example.org/vi/events/{KAZAN}/"]
    assert vietnamese.entries[0].title.startswith("Tổng Bí thư Tô Lâm")
    leader = feedparser.parse((two_languages / "vi/leaders/to-lam/feed.xml").read_bytes())
    assert not leader.bozo and leader.entries[0].link.startswith("https://example.org/vi/")


def test_the_sitemap_lists_every_page_of_both_editions_with_its_alternates(two_languages: Path):
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring((two_languages / "sitemap.xml").read_bytes())
    urls = root.findall("s:url", namespaces)
    located = [url.find("s:loc", namespaces).text for url in urls]
    assert f"https://example.org/events/{KAZAN}/" in located and f"https://example.org/vi/events/{KAZAN}/" in located
    assert len(located) == len(set(located)) and len(located) % 2 == 0
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)}
        assert set(alternates) == {"en", "vi", "x-default"}
        assert url.find("s:loc", namespaces).text in (alternates["en"], alternates["vi"])
        assert alternates["vi"] == alternates["en"].replace("https://example.org/", "https://example.org/vi/")
    assert not (two_languages / "vi" / "sitemap.xml").exists()


def test_search_in_each_edition_finds_the_translated_and_the_original_words(two_languages: Path):
    vietnamese = json.loads((two_languages / "vi" / "search-index.json").read_text(encoding="utf-8"))
    words = set(vietnamese[VIENTIANE]["w"].split())
    assert {"vieng", "chan", "hoi", "kien"} <= words  # the translation's, diacritics folded
    assert {"vientiane", "assembly", "ebook"} & words  # and the original's
    assert vietnamese[VIENTIANE]["u"] == f"vi/events/{VIENTIANE}/index.html"  # from the site's root
    assert vietnamese[VIENTIANE]["h"] == "ngày 1 tháng 12 năm 2025"
    english = json.loads((two_languages / "search-index.json").read_text(encoding="utf-8"))
    assert "vieng" not in english[VIENTIANE]["w"].split()
    lines = [json.loads(line) for line in (two_languages / "vi" / "on-this-day.jsonl").read_text().splitlines()]
    assert [line[3] for line in lines] == [f"vi/events/{KAZAN}/index.html", f"vi/events/{VIENTIANE}/index.html"]
    # The pieces the page loads: the edition's own, made from its own index, addresses relative to /vi/.
    from generator.exports.search_pieces import decode, read_piece

    pieces = dict(read_piece(path.read_bytes()) for path in (two_languages / "vi" / "search").glob("*.js"))
    number = list(vietnamese).index(VIENTIANE)
    for word in ("vieng", "vientiane"):
        key = max((key for key in pieces["index"]["k"] if word.startswith(key)), key=len)
        assert number in decode(pieces["w" + key]["w"][word], pieces["index"]["n"])
    record = pieces[f"r{number // pieces['index']['r']}"][number % pieces["index"]["r"]]
    assert (record["u"], record["h"]) == (f"events/{VIENTIANE}/index.html", "ngày 1 tháng 12 năm 2025")
    timeline = page(two_languages, "vi/index.html").select_one("#filters")
    assert (timeline["data-index"], timeline["data-root"]) == ("../vi/search/", "../vi/")  # relative to the page
    assert (two_languages / "vi" / "days" / "12-01.js").is_file()


def test_each_edition_has_its_timelinejs_file_in_its_language(two_languages: Path):
    english = json.loads((two_languages / "timeline.json").read_text(encoding="utf-8"))
    vietnamese = json.loads((two_languages / "vi" / "timeline.json").read_text(encoding="utf-8"))
    assert vietnamese["title"]["text"]["headline"] == "Quan hệ Việt Nam – Lào"
    events = {event["unique_id"]: event for event in vietnamese["events"]}
    assert list(events) == [event["unique_id"] for event in english["events"]] == [KAZAN, VIENTIANE]
    assert events[VIENTIANE]["display_date"] == "ngày 1 tháng 12 năm 2025"
    assert events[VIENTIANE]["text"]["headline"].startswith(f'<a href="https://example.org/vi/events/{VIENTIANE}/">Tổng Bí thư')
    assert "<p>Nguồn tin từ báo chí Việt Nam: " in events[VIENTIANE]["text"]["text"]
    assert events[VIENTIANE]["group"] == "Lào"
    assert "Reported by" not in (two_languages / "vi" / "timeline.json").read_text(encoding="utf-8")
    assert english["events"][1]["display_date"] == "1 December 2025" and english["events"][1]["group"] == "Laos"


def test_a_default_language_other_than_english_writes_its_dates_in_the_data_files(tmp_path: Path):
    project = two_language_project(tmp_path)
    site_yml = project.content_dir / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(
        "  - code: en\n  - code: vi\n    title: Quan hệ Việt Nam – Lào\n",
        "  - code: vi\n    title: Quan hệ Việt Nam – Lào\n  - code: en\n").replace("en: Vietnamese, vi: Việt Nam",
        "vi: Việt Nam, en: Vietnamese").replace("{en: Laos, vi: Lào}", "Laos").replace(  # the leaders' files' name
        "en: Lao, vi: Lào", "vi: Lào, en: Lao"), encoding="utf-8")
    # No place: the group is the catalog's words for it.
    kazan = project.content_dir / "events" / f"{KAZAN}.md"
    kazan.write_text(kazan.read_text(encoding="utf-8").replace("place: Kazan, Russia\n", ""), encoding="utf-8")
    translations = tmp_path / "translations"
    shutil.copytree(PROJECT_ROOT / "translations", translations)
    project = project._replace(translations_dir=translations)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(project, out, cache_dir=cache)
    search = json.loads((out / "search-index.json").read_text(encoding="utf-8"))
    timeline = {event["unique_id"]: event for event in json.loads((out / "timeline.json").read_text())["events"]}
    assert search[KAZAN]["h"] == timeline[KAZAN]["display_date"] == "ngày 24 tháng 10 năm 2024"
    assert timeline[KAZAN]["group"] == "Chưa rõ địa điểm"
    english = json.loads((out / "en" / "search-index.json").read_text(encoding="utf-8"))
    assert english[KAZAN]["h"] == "24 October 2024"
    # The root's pieces depend on the default language's catalog: a cached build follows an edit of it.
    EDITS["date pattern"](tmp_path)
    build(project, out, cache_dir=cache)
    build(project, tmp_path / "clean", cache_dir=None)
    assert tree(out) == tree(tmp_path / "clean")
    assert json.loads((out / "search-index.json").read_text(encoding="utf-8"))[KAZAN]["h"] == "24/10/2024"


def test_the_language_neutral_data_files_are_at_the_root_only(two_languages: Path):
    for name in ("events.csv", "events.ics", "citations.json", "citations.bib", "citations.ris",
                 "robots.txt"):
        assert (two_languages / name).is_file() and not (two_languages / "vi" / name).exists()
    html = page(two_languages, f"vi/events/{KAZAN}/index.html")
    assert html.select_one(".cite-data a")["href"] == f"../../../events/{KAZAN}/citation.json"


def test_a_one_language_list_builds_as_a_site_without_languages(tmp_path: Path):
    plain = tmp_path / "plain"
    shutil.copytree(TWO_EVENTS, plain)
    listed = tmp_path / "listed"
    shutil.copytree(TWO_EVENTS, listed)
    site = listed / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("language: en\n", "languages: [en]\n"), encoding="utf-8")
    build(Project(content_dir=plain), tmp_path / "a", cache_dir=None)
    build(Project(content_dir=listed), tmp_path / "b", cache_dir=None)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


# Translations: the facts stay in the original


@pytest.mark.parametrize(("edit", "line", "message"), [
    (("date: 2025-12-01", "date: 2025-12-02"), 3, "facts stay in the original: date is 2025-12-01 there"),
    (("  - name: Saysomphone Phomvihane", "  - name: Thongloun Sisoulith"), 8,
     "`leaders` names 'Thongloun Sisoulith' where the original has Saysomphone Phomvihane"),
    (("topics: [Quốc hội, Thăm cấp nhà nước]", "topics: [Quốc hội]"), 11, "`topics` has 1 labels and the original 2"),
    (("place: Viêng Chăn, Lào", "country: Lào"), 4, "a translation cannot have `country`"),
    (("place: Viêng Chăn, Lào", "source: VNA"), 4, "facts stay in the original: source is VNA/VNS there"),
])
def test_a_translation_that_contradicts_the_original_is_an_error_at_its_line(tmp_path: Path, edit, line, message):
    project = two_language_project(tmp_path, translation=TRANSLATION.replace(*edit))
    problems = [problem for problem in check(project) if not problem.warning]
    assert [(problem.path.rsplit("/", 1)[-1], problem.line) for problem in problems] == [(f"{VIENTIANE}.vi.md", line)]
    assert message in problems[0].message


def test_a_translation_may_repeat_a_fact_exactly_and_give_a_leader_by_alias(tmp_path: Path):
    translation = TRANSLATION.replace("place: Viêng Chăn, Lào", "place: Viêng Chăn, Lào\nsource: VNA/VNS\nfull_text: true")
    assert [problem for problem in check(two_language_project(tmp_path, translation=translation))
            if not problem.warning] == []


def test_a_translation_without_its_original_or_in_an_unlisted_language(tmp_path: Path):
    project = two_language_project(tmp_path)
    (project.content_dir / "events" / "2024-01-01-nothing-here.vi.md").write_text(TRANSLATION, encoding="utf-8")
    (project.content_dir / "events" / f"{KAZAN}.fr.md").write_text(TRANSLATION, encoding="utf-8")
    problems = check(project)
    assert any(p.message == "a translation of 2024-01-01-nothing-here.md, which is not there" and not p.warning
               for p in problems)
    assert any("a translation into 'fr'" in p.message and p.warning for p in problems)


def test_a_translation_with_an_empty_body_shows_the_original_text(tmp_path: Path):
    project = two_language_project(tmp_path, translation=TRANSLATION.rsplit("---", 1)[0] + "---\n")
    build(project, tmp_path / "site", cache_dir=None)
    html = page(tmp_path / "site", f"vi/events/{VIENTIANE}/index.html")
    assert html.h1.text.startswith("Tổng Bí thư") and not html.h1.get("lang")
    assert html.select_one(".article-body")["lang"] == "en"
    assert "General Secretary" in html.select_one(".article-body").text
    assert html.select_one(".untranslated") is not None


def test_a_leader_translation_gives_the_profile_and_the_name(tmp_path: Path):
    project = two_language_project(tmp_path)
    (project.content_dir / "leaders" / "to-lam.vi.md").write_text(
        "---\nname: Tô Lâm\n---\n\nTổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam.\n", encoding="utf-8")
    (project.content_dir / "leaders" / "luong-cuong.vi.md").write_text("---\ncountry: Lào\n---\n", encoding="utf-8")
    problems = [problem for problem in check(project) if not problem.warning]
    assert [(problem.path.rsplit("/", 1)[-1], problem.line) for problem in problems] == [("luong-cuong.vi.md", 2)]
    (project.content_dir / "leaders" / "luong-cuong.vi.md").unlink()
    build(project, tmp_path / "site", cache_dir=None)
    html = page(tmp_path / "site", "vi/leaders/to-lam/index.html")
    assert "Tổng Bí thư Ban Chấp hành" in html.select_one(".profile").text


def test_a_translation_may_have_an_empty_front_matter_and_an_original_may_not(tmp_path: Path):
    # A leader's profile translated under the original's name has no field to give: `---` then `---`.
    project = two_language_project(tmp_path)
    leaders = project.content_dir / "leaders"
    (leaders / "to-lam.vi.md").write_text("---\n---\n\nTổng Bí thư Ban Chấp hành Trung ương.\n", encoding="utf-8")
    (project.content_dir / "events" / f"{KAZAN}.vi.md").write_text("---\n---\n\nVăn bản.\n", encoding="utf-8")
    problems = [problem for problem in check(project) if not problem.warning]
    # An event translation still needs its title and summary: said at the file's opening `---`.
    assert {(problem.path.rsplit("/", 1)[-1], problem.line) for problem in problems} == {(f"{KAZAN}.vi.md", 1)}
    assert any("title" in problem.message for problem in problems)
    (project.content_dir / "events" / f"{KAZAN}.vi.md").unlink()
    build(project, tmp_path / "site", cache_dir=None)
    html = page(tmp_path / "site", "vi/leaders/to-lam/index.html")
    assert "Tổng Bí thư Ban Chấp hành" in html.select_one(".profile").text and html.h1.text.strip() == "Tô Lâm"
    original = leaders / "to-lam.md"
    original.write_text("---\n---\n\nGeneral Secretary.\n", encoding="utf-8")
    problems = [(problem.path.rsplit("/", 1)[-1], problem.line, problem.message) for problem in check(project)]
    assert ("to-lam.md", 1, "no fields: write `field: value` lines") in problems


# Incremental builds: every edit of a translation, a catalog or the languages gives a clean build's bytes


EDITS = {
    "translation": lambda root: _replace(root / "content" / "events" / f"{VIENTIANE}.vi.md", "hội kiến", "gặp"),
    "translation removed": lambda root: (root / "content" / "events" / f"{VIENTIANE}.vi.md").unlink(),
    "translation added": lambda root: (root / "content" / "events" / f"{KAZAN}.vi.md").write_text(
        TRANSLATION.replace("2025-12-01", "2024-10-24").split("leaders:")[0]
        + "summary: Thủ tướng Phạm Minh Chính gặp Thongloun Sisoulith tại Kazan.\n---\n", encoding="utf-8"),
    "catalog": lambda root: _replace(catalog_path(root / "translations", "vi"), 'msgstr "Ai gặp ai"',
                                     'msgstr "Ai đã gặp ai"'),
    "date pattern": lambda root: _replace(catalog_path(root / "translations", "vi"), "msgstr \"'ngày' d 'tháng' M 'năm' y\"",
                                          "msgstr \"d/M/y\""),
    "languages": lambda root: _replace(root / "content" / "site.yml", "title: Quan hệ Việt Nam – Lào", "title: Việt – Lào"),
    "one language": lambda root: _replace(root / "content" / "site.yml", "  - code: vi\n", "  - code: fr\n"),
    "country name": lambda root: _replace(root / "content" / "site.yml", "vi: Lào}\n    adjective", "vi: Nước Lào}\n    adjective"),
}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("edit", EDITS)
def test_a_cached_build_after_an_edit_equals_a_clean_build(tmp_path: Path, edit: str):
    project = two_language_project(tmp_path)
    translations = tmp_path / "translations"
    shutil.copytree(PROJECT_ROOT / "translations", translations)
    project = project._replace(translations_dir=translations)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(project, out, cache_dir=cache)
    before = tree(out)
    EDITS[edit](tmp_path)
    build(project, out, cache_dir=cache)
    build(project, tmp_path / "clean", cache_dir=None)
    assert tree(out) == tree(tmp_path / "clean")
    assert tree(out) != before


# A third language, with no code change


LAO_CATALOG = r'''
msgid ""
msgstr ""
"Language: lo\n"
"Content-Type: text/plain; charset=utf-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

msgid "Timeline"
msgstr "ລຳດັບເຫດການ"

msgid "Leaders"
msgstr "ຜູ້ນຳ"

msgctxt "date pattern"
msgid "d MMMM y"
msgstr "'ວັນທີ' d MMMM y"
'''
LAO_EVENT = """\
---
title: ທ່ານ ທອງລຸນ ສີສຸລິດ ພົບປະກັບ ທ່ານ ຟ້າມ ມິງ ຈິ້ງ ທີ່ ກາຊານ
summary: ທ່ານ ທອງລຸນ ສີສຸລິດ ພົບປະກັບນາຍົກລັດຖະມົນຕີ Phạm Minh Chính ທີ່ກາຊານ.
---
"""


def test_a_third_language_with_its_catalog_in_the_test_and_what_search_does_with_lao(tmp_path: Path):
    project = two_language_project(tmp_path, extra="  - code: lo\n    title: ສາຍພົວພັນ ຫວຽດນາມ – ລາວ\n")
    (project.content_dir / "events" / f"{KAZAN}.lo.md").write_text(LAO_EVENT, encoding="utf-8")
    translations = tmp_path / "translations"
    shutil.copytree(PROJECT_ROOT / "translations", translations)
    path = catalog_path(translations, "lo")
    path.parent.mkdir(parents=True)
    path.write_text(LAO_CATALOG, encoding="utf-8")
    build(project._replace(translations_dir=translations), tmp_path / "site", cache_dir=None)
    site = tmp_path / "site"
    html = page(site, f"lo/events/{KAZAN}/index.html")
    assert html.html["lang"] == "lo"
    assert [link.text for link in html.select(".site-nav a")][:2] == ["ລຳດັບເຫດການ", "ຜູ້ນຳ"]  # from the catalog
    assert html.select(".site-nav a")[2].text == "Who met whom"  # not in it: the msgid
    assert html.select_one(".entry-date time").text == "ວັນທີ 24 ຕຸລາ 2024"  # CLDR's Lao month name
    assert [link["hreflang"] for link in html.select("nav.languages a")] == ["en", "vi", "lo"]
    # Search folds text to Latin letters and digits, as the timeline's script folds a query: Lao letters are
    # not kept, so a Lao word finds nothing; the Latin names and the original's English words still find it.
    index = json.loads((site / "lo" / "search-index.json").read_text(encoding="utf-8"))
    words = set(index[KAZAN]["w"].split())
    assert {"pham", "minh", "chinh", "kazan"} <= words
    assert not any("\u0e80" <= character <= "\u0eff" for word in words for character in word)


# The scripts' words


def test_the_scripts_messages_are_those_the_pages_hand_them():
    """Language.SCRIPT_MESSAGES lists, per script, exactly the messages its gettext/ngettext calls have: a
    message missing from it would be shown in English on every edition."""
    from babel.messages.extract import extract_from_file

    from generator.i18n import SCRIPT_MESSAGES

    for script, listed in SCRIPT_MESSAGES.items():
        called = {message for _, message, _, _ in extract_from_file("javascript", PROJECT_ROOT / "static" / "js" / f"{script}.js")}
        assert called == set(listed), script


PLURAL_CATALOG = '''
msgid ""
msgstr ""
"Language: {code}\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: {rule}\\n"

msgid "%(num)s year ago"
msgid_plural "%(num)s years ago"
msgstr[0] "%(num)s god"
msgstr[1] "%(num)s goda"
msgstr[2] "%(num)s let"
'''
RUSSIAN = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
BRETON_LIKE = "nplurals=3; plural=(n==1 ? 0 : n%1000000==0 ? 1 : 2);"


def test_the_scripts_plural_rule_is_the_catalogs_for_every_count(tmp_path: Path):
    from generator.i18n import load_language

    path = catalog_path(tmp_path, "ru")
    path.parent.mkdir(parents=True)
    path.write_text(PLURAL_CATALOG.format(code="ru", rule=RUSSIAN), encoding="utf-8")
    russian = load_language(tmp_path, "ru")
    handed = russian.script_messages("on-this-day")
    forms, table = handed["messages"]["%(num)s year ago"], handed["plural"]
    assert forms == ["%(num)s god", "%(num)s goda", "%(num)s let"]
    # What the scripts' ngettext picks (a count past the table takes that of 100 + its last two digits) is
    # what the templates' ngettext gives.
    for count in [*range(0, 3000), 1_000_001]:
        index = int(table[count if count < len(table) else 100 + count % 100])
        assert forms[index] == russian.ngettext("%(num)s year ago", "%(num)s years ago", count), count
    assert handed["days"][9] == "%(day)s октября"  # CLDR's, in the default pattern 'd MMMM'
    # A rule that reads more than the last two digits cannot be handed to the scripts: said at the catalog.
    path.write_text(PLURAL_CATALOG.format(code="ru", rule=BRETON_LIKE), encoding="utf-8")
    with pytest.raises(ContentErrors) as failure:
        load_language(tmp_path, "ru")
    assert failure.value.errors[0].path.endswith("ru/LC_MESSAGES/messages.po")
    assert "Plural-Forms" in failure.value.errors[0].message


def test_a_catalog_is_compiled_once_per_process_and_again_when_its_bytes_change(tmp_path: Path):
    from generator.i18n import load_language

    first, second = tmp_path / "first", tmp_path / "second"
    for translations in (first, second):
        path = catalog_path(translations, "ru")
        path.parent.mkdir(parents=True)
        path.write_text(PLURAL_CATALOG.format(code="ru", rule=RUSSIAN), encoding="utf-8")
    russian = load_language(first, "ru")
    handed = russian.script_messages("on-this-day")
    # Another build, or another site with the same catalog, finds the language and what it worked out.
    assert load_language(second, "ru") is russian and russian.script_messages("on-this-day") is handed
    assert load_language(tmp_path / "none", "ru") is load_language(tmp_path / "none either", "ru")
    # An edited catalog is compiled again, and its messages are the edited ones.
    path = catalog_path(second, "ru")
    path.write_text(path.read_text(encoding="utf-8").replace('"%(num)s let"', '"%(num)s let!"'), encoding="utf-8")
    edited = load_language(second, "ru")
    assert edited is not russian and edited.digest != russian.digest
    assert edited.script_messages("on-this-day")["messages"]["%(num)s year ago"][2] == "%(num)s let!"
    assert load_language(first, "ru") is russian


def test_each_editions_scripts_speak_its_language_in_chromium(two_languages: Path, browser):
    import datetime as dt

    from browser import free_port
    from playwright.sync_api import expect
    from test_readers import serving

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    title = {"en": "Party General Secretary Tô Lâm meets Lao NA Chairman Saysomphone Phomvihane in Vientiane",
             "vi": TRANSLATION.split("\n")[1].removeprefix("title: ")}
    said = {
        "en": {"status": "Showing 1 of 2 events with Tô Lâm: 1 took part",
               "unknown": "Showing 0 of 2 events; no leader \u201cnobody\u201d on this timeline",
               "option": "nobody (not on this timeline)",
               "summary": "On this day, 1 December: 1 event", "when": "(2025, 1 year ago)",
               "all": "Every event on 1 December",
               "note": "No events on 3 November; the next day with events is 1 December.",
               "ago": ["1 year ago"]},
        "vi": {"status": "Hiển thị 1 trong số 2 sự kiện có Tô Lâm: tham dự 1",
               "unknown": "Hiển thị 0 trong số 2 sự kiện; không có lãnh đạo \u201cnobody\u201d trên dòng thời gian này",
               "option": "nobody (không có trên dòng thời gian này)",
               "summary": "Ngày này năm xưa, ngày 1 tháng 12: 1 sự kiện", "when": "(2025, 1 năm trước)",
               "all": "Mọi sự kiện vào ngày 1 tháng 12",
               "note": "Không có sự kiện nào vào ngày 3 tháng 11; ngày gần nhất có sự kiện là ngày 1 tháng 12.",
               "ago": ["1 năm trước"]},
    }
    with serving(two_languages, port):
        for code, words in said.items():
            prefix = "" if code == "en" else "vi/"
            context = browser.new_context(timezone_id="UTC")
            page = context.new_page()
            page.clock.install(time=dt.datetime(2026, 12, 1, 8, 0))
            page.goto(base + prefix + "?leader=to-lam")
            expect(page.locator("#filter-status")).to_have_text(words["status"])
            page.goto(base + prefix + "?leader=nobody")
            expect(page.locator("#filter-status")).to_have_text(words["unknown"])
            assert page.locator("#leader option[data-unknown]").text_content() == words["option"]
            page.goto(base + prefix)
            strip = page.locator("#on-this-day-strip")
            expect(strip.locator("summary")).to_have_text(words["summary"])
            strip.locator("summary").click()
            expect(strip.locator("li")).to_have_text(f"{title[code]} {words['when']}")
            expect(strip.locator("details > a")).to_have_text(words["all"])
            context.close()
            context = browser.new_context(timezone_id="UTC")
            page = context.new_page()
            page.clock.install(time=dt.datetime(2026, 11, 3, 9, 0))
            page.goto(base + prefix + "on-this-day/")
            page.wait_for_url(base + prefix + "on-this-day/12/index.html#d12-01")
            expect(page.locator("#today-note")).to_have_text(words["note"])
            assert page.eval_on_selector_all(".day-events .ago", "nodes => nodes.map(n => n.textContent)") == words["ago"]
            context.close()
