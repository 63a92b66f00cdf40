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
    from kg import browse, drift, ingest
    from kg.export import cli as export_cli
    from kg.query import catalogue
    from kg.web import collect

    for module in (catalogue, browse, export_cli, ingest, collect, drift):
        out += [(f"{module.__name__}:{name}", q) for name, q in module.lint_statements(dialect)]
    return out
