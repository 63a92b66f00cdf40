"""Counts per node label and relationship type."""

from __future__ import annotations

from kg.store.base import GraphStore
from ontology import checked

LABEL_COUNTS = checked("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label")
REL_COUNTS = checked("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type")

STATS_STATEMENTS = [LABEL_COUNTS, REL_COUNTS]


def graph_stats(store: GraphStore) -> dict[str, dict[str, int]]:
    return {
        "labels": {r["label"]: int(r["count"]) for r in store.query(LABEL_COUNTS)},
        "relationships": {r["type"]: int(r["count"]) for r in store.query(REL_COUNTS)},
    }
