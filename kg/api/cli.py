"""``kg serve``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the ``kg`` app."""

    @app.command()
    def serve(
        host: str = typer.Option(
            "127.0.0.1", "--host", help="Address to bind; beyond loopback, writes need the token."
        ),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    ) -> None:
        """Serve the HTTP API (FastAPI; OpenAPI docs at /docs) over the same store as the CLI."""
        from rich.console import Console

        from kg.api.serve import run
        from kg.cli_common import fail
        from kg.config import get_settings
        from kg.store import StoreError

        err = Console(stderr=True, soft_wrap=True)
        try:
            run(get_settings(), host, port, say=lambda line: err.print(line, markup=False, highlight=False))
        except (StoreError, ValueError) as exc:
            fail(exc)
