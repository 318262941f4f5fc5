"""The real content builds into the site the issue describes, in English at the root and in Vietnamese under /vi/."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import REAL_CONTENT, SEEDS, site_soup, soup, tree
from conftest import address as address_of

from generator.pipeline import BuildOptions, Project, build

KAZAN = "2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan"
VIENTIANE = "2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane"
SEED_EVENTS = {  # each seed article's event, and how its page names the publishers the article credits
    "000_9bbb147ad7ec8272.txt": (KAZAN, "Reported by Vietnamese press: Việt Nam News (VNS)."),
    "002_c30a905ba4607ee5.txt": (VIENTIANE, "Reported by Vietnamese press: Vietnam News Agency (VNA), Việt Nam News (VNS)."),
}


def seed_paragraphs(name: str) -> list[str]:
    """The article's paragraphs, without the dateline header and the trailing credit."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2} [^—]+— ", "", text)
    text = re.sub(r"\s+— [A-Z/]+\s*$", "", text)
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def front_matter(path: Path) -> dict:
    """An event or leader file's front matter, read with PyYAML rather than the generator's own reader."""
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]) or {}


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2].strip()


def originals(folder: str) -> dict[str, dict]:
    """The originals' front matter by stem: `x.md`, not a translation `x.vi.md`."""
    return {path.stem: front_matter(path) for path in sorted((REAL_CONTENT / folder).glob("*.md")) if "." not in path.stem}


def vietnamese(folder: str) -> dict[str, dict]:
    """The Vietnamese translations' front matter by the original's stem."""
    return {path.name.removesuffix(".vi.md"): front_matter(path) for path in sorted((REAL_CONTENT / folder).glob("*.vi.md"))}


EVENTS, LEADERS = originals("events"), originals("leaders")
VI_EVENTS, VI_LEADERS = vietnamese("events"), vietnamese("leaders")
SLUG_OF = {written: slug for slug, leader in LEADERS.items() for written in [leader["name"], *leader["aliases"]]}


def slugs(event: dict, field: str) -> list[str]:
    return [SLUG_OF[ref["name"]] for ref in event.get(field) or []]


def test_the_real_content_keeps_the_seed_events_and_holds_the_chronology():
    assert {KAZAN, VIENTIANE} <= set(EVENTS)
    years = Counter(stem[:4] for stem in EVENTS)
    assert sorted(year for year in years if year >= "2016") == [str(year) for year in range(2016, 2027)]
    assert sum(count for year, count in years.items() if year >= "2016") >= 60
    assert sorted(LEADERS) == [
        "bounnhang-vorachith", "bounthong-chitmany", "hun-manet", "kikeo-khaykhamphithoune", "luong-cuong",
        "nguyen-phu-trong", "nguyen-thi-kim-ngan", "nguyen-xuan-phuc", "pany-yathotou", "pham-minh-chinh",
        "phankham-viphavanh", "saysomphone-phomvihane", "sonexay-siphandone", "thongloun-sisoulith", "to-lam",
        "tran-dai-quang", "tran-thanh-man", "vo-van-thuong", "vuong-dinh-hue",
    ]
    aliases = Counter(alias for leader in LEADERS.values() for alias in leader["aliases"])
    assert [alias for alias, count in aliases.items() if count > 1] == []  # no alias names two leaders


@pytest.mark.parametrize("seed", sorted(SEED_EVENTS))
def test_each_seed_articles_full_text_and_credit_are_on_its_page(real_site: Path, seed: str):
    stem, reported = SEED_EVENTS[seed]
    page = site_soup(real_site, f"events/{stem}/")
    rendered = [" ".join(p.get_text().split()) for p in page.select(".article-body p")]
    assert rendered == seed_paragraphs(seed)
    credit = (SEEDS / seed).read_text(encoding="utf-8").rsplit(" — ", 1)[1].strip()
    assert page.select_one(".source").get_text(" ", strip=True) == reported
    assert all(f"({key})" in reported for key in credit.split("/"))


# The timeline's order: by date as written (a month before its days), then by file name.
TIMELINE = sorted(EVENTS, key=lambda stem: (str(EVENTS[stem]["date"]), stem))


def test_the_timeline_lists_events_oldest_first_grouped_by_year(real_site: Path):
    page = site_soup(real_site, "")
    years = sorted({str(event["date"])[:4] for event in EVENTS.values()})
    assert [a.get_text() for a in page.select(".year-nav a")] == ["Latest event", *years]
    assert [s["id"] for s in page.select("section.year")] == [f"y{year}" for year in years]
    entries = page.select(".entry")
    assert [e.select_one(".entry-title a")["href"] for e in entries] == [f"/events/{stem}/" for stem in TIMELINE]
    assert [e.select_one("time")["datetime"] for e in entries] == [str(EVENTS[stem]["date"]) for stem in TIMELINE]
    seeds = {stem: entries[TIMELINE.index(stem)] for stem in (KAZAN, VIENTIANE)}
    assert [e.select_one(".place").get_text() for e in seeds.values()] == ["Kazan, Russia", "Vientiane, Laos"]
    assert [[a["href"] for a in e.select(".chips a")] for e in seeds.values()] == [
        ["/leaders/pham-minh-chinh/", "/leaders/thongloun-sisoulith/"],
        ["/leaders/to-lam/", "/leaders/saysomphone-phomvihane/"],
    ]
    assert seeds[KAZAN].select_one(".summary").get_text().startswith("Prime Minister Phạm Minh Chính met")
    assert page.select_one(".year-nav .latest a")["href"] == "#latest"
    assert entries[-1]["id"] == "latest"
    assert [e for e in entries if e.get("id") == "latest"] == [entries[-1]]


def test_an_event_page_shows_its_facts_roles_mentions_and_neighbours(real_site: Path):
    page = site_soup(real_site, f"events/{KAZAN}/")
    assert page.h1.get_text() == "Prime Minister Phạm Minh Chính meets Lao leader Thongloun Sisoulith in Kazan"
    assert page.select_one(".event-header time")["datetime"] == "2024-10-24"
    assert page.select_one(".event-header .place").get_text() == "Kazan, Russia"
    facts = page.select(".facts dd")
    assert [" ".join(li.get_text(" ", strip=True).split()) for li in facts[0].select("li")] == [
        "Phạm Minh Chính Prime Minister Việt Nam",
        "Thongloun Sisoulith Lao Party General Secretary and State President Laos",
    ]
    assert [a["href"] for a in facts[1].select("a")] == ["/leaders/luong-cuong/"]
    assert facts[1].select_one(".role").get_text() == "State President"
    for stem in (KAZAN, VIENTIANE):  # each seed's neighbours are the events just before and after it
        at = TIMELINE.index(stem)
        pager = site_soup(real_site, f"events/{stem}/")
        assert pager.select_one(".pager .previous")["href"] == f"/events/{TIMELINE[at - 1]}/"
        assert pager.select_one(".pager .next")["href"] == f"/events/{TIMELINE[at + 1]}/"
    assert site_soup(real_site, f"events/{TIMELINE[0]}/").select_one(".pager .previous") is None
    assert site_soup(real_site, f"events/{TIMELINE[-1]}/").select_one(".pager .next") is None


@pytest.mark.parametrize("edition", ["", "vi/"], ids=["en", "vi"])
@pytest.mark.parametrize("slug", sorted(LEADERS))
def test_each_leader_page_lists_exactly_that_leaders_events(real_site: Path, slug: str, edition: str):
    page = site_soup(real_site, f"{edition}leaders/{slug}/")
    took_part = [stem for stem in TIMELINE if slug in slugs(EVENTS[stem], "leaders")]
    mentioned = [stem for stem in TIMELINE if slug in slugs(EVENTS[stem], "mentions")]

    def listed(heading_id: str) -> list[str]:
        heading = page.find(id=heading_id)
        return [a["href"] for a in heading.find_parent("section").select(".event-list a")] if heading else []

    assert listed("took-part") == [f"/{edition}events/{stem}/" for stem in took_part]
    assert listed("mentioned") == [f"/{edition}events/{stem}/" for stem in mentioned]


def test_a_leader_page_shows_name_country_and_dated_roles(real_site: Path):
    page = site_soup(real_site, "leaders/luong-cuong/")
    assert page.h1.get_text() == "Lương Cường"
    assert page.select_one(".leader-header .country").get_text() == "Việt Nam"
    assert [" ".join(li.get_text(" ", strip=True).split()) for li in page.select(".roles li")] == [
        "Politburo member and Permanent member of the CPV Central Committee's Secretariat: 10 – 13 September 2024",
        "State President: 24 October 2024 to 26 – 27 January 2026",  # the last: a state visit of two days
        "President: 8 November 2024",
    ]
    third = site_soup(real_site, "leaders/hun-manet/")  # a third country's leader
    assert third.select_one(".leader-header .country").get_text() == "Cambodia"
    assert [" ".join(li.get_text(" ", strip=True).split()) for li in third.select(".roles li")] == [
        "Prime Minister: 17 December 2023",
    ]


@pytest.mark.parametrize(("edition", "words", "countries"), [
    ("", ("took part in", "mentioned in"), ["Việt Nam", "Laos", "Cambodia"]),
    ("vi/", ("tham dự", "được nhắc đến trong"), ["Việt Nam", "Lào", "Campuchia"]),
], ids=["en", "vi"])
def test_the_leaders_index_groups_by_country_with_event_counts(real_site: Path, edition: str, words, countries):
    page = site_soup(real_site, f"{edition}leaders/")
    groups = {
        section.h2.get_text(): [" ".join(li.get_text(" ", strip=True).split()) for li in section.select("li")]
        for section in page.select(".country-group")
    }
    took_part = Counter(slug for event in EVENTS.values() for slug in set(slugs(event, "leaders")))
    mentioned = Counter(slug for event in EVENTS.values() for slug in set(slugs(event, "mentions")))

    def line(slug: str) -> str:
        counts = [f"{words[0]} {took_part[slug]}"] * bool(took_part[slug])
        counts += [f"{words[1]} {mentioned[slug]}"] * bool(mentioned[slug])
        return f"{LEADERS[slug]['name']} {' · '.join(counts)}"

    assert list(groups) == countries  # the order of site.yml's countries, named in the edition's language
    assert groups == dict(zip(countries, [
        [line(slug) for slug in (
            "luong-cuong", "nguyen-phu-trong", "nguyen-thi-kim-ngan", "nguyen-xuan-phuc", "pham-minh-chinh",
            "tran-thanh-man", "tran-dai-quang", "to-lam", "vo-van-thuong", "vuong-dinh-hue")],
        [line(slug) for slug in (
            "bounnhang-vorachith", "bounthong-chitmany", "kikeo-khaykhamphithoune", "pany-yathotou",
            "phankham-viphavanh", "saysomphone-phomvihane", "sonexay-siphandone", "thongloun-sisoulith")],
        [line("hun-manet")],
    ], strict=True))


def test_static_files_and_the_404_page_are_written(real_site: Path):
    assert (real_site / "css" / "site.css").read_bytes() == (Project().static_dir / "css" / "site.css").read_bytes()
    assert soup(real_site / "404.html").h1.get_text() == "Page not found"
    assert soup(real_site / "vi" / "404.html").h1.get_text() == "Không tìm thấy trang"
    assert not (real_site / "vi" / "css").exists()  # one stylesheet and one script for both editions


def internal_references(html_file: Path) -> list[str]:
    page = soup(html_file)
    refs = [tag.get(attr) for tag in page.find_all(True) for attr in ("href", "src") if tag.get(attr)]
    return [ref for ref in refs if not urlsplit(ref).scheme]


def resolve(site: Path, page: Path, ref: str, base_path: str = "/") -> Path | None:
    """The file an in-site reference points to, or None when it points nowhere."""
    parts = urlsplit(ref)
    if not parts.path:  # a fragment on the same page
        return page
    if parts.path.startswith("/"):
        assert parts.path.startswith(base_path), f"{ref} escapes the base path {base_path}"
        target = site / parts.path[len(base_path):]
    else:
        target = page.parent / parts.path
    target = target / "index.html" if parts.path.endswith("/") else target
    return target if target.is_file() else None


def test_every_internal_link_and_asset_resolves(real_site: Path):
    checked = 0
    ids: dict[Path, set[str]] = {}  # of each page a link names with a fragment (many name the same few pages)
    for page in real_site.rglob("*.html"):
        for ref in internal_references(page):
            target = resolve(real_site, page, ref)
            assert target is not None, f"{page.relative_to(real_site)} links to missing {ref}"
            fragment = urlsplit(ref).fragment
            if fragment:
                if target not in ids:
                    ids[target] = {element["id"] for element in soup(target).find_all(id=True)}
                assert fragment in ids[target], f"{page}: no #{fragment} in {target}"
            checked += 1
    assert checked > 50


def test_a_sub_path_base_url_changes_the_absolute_addresses_and_only_the_404_pages_links(tmp_path: Path,
                                                                                         real_site: Path):
    out = tmp_path / "_site"
    build(Project(), out, BuildOptions(base_url="https://example.org/vn-lao/"))
    for page in out.rglob("*.html"):
        relative = page.relative_to(out)
        refs = internal_references(page)
        if relative.name == "404.html":  # a host shows it at any depth: it links by the base URL's path
            assert all(ref.startswith(("/vn-lao/", "#")) for ref in refs), refs
            assert all(resolve(out, page, ref, base_path="/vn-lao/") is not None for ref in refs), refs
        else:  # relative links, the same whatever the base URL
            assert refs == internal_references(real_site / relative), relative
    canonical = soup(out / "leaders" / "to-lam" / "index.html").find("link", rel="canonical")["href"]
    assert canonical == "https://example.org/vn-lao/leaders/to-lam/"


def test_the_same_content_builds_to_byte_identical_output(real_site: Path, tmp_path: Path):
    again = tmp_path / "again"
    build(Project(), again)
    assert tree(again) == tree(real_site)


def test_every_event_but_the_seeds_links_its_report_and_credits_a_registered_publisher():
    import yaml

    from generator.load import load_event

    registered = set(yaml.safe_load((REAL_CONTENT / "sources.yml").read_text(encoding="utf-8")))
    seeds = {"2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan",
             "2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane"}
    events = [path for path in sorted((REAL_CONTENT / "events").glob("*.md")) if "." not in path.stem]
    assert len(events) >= 62
    for path in events:
        problems: list = []
        event = load_event(path, problems)
        assert event is not None and not problems, (path, problems)
        assert set(event.credits) <= registered and event.credits, path
        assert all(report.source in registered and report.url for report in event.other_reports), path
        if path.stem not in seeds:
            assert event.source_url and event.source_url.startswith(("https://", "http://")), path
            assert not event.full_text, path


# The Vietnamese edition


def test_every_event_has_a_vietnamese_title_and_summary_and_every_profile_its_text():
    assert sorted(VI_EVENTS) == sorted(EVENTS)
    assert all(translation["title"].strip() and translation["summary"].strip() for translation in VI_EVENTS.values())
    with_profile = {slug for slug in LEADERS if body(REAL_CONTENT / "leaders" / f"{slug}.md")}
    assert sorted(VI_LEADERS) == sorted(with_profile)
    assert all(body(REAL_CONTENT / "leaders" / f"{slug}.vi.md") for slug in VI_LEADERS)


def test_the_vietnamese_timeline_lists_the_same_events_in_vietnamese(real_site: Path):
    page = site_soup(real_site, "vi/")
    assert page.html["lang"] == "vi"
    years = sorted({str(event["date"])[:4] for event in EVENTS.values()})
    assert [a.get_text() for a in page.select(".year-nav a")] == ["Sự kiện mới nhất", *years]
    entries = page.select(".entry")
    assert [e.select_one(".entry-title a")["href"] for e in entries] == [f"/vi/events/{stem}/" for stem in TIMELINE]
    assert [e.select_one(".entry-title a").get_text() for e in entries] == [VI_EVENTS[stem]["title"] for stem in TIMELINE]
    assert [e.select_one("time")["datetime"] for e in entries] == [str(EVENTS[stem]["date"]) for stem in TIMELINE]
    seeds = {stem: entries[TIMELINE.index(stem)] for stem in (KAZAN, VIENTIANE)}
    assert [e.select_one("time").get_text() for e in seeds.values()] == ["ngày 24 tháng 10 năm 2024",
                                                                         "ngày 1 tháng 12 năm 2025"]
    assert [e.select_one(".place").get_text() for e in seeds.values()] == ["Kazan, Nga", "Viêng Chăn, Lào"]
    assert [[a["href"] for a in e.select(".chips a")] for e in seeds.values()] == [
        ["/vi/leaders/pham-minh-chinh/", "/vi/leaders/thongloun-sisoulith/"],
        ["/vi/leaders/to-lam/", "/vi/leaders/saysomphone-phomvihane/"],
    ]
    assert [e.select_one(".summary").get_text() for e in seeds.values()] == [
        VI_EVENTS[KAZAN]["summary"], VI_EVENTS[VIENTIANE]["summary"]]


def test_a_vietnamese_event_page_gives_the_translated_roles_the_local_names_and_the_original_full_text(real_site: Path):
    page = site_soup(real_site, f"vi/events/{KAZAN}/")
    assert page.h1.get_text() == "Thủ tướng Phạm Minh Chính gặp lãnh đạo Lào Thongloun Sisoulith tại Kazan"
    facts = page.select(".facts dd")
    assert [" ".join(li.get_text(" ", strip=True).split()) for li in facts[0].select("li")] == [
        "Phạm Minh Chính Thủ tướng Việt Nam",
        "Thongloun Sisoulith Tổng Bí thư, Chủ tịch nước Lào Lào",
    ]
    assert [a["href"] for a in facts[1].select("a")] == ["/vi/leaders/luong-cuong/"]
    # The seed's full text is the English report: shown as it is, marked as English, with a note saying so.
    assert page.select_one(".article-body")["lang"] == "en"
    assert [" ".join(p.get_text().split()) for p in page.select(".article-body p")] == seed_paragraphs(
        "000_9bbb147ad7ec8272.txt")
    assert page.select_one(".untranslated").get_text(strip=True).startswith("Chưa có bản dịch tiếng Việt")
    # The publishers by the names the Vietnamese press gives them, where it gives them another.
    assert page.select_one(".source").get_text(" ", strip=True) == "Nguồn tin từ báo chí Việt Nam: Việt Nam News (VNS)."
    other = site_soup(real_site, f"vi/events/{VIENTIANE}/")
    assert other.select_one(".source").get_text(" ", strip=True) == (
        "Nguồn tin từ báo chí Việt Nam: Thông tấn xã Việt Nam (VNA), Việt Nam News (VNS).")
    at = TIMELINE.index(KAZAN)
    assert page.select_one(".pager .previous")["href"] == f"/vi/events/{TIMELINE[at - 1]}/"
    assert page.select_one(".pager .next")["href"] == f"/vi/events/{TIMELINE[at + 1]}/"
    translated = site_soup(real_site, f"vi/events/{TIMELINE[-1]}/")  # a translated text: no note
    assert translated.select_one(".untranslated") is None and not translated.select_one(".article-body").get("lang")


def test_a_vietnamese_leader_page_gives_the_profile_in_vietnamese_and_the_country_by_its_name(real_site: Path):
    page = site_soup(real_site, "vi/leaders/hun-manet/")
    assert page.html["lang"] == "vi" and page.h1.get_text() == "Hun Manet"
    assert page.select_one(".leader-header .country").get_text() == "Campuchia"
    profile = page.select_one(".profile")
    assert profile.get_text(" ", strip=True).startswith(body(REAL_CONTENT / "leaders" / "hun-manet.vi.md")[:40])
    assert not profile.get("lang")


def test_each_page_has_its_counterpart_in_the_other_edition(real_site: Path):
    """Every page of one edition is in the other too, and its hreflang alternates and switcher point at both."""
    base = "https://example.org/"
    pages = {path.relative_to(real_site).as_posix() for path in real_site.rglob("*.html")}
    english = {path for path in pages if not path.startswith("vi/")}
    assert {path.removeprefix("vi/") for path in pages - english} == english and len(english) > 100
    for path in sorted(english):
        address = path.removesuffix("index.html")
        for shown, code in ((path, "en"), (f"vi/{path}", "vi")):
            page = soup(real_site / shown)
            assert page.html["lang"] == code
            alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate")
                          if link.get("hreflang")}
            expected = {"en": base + address, "vi": f"{base}vi/{address}", "x-default": base + address}
            assert alternates == ({} if path == "404.html" else expected), shown  # no search engine lists a 404
            switcher = {a["hreflang"]: address_of(shown.removesuffix("index.html"), a["href"])
                        for a in page.select("a[hreflang]")}
            assert switcher == {"en": f"/{address}", "vi": f"/vi/{address}"}, shown
