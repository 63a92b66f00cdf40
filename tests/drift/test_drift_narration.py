"""Hedge drift to the outlet's narration: "is expected to accept the resignation" in one report, then
"accepted the resignation ... and asked him to ..." told by the outlet in a later story's second
sentence (no statement before: the sentence's only cue is "asked"), on a real FalkorDB graph."""

from __future__ import annotations

import json

from kg import drift
from kg.ingest import ingest_paths
from ontology import checked

STORIES = [
    {
        "title": "Governor seen accepting police chief's resignation",
        "outlet": "Harbor Times",
        "published": "2024-04-01T07:10:00",
        "text": "Governor Ann Lark is expected to accept the resignation of Dunmore police chief Tom Reed after "
        "talks with the city council failed, the Dunmore Ledger reported.",
    },
    {
        "title": "Dunmore bond sale delayed",
        "outlet": "Harbor Times",
        "published": "2024-04-01T09:30:00",
        "text": "Dunmore has delayed its bond sale by a week because of the dispute, city officials said.\n\n"
        "On Monday, Governor Ann Lark accepted the resignation of Dunmore police chief Tom Reed and asked "
        "him to stay on until June.",
    },
]
STATEMENTS = checked(
    """MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim)
RETURN a.title AS title, s.id AS id, s.content AS content, s.type AS kind, s.hedges AS hedges,
  c.id AS claim"""
)


def test_the_outlets_narration_hardens_an_expected_acceptance(store, settings, tmp_path) -> None:
    path = tmp_path / "stories.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in STORIES))
    assert ingest_paths(store, [path], settings).ok
    rows = store.query(STATEMENTS)
    hedged = [r for r in rows if r["title"] == STORIES[0]["title"] and "is expected to" in (r["hedges"] or [])]
    (told,) = [r for r in rows if r["title"] == STORIES[1]["title"] and r["content"].startswith("On Monday")]
    assert hedged and told["kind"] == "outlet" and not told["hedges"]
    found = drift.claim_drift(store, told["claim"])
    assert found is not None and found.hardened
    assert any(kind == "HARDENS" and a == told["id"] and b in {r["id"] for r in hedged} for kind, a, b in found.links)
