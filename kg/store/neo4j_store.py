"""Production backend: Neo4j 5+ through the official driver, managed transactions, batched UNWIND."""

from __future__ import annotations

from typing import Any

from kg.store.base import StoreError, batched
from kg.store.dialect import Neo4jDialect


class Neo4jStore:
    backend = "neo4j"
    dialect = Neo4jDialect()

    def __init__(self, uri: str, user: str, password: str, database: str, redacted_uri: str) -> None:
        import neo4j
        from neo4j import GraphDatabase

        self._uri = redacted_uri
        self.database = database
        try:
            self._driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=10)
            self._driver.verify_connectivity()
        except neo4j.exceptions.AuthError:
            raise StoreError(
                f"Neo4j at {redacted_uri} refused the credentials: check KG_GRAPH_USER and KG_GRAPH_PASSWORD"
            ) from None
        except (neo4j.exceptions.ServiceUnavailable, OSError) as exc:
            raise StoreError(f"cannot reach Neo4j at {redacted_uri} (KG_GRAPH_URI): {type(exc).__name__}") from None
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreError(f"KG_GRAPH_URI is not a valid Neo4j URI ({redacted_uri}): {exc}") from None

    def describe(self) -> str:
        return f"Neo4j at {self._uri} (database: {self.database})"

    def ensure_schema(self) -> None:
        for statement in self.dialect.schema_statements():
            self.write(statement)

    def write(self, statement: str, params: dict[str, Any] | None = None) -> None:
        def work(tx: Any) -> None:
            tx.run(statement, params or {}).consume()

        with self._driver.session(database=self.database) as session:
            session.execute_write(work)

    def write_rows(self, statement: str, rows: list[dict[str, Any]], batch_size: int = 2000) -> None:
        for batch in batched(rows, batch_size):
            self.write(statement, {"rows": batch})

    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        import neo4j

        def work(tx: Any) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(statement, params or {})]

        with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def close(self) -> None:
        self._driver.close()
