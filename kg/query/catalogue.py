"""The catalogue of parameterized, read-only Cypher templates used to answer questions."""

from __future__ import annotations


def lint_statements(dialect) -> list[tuple[str, str]]:
    """Every template rendered for ``dialect``, for the Neo4j lint."""
    return []
