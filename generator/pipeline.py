"""The build pipeline: load → parse and validate → index → render → write.

`build`, `check` and `serve` all go through here; nothing here prints.
A `Builder` keeps what one run computed (parsed files, Markdown, pages) so
the next run redoes only what changed.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from .content import ContentError, ContentErrors, ParseCache, display_path, load_content
from .feeds import data_files
from .output import output_lock, write_site
from .render import SiteRenderer, static_files
from .site import Site, build_index

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    """Where a site's inputs live."""

    content_dir: Path = PROJECT_ROOT / "content"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"


@dataclass(frozen=True)
class BuildOptions:
    base_url: str | None = None  # overrides the site settings
    include_drafts: bool = False


@dataclass(frozen=True)
class Build:
    """The outcome of a successful run."""

    files: dict[str, bytes]
    rendered: list[str]  # pages rendered this run; the rest were reused
    warnings: list[ContentError]


def load_site(project: Project, options: BuildOptions = BuildOptions(), today: dt.date | None = None,
              cache: ParseCache | None = None) -> tuple[Site | None, list[ContentError]]:
    """Load, validate and index the content; the site is None if there is any error."""
    content = load_content(project.content_dir, cache)
    if options.base_url and content.config is not None:
        content = replace(content, config=content.config.with_base_url(options.base_url))
    return build_index(content, include_drafts=options.include_drafts, today=today)


class Builder:
    """Runs the pipeline for one project, reusing the previous run's work."""

    def __init__(self, project: Project, options: BuildOptions = BuildOptions(), *, version_assets: bool = True,
                 parallel: bool = True):
        self.project = project
        self.options = options
        self.cache = ParseCache(parallel=parallel)
        self.renderer = SiteRenderer(project.templates_dir, version_assets=version_assets, parallel=parallel)
        self._last: tuple | None = None

    def build(self, *, with_data: bool = True) -> Build:
        """Produce every output file; raise ContentErrors on bad content or templates.

        `with_data=False` leaves out the feeds and data files; `data_files()`
        makes them on demand (the preview does, when one is requested).
        """
        site, problems = load_site(self.project, self.options, cache=self.cache)
        if site is None:
            raise ContentErrors(problem for problem in problems if not problem.warning)
        try:
            result = self.renderer.render(site, static_files(self.project.static_dir))
        except jinja2.TemplateError as error:
            raise ContentErrors([_template_error(error, self.project.templates_dir)]) from None
        self._last = (site, result.links, result.event_html)
        files = result.files | self.data_files() if with_data else result.files
        return Build(files, result.rendered, [problem for problem in problems if problem.warning])

    def data_files(self) -> dict[str, bytes]:
        """Feeds, sitemap, calendar and other data files of the last successful build."""
        return data_files(*self._last)


def _template_error(error: jinja2.TemplateError, templates_dir: Path) -> ContentError:
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return ContentError(display_path(Path(error.filename)), error.lineno, f"template error: {error.message}")
    if isinstance(error, jinja2.TemplateNotFound):
        return ContentError(display_path(templates_dir / error.name), None, "template not found")
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.startswith(str(templates_dir)):
            return ContentError(display_path(Path(frame.filename)), frame.lineno, f"template error: {error}")
    return ContentError(display_path(templates_dir), None, f"template error: {error}")


def build(project: Project, out_dir: Path, options: BuildOptions = BuildOptions()) -> Build:
    """Build the site into `out_dir`; on any error raise ContentErrors and leave `out_dir` as it was."""
    result = Builder(project, options).build()
    with output_lock(out_dir):
        write_site(result.files, out_dir)
    return result
