"""The FastAPI application: one store and one polite fetcher per server, JSON errors, a body size limit."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request

import kg
from kg.api import errors, export, reads, writes
from kg.api.auth import api_token, is_loopback, token_required
from kg.api.limits import BodyLimit
from kg.config import Settings, get_settings
from kg.store import open_store
from kg.store.base import GraphStore
from kg.web.fetch import Fetcher, FetchPolicy

DESCRIPTION = """Trace claims through the news: who claimed what, where, citing whom, and who denied it.

The same code as the `kg` command line: `POST /ask` answers like `kg ask --json`, `POST /articles`
ingests like `kg ingest`, `GET /export` streams like `kg export`. Errors are `{"error": reason, "status": code}`.
Write endpoints need `Authorization: Bearer <token>` when the server is bound beyond loopback
(the token is in the data dir, file `api-token`)."""


def create_app(settings: Settings | None = None, host: str = "127.0.0.1", store: GraphStore | None = None) -> FastAPI:
    """The API over ``settings``' store; writes need the token as ``KG_API_REQUIRE_TOKEN`` and ``host`` say."""
    s = settings or get_settings()
    token = api_token(s.data_dir) if token_required(host, s.api_require_token) else ""
    # Bound beyond loopback, a posted URL must not make the server fetch inside its own network.
    public_only = not is_loopback(host) and not s.api_fetch_private

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or open_store(s)
        app.state.fetcher = Fetcher(dataclasses.replace(FetchPolicy.from_settings(s), public_only=public_only))
        try:
            yield
        finally:
            app.state.fetcher.close()
            if store is None:
                app.state.store.close()

    app = FastAPI(
        title="ClaimGraph",
        version=kg.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = s
    app.state.token = token
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=s.api_max_body_bytes)
    for module in (reads, writes, export):
        app.include_router(module.router)

    @app.get("/", summary="What this server is")
    def about(request: Request) -> dict[str, Any]:
        return {
            "name": "ClaimGraph",
            "version": kg.__version__,
            "backend": request.app.state.store.backend,
            "docs": "/docs",
        }

    return app
