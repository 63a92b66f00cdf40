"""A made-up story told across dates, for the drift tests: a hedged first report, a repeat that
drops the hedge, a denial, and a later repeat that ignores the denial."""

from __future__ import annotations

import json
from pathlib import Path

from kg.config import Settings
from kg.ingest import ingest_paths
from kg.store.base import GraphStore
from ontology import checked

CLAIM_WORDS = "concealed battery defects"
ARTICLES = [
    {
        "title": "Carmaker under scrutiny",
        "outlet": "Harbor Times",
        "published": "2024-03-01",
        "body": "Velora Motors allegedly concealed battery defects in its Strata sedan, "
        "according to people familiar with the matter. The company sells the Strata across Europe.",
    },
    {
        "title": "Strata recall looms",
        "outlet": "Ridge Daily",
        "published": "2024-03-05",
        "body": "Velora Motors concealed battery defects in its Strata sedan, the Harbor Times reported. "
        "Dealers expect a recall soon.",
    },
    {
        "title": "Velora responds",
        "outlet": "Coast Ledger",
        "published": "2024-03-08",
        "body": "Velora Motors denied that it concealed battery defects in its Strata sedan. "
        "A spokesman said the cars were safe.",
    },
    {
        "title": "Strata owners worry",
        "outlet": "Valley Post",
        "published": "2024-03-12",
        "body": "Velora Motors concealed battery defects in its Strata sedan, analysts said. "
        "Owners have asked for refunds.",
    },
]
HEDGED, HARD, DENIAL, IGNORING = (a["title"] for a in ARTICLES)


def write_story(folder: Path, order: list[int] | None = None) -> Path:
    """The story as one jsonl file, articles in ``order`` (input order is not date order)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "story.jsonl"
    rows = [ARTICLES[i] for i in (order or range(len(ARTICLES)))]
    path.write_text(
        "".join(
            json.dumps({**{k: a[k] for k in ("title", "outlet", "published")}, "text": a["body"]}) + "\n" for a in rows
        )
    )
    return path


def ingest_story(store: GraphStore, settings: Settings, folder: Path, order: list[int] | None = None) -> None:
    report = ingest_paths(store, [write_story(folder, order)], settings)
    assert report.ok and report.new == len(order or ARTICLES)


# Two reports of one rating action that claim grouping keeps apart ("may upgrade" / "raised").
RATINGS = [
    {
        "title": "Ostrava Telephone on review",
        "outlet": "Harbor Times",
        "published": "2024-03-01",
        "text": "Kestrel Ratings Inc said it may upgrade 1.28 billion dlrs of debt of Ostrava Telephone Co, "
        "a unit of Brno Holdings Corp.",
    },
    {
        "title": "Ostrava Telephone upgraded",
        "outlet": "Ridge Daily",
        "published": "2024-03-20",
        "text": "Kestrel Ratings Inc said it raised to Aaa from Aa-1 about 1.4 billion dlrs of senior unsecured "
        "debentures of Ostrava Telephone Co, a unit of Brno Holdings Corp.",
    },
]
STATEMENTS = checked(  # the asserting statements, with their article and claim
    """MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim)
WHERE s.stance = 'asserts'
RETURN a.title AS title, s.id AS id, c.id AS claim"""
)


def ingest_ratings(store: GraphStore, settings: Settings, folder: Path) -> None:
    """The two reports as one jsonl file."""
    path = folder / "ratings.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in RATINGS))
    assert ingest_paths(store, [path], settings).new == len(RATINGS)
