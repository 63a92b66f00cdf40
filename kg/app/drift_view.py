"""How a claim changed as it was repeated, on the Claim provenance page: hedge words struck
through, sources side by side, the citation chain and the repeats that ignored a denial."""

from __future__ import annotations

import streamlit as st

from kg import browse, drift
from kg.app import components
from kg.app.text import esc, find_marks

CSS = """
<style>
del.cg-hedge { color: #b3261e; text-decoration: line-through; text-decoration-thickness: 2px; }
ins.cg-hedge { color: #8a5a00; text-decoration: underline; font-weight: 600; }
.cg-drift-src { font-weight: 600; }
</style>
"""

BADGES = {
    "hardened": ":orange-badge[hardened]",
    "softened": ":violet-badge[softened]",
    "source_drift": ":red-badge[source drift]",
    "after_denial": ":red-badge[repeated after denial]",
    "unsourced": ":gray-badge[unsourced at root]",
}
PAIRS = {  # link type -> (title, what the earlier statement's hedges become, what the later one's do)
    "HARDENS": ("Hardened", "del", ""),
    "SOFTENS": ("Softened", "", "ins"),
    "DROPS_SOURCE": ("Source dropped", "", ""),
}
STEP_MARKS = {
    "HARDENS": ":orange-badge[hardened here]",
    "SOFTENS": ":violet-badge[softened here]",
    "DROPS_SOURCE": ":red-badge[source dropped here]",
    "IGNORES_DENIAL": ":red-badge[repeats it after a denial]",
}
ROOT_KIND = {
    "named": "a named source",
    "outlet": "an outlet's report",
    "unnamed": "unnamed sources",
    "none": "none named",
}
MAX_PAIRS = 4


def marked(sentence: str, words: list[str], tag: str) -> str:
    """The sentence as HTML with each of ``words`` wrapped in ``<tag class="cg-hedge">``."""
    if not tag:
        return esc(sentence)
    spans = sorted(find_marks(sentence, words, tag))
    out, at = [], 0
    for start, end, _ in spans:
        if start < at:
            continue
        out.append(esc(sentence[at:start]))
        out.append(f'<{tag} class="cg-hedge">{esc(sentence[start:end])}</{tag}>')
        at = end
    out.append(esc(sentence[at:]))
    return "".join(out)


def badges(found: drift.Findings) -> list[str]:
    return [badge for name, badge in BADGES.items() if getattr(found, name)]


def _side(col, step: browse.Step, label: str, words: list[str], tag: str) -> None:
    with col:
        st.markdown(f"**{label}** · {components.date_label(step.published)}")
        st.markdown(
            f'<span class="cg-drift-src">{esc(step.source)}</span> ({esc(step.source_kind)})'
            + (f" · citing {', '.join(esc(c.name) for c in step.cited)}" if step.cited else ""),
            unsafe_allow_html=True,
        )
        st.markdown(
            f'<span class="cg-meta">{components.meta_line(step.outlet, step.published, step.title, step.uri)}</span>',
            unsafe_allow_html=True,
        )
        st.markdown(f'<div class="cg-quote">{marked(step.sentence, words, tag)}</div>', unsafe_allow_html=True)


def pair(kind: str, before: browse.Step, after: browse.Step) -> None:
    """The earlier and the later statement side by side."""
    title, before_tag, after_tag = PAIRS[kind]
    with st.container(border=True):
        st.markdown(f"{STEP_MARKS[kind]} **{title}**")
        left, right = st.columns(2)
        _side(left, before, "Before", before.hedges, before_tag)
        _side(right, after, "After", after.hedges, after_tag)


def chain_line(found: drift.Findings) -> str:
    if not found.chain:
        return ""
    hops = " → ".join(esc(x) for x in found.chain)
    root = esc(found.root_source) if found.root_kind != "none" and found.root_source else "none named"
    return (
        f"**Citation chain** ({found.chain_length} hop(s)): {hops} · root: **{root}** "
        f"({ROOT_KIND.get(found.root_kind, found.root_kind)})"
    )


def render(found: drift.Findings | None, steps: list[browse.Step]) -> None:
    """The 'How it changed' section: side-by-side pairs, the chain, repeats after a denial."""
    st.markdown(CSS, unsafe_allow_html=True)
    st.markdown("### How it changed")
    if found is None:
        st.caption("not analysed yet (run `kg drift`)")
        return
    by_id = {s.id: s for s in steps}
    shown = 0
    for kind in PAIRS:
        links = [(by_id.get(b), by_id.get(a)) for t, a, b in found.links if t == kind]
        for before, after in links[:MAX_PAIRS]:
            if before and after:
                pair(kind, before, after)
                shown += 1
    ignored = [(by_id.get(a), by_id.get(b)) for t, a, b in found.links if t == "IGNORES_DENIAL"]
    if ignored:
        st.markdown("**Repeated after a denial, without mentioning it**")
        for later, denial in ignored:
            if later and denial:
                st.markdown(
                    f"- **{esc(later.outlet or later.source)}** ({components.date_label(later.published)}) "
                    f"after **{esc(denial.source)}** denied it ({components.date_label(denial.published)})"
                )
    line = chain_line(found)
    if line:
        st.markdown(line)
    if not shown and not ignored:
        st.caption("No hedge or source drift: every repeat is worded as cautiously as the one before it.")


def step_marks(found: drift.Findings | None, step: browse.Step) -> str:
    """Badges for a timeline step that starts a drift link."""
    if found is None:
        return ""
    return " ".join(dict.fromkeys(STEP_MARKS[t] for t, _ in found.pointing_from(step.id) if t in STEP_MARKS))
