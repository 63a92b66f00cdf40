"""Drift findings in the exports: RDF triples, SHACL, and the ClaimReview JSON-LD."""

from __future__ import annotations

import io
import json

from driftstory import CLAIM_WORDS, RATINGS, STATEMENTS, ingest_ratings, ingest_story
from rdflib import Literal, URIRef

from kg import drift
from kg.export.claimreview import iter_claims, write_claimreview
from kg.export.mapping import node_iri
from kg.export.rdf import load_graph_from_chunks
from kg.export.reader import iter_chunks
from kg.export.validate import validate_graph
from ontology import CG, checked

CLAIM_OF = checked("MATCH (s:Statement)-[:ABOUT]->(c:Claim) WHERE s.sentence CONTAINS $w RETURN DISTINCT c.id AS id")


def test_rdf_carries_the_findings_and_conforms(store, settings, tmp_path) -> None:
    ingest_story(store, settings, tmp_path)
    (row,) = store.query(CLAIM_OF, {"w": CLAIM_WORDS})
    found = drift.claim_drift(store, row["id"])
    g = load_graph_from_chunks(iter_chunks(store))[0]
    claim = node_iri("Claim", row["id"])
    assert (claim, CG.hardened, Literal(True)) in g and (claim, CG.afterDenial, Literal(True)) in g
    assert {str(o) for o in g.objects(claim, CG.chain)} == set(found.chain)
    for rel, later, earlier in found.links:
        term = {"HARDENS": CG.hardens, "IGNORES_DENIAL": CG.ignoresDenial, "RELAYS": CG.relays}.get(rel)
        if term is not None:
            assert (node_iri("Statement", later), term, node_iri("Statement", earlier)) in g
    assert validate_graph(g).conforms

    # a drift link between statements of two different claims breaks the shape
    other = next(s for s in g.subjects(CG.about, None) if (s, CG.about, claim) not in g)
    later = node_iri("Statement", next(a for t, a, _ in found.links if t == "HARDENS"))
    g.add((later, CG.hardens, URIRef(other)))
    report = validate_graph(g)
    assert any("same claim" in v.message and v.focus == str(later) for v in report.violations)


def test_a_hardening_across_two_claims_with_one_subject_and_object_conforms(store, settings, tmp_path) -> None:
    ingest_ratings(store, settings, tmp_path)
    (firm,) = {r["claim"] for r in store.query(STATEMENTS) if r["title"] == RATINGS[1]["title"]}
    found = drift.claim_drift(store, firm)
    (later, earlier) = next((a, b) for t, a, b in found.links if t == "HARDENS")
    g = load_graph_from_chunks(iter_chunks(store))[0]
    assert (node_iri("Statement", later), CG.hardens, node_iri("Statement", earlier)) in g
    assert (node_iri("Statement", earlier), CG.about, node_iri("Claim", firm)) not in g  # two claims
    assert validate_graph(g).conforms
    # the same link from a statement whose claim has another object breaks the shape
    g.remove((node_iri("Claim", firm), CG.object, None))
    assert any("same claim" in v.message for v in validate_graph(g).violations)


def test_claimreview_names_the_drift(store, settings, tmp_path) -> None:
    ingest_story(store, settings, tmp_path)
    (row,) = store.query(CLAIM_OF, {"w": CLAIM_WORDS})
    buf = io.StringIO()
    write_claimreview(iter_claims(store, [row["id"]]), buf)
    (claim,) = json.loads(buf.getvalue())["@graph"]
    assert claim["cg:hardened"] is True and claim["cg:afterDenial"] is True and claim["cg:rootKind"]
    hardening = [q for q in claim["cg:assertion"] if "cg:hardens" in q]
    assert hardening and "allegedly" not in hardening[0]["text"]
    target = hardening[0]["cg:hardens"][0]["@id"]
    assert "allegedly" in next(q["text"] for q in claim["cg:assertion"] if q["@id"] == target)
    assert any("cg:ignoresDenial" in q for q in claim["cg:assertion"])
