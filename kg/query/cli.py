"""``kg ask``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the query commands to the ``kg`` app."""
