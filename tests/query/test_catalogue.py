"""The template catalogue: every template is linted, parameterized and read-only."""

from __future__ import annotations

import re

from kg.query import catalogue
from kg.store.dialect import FalkorDialect, Neo4jDialect

_WRITES = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|LOAD CSV|FOREACH)\b", re.IGNORECASE)


def _module_templates() -> dict[str, str]:
    return {
        name: value
        for name, value in vars(catalogue).items()
        if name.isupper()
        and not name.startswith("_")
        and isinstance(value, str)
        and ("MATCH" in value or "CALL" in value)
    }


def test_every_template_is_in_the_lint_list() -> None:
    linted = {q for _, q in catalogue.lint_statements(Neo4jDialect())}
    missing = [name for name, q in _module_templates().items() if q not in linted]
    assert not missing, missing
    assert len(linted) >= 20


def test_templates_are_read_only_and_parameterized() -> None:
    for dialect in (Neo4jDialect(), FalkorDialect()):
        for name, q in catalogue.lint_statements(dialect):
            assert not _WRITES.search(q), name
            assert "$" in q or name in (
                "entity_names",
                "outlet_names",
                "source_names",
                "entity_count",
                "outlet_count",
            ), name


def test_fulltext_templates_follow_the_dialect() -> None:
    neo = catalogue.fulltext_templates(Neo4jDialect())
    falkor = catalogue.fulltext_templates(FalkorDialect())
    assert "db.index.fulltext.queryNodes" in neo.claims and "db.idx.fulltext.queryNodes" in falkor.claims
    assert "db.index.fulltext.queryNodes" in neo.statements and "db.idx.fulltext.queryNodes" in falkor.statements


def test_fulltext_query_never_carries_operators() -> None:
    assert catalogue.fulltext_query(Neo4jDialect(), ["Deepseek", "AND", "NOT", "TO"]) == "deepseek OR and OR not OR to"
    assert catalogue.fulltext_query(FalkorDialect(), ["Deepseek", "chips"]) == "deepseek | chips"
    assert catalogue.fulltext_query(FalkorDialect(), []) == ""
