"""The build pipeline: load → parse and validate → index → render → write.

`build`, `check` and `serve` all go through here; nothing here prints.
A `Builder` keeps what one run computed (parsed files, the index, Markdown,
page fingerprints and pages) so the next run redoes only what changed; `build`
also saves that work in the on-disk cache for the next process, and `serve`
keeps one `Builder` for its whole session.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NamedTuple

from .cache import BuildCache, Saved
from .content import ContentError, ContentErrors, ParseCache, import_parser, load_content
from .feeds import DataMaker, Previous
from .output import IncrementalWriter, output_lock, write_site
from .parallel import in_background
from .render import Plan, SiteRenderer, content_fingerprint, static_files
from .site import Indexer, Site
from .sources import PROJECT_ROOT
from .survey import SurveyInProgress, start_survey


class Project(NamedTuple):
    """Where a site's inputs live."""

    content_dir: Path = PROJECT_ROOT / "content"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"


class BuildOptions(NamedTuple):
    base_url: str | None = None  # overrides the site settings
    include_drafts: bool = False


# From this many pages to render, this process, done with the data files first, saves the records itself: the
# helper would still be rendering (fewer, and it is about to be done: it saves them while this process writes).
TAKE_OVER_FROM = 200
Reusable = Callable[[str, str], bool]  # (output path, fingerprint) -> is a copy of that file at hand?
Sink = Callable[[str, bytes], Any]  # (output path, bytes) -> a receipt; writes the file, in any process


def _nothing() -> None:
    return None


class Build(NamedTuple):
    """The outcome of a successful run."""

    files: dict[str, bytes]  # every output file, or with `reusable` only the assets and data files
    fingerprints: dict[str, str]  # of every output file
    rendered: list[str]  # pages rendered this run; the rest were reused
    warnings: list[ContentError]
    sunk: dict[str, Any]  # what `sink` returned for each page it took
    pieces: list[str]  # events whose share of the data files was made anew
    # What the build worked with (records, index, cache), for a caller about to exit to keep: freeing it
    # object by object costs a cached rebuild ~8 ms at 4,000 events, the operating system nothing.
    workings: Any = None
    # Waits for the `afterwards` given to `Builder.build` (or runs it) and returns what it returned.
    finish: Callable[[], Any] = _nothing


def load_site(project: Project, options: BuildOptions = BuildOptions(), today: dt.date | None = None,
              cache: ParseCache | None = None, indexer: Indexer | None = None) -> tuple[Site | None, list[ContentError]]:
    """Load, validate and index the content; the site is None if there is any error."""
    content = load_content(project.content_dir, cache)
    if options.base_url and content.config is not None:
        content = content._replace(config=content.config.with_base_url(options.base_url))
    return (indexer or Indexer()).index(content, include_drafts=options.include_drafts, today=today)


class Builder:
    """Runs the pipeline for one project, reusing earlier work: its own previous run's, or a saved cache's.

    `watched=True` promises that every changed content file will be named to
    `cache.forget` (the preview's watcher does), so unchanged files are not stat'ed.
    """

    def __init__(self, project: Project, options: BuildOptions = BuildOptions(), *, version_assets: bool = True,
                 parallel: bool = True, saved: Saved | None = None, bytecode_dir: Path | None = None,
                 watched: bool = False):
        self.project = project
        self.options = options
        saved = saved or Saved.nothing()
        self.cache = ParseCache(parallel, saved.parsed, saved.signatures, watched=watched)
        self.indexer = Indexer(saved.resolutions)
        self.renderer = SiteRenderer(project.templates_dir, version_assets=version_assets, parallel=parallel,
                                     bytecode_dir=bytecode_dir)
        self.renderer.stored_summaries, self.renderer.stored_bodies = saved.summaries, saved.bodies
        self.renderer.leader_html.update(saved.leader_html)
        self.data = DataMaker(parallel, saved.layouts)
        self._pages: dict[str, tuple[str, bytes]] = {}  # output -> (fingerprint, bytes), when no `reusable` is given
        self._last: Plan | None = None
        self.warnings: list[ContentError] = []
        self._frozen = False

    def prepare(self, *, check_templates: bool = True) -> Plan:
        """Load, index and plan the site (no page rendered yet); raise ContentErrors on bad content or (with
        `check_templates`; else when a page is rendered) templates."""
        site, problems = load_site(self.project, self.options, cache=self.cache, indexer=self.indexer)
        if site is None:
            raise ContentErrors(problem for problem in problems if not problem.warning)
        if not self._frozen:
            # The first load (parsed records, a restored cache) is most of the heap and outlives the build:
            # keep the garbage collector from walking it again and again (a full pass costs ~0.1 s at
            # 4,000 events). Once only: freezing again would also freeze each build's garbage.
            gc.freeze()
            self._frozen = True
        plan = self.renderer.plan(site, static_files(self.project.static_dir), check_templates=check_templates)
        self.warnings = [problem for problem in problems if problem.warning]
        self._last = plan
        return plan

    def build(self, *, reusable: Reusable | None = None, sink: Sink | None = None,
              previous: Previous | None = None, afterwards: Callable[[], Any] | None = None) -> Build:
        """Produce the output files; raise ContentErrors on bad content or templates.

        Given together, `reusable(output, fingerprint)` says which files the
        caller already has (the output directory's copies) and `sink` takes each
        other page as it is rendered (in the worker that rendered it), so page
        bytes need not travel back to this process; `previous(output, fingerprint)`
        opens a version of a data file the caller has, to splice unchanged parts
        from. Without them the builder keeps every file in memory and returns all of them.

        `afterwards()` is work on this build's records that the caller needs done
        before it ends (saving them, say): the render helper does it once the
        pages are rendered, while the caller writes them, unless this process is
        done with the data files first; the `Build`'s `finish()` waits for it (or
        runs it) and returns its result.
        """
        # Handed `reusable`, pages may be rendered in a helper process: Jinja is then needed there alone.
        plan = self.prepare(check_templates=reusable is None)
        if reusable is None:
            stale = [output for output, key in plan.fingerprints.all().items() if not self._in_memory(output, key)]
            rendered = self.renderer.render(plan, stale)
            self._pages = {output: (key, rendered[output] if output in rendered else self._pages[output][1])
                           for output, key in plan.fingerprints.all().items()}
            files = plan.assets | {output: data for output, (_, data) in self._pages.items()} | self.data_files()
            return Build(files, self._fingerprints(plan), stale, self.warnings, {}, self.data.pieces_made,
                         finish=afterwards or _nothing)
        if sink is None:
            raise TypeError("`reusable` needs a `sink` for the pages it does not have")
        # The pages are rendered in a helper while this process makes the data files: the two share nothing
        # but what they write, each to its own files. The helper makes the Jinja environment (~30 ms) while
        # this process works out which pages are stale.
        rendering = in_background(functools.partial(self.renderer.render, plan, sink=sink), prepare=plan.templates,
                                  afterwards=afterwards)
        try:
            stale = [output for output, key in plan.fingerprints.all().items() if not reusable(output, key)]
            if stale:
                rendering.send(stale)
            else:
                rendering.abandon()  # nothing to render: the environment it is making is not worth waiting for
            # Serially: the render helper's workers already use every core, and workers of this process (forked
            # from its large heap) would only contend with them (with them, a cold build at 4,000 events took ~7 %
            # longer).
            files = plan.assets | self.data.files(plan.site, plan.links, plan.event_html, reusable, previous,
                                                  spread=False)
            if len(stale) >= TAKE_OVER_FROM and not rendering.ready():
                rendering.afterwards_here()  # the helper is still rendering (a cold build's thousands of pages)
            sunk = rendering.result() if stale else {}
        except BaseException:
            rendering.abandon()
            raise
        return Build(files, self._fingerprints(plan), stale, self.warnings, sunk, self.data.pieces_made,
                     finish=rendering.finish if stale else afterwards or _nothing)

    def _fingerprints(self, plan: Plan) -> dict[str, str]:
        assets = {output: content_fingerprint(data) for output, data in plan.assets.items()}
        return plan.fingerprints.all() | self.data.fingerprints | assets

    def page(self, plan: Plan, output: str) -> bytes:
        """One page of `plan`, rendered now unless the copy kept in memory is current."""
        fingerprint = plan.fingerprints[output]
        kept = self._pages.get(output)
        if kept is not None and kept[0] == fingerprint:
            return kept[1]
        data = plan.render(plan.pages[output])
        self._pages[output] = (fingerprint, data)
        return data

    def _in_memory(self, output: str, fingerprint: str) -> bool:
        return self._pages.get(output, ("",))[0] == fingerprint

    def data_files(self) -> dict[str, bytes]:
        """Feeds, sitemap, calendar and other data files of the last successful build."""
        plan = self._last
        return self.data.files(plan.site, plan.links, plan.event_html)

    @property
    def site(self) -> Site:
        """The site of the last successful build."""
        return self._last.site

    def records(self) -> Saved:
        """What to keep of the work on the files the content has now, for the next build (the data files'
        layouts and the output manifests, which the writer settles, are left empty)."""
        site = self.site
        parsed, signatures = self.cache.used()
        self.renderer.keep_only(site)
        converted = self.renderer.converted
        return Saved(parsed, signatures, {key: str(html.summary) for key, html in converted.items()},
                     {key: str(html.body) for key, html in converted.items()}, self.renderer.leader_html, {}, {},
                     self.indexer.resolutions())


def build(project: Project, out_dir: Path, options: BuildOptions = BuildOptions(),
          cache_dir: Path | None = None, *, survey: SurveyInProgress | None = None) -> Build:
    """Build the site into `out_dir`; on any error raise ContentErrors and leave `out_dir` as it was.

    With `cache_dir`, reuse and update the work saved there: only new or edited
    files are parsed, only affected pages rendered, only changed files written.
    Such a build holds `output_lock(out_dir)` throughout and surveys the files in a
    helper from its start (see `survey`). A caller that has done both already (the
    command line, before this module's imports) passes the `survey` it started.
    """
    with _fewer_collections():
        if cache_dir is None:
            return _build_afresh(project, out_dir, options)
        if survey is not None:
            return _build_cached(project, out_dir, options, cache_dir, survey)
        with output_lock(out_dir):  # before the survey: what it finds in the output must stay so
            return _build_cached(project, out_dir, options, cache_dir,
                                 start_survey(project.content_dir, out_dir, cache_dir))


@contextmanager
def _fewer_collections(allocations: int = 100_000) -> Iterator[None]:
    # A build allocates ~10^5 objects that outlive most of it, and little cyclic garbage: at Python's
    # default threshold (700) the collector would walk them ~100 times for nothing (~25 ms of an edit's rebuild).
    threshold = gc.get_threshold()
    gc.set_threshold(max(allocations, threshold[0]), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _build_afresh(project: Project, out_dir: Path, options: BuildOptions) -> Build:
    result = Builder(project, options).build()
    with output_lock(out_dir):
        write_site(result.files, out_dir)
    return result


def _build_cached(project: Project, out_dir: Path, options: BuildOptions, cache_dir: Path,
                  surveying: SurveyInProgress) -> Build:
    cache = BuildCache(cache_dir)
    try:
        out_key = str(out_dir.resolve())
        saved, warnings = cache.load()
    except BaseException:
        surveying.abandon()
        raise
    if not surveying.ready():
        import_parser()  # it costs ~10 ms: while the survey is unfinished, this process has nothing else to do
    survey = surveying.result()
    with IncrementalWriter(out_dir, saved.outputs.get(out_key), survey.standby) as writer:
        builder = Builder(project, options, saved=saved, bytecode_dir=cache.templates_dir)
        builder.cache.take_survey(survey.listings, survey.signatures)
        result = builder.build(reusable=writer.has, sink=writer.put, previous=writer.held,
                               afterwards=functools.partial(_save_records, builder, cache))
        try:
            state = writer.write(result.files, result.fingerprints, result.sunk)
            unsaved = cache.save_outputs(builder.data.layouts, {key: value for key, value in saved.outputs.items()
                                                                if key != out_key} | {out_key: state})
        except BaseException:
            with suppress(Exception):  # the records' saver ends before the lock is let go; this error is the news
                result.finish()
            raise
        found_late = result.finish()
    return result._replace(warnings=warnings + result.warnings + _once(cache.late_warnings() + found_late + unsaved),
                           workings=(saved, builder, cache, writer, survey))


def _save_records(builder: Builder, cache: BuildCache) -> list[ContentError]:
    """Save the build's records; return the damage found in the cache's lazily read parts (see `late_warnings`)
    and any failure to save."""
    unsaved = cache.save_records(builder.records(), live_html=[event.markdown_digest for event in builder.site.events])
    return cache.late_warnings() + unsaved


def _once(warnings: list[ContentError]) -> list[ContentError]:
    return list(dict.fromkeys(warnings))
