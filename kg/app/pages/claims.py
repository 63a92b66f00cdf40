"""Claims: every claim with how many sources assert, relay, deny or decline to comment on it."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from kg import browse, drift
from kg.app import components, drift_view, nav, resources
from kg.app.text import esc

PAGE_SIZE = 20
STANCES = {"": "any stance", "asserts": "asserted", "denies": "denied", "no_comment": "no comment"}
HEDGED = {"any": None, "hedged": True, "not hedged": False}
DRIFT = {  # filter label -> stored drift finding (kg/drift.py)
    "any": "",
    "hardened": "hardened",
    "softened": "softened",
    "source drift": "source_drift",
    "unsourced at root": "unsourced",
    "repeated after denial": "after_denial",
}


@st.cache_data(show_spinner=False, max_entries=4)
def _flags(_store, version: tuple) -> dict[str, set[str]]:
    return drift.flags(_store)


def drift_flags(store) -> dict[str, set[str]]:
    """Claim ids per drift finding, read once per graph version."""
    return _flags(store, resources.graph_version(store))


def filters(store) -> dict:
    c1, c2, c3, c4, c5, c6 = st.columns([3, 2, 2, 1.4, 1.4, 1.8])
    search = c1.text_input("Search claims", key="claims_search", placeholder="words in the claim")
    entities = browse.entity_options(store)
    entity = c2.selectbox(
        "Entity",
        [None, *entities],
        format_func=lambda o: "any entity" if o is None else f"{o.name} ({o.detail})",
        key="claims_entity",
    )
    outlets = browse.outlet_options(store)
    outlet = c3.selectbox(
        "Outlet", [None, *outlets], format_func=lambda o: "any outlet" if o is None else o.name, key="claims_outlet"
    )
    stance = c4.selectbox("Stance", list(STANCES), format_func=STANCES.get, key="claims_stance")
    hedged = c5.selectbox("Hedged", list(HEDGED), key="claims_hedged")
    changed = c6.selectbox("Drift", list(DRIFT), key="claims_drift")
    return {
        "search": search,
        "entity": entity.id if entity else "",
        "outlet": outlet.id if outlet else "",
        "stance": stance,
        "hedged": HEDGED[hedged],
        "drift": DRIFT[changed],
    }


def claim_card(row: browse.ClaimRow, n: int, found: list[str] | None = None) -> None:
    with st.container(border=True, key=f"claim_card_{n}"):
        left, right = st.columns([5, 1.3], vertical_alignment="center")
        left.markdown(f"**{esc(row.text)}**")
        left.markdown(" ".join([components.counts_badges(row), *(drift_view.BADGES[f] for f in found or [])]))
        detail = []
        if row.outlets:
            detail.append("outlets: " + ", ".join(esc(o) for o in row.outlets[:6]))
        if row.entities:
            detail.append("entities: " + ", ".join(esc(e) for e in row.entities[:6]))
        detail.append(f"{row.articles} article(s), {row.statements} statement(s)")
        left.caption(" · ".join(detail))
        right.page_link(nav.CLAIM, label="Provenance", icon=":material/timeline:", query_params={"claim": row.id})
        right.page_link(
            nav.GRAPH, label="Graph", icon=":material/hub:", query_params={"node": row.id, "label": "Claim"}
        )


def render() -> None:
    store = components.store_or_stop()
    st.title("Claims")
    st.caption(
        "Each claim once, however many articles carry it. **Asserting**: a source states it first-hand; "
        "**relaying**: an outlet passes it on (citing another outlet, or 'reportedly'); **denying**; "
        "**no comment**: declined to comment. **Drift**: *hardened* (a later article drops the hedge), "
        "*unsourced at root* (no named source behind it), *repeated after denial* (carried on without the denial)."
    )
    if components.first_run(store):
        return
    f = filters(store)
    flags = drift_flags(store)
    wanted = f.pop("drift")
    rows = browse.filter_claims(resources.all_claims(store), **f)
    if wanted:
        rows = [r for r in rows if r.id in flags[wanted]]
    if not rows:
        st.info("No claims match these filters.")
        return
    total = len(rows)
    contested = sum(1 for r in rows if r.contested)
    st.markdown(f"**{total}** claim(s) · **{contested}** contested")
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    page = 1
    if pages > 1:
        page = st.number_input("Page", min_value=1, max_value=pages, value=1, step=1, key="claims_page")
    for n, row in enumerate(rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]):
        claim_card(row, n, [name for name, ids in flags.items() if row.id in ids])
    with st.expander("As a table"):
        st.dataframe(
            [
                {
                    "claim": r.text,
                    "asserting": r.asserting,
                    "relaying": r.relaying,
                    "denying": r.denying,
                    "no comment": r.no_comment,
                    "hedged": r.hedged,
                    "drift": ", ".join(name.replace("_", " ") for name, ids in flags.items() if r.id in ids),
                    "outlets": ", ".join(r.outlets),
                    "entities": ", ".join(r.entities),
                    "provenance": f"claim?claim={quote(r.id, safe='')}",
                }
                for r in rows
            ],
            column_config={"provenance": st.column_config.LinkColumn("provenance", display_text="open")},
            hide_index=True,
        )


render()
