"""Read models for the app's browse pages: claims, provenance, sources, neighbourhoods, counts.

Pages call these and hold no Cypher themselves. Every statement is parameterized, wrapped in
``checked`` and listed by ``lint_statements`` so the Neo4j lint sees it.

Roles of a statement about a claim (the counts on the Claims page):
  * asserting  - stance ``asserts`` from a named or unnamed source, citing no outlet;
  * relaying   - stance ``asserts`` but passed on: it cites an outlet ("as reported by X") or it
                 is the article's own outlet speaking ("reportedly", "allegedly");
  * denying    - stance ``denies`` (a source) or ``disputes`` (the article's own voice);
  * no comment - stance ``no_comment`` (declined to comment, stayed silent).
Sources are counted once per claim and role (the node a statement is BY, else the statement).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.roles import ROLES, contested, role_cypher, role_of, time_key
from kg.store.base import GraphStore
from ontology import L, checked, vocabulary

PHASES: tuple[str, ...] = ("first_report", "repeat", "denial", "silence")
SOURCE_LABELS: tuple[str, ...] = (L.Entity, L.Outlet, L.Source)
GRAPH_LABELS: tuple[str, ...] = (L.Claim, L.Statement, L.Article, L.Outlet, L.Source, L.Entity)

# A statement's role, given variables s (Statement) and cited_ids (the outlets it cites).
_ROLE = role_cypher("s", "cited_ids")

COUNTS = checked(
    """OPTIONAL MATCH (a:Article) WITH count(a) AS articles
OPTIONAL MATCH (o:Outlet) WITH articles, count(o) AS outlets
OPTIONAL MATCH (e:Entity) WITH articles, outlets, count(e) AS entities
OPTIONAL MATCH (c:Claim) WITH articles, outlets, entities, count(c) AS claims
OPTIONAL MATCH (s:Statement) WITH articles, outlets, entities, claims, count(s) AS statements
OPTIONAL MATCH (x:Source)
RETURN articles, outlets, entities, claims, statements, count(x) AS sources"""
)

# The claims a page may show. Each filter is a test on the claim itself or a pattern from it, so nothing
# is aggregated before the page is cut; a template holds only the filters given (FalkorDB would
# evaluate every pattern of ``$x = '' OR pattern`` on every claim).
CLAIM_FILTERS: dict[str, str] = {
    "search": "toLower(c.text) CONTAINS toLower($q)",
    "entity": "(c)-[:INVOLVES|SUBJECT|OBJECT]->(:Entity {id: $entity})",
    "stance": "(c)<-[:ABOUT]-(:Statement {stance: $stance})",
    "outlet": "((c)<-[:ABOUT]-(:Statement)-[:CITES]->(:Outlet {id: $outlet})"
    " OR (c)<-[:ABOUT]-(:Statement)<-[:CONTAINS]-(:Article)-[:PUBLISHED_BY]->(:Outlet {id: $outlet}))",
    # hedged: the claim's text, or any statement about it, carries a hedge (``hedged=True``); unhedged: neither
    "hedged": "(coalesce(c.hedged, false) OR (c)<-[:ABOUT]-(:Statement {hedged: true}))",
    "unhedged": "NOT coalesce(c.hedged, false) AND NOT (c)<-[:ABOUT]-(:Statement {hedged: true})",
}

# After the filters: the page, most statements first, cut on the count the writer keeps on each claim
# (``statements``); only the page's claims are then expanded into roles, outlets and entities, so a
# page costs the same on a small graph and a large one (#17).
_CLAIM_PAGE = f"""WITH c ORDER BY coalesce(c.statements, 0) DESC, c.text, c.id SKIP $skip LIMIT $limit
OPTIONAL MATCH (c)-[:INVOLVES|SUBJECT|OBJECT]->(e:Entity)
WITH c, collect(DISTINCT e.id) AS entity_ids, collect(DISTINCT e.name) AS entities
OPTIONAL MATCH (s:Statement)-[:ABOUT]->(c)
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
OPTIONAL MATCH (s)-[:BY]->(src)
OPTIONAL MATCH (s)-[:CITES]->(cited:Outlet)
WITH c, entity_ids, entities, s, a, o, src, collect(DISTINCT cited.id) AS cited_ids
WITH c, entity_ids, entities, s, a, o, cited_ids, coalesce(src.id, s.id) AS who, {_ROLE} AS role
WITH c, entity_ids, entities,
  collect(DISTINCT o.id) AS published_ids,
  collect(cited_ids) AS cited_lists,
  collect(DISTINCT o.name) AS outlets,
  collect(DISTINCT s.stance) AS stances,
  collect(DISTINCT coalesce(s.hedged, false)) AS hedged_seen,
  collect(DISTINCT CASE WHEN role = 'asserting' THEN who END) AS asserting_ids,
  collect(DISTINCT CASE WHEN role = 'relaying' THEN who END) AS relaying_ids,
  collect(DISTINCT CASE WHEN role = 'denying' THEN who END) AS denying_ids,
  collect(DISTINCT CASE WHEN role = 'no_comment' THEN who END) AS no_comment_ids,
  count(DISTINCT a) AS n_articles, count(DISTINCT s) AS n_statements
RETURN c.id AS id, c.text AS text, coalesce(c.hedged, false) OR true IN hedged_seen AS hedged, entities, outlets,
  size(asserting_ids) AS asserting, size(relaying_ids) AS relaying, size(denying_ids) AS denying,
  size(no_comment_ids) AS no_comment, n_articles AS articles, n_statements AS statements,
  entity_ids, stances, published_ids, cited_lists, coalesce(c.statements, 0) AS rank
ORDER BY rank DESC, text, id"""

FilterKeys = frozenset[str]
FILTER_SETS: list[FilterKeys] = [
    frozenset({k for i, k in enumerate(("search", "entity", "stance", "outlet")) if mask >> i & 1} | hedged)
    for mask in range(16)
    for hedged in (set(), {"hedged"}, {"unhedged"})
]


# The filter a template starts from when it is given, first one first (an index lookup instead of a scan of
# every claim).
_ANCHORS: dict[str, str] = {
    "entity": "MATCH (:Entity {id: $entity})<-[:INVOLVES|SUBJECT|OBJECT]-(c:Claim)\nWITH DISTINCT c\n",
    # a statement citing the outlet is about c; an article it published contains one that is
    "outlet": "MATCH (:Outlet {id: $outlet})<-[:CITES|PUBLISHED_BY]-(x)-[:CONTAINS|ABOUT*1..2]->(c:Claim)\n"
    "WITH DISTINCT c\n",
    "stance": "MATCH (s0:Statement) WHERE s0.stance = $stance\nMATCH (s0)-[:ABOUT]->(c:Claim)\nWITH DISTINCT c\n",
}


def _claim_filter(keys: FilterKeys) -> str:
    anchor = next((key for key in _ANCHORS if key in keys), None)
    tests = [test for key, test in CLAIM_FILTERS.items() if key in keys and key != anchor]
    where = "WHERE " + "\n  AND ".join(tests) + "\n" if tests else ""
    return (_ANCHORS[anchor] if anchor else "MATCH (c:Claim)\n") + where


# one template per set of filters given: a page, and how many claims pass (with no filter, the label count)
CLAIMS: dict[FilterKeys, str] = {keys: checked(_claim_filter(keys) + _CLAIM_PAGE) for keys in FILTER_SETS}
CLAIMS_COUNT: dict[FilterKeys, str] = {
    keys: checked(_claim_filter(keys) + "RETURN count(c) AS n") for keys in FILTER_SETS
}

ENTITY_OPTIONS = checked(
    """MATCH (c:Claim)-[:INVOLVES|SUBJECT|OBJECT]->(e:Entity)
WITH e, count(DISTINCT c) AS claims
RETURN e.id AS id, e.name AS name, e.type AS type, claims
ORDER BY claims DESC, e.name LIMIT $limit"""
)

OUTLET_OPTIONS = checked("MATCH (o:Outlet) RETURN o.id AS id, o.name AS name ORDER BY o.name")

CLAIM = checked(
    """MATCH (c:Claim {id: $id})
OPTIONAL MATCH (c)-[r:INVOLVES|SUBJECT|OBJECT]->(e:Entity)
RETURN c.id AS id, c.text AS text, coalesce(c.hedged, false) AS hedged,
  collect(DISTINCT {role: type(r), id: e.id, name: e.name, type: e.type}) AS entities"""
)

PROVENANCE = checked(
    """MATCH (s:Statement)-[:ABOUT]->(c:Claim {id: $id})
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
OPTIONAL MATCH (s)-[:BY]->(src)
OPTIONAL MATCH (s)-[:CITES]->(cited:Outlet)
WITH s, a, o, src, collect(DISTINCT {id: cited.id, name: cited.name}) AS cited
RETURN s.id AS id, s.stance AS stance, s.cue AS cue, s.cue_start AS cue_start, s.cue_end AS cue_end,
  coalesce(s.hedges, []) AS hedges, coalesce(s.hedged, false) AS hedged, s.sentence AS sentence,
  s.start AS start, s.end AS end, s.content AS content, s.content_start AS content_start,
  s.content_end AS content_end, s.source_text AS source_text, s.type AS source_kind,
  src.id AS source_id, src.name AS source_name, labels(src) AS source_labels,
  a.id AS article_id, a.title AS title, a.uri AS uri, coalesce(a.published, '') AS published, a.seq AS seq,
  coalesce(o.name, a.name, '') AS outlet, o.id AS outlet_id, cited"""
)

OUTLETS = checked(
    """MATCH (o:Outlet)
OPTIONAL MATCH (a:Article)-[:PUBLISHED_BY]->(o)
WITH o, count(DISTINCT a) AS articles
OPTIONAL MATCH (c:Statement)-[:CITES]->(o)
WITH o, articles, count(DISTINCT c) AS cited
OPTIONAL MATCH (s:Statement)-[:BY]->(o)
RETURN o.id AS id, o.name AS name, articles, cited, count(DISTINCT s) AS statements,
  sum(CASE WHEN s.stance = 'asserts' THEN 1 ELSE 0 END) AS asserts,
  sum(CASE WHEN s.stance IN ['denies', 'disputes'] THEN 1 ELSE 0 END) AS denies,
  sum(CASE WHEN s.stance = 'no_comment' THEN 1 ELSE 0 END) AS no_comment
ORDER BY articles + statements + cited DESC, o.name"""
)


def _speaker_query(label: str) -> str:
    return checked(
        f"""MATCH (s:Statement)-[:BY]->(x:{label})
OPTIONAL MATCH (s)-[:ABOUT]->(c:Claim)
RETURN x.id AS id, x.name AS name, labels(x) AS labels, count(DISTINCT s) AS statements,
  count(DISTINCT c) AS claims,
  sum(CASE WHEN s.stance = 'asserts' THEN 1 ELSE 0 END) AS asserts,
  sum(CASE WHEN s.stance IN ['denies', 'disputes'] THEN 1 ELSE 0 END) AS denies,
  sum(CASE WHEN s.stance = 'no_comment' THEN 1 ELSE 0 END) AS no_comment
ORDER BY statements DESC, name LIMIT $limit"""
    )


SPEAKERS: dict[str, str] = {label: _speaker_query(label) for label in (L.Entity, L.Source)}


def _statements_by_query(label: str) -> str:
    return checked(
        f"""MATCH (s:Statement)-[:BY]->(x:{label} {{id: $id}})
OPTIONAL MATCH (s)-[:ABOUT]->(c:Claim)
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
RETURN s.id AS id, s.stance AS stance, s.cue AS cue, coalesce(s.hedges, []) AS hedges, s.sentence AS sentence,
  s.start AS start, s.end AS end, c.id AS claim_id, c.text AS claim_text,
  a.id AS article_id, a.title AS title, a.uri AS uri, coalesce(a.published, '') AS published, a.seq AS seq,
  coalesce(o.name, a.name, '') AS outlet
ORDER BY published, seq LIMIT $limit"""
    )


STATEMENTS_BY: dict[str, str] = {label: _statements_by_query(label) for label in SOURCE_LABELS}

STATEMENTS_BY_STANCE = checked(
    """MATCH (s:Statement)-[:ABOUT]->(c:Claim)
WHERE s.stance = $stance
OPTIONAL MATCH (s)-[:BY]->(src)
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
RETURN s.id AS id, coalesce(src.name, s.source_text, '') AS who, src.id AS who_id, labels(src) AS who_labels,
  c.id AS claim_id, c.text AS claim_text, s.cue AS cue, s.sentence AS sentence, s.start AS start, s.end AS end,
  a.id AS article_id, a.title AS title, a.uri AS uri, coalesce(a.published, '') AS published, a.seq AS seq,
  coalesce(o.name, a.name, '') AS outlet
ORDER BY published, seq LIMIT $limit"""
)

ARTICLE_TEXT = checked(
    """MATCH (a:Article {id: $id})
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
RETURN a.id AS id, a.title AS title, a.uri AS uri, coalesce(a.published, '') AS published,
  coalesce(o.name, a.name, '') AS outlet, a.text AS text, coalesce(a.author, '') AS author"""
)

NODE_OPTIONS: dict[str, str] = {
    L.Claim: checked("MATCH (n:Claim) RETURN n.id AS id, n.text AS name ORDER BY n.text LIMIT $limit"),
    L.Entity: checked("MATCH (n:Entity) RETURN n.id AS id, n.name AS name ORDER BY n.name LIMIT $limit"),
    L.Outlet: checked("MATCH (n:Outlet) RETURN n.id AS id, n.name AS name ORDER BY n.name LIMIT $limit"),
    L.Source: checked("MATCH (n:Source) RETURN n.id AS id, n.name AS name ORDER BY n.name LIMIT $limit"),
    L.Article: checked(
        "MATCH (n:Article) RETURN n.id AS id, coalesce(n.title, n.id) AS name ORDER BY name LIMIT $limit"
    ),
}

_NODE_FIELDS = "coalesce(m.title, m.name, m.text, m.cue, m.id) AS name, m.stance AS stance, m.sentence AS sentence"


def _neighbour_query(label: str, outgoing: bool) -> str:
    pattern = "(n)-[r]->(m)" if outgoing else "(n)<-[r]-(m)"
    return checked(
        f"""MATCH (n:{label} {{id: $id}})
MATCH {pattern}
RETURN m.id AS id, labels(m) AS labels, {_NODE_FIELDS}, type(r) AS rel, r.role AS role, r.sentence AS evidence
LIMIT $limit"""
    )


NEIGHBOURS: dict[tuple[str, bool], str] = {
    (label, out): _neighbour_query(label, out) for label in GRAPH_LABELS for out in (True, False)
}

NODE = {
    label: checked(
        f"""MATCH (m:{label} {{id: $id}})
RETURN m.id AS id, labels(m) AS labels, {_NODE_FIELDS}"""
    )
    for label in GRAPH_LABELS
}

TOP_SPEAKERS = checked(
    """MATCH (s:Statement)-[:BY]->(x)
WHERE NOT x:Source
RETURN x.name AS name, count(s) AS statements ORDER BY statements DESC, name LIMIT $limit"""
)

TOP_ENTITIES = checked(
    """MATCH (a:Article)-[m:MENTIONS]->(e:Entity)
RETURN e.name AS name, e.type AS type, count(DISTINCT a) AS articles, sum(m.count) AS mentions
ORDER BY articles DESC, mentions DESC, name LIMIT $limit"""
)

_ALL: dict[str, str] = {
    "counts": COUNTS,
    **{f"claims:{'+'.join(sorted(k)) or 'all'}": q for k, q in CLAIMS.items()},
    **{f"claims_count:{'+'.join(sorted(k)) or 'all'}": q for k, q in CLAIMS_COUNT.items()},
    "entity_options": ENTITY_OPTIONS,
    "outlet_options": OUTLET_OPTIONS,
    "claim": CLAIM,
    "provenance": PROVENANCE,
    "outlets": OUTLETS,
    "statements_by_stance": STATEMENTS_BY_STANCE,
    "article_text": ARTICLE_TEXT,
    "top_speakers": TOP_SPEAKERS,
    "top_entities": TOP_ENTITIES,
    **{f"speakers:{k}": q for k, q in SPEAKERS.items()},
    **{f"statements_by:{k}": q for k, q in STATEMENTS_BY.items()},
    **{f"node_options:{k}": q for k, q in NODE_OPTIONS.items()},
    **{f"neighbours:{k[0]}:{'out' if k[1] else 'in'}": q for k, q in NEIGHBOURS.items()},
    **{f"node:{k}": q for k, q in NODE.items()},
}


def lint_statements(dialect: Any = None) -> list[tuple[str, str]]:
    """Every statement this module can send (none differs per dialect)."""
    return list(_ALL.items())


# ---------------------------------------------------------------- records


@dataclass
class StoreCounts:
    articles: int = 0
    outlets: int = 0
    entities: int = 0
    claims: int = 0
    statements: int = 0
    sources: int = 0

    @property
    def empty(self) -> bool:
        return self.articles == 0


@dataclass
class ClaimRow:
    id: str
    text: str
    hedged: bool
    entities: list[str]
    outlets: list[str]
    asserting: int
    relaying: int
    denying: int
    no_comment: int
    articles: int
    statements: int
    entity_ids: list[str] = field(default_factory=list)
    outlet_ids: list[str] = field(default_factory=list)  # publishing and cited outlets
    stances: list[str] = field(default_factory=list)

    @property
    def contested(self) -> bool:
        return contested({"asserting": self.asserting, "relaying": self.relaying, "denying": self.denying})


@dataclass
class Option:
    id: str
    name: str
    detail: str = ""


@dataclass
class ClaimInfo:
    id: str
    text: str
    hedged: bool
    subjects: list[Option] = field(default_factory=list)
    objects: list[Option] = field(default_factory=list)
    entities: list[Option] = field(default_factory=list)


@dataclass
class Step:
    """One statement about a claim, placed on the provenance timeline."""

    phase: str  # first_report | repeat | denial | silence
    role: str  # asserting | relaying | denying | no_comment
    id: str
    stance: str
    cue: str
    hedges: list[str]
    sentence: str
    start: int
    end: int
    cue_start: int
    cue_end: int
    content: str
    content_start: int
    content_end: int
    source: str  # display name of who made the statement
    source_id: str | None
    source_kind: str  # Person, Organization, Outlet, unnamed source, ...
    article_id: str
    title: str
    uri: str
    published: str
    seq: int
    outlet: str
    cited: list[Option] = field(default_factory=list)

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)

    def sentence_marks(self) -> list[tuple[int, int, str]]:
        """(start, end, kind) of the cue and the content inside ``sentence`` (offsets relative to it)."""
        marks = []
        for a, b, kind in ((self.cue_start, self.cue_end, "cue"), (self.content_start, self.content_end, "content")):
            if a is not None and b is not None and self.start <= a < b <= self.end:
                marks.append((a - self.start, b - self.start, kind))
        return sorted(marks)


@dataclass
class PrimarySource:
    name: str
    kind: str  # outlet cited | named source | unnamed source
    id: str | None = None
    steps: int = 0


@dataclass
class Provenance:
    claim: ClaimInfo
    steps: list[Step]
    primary_sources: list[PrimarySource]

    def phase(self, name: str) -> list[Step]:
        return [s for s in self.steps if s.phase == name]

    @property
    def role_counts(self) -> dict[str, int]:
        """Statements per role (``kg.roles.ROLES``)."""
        return {r: sum(1 for s in self.steps if s.role == r) for r in ROLES}

    @property
    def contested(self) -> bool:
        return contested(self.role_counts)


@dataclass
class SourceRow:
    id: str
    name: str
    kind: str
    label: str  # the label to look its statements up by (Entity, Outlet, Source)
    statements: int
    asserts: int
    denies: int
    no_comment: int
    claims: int = 0
    articles: int = 0
    cited: int = 0


@dataclass
class SourceStatement:
    id: str
    stance: str
    cue: str
    hedges: list[str]
    sentence: str
    start: int
    end: int
    claim_id: str | None
    claim_text: str
    article_id: str
    title: str
    uri: str
    published: str
    outlet: str
    who: str = ""
    who_id: str | None = None


@dataclass
class ArticleContext:
    id: str
    title: str
    uri: str
    published: str
    outlet: str
    before: str
    sentence: str
    after: str


@dataclass
class GraphNode:
    id: str
    label: str  # the ontology label used to look it up (Claim, Statement, Article, Outlet, Source, Entity)
    kind: str  # what to colour it by: an entity type (Person, ...) or the label
    name: str
    stance: str = ""
    sentence: str = ""


@dataclass
class GraphEdge:
    source: str
    target: str
    type: str
    role: str = ""  # an entity relation's role ("spokesman"), when stated
    evidence: str = ""  # an entity relation's evidence sentence


@dataclass
class Subgraph:
    nodes: dict[str, GraphNode] = field(default_factory=dict)
    edges: list[GraphEdge] = field(default_factory=list)

    def merge(self, other: Subgraph) -> None:
        for node in other.nodes.values():
            self.nodes.setdefault(node.id, node)
        seen = {(e.source, e.target, e.type) for e in self.edges}
        for e in other.edges:
            if (e.source, e.target, e.type) not in seen:
                seen.add((e.source, e.target, e.type))
                self.edges.append(e)


# ---------------------------------------------------------------- helpers


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _kind(labels: list[str] | None) -> tuple[str, str]:
    """(lookup label, display kind) for a node's labels."""
    labels = list(labels or [])
    entity_types = set(vocabulary().entity_types)
    for label in (L.Claim, L.Statement, L.Article, L.Outlet, L.Source):
        if label in labels:
            return label, label
    for label in labels:
        if label in entity_types:
            return L.Entity, label
    return (L.Entity, L.Entity) if L.Entity in labels else ("", labels[0] if labels else "")


def _source_kind(labels: list[str] | None, statement_kind: str | None) -> str:
    label, kind = _kind(labels)
    if label == L.Source or (not label and statement_kind == "anonymous"):
        return "unnamed source"
    if not label and statement_kind == "outlet":
        return "the article's outlet"
    if kind:
        return kind
    return "unnamed source" if statement_kind == "anonymous" else "unknown"


def _unnamed(statement_kind: str | None, outlet: str | None) -> str:
    if statement_kind == "outlet":
        return outlet or "the publishing outlet"
    return "unnamed source"


# ---------------------------------------------------------------- read models


def store_counts(store: GraphStore) -> StoreCounts:
    rows = store.query(COUNTS)
    if not rows:
        return StoreCounts()
    r = rows[0]
    return StoreCounts(**{k: _int(r.get(k)) for k in StoreCounts.__dataclass_fields__})


def _claim_row(r: dict[str, Any]) -> ClaimRow:
    return ClaimRow(
        id=r["id"],
        text=r["text"] or "",
        hedged=bool(r["hedged"]),
        entities=sorted(x for x in (r["entities"] or []) if x),
        outlets=sorted(x for x in (r["outlets"] or []) if x),
        asserting=_int(r["asserting"]),
        relaying=_int(r["relaying"]),
        denying=_int(r["denying"]),
        no_comment=_int(r["no_comment"]),
        articles=_int(r["articles"]),
        statements=_int(r["statements"]),
        entity_ids=[x for x in (r["entity_ids"] or []) if x],
        outlet_ids=sorted(
            {x for x in (r["published_ids"] or []) if x}
            | {x for lst in (r["cited_lists"] or []) for x in (lst or []) if x}
        ),
        stances=[x for x in (r["stances"] or []) if x],
    )


def _claim_filters(search: str, entity: str, outlet: str, stance: str, hedged: bool | None) -> dict[str, Any]:
    """The filter parameters ``CLAIMS`` and ``CLAIMS_COUNT`` share (an empty string means no filter)."""
    return {
        "q": (search or "").strip(),
        "entity": entity or "",
        "outlet": outlet or "",
        "stance": stance or "",
        "hedged": hedged,
    }


HEDGED_KEYS: dict[bool | None, set[str]] = {None: set(), True: {"hedged"}, False: {"unhedged"}}


def _claim_query(templates: dict[FilterKeys, str], params: dict[str, Any]) -> str:
    """The template holding exactly the filters ``params`` gives."""
    given = {"search": params["q"], "entity": params["entity"], "stance": params["stance"], "outlet": params["outlet"]}
    keys = {k for k, v in given.items() if v} | HEDGED_KEYS[params["hedged"]]
    return templates[frozenset(keys)]


def list_claims(
    store: GraphStore,
    *,
    search: str = "",
    entity: str = "",
    outlet: str = "",
    stance: str = "",
    hedged: bool | None = None,
    limit: int = 200,
    skip: int = 0,
) -> list[ClaimRow]:
    """Claims with their source counts per role, those with most statements first; every filter optional."""
    params = {**_claim_filters(search, entity, outlet, stance, hedged), "limit": int(limit), "skip": int(skip)}
    return [_claim_row(r) for r in store.query(_claim_query(CLAIMS, params), params)]


def count_claims(
    store: GraphStore,
    *,
    search: str = "",
    entity: str = "",
    outlet: str = "",
    stance: str = "",
    hedged: bool | None = None,
) -> int:
    """How many claims ``list_claims`` would list with these filters (counted in the store)."""
    params = _claim_filters(search, entity, outlet, stance, hedged)
    rows = store.query(_claim_query(CLAIMS_COUNT, params), params)
    return _int(rows[0].get("n")) if rows else 0


def filter_claims(
    rows: list[ClaimRow],
    *,
    search: str = "",
    entity: str = "",
    outlet: str = "",
    stance: str = "",
    hedged: bool | None = None,
) -> list[ClaimRow]:
    """The same filters as ``list_claims``, applied to rows already read (the app caches them per graph version)."""
    needle = (search or "").strip().casefold()
    return [
        r
        for r in rows
        if (not needle or needle in r.text.casefold())
        and (not entity or entity in r.entity_ids)
        and (not outlet or outlet in r.outlet_ids)
        and (not stance or stance in r.stances)
        and (hedged is None or r.hedged == hedged)
    ]


def entity_options(store: GraphStore, limit: int = 500) -> list[Option]:
    """Entities that claims involve, most-involved first (for the Claims filter)."""
    return [
        Option(r["id"], r["name"] or r["id"], f"{r['type'] or ''} · {_int(r['claims'])} claims")
        for r in store.query(ENTITY_OPTIONS, {"limit": limit})
    ]


def outlet_options(store: GraphStore) -> list[Option]:
    return [Option(r["id"], r["name"] or r["id"]) for r in store.query(OUTLET_OPTIONS)]


def claim_info(store: GraphStore, claim_id: str) -> ClaimInfo | None:
    rows = store.query(CLAIM, {"id": claim_id})
    if not rows or rows[0].get("id") is None:
        return None
    r = rows[0]
    info = ClaimInfo(r["id"], r["text"] or "", bool(r["hedged"]))
    seen: set[tuple[str, str]] = set()
    for e in r["entities"] or []:
        if not e or not e.get("id") or (e["role"], e["id"]) in seen:
            continue
        seen.add((e["role"], e["id"]))
        opt = Option(e["id"], e.get("name") or e["id"], e.get("type") or "")
        {"SUBJECT": info.subjects, "OBJECT": info.objects}.get(e["role"], info.entities).append(opt)
    return info


def provenance(store: GraphStore, claim_id: str) -> Provenance | None:
    """A claim's timeline: first report -> repeats -> denials -> silence, with its primary sources."""
    info = claim_info(store, claim_id)
    if info is None:
        return None
    steps: list[Step] = []
    for r in store.query(PROVENANCE, {"id": claim_id}):
        cited = [Option(c["id"], c.get("name") or c["id"]) for c in (r["cited"] or []) if c and c.get("id")]
        stance = r["stance"] or "asserts"
        kind = _source_kind(r["source_labels"], r["source_kind"])
        steps.append(
            Step(
                phase="",
                role=role_of(stance, bool(cited), r["source_kind"]),
                id=r["id"],
                stance=stance,
                cue=r["cue"] or "",
                hedges=list(r["hedges"] or []),
                sentence=r["sentence"] or "",
                start=_int(r["start"], -1),
                end=_int(r["end"], -1),
                cue_start=_int(r["cue_start"], -1),
                cue_end=_int(r["cue_end"], -1),
                content=r["content"] or "",
                content_start=_int(r["content_start"], -1),
                content_end=_int(r["content_end"], -1),
                source=r["source_name"] or r["source_text"] or _unnamed(r["source_kind"], r["outlet"]),
                source_id=r["source_id"],
                source_kind=kind,
                article_id=r["article_id"] or "",
                title=r["title"] or "",
                uri=r["uri"] or "",
                published=r["published"] or "",
                seq=_int(r["seq"]),
                outlet=r["outlet"] or "",
                cited=cited,
            )
        )
    order = {"asserting": 0, "relaying": 0, "denying": 1, "no_comment": 2}
    steps.sort(key=lambda s: (*time_key(s.published, s.seq), s.start))
    first_done = False
    for step in steps:
        if step.role in ("asserting", "relaying"):
            step.phase = "repeat" if first_done else "first_report"
            first_done = True
        else:
            step.phase = "denial" if step.role == "denying" else "silence"
    steps.sort(key=lambda s: (PHASES.index(s.phase), order[s.role], *time_key(s.published, s.seq), s.start))
    return Provenance(info, steps, _primary_sources(steps))


def _primary_sources(steps: list[Step]) -> list[PrimarySource]:
    """Who the claim traces back to: outlets that others cite, and the sources that assert it first-hand."""
    found: dict[str, PrimarySource] = {}
    for step in steps:
        if step.role not in ("asserting", "relaying"):
            continue
        for c in step.cited:
            p = found.setdefault(f"cited:{c.id}", PrimarySource(c.name, "outlet cited", c.id))
            p.steps += 1
        if step.role == "asserting":
            kind = "unnamed source" if step.source_kind == "unnamed source" else f"named source ({step.source_kind})"
            key = f"src:{step.source_id or step.source.casefold()}"
            p = found.setdefault(key, PrimarySource(step.source, kind, step.source_id))
            p.steps += 1
    return sorted(found.values(), key=lambda p: (-p.steps, p.name.casefold()))


def outlets(store: GraphStore) -> list[SourceRow]:
    return [
        SourceRow(
            id=r["id"],
            name=r["name"] or r["id"],
            kind=L.Outlet,
            label=L.Outlet,
            statements=_int(r["statements"]),
            asserts=_int(r["asserts"]),
            denies=_int(r["denies"]),
            no_comment=_int(r["no_comment"]),
            articles=_int(r["articles"]),
            cited=_int(r["cited"]),
        )
        for r in store.query(OUTLETS)
    ]


def speakers(store: GraphStore, limit: int = 500) -> list[SourceRow]:
    """People, organisations and unnamed sources that made statements, most active first."""
    rows: list[SourceRow] = []
    for label, query in SPEAKERS.items():
        for r in store.query(query, {"limit": limit}):
            _, kind = _kind(r["labels"])
            rows.append(
                SourceRow(
                    id=r["id"],
                    name=r["name"] or r["id"],
                    kind="unnamed source" if label == L.Source else kind,
                    label=label,
                    statements=_int(r["statements"]),
                    asserts=_int(r["asserts"]),
                    denies=_int(r["denies"]),
                    no_comment=_int(r["no_comment"]),
                    claims=_int(r["claims"]),
                )
            )
    rows.sort(key=lambda s: (-s.statements, s.name.casefold()))
    return rows[:limit]


def _statement(r: dict[str, Any]) -> SourceStatement:
    return SourceStatement(
        id=r["id"],
        stance=r.get("stance") or "",
        cue=r["cue"] or "",
        hedges=list(r.get("hedges") or []),
        sentence=r["sentence"] or "",
        start=_int(r["start"], -1),
        end=_int(r["end"], -1),
        claim_id=r["claim_id"],
        claim_text=r["claim_text"] or "",
        article_id=r["article_id"] or "",
        title=r["title"] or "",
        uri=r["uri"] or "",
        published=r["published"] or "",
        outlet=r["outlet"] or "",
        who=r.get("who") or "",
        who_id=r.get("who_id"),
    )


def statements_by(store: GraphStore, label: str, source_id: str, limit: int = 500) -> list[SourceStatement]:
    """Everything one source said, in time order."""
    if label not in STATEMENTS_BY:
        raise ValueError(f"not a source label: {label!r}")
    rows = [_statement(r) for r in store.query(STATEMENTS_BY[label], {"id": source_id, "limit": limit})]
    rows.sort(key=lambda s: time_key(s.published, 0))
    return rows


def statements_with_stance(store: GraphStore, stance: str, limit: int = 500) -> list[SourceStatement]:
    """Who denied (or declined to comment on) what."""
    out = []
    for r in store.query(STATEMENTS_BY_STANCE, {"stance": stance, "limit": limit}):
        st = _statement({**r, "stance": stance})
        out.append(st)
    return out


def denials(store: GraphStore, limit: int = 500) -> list[SourceStatement]:
    return statements_with_stance(store, "denies", limit)


def article_context(
    store: GraphStore, article_id: str, start: int, end: int, window: int = 200
) -> ArticleContext | None:
    """The evidence sentence with some article text either side, for highlighting."""
    rows = store.query(ARTICLE_TEXT, {"id": article_id})
    if not rows:
        return None
    r = rows[0]
    text = r["text"] or ""
    if not (0 <= start < end <= len(text)):
        before, sentence, after = "", "", ""
    else:
        lo = max(0, start - window)
        hi = min(len(text), end + window)
        if lo > 0:  # start and stop the context on word boundaries
            cut = text.find(" ", lo, start)
            lo = cut + 1 if cut >= 0 else lo
        if hi < len(text):
            cut = text.rfind(" ", end, hi)
            hi = cut if cut >= 0 else hi
        before = ("…" if lo > 0 else "") + text[lo:start]
        sentence = text[start:end]
        after = text[end:hi] + ("…" if hi < len(text) else "")
    return ArticleContext(
        r["id"], r["title"] or "", r["uri"] or "", r["published"] or "", r["outlet"] or "", before, sentence, after
    )


@dataclass
class ArticleText:
    id: str
    title: str
    uri: str
    published: str
    outlet: str
    text: str
    author: str = ""


def article(store: GraphStore, article_id: str) -> ArticleText | None:
    """One article with its full text (for the API's ``/articles/{id}``)."""
    rows = store.query(ARTICLE_TEXT, {"id": article_id})
    if not rows:
        return None
    r = rows[0]
    return ArticleText(
        r["id"], r["title"] or "", r["uri"] or "", r["published"] or "", r["outlet"] or "", r["text"] or "", r["author"]
    )


def node_options(store: GraphStore, label: str, limit: int = 2000) -> list[Option]:
    if label not in NODE_OPTIONS:
        raise ValueError(f"cannot list nodes of label {label!r}")
    return [Option(r["id"], r["name"] or r["id"]) for r in store.query(NODE_OPTIONS[label], {"limit": limit})]


def _graph_node(r: dict[str, Any]) -> GraphNode | None:
    if r.get("id") is None:
        return None
    label, kind = _kind(r["labels"])
    if not label:
        return None
    return GraphNode(
        id=str(r["id"]),
        label=label,
        kind=kind,
        name=str(r["name"] or r["id"]),
        stance=r.get("stance") or "",
        sentence=r.get("sentence") or "",
    )


def node(store: GraphStore, label: str, node_id: str) -> GraphNode | None:
    if label not in NODE:
        raise ValueError(f"not a graph label: {label!r}")
    rows = store.query(NODE[label], {"id": node_id})
    return _graph_node(rows[0]) if rows else None


def neighbourhood(store: GraphStore, label: str, node_id: str, limit: int = 60, depth: int = 1) -> Subgraph:
    """The node, its neighbours and the edges between them; ``depth=2`` also expands statements.

    Going through a Statement is how a claim reaches its sources and articles, so with depth 2
    only statements are expanded a second time, keeping the picture readable.
    """
    graph = Subgraph()
    centre = node(store, label, node_id)
    if centre is None:
        return graph
    graph.nodes[centre.id] = centre
    frontier = [centre]
    for level in range(depth):
        nxt: list[GraphNode] = []
        for n in frontier:
            for outgoing in (True, False):
                for r in store.query(NEIGHBOURS[(n.label, outgoing)], {"id": n.id, "limit": limit}):
                    m = _graph_node(r)
                    if m is None:
                        continue
                    if m.id not in graph.nodes:
                        graph.nodes[m.id] = m
                        nxt.append(m)
                    ends = (n.id, m.id) if outgoing else (m.id, n.id)
                    edge = GraphEdge(*ends, r["rel"], r.get("role") or "", r.get("evidence") or "")
                    graph.merge(Subgraph(edges=[edge]))
        frontier = [m for m in nxt if m.label == L.Statement] if level == 0 else nxt
    return graph


def top_speakers(store: GraphStore, limit: int = 3) -> list[str]:
    return [r["name"] for r in store.query(TOP_SPEAKERS, {"limit": limit}) if r["name"]]


def top_entities(store: GraphStore, limit: int = 3) -> list[Option]:
    return [
        Option(r["name"], r["name"], r["type"] or "") for r in store.query(TOP_ENTITIES, {"limit": limit}) if r["name"]
    ]
