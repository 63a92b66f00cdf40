"""Every page of the app under Streamlit's AppTest, against a real FalkorDB graph built by the writer."""

from __future__ import annotations

import html
import json
import re

import app_graphdata as g
import pytest

from kg import browse
from kg.app import nav
from kg.app.text import esc

CLAIMS, CLAIM, SOURCES, GRAPH, INGEST = nav.CLAIMS, nav.CLAIM, nav.SOURCES, nav.GRAPH, nav.INGEST


def texts(at) -> str:
    """Everything the page wrote as markdown, captions and alerts, in one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [a.value for kind in (at.info, at.warning, at.error, at.success) for a in kind]
    return "\n".join(parts)


def no_failures(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture
def graph(store):
    g.build(store)
    return store


# ---------------------------------------------------------------- sidebar and first run


def test_sidebar_names_the_store_and_counts_without_the_password(make_app, graph, app_env) -> None:
    at = make_app(CLAIMS)
    no_failures(at)
    side = "\n".join([c.value for c in at.sidebar.caption] + [m.value for m in at.sidebar.markdown])
    assert "embedded FalkorDB" in side
    assert app_env.graph_name in html.unescape(side)
    metrics = {m.label: m.value for m in at.sidebar.metric}
    assert metrics["Articles"] == "3"
    assert metrics["Claims"] == "2"
    assert metrics["Statements"] == "6"
    password = (app_env.data_dir / "password").read_text().strip()
    assert password and password not in side and password not in texts(at)


def test_empty_graph_offers_the_samples_and_ingests_them(make_app, store) -> None:
    at = make_app()
    no_failures(at)
    assert "The graph is empty" in texts(at)
    button = next(b for b in at.button if b.label == "Ingest the sample articles")
    at = button.click().run(timeout=600)
    no_failures(at)
    counts = browse.store_counts(store)
    assert counts.articles >= 3
    assert any("new" in s.value and "written:" in s.value for s in at.success)
    assert "The graph is empty" not in texts(at)
    assert {m.label: m.value for m in at.sidebar.metric}["Articles"] == str(counts.articles)


# ---------------------------------------------------------------- Ask


def test_ask_shows_the_answer_evidence_and_cypher(make_app, graph) -> None:
    """The graph is known: one organisation denied the claim, in one sentence of one article."""
    question = "Who denied that Orbex Dynamics ignored warnings about Kestrel 4 batteries?"
    denial = "Orbex Dynamics denied that it ignored warnings about Kestrel 4 batteries."
    others = ["Mara Quill said", "Cellvane declined to comment", "People familiar with the matter said"]
    at = make_app()
    no_failures(at)
    at.chat_input[0].set_value(question)
    at = at.run(timeout=300)
    no_failures(at)
    assert len(at.chat_message) == 2
    user, assistant = at.chat_message
    assert html.unescape(user.markdown[0].value) == question
    shown = [html.unescape(m.value) for m in assistant.markdown]
    quotes = [m for m in shown if 'class="cg-quote"' in m]
    answer = "\n".join(m for m in shown if 'class="cg-quote"' not in m)
    assert "Orbex Dynamics" in answer and "Mara Quill" not in answer and "Cellvane" not in answer, answer
    marked = [
        re.sub(r"<[^>]+>", "", m)
        for q in quotes
        for m in re.findall(r'<mark class="cg-sentence">(.*?)</mark><span class="cg-ctx">', q)
    ]
    assert marked == [denial], marked  # the one denial sentence is the evidence, highlighted
    assert not any(o in "".join(quotes) for o in others[:1])  # another article's statement is not shown
    # the Cypher shown is the one that ran: run as shown, it finds the denial statement
    cypher, params = at.code[0].value, json.loads(at.code[1].value)
    rows = graph.query(cypher, params)
    assert any(denial in json.dumps(row, default=str) or "st:4" in json.dumps(row, default=str) for row in rows), rows


def test_ask_examples_come_from_the_graph_and_can_be_clicked(make_app, graph) -> None:
    at = make_app()
    no_failures(at)
    options = at.pills[0].options
    assert any("Orbex Dynamics ignored warnings" in o for o in options)  # the contested claim
    assert "Which claims are contested?" in options
    at = at.pills[0].set_value("Which claims are contested?").run(timeout=300)
    no_failures(at)
    assert len(at.chat_message) == 2
    # the same example is not asked again on the next rerun
    at = at.run()
    assert len(at.chat_message) == 2


# ---------------------------------------------------------------- Claims


def test_claims_lists_counts_per_role(make_app, graph) -> None:
    at = make_app(CLAIMS)
    no_failures(at)
    page = texts(at)
    assert f"**{esc(g.FIRE_TEXT)}**" in page
    badges = next(m.value for m in at.markdown if "asserting]" in m.value and "contested" in m.value)
    for part in ("2 asserting", "1 relaying", "1 denying", "1 no comment", "hedged"):
        assert part in badges
    assert "**2** claim(s) · **1** contested" in page
    links = [p for p in at.get("page_link") if p.proto.label == "Provenance"]
    assert len(links) == 2


@pytest.mark.parametrize(
    ("widget", "value", "expected"),
    [
        ("claims_stance", "denies", {g.FIRE_TEXT}),
        ("claims_stance", "no_comment", {g.FIRE_TEXT}),
        ("claims_hedged", "not hedged", {g.BUDGET_TEXT}),
        ("claims_hedged", "hedged", {g.FIRE_TEXT}),
        ("claims_search", "budget", {g.BUDGET_TEXT}),
    ],
)
def test_claims_filters(make_app, graph, widget, value, expected) -> None:
    at = make_app(CLAIMS)
    w = at.text_input(key=widget) if widget == "claims_search" else at.selectbox(key=widget)
    at = w.set_value(value).run()
    no_failures(at)
    shown = {t for t in (g.FIRE_TEXT, g.BUDGET_TEXT) if f"**{esc(t)}**" in texts(at)}
    assert shown == expected


def test_claims_filter_by_entity_and_outlet(make_app, graph) -> None:
    at = make_app(CLAIMS)
    entity = next(o for o in at.selectbox(key="claims_entity").options if o.startswith("Kestrel 4"))
    at = (
        at.selectbox(key="claims_entity")
        .set_value(next(x for x in browse.entity_options(graph) if x.id == g.DRONE))
        .run()
    )
    assert entity
    assert f"**{esc(g.FIRE_TEXT)}**" in texts(at) and esc(g.BUDGET_TEXT) not in texts(at)
    at = at.selectbox(key="claims_entity").set_value(None).run()
    at = (
        at.selectbox(key="claims_outlet")
        .set_value(next(x for x in browse.outlet_options(graph) if x.id == g.HARBOR))
        .run()
    )
    no_failures(at)
    assert f"**{esc(g.FIRE_TEXT)}**" in texts(at) and esc(g.BUDGET_TEXT) not in texts(at)


def test_claims_with_no_match_says_so(make_app, graph) -> None:
    at = make_app(CLAIMS)
    at = at.text_input(key="claims_search").set_value("no such words anywhere").run()
    no_failures(at)
    assert "No claims match these filters." in texts(at)


# ---------------------------------------------------------------- Claim provenance


def test_claim_provenance_timeline(make_app, graph) -> None:
    at = make_app(CLAIM, claim=g.CLAIM_FIRE)
    no_failures(at)
    md = [html.unescape(m.value) for m in at.markdown]
    headings = [m for m in md if m.startswith("#### ")]
    assert headings[:4] == ["#### 1 · First report", "#### 2 · Repeats", "#### 3 · Denials", "#### 4 · Silence"]

    def section(title: str) -> str:
        i = md.index(title)
        j = next((k for k in range(i + 1, len(md)) if md[k].startswith("#### ")), len(md))
        return "\n".join(md[i:j])

    first = section("#### 1 · First report")
    assert "**Mara Quill** (Person)" in first and "**Harbor Ledger** · 2025-03-01" in first
    assert '<mark class="cg-cue">said</mark> that <mark class="cg-content">Orbex Dynamics' in first
    repeats = section("#### 2 · Repeats")
    assert "relays" in repeats and "citing **Harbor Ledger**" in repeats and ":orange-badge[reportedly]" in repeats
    assert repeats.index("Coastline Wire") < repeats.index("People familiar with the matter")  # dated first
    assert "**Orbex Dynamics** (Organization)" in section("#### 3 · Denials")
    assert "**Cellvane** (Organization)" in section("#### 4 · Silence")
    primary = section("#### Primary sources")
    assert "**Harbor Ledger** — outlet cited" in primary and "**Mara Quill**" in primary
    assert "Coastline Wire" not in primary  # it relays, it is not a primary source
    metrics = {m.label: m.value for m in at.main.metric}
    assert metrics == {"asserting": "2", "relaying": "1", "denying": "1", "no comment": "1"}


def test_claim_page_without_a_claim_lets_you_pick_one(make_app, graph) -> None:
    at = make_app(CLAIM)
    no_failures(at)
    assert "#### 1 · First report" not in texts(at)
    pick = at.selectbox(key="claim_pick")
    row = next(r for r in browse.list_claims(graph) if r.id == g.CLAIM_BUDGET)
    at = pick.set_value(row).run()
    no_failures(at)
    assert "**Ivo Brandt** (Person)" in texts(at)
    assert at.query_params["claim"] == g.CLAIM_BUDGET


def test_unknown_claim_is_a_message_not_a_traceback(make_app, graph) -> None:
    at = make_app(CLAIM, claim="claim:does-not-exist")
    assert not at.exception
    assert any("No claim with that id" in w.value for w in at.warning)


# ---------------------------------------------------------------- Sources


def test_sources_lists_speakers_outlets_and_denials(make_app, graph) -> None:
    at = make_app(SOURCES)
    no_failures(at)
    labels = [t.label for t in at.tabs]
    assert labels == ["People & organisations (5)", "Outlets (3)", "Denials (1)", "No comment (1)"]
    speakers = at.tabs[0].dataframe[0].value
    row = speakers[speakers["name"] == "Orbex Dynamics"].iloc[0]
    assert (row["kind"], row["denies"], row["statements"]) == ("Organization", 1, 1)
    outlets = at.tabs[1].dataframe[0].value
    harbor = outlets[outlets["name"] == "Harbor Ledger"].iloc[0]
    assert (harbor["articles published"], harbor["cited by others"]) == (1, 1)
    denials = "\n".join(m.value for m in at.tabs[2].markdown)
    assert "**Orbex Dynamics**" in denials and "denied" in denials
    silent = "\n".join(m.value for m in at.tabs[3].markdown)
    assert "**Cellvane**" in silent


def test_sources_shows_one_sources_statements(make_app, graph) -> None:
    at = make_app(SOURCES)
    pick = at.selectbox(key="sources_speaker")
    choice = next(o for o in browse.speakers(graph) if o.name == "Mara Quill")
    at = pick.set_value(choice).run()
    no_failures(at)
    shown = "\n".join(m.value for m in at.tabs[0].markdown)
    assert "##### Mara Quill" in shown and "Mara Quill said that Orbex Dynamics" in shown
    assert any(p.proto.label.startswith("Claim: Orbex Dynamics") for p in at.get("page_link"))


# ---------------------------------------------------------------- Graph


def test_graph_neighbourhood_of_a_claim_and_expanding(make_app, graph) -> None:
    at = make_app(GRAPH, node=g.CLAIM_FIRE, label="Claim")
    no_failures(at)
    sub = at.session_state["graph_sub"]
    kinds = {n.kind for n in sub.nodes.values()}
    assert {"Claim", "Statement", "Person", "Organization", "Outlet", "Article", "Source"} <= kinds
    names = {n.name for n in sub.nodes.values()}
    assert {"Mara Quill", "Cellvane", "Harbor Ledger"} <= names
    assert "Ivo Brandt" not in names  # another claim's source
    legend = next(m.value for m in at.markdown if "border-radius:50%" in m.value)
    assert "#e15759" in legend  # Claim colour
    # expand the Coastline Wire article: its other statement (the budget claim) appears
    before = len(sub.nodes)
    article = next(n for n in sub.nodes.values() if n.label == "Article" and n.name == "Drone maker under fire")
    at = at.selectbox(key="graph_expand_pick").set_value(article).run()
    at = next(b for b in at.button if b.label == "Expand").click().run()
    no_failures(at)
    sub = at.session_state["graph_sub"]
    assert len(sub.nodes) > before
    assert any(n.label == "Statement" and "harbour budget" in n.sentence for n in sub.nodes.values())


def test_graph_focus_on_an_entity(make_app, graph) -> None:
    at = make_app(GRAPH)
    at = at.segmented_control(key="graph_kind").set_value("Entity").run()
    opt = next(o for o in browse.node_options(graph, "Entity") if o.id == g.ACME)
    at = at.selectbox(key="graph_Entity").set_value(opt).run()
    no_failures(at)
    sub = at.session_state["graph_sub"]
    assert sub.nodes[g.ACME].kind == "Organization"
    rels = {e.type for e in sub.edges}
    assert {"MAKES", "SUBJECT", "BY", "MENTIONS"} <= rels


# ---------------------------------------------------------------- Ingest


PASTED = (
    "Port authority rejects dredging claims\n\n"
    "The Tidewater Port Authority denied that it had approved the dredging contract, "
    "spokesperson Lena Ortiz said on Monday."
)


def test_ingest_pasted_text_appears_on_other_pages(make_app, store) -> None:
    at = make_app(INGEST)
    no_failures(at)
    at.text_area(key="paste_text").set_value(PASTED)
    at.text_input(key="paste_outlet").set_value("Bay Courier")
    at = at.button[[b.label for b in at.button].index("Ingest this article")].click().run(timeout=600)
    no_failures(at)
    summary = next(s.value for s in at.success)
    assert "articles: 1 new, 0 duplicate, 0 failed" in summary
    assert browse.store_counts(store).articles == 1
    assert {m.label: m.value for m in at.sidebar.metric}["Articles"] == "1"
    at.switch_page(SOURCES)
    at = at.run()
    no_failures(at)
    assert "Outlets (1)" in [t.label for t in at.tabs]
    # the same article again is a duplicate, not a second copy
    at.switch_page(INGEST)
    at = at.run()
    at.text_area(key="paste_text").set_value(PASTED)
    at = at.button[[b.label for b in at.button].index("Ingest this article")].click().run(timeout=600)
    assert "0 new, 1 duplicate" in next(s.value for s in at.success)
    assert browse.store_counts(store).articles == 1


def test_ingest_uploads_report_bad_files_by_name(make_app, store) -> None:
    at = make_app(INGEST)
    rows = "\n".join(
        [
            json.dumps({"text": PASTED, "outlet": "Bay Courier", "published": "2025-05-02"}),
            "{not json",
            json.dumps({"title": "no text here"}),
        ]
    )
    at.file_uploader[0].set_value(
        [
            ("harbour.md", b"# Harbour news\n\nThe mayor said the harbour will reopen in May.", "text/markdown"),
            ("feed.jsonl", rows.encode(), "application/json"),
            ("broken.txt", b"\x00\x01\x02\x00" * 200, "text/plain"),
        ]
    )
    at = at.run()
    at = next(b for b in at.button if b.label == "Ingest the uploaded files").click().run(timeout=600)
    assert not at.exception
    summary = next(w.value for w in at.warning)
    assert "articles: 2 new, 0 duplicate, 3 failed" in summary
    errors = [html.unescape(e.value) for e in at.error]
    assert any("feed.jsonl:2" in e and "malformed JSON" in e for e in errors)
    assert any("feed.jsonl:3" in e and "text" in e for e in errors)
    assert any("broken.txt" in e and "binary" in e for e in errors)
    assert not any("claimgraph-upload" in e for e in errors)  # the temp path never shows
    assert browse.store_counts(store).articles == 2


# ---------------------------------------------------------------- failures are messages


@pytest.mark.parametrize("credentials", ["", "neo4j:hunter2-secret@"])
def test_unreachable_neo4j_is_a_message_without_the_password(make_app, monkeypatch, credentials) -> None:
    from app_server import free_port

    from kg.config import get_settings

    monkeypatch.setenv("KG_GRAPH_URI", f"bolt://{credentials}127.0.0.1:{free_port()}")
    monkeypatch.setenv("KG_GRAPH_PASSWORD", "hunter2-secret")
    get_settings.cache_clear()
    for page in (None, CLAIMS, INGEST):
        at = make_app(page)
        assert not at.exception, [e.value for e in at.exception]
        shown = html.unescape(texts(at) + "\n".join(e.value for e in at.sidebar.error))
        assert "not available" in shown or "could not be opened" in shown or "unavailable" in shown.lower()
        assert "hunter2" not in shown
