"""Hedge drift through event anaphora: "the acquisition is expected to close" (naming nobody, about the
acquisition the sentence named before), then "has completed the acquisition of ..." in a later
article, on a real FalkorDB graph. A later firm statement about something else that names the same
company does not harden it."""

from __future__ import annotations

import json

from kg import drift
from kg.ingest import ingest_paths
from ontology import checked

DEAL = [
    {
        "title": "Harlow deal cleared",
        "outlet": "Harbor Times",
        "published": "2024-04-01",
        "text": "Harlow Financial Corp said regulators cleared its planned acquisition of Brightwater Bancorp of "
        "Dunmore, Vermont, and the acquisition is expected to close in May.",
    },
    {
        "title": "Brightwater profit up",
        "outlet": "Harbor Times",
        "published": "2024-04-20",
        "text": "Brightwater Bancorp of Dunmore, Vermont, said its quarterly profit rose 10 pct to 4.1 mln dlrs.",
    },
    {
        "title": "Harlow completes deal",
        "outlet": "Ridge Daily",
        "published": "2024-05-02",
        "text": "Harlow Financial Corp said it has completed the acquisition of Brightwater Bancorp of Dunmore, "
        "Vermont, for 1.5 Harlow shares a share.",
    },
]
STATEMENTS = checked(
    """MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim)
WHERE s.stance = 'asserts'
RETURN a.title AS title, s.id AS id, s.content AS content, s.antecedent AS antecedent, c.id AS claim"""
)


def test_a_completed_deal_hardens_the_expected_close_of_the_same_acquisition(store, settings, tmp_path) -> None:
    path = tmp_path / "deal.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in DEAL))
    assert ingest_paths(store, [path], settings).ok
    rows = store.query(STATEMENTS)
    (expected,) = [r for r in rows if r["title"] == DEAL[0]["title"] and r["antecedent"]]
    assert "acquisition of Brightwater Bancorp" in expected["antecedent"]
    completed = [r for r in rows if r["title"] == DEAL[2]["title"]]
    profit = [r for r in rows if r["title"] == DEAL[1]["title"]]
    assert completed and profit and expected["claim"] not in {r["claim"] for r in completed}
    found = drift.claim_drift(store, completed[0]["claim"])
    assert found is not None and found.hardened
    assert ("HARDENS", completed[0]["id"], expected["id"]) in found.links
    for r in profit:  # names the acquired bank, says nothing of the deal
        other = drift.claim_drift(store, r["claim"])
        assert other is not None and not other.hardened and not other.links
