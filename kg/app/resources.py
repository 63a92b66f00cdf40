"""Long-lived resources shared by every session: settings, the store connection, the spaCy model.

The store is cached per configuration (data dir, graph, URI), so tests and users who change
``KG_*`` settings get a fresh connection; the password is never part of what is shown.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kg.config import Settings, get_settings
from kg.store import GraphStore, open_store

ROOT = Path(__file__).resolve().parents[2]
SHARED_SEEDS = ROOT.parent / "shared" / "articles" / "seeds"
SAMPLES = ROOT / "samples"


def settings() -> Settings:
    return get_settings()


def _close(store: GraphStore) -> None:
    store.close()


@st.cache_resource(show_spinner="Connecting to the graph store…", on_release=_close)
def _open(data_dir: str, graph_name: str, uri: str, user: str, database: str) -> GraphStore:
    s = settings()
    return open_store(s)


def store() -> GraphStore:
    """The store for the current settings (opened once, then shared)."""
    s = settings()
    return _open(str(s.data_dir), s.graph_name, s.graph_uri, s.graph_user, s.graph_database)


@st.cache_resource(show_spinner="Loading the language model…")
def _nlp(model: str):
    from extraction.pipeline import load_pipeline

    return load_pipeline(model)


def nlp():
    """The spaCy pipeline that ingestion and question parsing use (loaded once)."""
    return _nlp(settings().spacy_model)


def sample_folder() -> Path:
    """The seed articles when the shared folder is there, else the samples shipped with the repo."""
    return SHARED_SEEDS if SHARED_SEEDS.is_dir() else SAMPLES


def graph_version(store: GraphStore) -> tuple:
    """Which graph, and how much is in it: changes whenever an ingest adds anything."""
    from dataclasses import astuple

    from kg import browse

    s = settings()
    return (str(s.data_dir), s.graph_name, s.redacted_uri(), astuple(browse.store_counts(store)))


@st.cache_data(show_spinner="Reading the claims…", max_entries=4)
def _claims(_store: GraphStore, version: tuple) -> list:
    from kg import browse

    return browse.list_claims(_store, limit=1_000_000)


def all_claims(store: GraphStore) -> list:
    """Every claim with its counts, read once per graph version; filters then run in Python."""
    return _claims(store, graph_version(store))


@st.cache_data(show_spinner="Reading the sources…", max_entries=4)
def _speakers(_store: GraphStore, version: tuple) -> list:
    from kg import browse

    return browse.speakers(_store, limit=100_000)


def all_speakers(store: GraphStore) -> list:
    return _speakers(store, graph_version(store))
