"""The render stage: a page of a `Plan` into bytes through its Jinja template, noting what the template read.

Rendering knows nothing of where pages go: the pipeline decides that (and may
hand `render` to workers that write what they render).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .dependencies import Read, Recorder, RecordingMapping, RecordingQueries, UnrecordableValue
from .errors import ContentError, ContentErrors
from .exports.apa import event_citation
from .i18n import Language, install_gettext
from .markup import EventHTML
from .pages import PAGE_TEMPLATES, Page
from .plan import Plan
from .records import Event, display_path
from .site import Site
from .templates import create_environment, template_errors
from .urls import Links, event_path, leader_path

if TYPE_CHECKING:
    import jinja2


class RenderedPage(NamedTuple):
    """A page rendered, with the reads its template made and the fingerprint they give."""

    output: str
    data: bytes | None  # None once written where it was rendered
    fingerprint: str
    reads: tuple[Read, ...]


class Renderer:
    """Renders pages with the templates of one `TemplateSet` version; a new version makes a new environment."""

    def __init__(self, templates_dir: Path, *, bytecode_dir: Path | None = None):
        self.templates_dir = templates_dir
        self.bytecode_dir = bytecode_dir
        self.recorder = Recorder()
        self._environment: jinja2.Environment | None = None
        self._templates_digest = ""
        self._plan: Plan | None = None
        self._template_data: dict[str, dict[str, Any]] = {}  # by language code
        self.language = Language("en")  # of the page being rendered: what the templates' gettext asks

    def use_templates(self, digest: str) -> None:
        """Say which version of the templates the next pages are rendered with (`TemplateSet.digest`)."""
        if digest != self._templates_digest:
            self._environment, self._templates_digest = None, digest

    def environment(self) -> jinja2.Environment:
        """The Jinja environment, every page template compiled; ContentErrors name a broken template's file and line."""
        if self._environment is None:
            environment = create_environment(self.templates_dir, self.bytecode_dir, self.recorder)
            environment.globals["json_ld"] = event_json_ld
            environment.globals["citation"] = event_citation
            current = lambda: self.language  # noqa: E731 - the page being rendered's, as the page starts
            install_gettext(environment, current)
            environment.globals["local_date"] = lambda value: current().date(value)
            environment.globals["day_of_year"] = lambda month, day: current().day_of_year(month, day)
            environment.globals["script_messages"] = lambda *scripts: current().script_messages(*scripts)
            with template_errors(self.templates_dir):
                for name in PAGE_TEMPLATES:
                    environment.get_template(name)
            self._environment = environment
        return self._environment

    def render(self, plan: Plan, page: Page) -> RenderedPage:
        """One page; ContentErrors naming the template file and line if its template fails."""
        environment = self.environment()
        data = self._data_for(plan, page.language)
        self.language = plan.edition(page.language).language
        recorder = self.recorder
        recorder.start()
        try:
            with template_errors(self.templates_dir):
                template = environment.get_template(page.template)
                html = template.render(data, page_path=page.path, **page_links(data, page),
                                       **page.context).encode("utf-8")
        finally:
            reads = recorder.stop()
        try:
            fingerprint = plan.fingerprints.of_render(page.output, reads)
        except UnrecordableValue as error:
            where = display_path(self.templates_dir / page.template)
            raise ContentErrors([ContentError(where, None, f"template error: {error}")]) from None
        return RenderedPage(page.output, html, fingerprint, reads)

    def _data_for(self, plan: Plan, language: str) -> dict[str, Any]:
        """What every template of `plan` in `language` sees, its doors to the site recording what passes
        through them."""
        if self._plan is not plan:
            self._template_data, self._plan = {}, plan
        found = self._template_data.get(language)
        if found is None:
            recorder, data = self.recorder, plan.template_data(language)
            found = self._template_data[language] = data | {
                "site": RecordingQueries(data["site"], recorder),
                "event_html": RecordingMapping("html", data["event_html"], recorder),
                "leader_html": RecordingMapping("profile", data["leader_html"], recorder),
            }
        return found


def page_links(data: dict[str, Any], page: Page) -> dict[str, Any]:
    """The page's own `links` and `alternates`, relative to where it is written (`page.output`, its edition's
    prefix included), in place of the edition's."""
    place, anywhere = page.output, page.anywhere
    found: dict[str, Any] = {"links": data["links"].at(place, anywhere=anywhere)}
    if data["alternates"]:
        found["alternates"] = tuple(alternate._replace(links=alternate.links.at(place, anywhere=anywhere))
                                    for alternate in data["alternates"])
    return found


def source_organizations(site: Site, event: Event) -> list[dict[str, str]]:
    """The publishers an event's credit names, in full, as schema.org Organizations: `VNA/VNS` is two."""
    return [{"@type": "Organization", "name": publisher.name, "alternateName": publisher.key}
            for publisher in site.publishers_of(event)]


def event_json_ld(site: Site, links: Links, event: Event, event_html: EventHTML) -> dict[str, Any]:
    """schema.org NewsArticle data for an event page, `about` its leaders, with what Google's article guidance
    asks for: the source as publisher and author, the page, its language and the summary."""
    url = links.absolute(event_path(event))
    organizations = source_organizations(site, event)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": event.title,
        "description": event_html.summary_text,
        # Google's Article rules want an ISO 8601 date or date-time; `1976-12`, `1982` or a day known only
        # roughly (circa, before, after) would claim a publication day the sources do not give: left out.
        **({"datePublished": event.date.iso} if event.date.exact_day else {}),
        "inLanguage": site.config.language,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "about": [
            {"@type": "Person", "name": part.leader.name, "url": links.absolute(leader_path(part.leader)),
             **({"jobTitle": part.role} if part.role else {})}
            for part in site.participants(event) + site.mentioned(event)
        ],
        "sourceOrganization": organizations,
        "publisher": organizations,
        "author": organizations,
    }
    if event.end_date:  # the days the article is about, as an ISO 8601 interval
        data["temporalCoverage"] = f"{event.date.iso}/{event.end_date.iso}"
    addresses = [url for citation in site.reports_of(event) if (url := citation.url)]
    if addresses and not event.full_text:  # the text is a summary written from these reports
        data["isBasedOn"] = addresses
    if event.place:
        data["contentLocation"] = {"@type": "Place", "name": event.place}
    if event.topics:
        data["keywords"] = list(event.topics)
    return data
