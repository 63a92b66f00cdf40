"""``POST /articles``: ingest a text or a URL with the same reading, fetching and writing as ``kg ingest``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from extraction.readers import ReadError, ReadLimits
from extraction.records import ArticleRecord, article_id
from kg.api.auth import bearer_ok
from kg.api.reads import get_store
from kg.api.schemas import ArticleIn
from kg.ingest import IngestOptions, ingest_articles
from kg.store.base import GraphStore
from kg.web.collect import Collector, limits_from

router = APIRouter()


def require_writer(request: Request) -> None:
    """Write endpoints need ``Authorization: Bearer <token>`` when the server asks for one."""
    token = request.app.state.token
    if token and not bearer_ok(request.headers.get("authorization"), token):
        raise HTTPException(401, "this endpoint needs 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"})


def text_article(body: ArticleIn, limits: ReadLimits) -> ArticleRecord | ReadError:
    """A posted text as an article record (the first non-empty line is the title unless one is given)."""
    text = (body.text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ReadError("posted text", "empty article (no text)")
    if len(text) > limits.max_article_chars:
        return ReadError(
            "posted text", f"article too long ({len(text):,} characters; the limit is {limits.max_article_chars:,})"
        )
    title = body.title.strip() or next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]
    return ArticleRecord(
        id=article_id(text),
        text=text,
        title=title,
        uri=body.uri.strip(),
        published=body.published.strip(),
        outlet=body.outlet.strip(),
        source_path="posted text",
        author=body.author.strip(),
    )


@router.post("/articles", dependencies=[Depends(require_writer)], summary="Ingest a text or a URL")
def post_article(body: ArticleIn, request: Request, store: GraphStore = Depends(get_store)) -> JSONResponse:
    settings = request.app.state.settings
    limits = limits_from(settings)
    skipped = 0
    if body.url is not None:
        collector = Collector(store, request.app.state.fetcher, limits, on_skip=lambda: None)
        item = collector.article(body.url.strip())
        skipped = collector.skipped
    else:
        item = text_article(body, limits)
    items = [item] if item is not None else []
    options = IngestOptions.from_settings(settings, workers=1, chunk=1)  # threads serve requests: no forked workers
    report = ingest_articles(store, items, settings, options=options)
    summary: dict[str, Any] = {
        "new": report.new,
        "duplicate": report.duplicate + skipped,
        "failed": report.failed,
        "articles": [i.id for i in items if isinstance(i, ArticleRecord) and not report.errors],
        "written": asdict(report.written),
        "errors": [str(e) for e in report.errors],
    }
    if report.errors:
        return JSONResponse({**summary, "error": str(report.errors[0]), "status": 422}, status_code=422)
    return JSONResponse(summary, status_code=201 if report.new else 200)
