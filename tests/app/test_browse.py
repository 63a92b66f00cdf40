"""The browse read models against a real graph written by the writer from hand-made records."""

from __future__ import annotations

from dataclasses import replace

import app_graphdata as g
import pytest

from extraction.records import Extraction, article_id
from kg import browse
from kg.writer import write_extractions


@pytest.fixture
def graph(store):
    g.build(store)
    return store


def test_counts(graph) -> None:
    assert browse.store_counts(graph) == browse.StoreCounts(
        articles=3, outlets=3, entities=5, claims=2, statements=6, sources=1
    )


def test_empty_store_counts(store) -> None:
    counts = browse.store_counts(store)
    assert counts.empty and counts.claims == 0
    assert browse.list_claims(store) == []


def test_claim_roles_are_counted_per_source(graph) -> None:
    fire, budget = browse.list_claims(graph)  # most-sourced first
    assert fire.id == g.CLAIM_FIRE
    assert (fire.asserting, fire.relaying, fire.denying, fire.no_comment) == (2, 1, 1, 1)
    assert fire.contested and fire.hedged
    assert fire.outlets == ["Coastline Wire", "Daily Meridian", "Harbor Ledger"]
    assert fire.entities == ["Kestrel 4", "Orbex Dynamics"]
    assert (fire.articles, fire.statements) == (3, 5)
    assert (budget.asserting, budget.relaying, budget.denying, budget.no_comment) == (1, 0, 0, 0)
    assert not budget.contested and not budget.hedged


def test_the_same_source_twice_counts_once(graph, store) -> None:
    # a second article by the same person asserting the same claim: one more statement, same source
    first = g.extractions()[0]
    text = first.article.text + " (updated)"
    art = replace(first.article, id=article_id(text), text=text)
    att = replace(first.attributions[0], id="st:1b")
    write_extractions(store, [Extraction(art, first.entities, [att], first.claims)])
    fire = browse.list_claims(store)[0]
    assert fire.statements == 6 and fire.asserting == 2


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, {g.CLAIM_FIRE, g.CLAIM_BUDGET}),
        ({"search": "BUDGET"}, {g.CLAIM_BUDGET}),
        ({"search": "') MATCH (n) DETACH DELETE n //"}, set()),
        ({"entity": g.DRONE}, {g.CLAIM_FIRE}),
        ({"entity": g.TREASURER}, set()),  # a speaker, not an entity of any claim
        ({"outlet": g.HARBOR}, {g.CLAIM_FIRE}),  # cited, never carrying it itself
        ({"outlet": g.COAST}, {g.CLAIM_FIRE, g.CLAIM_BUDGET}),
        ({"stance": "denies"}, {g.CLAIM_FIRE}),
        ({"stance": "no_comment"}, {g.CLAIM_FIRE}),
        ({"hedged": True}, {g.CLAIM_FIRE}),
        ({"hedged": False}, {g.CLAIM_BUDGET}),
        ({"stance": "asserts", "outlet": g.DAILY}, {g.CLAIM_FIRE}),
    ],
)
def test_claim_filters(graph, kwargs, expected) -> None:
    assert {c.id for c in browse.list_claims(graph, **kwargs)} == expected


def test_claim_filters_change_nothing(graph) -> None:
    before = browse.store_counts(graph)
    browse.list_claims(graph, search="'}) DETACH DELETE c //", entity="x' OR 1=1")
    assert browse.store_counts(graph) == before


def test_paging(graph) -> None:
    assert [c.id for c in browse.list_claims(graph, limit=1)] == [g.CLAIM_FIRE]
    assert [c.id for c in browse.list_claims(graph, limit=1, skip=1)] == [g.CLAIM_BUDGET]


def test_provenance_timeline(graph) -> None:
    prov = browse.provenance(graph, g.CLAIM_FIRE)
    assert prov is not None
    assert prov.claim.text == g.FIRE_TEXT
    assert [o.id for o in prov.claim.subjects] == [g.ACME] and [o.id for o in prov.claim.objects] == [g.DRONE]
    phases = [(s.phase, s.role, s.source) for s in prov.steps]
    assert phases == [
        ("first_report", "asserting", "Mara Quill"),
        ("repeat", "relaying", "Coastline Wire"),  # dated, so before the undated article
        ("repeat", "asserting", "People familiar with the matter"),
        ("denial", "denying", "Orbex Dynamics"),
        ("silence", "no_comment", "Cellvane"),
    ]
    first = prov.steps[0]
    assert (first.outlet, first.published, first.cue, first.source_kind) == (
        "Harbor Ledger",
        "2025-03-01",
        "said",
        "Person",
    )
    assert first.sentence[slice(*first.sentence_marks()[0][:2])] == "said"
    relay = prov.steps[1]
    assert relay.hedges == ["reportedly"] and [c.name for c in relay.cited] == ["Harbor Ledger"]
    assert prov.steps[2].source_kind == "unnamed source"
    assert [(p.name, p.kind) for p in prov.primary_sources] == [
        ("Harbor Ledger", "outlet cited"),
        ("Mara Quill", "named source (Person)"),
        ("People familiar with the matter", "unnamed source"),
    ]


def test_provenance_of_an_unknown_claim(graph) -> None:
    assert browse.provenance(graph, "claim:nope") is None


def test_sources(graph) -> None:
    outlets = {o.name: o for o in browse.outlets(graph)}
    assert (outlets["Harbor Ledger"].articles, outlets["Harbor Ledger"].cited) == (1, 1)
    assert (outlets["Coastline Wire"].statements, outlets["Coastline Wire"].asserts) == (1, 1)
    speakers = {s.name: s for s in browse.speakers(graph)}
    assert set(speakers) == {
        "Mara Quill",
        "Ivo Brandt",
        "Orbex Dynamics",
        "Cellvane",
        "People familiar with the matter",
    }
    assert (speakers["Orbex Dynamics"].kind, speakers["Orbex Dynamics"].denies) == ("Organization", 1)
    assert speakers["People familiar with the matter"].label == "Source"
    said = browse.statements_by(graph, "Entity", g.LOPEZ)
    assert [(s.claim_id, s.stance, s.outlet) for s in said] == [(g.CLAIM_FIRE, "asserts", "Harbor Ledger")]
    relayed = browse.statements_by(graph, "Outlet", g.COAST)
    assert [s.hedges for s in relayed] == [["reportedly"]]
    with pytest.raises(ValueError):
        browse.statements_by(graph, "Claim", g.CLAIM_FIRE)


def test_denials_and_silence(graph) -> None:
    denied = browse.denials(graph)
    assert [(d.who, d.claim_id, d.cue) for d in denied] == [("Orbex Dynamics", g.CLAIM_FIRE, "denied")]
    silent = browse.statements_with_stance(graph, "no_comment")
    assert [(d.who, d.cue) for d in silent] == [("Cellvane", "declined to comment")]


def test_article_context_marks_the_sentence(graph) -> None:
    step = browse.provenance(graph, g.CLAIM_FIRE).steps[0]
    ctx = browse.article_context(graph, step.article_id, step.start, step.end, window=20)
    assert ctx.sentence == step.sentence
    assert ctx.before.startswith("…") and ctx.after.endswith("…")
    assert not ctx.before[1:].startswith(" ")  # cut on a word boundary
    assert browse.article_context(graph, "no-such-article", 0, 5) is None


def test_neighbourhood_of_a_claim_reaches_sources_through_statements(graph) -> None:
    sub = browse.neighbourhood(graph, "Claim", g.CLAIM_FIRE, depth=2)
    names = {n.name for n in sub.nodes.values()}
    assert {"Mara Quill", "Cellvane", "Harbor Ledger", "Coastline Wire", "Kestrel 4"} <= names
    assert "Ivo Brandt" not in names
    edges = {(sub.nodes[e.source].name, e.type, sub.nodes[e.target].name) for e in sub.edges}
    assert ("said", "BY", "Mara Quill") in edges
    assert ("as reported by", "CITES", "Harbor Ledger") in edges
    assert all(e.source in sub.nodes and e.target in sub.nodes for e in sub.edges)
    one = browse.neighbourhood(graph, "Claim", g.CLAIM_FIRE, depth=1)
    assert len(one.nodes) < len(sub.nodes)


def test_neighbourhood_merges_without_duplicates(graph) -> None:
    sub = browse.neighbourhood(graph, "Entity", g.ACME)
    n_nodes, n_edges = len(sub.nodes), len(sub.edges)
    assert {e.type for e in sub.edges} >= {"MAKES", "SUBJECT", "INVOLVES", "BY", "MENTIONS"}
    sub.merge(browse.neighbourhood(graph, "Entity", g.ACME))
    assert (len(sub.nodes), len(sub.edges)) == (n_nodes, n_edges)
    assert browse.neighbourhood(graph, "Entity", "nobody").nodes == {}


def _exercise_every_read(store) -> None:
    """Call every read model of the browse module, on every label it handles."""
    browse.store_counts(store)
    browse.list_claims(store, search="budget", stance="denies", hedged=True)
    browse.entity_options(store)
    browse.outlet_options(store)
    browse.claim_info(store, g.CLAIM_FIRE)
    browse.provenance(store, g.CLAIM_FIRE)
    browse.outlets(store)
    browse.speakers(store)
    for label in browse.STATEMENTS_BY:
        browse.statements_by(store, label, g.ACME)
    browse.statements_with_stance(store, "asserts")
    browse.denials(store)
    browse.article_context(store, store.query("MATCH (a:Article) RETURN a.id AS id LIMIT 1")[0]["id"], 0, 1)
    for label in browse.NODE_OPTIONS:
        browse.node_options(store, label)
    for label in browse.NODE:
        browse.node(store, label, g.ACME)
    for label in browse.GRAPH_LABELS:
        browse.neighbourhood(store, label, g.ACME, depth=2)
    browse.top_speakers(store)
    browse.top_entities(store)


def test_lint_statements_cover_every_query(graph, monkeypatch) -> None:
    """Every statement the browse module really sends is in the list the Neo4j lint checks."""
    listed = dict(browse.lint_statements(None))
    assert len(listed) == len(set(listed.values()))
    sent: list[str] = []
    read = graph.query

    def recording(statement: str, params=None):
        sent.append(statement)
        return read(statement, params)

    monkeypatch.setattr(graph, "query", recording)
    _exercise_every_read(graph)
    monkeypatch.undo()
    sent = [q for q in sent if q != "MATCH (a:Article) RETURN a.id AS id LIMIT 1"]  # the test's own look-up
    assert len(set(sent)) > 20  # the control: the reads above did reach the store
    unlisted = [q for q in dict.fromkeys(sent) if q not in listed.values()]
    assert not unlisted, unlisted


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"search": "BUDGET"},
        {"entity": g.DRONE},
        {"outlet": g.HARBOR},
        {"outlet": g.COAST},
        {"stance": "denies"},
        {"hedged": True},
        {"hedged": False},
        {"stance": "asserts", "outlet": g.DAILY},
    ],
)
def test_python_filters_match_the_cypher_filters(graph, kwargs) -> None:
    everything = browse.list_claims(graph)
    assert [c.id for c in browse.filter_claims(everything, **kwargs)] == [
        c.id for c in browse.list_claims(graph, **kwargs)
    ]
