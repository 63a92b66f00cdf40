"""``kg export`` and ``kg validate``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the export commands to the ``kg`` app."""


def lint_statements(dialect) -> list[tuple[str, str]]:
    return []
