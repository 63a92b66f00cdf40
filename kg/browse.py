"""Read models for the app's browse pages (claims, provenance, sources, neighbourhoods).

Pages call these; they hold no Cypher themselves.
"""

from __future__ import annotations


def lint_statements(dialect) -> list[tuple[str, str]]:
    return []
