"""Split a Markdown file into front matter and body, and load the YAML safely.

python-frontmatter decides where the front matter is; the YAML itself is
loaded here, because its defaults hide mistakes a contributor needs to see:

* timestamps are not resolved, so `date: 2025-02-30` reaches our own date
  check (with a clear message) instead of failing inside PyYAML;
* only safe tags are constructed (`!!python/object` is refused);
* alias expansion is bounded, so "billion laughs" fails with a message;
* every value remembers its line, so errors can say `path:line`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import frontmatter
import yaml

from .document import Document, FrontMatterError, Location

MAX_ALIASES = 100
_SURROGATE = re.compile("[\ud800-\udfff]")
_HANDLER = frontmatter.YAMLHandler()

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: ~5x faster


class _Loader(_BaseLoader):
    """Safe loader that leaves timestamps as text and keeps strings valid and NFC."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_scalar(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        value = super().construct_scalar(node)
        if isinstance(value, str) and not value.isascii():  # ASCII text is valid and NFC already
            # Escapes like "\\ud83d\\ude00" reach here as surrogate halves, past the file's
            # own decoding: join valid pairs, refuse lone halves.
            if _SURROGATE.search(value):
                try:
                    value = value.encode("utf-16", "surrogatepass").decode("utf-16")
                except UnicodeDecodeError:
                    raise yaml.constructor.ConstructorError(
                        None, None, "a \\u escape gives a lone surrogate, which is not a character", node.start_mark
                    ) from None
            value = unicodedata.normalize("NFC", value)
        return value


def parse_document(text: str) -> Document:
    """Split `text` (already decoded and normalised) and load its front matter."""
    if not text.strip():
        raise FrontMatterError("empty file: it needs front matter between `---` lines")
    if not _HANDLER.detect(text):
        raise FrontMatterError("no front matter: does the file start with `---`?", 1)
    boundary = _HANDLER.FM_BOUNDARY
    opening = boundary.match(text)
    closing = boundary.search(text, opening.end())
    if closing is None:
        raise FrontMatterError("front matter is not closed: add a `---` line after it", 1)
    first_yaml_line = text.count("\n", 0, opening.end()) + 1
    data, lines = load_mapping(text[opening.end() : closing.start()], first_yaml_line)
    body = text[closing.end() :]
    body_line = text.count("\n", 0, closing.end()) + 1 + len(body) - len(body.lstrip("\n"))
    return Document(data=data, body=body.strip("\n"), body_line=body_line, lines=lines)


def load_mapping(source: str, first_line: int = 1) -> tuple[dict[str, Any], dict[Location, int]]:
    """Load a YAML mapping whose first line is `first_line` of its file."""
    loader = None
    try:
        loader = _Loader(source)
        node = loader.get_single_node()
        lines: dict[Location, int] = {}
        if node is not None:
            _record_lines(node, (), first_line, lines, _Walk())
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else None
        raise FrontMatterError(f"invalid YAML: {_describe(error)}", line) from None
    except yaml.reader.ReaderError as error:
        line = first_line + source.count("\n", 0, max(error.position, 0))
        raise FrontMatterError(f"invalid YAML: character {error.character!r} is not allowed", line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"invalid YAML: {error}", first_line) from None
    except RecursionError:
        raise FrontMatterError("invalid YAML: nested too deeply", first_line) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        raise FrontMatterError("no fields: write `field: value` lines", first_line)
    if not isinstance(data, dict):
        raise FrontMatterError(
            "expected `field: value` lines, not a single value or a list",
            first_line,
        )
    return data, lines


class _Walk:
    """The nodes one walk has visited; meeting a node again means an alias was used."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.aliases = 0


def _record_lines(node: yaml.Node, location: Location, first_line: int, lines: dict, walk: _Walk,
                  parent_line: int | None = None) -> None:
    """Record the file line of every value, and bound alias use ("billion laughs")."""
    if id(node) in walk.seen:
        # An aliased node is walked once, so a recursive document cannot loop here.
        walk.aliases += 1
        if walk.aliases > MAX_ALIASES:
            raise FrontMatterError(
                f"invalid YAML: more than {MAX_ALIASES} YAML aliases (*name); write the values out instead",
                parent_line,
            )
        return
    walk.seen.add(id(node))
    line = first_line + node.start_mark.line
    lines.setdefault(location, line)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = location + (key_node.value,)
            lines[key] = first_line + key_node.start_mark.line
            _record_lines(value_node, key, first_line, lines, walk, lines[key])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, location + (index,), first_line, lines, walk, line)


def _describe(error: yaml.MarkedYAMLError) -> str:
    parts = [error.context, error.problem]
    return "; ".join(part for part in parts if part) or "could not parse"
