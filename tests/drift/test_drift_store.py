"""Drift findings stored by ingestion, on a real FalkorDB graph, for a story written across dates."""

from __future__ import annotations

from driftstory import ARTICLES, CLAIM_WORDS, DENIAL, HARD, HEDGED, IGNORING, ingest_story

from kg import drift
from ontology import checked

STATEMENTS = checked(
    """MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim)
WHERE s.sentence CONTAINS $words
RETURN a.title AS title, s.id AS id, s.stance AS stance, c.id AS claim"""
)
LINK_COUNT = checked(
    "MATCH (:Statement)-[r:HARDENS|SOFTENS|DROPS_SOURCE|IGNORES_DENIAL|RELAYS]->() RETURN count(r) AS n"
)


def story_statements(store) -> tuple[str, dict[str, list[tuple[str, str]]]]:
    by_title: dict[str, list[tuple[str, str]]] = {}
    claims = set()
    for r in store.query(STATEMENTS, {"words": CLAIM_WORDS}):
        by_title.setdefault(r["title"], []).append((r["id"], r["stance"]))
        claims.add(r["claim"])
    assert len(claims) == 1, "the story's restatements are one claim"
    return claims.pop(), by_title


def test_hardened_then_repeated_after_denial(store, settings, tmp_path) -> None:
    ingest_story(store, settings, tmp_path, order=[3, 1, 0, 2])  # input order is not date order
    claim, said = story_statements(store)
    found = drift.claim_drift(store, claim)
    assert found is not None and found.hardened and found.after_denial and not found.softened
    hedged = [sid for sid, stance in said[HEDGED] if stance == "asserts"]
    hard = [sid for sid, stance in said[HARD] if stance == "asserts"]
    denial = [sid for sid, stance in said[DENIAL] if stance == "denies"]
    ignoring = {sid for sid, stance in said[IGNORING] if stance == "asserts"}
    assert ("HARDENS", hard[0], hedged[0]) in found.links
    assert {a for t, a, b in found.links if t == "IGNORES_DENIAL"} == ignoring
    assert {b for t, a, b in found.links if t == "IGNORES_DENIAL"} == set(denial)
    assert not any(t == "IGNORES_DENIAL" and a in hard for t, a, b in found.links)  # published before the denial
    assert claim in drift.flags(store)["hardened"]
    assert [r["id"] for r in drift.flagged(store, "after_denial")] == [claim]


def test_findings_follow_each_new_write_group_and_links_are_not_duplicated(store, settings, tmp_path) -> None:
    ingest_story(store, settings, tmp_path / "one", order=[0, 1, 2])
    claim, _ = story_statements(store)
    first = drift.claim_drift(store, claim)
    assert first.hardened and not first.after_denial
    ingest_story(store, settings, tmp_path / "two", order=[3])
    later = drift.claim_drift(store, claim)
    assert later.hardened and later.after_denial
    links = store.query(LINK_COUNT)[0]["n"]
    assert drift.refresh_all(store) >= 1
    assert store.query(LINK_COUNT)[0]["n"] == links
    assert drift.claim_drift(store, claim).links == later.links


def test_a_graph_without_drift_gets_it_from_refresh_all(store, settings, tmp_path) -> None:
    ingest_story(store, settings, tmp_path, order=list(range(len(ARTICLES))))
    claim, _ = story_statements(store)
    store.write(checked("MATCH (c:Claim) REMOVE c.hardened"))
    store.write(checked("MATCH (:Statement)-[r:HARDENS]->() DELETE r"))
    assert not drift.claim_drift(store, claim).hardened
    drift.refresh_all(store, page=1)
    assert drift.claim_drift(store, claim).hardened
