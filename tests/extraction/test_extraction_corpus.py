"""Corpus-level resolution: type votes across articles, claim matching by frame and by text."""

from __future__ import annotations

import random

from helpers import extraction_with as _ex

from extraction.corpus import CorpusState, KnownClaim, KnownEntity
from extraction.records import ClaimRecord, Extraction, entity_norm


def test_weak_minority_type_is_outvoted_by_the_corpus() -> None:
    state = CorpusState()
    said = ClaimRecord(id="c1", text="Zentrix will hire", subject="zentrix", entities=["zentrix"])
    first = state.resolve(_ex("a", [("Zentrix", "Person", 1)], [said]))
    assert first.entities[0].type == "Person"  # the control: one weak vote so far
    state.resolve(_ex("b", [("Zentrix", "Organization", 4)]))
    third = state.resolve(_ex("c", [("Zentrix", "Person", 1)]))
    assert third.entities[0].type == "Organization"
    # the earlier article of the same batch is re-typed too (it is not written yet); the id is the name,
    # so its statements and claims still point at it
    assert first.entities[0].type == "Organization"
    assert first.entities[0].id == first.attributions[0].source.entity == first.claims[0].subject == "zentrix"


def test_references_follow_a_retyped_entity() -> None:
    state = CorpusState()
    state.resolve(_ex("b", [("Zentrix", "Organization", 5)]))
    claim = ClaimRecord(id="c1", text="Zentrix bought a plant", subject="zentrix", entities=["zentrix"])
    ex = state.resolve(_ex("a", [("Zentrix", "Person", 1)], [claim]))
    assert ex.entities[0].type == "Organization"
    assert ex.claims[0].subject == "zentrix"
    assert ex.attributions[0].source.entity == "zentrix"


def test_type_guard_keeps_strong_evidence_apart() -> None:
    state = CorpusState()
    place = state.resolve(_ex("a", [("Jordan", "Place", 6)]))
    claim = ClaimRecord(id="c1", text="Jordan will play", subject="jordan", entities=["jordan"])
    ex = state.resolve(_ex("b", [("Jordan", "Person", 4)], [claim]))
    assert place.entities[0].id == "jordan"
    assert ex.entities[0].id == "jordan~person" and ex.entities[0].type == "Person"
    # the one rewritten id is rewritten everywhere in the extraction
    assert ex.claims[0].subject == ex.attributions[0].source.entity == "jordan~person"


def test_store_seeded_types_vote() -> None:
    state = CorpusState()
    state.seed(entities=[KnownEntity("zentrix", "Zentrix", "Organization", "zentrix")])
    ex = state.resolve(_ex("a", [("Zentrix", "Place", 1)]))
    assert ex.entities[0].type == "Organization"


def test_same_frame_is_one_claim_across_articles() -> None:
    state = CorpusState()
    a = ClaimRecord(id="c1", text="Zentrix obtained thousands of batteries", entities=["zentrix"])
    a.frames = ["zentrix|obtain|battery"]
    b = ClaimRecord(id="c2", text="no evidence of Zentrix obtaining the batteries", entities=["zentrix"])
    b.frames = ["zentrix|obtain|battery"]
    state.resolve(_ex("a", [("Zentrix", "Organization", 2)], [a]))
    ex = state.resolve(_ex("b", [("Zentrix", "Organization", 2)], [b]))
    assert ex.claims[0].id == "c1" and ex.attributions[0].claim == "c1"


def test_near_verbatim_restatement_matches_by_text() -> None:
    state = CorpusState()
    state.seed(claims=[KnownClaim("k1", "Zentrix will close its factory in Ohio next year", ["zentrix"])])
    c = ClaimRecord(
        id="c9",
        text="Zentrix will close its Ohio factory next year",
        subject="zentrix",
        entities=["zentrix"],
    )
    ex = state.resolve(_ex("a", [("Zentrix", "Organization", 1)], [c]))
    assert ex.claims[0].id == "k1"


def test_different_claims_about_one_entity_stay_apart() -> None:
    state = CorpusState()
    state.seed(claims=[KnownClaim("k1", "Zentrix will close its factory in Ohio next year", ["zentrix"])])
    c = ClaimRecord(
        id="c9",
        text="Zentrix struggled with the performance of rival chips",
        subject="zentrix",
        entities=["zentrix"],
    )
    ex = state.resolve(_ex("a", [("Zentrix", "Organization", 1)], [c]))
    assert ex.claims[0].id == "c9"


def test_claims_without_shared_entities_never_match() -> None:
    state = CorpusState()
    state.seed(claims=[KnownClaim("k1", "Zentrix will close its factory in Ohio next year", ["zentrix"])])
    c = ClaimRecord(id="c9", text="Globex will close its factory in Ohio next year", entities=["globex"])
    assert state.resolve(_ex("a", [("Globex", "Organization", 1)], [c])).claims[0].id == "c9"


class _EveryEntityRetyped(CorpusState):
    """The plain rule the resolver must keep: every earlier article sharing a name this article
    votes on is re-typed in full (``resolve`` re-types only the names that can change)."""

    def resolve(self, extraction: Extraction) -> Extraction:
        touched = self._vote(extraction)
        self._retype(extraction)
        for _names, earlier in self._recent:
            if any(entity_norm(e.id) in touched for e in earlier.entities):
                self._retype(earlier)
        self._recent.append((frozenset(), extraction))
        self._resolve_claims(extraction)
        return extraction


def test_retyping_only_the_touched_names_changes_nothing() -> None:
    """Many articles naming a few names with shifting types and mention counts (so types flip,
    guards split names and duplicates merge): both resolvers give the same records."""
    rng = random.Random(7)
    names, types = ["Zentrix", "Jordan", "Avalon", "Merrow", "Tessaly"], ["Person", "Organization", "Place"]
    articles = [
        [(n, rng.choice(types), rng.choice([1, 1, 2, 4])) for n in rng.sample(names, rng.randint(1, 4))]
        for _ in range(120)
    ]
    for ents in articles[::7]:  # a name typed twice in one article: two entities that may merge
        ents.append((ents[0][0], rng.choice(types), 1))
    fast, plain = CorpusState(), _EveryEntityRetyped()
    a = [fast.resolve(_ex(f"d{i}", ents)) for i, ents in enumerate(articles)]
    b = [plain.resolve(_ex(f"d{i}", ents)) for i, ents in enumerate(articles)]
    assert repr(a) == repr(b)
    assert len({e.id for ex in a for e in ex.entities}) > len(names)  # the guard did split names
