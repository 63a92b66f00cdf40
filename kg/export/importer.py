"""``kg import-rdf``: load a ClaimGraph RDF export back into the property graph.

Reads only the core layer of the mapping (see ``mapping``): node IRIs with their ``rdf:type``
labels and ontology-key literals, relationship triples, and ``cg:RelationAssertion`` nodes for
relationships that carry properties. The interop layer (schema.org/PROV types and properties,
evidence selectors) is derived again on export, so export -> import -> export gives the same
triples. Writes are MERGEs on ids (and on article+start for entity relations, like the writer).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef

from kg import drift
from kg.export.mapping import LIST_KEYS, from_literal, parse_node_iri
from kg.store.base import GraphStore
from ontology import CG, checked, load_graph, vocabulary


def _node_write(labels: str) -> str:
    return checked(f"UNWIND $rows AS row MERGE (n:{labels} {{id: row.id}}) SET n += row.props")


def _edge_write(rel: str, src: str, dst: str) -> str:
    keyed = rel in vocabulary().entity_relations
    merge = (
        f"MERGE (a)-[r:{rel} {{article: row.article, start: row.start}}]->(b)" if keyed else f"MERGE (a)-[r:{rel}]->(b)"
    )
    return checked(
        f"UNWIND $rows AS row MATCH (a:{src}) WHERE a.id = row.src MATCH (b:{dst}) WHERE b.id = row.dst "
        f"{merge} SET r += row.props"
    )


@cache
def endpoints() -> dict[str, tuple[tuple[str, str], ...]]:
    """The (source label, target label) pairs kg/writer.py creates for each relationship type."""
    v = vocabulary()
    out: dict[str, tuple[tuple[str, str], ...]] = {
        "PUBLISHED_BY": (("Article", "Outlet"),),
        "MENTIONS": (("Article", "Entity"), ("Article", "Outlet")),
        "CONTAINS": (("Article", "Statement"),),
        "BY": (("Statement", "Entity"), ("Statement", "Outlet"), ("Statement", "Source")),
        "ABOUT": (("Statement", "Claim"),),
        "CITES": (("Statement", "Outlet"),),
        "INVOLVES": (("Claim", "Entity"),),
        "SUBJECT": (("Claim", "Entity"),),
        "OBJECT": (("Claim", "Entity"),),
    }
    for rel in drift.LINKS:  # statement -> statement drift links (kg/drift.py)
        out[rel] = (("Statement", "Statement"),)
    for rel in v.entity_relations:
        out[rel] = (("Entity", "Entity"),)
    return {rel: pairs for rel, pairs in out.items() if rel in v.rels}


@cache
def node_writes() -> dict[tuple[str, ...], str]:
    v = vocabulary()
    out = {(label,): _node_write(label) for label in ("Article", "Outlet", "Claim", "Statement", "Source", "Entity")}
    for t in v.entity_types:
        out[("Entity", t)] = _node_write(f"Entity:{t}")
    return out


@cache
def edge_writes() -> dict[tuple[str, str, str], str]:
    return {(rel, s, d): _edge_write(rel, s, d) for rel, pairs in endpoints().items() for s, d in pairs}


def lint_statements() -> list[tuple[str, str]]:
    out = [(f"import_node_{'_'.join(k)}", q) for k, q in node_writes().items()]
    return out + [(f"import_edge_{'_'.join(k)}", q) for k, q in edge_writes().items()]


@cache
def _reverse() -> tuple[dict[URIRef, str], dict[URIRef, str], dict[URIRef, str]]:
    g = load_graph()
    labels = {URIRef(s): str(o) for s, o in g.subject_objects(CG.graphLabel)}
    rels = {URIRef(s): str(o) for s, o in g.subject_objects(CG.graphType)}
    keys = {URIRef(s): str(o) for s, o in g.subject_objects(CG.graphKey)}
    return labels, rels, keys


@dataclass
class ImportReport:
    nodes: int = 0
    edges: int = 0
    ignored: int = 0  # core-looking triples that could not be placed (unknown node, unsupported shape)


def _props(g: Graph, subject: URIRef, keys: dict[URIRef, str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for p, o in g.predicate_objects(subject):
        if p in keys and isinstance(o, Literal):
            key = keys[p]
            if key in LIST_KEYS:
                props.setdefault(key, []).append(from_literal(o))
            else:
                props[key] = from_literal(o)
    for key in LIST_KEYS & props.keys():
        props[key] = sorted(props[key])
    return props


def import_graph(store: GraphStore, g: Graph, batch_size: int = 2000) -> ImportReport:
    """Write every ClaimGraph node and relationship found in ``g``."""
    labels_of, rels_of, keys = _reverse()
    report = ImportReport()
    nodes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    known: dict[URIRef, str] = {}
    for subject in set(g.subjects(RDF.type, None)):
        parsed = parse_node_iri(str(subject)) if isinstance(subject, URIRef) else None
        if parsed is None:
            continue
        label, node_id = parsed
        extra = sorted(labels_of[t] for t in g.objects(subject, RDF.type) if t in labels_of and labels_of[t] != label)
        key = (label, *extra)
        if key not in node_writes():
            report.ignored += 1
            continue
        props = _props(g, subject, keys)
        props["id"] = node_id
        nodes[key].append({"id": node_id, "props": props})
        known[subject] = label
    for key, rows in sorted(nodes.items()):
        store.write_rows(node_writes()[key], rows, batch_size)
        report.nodes += len(rows)

    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    asserted: set[tuple[URIRef, URIRef, URIRef]] = set()
    for a in g.subjects(RDF.type, CG.RelationAssertion):
        s, p, o = g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)
        if not (s in known and o in known and p in rels_of):
            report.ignored += 1
            continue
        asserted.add((s, p, o))
        props = _props(g, a, keys)
        _add_edge(edges, report, rels_of[p], known[s], known[o], s, o, props)
    for p, rel in rels_of.items():
        for s, o in g.subject_objects(p):
            if (s, p, o) in asserted:
                continue
            if s in known and o in known:
                _add_edge(edges, report, rel, known[s], known[o], s, o, {})
            else:
                report.ignored += 1
    for key, rows in sorted(edges.items()):
        store.write_rows(edge_writes()[key], rows, batch_size)
        report.edges += len(rows)
    return report


def _add_edge(edges, report: ImportReport, rel: str, src: str, dst: str, s: URIRef, o: URIRef, props: dict) -> None:
    key = (rel, src, dst)
    if key not in edge_writes():
        report.ignored += 1
        return
    src_id, dst_id = parse_node_iri(str(s))[1], parse_node_iri(str(o))[1]
    edges[key].append(
        {"src": src_id, "dst": dst_id, "article": props.get("article"), "start": props.get("start"), "props": props}
    )
