"""Graph vocabulary read from ``claimgraph.ttl``: labels, relationship types, property keys.

Code takes every label, type and key from here. Each name set is a closed namespace:
``L.Artcle`` raises ``AttributeError`` instead of silently writing a new label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef

from ontology.namespace import CG

TTL_PATH = Path(__file__).with_name("claimgraph.ttl")
SHAPES_PATH = Path(__file__).with_name("shapes.ttl")


class Names:
    """A closed set of graph names; attribute access returns the name or raises."""

    def __init__(self, kind: str, names: dict[str, str]) -> None:
        self._kind = kind
        self._names = dict(names)

    def __getattr__(self, item: str) -> str:
        if item.startswith("_"):
            raise AttributeError(item)
        try:
            return self._names[item]
        except KeyError:
            raise AttributeError(f"{item!r} is not a {self._kind} in the ontology") from None

    def __contains__(self, item: object) -> bool:
        return item in self._names

    def __iter__(self):
        return iter(self._names.values())

    def all(self) -> list[str]:
        return sorted(self._names.values())


@dataclass(frozen=True)
class Vocabulary:
    labels: Names
    rels: Names
    props: Names
    entity_types: tuple[str, ...]
    entity_relations: tuple[str, ...]
    iri: dict[str, URIRef]  # graph name -> ontology IRI
    list_keys: frozenset[str] = frozenset()  # property keys whose values are lists

    def iri_of(self, name: str) -> URIRef:
        return self.iri[name]


@cache
def load_graph() -> Graph:
    g = Graph()
    g.parse(TTL_PATH, format="turtle")
    return g


@cache
def vocabulary() -> Vocabulary:
    g = load_graph()
    labels: dict[str, str] = {}
    rels: dict[str, str] = {}
    props: dict[str, str] = {}
    iri: dict[str, URIRef] = {}
    for term, name in g.subject_objects(CG.graphLabel):
        labels[str(name)] = str(name)
        iri[str(name)] = URIRef(term)
    for term, name in g.subject_objects(CG.graphType):
        rels[str(name)] = str(name)
        iri[str(name)] = URIRef(term)
    for term, name in g.subject_objects(CG.graphKey):
        props[str(name)] = str(name)
        iri.setdefault(str(name), URIRef(term))
    entity_types = tuple(sorted(str(g.value(c, CG.graphLabel)) for c in g.subjects(RDFS.subClassOf, CG.Entity)))
    entity_rel_types = tuple(sorted(str(g.value(p, CG.graphType)) for p in g.subjects(RDF.type, CG.EntityRelation)))
    return Vocabulary(
        labels=Names("node label", labels),
        rels=Names("relationship type", rels),
        props=Names("property key", props),
        entity_types=entity_types,
        entity_relations=entity_rel_types,
        iri=iri,
        list_keys=frozenset(str(g.value(p, CG.graphKey)) for p in g.subjects(CG.listValued, None)),
    )


_LABEL_RE = re.compile(r"\(\s*\w*\s*((?::\s*\w+)+)")
_SET_LABEL_RE = re.compile(r"\b(?:SET|REMOVE)\s+\w+((?::\w+)+)")
_REL_RE = re.compile(r"\[\s*\w*\s*:\s*([\w|:]+)")


def checked(query: str) -> str:
    """Return ``query`` after checking every node label and relationship type in it.

    Statements are written as readable Cypher; this makes the ontology the authority on
    their names at import time, so a typo fails fast rather than writing a stray label.
    """
    v = vocabulary()
    for m in _LABEL_RE.finditer(query):
        for name in filter(None, m.group(1).replace(" ", "").split(":")):
            if name not in v.labels:
                raise ValueError(f"unknown node label {name!r} in Cypher: {query[:80]}")
    for m in _SET_LABEL_RE.finditer(query):
        for name in filter(None, m.group(1).split(":")):
            if name not in v.labels:
                raise ValueError(f"unknown node label {name!r} in Cypher: {query[:80]}")
    for m in _REL_RE.finditer(query):
        for name in re.split(r"[|:]", m.group(1)):
            if name and name not in v.rels:
                raise ValueError(f"unknown relationship type {name!r} in Cypher: {query[:80]}")
    return query


_V = vocabulary()
L: Names = _V.labels
R: Names = _V.rels
P: Names = _V.props
