"""Resolved sources through ingestion on a real FalkorDB: answers name the entity, not 'He'."""

from __future__ import annotations

from pathlib import Path

from kg.config import Settings
from kg.ingest import ingest_paths
from kg.query import answer_question
from kg.store.falkor import FalkorStore

STORY = (
    "Cartel output steady, minister says\n\n"
    "Energy minister Tomas Vell said on Monday that output would stay at current levels until June. "
    "The group meets again next month in Vienna. "
    "He denied that members were pumping above their agreed ceilings.\n\n"
    "A spokesman for Talvik Shipping said tanker bookings had fallen sharply in the last week.\n"
)


def _ingest(store: FalkorStore, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    report = ingest_paths(store, [tmp_path], settings)
    assert report.new == 1 and report.failed == 0, report.errors


def test_denial_answer_names_the_minister_not_he(store: FalkorStore, settings: Settings, tmp_path: Path) -> None:
    _ingest(store, settings, tmp_path)
    rows = store.query(
        "MATCH (s:Statement)-[:BY]->(p:Person) WHERE s.stance = 'denies' RETURN p.name AS name, s.source_text AS t"
    )
    assert rows == [{"name": "Tomas Vell", "t": "He"}]
    answer = answer_question(store, "Who denied that members were pumping above their agreed ceilings?", settings)
    names = [i.name for i in answer.items]
    assert "Tomas Vell" in names and "He" not in names, answer.to_json()


def test_spokesman_speaks_for_the_company(store: FalkorStore, settings: Settings, tmp_path: Path) -> None:
    _ingest(store, settings, tmp_path)
    rows = store.query("MATCH (s:Statement)-[:BY]->(o:Organization) RETURN o.name AS name, s.speaker AS speaker")
    assert rows == [{"name": "Talvik Shipping", "speaker": "spokesman for Talvik Shipping"}]
    answer = answer_question(store, "Who said tanker bookings had fallen sharply?", settings)
    assert any("spokesman for Talvik Shipping" in i.name for i in answer.items) or (
        "spokesman for Talvik Shipping" in answer.answer
    ), answer.to_json()
