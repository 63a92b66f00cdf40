"""``kg serve``: the API under uvicorn; Ctrl-C stops it cleanly."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn

from kg.api.app import create_app
from kg.api.auth import token_path
from kg.config import Settings
from kg.store import open_store


def run(settings: Settings, host: str, port: int, say: Callable[[str], None] = print) -> None:
    """Open the store first (a store problem is one line, before anything listens), then serve."""
    store = open_store(settings)
    try:
        app = create_app(settings, host=host, store=store)
        shown = f"[{host}]" if ":" in host else host
        say(f"ClaimGraph API on http://{shown}:{port} (OpenAPI docs at /docs), store: {store.describe()}")
        if app.state.token:
            say(
                f"write endpoints need 'Authorization: Bearer <token>'; the token is in {token_path(settings.data_dir)}"
            )
        uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=5)
    finally:
        store.close()
