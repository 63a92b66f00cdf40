"""Claim resolution's state kept between ingestion runs, so a run does not rebuild it from the store.

Rebuilding reads every stored claim and entity (a cost that grows with the graph) and encodes
again the claim texts it needs. After a run that completed, ``kg ingest`` saves the state (claims,
word index, entity type votes, cached claim vectors) next to the store's data, stamped with the
number of stored articles, the newest article's ``seq``, the matching threshold and a fingerprint
of the resolution code. The next run uses it only if the stamp still matches the store; otherwise
(a run cut short, articles written by another path, other code) it rebuilds from the store as
before. A run that stops early saves nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from extraction import claim_match, corpus, embedding
from extraction.corpus import CorpusState
from kg.config import Settings
from kg.store.base import GraphStore
from ontology import checked

STAMP = checked("MATCH (a:Article) RETURN count(a) AS n, max(a.seq) AS seq")


def state_path(settings: Settings) -> Path:
    """Where this graph's state is kept: the data dir, one file per store and graph."""
    key = f"{settings.graph_uri}|{settings.graph_database}|{settings.graph_name}"
    return Path(settings.data_dir) / f"resolution-{hashlib.sha1(key.encode()).hexdigest()[:12]}.pickle"


def _code() -> str:
    """Fingerprint of the code that builds the state: a change invalidates saved states."""
    digest = hashlib.sha1()
    for module in (corpus, claim_match, embedding):  # embedding: cached vectors come from its model
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def stamp(store: GraphStore, settings: Settings) -> list[Any]:
    rows = store.query(STAMP)
    row = rows[0] if rows else {"n": 0, "seq": None}
    return [row["n"], row["seq"], settings.claim_match_threshold, _code()]


def load(store: GraphStore, settings: Settings) -> CorpusState | None:
    """The state the last completed run saved, if it was saved for exactly what is stored now."""
    try:
        with state_path(settings).open("rb") as fh:
            saved, state = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return state if isinstance(state, CorpusState) and saved == stamp(store, settings) else None


def save(state: CorpusState, store: GraphStore, settings: Settings) -> None:
    """Keep ``state`` for the next run (written to a temporary file, then renamed: never half a file)."""
    path = state_path(settings)
    tmp = path.with_name(path.name + ".tmp")
    with contextlib.suppress(OSError):
        with tmp.open("wb") as fh:
            pickle.dump((stamp(store, settings), state), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
