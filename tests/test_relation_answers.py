"""Relations end to end: ingest an article into a real FalkorDB, ask, get the triple with its evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.ingest import ingest_paths
from kg.query import answer_question
from kg.store.falkor import FalkorStore

ARTICLE = (
    "Acme Corp names a new chief\n\n"
    "John Smith, who works for Acme Corp in Boston, said the company would buy Beta Inc. within a year. "
    "Acme is based in Boston, Massachusetts. Mary Jones, a spokeswoman for Siemens, said the offer was low. "
    "Siemens's chief executive, Peter Gibbons, declined to comment. Boeing made a bid for Airbus last year.\n"
)


@pytest.fixture
def graph(store: FalkorStore, settings: Settings, tmp_path: Path) -> FalkorStore:
    (tmp_path / "acme.txt").write_text(ARTICLE, encoding="utf-8")
    report = ingest_paths(store, [tmp_path], settings)
    assert report.new == 1 and report.failed == 0
    return store


@pytest.mark.parametrize(
    ("question", "first", "sentence_part"),
    [
        ("Who does John Smith work for?", "Acme", "who works for Acme Corp"),
        ("Where is Acme based?", "Boston", "Boston"),
        ("Who leads Siemens?", "Peter Gibbons", "chief executive"),
        ("Which companies did Boeing bid for?", "Airbus", "made a bid for Airbus"),
    ],
)
def test_relation_questions_answer_from_triples(
    graph: FalkorStore, question: str, first: str, sentence_part: str
) -> None:
    answer = answer_question(graph, question)
    assert answer.intent == "relation", answer.answer
    assert answer.items, answer.answer
    top = answer.items[0]
    assert top.name.startswith(first), [i.name for i in answer.items]
    ev = top.evidence[0]
    assert sentence_part in ev.sentence
    text = graph.query("MATCH (a:Article) RETURN a.text AS text")[0]["text"]
    assert text[ev.start : ev.end] == ev.sentence


def test_relations_are_stored_with_role_and_evidence(graph: FalkorStore) -> None:
    rows = graph.query(
        "MATCH (p:Entity)-[r:LEADS]->(o:Entity) RETURN p.name AS p, o.name AS o, r.role AS role, r.start AS start"
    )
    found = {(r["p"], r["o"]): r for r in rows}
    assert ("Peter Gibbons", "Siemens") in found
    assert found[("Peter Gibbons", "Siemens")]["role"] == "chief executive"
    based = graph.query("MATCH (o:Entity)-[:BASED_IN]->(c:Entity) RETURN o.name AS o, c.name AS c")
    assert {"o": "Acme", "c": "Boston"} in based


def test_graph_page_edges_carry_role_and_evidence(graph: FalkorStore) -> None:
    from kg import browse

    sub = browse.neighbourhood(graph, "Entity", "siemens")
    leads = [e for e in sub.edges if e.type == "LEADS"]
    assert leads, [e.type for e in sub.edges]
    assert sub.nodes[leads[0].source].name == "Peter Gibbons"
    assert leads[0].role == "chief executive"
    assert "chief executive, Peter Gibbons" in leads[0].evidence
