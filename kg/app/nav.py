"""The app's pages: file paths relative to the entry script (``app.py`` at the repo root)."""

from __future__ import annotations

ASK = "kg/app/pages/ask.py"
CLAIMS = "kg/app/pages/claims.py"
CLAIM = "kg/app/pages/claim.py"
SOURCES = "kg/app/pages/sources.py"
GRAPH = "kg/app/pages/graph.py"
INGEST = "kg/app/pages/ingest.py"

# (path, title, icon, url path)
PAGES: list[tuple[str, str, str, str]] = [
    (ASK, "Ask", ":material/forum:", "ask"),
    (CLAIMS, "Claims", ":material/fact_check:", "claims"),
    (CLAIM, "Claim provenance", ":material/timeline:", "claim"),
    (SOURCES, "Sources", ":material/record_voice_over:", "sources"),
    (GRAPH, "Graph", ":material/hub:", "graph"),
    (INGEST, "Ingest", ":material/upload_file:", "ingest"),
]
