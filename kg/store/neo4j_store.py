"""Production backend: Neo4j 5+ through the official driver, managed transactions, batched UNWIND.

Every driver failure becomes a one-line ``StoreError`` naming the setting to check; messages
never contain the password or credentials written into the URI.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import urlsplit

from kg.store.base import StoreError, batched
from kg.store.dialect import Neo4jDialect

T = TypeVar("T")
BOLT_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

# The driver logs connection failures on its own; without a handler Python prints them to stderr
# next to our one-line error. Applications that configure logging still receive them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def _check_uri(uri: str, redacted_uri: str) -> None:
    try:
        parts = urlsplit(uri)
        _ = parts.port
    except ValueError as exc:
        raise StoreError(f"KG_GRAPH_URI is not a valid URI ({redacted_uri}): {exc}") from None
    if parts.scheme not in BOLT_SCHEMES:
        raise StoreError(
            f"KG_GRAPH_URI must start with neo4j:// or bolt:// (or +s / +ssc), not {parts.scheme or 'no scheme'}:// "
            f"({redacted_uri})"
        )
    if parts.username or parts.password:
        raise StoreError(
            f"KG_GRAPH_URI must not contain credentials ({redacted_uri}): set KG_GRAPH_USER and KG_GRAPH_PASSWORD"
        )
    if not parts.hostname:
        raise StoreError(f"KG_GRAPH_URI has no host ({redacted_uri})")


class Neo4jStore:
    backend = "neo4j"
    dialect = Neo4jDialect()

    def __init__(
        self, uri: str, user: str, password: str, database: str, redacted_uri: str, timeout: float = 15.0
    ) -> None:
        self._uri = redacted_uri
        self._secrets = [s for s in (uri, password) if s and s != redacted_uri]
        self.database = database
        _check_uri(uri, redacted_uri)
        from neo4j import GraphDatabase

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._driver = GraphDatabase.driver(
                    uri,
                    auth=(user, password),
                    connection_timeout=timeout,
                    connection_acquisition_timeout=timeout,
                    max_transaction_retry_time=timeout,
                )
            self._driver.verify_connectivity()
        except Exception as exc:
            raise self._error(exc) from None

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, self._uri if secret.startswith(("neo4j", "bolt")) else "***")
        return " ".join(text.split())

    def _error(self, exc: BaseException) -> StoreError:
        """Explain a driver failure in one line, naming the setting to check."""
        import neo4j.exceptions as nx

        where = f"Neo4j at {self._uri}"
        code = getattr(exc, "code", None) or ""
        if isinstance(exc, StoreError):
            return exc
        if isinstance(exc, (nx.AuthError, nx.AuthConfigurationError)) or "Security.Unauthorized" in code:
            return StoreError(f"{where} refused the credentials: check KG_GRAPH_USER and KG_GRAPH_PASSWORD")
        if "DatabaseNotFound" in code:
            return StoreError(f"{where} has no database {self.database!r}: check KG_GRAPH_DATABASE")
        if isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired, nx.ConnectionAcquisitionTimeoutError, OSError)):
            return StoreError(
                f"cannot reach {where}: check KG_GRAPH_URI (host, port, neo4j:// or bolt://) and that Neo4j is "
                f"running ({type(exc).__name__})"
            )
        if isinstance(exc, (nx.ConfigurationError, ValueError)):
            return StoreError(f"KG_GRAPH_URI is not a valid Neo4j URI ({self._uri}): {self._scrub(str(exc))}")
        if isinstance(exc, nx.Neo4jError):
            return StoreError(f"{where} failed: {self._scrub(exc.message or str(exc))} ({code})")
        return StoreError(f"{where} failed: {type(exc).__name__}: {self._scrub(str(exc))}")

    def _run(self, fn: Callable[[], T]) -> T:
        import neo4j.exceptions as nx

        try:
            return fn()
        except (nx.DriverError, nx.Neo4jError, OSError) as exc:
            raise self._error(exc) from None

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """No cross-machine writer lock on Neo4j: concurrent ingests rely on MERGE and unique constraints."""
        yield

    def describe(self) -> str:
        return f"Neo4j at {self._uri} (database: {self.database})"

    def ensure_schema(self) -> None:
        for statement in self.dialect.schema_statements():
            self.write(statement)

    def write(self, statement: str, params: dict[str, Any] | None = None) -> None:
        def work(tx: Any) -> None:
            tx.run(statement, params or {}).consume()

        def go() -> None:
            with self._driver.session(database=self.database) as session:
                session.execute_write(work)

        self._run(go)

    def write_rows(self, statement: str, rows: list[dict[str, Any]], batch_size: int = 2000) -> None:
        for batch in batched(rows, batch_size):
            self.write(statement, {"rows": batch})

    def write_all(self, writes: list[tuple[str, dict[str, Any]]]) -> None:
        """Run several writes all-or-nothing, in order (one managed transaction)."""

        def work(tx: Any) -> None:
            for statement, params in writes:
                tx.run(statement, params).consume()

        def go() -> None:
            with self._driver.session(database=self.database) as session:
                session.execute_write(work)

        if writes:
            self._run(go)

    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        import neo4j

        def work(tx: Any) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(statement, params or {})]

        def go() -> list[dict[str, Any]]:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(work)

        return self._run(go)

    def close(self) -> None:
        self._driver.close()
