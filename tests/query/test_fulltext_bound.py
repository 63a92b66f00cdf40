"""A full-text search's cost does not grow with the corpus: a word too many statements hold finds nothing alone."""

from __future__ import annotations

import pytest

from kg.query import catalogue, fulltext
from kg.query.engine import Run
from kg.store.dialect import FalkorDialect, Neo4jDialect

COMMON = 4  # the lowered bound is COMMON - 1: "offer" (6 statements) and "made" (5) are above it


@pytest.fixture
def run(store, monkeypatch):
    monkeypatch.setattr(fulltext, "COMMON_HITS", COMMON - 1)
    rows = [{"id": f"o{i}", "sentence": f"An offer was made on day {i}."} for i in range(COMMON)]
    rows += [
        {"id": "t1", "sentence": "TWA made an offer for USAir."},
        {"id": "t2", "sentence": "TWA flies to Rome."},
        {"id": "b1", "sentence": "The bank rejected the offer and the bid."},
    ]
    store.write("UNWIND $rows AS r CREATE (:Statement {id: r.id, sentence: r.sentence})", {"rows": rows})
    return Run(store)


def _found(run: Run, q: str) -> set[str]:
    ft = catalogue.fulltext_templates(run.store.dialect)
    return {str(r["sid"]) for r in run.fulltext(ft.statements, {"q": q, "limit": 100})}


def test_a_common_word_does_not_find(run) -> None:
    hits = fulltext.word_hits(run, ["offer", "twa", "nowhere"])
    assert hits == {"offer": COMMON, "twa": 2, "nowhere": 0}  # counted up to the bound + 1
    q = fulltext.bounded_query(run, ["TWA", "offer", "nowhere"])
    assert q == "twa | nowhere"
    assert _found(run, q) == {"t1", "t2"}  # not the statements that only hold "offer"


def test_only_common_words_find_together(run) -> None:
    # "nowhere" is rarer but finds nothing: the common words find, together
    q = fulltext.bounded_query(run, ["offer", "made", "nowhere"])
    assert q == "offer made"
    assert _found(run, q) == {"o0", "o1", "o2", "o3", "t1"}  # not b1: it holds "offer" alone


def test_no_common_word_is_the_plain_search(run, monkeypatch) -> None:
    monkeypatch.setattr(fulltext, "COMMON_HITS", 1000)
    fulltext._HITS.clear()
    assert fulltext.bounded_query(run, ["TWA", "offer"]) == catalogue.fulltext_query(FalkorDialect(), ["twa", "offer"])


def test_all_of_the_words() -> None:
    assert catalogue.fulltext_query(Neo4jDialect(), ["Offer", "bank"], every=True) == "+offer +bank"
    assert catalogue.fulltext_query(FalkorDialect(), ["Offer", "bank"], every=True) == "offer bank"


def test_the_probe_stops_at_the_cap(store) -> None:
    """The word probe's plan cuts the index's stream at $cap (a LIMIT right above the procedure call)."""
    plan = [
        line.strip()
        for line in str(
            store._graph.explain(catalogue.fulltext_templates(store.dialect).hits, {"q": "x", "cap": 3})
        ).splitlines()
    ]
    call = next(i for i, line in enumerate(plan) if line.startswith("ProcedureCall"))
    assert any(line.startswith("Limit") for line in plan[:call]), plan
