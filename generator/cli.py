"""Command line: `build`, `check` (and more); errors are printed as `path:line: message`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import stat
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import process
from .errors import ContentError, ContentErrors, summary_lines, warning_count_line
from .load import PROJECT_ROOT
from .output import OutputLocked
from .records import SiteConfig, display_path
from .urls import is_placeholder

if TYPE_CHECKING:
    from .dates import PartialDate
    from .pipeline import Project


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command `argv` names (default: the process's arguments); return its exit code."""
    return _run(_parse(argv))


def run() -> None:
    """`build.py` and the `vnlao` command: run the command, then exit as its process policy says."""
    args = _parse(None)
    code = _run(args)
    if args.one_build:
        process.exit_without_teardown(code)
    sys.exit(code)  # Python's own shutdown: atexit hooks, buffered writes and finalizers are honoured


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    return _parser().parse_args(_default_command(list(sys.argv[1:] if argv is None else argv)))


def _run(args: argparse.Namespace) -> int:
    # The process-wide policy of process.py, for the commands that build (or check) once and exit; `serve`
    # runs for hours with threads, and `new` and `import` build nothing: they keep Python's defaults.
    if args.one_build:
        process.for_one_build()
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


def _default_command(argv: list[str]) -> list[str]:
    """Plain `python build.py` (or only options) means `build`."""
    commands = {"build", "check", "new", "import", "serve", "-h", "--help"}
    return argv if argv and argv[0] in commands else ["build", *argv]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the timeline site.")
    parser.set_defaults(one_build=False)  # see _run
    commands = parser.add_subparsers(title="commands", required=True)

    build_cmd = commands.add_parser("build", help="build the site into a directory (the default)")
    _add_content_option(build_cmd)
    _add_theme_options(build_cmd)
    build_cmd.add_argument("--out", type=Path, default=PROJECT_ROOT / "_site", help="output directory (default: _site/)")
    build_cmd.add_argument("--base-url", type=_absolute_url, help="public address of the site, e.g. https://example.org/vn-lao/")
    build_cmd.add_argument("--drafts", action="store_true", help="include events marked `draft: true`")
    cache = build_cmd.add_mutually_exclusive_group()
    cache.add_argument("--cache-dir", type=Path, default=PROJECT_ROOT / ".cache",
                       help="where to keep work for the next build (default: .cache/)")
    cache.add_argument("--no-cache", dest="cache_dir", action="store_const", const=None,
                       help="build from scratch, without reading or writing a cache")
    build_cmd.set_defaults(run=_run_build, one_build=True)

    check_cmd = commands.add_parser("check", help="validate every content file and report all problems")
    _add_content_option(check_cmd)
    check_cmd.add_argument("--all-warnings", action="store_true",
                           help="list every warning about an optional field, not one line per kind")
    check_cmd.set_defaults(run=_run_check, one_build=True)

    new_cmd = commands.add_parser("new", help="write a new event file with its front matter filled in")
    new_cmd.add_argument("title", help="the event's headline")
    new_cmd.add_argument("--date", required=True, type=_date, help="YYYY-MM-DD (or YYYY-MM, YYYY; circa, before or after first: \"circa 1977\")")
    new_cmd.add_argument("--leader", action="append", default=[], help="a leader who took part (repeat for more)")
    new_cmd.add_argument("--place", help="city and country")
    new_cmd.add_argument("--source", help="the credit, e.g. VNS")
    _add_content_option(new_cmd)
    new_cmd.set_defaults(run=_run_new)

    import_cmd = commands.add_parser("import", help="turn raw articles into event files")
    import_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE")
    import_cmd.add_argument("--force", action="store_true",
                            help="import an article even if an event already has its date and leaders, or its text")
    _add_content_option(import_cmd)
    import_cmd.set_defaults(run=_run_import)

    serve_cmd = commands.add_parser("serve", help="preview the site, rebuilding and reloading on every save")
    _add_content_option(serve_cmd)
    _add_theme_options(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (default: 8000, or the next free one)")
    serve_cmd.add_argument("--drafts", action="store_true", help="include events marked `draft: true`")
    serve_cmd.set_defaults(run=_run_serve)
    return parser


def _add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=PROJECT_ROOT / "content", help="content directory (default: content/)")


def _add_theme_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--templates", type=Path, default=PROJECT_ROOT / "templates", help="templates directory (default: templates/)")
    parser.add_argument("--static", type=Path, default=PROJECT_ROOT / "static", help="static files directory (default: static/)")
    parser.add_argument("--translations", type=Path, default=PROJECT_ROOT / "translations",
                        help="message catalogs directory (default: translations/)")


def _absolute_url(text: str) -> str:
    if not text.startswith(("https://", "http://")):
        raise argparse.ArgumentTypeError(f"{text!r} is not an absolute http(s) URL")
    return text if text.endswith("/") else text + "/"


def _date(text: str) -> PartialDate:
    from .dates import PartialDate

    try:
        return PartialDate.parse(text)
    except ValueError as reason:
        raise argparse.ArgumentTypeError(str(reason)) from None


def _project(args: argparse.Namespace) -> Project:
    from .pipeline import Project

    defaults = Project(content_dir=args.content)
    return defaults._replace(templates_dir=getattr(args, "templates", defaults.templates_dir),
                             static_dir=getattr(args, "static", defaults.static_dir),
                             translations_dir=getattr(args, "translations", defaults.translations_dir))


def _print_problems(problems: Sequence[ContentError]) -> None:
    for problem in sorted(problems, key=lambda problem: problem.sort_key):
        print(problem, file=sys.stderr)


def _run_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    problem = _input_problem(args) or _output_problem(args.out)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from .pipeline import BuildOptions, build

    try:
        result = build(_project(args), args.out, BuildOptions(base_url=args.base_url, include_drafts=args.drafts),
                       cache_dir=args.cache_dir)
    except ContentErrors as failure:
        _print_problems(failure.errors)
        print(f"build failed: {_count(len(failure.errors), 'error')}; {args.out} was not changed", file=sys.stderr)
        return 1
    except OutputLocked as locked:
        print(locked, file=sys.stderr)
        return 1
    except OSError as error:  # the output or the cache cannot be written (permissions, a full disk)
        print(f"error: {error.filename or args.out}: {error.strerror or error}", file=sys.stderr)
        print(f"build failed; {args.out} was not changed", file=sys.stderr)
        return 1
    content_warnings = set(result.content_warnings)
    _print_problems([warning for warning in result.warnings if warning not in content_warnings]
                    + _placeholder_warning(result.config))
    count = warning_count_line(len(content_warnings))
    if count:
        print(count, file=sys.stderr)
    elapsed = (time.perf_counter() - started) * 1000
    print(f"built {len(result.fingerprints)} files into {args.out} in {elapsed:.0f} ms "
          f"({_count(len(result.rendered), 'page')} rendered)")
    return 0


def _placeholder_warning(config: SiteConfig | None) -> list[ContentError]:
    """A warning if the site was built for a documentation address (example.org): the pages work anywhere, as
    they link relatively, but the addresses that must be absolute would all name a site that is not there."""
    if config is None or not is_placeholder(config.base_url):
        return []
    given = "`base_url`" if config.base_url_line is not None else "--base-url"
    return [ContentError(config.path, config.base_url_line, warning=True, message=(
        f"{given} {config.base_url} is a placeholder: canonical links, Open Graph, feeds, the sitemap, citations "
        "and calendar entries name it. Build with --base-url https://your.host/path/ (or set `base_url` here) "
        "for a site you publish; the pages link relatively, so they work from disk and on any host either way"))]


def _input_problem(args: argparse.Namespace) -> str | None:
    """An error line for the first input directory (content, templates, static files) that is not one: a
    mistyped `--static`, say, would otherwise build a site without its styles and scripts."""
    for option in ("content", "templates", "static"):
        path = getattr(args, option)
        if not path.is_dir():
            return f"error: {path}: {'not a directory' if path.exists() else 'no such directory'} (--{option})"
    return None


def _output_problem(out: Path) -> str | None:
    """An error line if `out` cannot hold the site (a file, a symlink loop, under a file); None if it can or
    does not exist."""
    try:
        info = os.stat(out)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"error: {out}: {error.strerror or error}"
    return None if stat.S_ISDIR(info.st_mode) else f"error: {out}: exists and is not a directory"


def _run_check(args: argparse.Namespace) -> int:
    from .pipeline import BuildOptions, check

    problems = check(_project(args), BuildOptions(include_drafts=True), today=dt.date.today())
    for line in summary_lines(problems, every_warning=args.all_warnings):
        print(line, file=sys.stderr)
    errors = sum(not problem.warning for problem in problems)
    warnings = len(problems) - errors
    print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}", file=sys.stderr)
    return 1 if errors else 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _run_new(args: argparse.Namespace) -> int:
    from .scaffold import Draft, ScaffoldError, check_source, leader_directory, resolve_leaders, write_new

    try:
        leaders = resolve_leaders(leader_directory(args.content), args.leader)
        if args.source is not None:
            check_source(args.content, args.source)
        draft = Draft(args.title.strip(), args.date, args.place, args.source, leaders)
        path = write_new(args.content, draft)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(path)  # alone on stdout, for `$EDITOR "$(python build.py new …)"`
    unfinished = draft.unfinished()
    if unfinished:
        print("still to fill in:", file=sys.stderr)
        for line, what in unfinished:
            print(f"  {display_path(path)}:{line}: {what}", file=sys.stderr)
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from .load import EVENTS_DIR
    from .scaffold import ImportedEvents, ScaffoldError, draft_from_article, leader_directory, write_new

    try:
        directory = leader_directory(args.content)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    imported = ImportedEvents(args.content, directory)
    failed = 0
    for source in args.files:
        try:
            draft = draft_from_article(source, directory)
            existing = None if args.force else imported.existing(draft)
            if existing:
                raise ScaffoldError(f"{source}: already imported as {existing[0]} ({existing[1]}); "
                                    "use --force to import it again")
            replaced = args.force and (args.content / EVENTS_DIR / draft.file_name()).exists()
            path = write_new(args.content, draft, replace=args.force)
        except ScaffoldError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        imported.add(path, draft)
        print(f"{source} -> {path}" + (" (replaced the file that was there)" if replaced else ""))
        for note in draft.notes:
            print(f"  {note}")
    return 1 if failed else 0


def _run_serve(args: argparse.Namespace) -> int:
    from .pipeline import BuildOptions
    from .preview import serve  # the preview's imports are only needed here

    def log(message: str) -> None:
        print(message, flush=True)

    problem = _input_problem(args)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        serve(_project(args), BuildOptions(include_drafts=args.drafts), host=args.host, port=args.port, log=log)
    except OSError as error:
        print(f"error: cannot listen on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0
