"""The plan: every page the page kinds make, and fingerprints made from what each page last read."""

from __future__ import annotations

from pathlib import Path

from conftest import SampleSite

from generator.cache import BuildCache
from generator.output import MemoryTarget
from generator.pages import KINDS, PAGE_TEMPLATES
from generator.pipeline import CACHED_RECORDS, PROJECT_ROOT, RESTORE, Builder
from generator.plan import UNRENDERED
from generator.queries import SiteQueries


def test_every_page_kind_has_its_template_and_the_plan_lists_their_pages_in_order(sample: SampleSite):
    sample.event("2024-10-24-a.md")
    sample.event("2025-01-02-b.md", date="2025-01-02")
    builder = Builder(sample.project, parallel=False)
    plan = builder.plan(builder.index())
    assert set(PAGE_TEMPLATES) == {kind.template for kind in KINDS}
    assert all((PROJECT_ROOT / "templates" / template).is_file() for template in PAGE_TEMPLATES)
    assert list(plan.pages) == [
        "index.html", "events/2024-10-24-a/index.html", "events/2025-01-02-b/index.html", "leaders/index.html",
        "leaders/pham-minh-chinh/index.html", "leaders/thongloun-sisoulith/index.html", "leaders/to-lam/index.html",
        "relations/index.html", "on-this-day/index.html", "on-this-day/01/index.html", "on-this-day/10/index.html",
        "404.html"]
    assert "404.html" not in plan.pages.indexed
    assert plan.pages.indexed == [output for output in plan.pages if output != "404.html"]


def test_a_page_never_rendered_is_rendered_and_then_known_by_its_reads(sample: SampleSite):
    sample.event("2024-10-24-a.md")
    builder = Builder(sample.project, parallel=False)
    assert set(builder.plan(builder.index()).fingerprints.all().values()) == {UNRENDERED}
    target = MemoryTarget()
    first = builder.build(target)
    assert len(first.rendered) == len(builder.plan(builder.index()).pages)
    assert builder.build(target).rendered == []
    reads = builder.page_reads["events/2024-10-24-a/index.html"]
    assert ("template", "event.html") in reads and ("template", "base.html") in reads
    assert ("html", "2024-10-24-a") in reads
    assert any(read[:2] == ("query", "participants") for read in reads)


def test_what_a_page_reads_is_kept_by_the_cache_for_the_next_build(sample: SampleSite, tmp_path: Path):
    from generator.pipeline import build

    sample.event("2024-10-24-a.md")
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(sample.project, out, cache_dir=cache)
    assert build(sample.project, out, cache_dir=cache).rendered == []
    sample.event("2024-10-24-a.md", title="Edited")
    rendered = build(sample.project, out, cache_dir=cache).rendered
    assert "events/2024-10-24-a/index.html" in rendered and "leaders/index.html" not in rendered


def test_a_plan_asks_again_only_the_reads_that_may_have_changed_and_keeps_the_other_pages_fingerprints(
        sample: SampleSite, tmp_path: Path):
    from generator.pipeline import build

    sample.event("2024-10-24-a.md")
    sample.event("2025-01-02-b.md", date="2025-01-02")
    sample.event("2026-01-03-c.md", date="2026-01-03")  # not A's neighbour: its page does not show A
    out, cache = tmp_path / "_site", tmp_path / ".cache"
    build(sample.project, out, cache_dir=cache)
    build(sample.project, out, cache_dir=cache)  # asks every read: the cold build's were asked in its workers
    sample.event("2024-10-24-a.md", title="Edited")
    builder = Builder(sample.project, cached=BuildCache(cache, restore=RESTORE, record_types=CACHED_RECORDS).load()[0])
    plan = builder.plan(builder.index())
    c_page = "events/2026-01-03-c/index.html"
    c_fingerprint = plan.fingerprints[c_page]
    asked_for_c = set(plan.fingerprints.values.values)  # what finding C's page's fingerprint asked
    fingerprints = plan.fingerprints.all()
    every_read = {read for reads in builder.page_reads.values() for read in reads}
    changed = plan.fingerprints.values.changed_reads()
    # C's own questions (its participants, its press, its HTML) did not change: neither C nor the world did.
    c_questions = [read for read in every_read if read[0] == "query" and read[1] in SiteQueries.RECORD_LOCAL
                   and read[2] == (("Event", "2026-01-03-c"),)]
    assert c_questions and not changed & {*c_questions, ("html", "2026-01-03-c")}
    assert not asked_for_c & {*c_questions, ("html", "2026-01-03-c")}  # nor were they asked
    assert not changed & set(builder.page_reads[c_page])
    # A's did: A changed. So did B's neighbour, which is A.
    assert ("query", "participants", (("Event", "2024-10-24-a"),)) in changed
    assert ("query", "previous", (("Event", "2025-01-02-b"),)) in changed
    # C's page keeps the fingerprint it had; A's is new; both are what a render from scratch gives.
    assert c_fingerprint == fingerprints[c_page] == BuildCache(cache, restore=RESTORE, record_types=CACHED_RECORDS).load()[0] \
        .answers["pages"][c_page][1]
    built = builder.build(MemoryTarget())  # a MemoryTarget holds nothing: every page is rendered
    assert fingerprints[c_page] == built.fingerprints[c_page]
    assert fingerprints["events/2024-10-24-a/index.html"] == built.fingerprints["events/2024-10-24-a/index.html"]
