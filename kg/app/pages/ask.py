"""Ask: plain-English questions answered from the graph, with evidence cards and the Cypher that ran."""

from __future__ import annotations

import json

import streamlit as st

from kg import browse
from kg.app import components, resources
from kg.app.text import esc
from kg.store.base import GraphStore

MAX_ITEMS = 8
MAX_EVIDENCE = 3


def example_questions(store: GraphStore) -> list[str]:
    """Examples built from what the graph holds, so they work on any corpus."""
    out = ["Which claims are contested?"]
    speakers = browse.top_speakers(store, 1)
    if speakers:
        out.append(f"What did {speakers[0]} say?")
    entities = browse.top_entities(store, 2)
    if entities:
        out.append(f"What claims were made about {entities[0].name}?")
    claims = resources.all_claims(store)
    contested = next((c for c in claims if c.contested and len(c.text) <= 90), None)
    if contested:
        out.append(f"Who denied that {contested.text.rstrip('.')}?")
    if len(entities) > 1:
        out.append(f"Which articles mention {entities[1].name}?")
    return out[:5]


def answer(store: GraphStore, question: str, previous: str = ""):
    """The answer, read as a follow-up of ``previous`` (the last question asked) where it is one."""
    try:
        from kg.query import answer_question
    except ImportError:
        return None
    resources.nlp()
    try:
        with st.spinner("Searching the graph…"):
            return answer_question(store, question, resources.settings(), previous)
    except Exception as exc:  # a message in the conversation, never a traceback
        components.log.exception("answering %r failed", question)
        return f"Sorry, that question could not be answered ({type(exc).__name__}: {exc})."


def show_answer(store: GraphStore, ans) -> None:
    st.markdown(esc(ans.answer) if ans.answer else "*No answer text.*")
    meta = []
    if getattr(ans, "intent", ""):
        meta.append(f":gray-badge[intent: {esc(ans.intent)}]")
    for ent in getattr(ans, "entities", []) or []:
        meta.append(f":blue-badge[{esc(str(ent.get('name', '')))}]")
    if meta:
        st.markdown(" ".join(meta))
    items = list(ans.items or [])
    for i, item in enumerate(items[:MAX_ITEMS], start=1):
        st.markdown(f"**{i}. {esc(item.name)}** :gray-badge[{esc(item.kind)}] · {len(item.evidence)} evidence")
        names = [item.name] + [str(e.get("name", "")) for e in (ans.entities or [])]
        for ev in item.evidence[:MAX_EVIDENCE]:
            components.evidence_card(store, ev, names)
        if len(item.evidence) > MAX_EVIDENCE:
            with st.expander(f"{len(item.evidence) - MAX_EVIDENCE} more evidence sentences"):
                for ev in item.evidence[MAX_EVIDENCE:]:
                    components.evidence_card(store, ev, names)
    if len(items) > MAX_ITEMS:
        st.caption(f"{len(items) - MAX_ITEMS} more results not shown.")
    if ans.cypher:
        with st.expander("Cypher that ran"):
            st.code(ans.cypher, language="cypher")
            if ans.params:
                st.code(json.dumps(ans.params, indent=2, ensure_ascii=False, default=str), language="json")


def render() -> None:
    store = components.store_or_stop()
    st.title("Ask the graph")
    st.caption(
        "Ask in plain English: who claimed, reported or denied something; what a source said; "
        "where a claim came from; which claims are contested. Every answer cites its sentences."
    )
    if components.first_run(store):
        return
    history: list = st.session_state.setdefault("ask_history", [])
    examples = example_questions(store)
    picked = st.pills("Try an example", examples, key="ask_example", selection_mode="single") if examples else None
    question = st.chat_input("Ask a question about the news…", key="ask_input")
    if not question and picked and st.session_state.get("ask_last_example") != picked:
        question = picked
    st.session_state["ask_last_example"] = picked
    if question and question.strip():
        question = question.strip()[:2000]
        previous = history[-1][0] if history else ""  # "and who denied it?" reads against the last question
        history.append((question, answer(store, question, previous)))
    if history and st.button("Clear the conversation", type="tertiary", icon=":material/delete:"):
        history.clear()
        st.rerun()
    for question, ans in reversed(history):
        with st.chat_message("user"):
            st.markdown(esc(question))
        with st.chat_message("assistant"):
            if ans is None:
                st.warning("Question answering is not available yet (kg.query is missing).")
            elif isinstance(ans, str):
                st.error(esc(ans))
            else:
                show_answer(store, ans)


render()
