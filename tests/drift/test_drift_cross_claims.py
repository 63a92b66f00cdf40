"""Hedge drift across two stored claims with one subject and one object (claim grouping kept a
rating agency's "may upgrade" and its later "raised" apart), on a real FalkorDB graph."""

from __future__ import annotations

from driftstory import RATINGS, STATEMENTS, ingest_ratings

from kg import drift
from kg.query import answer_question


def test_a_firm_restatement_grouped_apart_hardens_the_hedged_one(store, settings, tmp_path) -> None:
    ingest_ratings(store, settings, tmp_path)
    rows = store.query(STATEMENTS)
    hedged = {r["claim"]: r["id"] for r in rows if r["title"] == RATINGS[0]["title"]}
    firm = {r["claim"]: r["id"] for r in rows if r["title"] == RATINGS[1]["title"]}
    assert hedged and firm and not set(hedged) & set(firm), "claim grouping keeps the two wordings apart"
    (firm_claim, firm_id), (hedged_claim, hedged_id) = next(iter(firm.items())), next(iter(hedged.items()))
    assert hedged_claim in drift.neighbours(store, [firm_claim])[firm_claim]
    found = drift.claim_drift(store, firm_claim)
    assert found is not None and found.hardened
    assert ("HARDENS", firm_id, hedged_id) in found.links
    assert not drift.claim_drift(store, hedged_claim).hardened  # the claim that restated it firmly is flagged


def test_kg_ask_answers_with_the_pair_from_two_claims(store, settings, tmp_path) -> None:
    ingest_ratings(store, settings, tmp_path)
    answer = answer_question(store, "Which claims hardened as they were repeated?", settings)
    assert answer.intent == "hardened"
    (item,) = answer.items
    before, after = item.evidence[:2]
    assert (before.article.title, after.article.title) == (RATINGS[0]["title"], RATINGS[1]["title"])
    assert "may upgrade" in before.sentence and "raised to Aaa" in after.sentence
