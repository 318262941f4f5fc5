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
from typing import Any, NamedTuple

import frontmatter
import yaml

from .errors import FrontMatterError

Location = tuple[Any, ...]  # ("leaders", 0, "name") addresses a value in the document

MAX_ALIASES = 100
_SURROGATE = re.compile("[\ud800-\udfff]")
_HANDLER = frontmatter.YAMLHandler()



class Document(NamedTuple):
    """The parsed parts of one content file."""

    data: dict[str, Any]
    body: str
    body_line: int
    lines: dict[Location, int]

    def line_of(self, *location: Any) -> int | None:
        """The file line of a value, or of its nearest enclosing value."""
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get(())


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: much faster


class _Loader(_BaseLoader):
    """Safe loader that leaves timestamps as text and keeps strings valid and NFC."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_scalar(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        value = super().construct_scalar(node)
        return _valid_text(value, node) if isinstance(value, str) else value


def _valid_text(value: str, node: yaml.Node) -> str:
    if value.isascii():  # ASCII text is valid and NFC already
        return value
    # Escapes like "\\ud83d\\ude00" reach here as surrogate halves, past the file's
    # own decoding: join valid pairs, refuse lone halves.
    if _SURROGATE.search(value):
        try:
            value = value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a \\u escape gives a lone surrogate, which is not a character", node.start_mark
            ) from None
    return unicodedata.normalize("NFC", value)


def parse_document(text: str, empty_allowed: bool = False) -> Document:
    """Split `text` (already decoded and normalised) and load its front matter; `empty_allowed` accepts
    `---` followed by `---` (a translation may have no field to give, only a body)."""
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
    data, lines = load_mapping(text[opening.end() : closing.start()], first_yaml_line, empty_allowed)
    body = text[closing.end() :]
    body_line = text.count("\n", 0, closing.end()) + 1 + len(body) - len(body.lstrip("\n"))
    return Document(data=data, body=body.strip("\n"), body_line=body_line, lines=lines)


def load_mapping(source: str, first_line: int = 1,
                 empty_allowed: bool = False) -> tuple[dict[str, Any], dict[Location, int]]:
    """Load a YAML mapping whose first line is `first_line` of its file (no fields at all: an error unless
    `empty_allowed`)."""
    loader = None
    try:
        loader = _Loader(source)
        node = loader.get_single_node()
        data, lines = construct(loader, node, first_line) if node is not None else (None, {})
    except yaml.MarkedYAMLError as error:
        quote = _unclosed_quote(source, error, first_line)
        if quote is not None:
            raise FrontMatterError(*quote) from None
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
    if data is None and empty_allowed:  # its problems are told at the opening `---`
        return {}, {(): max(first_line - 1, 1)}
    if data is None:
        raise FrontMatterError("no fields: write `field: value` lines", first_line)
    if not isinstance(data, dict):
        raise FrontMatterError(
            "expected `field: value` lines, not a single value or a list",
            first_line,
        )
    return data, lines


def construct(loader: _Loader, node: yaml.Node, first_line: int) -> tuple[Any, dict[Location, int]]:
    """The value of a composed document and the file line of each part of it."""
    lines: dict[Location, int] = {}
    try:
        return _construct_plain(loader, node, (), first_line, lines, set()), lines
    except (_NotPlain, yaml.YAMLError):
        # Errors too: the general walk decides which one to report (a bounded alias count comes first).
        return construct_general(loader, node, first_line)


def construct_general(loader: _Loader, node: yaml.Node, first_line: int) -> tuple[Any, dict[Location, int]]:
    """`construct` for any document: PyYAML's constructor, after a walk that records lines and bounds aliases."""
    lines: dict[Location, int] = {}
    _record_lines(node, (), first_line, lines, _Walk())
    return loader.construct_document(node), lines


class _NotPlain(Exception):
    """The document uses something only PyYAML's own constructor handles."""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_PLAIN_SCALARS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}


def _construct_plain(loader: _Loader, node: yaml.Node, location: Location, first_line: int,
                     lines: dict[Location, int], seen: set[int]) -> Any:
    """What `construct_general` gives, in one walk, for documents of mappings with text keys, lists and
    scalars without anchors, aliases, merges or unusual tags (front matter as people write it).

    PyYAML's constructor costs more than libyaml's parsing; this skips it where it adds nothing,
    and raises _NotPlain anywhere else.
    """
    if id(node) in seen:
        raise _NotPlain  # an alias
    seen.add(id(node))
    lines.setdefault(location, first_line + node.start_mark.line)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return _valid_text(node.value, node)
        if node.tag in _PLAIN_SCALARS:
            return loader.construct_object(node)  # few, and PyYAML's rules
        raise _NotPlain
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        mapping = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR or id(key_node) in seen:
                raise _NotPlain  # merges (`<<`), keys that are not text
            seen.add(id(key_node))
            key = _valid_text(key_node.value, key_node)
            lines[location + (key_node.value,)] = first_line + key_node.start_mark.line
            mapping[key] = _construct_plain(loader, value_node, location + (key_node.value,), first_line, lines, seen)
        return mapping
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_construct_plain(loader, item, location + (index,), first_line, lines, seen)
                for index, item in enumerate(node.value)]
    raise _NotPlain


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
            if not isinstance(key_node, yaml.ScalarNode):
                raise FrontMatterError("invalid YAML: a field name must be text, not a list or a mapping",
                                       first_line + key_node.start_mark.line)
            key = location + (key_node.value,)
            lines[key] = first_line + key_node.start_mark.line
            _record_lines(value_node, key, first_line, lines, walk, lines[key])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, location + (index,), first_line, lines, walk, line)


# A line that reads as the start of another field (`name:`, `- name:`): inside a quoted text, it means the
# quote before it was left open.
_FIELD_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?[^\s#:'\"-][^:\n]*:(?:[ \t]|$)", re.MULTILINE)


def _unclosed_quote(source: str, error: yaml.MarkedYAMLError, first_line: int) -> tuple[str, int] | None:
    """(message, file line) if `error` comes from a quote (or a bracket) left open; None for any other error.

    PyYAML reports an unclosed quote where the text ends (the closing `---`) or, if a later quote closes
    it, wherever the text that follows stops making sense; the mistake is on the line the quote opens.
    """
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None \
            and "end of stream" in (error.problem or ""):
        mark = error.context_mark
        opened = source[mark.index] if mark.index < len(source) else '"'
        return f"the quote ({opened}) opened here is never closed; close it on this line", first_line + mark.line
    error_mark = error.problem_mark or error.context_mark
    if error.context in ("while parsing a flow sequence", "while parsing a flow mapping") \
            and error.context_mark is not None and error_mark is not None and error_mark.index >= len(source.rstrip()):
        opened, closing = ("[", "]") if error.context.endswith("sequence") else ("{", "}")
        return (f"the bracket ({opened}) opened here is never closed; close it with {closing}",
                first_line + error.context_mark.line)
    for token in _tokens_before_the_error(source):
        if not isinstance(token, yaml.ScalarToken) or token.style not in ('"', "'") or token.plain:
            continue
        start, end = token.start_mark, token.end_mark
        if start.line == end.line or (error_mark is not None and error_mark.line < end.line):
            continue
        inside = source[start.index + 1 : end.index - 1]
        if _FIELD_LINE.search(inside.split("\n", 1)[1]):
            return (f"the quote ({token.style}) opened here is not closed on this line, so the lines after it, up to "
                    f"the next {token.style} on line {first_line + end.line}, are read as its text"), first_line + start.line
    return None


def _tokens_before_the_error(source: str) -> list[yaml.Token]:
    """The tokens PyYAML's pure-Python scanner reads before the first error (only for a file that has one)."""
    tokens = []
    try:
        for token in yaml.scan(source, Loader=yaml.SafeLoader):
            tokens.append(token)
    except (yaml.YAMLError, RecursionError):
        pass
    return tokens


def _describe(error: yaml.MarkedYAMLError) -> str:
    parts = [error.context, error.problem]
    return "; ".join(part for part in parts if part) or "could not parse"
