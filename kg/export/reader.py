"""Read the graph for export in pages: read-only, parameterized, ordered by id.

Memory is bounded by one page of nodes plus their outgoing relationships: pages are keyed by
``n.id > $after ORDER BY n.id LIMIT $limit`` (no SKIP, so a page costs the same at any depth).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kg.export.mapping import PRIMARY_LABELS, Chunk, EdgeRow, NodeRow, primary_label
from kg.store.base import GraphStore
from ontology import checked

PAGE_SIZE = 500
MAX_EDGES = 5000  # relationships held at once; a page of nodes is split to stay under it

NODE_COUNT: dict[str, str] = {label: checked(f"MATCH (n:{label}) RETURN count(n) AS n") for label in PRIMARY_LABELS}
NODE_PAGE: dict[str, str] = {
    label: checked(
        f"MATCH (n:{label}) WHERE n.id > $after "
        "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY n.id LIMIT $limit"
    )
    for label in PRIMARY_LABELS
}
NODES_BY_ID: dict[str, str] = {
    label: checked(
        f"UNWIND $ids AS nid MATCH (n:{label}) WHERE n.id = nid "
        "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY n.id"
    )
    for label in PRIMARY_LABELS
}
OUT_EDGES: dict[str, str] = {
    label: checked(
        f"UNWIND $ids AS nid MATCH (n:{label})-[r]->(m) WHERE n.id = nid "
        "RETURN n.id AS src, type(r) AS type, properties(r) AS props, labels(m) AS labels, m.id AS dst"
    )
    for label in PRIMARY_LABELS
}

OUT_DEGREE: dict[str, str] = {
    label: checked(f"UNWIND $ids AS nid MATCH (n:{label})-[r]->() WHERE n.id = nid RETURN n.id AS id, count(r) AS n")
    for label in PRIMARY_LABELS
}

CLAIM_STATEMENTS = checked(
    """MATCH (c:Claim {id: $id})
OPTIONAL MATCH (s:Statement)-[:ABOUT]->(c)
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(p:Outlet)
OPTIONAL MATCH (s)-[:CITES]->(o:Outlet)
RETURN c.id AS claim, s.id AS statement, a.id AS article, p.id AS publisher, o.id AS cited"""
)
CLAIM_ENTITIES = checked(
    """MATCH (c:Claim {id: $id})-[:INVOLVES|SUBJECT|OBJECT]->(e:Entity)
RETURN DISTINCT e.id AS id"""
)
STATEMENT_SOURCES = checked(
    """UNWIND $ids AS sid
MATCH (s:Statement)-[:BY]->(b) WHERE s.id = sid
RETURN labels(b) AS labels, b.id AS id"""
)

Selection = dict[str, set[str]]  # primary label -> node ids
ProgressFn = Callable[[int], None]


def lint_statements() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for label in PRIMARY_LABELS:
        out += [
            (f"count_{label}", NODE_COUNT[label]),
            (f"page_{label}", NODE_PAGE[label]),
            (f"by_id_{label}", NODES_BY_ID[label]),
            (f"out_edges_{label}", OUT_EDGES[label]),
            (f"out_degree_{label}", OUT_DEGREE[label]),
        ]
    return [
        *out,
        ("claim_statements", CLAIM_STATEMENTS),
        ("claim_entities", CLAIM_ENTITIES),
        ("sources", STATEMENT_SOURCES),
    ]


@dataclass
class ReadStats:
    nodes: int = 0
    edges: int = 0
    unlabelled: int = 0  # nodes or relationship ends without a primary label (not exported)
    per_label: dict[str, int] = field(default_factory=dict)


def count_nodes(store: GraphStore, selection: Selection | None = None) -> int:
    if selection is not None:
        return sum(len(ids) for ids in selection.values())
    return sum(int(store.query(NODE_COUNT[label])[0]["n"]) for label in PRIMARY_LABELS)


def claim_neighbourhood(store: GraphStore, claim_id: str) -> Selection | None:
    """The claim, its entities, the statements about it with their sources, cited outlets,
    articles and publishers. None when the claim does not exist."""
    rows = store.query(CLAIM_STATEMENTS, {"id": claim_id})
    if not rows:
        return None
    sel: Selection = {label: set() for label in PRIMARY_LABELS}
    sel["Claim"].add(claim_id)
    for r in rows:
        for label, key in (
            ("Statement", "statement"),
            ("Article", "article"),
            ("Outlet", "publisher"),
            ("Outlet", "cited"),
        ):
            if r[key] is not None:
                sel[label].add(r[key])
    sel["Entity"].update(r["id"] for r in store.query(CLAIM_ENTITIES, {"id": claim_id}))
    if sel["Statement"]:
        for r in store.query(STATEMENT_SOURCES, {"ids": sorted(sel["Statement"])}):
            label = primary_label(r["labels"] or [])
            if label:
                sel[label].add(r["id"])
    return sel


def _node_rows(label: str, rows: list[dict[str, Any]], stats: ReadStats) -> list[NodeRow]:
    out = []
    for r in rows:
        if r["id"] is None:
            stats.unlabelled += 1
            continue
        out.append(NodeRow(label, str(r["id"]), tuple(r["labels"] or ()), dict(r["props"] or {})))
    return out


def _edges(
    store: GraphStore, label: str, ids: list[str], selection: Selection | None, stats: ReadStats
) -> list[EdgeRow]:
    edges: list[EdgeRow] = []
    for r in store.query(OUT_EDGES[label], {"ids": ids}):
        dst_label = primary_label(r["labels"] or [])
        if dst_label is None or r["dst"] is None:
            stats.unlabelled += 1
            continue
        if selection is not None and r["dst"] not in selection.get(dst_label, ()):
            continue
        edges.append(EdgeRow(label, str(r["src"]), r["type"], dict(r["props"] or {}), dst_label, str(r["dst"])))
    edges.sort(key=lambda e: (e.src, e.type, e.dst_label, e.dst, sorted((k, str(v)) for k, v in e.props.items())))
    return edges


def iter_chunks(
    store: GraphStore,
    selection: Selection | None = None,
    page_size: int = PAGE_SIZE,
    on_progress: ProgressFn | None = None,
    stats: ReadStats | None = None,
    max_edges: int = MAX_EDGES,
) -> Iterator[Chunk]:
    """Yield the graph (or the selected nodes) as chunks of nodes with their outgoing edges.

    A chunk holds at most ``page_size`` nodes and, unless one node alone has more, at most
    ``max_edges`` relationships: hub entities with thousands of relations do not fill memory
    together. (One node's relationships are never split, so that node is the bound.)
    """
    stats = stats if stats is not None else ReadStats()
    for label in PRIMARY_LABELS:
        if selection is not None:
            wanted = sorted(selection.get(label, ()))
            for i in range(0, len(wanted), page_size):
                rows = store.query(NODES_BY_ID[label], {"ids": wanted[i : i + page_size]})
                for group in _groups(store, label, _node_rows(label, rows, stats), max_edges):
                    yield _chunk(store, label, group, selection, stats, on_progress)
            continue
        after = ""
        while True:
            rows = store.query(NODE_PAGE[label], {"after": after, "limit": page_size})
            if not rows:
                break
            after = str(rows[-1]["id"])
            for group in _groups(store, label, _node_rows(label, rows, stats), max_edges):
                yield _chunk(store, label, group, None, stats, on_progress)
            if len(rows) < page_size:
                break


def _groups(store: GraphStore, label: str, nodes: list[NodeRow], max_edges: int) -> Iterator[list[NodeRow]]:
    """Split a page of nodes into runs whose outgoing relationships number at most ``max_edges``."""
    if not nodes:
        return
    degree = {r["id"]: int(r["n"]) for r in store.query(OUT_DEGREE[label], {"ids": [n.id for n in nodes]})}
    group: list[NodeRow] = []
    edges = 0
    for node in nodes:
        d = degree.get(node.id, 0)
        if group and edges + d > max_edges:
            yield group
            group, edges = [], 0
        group.append(node)
        edges += d
    yield group


def _chunk(
    store: GraphStore,
    label: str,
    nodes: list[NodeRow],
    selection: Selection | None,
    stats: ReadStats,
    on_progress: ProgressFn | None,
) -> Chunk:
    edges = _edges(store, label, [n.id for n in nodes], selection, stats) if nodes else []
    stats.nodes += len(nodes)
    stats.edges += len(edges)
    stats.per_label[label] = stats.per_label.get(label, 0) + len(nodes)
    if on_progress:
        on_progress(len(nodes))
    return Chunk(nodes, edges)
