"""The site's languages: message catalogs (gettext `.po`, compiled in memory with Babel) and CLDR dates.

A `Language` is what one edition of the site speaks: its code, its catalog
(`translations/<code>/LC_MESSAGES/messages.po` beside `templates/`; none for a
language whose words are the msgids, English here) and the dates and day names
it writes. The catalog also holds the date patterns (CLDR patterns, under the
message context "date pattern") and the words of a qualified date ("c. %(date)s"),
so that a language's dates are its translators' to say and Babel's CLDR data
gives the month names. Without a catalog, dates are the English ones the site
has always written ("1 December 2025").

The msgids below (`pgettext`, `gettext` and `ngettext` calls) are extracted by Babel from this file as
from the templates (`babel.cfg`).
"""

from __future__ import annotations

import calendar
import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup

from .errors import ContentError, ContentErrors
from .recent import RecentlyUsed
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


def gettext(message: str) -> str:
    """A message Babel extracts from this file (keyword `gettext`), kept as its msgid."""
    return message


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """A plural message Babel extracts from this file (keyword `ngettext`), kept as its two msgids."""
    return singular, plural

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


# The messages each script shows (static/js), which its pages hand it translated (`Language.script_messages`):
# the same msgids as the scripts' own gettext/ngettext calls, which a test compares with these. Counts are
# `%(num)s`, as in the templates: the plural follows it.
SCRIPT_MESSAGES: dict[str, tuple[str | tuple[str, str], ...]] = {
    "timeline": (
        gettext("Searching…"),
        gettext("The search index could not be loaded."),
        ngettext("Showing %(shown)s of %(num)s event", "Showing %(shown)s of %(num)s events"),
        ngettext("Showing %(shown)s of %(num)s event with %(name)s", "Showing %(shown)s of %(num)s events with %(name)s"),
        gettext("%(status)s: %(parts)s"),
        ngettext("%(num)s took part", "%(num)s took part"),
        ngettext("%(num)s mentions them", "%(num)s mention them"),
        gettext("%(status)s; no %(field)s “%(value)s” on this timeline"),
        gettext("Mentions %(name)s"),
        gettext("Show more"),
        ngettext("Show %(count)s more (%(num)s not shown)", "Show %(count)s more (%(num)s not shown)"),
        gettext("%(value)s (not on this timeline)"),
    ),
    "on-this-day": (
        gettext("this year"),
        ngettext("%(num)s year ago", "%(num)s years ago"),
        gettext("Today is %(day)s."),
        gettext("No events on %(day)s; the next day with events is %(next)s."),
        gettext("See today's events."),
        gettext("See them."),
        ngettext("On this day, %(day)s: %(num)s event", "On this day, %(day)s: %(num)s events"),
        gettext("(%(year)s, %(ago)s)"),
        gettext("Every event on %(day)s"),
    ),
}
# The scripts pick a plural form from a table of the catalog's rule for 0 to 199, and for a larger number
# from its last two digits (as 100 to 199): right for every rule that reads n only through n itself below
# 100, n % 10 and n % 100, which `load_language` checks.
PLURAL_TABLE = 200


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
        self._script_messages: dict[tuple[str, ...], dict[str, Any]] = {}
        self.shown: dict[tuple[str, bool], Any] = {}  # each message without variables as templates show it

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

    def plural_index(self, count: int) -> int:
        """Which of the catalog's plural forms `count` takes (English's rule without a catalog)."""
        rule = getattr(self.translations, "plural", None)
        return int(rule(count)) if rule is not None else int(count != 1)

    def script_messages(self, *scripts: str) -> dict[str, Any]:
        """What the pages of `scripts` hand them, in a JSON blob: each of their messages translated (a plural
        as the catalog's forms, in its order; one the same as its msgid left out), the catalog's plural rule as the form of each count from 0 to
        PLURAL_TABLE - 1 (left out for a language of one form), and 'd MMMM' for each month with
        `%(day)s` for the day (or the month's every day, for a pattern that does not write the day as a
        plain number). Worked out once per language and set of scripts: a build asks for it page after page."""
        found = self._script_messages.get(scripts)
        if found is None:
            found = self._script_messages[scripts] = self._messages_of(scripts)
        return found

    def _messages_of(self, scripts: tuple[str, ...]) -> dict[str, Any]:
        table = [self.plural_index(count) for count in range(PLURAL_TABLE)]
        examples = {}  # the first count of each form
        for count, index in enumerate(table):
            examples.setdefault(index, count)
        english = table == [int(count != 1) for count in range(PLURAL_TABLE)]
        messages: dict[str, Any] = {}
        # A message the same as its msgid is left out (English's, mostly): the script shows the msgid.
        for script in scripts:
            for message in SCRIPT_MESSAGES[script]:
                if isinstance(message, str):
                    if self.gettext(message) != message:
                        messages[message] = self.gettext(message)
                    continue
                singular, plural = message
                forms = [self.ngettext(singular, plural, examples[index]) for index in range(max(examples) + 1)]
                if not (english and forms == [singular, plural]):
                    messages[singular] = forms
        found: dict[str, Any] = {"messages": messages}
        if len(examples) > 1 and any(isinstance(forms, list) for forms in messages.values()):
            found["plural"] = "".join(str(index) for index in table)
        if "on-this-day" in scripts:
            found["days"] = [self._month_days(month) for month in range(1, 13)]
        return found

    def _month_days(self, month: int) -> str | list[str]:
        """'d MMMM' of `month` with `%(day)s` for the day, or every day's label if the day is not written
        as its plain number."""
        shape = self.day_of_year(month, 28).replace("28", "%(day)s")
        days = calendar.monthrange(2000, month)[1]  # a leap year: 29 February is a day of the year
        labels = [self.day_of_year(month, day) for day in range(1, days + 1)]
        if shape.count("%(day)s") == 1 and all(label == shape.replace("%(day)s", str(day))
                                               for day, label in enumerate(labels, 1)):
            return shape
        return labels

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
    data = path.read_bytes() if path.is_file() else None
    digest = hashlib.sha256(data).hexdigest() if data is not None else ""
    if known is not None and known.digest == digest:
        return known
    language = LOADED.get((code, digest))
    if language is not None:
        return language
    if data is None:
        return LOADED.put((code, digest), Language(code))
    language = Language(code, compile_catalog(data, path, code), digest)
    if not follows_last_two_digits(language):
        raise ContentErrors([ContentError(display_path(path), None, "the catalog's Plural-Forms reads more than a "
                                          "count's last two digits: the scripts' plurals cannot follow it")])
    return LOADED.put((code, digest), language)


# The languages this process loaded lately, by code and catalog digest. A language is a function of these two,
# and every build of a process (the preview's after each save, the tests') would otherwise compile the same
# catalog, check its plural rule and work out its dates and script messages again.
LOADED: RecentlyUsed[tuple[str, str], Language] = RecentlyUsed(size=16)


def follows_last_two_digits(language: Language) -> bool:
    """Whether the plural form of every count of 100 or more is that of 100 + its last two digits (what the
    scripts assume, see PLURAL_TABLE), tried up to 10,000 and on a million."""
    return all(language.plural_index(count) == language.plural_index(100 + count % 100)
               for count in [*range(PLURAL_TABLE, 10_000), 1_000_000])


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


def install_gettext(environment: Any, current: Callable[[], Language]) -> None:
    """Install gettext, ngettext, pgettext, npgettext and `_` in `environment` as Jinja's i18n extension does with
    `newstyle=True` (the result escaped where the template autoescapes, then formatted with the variables, even
    none), asking `current()` for the language of the page being rendered. Each message without variables is
    made once per language: pages ask for the same few dozen thousands of times, and Jinja's own callables go
    through three calls of the template context for each."""
    from jinja2 import pass_context

    def made(context: Any, text: str, variables: dict) -> Any:
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    @pass_context
    def gettext(context: Any, message: str, **variables: Any) -> Any:
        if variables:
            return made(context, current().gettext(message), variables)
        language, key = current(), (message, context.eval_ctx.autoescape)
        found = language.shown.get(key)
        if found is None:
            found = language.shown[key] = made(context, language.gettext(message), {})
        return found

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, num: int, **variables: Any) -> Any:
        variables.setdefault("num", num)
        return made(context, current().ngettext(singular, plural, num), variables)

    @pass_context
    def pgettext(context: Any, message_context: str, message: str, **variables: Any) -> Any:
        variables.setdefault("context", message_context)
        return made(context, current().pgettext(message_context, message), variables)

    @pass_context
    def npgettext(context: Any, message_context: str, singular: str, plural: str, num: int, **variables: Any) -> Any:
        variables.setdefault("context", message_context)
        variables.setdefault("num", num)
        return made(context, current().npgettext(message_context, singular, plural, num), variables)

    environment.newstyle_gettext = True
    environment.globals.update(gettext=gettext, _=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)
