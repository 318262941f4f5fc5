"""Slugs and name keys."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.text import SLUG_PATTERN, fold, fold_unique_words, fold_words, name_key, slugify


@pytest.mark.parametrize("text, slug", [
    ("Tô Lâm", "to-lam"),
    ("Phạm Minh Chính", "pham-minh-chinh"),
    ("Lương Cường", "luong-cuong"),
    ("Đà Nẵng", "da-nang"),
    ("Saysomphone Phomvihane", "saysomphone-phomvihane"),
    ("Việt Nam – Laos: 50 years!", "viet-nam-laos-50-years"),
    ("", "untitled"),
    ("—", "untitled"),
])
def test_slugs_are_readable_ascii(text: str, slug: str):
    assert slugify(text) == slug


def test_decomposed_and_composed_names_are_the_same_leader():
    decomposed = unicodedata.normalize("NFD", "Tô Lâm")
    assert decomposed != "Tô Lâm"
    assert name_key(decomposed) == name_key("tô  LÂM") == name_key("Tô Lâm")
    assert slugify(decomposed) == "to-lam"


@given(st.text(alphabet="aZ09 -_.'&;#x", max_size=90))
def test_plain_words_are_slugged_as_python_slugify_does(text: str):
    from slugify import slugify as library

    assert slugify(text) == (library(text, max_length=80, word_boundary=True, lowercase=True) or "untitled")


@given(st.text())
def test_any_title_gives_a_non_empty_ascii_slug_that_stays_in_its_directory(title: str):
    slug = slugify(title)
    assert slug and slug.isascii() and len(slug) <= 80
    assert SLUG_PATTERN.fullmatch(slug)
    assert "/" not in slug and ".." not in slug


def test_fold_keeps_every_word_in_lower_case_ascii():
    text = "Tô Lâm met Saysomphone Phomvihane in Hà Nội; Đà Nẵng e-book. " * 20
    folded = fold(text)
    assert folded.startswith("to lam met saysomphone phomvihane in ha noi da nang e book to lam")
    assert folded.count("phomvihane") == 20


def folded_as_the_browser_does(text: str) -> str:
    # static/js/timeline.js, step by step: decompose, drop combining marks, đ -> d, lower-case, keep a-z0-9 runs.
    text = re.sub(r"[\u0300-\u036f]+", "", unicodedata.normalize("NFD", text)).replace("đ", "d").replace("Đ", "d").lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("ĐđÂâİıKẞß ̣-.\tຄົ")))
def test_fold_matches_the_browser_definition_on_any_text(text: str):
    assert fold(text) == folded_as_the_browser_does(text)


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("ĐđÂâİıKẞß ̣-.\tຄົ\u00a0\u2028"))
                | st.sampled_from(["Tô", "Lâm", "to", "LAM", "e-book", " ̣x"]), max_size=30))
def test_unique_folded_words_are_the_folded_words_once_each_in_order(pieces: list[str]):
    text = " ".join(pieces)
    assert fold_unique_words(text) == list(dict.fromkeys(fold_words(text)))
