"""The machine-readable exports: files other programs read, each made as bytes (the pipeline decides where
they go), from the indexed site alone (no clock), so that the same content gives the same bytes.

The formats, a module each:

- `atom`: the site's Atom feed and each leader's
- `sitemap`: sitemap.xml and robots.txt
- `timeline_json`: TimelineJS JSON
- `calendar_ics`: iCalendar, the events dated exactly to a day
- `csv_table`: CSV, a row per event
- `search_index`: what the timeline's search and filters read
- `on_this_day`: JSON Lines, a line per event dated exactly to a day
- `csl_json`, `bibtex`, `ris`: citations of every event's page (and each event's own CSL-JSON), written from
  one `reference`; `apa` is the citation the event page shows

`catalogue` says which files there are and what each is made of; `splice`
makes the ones that changed, copying the pieces they keep from their previous
versions. A new format goes in a module of its own that returns its head, its
piece for an event and its tail as text (or the whole file as bytes), and its
file goes in `catalogue` (its piece, if it has one per event, in `EventData`).
"""
