"""Every page stays small at any size: no HTML page above `PAGE_BYTES` (150 KB), at 300 events and at 10,000,
the real chronology included, with every year's events reachable from the year navigation."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import html_tree, select
from generator.pages import PAGE_BYTES
from generator.pipeline import Project, build


def oversized(out: Path) -> list[tuple[str, int]]:
    return [(page.relative_to(out).as_posix(), size) for page in sorted(out.rglob("*.html"))
            if (size := page.stat().st_size) > PAGE_BYTES]


def linked(page: Path, href: str) -> Path:
    """The file a page's relative link names (links end in index.html: a site opened from disk follows them)."""
    return (page.parent / href.split("#")[0]).resolve()


def timeline_slugs(out: Path) -> list[str]:
    """Every event listed on the timeline's pages, reached as a reader would: the year navigation, then each
    year's parts."""
    home = html_tree(out / "index.html")
    if select(home, ".entry"):
        return [entry.get("data-slug") for entry in select(home, ".entry")]
    listed = []
    for year in select(home, ".year-nav li[data-year] a"):
        first = linked(out / "index.html", year.get("href"))
        parts = [linked(first, a.get("href")) for a in select(html_tree(first), ".year-parts a")] or [first]
        for part in parts:
            listed += [entry.get("data-slug") for entry in select(html_tree(part), ".entry")]
    return listed


@pytest.mark.parametrize("events", [300, 10_000])
def test_no_page_is_above_150_kb_and_every_event_is_on_the_timeline(benchmark_corpus, tmp_path: Path, events: int):
    content = benchmark_corpus(events=events, leaders=200, name=f"sizes-{events}")
    out = tmp_path / "_site"
    build(Project(content_dir=content), out)
    assert oversized(out) == []
    slugs = timeline_slugs(out)
    assert sorted(slugs) == sorted(path.stem for path in (content / "events").glob("*.md"))
    assert len(set(slugs)) == len(slugs)
    index = out / "on-this-day" / "index.html"
    months = select(html_tree(index), ".month-index a")
    assert months and all(linked(index, a.get("href")).is_file() for a in months)


def test_the_real_chronology_has_no_page_above_150_kb(real_site: Path):
    assert oversized(real_site) == []
