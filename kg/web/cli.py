"""``kg watch``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add ``watch`` to the ``kg`` app."""

    @app.command()
    def watch(
        feeds: list[str] = typer.Argument(..., help="RSS/Atom feed or sitemap URLs."),
        every: str = typer.Option("15m", "--every", help="Time between polls: 90s, 15m, 2h, ..."),
        cycles: int | None = typer.Option(None, "--cycles", min=1, help="Stop after this many polls."),
    ) -> None:
        """Poll feeds and ingest what is new (conditional GET; remembers what it saw across restarts)."""
        import signal

        from rich.console import Console

        from kg.config import get_settings
        from kg.ingest import IngestInterrupted
        from kg.store import StoreError, open_store
        from kg.web.watch import Watcher, parse_every, state_path

        out = Console(soft_wrap=True, highlight=False)
        err = Console(stderr=True, soft_wrap=True, highlight=False)
        try:
            seconds = parse_every(every)
        except ValueError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        settings = get_settings()
        try:
            store = open_store(settings)
        except StoreError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)  # a service manager's stop is a clean stop too
        watcher = Watcher(
            store,
            list(feeds),
            settings,
            say=lambda line: out.print(line, markup=False),
            warn=lambda line: err.print(line, markup=False),
        )
        try:
            watcher.run(seconds, cycles)
        except (KeyboardInterrupt, IngestInterrupted):
            err.print(f"stopped; what was seen is kept in {state_path(settings)}", markup=False)
        except StoreError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        finally:
            watcher.close()
            store.close()
