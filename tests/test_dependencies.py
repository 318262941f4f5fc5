"""Pages cannot go stale, whatever their templates read.

The family at the heart of it: to every page template in turn, a site owner
adds a line that shows data the stock template does not show there; the data
is then edited. The cached build and the preview must equal a clean build,
byte for byte, and the line must show the edit (so the test cannot pass with a
line that shows nothing).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import SampleSite, event_text, tree

from generator.dates import PartialDate
from generator.errors import ContentErrors
from generator.dependencies import ReadValues, UnrecordableValue, argument_key, fingerprint
from generator.output import MemoryTarget
from generator.pages import KINDS
from generator.pipeline import PROJECT_ROOT, Builder, BuildOptions, Project, build
from generator.records import Event, Leader, LeaderRef
from generator.preview.model import Preview

PREVIEW_BASE = "http://127.0.0.1:1/"


class Probe(NamedTuple):
    """A line added to a template (after `anchor`), and an edit of the data it shows."""

    template: str
    anchor: str
    line: str
    edit: Callable[[SampleSite, Path], None]
    shows: str  # in the clean build's output once edited


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_alias(sample: SampleSite, templates: Path) -> None:
    sample.leader("to-lam", "Tô Lâm", "Việt Nam", ["Lâm", "Probe Alias"])


def retitle(slug: str) -> Callable[[SampleSite, Path], None]:
    return lambda sample, templates: _replace(sample.content / "events" / f"{slug}.md", "title: ", "title: Probe ")


def resummarise(sample: SampleSite, templates: Path) -> None:
    _replace(sample.content / "events" / "2019-05-06-hanoi.md", "summary: A summary.", "summary: Probe summary.")


def rename_publisher(sample: SampleSite, templates: Path) -> None:
    _replace(sample.content / "sources.yml", "Việt Nam News,", "Probe News,")


def reprofile(sample: SampleSite, templates: Path) -> None:
    _replace(sample.content / "leaders" / "thongloun-sisoulith.md", "---\n", "---\nA probe profile.\n")
    path = sample.content / "leaders" / "thongloun-sisoulith.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("A probe profile.\n", "", 1).rstrip("\n") + "\n\nA probe profile.\n", encoding="utf-8")


def retopic(sample: SampleSite, templates: Path) -> None:
    _replace(sample.content / "events" / "2024-10-24-kazan.md", "source: VNS", "source: VNS\ntopics: [Probe topic]")


def edit_partial(sample: SampleSite, templates: Path) -> None:
    (templates / "partials" / "probe.html").write_text("Probe partial, edited", encoding="utf-8")


PROBES = {
    # The four probes the issue found stale under hand-declared inputs.
    "aliases on relations": Probe("relations.html", '<h2 id="pairs">{{ _("Leaders who met") }}</h2>',
                                  '<p>{% for pair in site.pairs %}{{ pair.first.aliases | join("/") }};{% endfor %}</p>',
                                  add_alias, "Probe Alias"),
    "titles on leaders": Probe("leaders.html", '<li><a href="{{ links.leader(leader) }}">',
                               '{% for event in site.events_of(leader) %}{{ event.title }};{% endfor %}',
                               retitle("2021-02-11-no-place"), "Probe "),
    "aliases on the timeline": Probe("timeline.html", "{{ leader_chips(parts) }}",
                                     '<p>{% for part in parts %}{{ part.leader.aliases | join("/") }};{% endfor %}</p>',
                                     add_alias, "Probe Alias"),
    "latest title in base": Probe("base.html", '<footer class="site-footer">',
                                  "<p>Latest: {{ site.events[-1].title }}</p>", retitle("2024-10-24-kazan"), "Probe "),
    # One more for every page template, and the ways in besides queries.
    "a neighbour's summary on an event page": Probe(
        "event.html", '<footer class="reports">',
        "{% set previous = site.previous(event) %}{% if previous %}{{ event_html[previous.slug].summary }}{% endif %}",
        resummarise, "Probe summary."),
    "publishers on a leader page": Probe(
        "leader.html", '<h2 id="took-part">',
        "{% for event in site.events_of(leader) %}{% for publisher in site.publishers_of(event) %}"
        "{{ publisher.name }};{% endfor %}{% endfor %}", rename_publisher, "Probe News"),
    "summaries on this day": Probe("on_this_day.html", '<a href="{{ links.event(event) }}">{{ event.title }}</a>',
                                   "{{ event_html[event.slug].summary }}", resummarise, "Probe summary."),
    "the event count on the 404 page": Probe("404.html", '<h1>{{ _("Page not found") }}</h1>',
                                             "<p>{{ site.events | length }} events</p>",
                                             lambda sample, templates: sample.event("2022-01-01-added.md", event_text(
                                                 title="Added", date="2022-01-01")), "7 events"),
    "a profile on the timeline": Probe("timeline.html", "{{ leader_chips(parts) }}",
                                       '{% for part in parts %}{{ leader_html[part.leader.slug] }}{% endfor %}',
                                       reprofile, "A probe profile."),
    "topics in a macro": Probe("partials/macros.html", '{% if event.place %} <span class="place">',
                               "{{ event.topics | join(',') }}", retopic, "Probe topic"),
    "a partial named by an expression": Probe("event.html", '<footer class="reports">',
                                              '{% include "partials/" ~ "probe" ~ ".html" %}', edit_partial,
                                              "Probe partial, edited"),
}


def test_every_page_template_has_a_probe():
    assert {kind.template for kind in KINDS} <= {probe.template for probe in PROBES.values()}


def sample_site(sample: SampleSite) -> None:
    """Six events over four years, both sides, a mention and two publishers: every page kind has something."""
    sample.event("2019-05-06-hanoi.md", event_text(title="Hà Nội talks", date="2019-05-06",
                                                   leaders="[Tô Lâm, Thongloun Sisoulith]"))
    sample.event("2021-02-11-no-place.md", event_text(title="A call", date="2021-02-11",
                                                      leaders="[Chính, Thongloun Sisoulith]"))
    sample.event("2021-06-month.md", event_text(title="A month", date="2021-06", leaders="[Chính]"))
    sample.event("2023-05-10-jakarta.md", event_text(title="Jakarta", date="2023-05-10",
                                                     leaders="[Chính, Thongloun Sisoulith]", extra="mentions: [Lâm]\n"))
    sample.event("2024-03-01-year.md", event_text(title="Hà Nội again", date="2024-03-01", leaders="[Tô Lâm]"))
    sample.event("2024-10-24-kazan.md", event_text(title="Kazan", date="2024-10-24",
                                                   leaders="[Tô Lâm, Thongloun Sisoulith]",
                                                   extra="place: Kazan, Russia\n").replace("source: VNS", "source: VNS"))


@pytest.mark.parametrize("name", list(PROBES))
def test_a_template_showing_new_data_never_goes_stale(name: str, sample: SampleSite, tmp_path: Path):
    probe = PROBES[name]
    sample_site(sample)
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    (templates / "partials" / "probe.html").write_text("Probe partial", encoding="utf-8")
    _replace(templates / probe.template, probe.anchor, probe.line + probe.anchor)
    project = Project(content_dir=sample.content, templates_dir=templates)
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    preview = Preview(project, BuildOptions(base_url=PREVIEW_BASE), log=lambda _: None)

    def preview_pages() -> dict[str, bytes]:
        return {output: preview.response(output.removesuffix("index.html"))[2]
                for output in preview.plan.pages}

    build(project, out, cache_dir=cache)
    preview.rebuild()
    before = preview_pages()

    probe.edit(sample, templates)
    build(project, out, cache_dir=cache)
    preview.rebuild(list(sample.content.rglob("*")) + list(templates.rglob("*")))
    clean = tmp_path / "clean"
    build(project, clean)
    assert tree(out) == tree(clean)
    assert any(probe.shows.encode() in data for data in tree(clean).values()), "the probe shows nothing"
    clean_preview = MemoryTarget()
    Builder(project, BuildOptions(base_url=PREVIEW_BASE), version_assets=False, parallel=False).build(clean_preview)
    served = preview_pages()
    assert served == {output: clean_preview.bytes_of(output) for output in served}
    assert served != before


def test_fingerprints_stand_records_for_their_digest_and_values_for_themselves():
    event = Event("e.md", "e", "T", PartialDate(2024, 1, 2), None, (LeaderRef("A", None, 1),), (), "VNS", None,
                  None, (), False, None, digest="d1")
    assert fingerprint([event]) == fingerprint([event._replace(title="Other")])  # the digest covers the file
    assert fingerprint([event]) != fingerprint([event._replace(digest="d2")])
    assert fingerprint((1, "a")) != fingerprint(("1", "a")) != fingerprint([1, "a"])
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
    assert fingerprint(PartialDate(2024, 1)) != fingerprint(PartialDate(2024, 1, 1))
    with pytest.raises(UnrecordableValue):
        fingerprint(object())


def test_a_query_argument_is_named_by_its_kind_and_slug():
    leader = Leader("l.md", "to-lam", "Tô Lâm", "Việt Nam", "viet-nam", (), "")
    assert argument_key(leader) == ("Leader", "to-lam")
    assert argument_key(3) == 3 and argument_key("x") == "x"
    with pytest.raises(UnrecordableValue):
        argument_key(object())


def test_a_read_of_a_record_the_site_no_longer_has_differs_from_any_answer():
    values = ReadValues(object(), resolve=lambda key: None, event_markdown=lambda slug: None,
                        leader_digest=lambda slug: None, template_digest=lambda name: None)
    assert values[("query", "events_of", (("Leader", "gone"),))] == "gone"
    assert values[("html", "gone")] == "gone"
    assert values[("template", "gone.html")] == "missing"


def test_a_template_reading_what_no_fingerprint_can_hold_is_told_so_at_its_file(sample: SampleSite, tmp_path: Path):
    sample_site(sample)
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_ROOT / "templates", templates)
    _replace(templates / "404.html", "<h1>", "{{ site.countries | length }}<h1>")
    (templates / "partials" / "odd.html").write_text("")
    project = Project(content_dir=sample.content, templates_dir=templates)
    build(project, tmp_path / "ok")  # countries: records, fine

    _replace(templates / "404.html", "{{ site.countries | length }}", "{{ site.nope }}")
    with pytest.raises(ContentErrors) as failure:
        build(project, tmp_path / "unknown")
    assert "templates/404.html:" in str(failure.value.errors[0]) and "templates may ask" in str(failure.value.errors[0])
