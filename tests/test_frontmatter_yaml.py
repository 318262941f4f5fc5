"""The YAML loader's plain-document walk gives exactly what PyYAML's constructor gives."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import frontmatter_yaml
from generator.frontmatter_yaml import FrontMatterError, construct, construct_general

KEYS = st.sampled_from(["title", "date", "leaders", "name", "role", "a", "Tô", "To\u0302", "<<", "? x", "1", "~"])
SCALARS = st.sampled_from([
    "No", "yes", "1", "0x1f", "1.5", ".inf", "~", "null", "", "2024-10-24", "2024-10", "text", "Tô Lâm", "To\u0302 La\u0302m",
    '"quoted: text"', '"\\ud83d\\ude00"', '"\\ud800"', "'single ''quote'''", ">-\n  folded\n  text", "|\n  literal",
    "[a, b, 1]", "{a: 1}", "&anchor value", "*anchor", "!!str 1", "!!binary aGk=", "!custom x", "!!set {a}",
    "2001-12-14t21:59:43.10-05:00", "a: b", "- x", "@", "'unclosed",
])


@st.composite
def documents(draw, depth: int = 0) -> str:
    """Front-matter-like YAML, often valid, sometimes not."""
    lines = []
    indent = "  " * depth
    for _ in range(draw(st.integers(1, 4))):
        key = draw(KEYS)
        shape = draw(st.sampled_from(["scalar", "scalar", "list", "mapping"] if depth < 2 else ["scalar"]))
        if shape == "scalar":
            lines.append(f"{indent}{key}: {draw(SCALARS)}".replace("\n", "\n" + indent))
        elif shape == "list":
            lines.append(f"{indent}{key}:")
            for _ in range(draw(st.integers(0, 3))):
                inner = draw(documents(depth + 2)).lstrip()
                item = draw(st.sampled_from([inner, draw(SCALARS)]))
                lines.append(f"{indent}  - {item}".replace("\n", "\n" + indent))
        else:
            lines.append(f"{indent}{key}:\n{draw(documents(depth + 1))}")
    if depth == 0 and draw(st.booleans()):
        lines.insert(0, "base: &base {role: Minister}")
        lines.append("merged:\n  <<: *base\n  name: Someone")
    return "\n".join(lines)


def _outcome(source: str, walk) -> tuple:
    loader = frontmatter_yaml._Loader(source)
    try:
        node = loader.get_single_node()
        return ("value",) + walk(loader, node, 5) if node is not None else ("empty",)
    except (yaml.YAMLError, FrontMatterError) as error:
        return ("error", type(error).__name__, str(error), getattr(error, "line", None))
    finally:
        loader.dispose()


@settings(deadline=None)
@given(documents())
def test_the_plain_walk_gives_what_pyyaml_gives(source: str):
    assert _outcome(source, construct) == _outcome(source, construct_general)


@pytest.mark.parametrize("source, plain", [
    ('title: "A"\ndate: 2024-10-24\nleaders:\n  - name: Tô Lâm\n    role: General Secretary\ntopics: [a, b]\ndraft: no', True),
    ("a: &x 1\nb: *x", False),
    ("base: &b {a: 1}\nc:\n  <<: *b", False),
    ("a: !!binary aGk=", False),
])
def test_front_matter_as_people_write_it_takes_the_plain_walk(monkeypatch: pytest.MonkeyPatch, source: str, plain: bool):
    general = []
    monkeypatch.setattr(frontmatter_yaml, "construct_general",
                        lambda *args: general.append(1) or construct_general(*args))
    data, _ = frontmatter_yaml.load_mapping(source)
    assert data and (not general) == plain
