"""Every Cypher statement the Neo4j backend can send, for the Neo4j lint in ``make test``.

Modules that add statements register them here, so nothing reaches Neo4j unlinted.
"""

from __future__ import annotations

from kg.store.dialect import Neo4jDialect


def neo4j_statements() -> list[tuple[str, str]]:
    from kg import stats, writer

    dialect = Neo4jDialect()
    out: list[tuple[str, str]] = [(f"schema:{i}", q) for i, q in enumerate(dialect.schema_statements())]
    out += [(f"write:{i}", q) for i, q in enumerate(writer.ALL_WRITE_STATEMENTS)]
    out += [(f"stats:{i}", q) for i, q in enumerate(stats.STATS_STATEMENTS)]
    for extra in _EXTRA_PROVIDERS:
        out += extra(dialect)
    return out


_EXTRA_PROVIDERS: list = []


def register(provider) -> None:
    """Add a ``provider(dialect) -> [(name, query)]`` (query catalogue, export, ...)."""
    if provider not in _EXTRA_PROVIDERS:
        _EXTRA_PROVIDERS.append(provider)
