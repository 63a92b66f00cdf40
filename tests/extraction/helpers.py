"""Shared helpers for the extraction tests."""

from __future__ import annotations

from collections.abc import Iterable

from extraction.pipeline import extract_doc
from extraction.records import (
    ArticleRecord,
    AttributionRecord,
    ClaimRecord,
    EntityRecord,
    Extraction,
    RelationRecord,
    SourceSpan,
    Span,
    entity_id,
)


def extract(nlp, text: str, outlet: str = "") -> Extraction:
    return extract_doc(nlp(text), ArticleRecord(id="t", text=text, outlet=outlet))


def by_cue(ex: Extraction, cue: str) -> AttributionRecord:
    found = [a for a in ex.attributions if a.cue.text.lower() == cue.lower()]
    assert found, f"no statement with cue {cue!r}: {[a.cue.text for a in ex.attributions]}"
    return found[0]


def typed(entities: Iterable[EntityRecord], eid: str | None) -> str | None:
    """'type:id', how the tests name an entity: its id (the normalised name) and the type it was given."""
    rec = next((e for e in entities if e.id == eid), None)
    return f"{rec.type.lower()}:{eid}" if rec is not None and rec.type != "Outlet" else eid


def triple(entities: Iterable[EntityRecord], r: RelationRecord) -> tuple[str | None, str, str | None]:
    ents = list(entities)
    return typed(ents, r.subject), r.predicate, typed(ents, r.object)


def entity(ex: Extraction, name: str):
    """The entity a test names as 'type:id' (or an outlet's id)."""
    found = [e for e in ex.entities if typed(ex.entities, e.id) == name]
    assert found, f"no entity {name!r}: {[typed(ex.entities, e.id) for e in ex.entities]}"
    return found[0]


def extraction_with(doc: str, ents: list[tuple[str, str, int]], claims: list[ClaimRecord] = ()) -> Extraction:  # type: ignore[assignment]
    entities = [
        EntityRecord(id=entity_id(n), name=n, type=t, aliases=[n], mentions=[Span(0, len(n), n)] * k)
        for n, t, k in ents
    ]
    atts = [
        AttributionRecord(
            id=f"s{i}",
            cue=Span(0, 4, "said"),
            content=Span(0, 1, c.text),
            sentence=Span(0, 1, c.text),
            source=SourceSpan(0, 1, "x", entities[0].id if entities else None),
            claim=c.id,
        )
        for i, c in enumerate(claims)
    ]
    return Extraction(article=ArticleRecord(id=doc, text=""), entities=entities, attributions=atts, claims=list(claims))
