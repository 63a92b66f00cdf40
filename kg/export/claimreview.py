"""schema.org ``Claim`` JSON-LD per claim: the ``itemReviewed`` shape of a ClaimReview.

A fact-checker's ClaimReview wraps one of these objects as its ``itemReviewed``; we do not rate
claims, so we emit the Claim itself: ``text``, ``appearance`` (every article with a statement
about the claim, whatever its stance), ``firstAppearance`` (earliest by ``published``, then by
ingestion order), ``author`` (the sources that assert it), ``about``/``mentions`` (its entities),
and the statements themselves as ``Quotation`` objects under ``cg:assertion``, ``cg:denial`` and
``cg:noComment`` (schema.org has no term for a denial; these extension terms are in the ontology).
Written claim by claim, one page of claims in memory at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from rdflib import URIRef

from kg.export.mapping import SCHEMA_NS, external_supers, node_iri, primary_label
from kg.store.base import GraphStore
from ontology import CG_NS, checked, vocabulary

CONTEXT: dict[str, Any] = {"@vocab": str(SCHEMA_NS), "cg": str(CG_NS)}
STANCE_KEYS = {"asserts": "cg:assertion", "denies": "cg:denial", "disputes": "cg:denial", "no_comment": "cg:noComment"}
PAGE_SIZE = 200

CLAIM_COUNT = checked("MATCH (c:Claim) RETURN count(c) AS n")
# Drift findings (kg/drift.py) ride along as cg: terms: schema.org has none for them.
DRIFT_KEYS = ("hardened", "softened", "source_drift", "after_denial", "unsourced", "chain", "root_source", "root_kind")
_CLAIM_FIELDS = "c.id AS id, c.text AS text, c.hedged AS hedged, " + ", ".join(f"c.{k} AS {k}" for k in DRIFT_KEYS)
CLAIM_PAGE = checked(f"MATCH (c:Claim) WHERE c.id > $after RETURN {_CLAIM_FIELDS} ORDER BY c.id LIMIT $limit")
CLAIMS_BY_ID = checked(f"UNWIND $ids AS cid MATCH (c:Claim) WHERE c.id = cid RETURN {_CLAIM_FIELDS} ORDER BY c.id")
STATEMENT_DRIFT = checked(
    """UNWIND $ids AS sid
MATCH (s:Statement)-[r:HARDENS|SOFTENS|DROPS_SOURCE|IGNORES_DENIAL|RELAYS]->(t:Statement) WHERE s.id = sid
RETURN s.id AS statement, type(r) AS type, t.id AS target ORDER BY target"""
)
CLAIM_STATEMENTS = checked(
    """UNWIND $ids AS cid
MATCH (s:Statement)-[:ABOUT]->(c:Claim) WHERE c.id = cid
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(p:Outlet)
OPTIONAL MATCH (s)-[:BY]->(b)
RETURN cid AS claim, s.id AS statement, s.stance AS stance, s.cue AS cue, s.sentence AS sentence,
  s.start AS start, s.end AS end, s.hedged AS hedged,
  a.id AS article, a.uri AS uri, a.title AS title, a.published AS published, a.seq AS seq,
  p.id AS publisher_id, p.name AS publisher_name,
  labels(b) AS by_labels, b.id AS by_id, b.name AS by_name"""
)
STATEMENT_CITES = checked(
    """UNWIND $ids AS sid
MATCH (s:Statement)-[:CITES]->(o:Outlet) WHERE s.id = sid
RETURN s.id AS statement, o.id AS id, o.name AS name ORDER BY o.id"""
)
CLAIM_ENTITIES = checked(
    """UNWIND $ids AS cid
MATCH (c:Claim)-[r:INVOLVES|SUBJECT|OBJECT]->(e:Entity) WHERE c.id = cid
RETURN cid AS claim, type(r) AS rel, labels(e) AS labels, e.id AS id, e.name AS name ORDER BY e.id"""
)


def lint_statements() -> list[tuple[str, str]]:
    return [
        ("claimreview_count", CLAIM_COUNT),
        ("claimreview_page", CLAIM_PAGE),
        ("claimreview_by_id", CLAIMS_BY_ID),
        ("claimreview_statements", CLAIM_STATEMENTS),
        ("claimreview_cites", STATEMENT_CITES),
        ("claimreview_entities", CLAIM_ENTITIES),
        ("claimreview_drift", STATEMENT_DRIFT),
    ]


def _term(name: str) -> str:
    """``cg:localName`` of a graph key or relationship type, from the ontology."""
    iri = str(vocabulary().iri_of(name))
    return "cg:" + iri[len(str(CG_NS)) :]


def _schema_type(labels: list[str]) -> str:
    """The schema.org agent type for a node: Person, NewsMediaOrganization or Organization."""
    if "Outlet" in labels:
        return "NewsMediaOrganization"
    supers = {s for label in labels for s in external_supers().get(label, ())}
    if URIRef(f"{SCHEMA_NS}Person") in supers or "Source" in labels:
        return "Person"  # unnamed sources ("a person familiar with the matter") are mostly people
    return "Organization"  # Google requires Person or Organization for a claim's author


def _agent(labels: list[str], node_id: str, name: str | None) -> dict[str, Any]:
    label = primary_label(labels) or "Entity"
    agent: dict[str, Any] = {"@id": str(node_iri(label, node_id)), "@type": _schema_type(labels)}
    if name:
        agent["name"] = name
    if label == "Source":
        agent["description"] = "unnamed source"
    return agent


def _article(r: dict[str, Any]) -> dict[str, Any]:
    art: dict[str, Any] = {
        "@id": str(node_iri("Article", r["article"])),
        "@type": "NewsArticle",
        "identifier": r["article"],
    }
    if r.get("uri"):
        art["url"] = r["uri"]
    if r.get("title"):
        art["headline"] = r["title"]
    if r.get("published"):
        art["datePublished"] = r["published"]
    if r.get("publisher_id"):
        art["publisher"] = {
            "@id": str(node_iri("Outlet", r["publisher_id"])),
            "@type": "NewsMediaOrganization",
            "name": r.get("publisher_name") or r["publisher_id"],
        }
    return art


def _order(r: dict[str, Any]) -> tuple[bool, str, int]:
    """Earliest first: dated articles by date, then undated ones in ingestion order."""
    published = r.get("published") or ""
    return (published == "", published, int(r.get("seq") or 0))


@dataclass
class ClaimReviewReport:
    claims: int = 0
    contested: int = 0  # claims with at least one denial


def build_claims(store: GraphStore, claim_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claim JSON-LD objects for one page of claim rows (id, text, hedged)."""
    ids = [r["id"] for r in claim_rows]
    statements: dict[str, list[dict[str, Any]]] = {cid: [] for cid in ids}
    for r in store.query(CLAIM_STATEMENTS, {"ids": ids}):
        statements[r["claim"]].append(r)
    sids = sorted({r["statement"] for rows in statements.values() for r in rows})
    cites: dict[str, list[dict[str, Any]]] = {}
    for r in store.query(STATEMENT_CITES, {"ids": sids}) if sids else []:
        cites.setdefault(r["statement"], []).append(
            {"@id": str(node_iri("Outlet", r["id"])), "@type": "NewsMediaOrganization", "name": r["name"]}
        )
    links: dict[str, list[tuple[str, str]]] = {}  # statement -> (drift link type, earlier statement)
    for r in store.query(STATEMENT_DRIFT, {"ids": sids}) if sids else []:
        links.setdefault(r["statement"], []).append((r["type"], r["target"]))
    entities: dict[str, dict[str, list[dict[str, Any]]]] = {cid: {} for cid in ids}
    for r in store.query(CLAIM_ENTITIES, {"ids": ids}):
        key = "about" if r["rel"] in ("SUBJECT", "OBJECT") else "mentions"
        bucket = entities[r["claim"]].setdefault(key, [])
        thing = {"@id": str(node_iri("Entity", r["id"])), "name": r["name"]}
        if thing not in bucket:
            bucket.append(thing)
    return [_claim(c, statements[c["id"]], cites, entities[c["id"]], links) for c in claim_rows]


def _claim(
    row: dict[str, Any],
    statements: list[dict[str, Any]],
    cites: dict[str, list[dict[str, Any]]],
    entities: dict[str, list[dict[str, Any]]],
    links: dict[str, list[tuple[str, str]]] | None = None,
) -> dict[str, Any]:
    cid = row["id"]
    claim: dict[str, Any] = {
        "@id": str(node_iri("Claim", cid)),
        "@type": "Claim",
        "identifier": cid,
        "text": row["text"],
    }
    if row.get("hedged") is not None:
        claim["cg:hedged"] = bool(row["hedged"])
    for key in DRIFT_KEYS:
        if row.get(key) not in (None, "", []):
            claim[_term(key)] = row[key]
    for key in ("about", "mentions"):
        if entities.get(key):
            claim[key] = entities[key]
    statements = sorted(statements, key=lambda r: (_order(r), r["start"] or 0, r["statement"]))
    appearances: dict[str, dict[str, Any]] = {}
    authors: dict[str, dict[str, Any]] = {}
    quotes: dict[str, list[dict[str, Any]]] = {}
    for r in statements:
        if r["article"] is not None and r["article"] not in appearances:
            appearances[r["article"]] = _article(r)
        agent = _agent(r["by_labels"], r["by_id"], r["by_name"]) if r["by_id"] is not None else None
        if agent and r["stance"] == "asserts":
            authors.setdefault(agent["@id"], agent)
        article = appearances[r["article"]]["@id"] if r["article"] is not None else None
        quote = _quotation(r, agent, article, cites.get(r["statement"]), (links or {}).get(r["statement"], []))
        quotes.setdefault(STANCE_KEYS.get(r["stance"], "cg:assertion"), []).append(quote)
    if authors:
        claim["author"] = list(authors.values())
    if appearances:
        first = next(iter(appearances.values()))
        claim["appearance"] = list(appearances.values())
        claim["firstAppearance"] = {"@id": first["@id"]}
        if first.get("datePublished"):
            claim["datePublished"] = first["datePublished"]
    for key in STANCE_KEYS.values():
        if key in quotes:
            claim[key] = quotes[key]
    return claim


def _quotation(
    r: dict[str, Any],
    agent: dict[str, Any] | None,
    article: str | None,
    citation: list[dict[str, Any]] | None,
    links: list[tuple[str, str]],
) -> dict[str, Any]:
    """One statement as a schema.org Quotation, with its drift links to earlier statements."""
    quote: dict[str, Any] = {
        "@id": str(node_iri("Statement", r["statement"])),
        "@type": "Quotation",
        "text": r["sentence"],
        "cg:stance": r["stance"],
    }
    if r["cue"]:
        quote["cg:cue"] = r["cue"]
    if agent:
        quote["author"] = agent
    if article is not None:
        quote["isPartOf"] = {"@id": article}
        if r.get("published"):
            quote["datePublished"] = r["published"]
    if citation:
        quote["citation"] = citation
    for rel, target in links:  # cg:hardens, cg:ignoresDenial, ...
        quote.setdefault(_term(rel), []).append({"@id": str(node_iri("Statement", target))})
    return quote


def iter_claims(
    store: GraphStore,
    claim_ids: list[str] | None = None,
    page_size: int = PAGE_SIZE,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    if claim_ids is not None:
        for i in range(0, len(claim_ids), page_size):
            rows = store.query(CLAIMS_BY_ID, {"ids": claim_ids[i : i + page_size]})
            yield from build_claims(store, rows) if rows else []
            if on_progress:
                on_progress(len(rows))
        return
    after = ""
    while True:
        rows = store.query(CLAIM_PAGE, {"after": after, "limit": page_size})
        if not rows:
            return
        after = rows[-1]["id"]
        yield from build_claims(store, rows)
        if on_progress:
            on_progress(len(rows))
        if len(rows) < page_size:
            return


def count_claims(store: GraphStore) -> int:
    return int(store.query(CLAIM_COUNT)[0]["n"])


def write_claimreview(claims: Iterator[dict[str, Any]], out: TextIO) -> ClaimReviewReport:
    """One JSON-LD document ``{"@context", "@graph": [Claim, ...]}``, written claim by claim."""
    report = ClaimReviewReport()
    out.write('{\n"@context": ' + json.dumps(CONTEXT) + ',\n"@graph": [\n')
    for claim in claims:
        out.write((",\n" if report.claims else "") + json.dumps(claim, ensure_ascii=False, indent=1))
        report.claims += 1
        report.contested += "cg:denial" in claim
    out.write("\n]\n}\n")
    return report
