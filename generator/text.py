"""Text helpers shared by every stage: Unicode normalisation, name keys and slugs."""

from __future__ import annotations

import functools
import re
import unicodedata


class computed_once:  # noqa: N801 - used like the decorator it replaces
    """`functools.cached_property` without its lock (Python 3.11 takes one on every first access).

    For values derived from immutable records: two threads racing compute the
    same value, so no lock is needed, and a large site asks for tens of thousands.
    """

    def __init__(self, function):
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 80


def nfc(text: str) -> str:
    """Compose decomposed diacritics, so `Lâm` typed either way is one string."""
    return unicodedata.normalize("NFC", text)


def name_key(text: str) -> str:
    """The key under which names, aliases and slugs are compared."""
    return " ".join(nfc(text).casefold().split())


_PLAIN_WORDS = re.compile(r"[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*")


@functools.lru_cache(maxsize=65536)
def slugify(text: str, fallback: str = "untitled") -> str:
    """An ASCII, URL-safe, readable slug: `Tô Lâm` -> `to-lam`, `Đà Nẵng` -> `da-nang`.

    Transliteration (not accent stripping) matters: `Đ` has no Unicode
    decomposition, so stripping accents would leave it in place.
    """
    if len(text) <= MAX_SLUG_LENGTH and _PLAIN_WORDS.fullmatch(text):
        # What python-slugify makes of plain ASCII words (most topics), without importing it: a rebuild that
        # renders only an edited event's pages need not import it.
        return text.lower().replace(" ", "-")
    from slugify import slugify as transliterating_slugify  # imported on first use: most builds need none

    slug = transliterating_slugify(
        nfc(text), max_length=MAX_SLUG_LENGTH, word_boundary=True, lowercase=True
    )
    return slug or fallback


_COMBINING = re.compile(r"[\u0300-\u036f]+")
# Maps bytes to themselves if they are a-z or 0-9, else to a space: word characters of folded text.
_WORD_BYTES = bytes(byte if chr(byte) in "abcdefghijklmnopqrstuvwxyz0123456789" else ord(" ") for byte in range(256))


def fold(text: str) -> str:
    """Lower-case ASCII words, for search and suggestions that ignore case and diacritics.

    Exactly what static/js/timeline.js does to a query: decompose, drop the
    combining marks, map đ to d (it has no decomposition), keep a-z and 0-9.
    """
    return " ".join(fold_words(text))


def fold_words(text: str) -> list[str]:
    """The words of `fold(text)`."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d").replace("Đ", "d")
    # Whatever is still not ASCII is not a word character: encoding turns it into "?", a separator.
    return text.lower().encode("ascii", "replace").translate(_WORD_BYTES).decode("ascii").split()


_FOLDED_LIMIT = 200_000  # words remembered; a real vocabulary is far smaller
_folded: dict[str, list[str]] = {}  # a whitespace-separated word -> its folded words


def fold_unique_words(text: str) -> list[str]:
    """Each word of `fold(text)` once, in order of first appearance.

    Folding never joins or splits across whitespace, so each distinct
    whitespace-separated word is folded once, and remembered: a site's
    events share most of their vocabulary.
    """
    if len(_folded) > _FOLDED_LIMIT:
        _folded.clear()
    words: list[str] = []
    for word in dict.fromkeys(text.split()):
        folded = _folded.get(word)
        if folded is None:
            folded = _folded[word] = fold_words(word)
        words += folded
    return list(dict.fromkeys(words))
