"""Contested claims ranked by the counts the writer keeps on each claim (#17): how many of its
statements assert it and how many deny or dispute it. The answer is the same read from the counts
as tallied from the statements (a graph stored before the counts), and a claim's evidence is capped
while its counts stay exact. On a real FalkorDB graph written by the real writer."""

from __future__ import annotations

import pytest
from storygraph import write_story

from kg import writer
from kg.query import answer_question, engine
from ontology import checked

TALLY = checked(
    """MATCH (c:Claim)
OPTIONAL MATCH (c)<-[:ABOUT]-(s:Statement)
WITH c, count(s) AS n, count(CASE WHEN s.stance = 'asserts' THEN 1 END) AS a,
  count(CASE WHEN s.stance IN ['denies', 'disputes'] THEN 1 END) AS d
RETURN c.id AS id, n, a, d, c.statements AS kept_n, c.asserted AS kept_a, c.disputed AS kept_d, c.argued AS argued"""
)
FORGET = checked("MATCH (c:Claim) REMOVE c.asserted, c.disputed, c.argued")
QUESTIONS = ("Which claims are contested?", "Which claims involving Nvidia have been denied?")


def _answers(store) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    out = []
    for q in QUESTIONS:
        a = answer_question(store, q)
        assert a.intent == "contested", (q, a.intent)
        out.append((a.answer, [(i.name, [e.sentence for e in i.evidence]) for i in a.items]))
    return out


@pytest.fixture(autouse=True)
def _forget_probes():
    engine._COUNTS_KEPT.clear()
    yield
    engine._COUNTS_KEPT.clear()


def test_the_writer_keeps_each_claims_stance_counts(store) -> None:
    write_story(store)
    rows = store.query(TALLY)
    assert any(r["d"] and r["a"] for r in rows), "the story has a claim both asserted and denied"
    assert all((r["kept_n"], r["kept_a"], r["kept_d"]) == (r["n"], r["a"], r["d"]) for r in rows), rows
    assert all(isinstance(r["kept_a"], int) for r in rows)  # the ontology's xsd:integer, not a float sum
    assert all(r["argued"] == (r["a"] + r["d"] if r["d"] else None) for r in rows), rows  # only where disputed


def test_contested_answers_the_same_from_the_counts_as_tallied(store) -> None:
    write_story(store)
    counted = _answers(store)
    assert "contested claim(s)" in counted[0][0] and "asserted" in counted[0][0]
    store.write(FORGET, {})  # a graph stored before the writer kept the counts: tallied the old way
    engine._COUNTS_KEPT.clear()
    assert not engine.stance_counts_kept(engine.Run(store))
    assert _answers(store) == counted
    assert writer.count_claim_statements(store) == len(store.query(TALLY))  # what `kg drift` does for it
    assert engine.stance_counts_kept(engine.Run(store))
    assert _answers(store) == counted


def test_the_most_argued_are_read_above_a_floor_and_the_floor_comes_down(store, monkeypatch) -> None:
    write_story(store)
    whole = _answers(store)
    monkeypatch.setattr(engine, "ARGUED_FLOORS", (1000, 1))  # nothing is argued 1,000 times: read again from 1
    assert _answers(store) == whole
    monkeypatch.setattr(engine, "ARGUED_FLOORS", (1000,))
    assert "none is contested" in answer_question(store, QUESTIONS[0]).answer  # the floor is what is read


def test_a_claims_evidence_is_capped_but_its_counts_are_not(store, monkeypatch) -> None:
    write_story(store)
    whole = answer_question(store, QUESTIONS[0])
    monkeypatch.setattr(engine, "EVIDENCE_PER_CLAIM", 1)
    capped = answer_question(store, QUESTIONS[0])
    assert capped.answer == whole.answer  # "asserted N×, denied M×" from the counts
    assert [i.name for i in capped.items] == [i.name for i in whole.items]
    top = capped.items[0]
    assert len(top.evidence) == 1 < len(whole.items[0].evidence)
    assert top.evidence[0].stance in ("denies", "disputes")  # a claim's denials are shown first
