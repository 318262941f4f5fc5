"""The same corpus as a Hugo site and as a Pelican site, for side-by-side timings.

Both get what our build makes: a page per event, a list of events, and a page
per leader (a taxonomy in Hugo, tags in Pelican), from the same Markdown bodies.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.content import load_content

HUGO_LAYOUTS = {
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


def _full_date(iso: str) -> str:
    parts = iso.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_hugo_site(content_dir: Path, root: Path) -> Path:
    content = load_content(content_dir)
    shutil.rmtree(root, ignore_errors=True)
    (root / "content" / "events").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Benchmark"\ndisableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
        '[taxonomies]\nleader = "leaders"\n', encoding="utf-8")
    for relative, text in HUGO_LAYOUTS.items():
        path = root / "layouts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for event in content.events:
        leaders = "".join(f"\n  - {_yaml_string(ref.name)}" for ref in event.leaders + event.mentions)
        (root / "content" / "events" / f"{event.slug}.md").write_text(
            f"---\ntitle: {_yaml_string(event.title)}\ndate: {_full_date(event.date.iso)}\nleaders:{leaders}\n---\n\n{event.body}\n",
            encoding="utf-8")
    return root


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
