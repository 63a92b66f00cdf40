"""Reusable pieces of the pages: styles, badges, evidence cards, the sidebar, the first-run screen."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from kg import browse
from kg.app import nav, resources
from kg.app.text import esc, find_marks, highlight, shorten
from kg.store import GraphStore, StoreError

log = logging.getLogger("claimgraph.app")

STANCE_BADGE = {
    "asserts": ":blue-badge[asserts]",
    "denies": ":red-badge[denies]",
    "disputes": ":red-badge[disputes]",
    "no_comment": ":gray-badge[no comment]",
}
ROLE_BADGE = {
    "asserting": ":blue-badge[asserts]",
    "relaying": ":violet-badge[relays]",
    "denying": ":red-badge[denies]",
    "no_comment": ":gray-badge[no comment]",
}
ROLE_LABEL = {"asserting": "asserting", "relaying": "relaying", "denying": "denying", "no_comment": "no comment"}

CSS = """
<style>
mark.cg-hit, mark.cg-sentence { background: #fff1a8; padding: 0 .1em; border-radius: .2em; }
mark.cg-cue { background: #ffd59e; font-weight: 600; padding: 0 .1em; border-radius: .2em; }
mark.cg-content { background: #dcecff; padding: 0 .1em; border-radius: .2em; }
mark.cg-name { background: transparent; font-weight: 700; }
.cg-ctx { color: #7a7a7a; }
.cg-quote { border-left: 3px solid #e0c341; padding: .2em .8em; margin: .2em 0 .4em 0; line-height: 1.55; }
.cg-meta { color: #555; font-size: .9em; }
</style>
"""


def style() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


def store_or_stop() -> GraphStore:
    """The store, or a clear message and a stopped page when it cannot be reached."""
    try:
        return resources.store()
    except StoreError as exc:
        st.error(f"The graph store is not available: {exc}")
        st.stop()
    except Exception as exc:  # e.g. a Neo4j driver error: shown, never a traceback
        log.exception("opening the store failed")
        st.error(f"The graph store could not be opened: {type(exc).__name__}: {exc}")
        st.stop()
    raise AssertionError("unreachable")


def run_guarded(render: Callable[[], None]) -> None:
    """Run one page; any failure becomes a message instead of a traceback."""
    try:
        render()
    except StoreError as exc:
        st.error(f"The graph store reported a problem: {exc}")
    except Exception as exc:
        log.exception("page failed")
        st.error(f"Sorry, that did not work: {type(exc).__name__}: {exc}")


def date_label(published: str, seq: int | None = None) -> str:
    if published:
        return published[:10]
    return "undated"


def article_link(title: str, uri: str, article_id: str = "") -> str:
    """Markdown for an article: a link when it has a web address, else its title."""
    label = esc(shorten(title or article_id or "untitled article", 100))
    if uri.startswith(("http://", "https://")):
        return f"[{label}]({uri.replace(')', '%29').replace(' ', '%20')})"
    return f"*{label}*"


def meta_line(outlet: str, published: str, title: str, uri: str, article_id: str = "") -> str:
    parts = [f"**{esc(outlet)}**" if outlet else "*unknown outlet*", esc(date_label(published))]
    parts.append(article_link(title, uri, article_id))
    return " · ".join(parts)


def quote_html(before: str, sentence_html: str, after: str) -> str:
    return (
        f'<div class="cg-quote"><span class="cg-ctx">{esc(before)}</span>'
        f'<mark class="cg-sentence">{sentence_html}</mark><span class="cg-ctx">{esc(after)}</span></div>'
    )


def evidence_card(store: GraphStore, ev, names: list[str], context: int = 160) -> None:
    """One evidence sentence, highlighted inside its article, with outlet, date and link."""
    art = ev.article
    with st.container(border=True):
        badge = STANCE_BADGE.get(ev.stance, "")
        st.markdown(f"{meta_line(art.outlet, art.published, art.title, art.uri, art.id)} {badge}")
        ctx = None
        if art.id and ev.start is not None and ev.end is not None and 0 <= ev.start < ev.end:
            memo = st.session_state.setdefault("cg_context_memo", {})  # article text never changes (content id)
            key = (art.id, ev.start, ev.end, context)
            if key not in memo:
                memo[key] = browse.article_context(store, art.id, ev.start, ev.end, context)
            ctx = memo[key]
        sentence = ctx.sentence if ctx and ctx.sentence else ev.sentence
        inner = highlight(sentence, find_marks(sentence, names, "name"))
        before, after = (ctx.before, ctx.after) if ctx and ctx.sentence else ("", "")
        st.markdown(quote_html(before, inner, after), unsafe_allow_html=True)


def step_card(step: browse.Step) -> None:
    """One statement on a claim's timeline: who, cue, hedges, where, when and the marked sentence."""
    with st.container(border=True):
        who = f"**{esc(step.source)}** ({esc(step.source_kind)})"
        cue = f"cue *{esc(step.cue)}*" if step.cue else ""
        hedges = " ".join(f":orange-badge[{esc(h)}]" for h in step.hedges)
        cited = ""
        if step.cited:
            cited = "citing " + ", ".join(f"**{esc(c.name)}**" for c in step.cited)
        st.markdown(" · ".join(x for x in (ROLE_BADGE.get(step.role, ""), who, cue, cited, hedges) if x))
        st.markdown(
            f'<span class="cg-meta">{meta_line(step.outlet, step.published, step.title, step.uri, step.article_id)}'
            "</span>",
            unsafe_allow_html=True,
        )
        st.markdown(
            f'<div class="cg-quote">{highlight(step.sentence, step.sentence_marks())}</div>', unsafe_allow_html=True
        )


def counts_badges(row: browse.ClaimRow) -> str:
    parts = [
        f":blue-badge[{row.asserting} asserting]",
        f":violet-badge[{row.relaying} relaying]",
        f":red-badge[{row.denying} denying]",
        f":gray-badge[{row.no_comment} no comment]",
    ]
    if row.hedged:
        parts.append(":orange-badge[hedged]")
    if row.contested:
        parts.append(":red-badge[contested]")
    return " ".join(parts)


def sidebar(store: GraphStore | None) -> browse.StoreCounts | None:
    """Which store is in use (never a password) and what it holds."""
    with st.sidebar:
        if store is None:
            return None
        st.caption(f"Store: {esc(store.describe())}")
        try:
            counts = browse.store_counts(store)
        except Exception as exc:
            st.warning(f"Could not count the graph: {exc}")
            return None
        c1, c2 = st.columns(2)
        c1.metric("Articles", f"{counts.articles:,}")
        c2.metric("Claims", f"{counts.claims:,}")
        c1.metric("Statements", f"{counts.statements:,}")
        c2.metric("Outlets", f"{counts.outlets:,}")
        c1.metric("Entities", f"{counts.entities:,}")
        c2.metric("Unnamed sources", f"{counts.sources:,}")
        return counts


def first_run(store: GraphStore) -> bool:
    """When the graph is empty, say so kindly and offer the sample articles; True if it was empty."""
    counts = browse.store_counts(store)
    if not counts.empty:
        return False
    folder = resources.sample_folder()
    files = sorted(p for p in folder.glob("*") if p.is_file() and not p.name.startswith("."))
    st.subheader("Welcome to ClaimGraph")
    st.markdown(
        "The graph is empty. ClaimGraph reads news articles and records **who claimed what, where, "
        "citing whom, and who denied it**, each with its evidence sentence. Start with the sample "
        f"articles ({len(files)} files in {esc(str(folder))}), or add your own on the Ingest page."
    )
    c1, c2 = st.columns([1, 2])
    if c1.button("Ingest the sample articles", type="primary", key="first_run_ingest"):
        from kg.app.ingest_support import flash_report, ingest_items, read_folder

        flash_report(ingest_items(store, read_folder(folder)))
        st.rerun()
    c2.page_link(nav.INGEST, label="Or upload your own articles", icon=":material/upload:")
    return True
