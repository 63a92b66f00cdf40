"""The five seed articles, ingested by the real pipeline, exported, parsed back and validated."""

from __future__ import annotations

import io

import pytest
from export_graphs import expected_triples
from kgtest import SEEDS, requires
from rdflib import RDF, Graph
from rdflib.compare import isomorphic

from kg.export.mapping import SCHEMA_NS
from kg.export.rdf import write_rdf
from kg.export.reader import iter_chunks
from kg.export.validate import validate_graph
from kg.ingest import ingest_paths
from kg.stats import graph_stats
from ontology import CG, vocabulary

pytestmark = requires(SEEDS)


@pytest.fixture
def seeded(store, settings):
    report = ingest_paths(store, [SEEDS], settings)
    assert report.new == 5 and not report.errors
    return store


def test_seed_export_parses_back_and_matches_the_graph(seeded) -> None:
    stats = graph_stats(seeded)
    expected = expected_triples(seeded)
    v = vocabulary()
    graphs = []
    for fmt, parser in (("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld")):
        buf = io.StringIO()
        report = write_rdf(iter_chunks(seeded, page_size=50), buf, fmt)
        g = Graph()
        g.parse(data=buf.getvalue(), format=parser)
        # "matches": exactly the triples the mapping defines for these nodes and relationships
        assert len(g) == report.triples == expected, fmt
        assert not report.skipped.keys and not report.skipped.labels and not report.skipped.types
        graphs.append(g)
    g = graphs[0]
    assert all(isomorphic(g, other) for other in graphs[1:])
    # every node and relationship is there, by type
    assert len(set(g.subjects(RDF.type, SCHEMA_NS.NewsArticle))) == stats["labels"]["Article"] == 5
    for label, count in stats["labels"].items():
        assert len(set(g.subjects(RDF.type, CG[label]))) == count, label
    for rel, count in stats["relationships"].items():
        if rel not in v.entity_relations:  # entity relations may repeat a pair with other evidence
            assert len(list(g.triples((None, v.iri_of(rel), None)))) == count, rel


def test_seed_export_conforms_to_the_shapes(seeded) -> None:
    from kg.export.rdf import load_graph_from_chunks

    g, _ = load_graph_from_chunks(iter_chunks(seeded))
    report = validate_graph(g)
    assert report.conforms, report.violations[:5]


def test_seed_claimreview_matches_the_graph_and_shows_a_contested_claim(seeded) -> None:
    import json

    from kg.export import claimreview
    from kg.export.mapping import node_iri

    buf = io.StringIO()
    claimreview.write_claimreview(claimreview.iter_claims(seeded, page_size=7), buf)
    claims = json.loads(buf.getvalue())["@graph"]
    rows = seeded.query(
        "MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim) "
        "RETURN c.id AS claim, a.id AS article, s.id AS statement, s.stance AS stance"
    )
    assert len(claims) == graph_stats(seeded)["labels"].get("Claim", 0)
    for claim in claims:
        mine = [r for r in rows if r["claim"] == claim["identifier"]]
        # appearance: exactly the articles with a statement about the claim
        assert {a["@id"] for a in claim.get("appearance", [])} == {str(node_iri("Article", r["article"])) for r in mine}
        # denials: exactly the statements that deny or dispute it
        denials = {str(node_iri("Statement", r["statement"])) for r in mine if r["stance"] in {"denies", "disputes"}}
        assert {q["@id"] for q in claim.get("cg:denial", [])} == denials
    contested = [c for c in claims if c.get("cg:denial") and len(c.get("appearance", [])) > 1]
    assert contested, "the seed story (one claim, five outlets, a denial) should give a contested claim"
