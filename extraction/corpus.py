"""Corpus-level resolution across articles: entity type votes and claim matching.

Extraction of one document sees one document; this state sees the corpus. Ingestion seeds it
from the store (so matching spans earlier runs) and passes every new Extraction through
``resolve`` before writing. Pure Python: no database code.

* Entity types: every article votes (its mention count) for the type of each name. When the
  corpus clearly prefers another type (at least ``retype_ratio`` times the votes) and the article's
  own evidence is weak, the entity is re-typed (and its id rewritten everywhere in the
  extraction). Recent extractions that are not written yet (one ingest chunk) are re-typed too,
  so the first article of a batch benefits from the later ones. A name with strong evidence for
  two types stays two entities (the type guard).
* Claims: a new claim is the same as a known one when they share a linked entity (or neither
  has any) and their content words are similar (rapidfuzz token-set ratio >= ``claim_threshold``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extraction.records import ClaimRecord, EntityRecord, Extraction, entity_id

OUTLET = "Outlet"
STORE_PRIOR = 2.0  # votes for an entity type already in the store
STRONG = 3  # mentions in one article that make its own typing stand
RECENT = 256  # extractions kept for retroactive re-typing (covers one ingest chunk)
MIN_TEXT_WORDS = 4  # content words a claim needs to be matched by wording alone

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "but",
        "with",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "we",
        "our",
        "which",
        "who",
        "whom",
        "whose",
        "than",
        "then",
        "there",
        "also",
        "not",
        "no",
        "into",
        "about",
        "over",
        "after",
        "before",
        "under",
        "between",
        "through",
        "while",
        "would",
        "could",
        "should",
        "may",
        "might",
        "will",
        "can",
        "do",
        "does",
        "did",
        "said",
        "says",
        "according",
        "reportedly",
        "allegedly",
        "just",
        "more",
        "most",
        "such",
        "any",
        "some",
    ]
)
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass
class KnownClaim:
    id: str
    text: str
    entities: list[str] = field(default_factory=list)
    key: str = ""
    frames: list[str] = field(default_factory=list)


@dataclass
class KnownEntity:
    id: str
    name: str
    type: str
    norm: str


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


# General-language synonym classes: restatements of one claim pick different words for these.
_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        [
            "use",
            "utilize",
            "utilise",
            "leverage",
            "employ",
            "deploy",
            "rely",
            "acquire",
            "obtain",
            "buy",
            "purchase",
            "access",
            "procure",
            "get",
            "source",
        ],
        "use",
    ),
    **dict.fromkeys(["chip", "gpu", "processor", "accelerator", "hardware", "semiconductor", "microchip"], "chip"),
    **dict.fromkeys(
        ["smuggle", "smuggl", "smuggling", "illicit", "illicitly", "illegal", "illegally", "banned", "contraband"],
        "illicit",
    ),
    **dict.fromkeys(["say", "state", "claim", "assert"], "say"),
    **dict.fromkeys(["ban", "restrict", "prohibit", "block"], "ban"),
    **dict.fromkeys(["sanction", "export", "control"], "control"),
    **dict.fromkeys(["million", "billion", "thousand", "hundred"], "many"),
}


def canon_word(word: str) -> str:
    """A word's synonym class (or its light stem)."""
    w = _SYNONYMS.get(word) or _SYNONYMS.get(_stem(word))
    return w or _stem(word)


def claim_key(text: str) -> str:
    """Content words, lower-cased, lightly stemmed, synonyms unified: what claim similarity compares."""
    return " ".join(dict.fromkeys(canon_word(w) for w in _TOKEN.findall(text.lower()) if w not in _STOP))


def claim_similarity(a: str, b: str) -> float:
    """0..1 similarity of two claim keys: set cosine of content words, blended with rapidfuzz's
    token-sort ratio (which rewards shared word order and spelling variants)."""
    if not a or not b:
        return 0.0
    wa, wb = set(a.split()), set(b.split())
    cosine = len(wa & wb) / (len(wa) * len(wb)) ** 0.5
    return 0.7 * cosine + 0.3 * fuzz.token_sort_ratio(a, b) / 100.0


def _norm_of(eid: str) -> str:
    return eid.split(":", 1)[1] if ":" in eid else eid


class CorpusState:
    """Remembers claims and entities seen so far; maps new ones onto them."""

    def __init__(self, claim_threshold: float = 0.62, retype_ratio: float = 2.0) -> None:
        self.claim_threshold = claim_threshold
        self.retype_ratio = retype_ratio
        self.claims: dict[str, KnownClaim] = {}
        self.entities: dict[str, KnownEntity] = {}
        self.type_votes: dict[str, Counter] = defaultdict(Counter)  # norm -> type -> votes
        self._claims_by_frame: dict[str, str] = {}
        # Word postings make wording matches cost what they share, not the size of the corpus.
        self._claims_by_word: dict[str, list[str]] = defaultdict(list)
        self._words: dict[str, frozenset[str]] = {}
        self._entity_norms: dict[str, frozenset[str]] = {}
        self._order: dict[str, int] = {}
        self._recent: deque[Extraction] = deque(maxlen=RECENT)

    def seed(self, claims: Iterable[KnownClaim] = (), entities: Iterable[KnownEntity] = ()) -> None:
        for c in claims:
            self._remember_claim(c.id, c.text, list(c.entities), list(c.frames))
        for e in entities:
            self.entities[e.id] = e
            if e.type and e.type != OUTLET:
                self.type_votes[e.norm or _norm_of(e.id)][e.type] += STORE_PRIOR

    # ---- entities -------------------------------------------------------------------------

    def _preferred_type(self, norm: str, etype: str, own: int) -> str:
        """The corpus's type for ``norm`` if it clearly beats ``etype`` and the article's evidence is weak."""
        votes = self.type_votes.get(norm)
        if not votes:
            return etype
        best, best_votes = max(votes.items(), key=lambda kv: kv[1])
        if best == etype or (own >= STRONG and votes[etype] * self.retype_ratio > best_votes):
            return etype
        if best_votes >= self.retype_ratio * max(votes[etype], 1e-9):
            return best
        return etype

    def _retype(self, ex: Extraction) -> None:
        renames: dict[str, str] = {}
        for ent in ex.entities:
            if ent.type == OUTLET:
                continue
            norm = _norm_of(ent.id)
            own = len(ent.mentions)
            new_type = self._preferred_type(norm, ent.type, own)
            if new_type != ent.type:
                new_id = entity_id(new_type, ent.name)
                renames[ent.id] = new_id
                ent.type, ent.id = new_type, new_id
        if renames:
            _rename_entities(ex, renames)

    def _vote(self, ex: Extraction) -> set[str]:
        touched = set()
        for ent in ex.entities:
            if ent.type != OUTLET:
                norm = _norm_of(ent.id)
                self.type_votes[norm][ent.type] += len(ent.mentions) or 1
                touched.add(norm)
        return touched

    # ---- claims ---------------------------------------------------------------------------

    def _remember_claim(self, cid: str, text: str, entities: list[str], frames: list[str] = ()) -> None:  # type: ignore[assignment]
        known = KnownClaim(cid, text, entities, claim_key(text), list(frames))
        if cid not in self._order:
            self._order[cid] = len(self._order)
            words = frozenset(known.key.split())
            self._words[cid] = words
            for w in words:
                self._claims_by_word[w].append(cid)
        self.claims[cid] = known
        self._entity_norms[cid] = frozenset(_norm_of(e) for e in entities)
        for f in frames:
            self._claims_by_frame.setdefault(f, cid)

    def _min_cosine(self) -> float:
        """The word-set cosine a pair needs to reach the threshold even with a perfect fuzzy score."""
        return (self.claim_threshold - 0.3) / 0.7

    def match_claim(self, claim: ClaimRecord) -> str | None:
        """Id of the known claim this one restates, if any.

        Same result as scoring every known claim that shares an entity (ties go to the claim seen
        first, so the answer never depends on set order), but only claims sharing enough content
        words to pass the threshold are scored.
        """
        if claim.id in self.claims:
            return claim.id
        for f in claim.frames:
            if f in self._claims_by_frame:
                return self._claims_by_frame[f]
        key = claim_key(claim.text)
        words = frozenset(key.split())
        if len(words) < MIN_TEXT_WORDS:
            return None  # "on the court": too short to match by wording
        min_cos = self._min_cosine()
        if min_cos <= 0:
            candidates = dict.fromkeys(self.claims, 0)
        else:
            candidates = Counter()
            for w in words:
                candidates.update(self._claims_by_word.get(w, ()))
        norms = {_norm_of(e) for e in claim.entities}
        subj = _norm_of(claim.subject) if claim.subject else None
        best, best_score, best_order = None, 0.0, 0
        for cid, shared in candidates.items():
            known_words = self._words[cid]
            if len(known_words) < MIN_TEXT_WORDS:
                continue
            if min_cos > 0 and shared < min_cos * (len(words) * len(known_words)) ** 0.5 - 1e-9:
                continue
            known_norms = self._entity_norms[cid]
            if norms and not (norms & known_norms):
                continue  # shares no entity with this claim
            if not norms and known_norms:
                continue  # entity-less claims only meet entity-less claims
            if subj and known_norms and subj not in known_norms:
                continue
            score = claim_similarity(key, self.claims[cid].key)
            order = self._order[cid]
            if score > best_score or (score == best_score and best is not None and order < best_order):
                best, best_score, best_order = cid, score, order
        return best if best is not None and best_score >= self.claim_threshold else None

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
        self._retype(extraction)
        for earlier in self._recent:
            if any(_norm_of(e.id) in touched for e in earlier.entities):
                self._retype(earlier)
        self._recent.append(extraction)
        self._resolve_claims(extraction)
        for ent in extraction.entities:
            self.entities.setdefault(ent.id, KnownEntity(ent.id, ent.name, ent.type, _norm_of(ent.id)))
        return extraction


def _rename_entities(ex: Extraction, renames: dict[str, str]) -> None:
    """Apply entity id renames to every reference in the extraction (merging duplicates)."""
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
        if att.source is not None and att.source.entity in renames:
            src = att.source
            att.source = type(src)(src.start, src.end, src.text, renames[src.entity])
    for claim in ex.claims:
        claim.subject = renames.get(claim.subject, claim.subject) if claim.subject else None
        claim.object = renames.get(claim.object, claim.object) if claim.object else None
        claim.entities = list(dict.fromkeys(renames.get(e, e) for e in claim.entities))
    for rel in ex.relations:
        rel.subject = renames.get(rel.subject, rel.subject)
        rel.object = renames.get(rel.object, rel.object)
