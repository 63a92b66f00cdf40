"""Corpus-level resolution across articles: entity type votes and claim matching.

Extraction of one document sees one document; this state sees the corpus. Ingestion seeds it
from the store (so matching spans earlier runs) and passes every new Extraction through
``resolve`` before writing. Pure Python: no database code.

* Entity types: every article votes (its mention count) for the type of each name. When the
  corpus clearly prefers another type (at least ``retype_ratio`` times the votes) and the article's
  own evidence is weak, the entity is re-typed; its id is its name, so no reference changes.
  Recent extractions that are not written yet (one ingest chunk) are re-typed too, so the first
  article of a batch benefits from the later ones. A name with strong evidence for two types
  stays two entities (the type guard): the one not of the corpus's preferred type has the type
  as its id's disambiguator ("jordan~person"), and only then is an id rewritten.
* Claims: a new claim is the same as a known one when they share a linked entity (or neither
  has any), or a frame (subject, verb and object lemma), or when ``claim_match.ClaimMatcher``
  scores their texts at or above ``claim_threshold``. Candidates come from an index keyed by
  (entity, content word) (never a scan of the corpus): a candidate must share an entity (the
  subject, when the claim has one) and words, so only the postings of the claim's own entities'
  words are read, not every claim carrying a common word. They are ranked by the share of words
  the two texts have in common (Jaccard): at most ``MAX_EXAMINED`` are tested and the
  ``MAX_CANDIDATES`` closest scored, so a claim's work is bounded however large the corpus grows.
  Words carried by more than ``MAX_POSTINGS`` claims are too common to propose candidates (their
  postings are dropped).
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate, islice

import numpy as np

from extraction.claim_match import (
    MIN_SHARED,
    THRESHOLD,
    WEIGHTS,
    ClaimMatcher,
    Text,
    plausible,
    sigmoid,
    word_logit,
    words_pass,
)
from extraction.frames import frame_base
from extraction.records import ClaimRecord, EntityRecord, Extraction, disambiguated, entity_norm

OUTLET = "Outlet"
STORE_PRIOR = 2.0  # votes for an entity type already in the store
STRONG = 3  # mentions in one article that make its own typing stand
RECENT = 256  # extractions kept for retroactive re-typing (covers one ingest chunk)
MIN_TEXT_WORDS = 3  # content words a claim needs to be matched by wording alone
# Known claims scored per new claim, the closest by Jaccard of their content words first: over all
# Reuters stories the claim that won was among the 8 closest for 98.7 % of the matches by wording
# (among the first 8 by words shared for 90 %, which is why this was 24 when they were ranked so).
MAX_CANDIDATES = 8
MAX_POSTINGS = 2000  # a word in more claims than this proposes no candidates
# Known claims a new one tests at most (``plausible``, the entity gate), ranked by the Jaccard the
# postings give (the words too common to post do not count): as the corpus grows more words pass
# ``MAX_POSTINGS``, a claim with several of them needs fewer uncommon words shared, and thousands of
# known claims sharing one word would each be tested.
MAX_EXAMINED = 32
NO_ENTITY = ""  # index key of claims without a linked entity (entity norms are never empty)
NO_ENTITY_KEYS = frozenset({NO_ENTITY})
# Cosine a bound assumes: a hair above 1, because float16 vectors of one text can dot to 1.0004.
COSINE_BOUND = 1.001

# ``entity_norm`` of an id, cached: re-typing the recent extractions asks for it ~900 times an article,
# for a few hundred distinct ids (a pure function of the id, so the cache changes no answer).
_norm = lru_cache(maxsize=1 << 16)(entity_norm)


@dataclass
class KnownClaim:
    id: str
    text: str
    entities: list[str] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)


@dataclass
class KnownEntity:
    id: str
    name: str
    type: str
    norm: str


@dataclass
class StateChanges:
    """What a ``CorpusState`` learnt since it was last saved: the claims it remembered (in order,
    with the word features of the new ones), new entities, the type votes of the names voted on,
    and the claim vectors encoded. Saved after the state, they give back the state."""

    claims: list[tuple[str, str, list[str], list[str]]]
    texts: dict[str, Text]
    entities: list[KnownEntity]
    votes: dict[str, Counter]
    vectors: dict[str, object]


@dataclass
class _Packed:
    """The postings as four flat objects for pickling: hundreds of thousands of small arrays,
    pickled one by one, made the state's file larger and slower to write and read than the
    lists of claim ids they replaced."""

    keys: list[str]
    sizes: array  # words per key
    words: list[str]
    lengths: array  # postings per word
    flat: array

    @classmethod
    def of(cls, postings: dict[str, dict[str, array]]) -> _Packed:
        packed = cls(list(postings), array("i"), [], array("i"), array("i"))
        for by_word in postings.values():
            packed.sizes.append(len(by_word))
            packed.words.extend(by_word)
            for ordinals in by_word.values():
                packed.lengths.append(len(ordinals))
                packed.flat.extend(ordinals)
        return packed

    def postings(self) -> dict[str, dict[str, array]]:
        flat, ends = self.flat, accumulate(self.lengths)
        words, out, start = iter(self.words), {}, 0
        for key, size in zip(self.keys, self.sizes, strict=True):
            by_word = out[key] = {}
            for word, end in zip(islice(words, size), islice(ends, size), strict=True):
                by_word[word] = flat[start:end]
                start = end
        return out


class CorpusState:
    """Remembers claims and entities seen so far; maps new ones onto them."""

    def __init__(
        self, claim_threshold: float = THRESHOLD, retype_ratio: float = 2.0, matcher: ClaimMatcher | None = None
    ) -> None:
        self.claim_threshold = claim_threshold
        self.matcher = matcher or ClaimMatcher(claim_threshold)
        self.retype_ratio = retype_ratio
        self.claims: dict[str, KnownClaim] = {}
        self.entities: dict[str, KnownEntity] = {}
        self.type_votes: dict[str, Counter] = defaultdict(Counter)  # norm -> type -> votes
        self._claims_by_frame: dict[str, str] = {}
        self._claims_by_base: dict[str, str] = {}  # frame without its object's adjectives -> first claim
        # Postings by entity then word (NO_ENTITY for claims without one): a claim reads only those of
        # the entities a candidate must share, so its cost follows those entities, not the corpus.
        # A posting is a claim's ordinal (``_order``), so numpy counts and ranks them (``_ranked``).
        self._postings: dict[str, dict[str, array]] = {}
        self._word_claims: Counter[str] = Counter()  # claims per word, for the ``MAX_POSTINGS`` rule
        self._texts: dict[str, Text] = {}
        self._entity_norms: dict[str, frozenset[str]] = {}
        self._order: dict[str, int] = {}
        self._ids: list[str] = []  # claim ids by ordinal
        self._sizes = array("H")  # content words of each claim's text, by ordinal (for ``_ranked``'s Jaccard)
        self._recent: deque[tuple[frozenset[str], Extraction]] = deque(maxlen=RECENT)  # (names, extraction)
        self._start_journal()

    def _start_journal(self) -> None:
        """What changed since the state was last saved, so a save writes that, not the whole state."""
        self._journal: list[tuple[str, str, list[str], list[str]]] = []  # _remember_claim's calls
        self._journal_from = len(self._order)  # claims before it (their Text is saved already)
        self._new_entities: list[str] = []
        self._voted: set[str] = set()
        self._saved_vectors = set(self.matcher.known())

    def __getstate__(self) -> dict[str, object]:
        """Pickled between runs (kg/resolution_state.py) without what serves one run only."""
        state = self.__dict__.copy()
        state["_recent"] = deque(maxlen=RECENT)
        state["_postings"] = _Packed.of(self._postings)
        for name in ("_journal", "_journal_from", "_new_entities", "_voted", "_saved_vectors"):
            del state[name]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        packed = state.pop("_postings")  # a state of other code never gets here: its fingerprint differs
        self.__dict__.update(state)
        self._postings = packed.postings()
        self._start_journal()

    def changes(self) -> StateChanges:
        """What changed since the state was made, loaded or last saved (``saved``)."""
        new_texts = {cid: self._texts[cid] for cid, *_ in self._journal if self._order[cid] >= self._journal_from}
        vectors = {t: v for t, v in self.matcher.known().items() if t not in self._saved_vectors}
        return StateChanges(
            claims=list(self._journal),
            texts=new_texts,
            entities=[self.entities[e] for e in self._new_entities],
            votes={norm: Counter(self.type_votes[norm]) for norm in self._voted},
            vectors=vectors,
        )

    def saved(self) -> None:
        """The state as it is now is saved: later ``changes`` start from here."""
        self._start_journal()

    def apply(self, changes: StateChanges) -> None:
        """Replay the changes another process saved onto the state they were made to (same result
        as the resolution that made them: same claims, order, index, votes and vectors)."""
        for cid, text, entities, frames in changes.claims:
            self._remember_claim(cid, text, entities, frames, changes.texts.get(cid))
        for e in changes.entities:
            self.entities[e.id] = e
        for norm, votes in changes.votes.items():
            self.type_votes[norm] = Counter(votes)
        self.matcher.remember(list(changes.vectors), list(changes.vectors.values()))
        self.saved()

    def seed(self, claims: Iterable[KnownClaim] = (), entities: Iterable[KnownEntity] = ()) -> None:
        for c in claims:
            self._remember_claim(c.id, c.text, list(c.entities), list(c.frames))
        for e in entities:
            self.entities[e.id] = e
            self._new_entities.append(e.id)
            if e.type and e.type != OUTLET:
                norm = e.norm or _norm(e.id)
                self.type_votes[norm][e.type] += STORE_PRIOR
                self._voted.add(norm)

    # ---- entities -------------------------------------------------------------------------

    def _preferred_type(self, norm: str, etype: str, own: int) -> tuple[str, bool]:
        """The corpus's type for ``norm`` if it clearly beats ``etype`` and the article's evidence is
        weak, and whether that type is the corpus's first choice for the name (else the entity stays apart)."""
        votes = self.type_votes.get(norm)
        if not votes:
            return etype, True
        best, best_votes = max(votes.items(), key=lambda kv: kv[1])
        if best == etype or (own >= STRONG and votes[etype] * self.retype_ratio > best_votes):
            return etype, best == etype
        if best_votes >= self.retype_ratio * max(votes[etype], 1e-9):
            return best, True
        return etype, False

    def _retype(
        self, ex: Extraction, only: frozenset[str] | None = None, memo: dict[tuple, tuple[str, bool]] | None = None
    ) -> None:
        """Re-type the entities of ``ex`` (those named in ``only``, if given). ``memo``: answers of
        ``_preferred_type`` while the votes stay as they are (one ``resolve`` re-types the same
        names in many recent extractions)."""
        renames: dict[str, str] = {}
        memo = {} if memo is None else memo
        for ent in ex.entities:
            if ent.type == OUTLET:
                continue
            norm = _norm(ent.id)
            if only is not None and norm not in only:
                continue
            own = len(ent.mentions) >= STRONG  # all ``_preferred_type`` reads of the mention count
            key = (norm, ent.type, own)
            if key not in memo:
                memo[key] = self._preferred_type(norm, ent.type, STRONG if own else 0)
            ent.type, first_choice = memo[key]
            new_id = norm if first_choice else disambiguated(norm, ent.type)
            if new_id != ent.id:
                renames[ent.id] = new_id
                ent.id = new_id
        if renames:
            _rename_entities(ex, renames)

    def _vote(self, ex: Extraction) -> set[str]:
        touched = set()
        for ent in ex.entities:
            if ent.type != OUTLET:
                norm = _norm(ent.id)
                self.type_votes[norm][ent.type] += len(ent.mentions) or 1
                touched.add(norm)
        self._voted |= touched
        return touched

    # ---- claims ---------------------------------------------------------------------------

    def _remember_claim(
        self,
        cid: str,
        text: str,
        entities: list[str],
        frames: list[str] = (),  # type: ignore[assignment]
        parsed: Text | None = None,
    ) -> None:
        self._journal.append((cid, text, entities, list(frames)))
        norms = frozenset(_norm(e) for e in entities)
        if cid not in self._order:
            self._order[cid] = len(self._ids)
            self._ids.append(cid)
            self._texts[cid] = parsed or Text.of(text)
            self._sizes.append(min(len(self._texts[cid].content), 0xFFFF))
            self._count_words(self._texts[cid].content)
            self._index(cid, _keys(norms))
        else:  # known claim restated with other entities: index it under the new ones too
            self._index(cid, _keys(norms) - _keys(self._entity_norms[cid]), again=True)
        self.claims[cid] = KnownClaim(cid, text, entities, list(frames))
        self._entity_norms[cid] = norms
        for f in frames:
            self._claims_by_frame.setdefault(f, cid)
            self._claims_by_base.setdefault(frame_base(f), cid)

    def _count_words(self, content: frozenset[str]) -> None:
        """Count a new claim's words. A word in more than ``MAX_POSTINGS`` claims proposes no
        candidates, now or later (counts only grow): its postings go (~11 % of them at 19,000
        Reuters stories), and none are kept for it from then on."""
        counts = self._word_claims
        counts.update(content)
        for w in content:
            if counts[w] == MAX_POSTINGS + 1:
                for by_word in self._postings.values():
                    by_word.pop(w, None)

    def _index(self, cid: str, keys: Iterable[str], again: bool = False) -> None:
        """Post ``cid`` under each (entity key, content word) but words too common to propose;
        ``again``: skip postings it has."""
        counts = self._word_claims
        words = [w for w in self._texts[cid].content if counts[w] <= MAX_POSTINGS]
        ordinal = self._order[cid]
        for key in keys:
            by_word = self._postings.setdefault(key, {})
            for w in words:
                postings = by_word.get(w)
                if postings is None:
                    by_word[w] = array("i", (ordinal,))
                elif not (again and ordinal in postings):
                    postings.append(ordinal)

    def _compatible(self, cid: str, norms: set[str], subj: str | None) -> bool:
        """Entity gate: claims about different things are never one claim."""
        known = self._entity_norms[cid]
        if norms and not (norms & known):
            return False  # shares no entity with this claim
        if not norms and known:
            return False  # entity-less claims only meet entity-less claims
        return not (subj and known and subj not in known)

    def _candidates(self, claim: ClaimRecord, text: Text) -> list[str]:
        """Known claims worth scoring: from the (entity, word) index, entity-compatible, past the
        word gate; the closest first (Jaccard of the content words), then the first ranked.

        The ranking is exactly a scan's of every known claim: the entity gate (``_compatible``)
        admits only claims posted under the keys read here. ``_ranked`` orders them by the Jaccard
        the postings can tell (words too common to post do not count); the first ``MAX_EXAMINED``
        are tested and ordered by their texts' own Jaccard, and the ``MAX_CANDIDATES`` closest are
        scored. A claim sharing words with thousands of others pays for a few dozen of them."""
        counts = self._word_claims
        words = frozenset(w for w in text.content if counts.get(w, 0) <= MAX_POSTINGS)
        need = MIN_SHARED - (len(text.content) - len(words))  # a pair may share that many common words more
        norms = {_norm(e) for e in claim.entities}
        subj = _norm(claim.subject) if claim.subject else None
        texts = self._texts
        closest: list[tuple[float, int, str]] = []
        for rank, cid in enumerate(self._ranked(words, _read_keys(norms, subj), need, len(text.content))):
            known = texts[cid]
            if by_wording(known) and self._compatible(cid, norms, subj) and plausible(text, known):
                shared = len(text.content & known.content)
                closest.append((-jaccard(shared, len(text.content), len(known.content)), rank, cid))
        return [cid for *_, cid in heapq.nsmallest(MAX_CANDIDATES, closest)]

    def _ranked(self, words: frozenset[str], keys: tuple[str, ...], need: int, size: int) -> list[str]:
        """The first ``MAX_EXAMINED`` claims posted under ``keys`` sharing at least ``need`` of
        ``words``, by Jaccard with a text of ``size`` content words (counting only ``words`` as
        shared), then the oldest. Counted and sorted by numpy over the postings' ordinals: a common
        word's postings run to thousands."""
        postings = self._postings
        lists = [(i, p) for k in keys if k in postings for i, w in enumerate(words) if (p := postings[k].get(w))]
        if not lists:
            return []
        arrays = [np.frombuffer(p, dtype=np.int32) for _, p in lists]
        if len(keys) > 1:  # a claim posted under two keys is in two lists of one word: count the word once
            n = len(words)
            codes = [a.astype(np.int64) * n + i for (i, _), a in zip(lists, arrays, strict=True)]
            ordinals = np.unique(np.concatenate(codes)) // n
        else:
            ordinals = np.concatenate(arrays)
        claims, shared = np.unique(ordinals, return_counts=True)  # ordinals ascending: oldest first
        if need > 1:
            keep = shared >= need
            claims, shared = claims[keep], shared[keep]
        sizes = np.frombuffer(self._sizes, dtype=np.uint16)[claims].astype(np.int64)
        closeness = jaccard(shared, size, sizes)
        first = np.argsort(-closeness, kind="stable")[:MAX_EXAMINED]  # stable: equal shares stay oldest first
        ids = self._ids
        return [ids[i] for i in claims[first].tolist()]

    def best_match(self, claim: ClaimRecord) -> tuple[str | None, float]:
        """(id of the known claim this one restates or None, its score).

        Ties go to the claim seen first, so the answer never depends on set order.
        """
        if claim.id in self.claims:
            return claim.id, 1.0
        for f in claim.frames:
            hit = self._frame_match(f)
            if hit is not None:
                return hit, 1.0
        text = Text.of(claim.text)
        if not by_wording(text):
            return None, 0.0  # "on the court": too short to match by wording
        return self._best_scored(claim.text, self._bounded(text, self._candidates(claim, text)))

    def _frame_match(self, frame: str) -> str | None:
        """The claim a frame names: the same frame, or one that differs only in that one side says
        what kind of object it was ("X used chips" restates "X used imported chips"); two different
        kinds ("domestic chip", "imported chip") are two claims."""
        if frame in self._claims_by_frame:
            return self._claims_by_frame[frame]
        base = frame_base(frame)
        return self._claims_by_base.get(base) if base == frame else self._claims_by_frame.get(base)

    def _bounded(self, text: Text, found: list[str]) -> list[tuple[float, str, float]]:
        """(upper bound of the score, id, word logit) of the candidates the matcher deems able to
        reach the threshold (the others score 0, as in ``ClaimMatcher.scores``), highest bound first."""
        out = []
        for cid in found:
            other = self._texts[cid]
            if words_pass(text, other):  # ``_candidates`` found the pair ``plausible``
                z = word_logit(text, other)
                out.append((sigmoid(z + WEIGHTS["cosine"] * COSINE_BOUND), cid, z))
        out.sort(key=lambda bc: (-bc[0], self._order[bc[1]]))
        return out

    def _best_scored(self, raw: str, bounded: list[tuple[float, str, float]]) -> tuple[str | None, float]:
        """Branch and bound over the candidates: a candidate whose bound is below the best score
        so far (or the threshold) cannot win, so its text is never encoded. Same answer and score
        as scoring every candidate (``ClaimMatcher.scores``), for less of the encoder's work."""
        if not bounded:
            return None, 0.0
        vec = self.matcher.vectors([raw])[0]
        best, best_score = None, 0.0
        for bound, cid, z in bounded:
            if bound < max(best_score, self.matcher.threshold):
                break
            cosine = float(vec @ self.matcher.vectors([self.claims[cid].text])[0])
            score = sigmoid(z + WEIGHTS["cosine"] * cosine)
            if best is None or (score, -self._order[cid]) > (best_score, -self._order[best]):
                best, best_score = cid, score
        return (best if self.matcher.same(best_score) else None), best_score

    def match_claim(self, claim: ClaimRecord) -> str | None:
        """Id of the known claim this one restates, if any."""
        return self.best_match(claim)[0]

    def _resolve_claims(self, ex: Extraction) -> None:
        renames: dict[str, str] = {}
        kept: dict[str, ClaimRecord] = {}
        for claim in ex.claims:
            target = self.match_claim(claim)
            if target and target != claim.id:
                renames[claim.id] = target
                claim.id = target
            else:
                self._remember_claim(claim.id, claim.text, list(claim.entities), claim.frames)
            if claim.id in kept:  # two statements of one article restating one claim
                kept[claim.id].hedged = kept[claim.id].hedged or claim.hedged
            else:
                kept[claim.id] = claim
        ex.claims = list(kept.values())
        for att in ex.attributions:
            if att.claim in renames:
                att.claim = renames[att.claim]

    # ---- the entry point ------------------------------------------------------------------

    def resolve(self, extraction: Extraction) -> Extraction:
        """Rewrite entity and claim ids in place to match what the corpus already has."""
        touched = self._vote(extraction)
        memo: dict[tuple, tuple[str, bool]] = {}
        self._retype(extraction, memo=memo)
        # Only the names this article voted on can change type in an earlier one: for the others,
        # the votes are those their last re-typing read, and re-typing gives what it gave (a mention
        # count that grew in a merge only decides between keeping a type and keeping it apart).
        for names, earlier in self._recent:
            if not names.isdisjoint(touched):
                self._retype(earlier, names & touched, memo)
        self._recent.append((frozenset(_norm(e.id) for e in extraction.entities), extraction))
        self._resolve_claims(extraction)
        for ent in extraction.entities:
            if ent.id not in self.entities:
                self.entities[ent.id] = KnownEntity(ent.id, ent.name, ent.type, _norm(ent.id))
                self._new_entities.append(ent.id)
        return extraction


def _keys(norms: frozenset[str]) -> frozenset[str]:
    """Index keys of a claim with these entity norms."""
    return norms or NO_ENTITY_KEYS


def _read_keys(norms: set[str], subj: str | None) -> tuple[str, ...]:
    """Keys whose postings hold every claim ``_compatible`` admits: a claim with entities meets
    only claims sharing one (its subject, when it has one); one without meets claims without."""
    if not norms:
        return (NO_ENTITY,)
    return (subj,) if subj else tuple(sorted(norms))


def jaccard(shared: int | np.ndarray, size_a: int, size_b: int | np.ndarray) -> float | np.ndarray:
    """Jaccard of two word sets from their sizes and the words they share: one rule for a pair of
    texts and, in numpy, for the known claims the postings count at once."""
    return shared / (size_a + size_b - shared)


def by_wording(text: Text) -> bool:
    """Whether a claim text has the content words to be matched by its wording (``MIN_TEXT_WORDS``):
    the one test for a new claim, a known candidate, and what the workers encode ahead."""
    return len(text.content) >= MIN_TEXT_WORDS


def encodable_texts(ex: Extraction) -> list[str]:
    """The claim texts resolution may give the encoder (long enough to match by wording), each once:
    what an extraction worker encodes ahead when it relieves the writer (``kg ingest
    --encode-in-workers``). A worker cannot know which will meet a candidate: it encodes all of them."""
    return list(dict.fromkeys(c.text for c in ex.claims if by_wording(Text.of(c.text))))


def same_claim(a: str, b: str, matcher: ClaimMatcher) -> tuple[bool, float]:
    """Whether ingestion would put statements with contents ``a`` and ``b`` under one claim
    (no linked entities, so only the wording decides), and the score it compared."""
    state = CorpusState(matcher.threshold, matcher=matcher)
    state.seed(claims=[KnownClaim("a", a)])
    target, score = state.best_match(ClaimRecord(id="b", text=b))
    return target == "a", score


def _rename_entities(ex: Extraction, renames: dict[str, str]) -> None:
    """Apply entity id renames to every reference in the extraction (merging duplicates)."""

    def renamed(eid: str | None) -> str | None:
        return renames.get(eid, eid) if eid else None

    merged: dict[str, EntityRecord] = {}
    for ent in ex.entities:
        if ent.id in merged and merged[ent.id] is not ent:
            keep = merged[ent.id]
            keep.aliases += [a for a in ent.aliases if a not in keep.aliases]
            keep.mentions += ent.mentions
        else:
            merged[ent.id] = ent
    ex.entities = list(merged.values())
    for att in ex.attributions:
        src = att.source
        if src is not None and (src.entity in renames or src.speaks_for in renames):
            att.source = replace(src, entity=renamed(src.entity), speaks_for=renamed(src.speaks_for))
    for claim in ex.claims:
        claim.subject, claim.object = renamed(claim.subject), renamed(claim.object)
        claim.entities = list(dict.fromkeys(renames.get(e, e) for e in claim.entities))
    for rel in ex.relations:
        rel.subject = renames.get(rel.subject, rel.subject)
        rel.object = renames.get(rel.object, rel.object)
