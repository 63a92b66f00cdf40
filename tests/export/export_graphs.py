"""Hand-made extraction records for the export tests, written through the real writer.

Two outlets report one contested claim: article 1 has a named person asserting it (citing a
third outlet); article 2 has an unnamed source asserting it, a company denying it and a
ministry declining to comment. Plus an entity relation with its evidence sentence.
"""

from __future__ import annotations

from graphkit import entity, sentence_of, span

from extraction.records import (
    ArticleRecord,
    AttributionRecord,
    ClaimRecord,
    Extraction,
    RelationRecord,
    SourceSpan,
    article_id,
    entity_id,
    outlet_id,
    short_hash,
)

TEXT_1 = (
    "Chip deal under scrutiny\n\n"
    "Analyst Maria Lopez said that Acme Robotics bought thousands of restricted processors, "
    "as reported by the Daily Ledger. "
    "Acme Robotics makes industrial arms in Lisbon."
)
TEXT_2 = (
    "Processor purchase questioned\n\n"
    "People familiar with the matter said Acme Robotics bought thousands of restricted processors. "
    "Acme Robotics denied that it bought restricted processors. "
    "The Trade Ministry declined to comment."
)
CLAIM_TEXT = "Acme Robotics bought thousands of restricted processors"
CLAIM_ID = "claim:" + short_hash(CLAIM_TEXT)
ACME = entity_id("Acme Robotics")
LOPEZ = entity_id("Maria Lopez")
MINISTRY = entity_id("Trade Ministry")
ARMS = entity_id("industrial arms")
LISBON = entity_id("Lisbon")
LEDGER = outlet_id("Daily Ledger")


def contested_extractions() -> list[Extraction]:
    a1 = ArticleRecord(
        id=article_id(TEXT_1),
        text=TEXT_1,
        title="Chip deal under scrutiny",
        uri="https://news.example/one",
        published="2024-03-01",
        outlet="Example Times",
    )
    a2 = ArticleRecord(
        id=article_id(TEXT_2),
        text=TEXT_2,
        title="Processor purchase questioned",
        uri="https://wire.example/two",
        published="2024-03-02T09:30:00Z",
        outlet="Example Wire",
    )
    claim = ClaimRecord(CLAIM_ID, CLAIM_TEXT, subject=ACME, entities=[ACME])
    s1 = sentence_of(TEXT_1, "Analyst Maria Lopez said")
    st1 = AttributionRecord(
        id=f"st:{a1.id}:0",
        cue=span(TEXT_1, "said"),
        content=span(TEXT_1, "Acme Robotics bought thousands of restricted processors"),
        sentence=s1,
        source=SourceSpan(*_se(TEXT_1, "Maria Lopez"), "Maria Lopez", LOPEZ),
        stance="asserts",
        cites=[LEDGER],
        claim=CLAIM_ID,
    )
    ex1 = Extraction(
        article=a1,
        entities=[
            entity("Acme Robotics", "Organization", TEXT_1),
            entity("Maria Lopez", "Person", TEXT_1),
            entity("industrial arms", "Product", TEXT_1),
            entity("Lisbon", "Place", TEXT_1),
            entity("Daily Ledger", "Outlet", TEXT_1),
        ],
        attributions=[st1],
        claims=[claim],
        relations=[
            RelationRecord(ACME, "MAKES", ARMS, sentence_of(TEXT_1, "Acme Robotics makes"), verb="make"),
            RelationRecord(ACME, "LOCATED_IN", LISBON, sentence_of(TEXT_1, "Acme Robotics makes"), verb="make in"),
        ],
    )
    st2 = AttributionRecord(
        id=f"st:{a2.id}:0",
        cue=span(TEXT_2, "said"),
        content=span(TEXT_2, "Acme Robotics bought thousands of restricted processors"),
        sentence=sentence_of(TEXT_2, "People familiar"),
        source=SourceSpan(*_se(TEXT_2, "People familiar with the matter"), "People familiar with the matter", None),
        stance="asserts",
        hedges=["familiar"],
        claim=CLAIM_ID,
        source_kind="anonymous",
    )
    deny = sentence_of(TEXT_2, "Acme Robotics denied")
    st3 = AttributionRecord(
        id=f"st:{a2.id}:1",
        cue=span(TEXT_2, "denied"),
        content=span(TEXT_2, "it bought restricted processors"),
        sentence=deny,
        source=SourceSpan(deny.start, deny.start + len("Acme Robotics"), "Acme Robotics", ACME),
        stance="denies",
        claim=CLAIM_ID,
    )
    st4 = AttributionRecord(
        id=f"st:{a2.id}:2",
        cue=span(TEXT_2, "declined to comment"),
        content=span(TEXT_2, "declined to comment"),
        sentence=sentence_of(TEXT_2, "The Trade Ministry"),
        source=SourceSpan(*_se(TEXT_2, "Trade Ministry"), "Trade Ministry", MINISTRY),
        stance="no_comment",
        claim=CLAIM_ID,
    )
    ex2 = Extraction(
        article=a2,
        entities=[
            entity("Acme Robotics", "Organization", TEXT_2),
            entity("Trade Ministry", "Organization", TEXT_2),
        ],
        attributions=[st2, st3, st4],
        claims=[claim],
    )
    return [ex1, ex2]


def _se(text: str, part: str) -> tuple[int, int]:
    s = span(text, part)
    return s.start, s.end


# ---------------------------------------------------------------- expected triple count
# The export's size is fixed by the graph: for every node, one rdf:type per label plus one per
# distinct non-cg: super-class of those labels, one triple per present property value (lists:
# one per distinct element; null, "" and the -1 "no source span" offsets are absent), and for
# an item with an `article` key prov:wasDerivedFrom + (with start/end) 7 evidence triples;
# for every relationship one triple per distinct (source, type, target) plus one per non-cg:
# super-property (entity-relation types excepted), and when it carries properties a
# cg:RelationAssertion node: 5 triples + its property values + the same evidence rule.

NODES_Q = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
EDGES_Q = (
    "MATCH (a)-[r]->(b) RETURN a.id AS src, labels(a) AS src_labels, type(r) AS type, "
    "properties(r) AS props, b.id AS dst, labels(b) AS dst_labels"
)


def _external(term_name: str) -> set[str]:
    from rdflib import RDFS

    from ontology import CG_NS, load_graph, vocabulary

    g = load_graph()
    v = vocabulary()
    term = v.iri_of(term_name)
    pred = RDFS.subClassOf if term_name in v.labels else RDFS.subPropertyOf
    return {str(o) for o in g.objects(term, pred) if not str(o).startswith(str(CG_NS))}


def _present(key: str, value) -> list:
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if v is None or v == "" or (key in ("source_start", "source_end") and v == -1):
            continue
        if v not in out:
            out.append(v)
    return out


def _item(props: dict) -> int:
    n = sum(len(_present(k, v)) for k, v in props.items())
    if props.get("article"):
        n += 1
        if isinstance(props.get("start"), int) and isinstance(props.get("end"), int):
            n += 7
    return n


def expected_triples(store) -> int:
    from ontology import vocabulary

    entity_relations = set(vocabulary().entity_relations)
    total = 0
    for row in store.query(NODES_Q):
        external: set[str] = set()
        for label in row["labels"]:
            external |= _external(label)
        total += len(row["labels"]) + len(external) + _item(row["props"])
    direct: set[tuple] = set()
    for row in store.query(EDGES_Q):
        key = (row["src"], row["type"], row["dst"])
        if key not in direct:
            direct.add(key)
            total += 1 + (0 if row["type"] in entity_relations else len(_external(row["type"])))
        if any(_present(k, v) for k, v in row["props"].items()):
            total += 5 + _item(row["props"])
    return total
