"""Records -> batched, parameterized ``UNWIND`` writes. The only place the graph is written.

Order matters for resume: entities, outlets, sources, claims and statements go first; the
Article node and its relationships go last, in one statement per batch, so an article that
exists in the store is complete and can be skipped by id on the next run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from extraction.records import Extraction, SourceSpan, norm_name, outlet_id, short_hash
from kg.store.base import GraphStore, batched
from ontology import checked, vocabulary

OUTLET_TYPE = "Outlet"


def _entity_statement(label: str) -> str:
    return checked(
        f"""UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
ON CREATE SET e:{label}, e.name = row.name, e.norm = row.norm, e.type = row.type, e.aliases = row.aliases
ON MATCH SET e.aliases = e.aliases + [a IN row.aliases WHERE NOT a IN e.aliases]"""
    )


ENTITY_WRITES: dict[str, str] = {t: _entity_statement(t) for t in vocabulary().entity_types}

OUTLET_WRITE = checked(
    """UNWIND $rows AS row
MERGE (o:Outlet {id: row.id})
ON CREATE SET o.name = row.name, o.norm = row.norm, o.aliases = row.aliases
ON MATCH SET o.aliases = o.aliases + [a IN row.aliases WHERE NOT a IN o.aliases]"""
)

SOURCE_WRITE = checked(
    """UNWIND $rows AS row
MERGE (s:Source {id: row.id})
ON CREATE SET s.name = row.name, s.norm = row.norm, s.type = row.kind"""
)

CLAIM_WRITE = checked(
    """UNWIND $rows AS row
MERGE (c:Claim {id: row.id})
ON CREATE SET c.text = row.text, c.hedged = row.hedged, c.frames = row.frames
ON MATCH SET c.frames = coalesce(c.frames, []) + [f IN row.frames WHERE NOT f IN coalesce(c.frames, [])]
FOREACH (eid IN row.entities | MERGE (e:Entity {id: eid}) MERGE (c)-[:INVOLVES]->(e))
FOREACH (eid IN row.subject | MERGE (e:Entity {id: eid}) MERGE (c)-[:SUBJECT]->(e))
FOREACH (eid IN row.object | MERGE (e:Entity {id: eid}) MERGE (c)-[:OBJECT]->(e))"""
)

STATEMENT_WRITE = checked(
    """UNWIND $rows AS row
MERGE (s:Statement {id: row.id})
ON CREATE SET s.article = row.article, s.cue = row.cue, s.cue_start = row.cue_start,
  s.cue_end = row.cue_end, s.stance = row.stance, s.hedges = row.hedges, s.hedged = row.hedged,
  s.sentence = row.sentence, s.start = row.start, s.end = row.end, s.content = row.content,
  s.content_start = row.content_start, s.content_end = row.content_end,
  s.source_text = row.source_text, s.source_start = row.source_start, s.source_end = row.source_end,
  s.type = row.kind, s.speaker = row.speaker
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


def _opt(value: str | None) -> list[str]:
    return [value] if value else []


def speaker_text(src: SourceSpan | None, names: dict[str, str]) -> str:
    """'spokesman for X' (unnamed speaker) or 'X (Y, chief financial officer)'; '' otherwise."""
    if src is None or not src.speaks_for or src.speaks_for not in names:
        return ""
    org = names[src.speaks_for]
    if src.entity and src.entity != src.speaks_for and src.entity in names:
        return f"{org} ({names[src.entity]}, {src.role})" if src.role else f"{org} ({names[src.entity]})"
    return f"{src.role} for {org}" if src.role else org


def build_rows(extractions: list[Extraction], seq_base: int | None = None) -> dict[str, Any]:
    """Flatten a batch of extractions into row lists, one list per write statement."""
    seq0 = seq_base if seq_base is not None else time.time_ns()
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    entity_rows: dict[str, dict[str, Any]] = {}
    outlet_rows: dict[str, dict[str, Any]] = {}
    source_rows: dict[str, dict[str, Any]] = {}
    claim_rows: dict[str, dict[str, Any]] = {}
    statement_rows: list[dict[str, Any]] = []
    article_rows: list[dict[str, Any]] = []
    relation_rows: dict[str, list[dict[str, Any]]] = {}
    entity_types = set(vocabulary().entity_types)

    def add_outlet(oid: str, name: str, aliases: list[str]) -> None:
        row = outlet_rows.setdefault(oid, {"id": oid, "name": name, "norm": norm_name(name), "aliases": []})
        for a in [name, *aliases]:
            if a not in row["aliases"]:
                row["aliases"].append(a)

    for i, ex in enumerate(extractions):
        art = ex.article
        mentions: list[dict[str, Any]] = []
        outlet_mentions: list[dict[str, Any]] = []
        for ent in ex.entities:
            count = max(1, len(ent.mentions))
            if ent.type == OUTLET_TYPE:
                add_outlet(ent.id, ent.name, ent.aliases)
                outlet_mentions.append({"id": ent.id, "count": count})
                continue
            etype = ent.type if ent.type in entity_types else "Organization"
            row = entity_rows.setdefault(
                ent.id, {"id": ent.id, "name": ent.name, "norm": norm_name(ent.name), "type": etype, "aliases": []}
            )
            for a in [ent.name, *ent.aliases]:
                if a not in row["aliases"]:
                    row["aliases"].append(a)
            mentions.append({"id": ent.id, "count": count})
        art_outlet = outlet_id(art.outlet) if art.outlet else None
        if art_outlet:
            add_outlet(art_outlet, art.outlet, [])
        for claim in ex.claims:
            claim_rows.setdefault(
                claim.id,
                {
                    "id": claim.id,
                    "text": claim.text,
                    "hedged": claim.hedged,
                    "frames": list(claim.frames),
                    "entities": [e for e in claim.entities if e in entity_rows],
                    "subject": [claim.subject] if claim.subject in entity_rows else [],
                    "object": [claim.object] if claim.object in entity_rows else [],
                },
            )
        statement_ids = []
        for att in ex.attributions:
            by_entity: list[str] = []
            by_outlet: list[str] = []
            by_source: list[str] = []
            src = att.source
            if att.source_kind == "outlet" and art_outlet:
                by_outlet.append(art_outlet)
            elif src is not None and src.entity and src.entity in outlet_rows:
                by_outlet.append(src.entity)
            elif src is not None and src.entity and src.entity in entity_rows:
                by_entity.append(src.entity)
            elif src is not None and src.text:
                sid = f"source:{art.id}:{short_hash(norm_name(src.text))}"
                source_rows.setdefault(
                    sid,
                    {"id": sid, "name": src.text, "norm": norm_name(src.text), "kind": src.unnamed_kind or "unnamed"},
                )
                by_source.append(sid)
            statement_ids.append(att.id)
            statement_rows.append(
                {
                    "id": att.id,
                    "article": art.id,
                    "cue": att.cue.text,
                    "cue_start": att.cue.start,
                    "cue_end": att.cue.end,
                    "stance": att.stance,
                    "hedges": list(att.hedges),
                    "hedged": bool(att.hedges),
                    "sentence": att.sentence.text,
                    "start": att.sentence.start,
                    "end": att.sentence.end,
                    "content": att.content.text,
                    "content_start": att.content.start,
                    "content_end": att.content.end,
                    "source_text": src.text if src else "",
                    "source_start": src.start if src else -1,
                    "source_end": src.end if src else -1,
                    "kind": att.source_kind,
                    "speaker": speaker_text(src, {e.id: e.name for e in ex.entities}),
                    "claim": _opt(att.claim) if att.claim in claim_rows else [],
                    "cites": [c for c in att.cites if c in outlet_rows],
                    "by_entity": by_entity,
                    "by_outlet": by_outlet,
                    "by_source": by_source,
                }
            )
        for rel in ex.relations:
            if rel.subject in entity_rows and rel.object in entity_rows and rel.subject != rel.object:
                relation_rows.setdefault(rel.predicate, []).append(
                    {
                        "subject": rel.subject,
                        "object": rel.object,
                        "article": art.id,
                        "start": rel.evidence.start,
                        "end": rel.evidence.end,
                        "sentence": rel.evidence.text,
                        "verb": rel.verb,
                        "role": rel.role,
                    }
                )
        article_rows.append(
            {
                "id": art.id,
                "uri": art.uri,
                "title": art.title,
                "published": art.published,
                "text": art.text,
                "seq": seq0 + i,
                "ingested_at": now,
                "source_path": art.source_path,
                "outlet_name": art.outlet,
                "author": art.author,
                "outlet": _opt(art_outlet),
                "mentions": mentions,
                "outlet_mentions": outlet_mentions,
                "statements": statement_ids,
            }
        )
    entities: dict[str, list[dict[str, Any]]] = {}
    for row in entity_rows.values():
        entities.setdefault(row["type"], []).append(row)
    return {
        "entities": entities,
        "outlets": list(outlet_rows.values()),
        "sources": list(source_rows.values()),
        "claims": list(claim_rows.values()),
        "statements": statement_rows,
        "articles": article_rows,
        "relations": relation_rows,
    }


def write_extractions(store: GraphStore, extractions: list[Extraction], batch_size: int = 2000) -> WriteCounts:
    """Write one batch of extractions all-or-nothing (a kill never leaves half a batch behind,
    so a resumed run sees exactly the state an uninterrupted one had); safe to repeat (MERGE on stable ids)."""
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
    add(STATEMENT_WRITE, rows["statements"])
    for rtype, rels in rows["relations"].items():
        if rtype in RELATION_WRITES:
            add(RELATION_WRITES[rtype], rels)
            counts.relations += len(rels)
    add(ARTICLE_WRITE, rows["articles"])
    store.write_all(writes)
    counts.outlets = len(rows["outlets"])
    counts.claims = len(rows["claims"])
    counts.statements = len(rows["statements"])
    counts.articles = len(rows["articles"])
    counts.mentions = sum(len(a["mentions"]) + len(a["outlet_mentions"]) for a in rows["articles"])
    return counts
