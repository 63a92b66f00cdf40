"""Hedge drift between two claims that only share a rare entity: another speaker retells the claim
in the same words (claim grouping keeps the wordings apart), on a real FalkorDB graph."""

from __future__ import annotations

import json

from kg import drift
from kg.ingest import ingest_paths
from ontology import checked

RETOLD = [
    {
        "title": "Orlov bid takes shape",
        "outlet": "Harbor Times",
        "published": "2024-03-01",
        "text": "Mr Orlov's latest move is being led by Mr Orlov's two sons, Ivo and Emil, "
        "according to the Financial Ledger.",
    },
    {
        "title": "Sharks owner eyes club",
        "outlet": "Ridge Daily",
        "published": "2024-03-05",
        "text": "The approach by the 70-year-old owner of the Kestrel Sharks team is reportedly being led by "
        "his two sons, Ivo and Emil.",
    },
]
STATEMENTS = checked(
    """MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim)
WHERE s.sentence CONTAINS 'Ivo and Emil' AND s.stance = 'asserts'
RETURN a.title AS title, s.id AS id, c.id AS claim"""
)


def test_a_retelling_softens_across_claims_and_a_neighbour_refresh_keeps_the_link(store, settings, tmp_path) -> None:
    path = tmp_path / "retold.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in RETOLD))
    assert ingest_paths(store, [path], settings).ok
    rows = store.query(STATEMENTS)
    firm = {r["id"]: r["claim"] for r in rows if r["title"] == RETOLD[0]["title"]}
    hedged = {r["id"]: r["claim"] for r in rows if r["title"] == RETOLD[1]["title"]}
    assert firm and hedged and not set(firm.values()) & set(hedged.values()), "grouping keeps the two apart"
    claim = next(iter(hedged.values()))
    found = drift.claim_drift(store, claim)
    assert found is not None and found.softened
    assert {(t, b) for t, a, b in found.links if a in hedged} == {("SOFTENS", sid) for sid in firm}
    drift.refresh(store, [claim], echo=False)  # as a neighbour of a later write group: echoes not read again
    again = drift.claim_drift(store, claim)
    assert again is not None and again.softened and again.links == found.links
