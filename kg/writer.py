"""Records -> batched, parameterized ``UNWIND`` writes. The only place the graph is written.

Order matters for resume: entities, outlets, sources, claims and statements go first; the
Article node and its relationships go last, in one statement per batch, so an article that
exists in the store is complete and can be skipped by id on the next run.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from extraction.records import (
    DISPUTING,
    AttributionRecord,
    EntityRecord,
    Extraction,
    SourceSpan,
    norm_name,
    outlet_id,
    short_hash,
)
from kg.store.base import GraphStore, batched
from ontology import checked, vocabulary

OUTLET_TYPE = "Outlet"

# A SET re-indexes the node in every index of its label, the full-text ones included (~20 µs a
# Claim or Entity, whether the value changed or not): the statements below set a property only
# when its value changes, so a claim or entity a write group merely touches is not re-indexed.


def _entity_statement(label: str) -> str:
    return checked(
        f"""UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
ON CREATE SET e:{label}, e.name = row.name, e.norm = row.norm, e.type = row.type, e.aliases = row.aliases
WITH e, [a IN row.aliases WHERE NOT a IN e.aliases] AS extra
WHERE size(extra) > 0
SET e.aliases = e.aliases + extra"""
    )


ENTITY_WRITES: dict[str, str] = {t: _entity_statement(t) for t in vocabulary().entity_types}

OUTLET_WRITE = checked(
    """UNWIND $rows AS row
MERGE (o:Outlet {id: row.id})
ON CREATE SET o.name = row.name, o.norm = row.norm, o.aliases = row.aliases
WITH o, [a IN row.aliases WHERE NOT a IN o.aliases] AS extra
WHERE size(extra) > 0
SET o.aliases = o.aliases + extra"""
)

SOURCE_WRITE = checked(
    """UNWIND $rows AS row
MERGE (s:Source {id: row.id})
ON CREATE SET s.name = row.name, s.norm = row.norm, s.type = row.kind"""
)

CLAIM_WRITE = checked(
    """UNWIND $rows AS row
MERGE (c:Claim {id: row.id})
ON CREATE SET c.text = row.text, c.hedged = row.hedged, c.frames = row.frames,
  c.statements = row.statements, c.asserted = row.asserted, c.disputed = row.disputed, c.argued = row.argued
FOREACH (eid IN row.entities | MERGE (e:Entity {id: eid}) MERGE (c)-[:INVOLVES]->(e))
FOREACH (eid IN row.subject | MERGE (e:Entity {id: eid}) MERGE (c)-[:SUBJECT]->(e))
FOREACH (eid IN row.object | MERGE (e:Entity {id: eid}) MERGE (c)-[:OBJECT]->(e))
WITH c, row, [f IN row.frames WHERE NOT f IN coalesce(c.frames, [])] AS extra
WHERE size(extra) > 0 OR c.frames IS NULL
SET c.frames = coalesce(c.frames, []) + extra"""
)

STATEMENT_WRITE = checked(
    """UNWIND $rows AS row
MERGE (s:Statement {id: row.id})
ON CREATE SET s.article = row.article, s.cue = row.cue, s.cue_start = row.cue_start,
  s.cue_end = row.cue_end, s.stance = row.stance, s.hedges = row.hedges, s.hedged = row.hedged,
  s.sentence = row.sentence, s.start = row.start, s.end = row.end, s.content = row.content,
  s.content_start = row.content_start, s.content_end = row.content_end,
  s.source_text = row.source_text, s.source_start = row.source_start, s.source_end = row.source_end,
  s.type = row.kind, s.speaker = row.speaker, s.antecedent = row.antecedent
FOREACH (cid IN row.claim | MERGE (c:Claim {id: cid}) MERGE (s)-[:ABOUT]->(c))
FOREACH (oid IN row.cites | MERGE (o:Outlet {id: oid}) MERGE (s)-[:CITES]->(o))
FOREACH (eid IN row.by_entity | MERGE (e:Entity {id: eid}) MERGE (s)-[:BY]->(e))
FOREACH (oid IN row.by_outlet | MERGE (o:Outlet {id: oid}) MERGE (s)-[:BY]->(o))
FOREACH (sid IN row.by_source | MERGE (x:Source {id: sid}) MERGE (s)-[:BY]->(x))"""
)

ARTICLE_WRITE = checked(
    """UNWIND $rows AS row
MERGE (a:Article {id: row.id})
ON CREATE SET a.uri = row.uri, a.title = row.title, a.published = row.published,
  a.text = row.text, a.seq = row.seq, a.ingested_at = row.ingested_at,
  a.source_path = row.source_path, a.name = row.outlet_name, a.author = row.author
FOREACH (oid IN row.outlet | MERGE (o:Outlet {id: oid}) MERGE (a)-[:PUBLISHED_BY]->(o))
FOREACH (m IN row.mentions | MERGE (e:Entity {id: m.id}) MERGE (a)-[r:MENTIONS]->(e) SET r.count = m.count)
FOREACH (m IN row.outlet_mentions | MERGE (o:Outlet {id: m.id}) MERGE (a)-[r:MENTIONS]->(o) SET r.count = m.count)
FOREACH (sid IN row.statements | MERGE (s:Statement {id: sid}) MERGE (a)-[:CONTAINS]->(s))"""
)


# Each claim a write group touched keeps its statement count, so a claims page is cut (sorted on it,
# then LIMIT) before anything is expanded (kg/browse.py), and how many of them assert and deny or
# dispute it, so contested claims are ranked without reading their statements (kg/query); a claim
# some statement disputes keeps the two together (``argued``, indexed: the most argued are read first).
# Counted, not incremented: exact on a re-run.
CLAIM_COUNTS = checked(
    """UNWIND $ids AS cid
MATCH (c:Claim {id: cid})
OPTIONAL MATCH (c)<-[:ABOUT]-(s:Statement)
WITH c, count(s) AS n, count(CASE WHEN s.stance = $asserts THEN 1 END) AS asserted,
  count(CASE WHEN s.stance IN $disputing THEN 1 END) AS disputed
WITH c, n, asserted, disputed, CASE WHEN disputed > 0 THEN asserted + disputed END AS argued
WHERE NOT coalesce(c.statements = n AND c.asserted = asserted AND c.disputed = disputed, false)
  OR coalesce(c.argued, 0) <> coalesce(argued, 0)
SET c.statements = n, c.asserted = asserted, c.disputed = disputed, c.argued = argued"""
)
STANCE_COUNTS = {"asserts": "asserts", "disputing": list(DISPUTING)}  # CLAIM_COUNTS' stances

# Each entity a write group names as a claim's subject or object keeps how many claims do, so drift
# can leave an entity many claims name unexpanded (kg/drift.py). Counted, like CLAIM_COUNTS.
ENTITY_CLAIMS = checked(
    """UNWIND $ids AS eid
MATCH (e:Entity {id: eid})
OPTIONAL MATCH (e)<-[:SUBJECT|OBJECT]-(c:Claim)
WITH e, count(DISTINCT c) AS n
WHERE NOT coalesce(e.claims = n, false)
SET e.claims = n"""
)

ENTITY_PAGE = checked("MATCH (e:Entity) WHERE e.id > $after RETURN e.id AS id ORDER BY e.id LIMIT $limit")


def _count_pages(store: GraphStore, page_query: str, count: str, params: dict[str, Any], page: int) -> int:
    after, total = "", 0
    while rows := store.query(page_query, {"after": after, "limit": page}):
        ids = [r["id"] for r in rows]
        store.write(count, {**params, "ids": ids})
        total += len(ids)
        after = ids[-1]
    return total


def count_entity_claims(store: GraphStore, page: int = 2000) -> int:
    """Count the claims naming every entity (``ENTITY_CLAIMS``), a page at a time: for a graph
    stored before the writer kept the counts. How many entities."""
    return _count_pages(store, ENTITY_PAGE, ENTITY_CLAIMS, {}, page)


def count_claim_statements(store: GraphStore, page: int = 2000) -> int:
    """Count every claim's statements and their stances (``CLAIM_COUNTS``), a page at a time: for a
    graph stored before the writer kept the stance counts. How many claims."""
    from kg.drift import CLAIM_PAGE

    return _count_pages(store, CLAIM_PAGE, CLAIM_COUNTS, STANCE_COUNTS, page)


def _relation_statement(rel_type: str) -> str:
    return checked(
        f"""UNWIND $rows AS row
MATCH (a:Entity) WHERE a.id = row.subject
MATCH (b:Entity) WHERE b.id = row.object
MERGE (a)-[r:{rel_type} {{article: row.article, start: row.start}}]->(b)
ON CREATE SET r.end = row.end, r.sentence = row.sentence, r.verb = row.verb, r.role = row.role"""
    )


RELATION_WRITES: dict[str, str] = {t: _relation_statement(t) for t in vocabulary().entity_relations}

EXISTING_ARTICLES = checked("UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN a.id AS id")

ALL_WRITE_STATEMENTS: list[str] = [
    *ENTITY_WRITES.values(),
    OUTLET_WRITE,
    SOURCE_WRITE,
    CLAIM_WRITE,
    STATEMENT_WRITE,
    ARTICLE_WRITE,
    CLAIM_COUNTS,
    ENTITY_CLAIMS,
    ENTITY_PAGE,
    *RELATION_WRITES.values(),
    EXISTING_ARTICLES,
]


@dataclass
class WriteCounts:
    articles: int = 0
    entities: int = 0
    outlets: int = 0
    claims: int = 0
    statements: int = 0
    relations: int = 0
    mentions: int = 0

    def add(self, other: WriteCounts) -> None:
        for name in ("articles", "entities", "outlets", "claims", "statements", "relations", "mentions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def existing_article_ids(store: GraphStore, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    return {row["id"] for row in store.query(EXISTING_ARTICLES, {"ids": ids})}


def speaker_text(src: SourceSpan | None, names: dict[str, str]) -> str:
    """'spokesman for X' (unnamed speaker) or 'X (Y, chief financial officer)'; '' otherwise."""
    if src is None or not src.speaks_for or src.speaks_for not in names:
        return ""
    org = names[src.speaks_for]
    if src.entity and src.entity != src.speaks_for and src.entity in names:
        return f"{org} ({names[src.entity]}, {src.role})" if src.role else f"{org} ({names[src.entity]})"
    return f"{src.role} for {org}" if src.role else org


def _merge(rows: dict[str, dict[str, Any]], row: dict[str, Any]) -> None:
    """Keep the first row of an id; later ones only add their aliases."""
    kept = rows.setdefault(row["id"], row)
    if kept is not row:
        kept["aliases"] += [a for a in row["aliases"] if a not in kept["aliases"]]


class _Rows:
    """The row lists of one batch, one per write statement; records give their rows, this links them."""

    def __init__(self) -> None:
        self.entities: dict[str, dict[str, Any]] = {}
        self.outlets: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, dict[str, Any]] = {}
        self.claims: dict[str, dict[str, Any]] = {}
        self.statements: list[dict[str, Any]] = []
        self.articles: list[dict[str, Any]] = []
        self.relations: dict[str, list[dict[str, Any]]] = {}
        self.entity_types = set(vocabulary().entity_types)

    def add_entities(self, ex: Extraction) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Entity and outlet rows; the article's (entity, outlet) mention counts."""
        mentions: list[dict[str, Any]] = []
        outlet_mentions: list[dict[str, Any]] = []
        for ent in ex.entities:
            row = ent.to_row()
            count = {"id": ent.id, "count": max(1, len(ent.mentions))}
            if ent.type == OUTLET_TYPE:
                del row["type"]
                _merge(self.outlets, row)
                outlet_mentions.append(count)
                continue
            row["type"] = ent.type if ent.type in self.entity_types else "Organization"
            _merge(self.entities, row)
            mentions.append(count)
        return mentions, outlet_mentions

    def add_article_outlet(self, name: str) -> str | None:
        if not name:
            return None
        row = EntityRecord(outlet_id(name), name, OUTLET_TYPE).to_row()
        del row["type"]
        _merge(self.outlets, row)
        return row["id"]

    def speaker(self, att: AttributionRecord, art_id: str, art_outlet: str | None) -> dict[str, list[str]]:
        """Who made the statement: the article's outlet, an outlet, an entity, or an unnamed source."""
        src = att.source
        if att.source_kind == "outlet" and art_outlet:
            return {"by_outlet": [art_outlet]}
        if src is not None and src.entity and src.entity in self.outlets:
            return {"by_outlet": [src.entity]}
        if src is not None and src.entity and src.entity in self.entities:
            return {"by_entity": [src.entity]}
        if src is not None and src.text:
            norm = norm_name(src.text)
            sid = f"source:{art_id}:{short_hash(norm)}"
            self.sources.setdefault(
                sid, {"id": sid, "name": src.text, "norm": norm, "kind": src.unnamed_kind or "unnamed"}
            )
            return {"by_source": [sid]}
        return {}

    def add_statements(self, ex: Extraction, art_outlet: str | None) -> list[str]:
        names = {e.id: e.name for e in ex.entities}
        for att in ex.attributions:
            row = att.to_row(ex.article.id)
            row["speaker"] = speaker_text(att.source, names)
            row["claim"] = [att.claim] if att.claim and att.claim in self.claims else []
            row["cites"] = [c for c in att.cites if c in self.outlets]
            row.update({"by_entity": [], "by_outlet": [], "by_source": []})
            row.update(self.speaker(att, ex.article.id, art_outlet))
            self.statements.append(row)
        return [att.id for att in ex.attributions]

    def add(self, ex: Extraction, seq: int, now: str) -> None:
        art = ex.article
        mentions, outlet_mentions = self.add_entities(ex)
        art_outlet = self.add_article_outlet(art.outlet)
        for claim in ex.claims:
            self.claims.setdefault(claim.id, claim.to_row(self.entities))
        statement_ids = self.add_statements(ex, art_outlet)
        for rel in ex.relations:
            if rel.subject in self.entities and rel.object in self.entities and rel.subject != rel.object:
                self.relations.setdefault(rel.predicate, []).append(rel.to_row(art.id))
        row = art.to_row()
        row.update(
            seq=seq,
            ingested_at=now,
            outlet=[art_outlet] if art_outlet else [],
            mentions=mentions,
            outlet_mentions=outlet_mentions,
            statements=statement_ids,
        )
        self.articles.append(row)


def _count_statements(rows: _Rows) -> None:
    """Each claim row's statements in this batch, all and by stance: a new claim is created with
    them, so ``CLAIM_COUNTS`` finds them right and does not set (and re-index) it again."""
    counts: dict[str, Counter[str]] = {}
    for row in rows.statements:
        for cid in row["claim"]:
            counts.setdefault(cid, Counter())[row["stance"]] += 1
    for row in rows.claims.values():
        by_stance = counts.get(row["id"], Counter())
        row["statements"] = by_stance.total()
        row["asserted"] = by_stance[STANCE_COUNTS["asserts"]]
        row["disputed"] = sum(by_stance[s] for s in STANCE_COUNTS["disputing"])
        row["argued"] = row["asserted"] + row["disputed"] if row["disputed"] else None


def build_rows(extractions: list[Extraction], seq_base: int | None = None) -> dict[str, Any]:
    """Flatten a batch of extractions into row lists, one list per write statement."""
    seq0 = seq_base if seq_base is not None else time.time_ns()
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    rows = _Rows()
    for i, ex in enumerate(extractions):
        rows.add(ex, seq0 + i, now)
    _count_statements(rows)
    entities: dict[str, list[dict[str, Any]]] = {}
    for row in rows.entities.values():
        entities.setdefault(row["type"], []).append(row)
    return {
        "entities": entities,
        "outlets": list(rows.outlets.values()),
        "sources": list(rows.sources.values()),
        "claims": list(rows.claims.values()),
        "statements": rows.statements,
        "articles": rows.articles,
        "relations": rows.relations,
    }


def _id_batches(ids: list[str], size: int) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def write_extractions(store: GraphStore, extractions: list[Extraction], batch_size: int = 2000) -> WriteCounts:
    """Write one batch of extractions all-or-nothing (a kill never leaves half a batch behind,
    so a resumed run sees exactly the state an uninterrupted one had); safe to repeat (MERGE on stable ids)."""
    writes, counts = prepare_writes(extractions, batch_size)
    store.write_all(writes)
    return counts


def prepare_writes(
    extractions: list[Extraction], batch_size: int = 2000
) -> tuple[list[tuple[str, dict[str, Any]]], WriteCounts]:
    """The statements that write a batch (for one ``store.write_all``) and what they write. The
    rows are plain values copied off the records, so the records may change after (ingestion
    re-types recent articles' entities) without changing what is written."""
    rows = build_rows(extractions)
    counts = WriteCounts()
    writes: list[tuple[str, dict[str, Any]]] = []

    def add(statement: str, items: list[dict[str, Any]]) -> None:
        writes.extend((statement, {"rows": batch}) for batch in batched(items, batch_size))

    for etype, ents in rows["entities"].items():
        add(ENTITY_WRITES[etype], ents)
        counts.entities += len(ents)
    add(OUTLET_WRITE, rows["outlets"])
    add(SOURCE_WRITE, rows["sources"])
    add(CLAIM_WRITE, rows["claims"])
    named = sorted({eid for row in rows["claims"] for eid in (*row["subject"], *row["object"])})
    writes.extend((ENTITY_CLAIMS, {"ids": batch}) for batch in _id_batches(named, batch_size))
    add(STATEMENT_WRITE, rows["statements"])
    touched = sorted({cid for row in rows["statements"] for cid in row["claim"]})
    writes.extend((CLAIM_COUNTS, {**STANCE_COUNTS, "ids": batch}) for batch in _id_batches(touched, batch_size))
    for rtype, rels in rows["relations"].items():
        if rtype in RELATION_WRITES:
            add(RELATION_WRITES[rtype], rels)
            counts.relations += len(rels)
    add(ARTICLE_WRITE, rows["articles"])
    counts.outlets = len(rows["outlets"])
    counts.claims = len(rows["claims"])
    counts.statements = len(rows["statements"])
    counts.articles = len(rows["articles"])
    counts.mentions = sum(len(a["mentions"]) + len(a["outlet_mentions"]) for a in rows["articles"])
    return writes, counts
