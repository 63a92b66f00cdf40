"""Every claim row, read once per graph state; ``/claims`` filters and pages them in memory.

The claim list aggregates every claim's statements, so one read costs about as much as the
whole list, whatever the page. Like the app's Claims page (``kg/app/resources.py``), the API reads
it once per graph state (the node counts of ``browse.store_counts``) and then runs
``browse.filter_claims``: the same rows and filters, without re-reading per page.
"""

from __future__ import annotations

import threading
from dataclasses import astuple

from kg import browse
from kg.store.base import GraphStore


class ClaimRows:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._rows: list[browse.ClaimRow] = []

    def get(self, store: GraphStore) -> list[browse.ClaimRow]:
        """The rows for the store's current state (concurrent callers wait for one read)."""
        version = astuple(browse.store_counts(store))
        with self._lock:
            if version != self._version:
                self._rows = browse.list_claims(store, limit=1_000_000)
                self._version = version
            return self._rows
