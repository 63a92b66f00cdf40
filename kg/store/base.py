"""The one small interface both graph backends implement."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from kg.store.dialect import Dialect


class StoreError(RuntimeError):
    """A store problem explained in one line (never includes a password)."""


class GraphStore(Protocol):
    """A graph backend as the rest of ClaimGraph sees it (ingest writes, the query layer reads and
    builds its full-text calls from ``dialect``)."""

    backend: str
    dialect: Dialect

    def ensure_schema(self) -> None: ...

    def write(self, statement: str, params: dict[str, Any] | None = None) -> None:
        """Run one write statement in its own transaction."""

    def write_rows(self, statement: str, rows: list[dict[str, Any]], batch_size: int = ...) -> None:
        """Run ``UNWIND $rows AS row ...`` in batches."""

    def write_all(self, writes: list[tuple[str, dict[str, Any]]]) -> None:
        """Run several writes in order as one all-or-nothing unit (a crash leaves none of them)."""

    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read-only statement; rows come back as plain dicts."""

    def exclusive(self) -> AbstractContextManager[None]:
        """The graph's writer lock: one ingestion at a time (a second one waits, then skips what is stored)."""

    def describe(self) -> str: ...

    def close(self) -> None: ...


def batched(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
