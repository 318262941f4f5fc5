"""Rendered pages: Markdown conversion, sanitising and escaping as pages show them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SampleSite, event_text, soup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.dates import PartialDate
from generator.markup import _PLAIN_LINE, MarkdownRenderer, _unwrap_paragraph, convert_event
from generator.records import Event

EVENT = Event(path="content/events/2024-10-24-a.md", slug="2024-10-24-a", title="A", date=PartialDate(2024, 10, 24),
              place=None, leaders=(), mentions=(), source="VNS", source_url=None, summary=None, topics=(), draft=False,
              body="Body.")


def test_markdown_state_does_not_leak_between_documents():
    to_html = MarkdownRenderer()
    first = to_html("See [the report][r].\n\n[r]: https://example.org/r")
    second = to_html("See [the report][r].")
    assert 'href="https://example.org/r"' in first
    assert "href" not in second


@pytest.mark.parametrize("body, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ('<iframe src="https://example.org"></iframe>', "<iframe"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ("<style>body{display:none}</style>", "<style"),
])
def test_raw_html_in_bodies_is_sanitised(body: str, forbidden: str):
    assert forbidden not in MarkdownRenderer()(body).lower()


def test_front_matter_values_are_escaped_in_pages(sample: SampleSite):
    hostile = '"<script>alert(1)</script>'
    sample.event("2024-10-24-a.md", event_text(title="'" + hostile.replace("'", "''") + "'", extra=f"place: '{hostile}'\n"))
    out = sample.build()
    for page in (out / "index.html", out / "events" / "2024-10-24-a" / "index.html"):
        text = page.read_text()
        assert "<script>alert" not in text
        assert soup(page).find(string=lambda s: s and "<script>alert(1)</script>" in s)


def test_a_body_paragraph_becomes_the_summary_when_none_is_given(sample: SampleSite):
    text = event_text(body="The *lead* paragraph.\n\nMore.").replace("summary: A summary.\n", "")
    sample.event("2024-10-24-a.md", text)
    out = sample.build()
    summary = soup(out / "index.html").select_one(".summary")
    assert summary.decode_contents() == "The <em>lead</em> paragraph."


def test_events_known_to_the_month_or_year_show_that_precision(sample: SampleSite):
    sample.event("2024-10-a.md", event_text(title="Month", date="2024-10"))
    sample.event("1975-b.md", event_text(title="Year", date="1975"))
    out = sample.build()
    times = soup(out / "index.html").select(".entry time")
    assert [(t["datetime"], t.get_text()) for t in times] == [("1975", "1975"), ("2024-10", "October 2024")]


def test_drafts_are_left_out_unless_asked_for(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text())
    sample.event("2024-10-25-b.md", event_text(date="2024-10-25", extra="draft: true\n"))
    assert not (sample.build() / "events" / "2024-10-25-b").exists()
    assert (sample.build(tmp_path / "with-drafts", include_drafts=True) / "events" / "2024-10-25-b" / "index.html").is_file()


def test_pages_carry_a_content_security_policy_without_inline_script(real_site: Path):
    for page in real_site.rglob("*.html"):
        html = soup(page)
        policy = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        # Inline, only data a script reads and the browser never runs: structured data, the scripts' messages.
        assert all(script.get("src") or script.get("type") in ("application/ld+json", "application/json")
                   for script in html.find_all("script"))


def test_plain_summaries_skip_markdown():
    for summary in ["Friendship, customs and culture.", "Tô Lâm met Sonexay Siphandone (Vientiane) — “talks”…",
                    "Đà Nẵng’s 50% share? Yes!"]:
        assert _PLAIN_LINE.fullmatch(summary)
    for summary in ["1. A list", "- item", "# Heading", "a *b*", "a & b", " lead", "trail ", "two\nlines", "a_b", "_a_"]:
        assert not _PLAIN_LINE.fullmatch(summary)


SUMMARY_PIECES = ["a", "b", "Đô", " ", "  ", "1", "1. ", "2024.", "*", "**", "_", "#", "- ", "+ ", "=", "|", "<b>", "&",
                  "&amp;", "[x](y)", "`c`", "\\", "\n", "\t", "\u00a0", "\u0301", ",", ".", ";", ":", "'", '"', "?", "!",
                  "(", ")", "/", "%", "–", "—", "‘", "’", "“", "”", "…"]


@given(st.lists(st.sampled_from(SUMMARY_PIECES), max_size=12).map("".join))
@settings(deadline=None)
def test_summaries_skipping_markdown_convert_as_markdown_would(summary: str):
    event = EVENT._replace(summary=summary)
    to_html = MarkdownRenderer()
    assert convert_event(event, to_html).summary == _unwrap_paragraph(to_html(summary))
