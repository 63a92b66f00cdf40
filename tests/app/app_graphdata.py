"""A small, fully known claim graph written through the real writer (hand-made Extraction records).

Three outlets carry one claim: the first names a primary source, the second relays the first
outlet's report, the third carries a denial and a no-comment; a second claim stands alone.
"""

from __future__ import annotations

from graphkit import entity, span, statement

from extraction.records import (
    ArticleRecord,
    ClaimRecord,
    Extraction,
    RelationRecord,
    article_id,
    entity_id,
    outlet_id,
)
from kg.writer import write_extractions

ACME = entity_id("Orbex Dynamics")
LOPEZ = entity_id("Mara Quill")
VOLT = entity_id("Cellvane")
DRONE = entity_id("Kestrel 4")
TREASURER = entity_id("Ivo Brandt")
HARBOR = outlet_id("Harbor Ledger")
COAST = outlet_id("Coastline Wire")
DAILY = outlet_id("Daily Meridian")

CLAIM_FIRE = "claim:fire"
CLAIM_BUDGET = "claim:budget"
FIRE_TEXT = "Orbex Dynamics ignored warnings about Kestrel 4 batteries"
BUDGET_TEXT = "the harbour budget will double next year"


def extractions() -> list[Extraction]:
    t1 = (
        "Orbex Dynamics recalls drones\n\n"
        "Mara Quill said that Orbex Dynamics ignored warnings about Kestrel 4 batteries. "
        "Orbex Dynamics makes the Kestrel 4."
    )
    a1 = ArticleRecord(
        article_id(t1),
        t1,
        "Orbex Dynamics recalls drones",
        "https://harbor.example/1",
        "2025-03-01",
        "Harbor Ledger",
        "a1.txt",
    )
    s1 = "Mara Quill said that Orbex Dynamics ignored warnings about Kestrel 4 batteries."
    ex1 = Extraction(
        a1,
        entities=[
            entity("Orbex Dynamics", "Organization", t1),
            entity("Mara Quill", "Person", t1),
            entity("Kestrel 4", "Product", t1),
        ],
        attributions=[
            statement(
                "st:1",
                t1,
                s1,
                "said",
                "Orbex Dynamics ignored warnings about Kestrel 4 batteries",
                "Mara Quill",
                entity=LOPEZ,
                claim=CLAIM_FIRE,
                source_kind="named",
            ),
        ],
        claims=[ClaimRecord(CLAIM_FIRE, FIRE_TEXT, ACME, DRONE, [ACME, DRONE], hedged=False)],
        relations=[RelationRecord(ACME, "MAKES", DRONE, span(t1, "Orbex Dynamics makes the Kestrel 4."), "makes")],
    )
    t2 = (
        "Drone maker under fire\n\n"
        "Orbex Dynamics reportedly ignored battery warnings, as reported by the Harbor Ledger. "
        "Ivo Brandt said the harbour budget will double next year."
    )
    a2 = ArticleRecord(
        article_id(t2),
        t2,
        "Drone maker under fire",
        "https://coast.example/2",
        "2025-03-02",
        "Coastline Wire",
        "a2.txt",
    )
    s2 = "Orbex Dynamics reportedly ignored battery warnings, as reported by the Harbor Ledger."
    s2b = "Ivo Brandt said the harbour budget will double next year."
    ex2 = Extraction(
        a2,
        entities=[
            entity("Orbex Dynamics", "Organization", t2),
            entity("Harbor Ledger", "Outlet", t2),
            entity("Ivo Brandt", "Person", t2),
        ],
        attributions=[
            statement(
                "st:2",
                t2,
                s2,
                "as reported by",
                "Orbex Dynamics reportedly ignored battery warnings",
                None,
                claim=CLAIM_FIRE,
                source_kind="outlet",
                hedges=["reportedly"],
                cites=[HARBOR],
            ),
            statement(
                "st:3",
                t2,
                s2b,
                "said",
                "the harbour budget will double next year",
                "Ivo Brandt",
                entity=TREASURER,
                claim=CLAIM_BUDGET,
            ),
        ],
        claims=[
            ClaimRecord(CLAIM_FIRE, FIRE_TEXT, ACME, DRONE, [ACME], hedged=True),
            ClaimRecord(CLAIM_BUDGET, BUDGET_TEXT, None, None, [], hedged=False),
        ],
    )
    t3 = (
        "Orbex Dynamics rejects report\n\n"
        "Orbex Dynamics denied that it ignored warnings about Kestrel 4 batteries. "
        "Cellvane declined to comment. "
        "People familiar with the matter said the warnings were ignored."
    )
    a3 = ArticleRecord(article_id(t3), t3, "Orbex Dynamics rejects report", "", "", "Daily Meridian", "a3.txt")
    ex3 = Extraction(
        a3,
        entities=[
            entity("Orbex Dynamics", "Organization", t3),
            entity("Cellvane", "Organization", t3),
            entity("Kestrel 4", "Product", t3),
        ],
        attributions=[
            statement(
                "st:4",
                t3,
                "Orbex Dynamics denied that it ignored warnings about Kestrel 4 batteries.",
                "denied",
                "it ignored warnings about Kestrel 4 batteries",
                "Orbex Dynamics",
                entity=ACME,
                stance="denies",
                claim=CLAIM_FIRE,
            ),
            statement(
                "st:5",
                t3,
                "Cellvane declined to comment.",
                "declined to comment",
                "Cellvane",
                "Cellvane",
                entity=VOLT,
                stance="no_comment",
                claim=CLAIM_FIRE,
            ),
            statement(
                "st:6",
                t3,
                "People familiar with the matter said the warnings were ignored.",
                "said",
                "the warnings were ignored",
                "People familiar with the matter",
                claim=CLAIM_FIRE,
                source_kind="anonymous",
            ),
        ],
        claims=[ClaimRecord(CLAIM_FIRE, FIRE_TEXT, ACME, DRONE, [ACME, DRONE])],
    )
    return [ex1, ex2, ex3]


def build(store) -> list[Extraction]:
    exs = extractions()
    write_extractions(store, exs)
    return exs
