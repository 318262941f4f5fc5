"""The build pipeline: load → validate → index → plan → render → write.

Every command runs it. `build` writes into a `DirectoryTarget` (from scratch,
or reusing the on-disk cache's work), `check` stops after the index, and
`serve` plans after every save and renders a page when a browser asks for it.
A `Builder` keeps what one run computed (parsed files, the index's
resolutions, Markdown, page fingerprints) so its next run redoes only what
changed. Nothing here prints, and nothing here changes process-wide state
(see `process`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from .cache import BuildCache, CachedWork
from .dependencies import LastAnswers
from .dates import PartialDate
from .errors import ContentError, ContentErrors
from .editions import Localized, edition_html, language_codes, unknown_languages, with_default_names
from .exports.catalogue import EditionExports, EditionsExports, SiteExports
from .exports.splice import DataMaker, Layout, SetLayout
from .i18n import Language, load_language
from .markup import plain_text
from .load import PROJECT_ROOT, KnownFile, ParseCache, Parsed, load_content, with_body, without_bodies
from .markup import MarkdownStore
from .output import DirectoryTarget, MemoryTarget, OutputState, Target
from .pages import Page
from .parallel import start
from .plan import Edition, EditionInput, Plan, content_fingerprint, plan_site, static_files
from .records import (CountrySetting, Event, EventTranslation, Fact, LanguageSetting, Leader, LeaderRef,
                      LeaderTranslation, Publisher, Publishers, Report, SiteConfig)
from .render import RenderedPage, Renderer
from .site import Indexer, Site
from .templates import TemplateSet


# The records the cache keeps as they are, and how its parts of plain values become what the stages use again
# (see `BuildCache`).
CACHED_RECORDS = (Event, Leader, LeaderRef, Report, SiteConfig, CountrySetting, Publisher, Publishers, ContentError,
                  PartialDate, Parsed, Layout, SetLayout, LanguageSetting, EventTranslation, LeaderTranslation, Fact)
RESTORE = {"outputs": OutputState.from_plain, "known_files": lambda plain: KnownFile(*plain)}


class Project(NamedTuple):
    """Where a site's inputs live."""

    content_dir: Path = PROJECT_ROOT / "content"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"
    translations_dir: Path = PROJECT_ROOT / "translations"  # the message catalogs, one `.po` per language


class BuildOptions(NamedTuple):
    base_url: str | None = None  # overrides the site settings
    include_drafts: bool = False


class Build(NamedTuple):
    """The outcome of a successful build."""

    fingerprints: dict[str, str]  # of every output file
    rendered: list[str]  # pages rendered this run; the rest were at hand in the target
    warnings: list[ContentError]  # the build's own (the cache's) and the content's
    pieces: list[str]  # events whose share of the data files was made anew
    content_warnings: tuple[ContentError, ...] = ()  # those of `warnings` that `check` finds too
    config: SiteConfig | None = None  # the settings built with, the base URL given to `build` included


def build(project: Project, out_dir: Path, options: BuildOptions = BuildOptions(),
          cache_dir: Path | None = None) -> Build:
    """Build the site into `out_dir`; on any error raise ContentErrors and leave `out_dir` as it was.

    With `cache_dir`, reuse and update the work saved there: only new or edited
    files are parsed, only affected pages rendered, only changed files written.
    """
    cache = BuildCache(cache_dir, restore=RESTORE, record_types=CACHED_RECORDS) if cache_dir is not None else None
    with DirectoryTarget(out_dir) as target:  # holds the output's lock until the build ends
        cached, warnings = cache.load() if cache else (CachedWork.nothing(), [])
        target.start(cached.outputs.get(target.key, OutputState()) if cache else None)
        builder = Builder(project, options, cached=cached, bytecode_dir=cache.templates_dir if cache else None)
        result = builder.build(target)
        if cache:
            outputs = {key: state.plain() for key, state in (cached.outputs | {target.key: target.state}).items()}
            warnings += cache.save(builder.work_to_cache(outputs),
                                   live_html=[event.markdown_digest for event in builder.html_records])
            warnings += cache.late_warnings()
    return result._replace(warnings=list(dict.fromkeys(warnings + result.warnings)))


def check(project: Project, options: BuildOptions = BuildOptions(), today: dt.date | None = None) -> list[ContentError]:
    """Every problem the content has, errors and warnings, found as a build finds them."""
    builder = Builder(project, options)
    try:
        builder.index(today=today)
    except ContentErrors as failure:
        return failure.errors + builder.warnings
    return builder.warnings


class Builder:
    """Runs the pipeline for one project, reusing earlier work: its own previous run's, or the cache's.

    `watched=True` promises that every changed content file will be named to
    `files.forget` (the preview's watcher does), so unchanged files are not stat'ed.
    """

    def __init__(self, project: Project, options: BuildOptions = BuildOptions(), *,
                 cached: CachedWork = CachedWork.nothing(), version_assets: bool = True, parallel: bool = True,
                 watched: bool = False, bytecode_dir: Path | None = None):
        self.project, self.options, self.version_assets, self.parallel = project, options, version_assets, parallel
        self.files = ParseCache(parallel, cached.parsed, cached.known_files, watched=watched)
        self.indexer = Indexer(cached.resolutions)
        self.markdown = MarkdownStore(with_body, parallel=parallel, stored_summaries=cached.summaries,
                                      stored_bodies=cached.bodies, leader_html=cached.leader_html)
        self.page_reads: dict[str, tuple] = dict(cached.page_reads)  # what each page read when last rendered
        self._known_reads: dict[tuple, tuple] = {}
        self._last_answers = LastAnswers.from_plain(cached.answers)  # of the plan before the last, until it is made
        self._last_plan: Plan | None = None
        self.renderer = Renderer(project.templates_dir, bytecode_dir=bytecode_dir)
        self.data = DataMaker(parallel, cached.layouts)
        self.warnings: list[ContentError] = []
        self.site: Site | None = None  # of the last run that got as far as the index
        self.languages: dict[str, Language] = {}  # the site's, the default one first
        self._catalogs: dict[str, Language] = {}  # the last one loaded of each code
        self.localized: list[Localized] = []  # the editions in the other languages, as of the last index
        self._html_records: tuple[Event, ...] = ()  # every edition's events whose Markdown the last plan converted
        self._pages: Mapping[str, Page] = {}  # of the last plan

    def build(self, target: Target) -> Build:
        """Run the whole pipeline into `target`; ContentErrors on bad content or templates."""
        plan = self.plan(self.index())
        pages = plan.fingerprints.all()
        stale = [plan.pages[output] for output, fingerprint in pages.items() if not target.has(output, fingerprint)]
        rendering = self._render(plan, stale, target)  # on the other cores meanwhile, if there are many
        try:
            data_files = self.data.files(exports_of(plan), target.has, target.previous)
        except BaseException:
            rendering.abandon()
            raise
        for _, page in rendering.results():
            pages[page.output] = self._rendered(plan, page)
            if page.data is None:
                target.written(page.output, page.fingerprint)
            else:
                target.put(page.output, page.fingerprint, page.data)
        for output, data in data_files.items():
            target.put(output, self.data.fingerprints[output], data)
        assets = {output: content_fingerprint(data) for output, data in plan.assets.items()}
        for output, fingerprint in assets.items():
            if not target.has(output, fingerprint):
                target.put(output, fingerprint, plan.assets[output])
        everything = pages | self.data.fingerprints | assets
        target.commit(everything)
        return Build(everything, [page.output for page in stale], self.warnings, self.data.pieces_made,
                     tuple(self.warnings), plan.site.config)

    def _render(self, plan: Plan, pages: list[Page], target: Target):  # noqa: ANN202 - a parallel.Started
        """Begin rendering `pages`: on every core if there are many, each worker writing what it renders into
        `target` when the target can be written from other processes; else handed back to be put."""
        if pages:
            self.renderer.environment()  # compiled once here, not in every worker
        write = target.writer() if self.parallel else None

        def render_and_write(page: Page) -> RenderedPage:
            rendered = self.renderer.render(plan, page)
            write(page.output, rendered.data)
            return rendered._replace(data=None)

        if write is None:
            return start(functools.partial(self.renderer.render, plan), pages, enabled=self.parallel)
        return start(render_and_write, pages)

    def _rendered(self, plan: Plan, page: RenderedPage) -> str:
        """Keep what a page just rendered read, for the next plan; its fingerprint."""
        known = self._known_reads  # one tuple per distinct read, shared by every page that made it: the cache
        self.page_reads[page.output] = tuple([known.setdefault(read, read) for read in page.reads])  # stores it once
        plan.fingerprints.rendered(page.output, page.fingerprint)
        return page.fingerprint

    def index(self, today: dt.date | None = None) -> Site:
        """Load, validate and index the content: the site, or ContentErrors (warnings go to `warnings`)."""
        content = load_content(self.project.content_dir, self.files)
        if self.options.base_url and content.config is not None:
            content = content._replace(config=content.config.with_base_url(self.options.base_url))
        content = with_default_names(content)
        site, problems = self.indexer.index(content, include_drafts=self.options.include_drafts, today=today)
        self.warnings = [problem for problem in problems if problem.warning]
        if site is None:
            raise ContentErrors(problem for problem in problems if not problem.warning)
        codes = language_codes(site.config)
        self.languages = {code: self._language(code) for code in codes}
        site.gettext = self.languages[codes[0]].gettext
        self.warnings += unknown_languages(content, codes)
        self.localized = [Localized(site, content, code, self.languages[code].gettext, self.languages[code].digest)
                          for code in codes[1:]]
        errors = [problem for local in self.localized for problem in local.problems]
        if errors:
            raise ContentErrors(sorted(errors, key=lambda problem: problem.sort_key))
        self.site = site
        return site

    def _language(self, code: str) -> Language:
        """A language with its catalog, compiled again only when the catalog's bytes change."""
        found = load_language(self.project.translations_dir, code, self._catalogs.get(code))
        self._catalogs[code] = found
        return found

    def plan(self, site: Site) -> Plan:
        """Every page of `site` and its fingerprint, its Markdown converted where it is new."""
        templates = TemplateSet(self.project.templates_dir)
        self.renderer.use_templates(templates.digest)
        language = self.languages.get(site.config.language) or self._language(site.config.language)
        event_html = self.markdown.events(site.events)
        records = list(site.events)
        others = []
        for local in self.localized:
            html = edition_html(local.site, local.originals, self.markdown.events, event_html)
            records += html.records
            others.append(EditionInput(self.languages[local.code], local.site, html,
                                       self.markdown.leaders(local.site.leaders)))
        self._html_records = tuple(records)
        plan = plan_site(site, event_html, self.markdown.leaders(site.leaders),
                         static_files(self.project.static_dir), templates.file_digests,
                         version_assets=self.version_assets, reads=self.page_reads, last=self._answers_so_far(),
                         language=language, others=tuple(others))
        self._pages, self._last_plan = plan.pages, plan
        return plan

    def _answers_so_far(self) -> LastAnswers:
        """What the latest plan knew of its pages' reads."""
        if self._last_plan is not None:
            self._last_answers, self._last_plan = self._last_plan.answers(), None
        return self._last_answers

    def page(self, plan: Plan, output: str, target: MemoryTarget) -> bytes:
        """One page of `plan`, rendered into `target` unless it holds the current version already."""
        if not target.has(output, plan.fingerprints[output]):
            page = self.renderer.render(plan, plan.pages[output])
            target.put(output, self._rendered(plan, page), page.data)
        return target.bytes_of(output)

    def data_files(self, plan: Plan) -> dict[str, bytes]:
        """Every data file of `plan`: feeds, sitemap, calendar, exports, search index."""
        return self.data.files(exports_of(plan))

    @property
    def html_records(self) -> tuple[Event, ...]:
        """Every edition's events whose HTML the last plan used."""
        return self._html_records or self.site.events

    def work_to_cache(self, outputs: dict[str, tuple]) -> CachedWork:
        """What to keep of this builder's work for the next build, with the output manifests `outputs`."""
        site = self.site
        parsed, known = self.files.used()
        self.markdown.keep_only(self._html_records or site.events,
                                (*site.leaders, *(leader for local in self.localized for leader in local.site.leaders)))
        converted = self.markdown.converted
        page_reads = {output: reads for output, reads in self.page_reads.items() if output in self._pages}
        return CachedWork(
            parsed=without_bodies(parsed), known_files={path: tuple(file) for path, file in known.items()},
            summaries={key: str(html.summary) for key, html in converted.items()},
            bodies={key: str(html.body) for key, html in converted.items()},
            leader_html={key: str(html) for key, html in self.markdown.leader_html.items()},
            layouts=self.data.layouts, outputs=outputs, resolutions=self.indexer.resolutions(),
            page_reads=page_reads,
            answers=self._answers_so_far().only({read for reads in page_reads.values() for read in reads}).plain())


def exports_of(plan: Plan) -> SiteExports | EditionsExports:
    """The data files of `plan`, for a `DataMaker` to make: the site's, and each other edition's own."""
    # The default language's dates and words in its data files (none of English's: it has no catalog).
    default = plan.editions[0].language if plan.editions else None
    own = {"local_date": default.date, "catalog": default.digest} if default is not None else {}
    if len(plan.editions) < 2:
        return SiteExports(plan.site, plan.links, plan.event_html, sitemap_pages(plan), **own)
    alternates = tuple((edition.language.code, edition.prefix, edition.links) for edition in plan.editions)
    main = SiteExports(plan.site, plan.links, plan.event_html, sitemap_pages(plan), alternates, **own)
    return EditionsExports([main, *(EditionExports(edition.site, edition.links, edition.event_html,
                                                   functools.partial(_original_text, plan, edition),
                                                   edition.language.date)
                                    for edition in plan.editions[1:])])


def _original_text(plan: Plan, edition: Edition, event: Event) -> str:
    """The words of an event's original, which an edition's search finds it by as well as by the translation's."""
    if event.text_language is not None:
        return ""  # the edition shows the original: its words are there already
    original, html = plan.site.event_by_slug(event.slug), plan.event_html[event.slug]
    return " ".join([original.title, html.summary_text, original.place or "",
                     *(("",) if event.body_language else (plain_text(html.body),))])


def sitemap_pages(plan: Plan) -> list[str]:
    """The address of every HTML page of `plan` that is meant to be found (the year pages of a split timeline
    too), in the plan's order: the page kinds say which are (see `pages`)."""
    return [output.removesuffix("index.html") for output in plan.pages.indexed]
