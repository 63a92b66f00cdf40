"""Sources: outlets and the people, organisations and unnamed sources behind statements."""

from __future__ import annotations

import streamlit as st

from kg import browse
from kg.app import components, nav, resources
from kg.app.text import esc, shorten
from kg.store.base import GraphStore

MAX_SHOWN = 100


def statement_list(rows: list[browse.SourceStatement], show_who: bool = False) -> None:
    if not rows:
        st.caption("No statements.")
        return
    if len(rows) > MAX_SHOWN:
        st.caption(f"Showing the first {MAX_SHOWN} of {len(rows)}.")
    for r in rows[:MAX_SHOWN]:
        with st.container(border=True):
            head = [components.STANCE_BADGE.get(r.stance, "")]
            if show_who:
                head.append(f"**{esc(r.who or 'unnamed')}**")
            if r.cue:
                head.append(f"cue *{esc(r.cue)}*")
            head += [f":orange-badge[{esc(h)}]" for h in r.hedges]
            st.markdown(" · ".join(x for x in head if x))
            st.markdown(f'<div class="cg-quote">{esc(r.sentence)}</div>', unsafe_allow_html=True)
            st.markdown(components.meta_line(r.outlet, r.published, r.title, r.uri, r.article_id))
            if r.claim_id:
                st.page_link(
                    nav.CLAIM,
                    label=f"Claim: {shorten(r.claim_text, 90)}",
                    icon=":material/timeline:",
                    query_params={"claim": r.claim_id},
                )


def source_table(rows: list[browse.SourceRow], outlets: bool) -> None:
    data = []
    for r in rows:
        row = {
            "name": r.name,
            "kind": r.kind,
            "statements": r.statements,
            "asserts": r.asserts,
            "denies": r.denies,
            "no comment": r.no_comment,
        }
        if outlets:
            row.update({"articles published": r.articles, "cited by others": r.cited})
        else:
            row["claims"] = r.claims
        data.append(row)
    st.dataframe(data, hide_index=True)


def pick_and_show(store: GraphStore, rows: list[browse.SourceRow], key: str) -> None:
    choice = st.selectbox(
        "Show the statements of",
        [None, *rows],
        format_func=lambda r: "Pick a source…" if r is None else f"{r.name} ({r.kind}, {r.statements})",
        key=key,
    )
    if choice is not None:
        st.markdown(f"##### {esc(choice.name)}")
        statement_list(browse.statements_by(store, choice.label, choice.id))


def render() -> None:
    store = components.store_or_stop()
    st.title("Sources")
    st.caption("Who said what: outlets, people, organisations and unnamed sources, and who denied what.")
    if components.first_run(store):
        return
    speakers = resources.all_speakers(store)
    outlets = browse.outlets(store)
    denials = browse.denials(store)
    silent = browse.statements_with_stance(store, "no_comment")
    t1, t2, t3, t4 = st.tabs(
        [
            f"People & organisations ({len(speakers)})",
            f"Outlets ({len(outlets)})",
            f"Denials ({len(denials)})",
            f"No comment ({len(silent)})",
        ]
    )
    with t1:
        if speakers:
            source_table(speakers, outlets=False)
            pick_and_show(store, speakers, "sources_speaker")
        else:
            st.info("No attributed statements yet.")
    with t2:
        if outlets:
            source_table(outlets, outlets=True)
            pick_and_show(store, [o for o in outlets if o.statements], "sources_outlet")
        else:
            st.info("No outlets yet.")
    with t3:
        st.caption("Every denial, with who denied which claim.")
        statement_list(denials, show_who=True)
    with t4:
        st.caption("Sources that declined to comment or stayed silent.")
        statement_list(silent, show_who=True)


render()
