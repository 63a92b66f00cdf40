"""The few places where FalkorDB's and Neo4j's Cypher differ: schema DDL and full-text calls.

Every other statement in ClaimGraph is written once, in the subset both run.
"""

from __future__ import annotations

from typing import Protocol

from kg.store.schema import SCHEMA, IndexSpec, fulltext_spec


class Dialect(Protocol):
    """What differs between the backends: the DDL for one index and the full-text call."""

    name: str

    def ddl(self, spec: IndexSpec) -> str: ...

    def fulltext_call(self, label: str, query_param: str = "q") -> str: ...


class Neo4jDialect:
    name = "neo4j"

    def ddl(self, spec: IndexSpec) -> str:
        if spec.kind == "unique":
            return f"CREATE CONSTRAINT {spec.name} IF NOT EXISTS FOR (n:{spec.label}) REQUIRE n.{spec.prop} IS UNIQUE"
        if spec.kind == "range":
            return f"CREATE INDEX {spec.name} IF NOT EXISTS FOR (n:{spec.label}) ON (n.{spec.prop})"
        return f"CREATE FULLTEXT INDEX {spec.name} IF NOT EXISTS FOR (n:{spec.label}) ON EACH [n.{spec.prop}]"

    def schema_statements(self) -> list[str]:
        return [self.ddl(s) for s in SCHEMA]

    def fulltext_call(self, label: str, query_param: str = "q") -> str:
        spec = fulltext_spec(label)
        return f"CALL db.index.fulltext.queryNodes('{spec.name}', ${query_param}) YIELD node, score"


class FalkorDialect:
    name = "falkordb"

    def ddl(self, spec: IndexSpec) -> str:
        if spec.kind == "fulltext":
            return (
                f"CALL db.idx.fulltext.createNodeIndex({{label: '{spec.label}', language: 'english'}}, '{spec.prop}')"
            )
        # unique constraints need this exact-match index first; the client call adds the constraint
        return f"CREATE INDEX FOR (n:{spec.label}) ON (n.{spec.prop})"

    def fulltext_call(self, label: str, query_param: str = "q") -> str:
        fulltext_spec(label)  # raises if the label has no full-text index
        return f"CALL db.idx.fulltext.queryNodes('{label}', ${query_param}) YIELD node, score"


def fulltext_escape(text: str) -> str:
    """Make free text safe for both full-text query languages (Lucene and RediSearch)."""
    import re

    words = re.findall(r"[\w]+", text, flags=re.UNICODE)
    return " ".join(w for w in words if len(w) > 1)
