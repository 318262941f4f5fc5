"""The site's languages: message catalogs (gettext `.po`, compiled in memory with Babel) and CLDR dates.

A `Language` is what one edition of the site speaks: its code, its catalog
(`translations/<code>/LC_MESSAGES/messages.po` beside `templates/`; none for a
language whose words are the msgids, English here) and the dates and day names
it writes. The catalog also holds the date patterns (CLDR patterns, under the
message context "date pattern") and the words of a qualified date ("c. %(date)s"),
so that a language's dates are its translators' to say and Babel's CLDR data
gives the month names. Without a catalog, dates are the English ones the site
has always written ("1 December 2025").

The msgids below (`pgettext` calls) are extracted by Babel from this file as
from the templates (`babel.cfg`).
"""

from __future__ import annotations

import calendar
import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from .errors import ContentError, ContentErrors
from .records import display_path

CATALOG_DOMAIN = "messages"
DATE_CONTEXT = "date pattern"


def catalog_path(translations_dir: Path, code: str) -> Path:
    """Where a language's catalog is: `translations/<code>/LC_MESSAGES/messages.po`."""
    return translations_dir / code / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


def _marked(context: str, message: str) -> str:
    """A message Babel extracts from this file (its keyword is `pgettext`), kept as its msgid."""
    return message


pgettext = _marked  # the name Babel's Python extractor looks for

# The date patterns (CLDR syntax: 'd MMMM y') and the qualified dates' words. English keeps the site's own
# forms: "1 December 2025", "December 2025", "c. 1977", "before 18 July 1977".
DAY_PATTERN = pgettext("date pattern", "d MMMM y")
MONTH_PATTERN = pgettext("date pattern", "MMMM y")
YEAR_PATTERN = pgettext("date pattern", "y")
DAY_OF_YEAR_PATTERN = pgettext("date pattern", "d MMMM")  # "24 October", on this day
RANGE_START_SAME_MONTH = pgettext("date pattern", "d")  # "10" of "10–13 September 2024"
RANGE_START_SAME_YEAR = pgettext("date pattern", "d MMMM")  # "30 September" of "30 September – 2 October 2024"
QUALIFIED = {
    "circa": pgettext("qualified date", "c. %(date)s"),
    "before": pgettext("qualified date", "before %(date)s"),
    "after": pgettext("qualified date", "after %(date)s"),
}


class LocalDate(NamedTuple):
    """A date or a range as a language writes it: what the `date` macro shows (`PartialDate`'s names)."""

    is_range: bool
    iso: str
    human: str
    start_text: str = ""
    separator: str = ""
    end_text: str = ""
    end_iso: str = ""


class Language:
    """One language of the site: its catalog's messages, its plural rule and its dates (see the module)."""

    def __init__(self, code: str, translations: Any = None, digest: str = ""):
        import gettext as gettext_module

        self.code = code
        self.translations = translations if translations is not None else gettext_module.NullTranslations()
        self.digest = digest  # of the catalog's bytes, "" without one: every page of the language depends on it
        self._locale: Any = None
        self._dates: dict[Any, Any] = {}

    @property
    def has_catalog(self) -> bool:
        return bool(self.digest)

    def __repr__(self) -> str:
        return f"Language({self.code!r} #{self.digest})"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self.translations.npgettext(context, singular, plural, count)

    @property
    def locale(self) -> Any:
        if self._locale is None:
            from babel import Locale

            self._locale = Locale.parse(self.code, sep="-")
        return self._locale

    def date(self, value: Any) -> Any:
        """A `PartialDate` or `DateRange` as this language writes it; without a catalog, the value itself
        (the site's English forms, byte for byte)."""
        if not self.has_catalog:
            return value
        found = self._dates.get(value)
        if found is None:
            found = self._dates[value] = self._local(value)
        return found

    def human(self, value: Any) -> str:
        """What the page shows for a date or range, as one string."""
        return self.date(value).human

    def day_of_year(self, month: int, day: int) -> str:
        """'24 October': a day of the calendar, whatever the year."""
        if not self.has_catalog:
            return f"{day} {calendar.month_name[month]}"
        import datetime as dt

        return self._format(dt.date(2000, month, day), self.pgettext(DATE_CONTEXT, DAY_OF_YEAR_PATTERN))

    def _format(self, day: Any, pattern: str) -> str:
        from babel.dates import format_date

        return format_date(day, pattern, locale=self.locale)

    def _digits(self, value: Any) -> str:
        import datetime as dt

        if value.month is None:
            return self._format(dt.date(value.year, 1, 1), self.pgettext(DATE_CONTEXT, YEAR_PATTERN))
        if value.day is None:
            return self._format(dt.date(value.year, value.month, 1), self.pgettext(DATE_CONTEXT, MONTH_PATTERN))
        return self._format(dt.date(value.year, value.month, value.day), self.pgettext(DATE_CONTEXT, DAY_PATTERN))

    def _single(self, value: Any) -> str:
        digits = self._digits(value)
        if value.qualifier is None:
            return digits
        return self.pgettext("qualified date", QUALIFIED[value.qualifier]) % {"date": digits}

    def _local(self, value: Any) -> LocalDate:
        if not value.is_range:
            return LocalDate(False, value.iso, self._single(value))
        start, end = value.start, value.end
        end_text = self._single(end)
        if start.year != end.year:
            start_text = self._single(start)
        else:
            import datetime as dt

            pattern = RANGE_START_SAME_YEAR if start.month != end.month else RANGE_START_SAME_MONTH
            start_text = self._format(dt.date(start.year, start.month, start.day), self.pgettext(DATE_CONTEXT, pattern))
        separator = "–" if start_text.isdigit() else " – "
        return LocalDate(True, value.iso, f"{start_text}{separator}{end_text}", start_text, separator, end_text,
                         value.end_iso)


def load_language(translations_dir: Path, code: str, known: Language | None = None) -> Language:
    """The language `code` with its catalog if the site has one (`known` if its catalog is the same bytes);
    ContentErrors naming the `.po` file and line if the catalog cannot be read."""
    path = catalog_path(translations_dir, code)
    if not path.is_file():
        return known if known is not None and not known.digest else Language(code)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if known is not None and known.digest == digest:
        return known
    return Language(code, compile_catalog(data, path, code), digest)


def compile_catalog(data: bytes, path: Path, code: str) -> Any:
    """A `.po` file's bytes as gettext translations, compiled in memory (no `.mo` file is kept)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po
    from babel.support import Translations

    try:
        catalog = read_po(io.BytesIO(data), locale=code.replace("-", "_"), abort_invalid=True)
    except (PoFileError, ValueError) as error:
        line = getattr(error, "lineno", None)
        raise ContentErrors([ContentError(display_path(path), line, f"cannot read the catalog: {error}")]) from None
    except Exception as error:  # noqa: BLE001 - Babel raises several kinds for a broken file or an unknown locale
        raise ContentErrors([ContentError(display_path(path), None, f"cannot read the catalog: {error}")]) from None
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=CATALOG_DOMAIN)


def template_callables(current: Callable[[], Language]) -> dict[str, Callable]:
    """gettext, ngettext and pgettext as Jinja's i18n extension installs them, asking `current()` for the
    language of the page being rendered."""
    return {
        "gettext": lambda message: current().gettext(message),
        "ngettext": lambda singular, plural, count: current().ngettext(singular, plural, count),
        "pgettext": lambda context, message: current().pgettext(context, message),
        "npgettext": lambda context, singular, plural, count: current().npgettext(context, singular, plural, count),
    }
