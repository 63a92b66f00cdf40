"""The catalogue of parameterized, read-only Cypher templates used to answer questions.

Every template is plain Cypher in the subset FalkorDB and Neo4j share, checked against the
ontology, with user text only ever in parameters. Full-text templates differ per backend only in
their ``CALL`` line, so they are built from the store's dialect.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ontology import checked

# Expansions from one node that may be a hub (an outlet with thousands of articles, an entity every
# story mentions) stop after this many rows: the cost of a question does not grow with the corpus.
HUB_ROWS = 500

# Resolve an id list that may name entities, outlets or unnamed sources (all carry unique ``id`` indexes).
_ANY_NODE = """UNWIND $ids AS xid
OPTIONAL MATCH (xe:Entity {id: xid})
OPTIONAL MATCH (xo:Outlet {id: xid})
OPTIONAL MATCH (xs:Source {id: xid})
WITH coalesce(xe, xo, xs) AS x WHERE x IS NOT NULL"""

# Everything an evidence card needs about a statement ``s``: claim, source, article, outlet, cited outlets.
_EVIDENCE_TAIL = """OPTIONAL MATCH (s)-[:ABOUT]->(c:Claim)
OPTIONAL MATCH (s)-[:BY]->(src)
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
OPTIONAL MATCH (s)-[:CITES]->(cited:Outlet)
RETURN s.id AS sid, s.stance AS stance, s.sentence AS sentence, s.start AS start, s.end AS end,
  s.content AS content, s.cue AS cue, s.source_text AS source_text, s.hedged AS hedged, s.type AS source_kind,
  s.speaker AS speaker, c.id AS cid, c.text AS claim, src.id AS src_id, src.name AS src_name, labels(src) AS src_labels,
  a.id AS aid, a.title AS title, a.uri AS uri, a.published AS published, a.seq AS seq,
  a.name AS article_outlet, o.name AS outlet, collect(DISTINCT cited.name) AS cited"""

# The statements an answer rests on, by id (ids chosen by claim matching), filtered by stance.
STATEMENTS_BY_ID = checked(
    f"""UNWIND $statements AS sid
MATCH (s:Statement {{id: sid}})
WHERE s.stance IN $stances
WITH DISTINCT s
{_EVIDENCE_TAIL}"""
)

# What a source said or an outlet reported: statements BY it, relaying (CITES) it, or printed in its
# articles; each part stops at HUB_ROWS statements (the stance filter sits in a WITH so the planner
# starts from the node's id, never from the stance index).
STATEMENTS_BY_SOURCE = checked(
    f"""{_ANY_NODE}
MATCH (x)<-[:BY|CITES]-(s:Statement)
WITH s WHERE s.stance IN $stances
WITH DISTINCT s LIMIT {HUB_ROWS}
{_EVIDENCE_TAIL}
UNION
{_ANY_NODE}
MATCH (x)<-[:PUBLISHED_BY]-(:Article)-[:CONTAINS]->(s:Statement)
WITH s WHERE s.stance IN $stances
WITH DISTINCT s LIMIT {HUB_ROWS}
{_EVIDENCE_TAIL}"""
)

# Claims about an entity: statements about claims that involve it.
STATEMENTS_ABOUT_ENTITY = checked(
    f"""{_ANY_NODE}
MATCH (x)<-[:INVOLVES|SUBJECT|OBJECT]-(:Claim)<-[:ABOUT]-(s:Statement)
WITH s WHERE s.stance IN $stances
WITH DISTINCT s LIMIT {HUB_ROWS}
{_EVIDENCE_TAIL}"""
)

# The statements a claim question rests on: every statement about the matched claims, plus statements
# matched directly (full text) that carry no claim, filtered by stance.
STATEMENTS_FOR_MATCH = checked(
    f"""OPTIONAL MATCH (c0:Claim)<-[:ABOUT]-(s1:Statement)
WHERE c0.id IN $claims
WITH collect(DISTINCT s1) AS about_claims
OPTIONAL MATCH (s2:Statement)
WHERE s2.id IN $statements
WITH about_claims, collect(DISTINCT s2) AS direct
UNWIND about_claims + direct AS s
WITH DISTINCT s WHERE s.stance IN $stances
{_EVIDENCE_TAIL}"""
)

# The evidence of contested claims, at most $per_claim statements a claim (its disputing statements
# first, then the earliest): a claim asserted in hundreds of stories is not read whole, as its counts
# say how often it was asserted and denied.
CLAIM_EVIDENCE = checked(
    f"""UNWIND $claims AS cid
MATCH (c0:Claim {{id: cid}})<-[:ABOUT]-(s0:Statement)
OPTIONAL MATCH (a0:Article)-[:CONTAINS]->(s0)
WITH c0, s0 ORDER BY CASE WHEN s0.stance IN $disputing THEN 0 ELSE 1 END, a0.published, a0.seq
WITH c0, collect(s0)[0..$per_claim] AS kept
UNWIND kept AS s
WITH DISTINCT s
{_EVIDENCE_TAIL}"""
)

# Statements with one of the stances (who declined to comment, on anything): the stance index, the
# first $limit in store order (no sort over every such statement).
STATEMENTS_WITH_STANCE = checked(
    f"""MATCH (s:Statement)
WHERE s.stance IN $stances
WITH s LIMIT $limit
{_EVIDENCE_TAIL}"""
)

# Statements with a stance printed in articles that mention the entities ("who declined to comment on X":
# a no-comment sentence rarely repeats what it declines to comment on, its article does).
STANCE_IN_ARTICLES_MENTIONING = checked(
    f"""{_ANY_NODE}
MATCH (x)<-[:MENTIONS]-(:Article)-[:CONTAINS]->(s:Statement)
WITH s WHERE s.stance IN $stances
WITH DISTINCT s LIMIT $limit
{_EVIDENCE_TAIL}"""
)

# Statements with a stance in the articles of other statements (the ones a full-text search found).
STANCE_NEAR_STATEMENTS = checked(
    """UNWIND $statements AS hid
MATCH (h:Statement {id: hid})<-[:CONTAINS]-(:Article)-[:CONTAINS]->(s:Statement)
WITH hid, s WHERE s.stance IN $stances
RETURN hid, s.id AS sid
LIMIT $limit"""
)

# The entities the articles of some statements mention ("which company bought X": the names in those sentences).
ENTITIES_IN_ARTICLES = checked(
    """UNWIND $articles AS aid
MATCH (a:Article {id: aid})-[:MENTIONS]->(e:Entity)
RETURN a.id AS aid, e.id AS id, e.name AS name, e.aliases AS aliases, e.type AS type"""
)

# Which of the question's entities the candidates' articles mention (a pronoun in the sentence may stand for one).
ARTICLE_TOPICS = checked(
    """UNWIND $articles AS aid
MATCH (a:Article {id: aid})-[:MENTIONS]->(e)
WHERE e.id IN $ids
RETURN a.id AS aid, collect(DISTINCT e.id) AS ids"""
)

# Candidate claims that involve the linked entities (claim matching by entity overlap).
CANDIDATES_BY_ENTITY = checked(
    """UNWIND $ids AS eid
MATCH (:Entity {id: eid})<-[:INVOLVES|SUBJECT|OBJECT]-(c:Claim)
WITH DISTINCT c LIMIT $limit
MATCH (c)<-[:ABOUT]-(s:Statement)
RETURN s.id AS sid, c.id AS cid, c.text AS claim, s.content AS content, s.sentence AS sentence,
  s.stance AS stance, 0.0 AS score"""
)

# The articles that mention the question's nodes (bounded), in two orders.
_ARTICLES_OF = f"""{_ANY_NODE}
MATCH (x)<-[m:MENTIONS]-(a:Article)
WITH a, m LIMIT {HUB_ROWS}
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
WITH a, o, sum(m.count) AS mentions
RETURN a.id AS aid, a.title AS title, a.uri AS uri, a.published AS published, a.seq AS seq,
  a.name AS article_outlet, o.name AS outlet, a.text AS text, mentions"""
ARTICLES_MENTIONING = checked(f"{_ARTICLES_OF}\nORDER BY mentions DESC, a.seq ASC\nLIMIT $limit")

ARTICLES_TIMELINE = checked(f"{_ARTICLES_OF}\nORDER BY a.published ASC, a.seq ASC\nLIMIT $limit")

CO_MENTIONED = checked(
    f"""{_ANY_NODE}
MATCH (x)<-[:MENTIONS]-(a:Article)
WITH DISTINCT a LIMIT {HUB_ROWS}
MATCH (a)-[:MENTIONS]->(y)
WHERE NOT y.id IN $ids
WITH y, count(DISTINCT a) AS articles, collect(DISTINCT a.id) AS aids
RETURN y.id AS id, y.name AS name, labels(y) AS labels, articles, aids[0..3] AS aids
ORDER BY articles DESC, name ASC
LIMIT $limit"""
)

ARTICLES_BY_ID = checked(
    """UNWIND $articles AS aid
MATCH (a:Article {id: aid})
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
RETURN a.id AS aid, a.title AS title, a.uri AS uri, a.published AS published, a.seq AS seq,
  a.name AS article_outlet, o.name AS outlet, a.text AS text"""
)

# The opening of each article's text (whether an article carries a claim: its story is told up front).
# The length is clamped to the text's: FalkorDB reads past the end of a text with multi-byte characters
# when asked for more characters than it holds (undecodable bytes come back).
ARTICLE_OPENINGS = checked(
    """UNWIND $articles AS aid
MATCH (a:Article {id: aid})
RETURN a.id AS aid, substring(a.text, 0, CASE WHEN size(a.text) < $chars THEN size(a.text) ELSE $chars END) AS text"""
)

# Entity-to-entity relations of the given types touching the linked entities, in both directions (each
# direction stops at HUB_ROWS edges: an entity every story names has thousands).
RELATIONS = checked(
    f"""MATCH (x:Entity)-[r]->(y:Entity)
WHERE x.id IN $ids AND type(r) IN $types
RETURN x.id AS xid, x.name AS xname, type(r) AS rel, y.id AS yid, y.name AS yname, labels(y) AS ylabels,
  'out' AS dir, r.verb AS verb, r.sentence AS sentence, r.start AS start, r.end AS end, r.article AS aid
LIMIT {HUB_ROWS}
UNION ALL
MATCH (y:Entity)-[r]->(x:Entity)
WHERE x.id IN $ids AND type(r) IN $types
RETURN x.id AS xid, x.name AS xname, type(r) AS rel, y.id AS yid, y.name AS yname, labels(y) AS ylabels,
  'in' AS dir, r.verb AS verb, r.sentence AS sentence, r.start AS start, r.end AS end, r.article AS aid
LIMIT {HUB_ROWS}"""
)

# How two sets of entities are connected: direct relations, then shared claims, then shared articles.
DIRECT_RELATIONS = checked(
    f"""MATCH (x:Entity)-[r]->(y:Entity)
WHERE x.id IN $ids AND y.id IN $others
RETURN x.id AS xid, x.name AS xname, type(r) AS rel, y.id AS yid, y.name AS yname, labels(y) AS ylabels,
  'out' AS dir, r.verb AS verb, r.sentence AS sentence, r.start AS start, r.end AS end, r.article AS aid
LIMIT {HUB_ROWS}
UNION ALL
MATCH (x:Entity)-[r]->(y:Entity)
WHERE x.id IN $others AND y.id IN $ids
RETURN x.id AS xid, x.name AS xname, type(r) AS rel, y.id AS yid, y.name AS yname, labels(y) AS ylabels,
  'out' AS dir, r.verb AS verb, r.sentence AS sentence, r.start AS start, r.end AS end, r.article AS aid
LIMIT {HUB_ROWS}"""
)

SHARED_CLAIMS = checked(
    f"""UNWIND $ids AS xid
MATCH (:Entity {{id: xid}})<-[:INVOLVES|SUBJECT|OBJECT]-(c:Claim)-[:INVOLVES|SUBJECT|OBJECT]->(y:Entity)
WHERE y.id IN $others
MATCH (c)<-[:ABOUT]-(s:Statement)
RETURN DISTINCT s.id AS sid
LIMIT {HUB_ROWS}"""
)

# Statements by one entity about a claim involving the other (either way round).
SOURCE_CLAIMS = checked(
    f"""UNWIND $ids AS xid
MATCH (:Entity {{id: xid}})<-[:BY]-(s:Statement)-[:ABOUT]->(:Claim)-[:INVOLVES|SUBJECT|OBJECT]->(y:Entity)
WHERE y.id IN $others
RETURN DISTINCT s.id AS sid
LIMIT {HUB_ROWS}"""
)

SHARED_ARTICLES = checked(
    f"""{_ANY_NODE}
MATCH (x)<-[:MENTIONS]-(a:Article)-[:MENTIONS]->(y)
WHERE y.id IN $others
WITH DISTINCT a LIMIT {HUB_ROWS}
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
RETURN DISTINCT a.id AS aid, a.title AS title, a.uri AS uri, a.published AS published, a.seq AS seq,
  a.name AS article_outlet, o.name AS outlet, a.text AS text
ORDER BY a.seq ASC
LIMIT $limit"""
)

# Contested claims are ranked by the counts the writer keeps on each claim (``asserted``, ``disputed``:
# how many of its statements assert it, and deny or dispute it; ``argued``, their sum, only on a claim
# some statement disputes): the claims argued at least $floor times are read off the range index on
# ``argued`` and nothing is expanded. The caller lowers the floor until $limit claims come back, so the
# top $limit are exact (every claim not read is argued less than each one read). At 18,767 Reuters
# stories 164 claims' counts are read instead of the statements of 200 claims of the first 2,000 disputes.
_CONTESTED_COUNTED = """WITH c, c.asserted AS asserted, c.disputed AS denied, c.statements AS statements
WHERE denied > 0 AND (asserted > 0 OR $denied_only)
WITH c, asserted, denied, statements ORDER BY asserted + denied DESC, statements DESC, c.id ASC LIMIT $limit
RETURN c.id AS cid, c.text AS claim, asserted, denied, statements"""

CONTESTED = checked(
    f"""MATCH (c:Claim)
WHERE c.argued >= $floor
{_CONTESTED_COUNTED}"""
)


def _contested_about(rank: str) -> str:
    """Contested claims that involve the entities or that they spoke on (two bounded parts; the caller
    sorts), ranked by ``rank`` (the kept counts, or a tally)."""
    return checked(
        f"""{_ANY_NODE}
MATCH (x)<-[:INVOLVES|SUBJECT|OBJECT]-(c:Claim)
WITH DISTINCT c LIMIT {HUB_ROWS}
{rank}
UNION
{_ANY_NODE}
MATCH (x)<-[:BY]-(:Statement)-[:ABOUT]->(c:Claim)
WITH DISTINCT c LIMIT {HUB_ROWS}
{rank}"""
    )


CONTESTED_ABOUT = _contested_about(_CONTESTED_COUNTED)

# Whether the writer kept those counts: the claims of a few disputing statements carry them (a graph
# stored before it did has none until ``kg drift`` counts them; the questions then tally the old way).
CONTESTED_COUNTS_KEPT = checked(
    """MATCH (d:Statement)
WHERE d.stance IN $disputing
WITH d LIMIT 20
MATCH (d)-[:ABOUT]->(c:Claim)
RETURN count(c) AS claims, count(c.argued) AS counted"""
)

# The old way, for a graph without the counts: from the disputing statements (the stance index), the
# first DISPUTES_SCANNED of them; of their claims, the CONTESTED_TALLIED with the most statements (the
# claim's own count) are tallied: asserted + denied never exceeds it.
DISPUTES_SCANNED = 2000
CONTESTED_TALLIED = 200
_CONTESTED_TALLY = """MATCH (c)<-[:ABOUT]-(s:Statement)
WITH c, sum(CASE WHEN s.stance = $asserts THEN 1 ELSE 0 END) AS asserted,
  sum(CASE WHEN s.stance IN $disputing THEN 1 ELSE 0 END) AS denied, count(s) AS statements
WHERE denied > 0 AND (asserted > 0 OR $denied_only)
RETURN c.id AS cid, c.text AS claim, asserted, denied, statements
ORDER BY asserted + denied DESC, statements DESC
LIMIT $limit"""

CONTESTED_UNCOUNTED = checked(
    f"""MATCH (d:Statement)
WHERE d.stance IN $disputing
WITH d LIMIT {DISPUTES_SCANNED}
MATCH (d)-[:ABOUT]->(c:Claim)
WITH DISTINCT c
WITH c ORDER BY c.statements DESC LIMIT {CONTESTED_TALLIED}
{_CONTESTED_TALLY}"""
)

CONTESTED_ABOUT_UNCOUNTED = _contested_about(_CONTESTED_TALLY)

# Name tables for linking question mentions to graph nodes (cached per store, see linking.py).
ENTITY_NAMES = checked(
    "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.norm AS norm, e.aliases AS aliases, e.type AS type"
)
SOURCE_NAMES = checked("MATCH (x:Source) RETURN x.id AS id, x.name AS name, x.norm AS norm")
OUTLET_NAMES = checked("MATCH (o:Outlet) RETURN o.id AS id, o.name AS name, o.norm AS norm, o.aliases AS aliases")
# A label's node count is a constant-time lookup on FalkorDB when asked alone (no scan).
ENTITY_COUNT = checked("MATCH (e:Entity) RETURN count(e) AS n")
OUTLET_COUNT = checked("MATCH (o:Outlet) RETURN count(o) AS n")
MENTION_COUNTS = checked(
    """UNWIND $ids AS xid
MATCH (e:Entity {id: xid})<-[m:MENTIONS]-(:Article)
RETURN e.id AS id, count(m) AS articles"""
)


@dataclass(frozen=True)
class FulltextTemplates:
    """The two full-text searches and the capped hit count of one word, rendered for one backend."""

    claims: str
    statements: str
    hits: str


def _claims_fulltext(call: str) -> str:
    return checked(
        f"""{call}
WITH node AS c, score ORDER BY score DESC LIMIT $limit
MATCH (c)<-[:ABOUT]-(s:Statement)
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s)
RETURN s.id AS sid, c.id AS cid, c.text AS claim, s.content AS content, s.sentence AS sentence,
  s.stance AS stance, score, a.id AS aid"""
    )


def _statements_fulltext(call: str) -> str:
    return checked(
        f"""{call}
WITH node AS s, score ORDER BY score DESC LIMIT $limit
OPTIONAL MATCH (s)-[:ABOUT]->(c:Claim)
OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s)
RETURN s.id AS sid, c.id AS cid, c.text AS claim, s.content AS content, s.sentence AS sentence,
  s.stance AS stance, score, a.id AS aid"""
    )


def _statement_hits(call: str) -> str:
    # how many statements hold a word, counted up to $cap (the LIMIT stops the index there)
    return checked(f"{call}\nWITH node LIMIT $cap\nRETURN count(node) AS n")


@cache
def _fulltext(claim_call: str, statement_call: str) -> FulltextTemplates:
    return FulltextTemplates(
        claims=_claims_fulltext(claim_call),
        statements=_statements_fulltext(statement_call),
        hits=_statement_hits(statement_call),
    )


def fulltext_templates(dialect: Any) -> FulltextTemplates:
    """The full-text templates for ``dialect`` (a store's ``dialect`` attribute)."""
    return _fulltext(dialect.fulltext_call("Claim"), dialect.fulltext_call("Statement"))


def fulltext_query(dialect: Any, words: list[str], every: bool = False) -> str:
    """An any-of-these-words query in the backend's full-text syntax (words are already escaped);
    with ``every``, an all-of-these-words one.

    Words are lower-cased so Lucene never reads AND/OR/NOT/TO as operators.
    """
    words = [w.lower() for w in words if w]
    if not words:
        return ""
    if every:
        return " ".join(words) if dialect.name == "falkordb" else " ".join(f"+{w}" for w in words)
    return " | ".join(words) if dialect.name == "falkordb" else " OR ".join(words)


STATIC: dict[str, str] = {
    "statements_by_id": STATEMENTS_BY_ID,
    "statements_for_match": STATEMENTS_FOR_MATCH,
    "claim_evidence": CLAIM_EVIDENCE,
    "statements_by_source": STATEMENTS_BY_SOURCE,
    "statements_about_entity": STATEMENTS_ABOUT_ENTITY,
    "candidates_by_entity": CANDIDATES_BY_ENTITY,
    "article_topics": ARTICLE_TOPICS,
    "articles_mentioning": ARTICLES_MENTIONING,
    "articles_timeline": ARTICLES_TIMELINE,
    "co_mentioned": CO_MENTIONED,
    "articles_by_id": ARTICLES_BY_ID,
    "article_openings": ARTICLE_OPENINGS,
    "relations": RELATIONS,
    "direct_relations": DIRECT_RELATIONS,
    "shared_claims": SHARED_CLAIMS,
    "source_claims": SOURCE_CLAIMS,
    "shared_articles": SHARED_ARTICLES,
    "contested": CONTESTED,
    "contested_about": CONTESTED_ABOUT,
    "contested_counts_kept": CONTESTED_COUNTS_KEPT,
    "contested_uncounted": CONTESTED_UNCOUNTED,
    "contested_about_uncounted": CONTESTED_ABOUT_UNCOUNTED,
    "entity_names": ENTITY_NAMES,
    "outlet_names": OUTLET_NAMES,
    "source_names": SOURCE_NAMES,
    "statements_with_stance": STATEMENTS_WITH_STANCE,
    "stance_in_articles_mentioning": STANCE_IN_ARTICLES_MENTIONING,
    "stance_near_statements": STANCE_NEAR_STATEMENTS,
    "entities_in_articles": ENTITIES_IN_ARTICLES,
    "entity_count": ENTITY_COUNT,
    "outlet_count": OUTLET_COUNT,
    "mention_counts": MENTION_COUNTS,
}


def lint_statements(dialect) -> list[tuple[str, str]]:
    """Every template rendered for ``dialect``, for the Neo4j lint."""
    ft = fulltext_templates(dialect)
    return [
        *STATIC.items(),
        ("claims_fulltext", ft.claims),
        ("statements_fulltext", ft.statements),
        ("statement_hits", ft.hits),
    ]
