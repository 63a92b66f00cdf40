"""Questions in plain English -> intent + linked entities -> read-only Cypher -> cited answer.

Public contract (used by the CLI and the app):
    answer_question(store, question, settings=None, previous="") -> Answer   (Answer.to_json() is the --json shape)
    ``previous``: the question asked before in the same conversation, for follow-ups ("and who denied it?").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.query.answer import Answer, ArticleRef, Evidence, Item

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.store.base import GraphStore


def answer_question(store: GraphStore, question: str, settings: Settings | None = None, previous: str = "") -> Answer:
    """Answer ``question`` from the graph in ``store``; never raises on odd input."""
    from kg.query.engine import answer_question as _answer

    return _answer(store, question, settings, previous)


__all__ = ["Answer", "ArticleRef", "Evidence", "Item", "answer_question"]
