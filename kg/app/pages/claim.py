"""Claim provenance: first report -> repeats -> denials -> silence, and the primary sources cited."""

from __future__ import annotations

import streamlit as st

from kg import browse, drift
from kg.app import components, drift_view, nav, resources
from kg.app.text import esc, shorten
from kg.store.base import GraphStore

PHASE_TITLES = {
    "first_report": ("1 · First report", "The earliest article carrying the claim."),
    "repeat": ("2 · Repeats", "Later statements asserting or relaying it, in time order."),
    "denial": ("3 · Denials", "Who denied it."),
    "silence": ("4 · Silence", "Who declined to comment or stayed silent."),
}


def pick_claim(store) -> str | None:
    """The claim in the URL (``?claim=ID``), else one the user picks."""
    wanted = st.query_params.get("claim")
    if wanted:
        if st.button("Choose another claim", type="tertiary", icon=":material/swap_horiz:"):
            st.query_params.clear()
            st.rerun()
        return wanted
    rows = resources.all_claims(store)
    if not rows:
        st.info("There are no claims yet. Ingest some articles first.")
        return None
    row = st.selectbox(
        "Claim",
        [None, *rows],
        format_func=lambda r: "Pick a claim…" if r is None else f"{shorten(r.text, 110)} ({r.statements})",
        key="claim_pick",
    )
    if row is None:
        return None
    st.query_params["claim"] = row.id
    return row.id


def badges(info: browse.ClaimInfo, prov: browse.Provenance, found: drift.Findings | None) -> list[str]:
    """The claim's badges: hedged, contested, its drift findings, subject / object / other entities."""
    tags = []
    if info.hedged or any(s.hedged for s in prov.steps):
        tags.append(":orange-badge[hedged]")
    if prov.contested:
        tags.append(":red-badge[contested]")
    tags += drift_view.badges(found) if found else []
    for label, opts in (("subject", info.subjects), ("object", info.objects)):
        tags += [f":blue-badge[{label}: {esc(o.name)}]" for o in opts]
    named = {x.id for x in info.subjects + info.objects}
    return tags + [f":gray-badge[{esc(o.name)}]" for o in info.entities if o.id not in named]


def timeline(prov: browse.Provenance, found: drift.Findings | None) -> None:
    """First report -> repeats -> denials -> silence, each step with its drift marks."""
    for phase in browse.PHASES:
        steps = prov.phase(phase)
        title, help_text = PHASE_TITLES[phase]
        st.markdown(f"#### {title}")
        if not steps:
            st.caption("none found" if phase != "first_report" else "no statement asserts this claim")
            continue
        st.caption(help_text)
        for step in steps:
            marks = drift_view.step_marks(found, step)
            if marks:
                st.markdown(marks)
            components.step_card(step)


def sources_column(prov: browse.Provenance, info: browse.ClaimInfo) -> None:
    """Primary sources, the outlets carrying the claim, and links onward."""
    st.markdown("#### Primary sources")
    st.caption("Outlets that others cite for this claim, and the sources that assert it first-hand.")
    if not prov.primary_sources:
        st.caption("none recorded")
    for p in prov.primary_sources:
        st.markdown(f"- **{esc(p.name)}** — {esc(p.kind)} ({p.steps} statement(s))")
    outlets = sorted({s.outlet for s in prov.steps if s.outlet})
    if outlets:
        st.markdown("#### Outlets carrying it")
        st.markdown("\n".join(f"- {esc(o)}" for o in outlets))
    st.page_link(
        nav.GRAPH,
        label="See it in the graph",
        icon=":material/hub:",
        query_params={"node": info.id, "label": "Claim"},
    )
    st.page_link(nav.CLAIMS, label="All claims", icon=":material/arrow_back:")


def linked_steps(store: GraphStore, found: drift.Findings | None, steps: list[browse.Step]) -> list[browse.Step]:
    """Statements of other claims that this claim's drift links point at (a hedged wording claim
    grouping kept apart), so both sides of each pair can be shown."""
    if found is None:
        return []
    others = (browse.provenance(store, cid) for cid in drift.linked_claims(store, found, {s.id for s in steps}))
    return [step for prov in others if prov is not None for step in prov.steps]


def render() -> None:
    store = components.store_or_stop()
    st.title("Claim provenance")
    if components.first_run(store):
        return
    claim_id = pick_claim(store)
    if not claim_id:
        return
    prov = browse.provenance(store, claim_id)
    if prov is None:
        st.warning("No claim with that id is in the graph.")
        return
    info = prov.claim
    found = drift.claim_drift(store, claim_id)
    st.subheader(f"“{esc(info.text)}”")
    tags = badges(info, prov, found)
    if tags:
        st.markdown(" ".join(tags))
    roles = prov.role_counts
    for col, role in zip(st.columns(4), browse.ROLES, strict=True):
        col.metric(components.ROLE_LABEL[role], roles[role])
    drift_view.render(found, prov.steps + linked_steps(store, found, prov.steps))
    left, right = st.columns([2.2, 1])
    with left:
        timeline(prov, found)
    with right:
        sources_column(prov, info)


render()
