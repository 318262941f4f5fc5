"""The template environment: the templates directory as a build sees it, and the templates a page loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.dependencies import Recorder, ReadValues
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
