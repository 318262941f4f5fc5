"""The render stage: pages of a `Plan` into bytes, through the Jinja templates (on every core when there
are many)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .markup import EventHTML
from .output import Target
from .parallel import start
from .plan import Page, Plan
from .records import Event
from .site import Site
from .templates import PAGE_TEMPLATES, create_environment, template_errors
from .urls import Links, event_path, leader_path

if TYPE_CHECKING:
    import jinja2


class Renderer:
    """Renders pages with the templates of one `TemplateSet` version; a new version makes a new environment."""

    def __init__(self, templates_dir: Path, *, parallel: bool = False, bytecode_dir: Path | None = None):
        self.templates_dir = templates_dir
        self.parallel = parallel
        self.bytecode_dir = bytecode_dir
        self._environment: jinja2.Environment | None = None
        self._templates_digest = ""

    def use_templates(self, digest: str) -> None:
        """Say which version of the templates the next pages are rendered with (`TemplateSet.digest`)."""
        if digest != self._templates_digest:
            self._environment, self._templates_digest = None, digest

    def environment(self) -> jinja2.Environment:
        """The Jinja environment, every page template compiled; ContentErrors name a broken template's file and line."""
        if self._environment is None:
            environment = create_environment(self.templates_dir, self.bytecode_dir)
            environment.globals["json_ld"] = event_json_ld
            with template_errors(self.templates_dir):
                for name in PAGE_TEMPLATES:
                    environment.get_template(name)
            self._environment = environment
        return self._environment

    def render(self, plan: Plan, page: Page, template_globals: dict[str, Any] | None = None) -> bytes:
        """One page; ContentErrors naming the template file and line if its template fails."""
        environment = self.environment()
        with template_errors(self.templates_dir):
            template = environment.get_template(page.template)
            return template.render(template_globals or plan.template_globals(), page_path=page.path,
                                   **page.context).encode("utf-8")

    @contextmanager
    def rendering_into(self, target: Target, plan: Plan, outputs: list[str]) -> Iterator[None]:
        """Render the pages at `outputs` into `target` while the `with` block runs (on the other cores, if there
        are many), and wait for them when it ends. Pages are written where they are rendered if the target can
        be written from other processes, else handed back to this one."""
        if not outputs:
            yield
            return
        self.environment()  # compiled once here, not in every worker
        template_globals = plan.template_globals()
        pages = [plan.pages[output] for output in outputs]
        write = target.writer() if self.parallel else None

        def render_and_write(page: Page) -> None:
            write(page.output, self.render(plan, page, template_globals))

        if write is None:
            rendering = start(lambda page: self.render(plan, page, template_globals), pages, enabled=self.parallel)
        else:
            rendering = start(render_and_write, pages)
        try:
            yield
        except BaseException:
            rendering.abandon()
            raise
        fingerprints = plan.fingerprints
        for index, data in rendering.results():
            output = pages[index].output
            if write is None:
                target.put(output, fingerprints[output], data)
            else:
                target.written(output, fingerprints[output])


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
    if event.place:
        data["contentLocation"] = {"@type": "Place", "name": event.place}
    if event.topics:
        data["keywords"] = list(event.topics)
    return data
