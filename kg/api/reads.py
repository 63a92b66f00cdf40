"""Read endpoints: questions, claims, provenance, sources and articles, through ``kg.query`` and ``kg.browse``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from extraction.records import Stance
from kg import browse
from kg.api.schemas import AskRequest
from kg.query import answer_question
from kg.store.base import GraphStore

router = APIRouter()
# Endpoints return JSONResponse themselves: the content is already plain JSON types, so FastAPI's
# response validation and jsonable_encoder pass, which re-walk every value, are skipped.


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def _not_found(what: str, ident: str) -> HTTPException:
    return HTTPException(404, f"no {what} with id {ident!r}")


@router.post("/ask", summary="Answer a question (the `kg ask --json` shape)")
def ask(body: AskRequest, request: Request, store: GraphStore = Depends(get_store)) -> JSONResponse:
    return JSONResponse(answer_question(store, body.question, request.app.state.settings, body.previous).to_json())


@router.get("/claims", summary="Claims with their source counts per role, those with most statements first")
def claims(
    request: Request,
    store: GraphStore = Depends(get_store),
    entity: str = Query("", max_length=500, description="An entity id (see `entity_ids` in the results)."),
    outlet: str = Query("", max_length=500, description="An outlet id: published by or cited."),
    stance: Stance | None = Query(None, description="Claims with at least one statement of this stance."),
    hedged: bool | None = Query(None, description="Only hedged (true) or only unhedged (false) claims."),
    q: str = Query("", max_length=500, description="Words the claim text contains."),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> JSONResponse:
    # paged in the store: only the page comes back, never every claim row
    filters = {"search": q, "entity": entity, "outlet": outlet, "stance": stance or "", "hedged": hedged}
    page = browse.list_claims(store, **filters, limit=limit, skip=offset)
    total = browse.count_claims(store, **filters)
    return JSONResponse(
        {
            "items": [{**asdict(r), "contested": r.contested} for r in page],
            "limit": limit,
            "offset": offset,
            "total": total,
            "next_offset": offset + limit if total > offset + limit else None,
        }
    )


def _statement(step: browse.Step) -> dict[str, Any]:
    return {**asdict(step), "hedged": step.hedged}


@router.get("/claims/{claim_id}/provenance", summary="A claim's timeline: first report, repeats, denials, silence")
def claim_provenance(claim_id: str, store: GraphStore = Depends(get_store)) -> JSONResponse:
    prov = browse.provenance(store, claim_id)
    if prov is None:
        raise _not_found("claim", claim_id)
    return JSONResponse(
        {
            "claim": asdict(prov.claim),
            **{phase: [_statement(s) for s in prov.phase(phase)] for phase in browse.PHASES},
            "primary_sources": [asdict(p) for p in prov.primary_sources],
        }
    )


@router.get("/claims/{claim_id}", summary="A claim with its statements")
def claim(claim_id: str, store: GraphStore = Depends(get_store)) -> JSONResponse:
    prov = browse.provenance(store, claim_id)
    if prov is None:
        raise _not_found("claim", claim_id)
    return JSONResponse({"claim": asdict(prov.claim), "statements": [_statement(s) for s in prov.steps]})


@router.get(
    "/sources/{source_id:path}", summary="A person, organisation, outlet or unnamed source, with its statements"
)
def source(
    source_id: str, store: GraphStore = Depends(get_store), limit: int = Query(500, ge=1, le=5000)
) -> JSONResponse:
    for label in browse.SOURCE_LABELS:
        node = browse.node(store, label, source_id)
        if node is not None:
            said = browse.statements_by(store, label, source_id, limit)
            return JSONResponse({**asdict(node), "statements": [asdict(s) for s in said]})
    raise _not_found("source", source_id)


@router.get("/articles/{article_id}", summary="An article with its text and metadata")
def article(article_id: str, store: GraphStore = Depends(get_store)) -> JSONResponse:
    found = browse.article(store, article_id)
    if found is None:
        raise _not_found("article", article_id)
    return JSONResponse(asdict(found))
