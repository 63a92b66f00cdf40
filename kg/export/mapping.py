"""Property graph -> RDF triples: IRIs, literals, and the two layers of the mapping.

No database code here. A ``Chunk`` (some nodes and their outgoing relationships) becomes
triples in two layers:

* core (lossless, ontology IRIs only): one ``rdf:type`` per node label, one triple per property
  value (lists give one triple per element), one triple per relationship, and for every
  relationship that carries properties a ``cg:RelationAssertion`` node (``rdf:subject``,
  ``rdf:predicate``, ``rdf:object`` + its properties);
* interop (derived, for tools that do not read our ontology): each label's non-``cg:``
  super-classes (``schema:NewsArticle``, ``schema:Claim``, ``prov:Entity``, ...), each
  relationship type's non-``cg:`` super-properties (``prov:wasAttributedTo``, ``schema:publisher``,
  ...) except entity-relation types, ``prov:wasDerivedFrom`` the evidence article, and the
  evidence as a Web Annotation ``oa:SpecificResource`` with an ``oa:TextPositionSelector``.

Every triple's subject is a node of the chunk or something minted from one (assertion,
evidence, selector), so chunks never share subjects and can be serialised one at a time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote, unquote

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from kg.store.schema import SCHEMA
from ontology import CG, CG_NS, load_graph, vocabulary

ID_BASE = "https://w3id.org/claimgraph/id/"
SCHEMA_NS = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, str] = {
    "cg": str(CG_NS),
    "schema": str(SCHEMA_NS),
    "prov": str(PROV),
    "oa": str(OA),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}

# Labels that identify a node by id (the unique constraints); every node has exactly one.
PRIMARY_LABELS: tuple[str, ...] = tuple(s.label for s in SCHEMA if s.kind == "unique")
LIST_KEYS: frozenset[str] = vocabulary().list_keys  # declared cg:listValued in the ontology
DATE_KEYS: frozenset[str] = frozenset({"published", "ingested_at"})
OFFSET_KEYS: frozenset[str] = frozenset({"source_start", "source_end"})  # -1 means "no source span"
ASSERTION_KEYS: tuple[str, ...] = ("article", "start")  # what tells two evidences of one relation apart

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True, slots=True)
class NodeRow:
    label: str  # primary label
    id: str
    labels: tuple[str, ...]
    props: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EdgeRow:
    src_label: str
    src: str
    type: str
    props: dict[str, Any]
    dst_label: str
    dst: str


@dataclass(slots=True)
class Chunk:
    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)


def primary_label(labels: list[str] | tuple[str, ...]) -> str | None:
    for label in PRIMARY_LABELS:
        if label in labels:
            return label
    return None


def node_iri(label: str, node_id: str) -> URIRef:
    """Stable node IRI: ``{ID_BASE}{label}/{url-encoded id}``."""
    return URIRef(f"{ID_BASE}{label.lower()}/{quote(str(node_id), safe='')}")


def parse_node_iri(iri: str) -> tuple[str, str] | None:
    """(primary label, id) of a node IRI, or None."""
    if not iri.startswith(ID_BASE):
        return None
    segment, _, rest = iri[len(ID_BASE) :].partition("/")
    for label in PRIMARY_LABELS:
        if label.lower() == segment and rest and "#" not in rest:
            return label, unquote(rest)
    return None


def assertion_iri(edge: EdgeRow) -> URIRef:
    key = [edge.src_label, edge.src, edge.type, edge.dst_label, edge.dst]
    key += [str(edge.props.get(k, "")) for k in ASSERTION_KEYS]
    digest = hashlib.sha1("\x1f".join(key).encode("utf-8")).hexdigest()[:24]
    return URIRef(f"{ID_BASE}assertion/{digest}")


def evidence_iri(subject: URIRef) -> URIRef:
    return URIRef(f"{subject}#evidence")


def selector_iri(subject: URIRef) -> URIRef:
    return URIRef(f"{subject}#position")


def absent(key: str, value: Any) -> bool:
    """Values the export leaves out: null, empty string or list, and the -1 'no span' offsets."""
    if value is None or value == "" or value == []:
        return True
    return key in OFFSET_KEYS and isinstance(value, int) and value < 0


def to_literal(key: str, value: Any) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    text = str(value)
    if key in DATE_KEYS:
        if _DATE.match(text):
            lit = Literal(text, datatype=XSD.date, normalize=False)
            if not lit.ill_typed:
                return lit
        elif _DATETIME.match(text):
            lit = Literal(text, datatype=XSD.dateTime, normalize=False)
            if not lit.ill_typed:
                return lit
    return Literal(text)


def from_literal(lit: Literal) -> Any:
    """Graph value of an exported literal (dates stay ISO-8601 strings, as the writer stores them)."""
    if lit.datatype in (XSD.integer, XSD.boolean, XSD.double) and not lit.ill_typed:
        return lit.toPython()
    return str(lit)


@cache
def key_iris() -> dict[str, URIRef]:
    return {key: vocabulary().iri_of(key) for key in vocabulary().props}


@cache
def external_supers() -> dict[str, tuple[URIRef, ...]]:
    """Graph label or relationship type -> its direct super-classes/-properties outside ``cg:``."""
    g = load_graph()
    v = vocabulary()
    out: dict[str, tuple[URIRef, ...]] = {}
    for name in [*v.labels, *v.rels]:
        term = v.iri_of(name)
        sup = RDFS.subClassOf if name in v.labels else RDFS.subPropertyOf
        out[name] = tuple(sorted(URIRef(o) for o in g.objects(term, sup) if not str(o).startswith(str(CG_NS))))
    return out


def assertion_supers() -> tuple[URIRef, ...]:
    return tuple(URIRef(o) for o in load_graph().objects(CG.RelationAssertion, RDFS.subClassOf))


Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass
class Skipped:
    """Names the ontology does not know; the export leaves them out and says so."""

    keys: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)


def _props(subject: URIRef, props: dict[str, Any], skipped: Skipped) -> Iterator[Triple]:
    keys = key_iris()
    for key in sorted(props):
        value = props[key]
        if key not in keys:
            skipped.keys.add(key)
            continue
        values = value if isinstance(value, list) else [value]
        for v in values:
            if not absent(key, v):
                yield subject, keys[key], to_literal(key, v)


def _evidence(subject: URIRef, props: dict[str, Any]) -> Iterator[Triple]:
    article = props.get("article")
    if absent("article", article):
        return
    article_iri = node_iri("Article", article)
    yield subject, PROV.wasDerivedFrom, article_iri
    start, end = props.get("start"), props.get("end")
    if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool):
        ev, sel = evidence_iri(subject), selector_iri(subject)
        yield subject, CG.evidence, ev
        yield ev, RDF.type, OA.SpecificResource
        yield ev, OA.hasSource, article_iri
        yield ev, OA.hasSelector, sel
        yield sel, RDF.type, OA.TextPositionSelector
        yield sel, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)
        yield sel, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)


def node_triples(node: NodeRow, skipped: Skipped) -> Iterator[Triple]:
    v = vocabulary()
    sup = external_supers()
    subject = node_iri(node.label, node.id)
    types: set[URIRef] = set()
    for label in node.labels:
        if label not in v.labels:
            skipped.labels.add(label)
            continue
        types.add(v.iri_of(label))
        types.update(sup[label])
    for t in sorted(types):
        yield subject, RDF.type, t
    yield from _props(subject, node.props, skipped)
    yield from _evidence(subject, node.props)


def edge_triples(edge: EdgeRow, skipped: Skipped) -> Iterator[Triple]:
    v = vocabulary()
    if edge.type not in v.rels:
        skipped.types.add(edge.type)
        return
    s, o = node_iri(edge.src_label, edge.src), node_iri(edge.dst_label, edge.dst)
    pred = v.iri_of(edge.type)
    yield s, pred, o
    if edge.type not in v.entity_relations:
        for p in external_supers()[edge.type]:
            yield s, p, o
    if not any(not absent(k, val) for k, val in edge.props.items()):
        return
    a = assertion_iri(edge)
    yield a, RDF.type, CG.RelationAssertion
    for t in assertion_supers():
        yield a, RDF.type, t
    yield a, RDF.subject, s
    yield a, RDF.predicate, pred
    yield a, RDF.object, o
    yield from _props(a, edge.props, skipped)
    yield from _evidence(a, edge.props)


def chunk_triples(chunk: Chunk, skipped: Skipped) -> Iterator[Triple]:
    for node in chunk.nodes:
        yield from node_triples(node, skipped)
    for edge in chunk.edges:
        yield from edge_triples(edge, skipped)
