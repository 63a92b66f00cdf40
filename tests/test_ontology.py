"""The ontology is the one source of truth for graph names, and it is valid RDF."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF

from extraction.records import AttributionRecord
from ontology import CG, CG_NS, L, P, R, checked, load_graph, vocabulary


def test_defined_namespace_matches_turtle() -> None:
    g = load_graph()
    declared = {
        str(s)[len(str(CG_NS)) :] for s in g.subjects() if str(s).startswith(str(CG_NS)) and (s, RDF.type, None) in g
    }
    in_python = {name for name in CG.__annotations__ if not name.startswith("_")}
    assert declared == in_python


def test_mistyped_terms_are_errors() -> None:
    with pytest.raises(AttributeError):
        _ = L.Artcle
    with pytest.raises(AttributeError):
        _ = R.PUBLISHED
    with pytest.raises(AttributeError):
        _ = CG.Artcle
    with pytest.raises(ValueError):
        checked("MATCH (a:Artcle) RETURN a")
    with pytest.raises(ValueError):
        checked("MATCH (a:Article)-[:PUBLISHED]->(o) RETURN a")


def test_vocabulary_has_the_core_names() -> None:
    v = vocabulary()
    assert {"Article", "Outlet", "Entity", "Claim", "Statement"} <= set(v.labels.all())
    assert {"PUBLISHED_BY", "MENTIONS", "CONTAINS", "BY", "ABOUT", "CITES"} <= set(v.rels.all())
    assert "MAKES" in v.entity_relations and "Person" in v.entity_types
    assert (CG.Claim, RDF.type, OWL.Class) in load_graph()


def test_statement_fields_are_ontology_properties() -> None:
    for key in ("cue", "stance", "hedges", "sentence", "start", "end", "content"):
        assert getattr(P, key) == key
    assert {"cue", "content", "sentence", "stance", "hedges"} <= set(AttributionRecord.__dataclass_fields__)
