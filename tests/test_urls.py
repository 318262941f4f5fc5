"""`generator.urls.Links`: links relative to the page they are written on, and absolute addresses where needed."""

from __future__ import annotations

import pytest

from generator.urls import Links, is_placeholder

BASE = "https://example.org/vn-lao/"
LINKS = Links(BASE, {"css/site.css": "abc123"})


@pytest.mark.parametrize("page, target, link", [
    ("", "", "index.html"),
    ("", "events/x/", "events/x/index.html"),
    ("events/x/", "", "../../index.html"),
    ("events/x/", "events/y/", "../../events/y/index.html"),
    ("events/x/", "events/x/citation.json", "../../events/x/citation.json"),
    ("leaders/", "feed.xml", "../feed.xml"),
    ("vi/events/x/", "events/y/", "../../../events/y/index.html"),  # a page of another language's tree
    ("vi/", "vi/leaders/", "../vi/leaders/index.html"),
    ("404.html", "leaders/", "leaders/index.html"),  # a file at the root, as opened from disk
])
def test_a_link_is_relative_to_its_page_and_names_a_directorys_index(page: str, target: str, link: str):
    assert LINKS.at(page).url(target) == link


def test_assets_carry_their_version_and_folders_are_what_scripts_add_file_names_to():
    page = LINKS.at("years/2019/")
    assert page.asset("css/site.css") == "../../css/site.css?v=abc123"
    assert page.asset("favicon.svg") == "../../favicon.svg"  # no version known
    assert (page.directory(), page.directory("search/"), LINKS.directory(), LINKS.directory("days/")) == (
        "../../", "../../search/", "./", "days/")
    vietnamese = Links(BASE, {}, "vi/")
    assert (vietnamese.at("vi/").directory(), vietnamese.at("vi/events/x/").directory("search/")) == (
        "../vi/", "../../../vi/search/")


def test_absolute_addresses_stay_under_the_base_url_whatever_the_page():
    assert LINKS.at("events/x/").absolute("events/x/") == BASE + "events/x/"


def test_a_page_shown_at_any_address_links_by_the_base_urls_path():
    anywhere = LINKS.at("404.html", anywhere=True)
    assert (anywhere.url(), anywhere.url("leaders/"), anywhere.asset("css/site.css")) == (
        "/vn-lao/", "/vn-lao/leaders/", "/vn-lao/css/site.css?v=abc123")


@pytest.mark.parametrize("url, placeholder", [
    ("https://example.org/", True), ("https://example.com/x/", True), ("http://www.example.net/", True),
    ("https://example.org./", True), ("https://vn-lao.github.io/", False), ("https://notexample.org/", False),
    ("https://example.org.vn/", False),
])
def test_documentation_addresses_are_placeholders(url: str, placeholder: bool):
    assert is_placeholder(url) is placeholder


def test_an_editions_links_go_to_its_own_pages_and_to_the_shared_files_at_the_root():
    vietnamese = Links(BASE, {"css/site.css": "abc123"}, "vi/").at("vi/events/x/index.html")
    assert vietnamese.url("events/y/") == "../../../vi/events/y/index.html"
    assert vietnamese.url() == "../../../vi/index.html"
    assert vietnamese.url("events.csv") == "../../../events.csv"  # one for every edition
    assert vietnamese.root("citations.bib") == "../../../citations.bib"
    assert vietnamese.asset("css/site.css") == "../../../css/site.css?v=abc123"
    assert vietnamese.absolute("events/x/") == BASE + "vi/events/x/"
