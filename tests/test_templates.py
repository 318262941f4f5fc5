"""The template environment: the templates directory as a build sees it, and the templates a page loads."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
import pytest

from generator.dependencies import Recorder, ReadValues
from generator.recent import RecentlyUsed
from generator.templates import TemplateSet, create_environment


def write(directory: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")


def test_the_template_set_has_a_digest_per_file_and_one_for_them_all(tmp_path: Path):
    write(tmp_path, {"base.html": "a", "partials/x.html": "b"})
    first = TemplateSet(tmp_path)
    assert set(first.file_digests) == {"base.html", "partials/x.html"}
    (tmp_path / "partials/x.html").write_text("c")
    second = TemplateSet(tmp_path)
    assert second.file_digests["base.html"] == first.file_digests["base.html"]
    assert second.file_digests["partials/x.html"] != first.file_digests["partials/x.html"]
    assert second.digest != first.digest


@pytest.mark.parametrize(("page", "loaded"), [
    ("plain.html", {"plain.html"}),
    ("event.html", {"event.html", "base.html", "partials/macros.html", "partials/day.html"}),
    # A name made by an expression is whatever it is when the page renders: no parser could know it.
    ("dynamic.html", {"dynamic.html", "partials/day.html"}),
    ("relative.html", {"relative.html", "partials/day.html"}),
])
def test_every_template_a_page_loads_is_noted_as_it_renders(tmp_path: Path, page: str, loaded: set[str]):
    write(tmp_path, {
        "plain.html": "x",
        "base.html": "<html>{% block main %}{% endblock %}</html>",
        "event.html": '{% extends "base.html" %}{% from "partials/macros.html" import day %}'
                      "{% block main %}{{ day() }}{% endblock %}",
        "partials/macros.html": '{% macro day() %}{% include "partials/day.html" %}{% endmacro %}',
        "partials/day.html": "24",
        "dynamic.html": '{% include "partials/" ~ kind ~ ".html" %}',
        "relative.html": '{% include "./partials//day.html" %}',
        "unused.html": "never loaded",
    })
    templates = TemplateSet(tmp_path)
    recorder = Recorder()
    values = ReadValues(None, resolve=lambda key: None, event_markdown=lambda slug: None,
                        leader_digest=lambda slug: None, template_digest=templates.file_digests.get)
    environment = create_environment(tmp_path, recorder=recorder)
    recorder.start()
    environment.get_template(page).render(kind="day")
    reads = recorder.stop()
    assert {read[1] for read in reads} == loaded
    assert all(values[read] == templates.file_digests[read[1]] for read in reads)


@pytest.fixture
def compiled_names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every template Jinja compiles from now on, in order."""
    names: list[str] = []
    compile_template = jinja2.Environment.compile

    def noting(self, source, name=None, filename=None, *args, **kwargs):  # noqa: ANN001, ANN202 - Jinja's own
        names.append(name)
        return compile_template(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", noting)
    return names


def test_a_new_environment_compiles_again_only_the_templates_whose_text_changed(tmp_path: Path, compiled_names):
    write(tmp_path, {"a.html": "{{ 1 + 1 }} a", "b.html": '{% include "a.html" %} b'})
    assert create_environment(tmp_path).get_template("b.html").render() == "2 a b"
    assert compiled_names == ["b.html", "a.html"]
    (tmp_path / "b.html").write_text('{% include "a.html" %} b, edited', encoding="utf-8")
    assert create_environment(tmp_path).get_template("b.html").render() == "2 a b, edited"
    assert compiled_names == ["b.html", "a.html", "b.html"]
    (tmp_path / "b.html").write_text('{% include "a.html" %} b', encoding="utf-8")  # back as it was: kept
    assert create_environment(tmp_path).get_template("b.html").render() == "2 a b"
    assert compiled_names == ["b.html", "a.html", "b.html"]


def test_the_same_text_in_another_directory_is_compiled_for_its_own_file(tmp_path: Path, compiled_names):
    # A template's compiled code names its file, which a template error names (see `template_errors`).
    for directory in ("one", "two"):
        write(tmp_path / directory, {"a.html": "{{ missing.attribute }}"})
        with pytest.raises(jinja2.UndefinedError) as raised:
            create_environment(tmp_path / directory).get_template("a.html").render()
        assert str(tmp_path / directory / "a.html") in "".join(traceback.format_tb(raised.tb))
    assert compiled_names == ["a.html", "a.html"]


def test_compiled_templates_are_kept_in_the_bytecode_directory_for_the_next_process(
        tmp_path: Path, compiled_names, monkeypatch: pytest.MonkeyPatch):
    from generator import templates

    write(tmp_path / "templates", {"a.html": "kept {{ 2 * 3 }}"})
    create_environment(tmp_path / "templates", tmp_path / "bytecode").get_template("a.html")
    assert len(list((tmp_path / "bytecode").iterdir())) == 1
    monkeypatch.setattr(templates, "COMPILED", RecentlyUsed(size=64))  # as a new process starts
    assert create_environment(tmp_path / "templates", tmp_path / "bytecode").get_template("a.html").render() == "kept 6"
    assert compiled_names == ["a.html"]


def test_compiled_templates_kept_in_memory_are_bounded(tmp_path: Path, compiled_names,
                                                        monkeypatch: pytest.MonkeyPatch):
    from generator import templates

    monkeypatch.setattr(templates, "COMPILED", RecentlyUsed(size=2))
    write(tmp_path, {"a.html": "a", "b.html": "b", "c.html": "c"})
    for name in ("a.html", "b.html", "a.html", "c.html", "a.html", "b.html"):
        create_environment(tmp_path).get_template(name)
    # a, b; a kept; c pushes out b, the least recently used; a kept; b again
    assert compiled_names == ["a.html", "b.html", "c.html", "b.html"]
