"""Open the configured graph store: Neo4j when ``KG_GRAPH_URI`` is set, else embedded FalkorDB."""

from __future__ import annotations

from kg.config import Settings, get_settings
from kg.store.base import GraphStore, StoreError


def open_store(settings: Settings | None = None, start: bool = True) -> GraphStore:
    s = settings or get_settings()
    if s.uses_neo4j:
        from kg.store.neo4j_store import Neo4jStore

        store: GraphStore = Neo4jStore(
            s.graph_uri,
            s.graph_user,
            s.graph_password.get_secret_value(),
            s.graph_database,
            s.redacted_uri(),
            timeout=s.graph_timeout,
        )
    else:
        from kg.store.falkor import FalkorStore

        store = FalkorStore(s.data_dir, s.graph_name, start=start)
    store.ensure_schema()
    return store


__all__ = ["GraphStore", "StoreError", "open_store"]
