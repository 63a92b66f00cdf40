"""Claim matching by wording: indexed by content word, deterministic on ties."""

from __future__ import annotations

from extraction.corpus import CorpusState, KnownClaim
from extraction.records import ClaimRecord

ACME = "organization:acme"


def claim(cid: str, text: str, entities: list[str] = [ACME]) -> ClaimRecord:  # noqa: B006 - read-only default
    return ClaimRecord(id=cid, text=text, subject=entities[0] if entities else None, entities=list(entities))


def test_ties_go_to_the_claim_seen_first() -> None:
    state = CorpusState()
    text = "Acme shipped thousands of faulty batteries to retailers last year"
    state.seed(claims=[KnownClaim("claim:b", text, [ACME]), KnownClaim("claim:a", text, [ACME])])
    assert state.match_claim(claim("claim:new", text)) == "claim:b"


def test_restatement_matches_and_unrelated_wording_does_not() -> None:
    state = CorpusState()
    state.seed(claims=[KnownClaim("claim:1", "Acme shipped thousands of faulty batteries to retailers", [ACME])])
    assert state.match_claim(claim("c2", "Acme shipped thousands of faulty batteries to many retailers")) == "claim:1"
    assert state.match_claim(claim("c3", "Acme opened a new factory near the river in Ohio")) is None


def test_a_shared_entity_is_required_when_the_claim_has_entities() -> None:
    state = CorpusState()
    text = "the company shipped thousands of faulty batteries to retailers"
    state.seed(claims=[KnownClaim("claim:1", text, ["organization:globex"])])
    assert state.match_claim(claim("c2", text)) is None
    assert state.match_claim(claim("c3", text, ["organization:globex"])) == "claim:1"
