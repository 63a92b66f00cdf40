"""Claim matching by wording: indexed by content word, deterministic on ties."""

from __future__ import annotations

import random

from extraction import corpus
from extraction.claim_match import MIN_SHARED, Text, plausible
from extraction.corpus import CorpusState, KnownClaim
from extraction.records import ClaimRecord, entity_norm

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


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str], size: int) -> float:
    """Jaccard of a text of ``size`` content words with ``b``, counting as shared only ``a & b``."""
    shared = len(a & b)
    return shared / (size + len(b) - shared)


class _ScanEveryClaim(CorpusState):
    """The rule the (entity, word) index must keep, by a scan of every known claim: candidates
    share a word not too common to propose and pass the word and entity gates; the closest first
    (Jaccard of the texts' content words), then the closest by the words not too common, then
    the claim seen first."""

    def _candidates(self, claim: ClaimRecord, text: Text) -> list[str]:
        words = {w for w in text.content if sum(w in t.content for t in self._texts.values()) <= corpus.MAX_POSTINGS}
        common = len(text.content) - len(words)
        norms = {entity_norm(e) for e in claim.entities}
        subj = entity_norm(claim.subject) if claim.subject else None
        size = len(text.content)
        found = [
            (-_jaccard(text.content, t.content, size), -_jaccard(words, t.content, size), self._order[cid], cid)
            for cid, t in self._texts.items()
            if words & t.content
            and len(words & t.content) + common >= MIN_SHARED
            and len(t.content) >= corpus.MIN_TEXT_WORDS
            and self._compatible(cid, norms, subj)
            and plausible(text, t)
        ]
        return [cid for *_, cid in sorted(found)[: corpus.MAX_CANDIDATES]]


def test_the_entity_word_index_proposes_what_a_scan_of_every_claim_would(monkeypatch) -> None:
    """Random claims over a small vocabulary and a few entities (some without any, some restated
    later with other entities, words common enough to be skipped): the index gives exactly the
    scan's candidates, in the same order."""
    monkeypatch.setattr(corpus, "MAX_POSTINGS", 40)
    monkeypatch.setattr(corpus, "MAX_EXAMINED", 10**9)  # the scan tests every claim it ranks
    rng = random.Random(11)
    vocab = [f"w{i}ord" for i in range(14)]
    ents = ["organization:acme", "person:jo", "place:ohio", "organization:globex"]

    def random_claim(cid: str) -> ClaimRecord:
        chosen = rng.sample(ents, rng.choice([0, 1, 1, 2, 3]))
        subject = rng.choice([None, *chosen]) if chosen else rng.choice([None, None, ents[0]])
        return ClaimRecord(
            id=cid, text=" ".join(rng.sample(vocab, rng.randint(2, 7))), subject=subject, entities=chosen
        )

    known = [random_claim(f"k{i}") for i in range(150)]
    known += [random_claim(c.id) for c in rng.sample(known, 30)]  # the same claims, other entities
    indexed, scanned = CorpusState(), _ScanEveryClaim()
    for state in (indexed, scanned):
        state.seed(claims=[KnownClaim(c.id, c.text, list(c.entities)) for c in known])
    assert max(indexed._word_claims.values()) > corpus.MAX_POSTINGS  # some words are too common
    proposed = 0
    for i in range(300):
        new = random_claim(f"n{i}")
        text = Text.of(new.text)
        assert indexed._candidates(new, text) == scanned._candidates(new, text), new
        proposed += bool(indexed._candidates(new, text))
    assert proposed > 100


def test_a_claim_tests_at_most_max_examined_known_claims_the_closest_first(monkeypatch) -> None:
    """However many known claims share words with a new one, it tests ``MAX_EXAMINED`` of them, in
    rank order: the closest (Jaccard of the content words), then the oldest."""
    monkeypatch.setattr(corpus, "MAX_CANDIDATES", 100)
    state = CorpusState()
    few = [KnownClaim(f"few{i}", f"Acme shipped faulty batteries to dealers in region {i}", [ACME]) for i in range(6)]
    many = [
        KnownClaim(f"many{i}", f"Acme shipped thousands of faulty batteries to retailers in area {i}", [ACME])
        for i in range(6)
    ]
    state.seed(claims=few + many)
    new = claim("new", "Acme shipped thousands of faulty batteries to retailers")
    everything = state._candidates(new, Text.of(new.text))
    assert everything == [f"many{i}" for i in range(6)] + [f"few{i}" for i in range(6)]
    monkeypatch.setattr(corpus, "MAX_EXAMINED", 8)
    assert state._candidates(new, Text.of(new.text)) == everything[:8]


def test_the_closest_known_claims_are_scored_not_those_sharing_the_most_words(monkeypatch) -> None:
    """A long known claim that shares every word of a new one is further from it than a short one
    that shares all but one; with room to score one candidate, the short one is scored."""
    state = CorpusState()
    long = "Acme shipped faulty batteries to dealers across the northern region during a very wet spring season"
    state.seed(claims=[KnownClaim("long", long, [ACME]), KnownClaim("short", "Acme shipped faulty batteries", [ACME])])
    new = claim("new", "Acme shipped faulty batteries to dealers")
    assert state._candidates(new, Text.of(new.text)) == ["short", "long"]
    monkeypatch.setattr(corpus, "MAX_CANDIDATES", 1)
    assert state._candidates(new, Text.of(new.text)) == ["short"]
