"""What every ``kg`` command shares: the error console, the one-line failure, opening the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.store.base import GraphStore

err = Console(stderr=True, soft_wrap=True)  # one error per line, never wrapped (greppable logs)


def fail(message: object, code: int = 2) -> NoReturn:
    """Print ``error: message`` on stderr (markup in the message is shown as text) and exit."""
    err.print(f"[red]error:[/red] {escape(str(message))}")
    raise typer.Exit(code)


def open_store_or_fail(settings: Settings | None = None) -> GraphStore:
    """The configured store, or a one-line error (exit 2) when it cannot be opened."""
    from kg.store import StoreError, open_store

    try:
        return open_store(settings)
    except StoreError as exc:
        fail(exc)
