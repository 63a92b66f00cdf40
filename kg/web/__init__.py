"""Live news in: fetch pages, feeds and sitemaps politely and turn them into article records.

``urls`` (one key per story), ``fetch`` (timeouts, size cap, per-host pacing, robots.txt),
``page`` (article text and metadata), ``feeds`` (RSS/Atom and sitemaps), ``collect`` (URLs ->
records for ``kg.ingest``), ``watch`` (polling with conditional GET and a state file).
"""
