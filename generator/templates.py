"""The template environment: Jinja set up for the site, what each page template depends on, and errors
that name the template's file and line."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentError, ContentErrors
from .inputs import files_under, link_problem
from .records import display_path
from .text import slugify

if TYPE_CHECKING:
    import jinja2  # imported when a page is rendered or a template changed: a rebuild with nothing new needs none

PAGE_TEMPLATES = ("timeline.html", "event.html", "leaders.html", "leader.html", "relations.html", "on_this_day.html",
                  "404.html")

# The policy every built page carries: only the site's own files, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)

TemplateUses = dict[str, "tuple[str, ...] | None"]  # a template file's digest -> the templates it names (None: any)


class TemplateSet:
    """The templates directory as one build sees it: every file's bytes, and for each page template a digest
    of it and of every template it extends, includes or imports, directly or not.

    What a template names is found by Jinja's own parser (`meta.find_referenced_templates`), once per
    version of the file: `uses` is kept across builds (the on-disk cache saves it), so a rebuild whose
    templates did not change parses none.
    """

    def __init__(self, directory: Path, uses: TemplateUses | None = None):
        self.directory = directory
        found, problems = files_under(directory)  # a link out of the directory is refused (see `inputs`)
        if problems:
            raise ContentErrors(problems)
        self.files = {path.relative_to(directory).as_posix(): path.read_bytes() for path in sorted(map(Path, found))}
        self.file_digests = {name: hashlib.sha256(data).hexdigest() for name, data in self.files.items()}
        self.digest = _digest_of(self.file_digests, self.file_digests)
        known = uses or {}
        self.uses: TemplateUses = {digest: known[digest] if digest in known else _referenced(self.files[name])
                                   for name, digest in self.file_digests.items()}

    def page_digests(self, pages: Iterable[str] = PAGE_TEMPLATES) -> dict[str, str]:
        """For each page template, a digest of its file and of every template it uses, directly or not (all
        the templates, if one of them names a template with an expression)."""
        digests = {}
        for page in pages:
            needed: set[str] = set()
            waiting = [page]
            while waiting:
                name = waiting.pop()
                if name not in needed:
                    needed.add(name)
                    digest = self.file_digests.get(name)
                    used = self.uses[digest] if digest is not None else ()  # a missing template fails when rendered
                    if used is None:
                        needed = set(self.files)
                        break
                    waiting += used
            digests[page] = _digest_of(self.file_digests, needed)
        return digests


def _digest_of(file_digests: Mapping[str, str], names: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(names):
        digest.update(f"{name}\0{file_digests.get(name, 'missing')}\0".encode())
    return digest.hexdigest()


def _referenced(source: bytes) -> tuple[str, ...] | None:
    """The templates `source` extends, includes or imports, by name; None if it names one with an expression
    (which could be any template) or cannot be parsed (its error is reported when it is rendered)."""
    import jinja2
    import jinja2.meta

    try:
        found = list(jinja2.meta.find_referenced_templates(_parser().parse(source.decode("utf-8", "replace"))))
    except jinja2.TemplateSyntaxError:
        return None
    if any(name is None for name in found):
        return None
    # As Jinja's loaders read a name: "./partials//x.html" is "partials/x.html".
    return tuple(sorted({"/".join(piece for piece in name.split("/") if piece not in ("", ".")) for name in found}))


def _parser() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(trim_blocks=True, lstrip_blocks=True)


def create_environment(templates_dir: Path, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """The site's Jinja environment; compiled templates are kept in `bytecode_dir` if given."""
    import jinja2

    class BytecodeCache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with suppress(OSError):  # a template it cannot keep is only compiled again next time
                super().dump_bytecode(bucket)

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

    environment = jinja2.Environment(
        loader=InsideLoader(templates_dir),
        bytecode_cache=BytecodeCache(str(bytecode_dir)) if bytecode_dir else None,
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
