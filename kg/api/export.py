"""``GET /export``: the graph (or one claim's neighbourhood) as RDF or ClaimReview, streamed page by page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TextIO

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import StreamingResponse

from kg.api.reads import get_store
from kg.api.stream import stream_writer
from kg.export import claimreview
from kg.export.rdf import write_rdf
from kg.export.reader import Selection, claim_neighbourhood, iter_chunks
from kg.store.base import GraphStore

router = APIRouter()
Format = Literal["ttl", "nt", "jsonld", "claimreview"]
MEDIA_TYPES: dict[str, str] = {
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples; charset=utf-8",
    "jsonld": "application/ld+json",
    "claimreview": "application/ld+json",
}


def _producer(
    store: GraphStore, fmt: str, claim: str | None, selection: Selection | None, page_size: int
) -> Callable[[TextIO], object]:
    if fmt == "claimreview":
        ids = [claim] if claim is not None else None
        return lambda fh: claimreview.write_claimreview(claimreview.iter_claims(store, ids, page_size=page_size), fh)
    return lambda fh: write_rdf(iter_chunks(store, selection, page_size, lambda n: None, None), fh, fmt)


@router.get("/export", summary="Export as Turtle, N-Triples, JSON-LD or ClaimReview JSON-LD (streamed)")
def export(
    format: Format = Query("ttl", description="ttl | nt | jsonld | claimreview"),
    claim: str | None = Query(None, max_length=500, description="Only this claim's neighbourhood."),
    page_size: int = Query(500, ge=1, le=5000),
    store: GraphStore = Depends(get_store),
) -> StreamingResponse:
    selection = claim_neighbourhood(store, claim) if claim is not None else None
    if claim is not None and selection is None:
        raise HTTPException(404, f"no claim with id {claim!r}")
    suffix = "jsonld" if format in ("jsonld", "claimreview") else format
    return StreamingResponse(
        stream_writer(_producer(store, format, claim, selection, page_size)),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="claimgraph.{suffix}"'},
    )
