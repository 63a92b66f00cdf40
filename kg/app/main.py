"""Page setup, navigation and the sidebar; each page lives in ``kg/app/pages/``."""

from __future__ import annotations

import streamlit as st

from kg.app import components, nav
from kg.app.ingest_support import show_flash


def main() -> None:
    st.set_page_config(page_title="ClaimGraph", page_icon=":material/hub:", layout="wide")
    components.style()
    pages = [
        st.Page(path, title=title, icon=icon, url_path=url, default=(path == nav.ASK))
        for path, title, icon, url in nav.PAGES
    ]
    page = st.navigation(pages)
    with st.sidebar:
        st.markdown("### :material/hub: ClaimGraph")
        st.caption("Who claimed what, where, citing whom, and who denied it.")
    store = None
    try:
        from kg.app import resources

        store = resources.store()
    except Exception as exc:
        st.sidebar.error(f"Store unavailable: {exc}")
    counts_slot = st.sidebar.container()  # filled after the page, so counts include what it ingested
    try:
        show_flash()
        components.run_guarded(page.run)
    finally:
        with counts_slot:
            components.sidebar(store)
