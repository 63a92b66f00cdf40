"""Backend conformance: the same statements behave the same on every configured backend.

Runs against the embedded FalkorDB always, and against Neo4j when ``KG_TEST_NEO4J_URI`` is set
(with ``KG_TEST_NEO4J_USER``/``KG_TEST_NEO4J_PASSWORD``/``KG_TEST_NEO4J_DATABASE``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from graphkit import entity

from extraction.records import (
    ArticleRecord,
    AttributionRecord,
    ClaimRecord,
    Extraction,
    RelationRecord,
    SourceSpan,
    Span,
    article_id,
    outlet_id,
)
from kg.config import Settings
from kg.stats import graph_stats
from kg.store import open_store
from kg.store.base import GraphStore
from kg.store.dialect import fulltext_escape
from kg.writer import existing_article_ids, write_extractions

NEO4J_URI = os.environ.get("KG_TEST_NEO4J_URI", "")


@pytest.fixture(params=["falkordb", "neo4j"])
def backend(request: pytest.FixtureRequest, server_dir) -> Iterator[GraphStore]:
    if request.param == "neo4j":
        if not NEO4J_URI:
            pytest.skip("KG_TEST_NEO4J_URI is not set")
        settings = Settings(
            graph_uri=NEO4J_URI,
            graph_user=os.environ.get("KG_TEST_NEO4J_USER", "neo4j"),
            graph_password=os.environ.get("KG_TEST_NEO4J_PASSWORD", ""),
            graph_database=os.environ.get("KG_TEST_NEO4J_DATABASE", "neo4j"),
        )
        store = open_store(settings)
        store.write("MATCH (n) DETACH DELETE n")
        yield store
        store.write("MATCH (n) DETACH DELETE n")
        store.close()
    else:
        store = open_store(Settings(data_dir=server_dir, graph_name=f"c_{uuid.uuid4().hex[:10]}"))
        yield store
        store.delete_graph()
        store.close()


def sample_extraction(text: str = "Acme said it makes the Foo 9. Globex denied it.") -> Extraction:
    art = ArticleRecord(id=article_id(text), text=text, title="t", outlet="Daily Planet", published="2024-01-02")
    acme, globex, foo = (
        entity("Acme", "Organization", text),
        entity("Globex", "Organization", text),
        entity("Foo 9", "Product", text),
    )
    claim = ClaimRecord("claim:1", "Acme makes the Foo 9", "acme", "foo 9", [acme.id, foo.id])
    s1 = AttributionRecord(
        id=f"{art.id}:0",
        cue=Span(5, 9, "said"),
        content=Span(10, 28, "it makes the Foo 9"),
        sentence=Span(0, 29, text[:29]),
        source=SourceSpan(0, 4, "Acme", acme.id),
        claim=claim.id,
        cites=[outlet_id("Daily Planet")],
    )
    s2 = AttributionRecord(
        id=f"{art.id}:1",
        cue=Span(37, 43, "denied"),
        content=Span(44, 46, "it"),
        sentence=Span(30, 47, text[30:]),
        source=SourceSpan(30, 36, "Globex", globex.id),
        stance="denies",
        hedges=["allegedly"],
        claim=claim.id,
    )
    rel = RelationRecord(acme.id, "MAKES", foo.id, Span(0, 29, text[:29]), verb="make")
    return Extraction(art, [acme, globex, foo], [s1, s2], [claim], [rel])


def test_write_and_read_back(backend: GraphStore) -> None:
    ex = sample_extraction()
    write_extractions(backend, [ex])
    stats = graph_stats(backend)
    assert stats["labels"]["Article"] == 1
    assert stats["labels"]["Statement"] == 2
    assert stats["relationships"]["BY"] == 2
    assert stats["relationships"]["MAKES"] == 1
    rows = backend.query(
        "MATCH (s:Statement)-[:BY]->(e:Entity) WHERE s.stance = $stance RETURN e.name AS name, s.hedges AS hedges",
        {"stance": "denies"},
    )
    assert rows == [{"name": "Globex", "hedges": ["allegedly"]}]
    assert existing_article_ids(backend, [ex.article.id, "nope"]) == {ex.article.id}


def test_writes_are_idempotent(backend: GraphStore) -> None:
    ex = sample_extraction()
    write_extractions(backend, [ex])
    before = graph_stats(backend)
    write_extractions(backend, [ex])
    assert graph_stats(backend) == before


def test_fulltext_call_finds_claims(backend: GraphStore) -> None:
    write_extractions(backend, [sample_extraction()])
    call = backend.dialect.fulltext_call("Claim")
    rows = backend.query(f"{call} RETURN node.id AS id, score", {"q": fulltext_escape("makes Foo?")})
    assert [r["id"] for r in rows] == ["claim:1"]


def test_reads_cannot_write(backend: GraphStore) -> None:
    with pytest.raises(Exception):  # noqa: B017 - each driver raises its own error type
        backend.query("CREATE (:Outlet {id: 'x'})")
    assert backend.query("MATCH (o:Outlet {id: 'x'}) RETURN count(o) AS c") == [{"c": 0}]


def test_aliases_accumulate(backend: GraphStore) -> None:
    a = sample_extraction()
    b = sample_extraction("ACME said it makes the Foo 9 too. Globex denied it.")
    b.entities[0].aliases = ["ACME"]
    write_extractions(backend, [a])
    write_extractions(backend, [b])
    rows = backend.query("MATCH (e:Entity {id: $id}) RETURN e.aliases AS aliases", {"id": "acme"})
    assert sorted(rows[0]["aliases"]) == ["ACME", "Acme"]
