"""Graph: an interactive neighbourhood of a claim, entity, outlet, source or article; click to expand."""

from __future__ import annotations

import streamlit as st
from streamlit_agraph import Config, Edge, Node, agraph

from kg import browse
from kg.app import components, nav
from kg.app.text import esc, shorten
from kg.store.base import GraphStore

FOCUS_KINDS = ["Claim", "Entity", "Outlet", "Source", "Article"]
MAX_NODES = 250
COLOURS = {
    "Claim": "#e15759",
    "Statement": "#ffbe7d",
    "Article": "#76b7b2",
    "Outlet": "#59a14f",
    "Source": "#bab0ac",
    "Person": "#4e79a7",
    "Organization": "#9c755f",
    "Place": "#edc948",
    "Product": "#b07aa1",
    "Group": "#ff9da7",
    "Event": "#86bcb6",
    "Work": "#8cd17d",
    "Entity": "#a0cbe8",
}
SHAPES = {"Claim": "star", "Statement": "diamond", "Article": "square", "Outlet": "triangle", "Source": "dot"}
STANCE_EDGE = {"denies": "#d62728", "disputes": "#d62728", "no_comment": "#999999"}


def node_label(n: browse.GraphNode) -> str:
    if n.label == "Statement":
        return f"{n.stance or 'statement'}: {shorten(n.name, 24)}"
    return shorten(n.name, 34)


def to_agraph(sub: browse.Subgraph, centre: str) -> tuple[list[Node], list[Edge]]:
    nodes = []
    for n in sub.nodes.values():
        hover = f"{n.kind}: {n.name}" + (f"\n{n.sentence}" if n.sentence else "")
        nodes.append(
            Node(
                id=n.id,
                label=node_label(n),
                title=hover,
                color=COLOURS.get(n.kind, "#cccccc"),
                shape=SHAPES.get(n.label, "dot"),
                size=30 if n.id == centre else (12 if n.label == "Statement" else 20),
                font={"size": 13},
            )
        )
    stance = {n.id: n.stance for n in sub.nodes.values() if n.label == "Statement"}
    edges = [
        Edge(
            source=e.source,
            target=e.target,
            label=f"{e.type} ({e.role})" if e.role else e.type,
            **({"title": e.evidence} if e.evidence else {}),
            color=STANCE_EDGE.get(stance.get(e.source, ""), "#b0b0b0"),
            font={"size": 9, "color": "#888888"},
        )
        for e in sub.edges
        if e.source in sub.nodes and e.target in sub.nodes
    ]
    return nodes, edges


def choose_focus(store: GraphStore) -> browse.GraphNode | None:
    q_node, q_label = st.query_params.get("node"), st.query_params.get("label")
    if q_label == "Statement" or q_label not in FOCUS_KINDS:
        q_label = None
    left, right = st.columns([1.4, 3], vertical_alignment="bottom")
    with left:
        kind = st.segmented_control("Focus on", FOCUS_KINDS, default=q_label or "Claim", key="graph_kind") or "Claim"
    options = browse.node_options(store, kind)
    if q_node and kind == q_label and all(o.id != q_node for o in options):
        found = browse.node(store, kind, q_node)
        if found:
            options.insert(0, browse.Option(found.id, found.name))
    if not options:
        st.info(f"No {kind.lower()} nodes in the graph yet.")
        return None
    index = next((i for i, o in enumerate(options) if o.id == q_node), 0)
    with right:
        choice = st.selectbox(
            kind, options, index=index, format_func=lambda o: shorten(o.name, 120), key=f"graph_{kind}"
        )
    return browse.node(store, kind, choice.id) if choice else None


def legend(sub: browse.Subgraph) -> None:
    kinds = sorted({n.kind for n in sub.nodes.values()})
    st.markdown(
        " ".join(
            f'<span style="display:inline-block;width:.8em;height:.8em;border-radius:50%;'
            f'background:{COLOURS.get(k, "#ccc")};margin:0 .3em 0 .8em"></span>{esc(k)}'
            for k in kinds
        ),
        unsafe_allow_html=True,
    )


def expand(store: GraphStore, sub: browse.Subgraph, node_id: str) -> bool:
    expanded: set[str] = st.session_state.setdefault("graph_expanded", set())
    n = sub.nodes.get(node_id)
    if n is None or node_id in expanded:
        return False
    expanded.add(node_id)
    if len(sub.nodes) >= MAX_NODES:
        st.warning(f"The view already shows {len(sub.nodes)} nodes; reset it to explore elsewhere.")
        return False
    sub.merge(browse.neighbourhood(store, n.label, n.id, limit=40))
    return True


def render() -> None:
    store = components.store_or_stop()
    st.title("Graph")
    st.caption("A claim's or an entity's neighbourhood. Click a node to expand it; hover for details.")
    if components.first_run(store):
        return
    centre = choose_focus(store)
    if centre is None:
        return
    state_key = (centre.label, centre.id)
    if st.session_state.get("graph_centre") != state_key or st.session_state.get("graph_sub") is None:
        depth = 2 if centre.label == "Claim" else 1
        st.session_state["graph_sub"] = browse.neighbourhood(store, centre.label, centre.id, depth=depth)
        st.session_state["graph_expanded"] = {centre.id}
        st.session_state["graph_centre"] = state_key
    sub: browse.Subgraph = st.session_state["graph_sub"]

    legend(sub)
    nodes, edges = to_agraph(sub, centre.id)
    config = Config(width=1100, height=620, directed=True, physics=True, hierarchical=False)
    clicked = agraph(nodes=nodes, edges=edges, config=config)
    st.caption(f"{len(nodes)} nodes, {len(edges)} relationships")
    c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    others = [n for n in sub.nodes.values() if n.id not in st.session_state["graph_expanded"]]
    target = c1.selectbox(
        "Expand a node",
        [None, *others],
        format_func=lambda n: (
            "Click a node in the picture, or pick one here" if n is None else f"{n.kind}: {shorten(n.name, 80)}"
        ),
        key="graph_expand_pick",
    )
    if c2.button("Expand", disabled=target is None) and target is not None and expand(store, sub, target.id):
        st.rerun()
    if c3.button("Reset view"):
        st.session_state["graph_sub"] = None
        st.rerun()

    if clicked and clicked in sub.nodes:
        if expand(store, sub, clicked):
            st.rerun()
        n = sub.nodes[clicked]
        st.markdown(f"**{esc(n.kind)}**: {esc(n.name)}")
        if n.sentence:
            st.markdown(f'<div class="cg-quote">{esc(n.sentence)}</div>', unsafe_allow_html=True)
        if n.label == "Claim":
            st.page_link(
                nav.CLAIM, label="Open its provenance", icon=":material/timeline:", query_params={"claim": n.id}
            )


render()
