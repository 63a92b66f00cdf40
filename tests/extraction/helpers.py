"""Shared helpers for the extraction tests."""

from __future__ import annotations

from extraction.pipeline import extract_doc
from extraction.records import ArticleRecord, AttributionRecord, Extraction


def extract(nlp, text: str, outlet: str = "") -> Extraction:
    return extract_doc(nlp(text), ArticleRecord(id="t", text=text, outlet=outlet))


def by_cue(ex: Extraction, cue: str) -> AttributionRecord:
    found = [a for a in ex.attributions if a.cue.text.lower() == cue.lower()]
    assert found, f"no statement with cue {cue!r}: {[a.cue.text for a in ex.attributions]}"
    return found[0]


def entity(ex: Extraction, eid: str):
    found = [e for e in ex.entities if e.id == eid]
    assert found, f"no entity {eid!r}: {[e.id for e in ex.entities]}"
    return found[0]
