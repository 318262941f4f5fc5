"""The site in each of its languages: an edition's records, made from the default language's and the translations.

`site.yml`'s `languages` lists the site's languages, the default one first.
An edition in another language is an indexed `Site` like the default one,
whose records are the originals with what the translations give in place:
an event's title, summary, place, roles, topics and text
(`content/events/<stem>.<code>.md`), a leader's name and profile, the
countries' names and adjectives, the publishers' names and the site's title
and description. What a translation does not give falls back to the
original, marked with the original's language (`text_language`,
`body_language`) so that pages can say so. Each localized record is an
ordinary record: its digest covers the original's and the translation's, so
pages and data files that show it depend on both.

A translation repeats no fact, or repeats it exactly: a different date,
source, leader or number of topics is an error at its line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .errors import ContentError
from .markup import EventHTML
from .records import (Content, CountrySetting, Event, EventTranslation, Leader, LeaderRef, LeaderTranslation, Publishers,
                      SiteConfig, fact_value, markdown_digest, value_digest)
from .site import LeaderDirectory, Participation, Site


def language_codes(config: SiteConfig) -> tuple[str, ...]:
    """The site's languages, the default one first."""
    return tuple(language.code for language in config.languages) or (config.language,)


def _in(pairs: tuple[tuple[str, str], ...], code: str) -> str | None:
    return next((text for language, text in pairs if language == code), None)


def with_default_names(content: Content) -> Content:
    """`content` with each publisher's name in the default language where `sources.yml` gives names per
    language (the registry is read without knowing the default language)."""
    config, publishers = content.config, content.publishers
    if config is None or publishers is None or not any(publisher.names for publisher in publishers.by_key.values()):
        return content
    problems = list(content.problems)
    by_key = {}
    for key, publisher in publishers.by_key.items():
        name = _in(publisher.names, config.language) if publisher.names else publisher.name
        if name is None:
            problems.append(ContentError(publishers.path, publisher.line, f"publisher {key}: `name` needs the default "
                                         f"language's ({config.language}): the other languages fall back to it"))
            name = publisher.name
        by_key[key] = publisher._replace(name=name)
    return content._replace(publishers=publishers._replace(by_key=by_key), problems=tuple(problems))


def edition_config(config: SiteConfig, code: str) -> SiteConfig:
    """The site settings as an edition in `code` shows them: title, description, countries in that language."""
    setting = next(language for language in config.languages if language.code == code)
    countries = tuple(country._replace(name=_in(country.names, code) or country.name,
                                       adjective=_in(country.adjectives, code) or country.adjective)
                      for country in config.countries)
    return config._replace(title=setting.title or config.title, description=setting.description or config.description,
                           language=code, countries=countries)


class Localized:
    """The records of one edition (see the module), and the problems its translations have."""

    def __init__(self, site: Site, content: Content, code: str, gettext: Callable[[str], str], catalog: str = ""):
        self.code, self.default = code, site.config.language
        self.problems: list[ContentError] = []
        self.config = edition_config(site.config, code)
        country_names = {original.name: local.name for original, local in zip(site.config.countries,
                                                                               self.config.countries, strict=True)}
        leader_translations = {t.stem: t for t in content.leader_translations if t.language == code}
        event_translations = {t.stem: t for t in content.event_translations if t.language == code}
        self.leaders = {leader.slug: self._leader(leader, leader_translations.get(Path(leader.path).stem), country_names)
                        for leader in site.directory.leaders}
        publishers = site.publishers
        self.publishers = Publishers(publishers.path, {
            key: publisher._replace(name=_in(publisher.names, code) or publisher.name,
                                    country=country_names.get(publisher.country, publisher.country))
            for key, publisher in publishers.by_key.items()}, value_digest(publishers.digest, repr(self.config)))
        # What every piece of an edition's data files shows besides its event: the names of its leaders,
        # countries and publishers in this language, and its catalog's words and dates.
        labels = value_digest(repr(self.config), tuple(leader.digest for leader in self.leaders.values()),
                              self.publishers.digest, catalog)
        originals = {Path(event.path).stem: event for event in content.events}
        for stem, translation in event_translations.items():
            if stem not in originals:
                self.problems.append(ContentError(translation.path, translation.line,
                                                  f"a translation of {stem}.md, which is not there"))
        events, parts, by_event, keys = [], [], {}, {}
        for event in site.events:
            translation = event_translations.get(Path(event.path).stem)
            shown = site.participants(event) + site.mentioned(event)
            local, roles = self._event(event, translation, shown, site.directory)
            events.append(local)
            by_event[local.slug] = [Participation(local, self.leaders[part.leader.slug], role, part.took_part)
                                    for part, role in zip(shown, roles, strict=True)]
            parts += by_event[local.slug]
            keys[local.slug] = local.digest + site.listing_keys((event,))[0] + labels
        directory = LeaderDirectory(tuple(self.leaders.values()))
        self.site = Site(self.config, tuple(events), directory, parts, by_event, keys, self.publishers)
        self.site.gettext = gettext
        self.originals = {event.slug: event for event in site.events}

    def _leader(self, leader: Leader, translation: LeaderTranslation | None, countries: Mapping[str, str]) -> Leader:
        country = countries.get(leader.country, leader.country)
        translated_body = translation is not None and bool(translation.body.strip())
        name = (translation.name if translation is not None else None) or leader.name
        return leader._replace(
            name=name, country=country,
            aliases=leader.aliases if name == leader.name else (*leader.aliases, leader.name),
            body=translation.body if translated_body else leader.body,
            text_language=None if translated_body or not leader.body.strip() else self.default,
            digest=value_digest(leader.digest, translation.digest if translation else "", self.code, country, name))

    def _event(self, event: Event, translation: EventTranslation | None, shown: list[Participation],
               directory: LeaderDirectory) -> tuple[Event, list[str | None]]:
        roles = [part.role for part in shown]
        if translation is None:
            return event._replace(digest=value_digest(event.digest, self.code), text_language=self.default), roles
        self._check_facts(event, translation)
        taking_part = [part for part in shown if part.took_part]
        mentioned = [part for part in shown if not part.took_part]
        lines = dict(translation.field_lines)
        new_roles = (self._roles("leaders", translation.leaders, taking_part, translation, lines, directory)
                     + self._roles("mentions", translation.mentions, mentioned, translation, lines, directory))
        topics = event.topics
        if translation.topics is not None:
            if len(translation.topics) != len(event.topics):
                self._error(translation, lines.get("topics"), f"`topics` has {len(translation.topics)} labels and the "
                            f"original {len(event.topics)}: give each of the original's, in its order "
                            f"({', '.join(event.topics) or 'none'})")
            else:
                topics = translation.topics
        body = translation.body
        return event._replace(
            path=translation.path,
            title=translation.title, summary=translation.summary, place=translation.place or event.place,
            leaders=tuple(ref._replace(role=role) for ref, role in zip(event.leaders, new_roles[:len(taking_part)])),
            mentions=tuple(ref._replace(role=role) for ref, role in zip(event.mentions, new_roles[len(taking_part):])),
            topics=topics, body=body,
            digest=value_digest(event.digest, translation.digest, self.code),
            # Untranslated, the text is the original's: its digest says so (see `edition_html`).
            markdown_digest=(markdown_digest(body, translation.summary) if body
                             else value_digest(event.markdown_digest, translation.summary)),
            text_language=None, body_language=None if body else self.default,
        ), new_roles

    def _roles(self, field: str, refs: tuple[LeaderRef, ...] | None, parts: list[Participation],
               translation: EventTranslation, lines: Mapping[str, int | None],
               directory: LeaderDirectory) -> list[str | None]:
        """The roles the translation gives, each in the original's place; the original's where it gives none."""
        roles = [part.role for part in parts]
        if refs is None:
            return roles
        if len(refs) != len(parts):
            self._error(translation, lines.get(field), f"`{field}` lists {len(refs)} people and the original "
                        f"{len(parts)}: list the original's, in its order ({', '.join(p.leader.name for p in parts)})")
            return roles
        for index, (ref, part) in enumerate(zip(refs, parts, strict=True)):
            found = directory.find(ref.name)
            local = self.leaders[part.leader.slug]
            if found is not part.leader and ref.name != local.name:
                self._error(translation, ref.line, f"`{field}` names {ref.name!r} where the original has "
                            f"{part.leader.name}: the same people, in the same order")
                continue
            if ref.role:
                roles[index] = ref.role
        return roles

    def _check_facts(self, event: Event, translation: EventTranslation) -> None:
        for fact in translation.facts:
            original = fact_value(event, fact.key)
            if fact.value != original:
                shown = original if original else "not given"
                self._error(translation, fact.line, f"facts stay in the original: {fact.key} is {shown} there")

    def _error(self, translation: EventTranslation, line: int | None, message: str) -> None:
        self.problems.append(ContentError(translation.path, line or translation.line, message))


def unknown_languages(content: Content, codes: tuple[str, ...]) -> list[ContentError]:
    """A warning for each translation in a language `site.yml` does not list: it is not published."""
    listed = set(codes[1:])
    return [ContentError(t.path, t.line, f"a translation into {t.language!r}, which `languages` in site.yml does not "
                                         f"list ({', '.join(codes)}): it is not published", warning=True)
            for t in (*content.event_translations, *content.leader_translations) if t.language not in listed]


def edition_html(local: Site, originals: Mapping[str, Event], convert: Callable[[tuple[Event, ...]], Mapping[str, EventHTML]],
                 original_html: Mapping[str, EventHTML]) -> Mapping[str, EventHTML]:
    """Each event's HTML in an edition: the translation's, converted as the originals' are (`convert`), or the
    original's where there is no translation; the original's text under a translated summary where only the
    text is untranslated."""
    own = {event.slug: event for event in local.events if event.text_language is None}
    summary_only = {slug for slug, event in own.items() if event.body_language}
    records = tuple(event._replace(body="", markdown_digest=markdown_digest("", event.summary))
                    if slug in summary_only else event for slug, event in own.items())
    converted = convert(records)
    found = _EditionHTML(converted, original_html, summary_only, local)
    found.records = records
    return found


class _EditionHTML(Mapping):
    def __init__(self, converted: Mapping[str, EventHTML], original_html: Mapping[str, EventHTML],
                 summary_only: set[str], site: Site):
        self._converted, self._original, self._summary_only, self._site = converted, original_html, summary_only, site

    def __getitem__(self, slug: str) -> Any:
        if slug not in self._converted:
            return self._original[slug]
        html = self._converted[slug]
        if slug in self._summary_only:
            original = self._original[slug]
            return EventHTML(lambda: original.body, html.summary)
        return html

    def __iter__(self):  # noqa: ANN204
        return iter(self._original)

    def __len__(self) -> int:
        return len(self._original)
