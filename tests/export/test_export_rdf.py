"""RDF export of a hand-made graph written through the real writer."""

from __future__ import annotations

import io

import pytest
from export_graphs import (
    ACME,
    ARMS,
    CLAIM_ID,
    LEDGER,
    LISBON,
    LOPEZ,
    contested_extractions,
    expected_triples,
)
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kg.export.mapping import OA, SCHEMA_NS, node_iri
from kg.export.rdf import write_rdf
from kg.export.reader import claim_neighbourhood, iter_chunks
from kg.writer import write_extractions
from ontology import CG

PARSE = {"nt": "nt", "ttl": "turtle", "jsonld": "json-ld"}


@pytest.fixture
def contested(store):
    extractions = contested_extractions()
    write_extractions(store, extractions)
    return store, extractions


def export(store, fmt: str, **kw) -> tuple[Graph, int, str]:
    buf = io.StringIO()
    report = write_rdf(iter_chunks(store, **kw), buf, fmt)
    g = Graph()
    g.parse(data=buf.getvalue(), format=PARSE[fmt])
    return g, report.triples, buf.getvalue()


def test_every_format_parses_back_to_the_same_triples(contested) -> None:
    store, _ = contested
    graphs = {fmt: export(store, fmt) for fmt in PARSE}
    nt, nt_count, _ = graphs["nt"]
    assert len(nt) == nt_count == expected_triples(store)
    for fmt in ("ttl", "jsonld"):
        g, count, _ = graphs[fmt]
        assert count == nt_count
        assert isomorphic(g, nt), fmt


def test_paging_does_not_change_the_export(contested) -> None:
    store, _ = contested
    whole, _, _ = export(store, "nt", page_size=1000)
    paged, _, text = export(store, "nt", page_size=1)
    assert isomorphic(whole, paged)
    assert isomorphic(whole, export(store, "nt", max_edges=1)[0])  # pages split by relationship count
    assert len(text.splitlines()) == len(paged)  # no triple written twice across chunks
    # turtle and JSON-LD stay single valid documents however many chunks they are written in
    assert isomorphic(export(store, "ttl", page_size=1)[0], whole)
    assert isomorphic(export(store, "jsonld", page_size=2)[0], whole)


def test_articles_statements_and_evidence_use_standard_vocabularies(contested) -> None:
    store, extractions = contested
    g, _, _ = export(store, "ttl")
    art = extractions[1].article
    a = node_iri("Article", art.id)
    assert (a, RDF.type, SCHEMA_NS.NewsArticle) in g
    assert (a, RDF.type, CG.Article) in g
    assert (a, CG.published, Literal("2024-03-02T09:30:00Z", datatype=XSD.dateTime)) in g
    assert (a, SCHEMA_NS.publisher, node_iri("Outlet", "outlet:example wire")) in g

    denial = next(s for s in extractions[1].attributions if s.stance == "denies")
    s = node_iri("Statement", denial.id)
    assert (s, PROV.wasAttributedTo, node_iri("Entity", ACME)) in g
    assert (s, CG.by, node_iri("Entity", ACME)) in g
    assert (s, PROV.wasDerivedFrom, a) in g
    assert (s, CG.stance, Literal("denies")) in g
    assert (s, CG.about, node_iri("Claim", CLAIM_ID)) in g
    ev = g.value(s, CG.evidence)
    assert (ev, RDF.type, OA.SpecificResource) in g and g.value(ev, OA.hasSource) == a
    sel = g.value(ev, OA.hasSelector)
    assert (sel, RDF.type, OA.TextPositionSelector) in g
    start, end = int(g.value(sel, OA.start)), int(g.value(sel, OA.end))
    assert art.text[start:end] == denial.sentence.text == str(g.value(s, CG.sentence))

    cited = next(s for s in extractions[0].attributions if s.cites)
    assert (node_iri("Statement", cited.id), CG.cites, node_iri("Outlet", LEDGER)) in g
    assert (node_iri("Entity", LOPEZ), RDF.type, SCHEMA_NS.Person) in g
    assert (node_iri("Claim", CLAIM_ID), RDF.type, SCHEMA_NS.Claim) in g


def test_entity_relations_keep_their_evidence_as_relation_assertions(contested) -> None:
    store, extractions = contested
    g, _, _ = export(store, "nt")
    acme, arms = node_iri("Entity", ACME), node_iri("Entity", ARMS)
    assert (acme, CG.makes, arms) in g
    (assertion,) = list(g.subjects(RDF.predicate, CG.makes))
    assert (assertion, RDF.type, CG.RelationAssertion) in g
    assert g.value(assertion, RDF.subject) == acme and g.value(assertion, RDF.object) == arms
    assert str(g.value(assertion, CG.verb)) == "make"
    art = extractions[0].article
    assert g.value(assertion, PROV.wasDerivedFrom) == node_iri("Article", art.id)
    sel = g.value(g.value(assertion, CG.evidence), OA.hasSelector)
    sentence = art.text[int(g.value(sel, OA.start)) : int(g.value(sel, OA.end))]
    assert sentence == str(g.value(assertion, CG.sentence)) == "Acme Robotics makes industrial arms in Lisbon."
    # entity-relation types are not widened to their loose schema.org parents
    assert not list(g.triples((acme, SCHEMA_NS.manufacturer, None)))
    # MENTIONS keeps its count on an assertion node too
    a1 = node_iri("Article", art.id)
    (mention,) = [m for m in g.subjects(RDF.object, acme) if g.value(m, RDF.subject) == a1]
    assert g.value(mention, RDF.predicate) == CG.mentions
    assert g.value(mention, CG.count) == Literal(2, datatype=XSD.integer)  # "Acme Robotics" twice in article 1


def test_claim_neighbourhood_is_the_claim_its_statements_and_their_context(contested) -> None:
    store, extractions = contested
    sel = claim_neighbourhood(store, CLAIM_ID)
    assert sel is not None
    assert sel["Claim"] == {CLAIM_ID}
    assert sel["Statement"] == {a.id for ex in extractions for a in ex.attributions}
    assert sel["Article"] == {ex.article.id for ex in extractions}
    assert LISBON not in sel["Entity"] and {ACME, LOPEZ} <= sel["Entity"]
    assert LEDGER in sel["Outlet"] and len(sel["Source"]) == 1
    g, count, _ = export(store, "ttl", selection=sel)
    assert count == len(g)
    assert (node_iri("Entity", ACME), CG.makes, node_iri("Entity", ARMS)) not in g  # outside the neighbourhood
    subjects = {s for s in g.subjects() if isinstance(s, URIRef)}
    assert node_iri("Entity", LISBON) not in subjects
    # only relationships between selected nodes: no dangling references to unexported nodes
    objects = {o for o in g.objects() if isinstance(o, URIRef) and "/claimgraph/id/" in str(o)}
    assert objects <= subjects
    assert claim_neighbourhood(store, "claim:does-not-exist") is None


def test_awkward_text_survives_every_format(store) -> None:
    from extraction.records import ArticleRecord, Extraction

    text = 'He said "no" \\ C:\\path\nline two\r\n"""triple""" — ünïcödé 😀 \t tab <tag> @prefix x: <y> .'
    art = ArticleRecord(id="odd/id with spaces?#&", text=text, title="T", outlet="Odd Outlet & Co.")
    write_extractions(store, [Extraction(article=art)])
    a = node_iri("Article", art.id)
    for fmt in PARSE:
        g, _, _ = export(store, fmt)
        assert str(g.value(a, CG.text)) == text, fmt
        assert str(g.value(a, CG.id)) == art.id, fmt
