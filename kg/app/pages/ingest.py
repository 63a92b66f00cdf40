"""Ingest: upload txt/md/html/jsonl files or paste an article; the new articles show up everywhere at once."""

from __future__ import annotations

import streamlit as st

from kg.app import components, nav, resources
from kg.app.ingest_support import (
    UPLOAD_TYPES,
    ingest_items,
    pasted_article,
    read_folder,
    read_uploads,
    show_report,
)
from kg.app.text import esc


def render() -> None:
    store = components.store_or_stop()
    st.title("Ingest articles")
    st.caption(
        "The same extraction as `kg ingest`: articles already in the graph are skipped by content, "
        "bad files are reported with the reason and the rest are stored."
    )
    upload_tab, paste_tab, sample_tab = st.tabs(["Upload files", "Paste text", "Sample articles"])
    report = None
    with upload_tab:
        files = st.file_uploader(
            f"Articles ({', '.join(UPLOAD_TYPES)}); a .jsonl file holds one article per line "
            '(`{"text": ..., "title", "outlet", "published", "url"}`)',
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key="ingest_files",
        )
        if st.button("Ingest the uploaded files", type="primary", disabled=not files, key="ingest_upload_go"):
            report = ingest_items(store, read_uploads(files or []))
    with paste_tab:
        with st.form("paste_form", clear_on_submit=False):
            text = st.text_area("Article text", height=220, key="paste_text")
            c1, c2 = st.columns(2)
            title = c1.text_input("Title (optional: defaults to the first line)", key="paste_title")
            outlet = c2.text_input("Outlet (optional)", key="paste_outlet")
            published = c1.text_input("Published (optional, YYYY-MM-DD)", key="paste_published")
            uri = c2.text_input("Web address (optional)", key="paste_uri")
            submitted = st.form_submit_button("Ingest this article", type="primary")
        if submitted:
            report = ingest_items(store, pasted_article(text, title, outlet, published, uri))
    with sample_tab:
        folder = resources.sample_folder()
        st.markdown(f"Sample articles from {esc(str(folder))}.")
        if st.button("Ingest the sample articles", key="ingest_samples_go"):
            report = ingest_items(store, read_folder(folder))
    if report is not None:
        show_report(report)
        if report.new:
            st.page_link(nav.CLAIMS, label="See the claims", icon=":material/fact_check:")
            st.page_link(nav.ASK, label="Ask a question", icon=":material/forum:")


render()
