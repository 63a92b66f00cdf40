"""Drift's refresh stays within the new articles' neighbourhood (#17): a subject and object pair
many claims share, or two entities many claims name, link no neighbours; a neighbour all of whose
statements come before a write group's is not refreshed; the writer keeps each entity's claim
count that lets drift skip a hub without expanding it. On a real FalkorDB graph."""

from __future__ import annotations

import json

from driftstory import RATINGS

from kg import drift, writer
from kg.ingest import ingest_paths
from ontology import checked

COUNTS = checked(
    """MATCH (e:Entity)
OPTIONAL MATCH (e)<-[:SUBJECT|OBJECT]-(c:Claim)
WITH e, count(DISTINCT c) AS n
RETURN e.id AS id, e.claims AS kept, n"""
)


def _claims(store, triples: list[tuple[str, str, str]]) -> None:
    """Claims (id, subject, object), written by the writer's own statements, with its entity counts."""
    rows = [
        {"id": c, "text": c, "hedged": False, "frames": [], "entities": [s, o], "subject": [s], "object": [o]}
        for c, s, o in triples
    ]
    named = sorted({e for _, s, o in triples for e in (s, o)})
    store.write_all([(writer.CLAIM_WRITE, {"rows": rows}), (writer.ENTITY_CLAIMS, {"ids": named})])


def test_the_writer_keeps_each_entitys_claim_count(store, settings, tmp_path) -> None:
    for n, article in enumerate(RATINGS):  # two runs: the second adds claims naming the same entities
        path = tmp_path / f"{n}.jsonl"
        path.write_text(json.dumps(article) + "\n")
        assert ingest_paths(store, [path], settings).ok
        rows = store.query(COUNTS)
        named = [r for r in rows if r["n"]]
        assert named and all(r["kept"] == r["n"] for r in named), rows
    assert any(r["n"] >= 2 for r in named), "some entity is named by claims of both runs"


def test_a_pair_more_than_rare_pair_claims_share_links_no_neighbours(store) -> None:
    few = [(f"claim:few{i}", "entity:a", "entity:b") for i in range(drift.RARE_PAIR)]
    many = [(f"claim:many{i}", "entity:c", "entity:d") for i in range(drift.RARE_PAIR + 1)]
    _claims(store, few + many)
    near = drift.neighbours(store, [few[0][0], many[0][0]])
    assert sorted(near[few[0][0]]) == sorted(c for c, _, _ in few[1:])
    assert many[0][0] not in near


def test_two_entities_many_claims_name_are_not_expanded_but_a_rare_one_is(store) -> None:
    hubs = [(f"claim:h{i}", "entity:hub1", f"entity:x{i}") for i in range(drift.RARE_HUB)]
    hubs += [(f"claim:g{i}", f"entity:y{i}", "entity:hub2") for i in range(drift.RARE_HUB)]
    both = [("claim:both1", "entity:hub1", "entity:hub2"), ("claim:both2", "entity:hub1", "entity:hub2")]
    rare = [("claim:rare1", "entity:hub1", "entity:rare"), ("claim:rare2", "entity:hub1", "entity:rare")]
    _claims(store, hubs + both + rare)
    near = drift.neighbours(store, ["claim:both1", "claim:rare1"])
    assert "claim:both1" not in near  # hub1 and hub2: more than RARE_HUB claims name each
    assert near["claim:rare1"] == ["claim:rare2"]  # read from the rare side


def _said(sid: str, article: str, published: str, seq: int) -> drift.Said:
    return drift.Said(sid, "asserts", [], "named", article, published, seq, 0, None, "Wire")


def test_only_neighbours_with_a_later_statement_are_refreshed() -> None:
    said = {
        "claim:new": [_said("s1", "art:new", "2024-03-05", 10), _said("s0", "art:old", "2024-03-01", 1)],
        "claim:earlier": [_said("s2", "art:a", "2024-03-02", 2)],
        "claim:later": [_said("s3", "art:b", "2024-03-02", 3), _said("s4", "art:c", "2024-03-09", 4)],
        "claim:undated": [_said("s5", "art:d", "", 5)],  # undated articles come after the dated ones
    }
    near = {"claim:new": (["claim:earlier", "claim:later", "claim:undated"], [])}
    assert drift._later_neighbours(said, near, ["art:new"]) == ["claim:later", "claim:undated"]
    assert drift._later_neighbours(said, near, ["art:old"]) == ["claim:earlier", "claim:later", "claim:undated"]
