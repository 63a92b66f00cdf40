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

        from kg.cli_common import fail, open_store_or_fail
        from kg.config import get_settings
        from kg.ingest import IngestInterrupted
        from kg.store import StoreError
        from kg.web.watch import Watcher, parse_every, state_path

        out = Console(soft_wrap=True, highlight=False)
        err = Console(stderr=True, soft_wrap=True, highlight=False)
        try:
            seconds = parse_every(every)
        except ValueError as exc:
            fail(exc)
        settings = get_settings()
        store = open_store_or_fail(settings)

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
            fail(exc)
        finally:
            watcher.close()
            store.close()
