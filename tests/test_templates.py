"""The template environment: what each page template depends on, and template errors."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from generator.templates import TemplateSet, _referenced


@pytest.mark.parametrize(("source", "uses"), [
    ('{% extends "base.html" %}{% block main %}x{% endblock %}', {"base.html"}),
    ("{%- extends 'base.html' -%}", {"base.html"}),
    ('{% from "partials/macros.html" import date, event_list as events with context %}', {"partials/macros.html"}),
    ('{% import "partials/macros.html" as macros without context %}', {"partials/macros.html"}),
    ('{% include ["a.html", "b.html"] ignore missing with context %}', {"a.html", "b.html"}),
    ('{% include "./partials//x.html" %}', {"partials/x.html"}),
    ('{%include"a.html"%}', {"a.html"}),  # Jinja needs no space there
    ("{% for item in items %}{{ item }}{% endfor %}", set()),
    # A name made by an expression could be any template.
    ('{% include "partials/" ~ kind ~ ".html" %}', None),
    ("{% extends layout %}", None),
    ('{% include "a.html" if wide else "b.html" %}', None),
])
def test_the_templates_a_template_uses_are_read_by_jinjas_parser(source: str, uses: set[str] | None):
    assert _referenced(source.encode()) == (tuple(sorted(uses)) if uses is not None else None)


def template_digests(files: dict[str, bytes], pages: list[str]) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as directory:
        for name, data in files.items():
            (Path(directory) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(directory) / name).write_bytes(data)
        return TemplateSet(Path(directory)).page_digests(pages)


def test_a_page_templates_digest_covers_the_templates_it_uses_and_no_other():
    files = {"base.html": b"<html>{% block main %}{% endblock %}</html>",
             "event.html": b'{% extends "base.html" %}{% from "partials/macros.html" import date %}',
             "leader.html": b'{% extends "base.html" %}',
             "partials/macros.html": b'{% macro date(d) %}{% include "partials/day.html" %}{% endmacro %}',
             "partials/day.html": b"{{ d }}",
             "unused.html": b"nothing"}
    before = template_digests(files, ["event.html", "leader.html"])

    def after(name: str, data: bytes) -> dict[str, str]:
        return template_digests(files | {name: data}, ["event.html", "leader.html"])

    changed = lambda name: {page for page, digest in after(name, b"edited").items() if digest != before[page]}  # noqa: E731
    assert changed("base.html") == {"event.html", "leader.html"}
    assert changed("partials/day.html") == {"event.html"}  # through the macros, which include it
    assert changed("leader.html") == {"leader.html"}
    assert changed("unused.html") == set()
    assert {page for page, digest in after("leader.html", b"{% include name %}").items() if digest != before[page]} == \
        {"leader.html"}
    # Once a template names another by an expression, it depends on all of them.
    files["leader.html"] = b"{% include name %}"
    before = template_digests(files, ["event.html", "leader.html"])
    assert changed("unused.html") == {"leader.html"}



def test_what_a_template_names_is_parsed_once_per_version_of_its_file(tmp_path: Path):
    (tmp_path / "base.html").write_text("{% block main %}{% endblock %}")
    (tmp_path / "event.html").write_text('{% extends "base.html" %}')
    first = TemplateSet(tmp_path)
    assert set(first.uses.values()) == {(), ("base.html",)}
    # Known uses are believed, keyed by the file's digest: a rebuild with the same templates parses none.
    planted = {digest: ("planted.html",) for digest in first.uses}
    assert set(TemplateSet(tmp_path, planted).uses.values()) == {("planted.html",)}
    (tmp_path / "event.html").write_text('{% extends "base.html" %}{% include "other.html" %}')
    assert ("base.html", "other.html") in TemplateSet(tmp_path, planted).uses.values()


def test_a_template_jinja_cannot_parse_depends_on_every_template(tmp_path: Path):
    (tmp_path / "event.html").write_text("{% if %}")
    (tmp_path / "other.html").write_text("x")
    before = TemplateSet(tmp_path).page_digests(["event.html"])
    (tmp_path / "other.html").write_text("y")
    assert TemplateSet(tmp_path).page_digests(["event.html"]) != before
