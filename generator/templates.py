"""The template environment: Jinja set up for the site, the templates directory as a build sees it, and
errors that name the template's file and line."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING

from .dependencies import Recorder
from .errors import ContentError, ContentErrors
from .inputs import files_under, link_problem
from .recent import RecentlyUsed
from .records import display_path
from .text import slugify

if TYPE_CHECKING:
    import jinja2  # imported when a page is rendered or a template changed: a rebuild with nothing new needs none

# The policy every built page carries: only the site's own files, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


class TemplateSet:
    """The templates directory as one build sees it: every file's digest, by name, and a digest of them all.

    Which templates a page uses is not worked out here: each page notes the templates it loads as it renders
    (see `dependencies`), so a template named by an expression is covered as well as one named plainly.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        found, problems = files_under(directory)  # a link out of the directory is refused (see `inputs`)
        if problems:
            raise ContentErrors(problems)
        self.file_digests = {path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                             for path in sorted(map(Path, found))}
        self.digest = hashlib.sha256(repr(sorted(self.file_digests.items())).encode()).hexdigest()


# The code Jinja compiled for the templates this process loaded lately, by template file and source digest.
# Compiling is most of the work of a small build, and of the rebuild after a template edit, which makes a new
# environment: the templates that did not change are not compiled again. The code depends only on the file's
# name and text and on the settings `create_environment` fixes, which are the same for every environment.
# Enough for a few sites' templates; forked render workers inherit what their parent compiled.
COMPILED: RecentlyUsed[tuple[str, str], CodeType] = RecentlyUsed(size=64)


def create_environment(templates_dir: Path, bytecode_dir: Path | None = None,
                       recorder: Recorder | None = None) -> jinja2.Environment:
    """The site's Jinja environment; compiled templates are kept in `bytecode_dir` if given, and every template
    a page loads (itself, and those it extends, includes or imports) is noted by `recorder`."""
    import jinja2

    class RecordingEnvironment(jinja2.Environment):
        def _load_template(self, name, globals):  # noqa: ANN001, ANN202 - Jinja's own; every load passes here
            if recorder is not None:
                recorder.note_template(name)
            return super()._load_template(name, globals)

    class BytecodeCache(jinja2.BytecodeCache):
        """Compiled templates from this process's memory (`COMPILED`), else from `bytecode_dir` if given."""

        def __init__(self, directory: Path | None):
            self.on_disk = jinja2.FileSystemBytecodeCache(str(directory)) if directory is not None else None

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            bucket.code = COMPILED.get((bucket.key, bucket.checksum))
            if bucket.code is None and self.on_disk is not None:
                self.on_disk.load_bytecode(bucket)
                if bucket.code is not None:
                    COMPILED.put((bucket.key, bucket.checksum), bucket.code)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            COMPILED.put((bucket.key, bucket.checksum), bucket.code)
            if self.on_disk is not None:
                with suppress(OSError):  # a template it cannot keep is only compiled again next time
                    self.on_disk.dump_bytecode(bucket)

    if bytecode_dir is not None:
        try:
            bytecode_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            bytecode_dir = None

    class InsideLoader(jinja2.FileSystemLoader):
        """Jinja's loader, refusing a template that is, or is reached through, a link out of the directory
        (`TemplateSet` refuses those first; this holds for a link made since)."""

        def get_source(self, environment: jinja2.Environment, template: str):  # noqa: ANN201 - Jinja's signature
            source, filename, uptodate = super().get_source(environment, template)
            problem = link_problem(filename, templates_dir)
            if problem is not None:
                raise jinja2.TemplateError(f"{problem.path}: {problem.message}")
            return source, filename, uptodate

    environment = RecordingEnvironment(
        loader=InsideLoader(templates_dir),
        extensions=["jinja2.ext.i18n"],  # `{% trans %}`, `_()`, `ngettext()`: the page's language's catalog
        bytecode_cache=BytecodeCache(bytecode_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # a build's templates do not change; a changed template makes a new environment
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["content_security_policy"] = CONTENT_SECURITY_POLICY
    environment.filters["slug"] = slugify
    return environment


@contextmanager
def template_errors(templates_dir: Path) -> Iterator[None]:
    """Turn an error raised by a template into ContentErrors naming the template's file and line.

    Done where the template runs (possibly in a worker process), since a
    traceback does not survive the trip back from a worker.
    """
    try:
        yield
    except Exception as error:
        problem = _template_problem(error, templates_dir)
        if problem is None:
            raise
        raise ContentErrors([problem]) from None


def _template_problem(error: Exception, templates_dir: Path) -> ContentError | None:
    import traceback  # only when a template fails

    import jinja2  # already imported: the error came from a template

    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return ContentError(display_path(Path(error.filename)), error.lineno, f"template error: {error.message}")
    if isinstance(error, jinja2.TemplateNotFound):
        return ContentError(display_path(templates_dir / error.name), None, "template not found")
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.startswith(str(templates_dir)):
            return ContentError(display_path(Path(frame.filename)), frame.lineno, f"template error: {error}")
    if isinstance(error, jinja2.TemplateError):
        return ContentError(display_path(templates_dir), None, f"template error: {error}")
    return None
