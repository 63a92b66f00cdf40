"""export -> kg import-rdf into an empty graph -> export gives the same triples."""

from __future__ import annotations

import io
import uuid

import pytest
from export_graphs import contested_extractions
from kgtest import SEEDS, requires
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic

from kg.export.importer import import_graph
from kg.export.rdf import parse_rdf, write_rdf
from kg.export.reader import iter_chunks
from kg.ingest import ingest_paths
from kg.stats import graph_stats
from kg.store.falkor import FalkorStore
from kg.writer import write_extractions


@pytest.fixture
def second_store(settings):
    s = FalkorStore(settings.data_dir, f"rt_{uuid.uuid4().hex[:12]}")
    s.ensure_schema()
    yield s
    s.delete_graph()
    s.close()


def export(store, fmt: str = "ttl") -> Graph:
    buf = io.StringIO()
    write_rdf(iter_chunks(store), buf, fmt)
    return parse_rdf(data=buf.getvalue(), fmt=fmt)


def _assert_round_trip(store, second_store, fmt: str) -> None:
    first = export(store, fmt)
    report = import_graph(second_store, first)
    assert report.ignored == 0
    again = export(second_store, fmt)
    if not isomorphic(first, again):
        _, only_first, only_again = graph_diff(first, again)
        pytest.fail(f"lost: {sorted(only_first)[:5]} gained: {sorted(only_again)[:5]}")
    assert graph_stats(second_store) == graph_stats(store)
    assert _contents(second_store) == _contents(store)


def _contents(store) -> tuple[list, list]:
    """Every node and relationship with its properties; values the export omits by design
    (empty strings, the -1 'no source span' offsets) are dropped, lists compared as sets."""

    def clean(props: dict) -> tuple:
        out = []
        for k, v in props.items():
            if v == "" or v is None or v == [] or (k in ("source_start", "source_end") and v == -1):
                continue
            out.append((k, tuple(sorted(v)) if isinstance(v, list) else v))
        return tuple(sorted(out))

    nodes = sorted((tuple(sorted(r["l"])), clean(r["p"])) for r in store.query(NODES))
    edges = sorted((r["a"], r["t"], r["b"], clean(r["p"])) for r in store.query(EDGES))
    return nodes, edges


NODES = "MATCH (n) RETURN labels(n) AS l, properties(n) AS p"
EDGES = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p"


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_hand_made_graph_round_trips(store, second_store, fmt: str) -> None:
    write_extractions(store, contested_extractions())
    _assert_round_trip(store, second_store, fmt)


def test_import_is_idempotent(store, second_store) -> None:
    write_extractions(store, contested_extractions())
    g = export(store)
    import_graph(second_store, g)
    import_graph(second_store, g)
    assert graph_stats(second_store) == graph_stats(store)


@requires(SEEDS)
def test_seed_graph_round_trips(store, second_store, settings) -> None:
    ingest_paths(store, [SEEDS], settings)
    _assert_round_trip(store, second_store, "nt")
