"""schema.org Claim JSON-LD (the ClaimReview itemReviewed shape) for a contested claim."""

from __future__ import annotations

import io
import json

from export_graphs import ACME, CLAIM_ID, CLAIM_TEXT, LEDGER, LOPEZ, MINISTRY, contested_extractions
from rdflib import RDF, Graph, Literal

from kg.export import claimreview
from kg.export.mapping import SCHEMA_NS, node_iri
from kg.writer import write_extractions
from ontology import CG


def claims_doc(store, ids=None, page_size=200) -> dict:
    buf = io.StringIO()
    claimreview.write_claimreview(claimreview.iter_claims(store, ids, page_size=page_size), buf)
    return json.loads(buf.getvalue())


def test_contested_claim_lists_appearances_authors_and_the_denial(store) -> None:
    ex1, ex2 = contested_extractions()
    write_extractions(store, [ex1, ex2])
    doc = claims_doc(store)
    (claim,) = doc["@graph"]
    assert claim["@type"] == "Claim" and claim["text"] == CLAIM_TEXT and claim["identifier"] == CLAIM_ID
    # every article carrying the claim, with url, headline, date and publisher
    urls = [a["url"] for a in claim["appearance"]]
    assert urls == ["https://news.example/one", "https://wire.example/two"]
    assert claim["appearance"][1]["publisher"]["name"] == "Example Wire"
    assert claim["firstAppearance"]["@id"] == str(node_iri("Article", ex1.article.id))
    assert claim["datePublished"] == "2024-03-01"
    # authors: the asserting sources only (a named person and an unnamed source), not the denier
    authors = {a["@id"]: a for a in claim["author"]}
    assert set(authors) == {
        str(node_iri("Entity", LOPEZ)),
        next(k for k in authors if "/source/" in k),
    }
    assert authors[str(node_iri("Entity", LOPEZ))]["@type"] == "Person"
    # the denial, with who denied it, the sentence and where
    (denial,) = claim["cg:denial"]
    assert denial["author"]["@id"] == str(node_iri("Entity", ACME))
    assert denial["author"]["@type"] == "Organization"
    assert denial["text"] == "Acme Robotics denied that it bought restricted processors."
    assert denial["isPartOf"]["@id"] == str(node_iri("Article", ex2.article.id))
    (no_comment,) = claim["cg:noComment"]
    assert no_comment["author"]["@id"] == str(node_iri("Entity", MINISTRY))
    cited = [q for q in claim["cg:assertion"] if "citation" in q]
    assert [c["@id"] for q in cited for c in q["citation"]] == [str(node_iri("Outlet", LEDGER))]


def test_claimreview_is_json_ld_that_rdflib_reads_offline(store) -> None:
    write_extractions(store, contested_extractions())
    buf = io.StringIO()
    claimreview.write_claimreview(claimreview.iter_claims(store), buf)
    g = Graph()
    g.parse(data=buf.getvalue(), format="json-ld")
    c = node_iri("Claim", CLAIM_ID)
    assert (c, RDF.type, SCHEMA_NS.Claim) in g
    assert len(list(g.objects(c, SCHEMA_NS.appearance))) == 2
    assert (c, SCHEMA_NS.text, Literal(CLAIM_TEXT)) in g
    (denial,) = list(g.objects(c, CG.denial))
    assert g.value(denial, SCHEMA_NS.author) == node_iri("Entity", ACME)


def test_only_requested_claims_and_pages(store) -> None:
    ex1, ex2 = contested_extractions()
    write_extractions(store, [ex1, ex2])
    assert [c["identifier"] for c in claims_doc(store, [CLAIM_ID])["@graph"]] == [CLAIM_ID]
    assert claims_doc(store, ["claim:none"])["@graph"] == []
    assert claims_doc(store, page_size=1)["@graph"] == claims_doc(store)["@graph"]
