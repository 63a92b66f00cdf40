"""SHACL shapes: real exports conform, broken graphs are caught with the right node and message."""

from __future__ import annotations

import pytest
from export_graphs import ACME, CLAIM_ID, contested_extractions
from rdflib import RDF, XSD, Graph, Literal
from rdflib.namespace import SH

from extraction.records import STANCES
from kg.export.mapping import OA, node_iri
from kg.export.rdf import load_graph_from_chunks
from kg.export.reader import iter_chunks
from kg.export.validate import shapes_graph, validate_graph
from kg.writer import write_extractions
from ontology import CG, checked, vocabulary


@pytest.fixture
def contested(store):
    extractions = contested_extractions()
    write_extractions(store, extractions)
    return store, extractions


def exported(store) -> Graph:
    return load_graph_from_chunks(iter_chunks(store))[0]


def messages(report) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in report.violations:
        out.setdefault(r.focus, set()).add(r.message)
    return out


def _in_list(shape_path) -> list[str]:
    g = shapes_graph()
    for prop in g.subjects(SH.path, shape_path):
        head = g.value(prop, SH["in"])
        if head is not None:
            items = []
            while head is not None and head != RDF.nil:
                items.append(str(g.value(head, RDF.first)))
                head = g.value(head, RDF.rest)
            return items
    raise AssertionError(f"no sh:in on {shape_path}")


def test_closed_value_lists_match_the_code() -> None:
    assert set(_in_list(CG.stance)) == set(STANCES)
    entity_type = [x for x in _in_list(CG.type) if x not in ("named", "anonymous", "outlet")]
    assert sorted(entity_type) == sorted(vocabulary().entity_types)


def test_a_real_contested_graph_conforms(contested) -> None:
    store, _ = contested
    report = validate_graph(exported(store))
    assert report.conforms, [r for r in report.violations]


def test_a_broken_store_fails_with_focus_node_and_message(contested) -> None:
    store, extractions = contested
    denial = next(s for s in extractions[1].attributions if s.stance == "denies")
    store.write(checked("MATCH (s:Statement {id: $id}) SET s.stance = 'maybe', s.start = s.end + 5"), {"id": denial.id})
    store.write(checked("MATCH (e:Entity {id: $id}) SET e.type = 'Spaceship'"), {"id": ACME})
    store.write(checked("MATCH (c:Claim {id: $id}) SET c.text = ''"), {"id": CLAIM_ID})
    report = validate_graph(exported(store))
    assert not report.conforms
    got = messages(report)
    s = str(node_iri("Statement", denial.id))
    assert "stance is one of asserts, denies, disputes, no_comment" in got[s]
    assert "the sentence span has 0 <= start < end" in got[s]
    assert "an entity's type is one of the ontology's entity types" in got[str(node_iri("Entity", ACME))]
    assert "a claim has exactly one non-empty text" in got[str(node_iri("Claim", CLAIM_ID))]
    # the selector built from the broken offsets is caught too
    assert any(r.focus.endswith("#position") for r in report.violations)


def test_broken_rdf_is_caught(contested) -> None:
    store, extractions = contested
    g = exported(store)
    art = extractions[0].article
    a = node_iri("Article", art.id)
    st = node_iri("Statement", extractions[0].attributions[0].id)
    g.remove((a, CG.contains, st))  # statement orphaned
    g.remove((a, CG.text, None))  # article without text
    g.set((a, CG.published, Literal("last Tuesday")))  # not a date: a warning, not a violation
    report = validate_graph(g)
    got = messages(report)
    assert "a statement is contained in exactly one article" in got[str(st)]
    assert "an article has exactly one non-empty text" in got[str(a)]
    warnings = [r for r in report.results if r.severity == "Warning"]
    assert [w.focus for w in warnings] == [str(a)] and "ISO-8601" in warnings[0].message


def test_evidence_past_the_end_of_the_article_is_caught(contested) -> None:
    store, extractions = contested
    g = exported(store)
    st = node_iri("Statement", extractions[0].attributions[0].id)
    sel = selector_of(g, st)
    g.set((sel, OA.end, Literal(10_000, datatype=XSD.nonNegativeInteger)))
    got = messages(validate_graph(g))
    assert "the evidence offsets run past the end of the article text" in got[f"{st}#evidence"]


def selector_of(g: Graph, statement):
    return g.value(g.value(statement, CG.evidence), OA.hasSelector)


def _statement(g: Graph, extractions, stance: str):
    att = next(a for ex in extractions for a in ex.attributions if a.stance == stance)
    return node_iri("Statement", att.id)


def _int(g: Graph, s, p) -> int:
    return int(g.value(s, p))


def _makes(g: Graph):
    return next(g.subjects(RDF.predicate, CG.makes))


BREAKS = {
    "cue before sentence": (
        lambda g, ex: g.set(
            (_statement(g, ex, "denies"), CG.cueStart, Literal(_int(g, _statement(g, ex, "denies"), CG.start) - 1))
        ),
        lambda g, ex: _statement(g, ex, "denies"),
        "the cue starts before its sentence",
    ),
    "content past sentence": (
        lambda g, ex: g.set(
            (_statement(g, ex, "denies"), CG.contentEnd, Literal(_int(g, _statement(g, ex, "denies"), CG.end) + 3))
        ),
        lambda g, ex: _statement(g, ex, "denies"),
        "the content ends after its sentence",
    ),
    "article id mismatch": (
        lambda g, ex: g.set((_statement(g, ex, "asserts"), CG.article, Literal("nope"))),
        lambda g, ex: _statement(g, ex, "asserts"),
        "cg:article does not name the article that contains the statement",
    ),
    "type key and class disagree": (
        lambda g, ex: g.set((node_iri("Entity", ACME), CG.type, Literal("Person"))),
        lambda g, ex: node_iri("Entity", ACME),
        "the entity's cg:type does not name its entity type class",
    ),
    "two entity type classes": (
        lambda g, ex: g.add((node_iri("Entity", ACME), RDF.type, CG.Place)),
        lambda g, ex: node_iri("Entity", ACME),
        "an entity carries exactly one entity type class",
    ),
    "reified relation without its triple": (
        lambda g, ex: g.remove((node_iri("Entity", ACME), CG.makes, None)),
        lambda g, ex: _makes(g),
        "the asserted relationship itself (subject predicate object) is missing from the export",
    ),
    "entity relation without evidence sentence": (
        lambda g, ex: g.remove((_makes(g), CG.sentence, None)),
        lambda g, ex: _makes(g),
        "a relation between two entities carries its evidence (article, start, end, sentence)",
    ),
    "two sources": (
        lambda g, ex: g.add((_statement(g, ex, "denies"), CG.by, node_iri("Claim", CLAIM_ID))),
        lambda g, ex: _statement(g, ex, "denies"),
        "a statement is by at most one entity, outlet or unnamed source",
    ),
    "statement without evidence": (
        lambda g, ex: g.remove((_statement(g, ex, "no_comment"), CG.evidence, None)),
        lambda g, ex: _statement(g, ex, "no_comment"),
        "a statement has exactly one evidence (sentence position in its article)",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_rule_catches_its_breakage(contested, name: str) -> None:
    store, extractions = contested
    g = exported(store)  # conforms before the break: test_a_real_contested_graph_conforms
    mutate, focus, message = BREAKS[name]
    target = focus(g, extractions)
    mutate(g, extractions)
    got = messages(validate_graph(g))
    assert message in got.get(str(target), set()), got
