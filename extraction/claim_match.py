"""Are two statements' contents one claim? The score ingestion and ``kg match`` both use.

A restatement keeps the meaning and changes the words ("the firm acquired the plant" / "the
company bought the factory"), so the score leans on a sentence encoder (``embedding.py``),
fine-tuned on MRPC's news pairs (``encoder_tune.py``) so that a restatement that adds or drops a
detail sits apart from a true one. The score is a logistic model of the two vectors' cosine
whose weights (the table below) were fitted by ``bench/match.py --fit`` on MRPC pairs the encoder
never saw; word features (overlap, order, numbers, names) are computed for that fit to weigh, and
today it gives them none. Nothing in it names a story.

Pairs that share too few content words are "different" without running the encoder (``plausible``):
the encoder costs ~1.3-2 ms of CPU a sentence, and this keeps ingestion's cost at the candidates that
matter. ``kg match`` applies the same gate, so its answer is exactly ingestion's.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from extraction.words import WORD, is_content, stem

# Logistic weights (fitted by ``bench/match.py --fit --features cosine`` on MRPC's weights bucket, whose
# pairs the fine-tuned encoder never saw). With the encoder fine-tuned on MRPC the word features add
# nothing any more (5-fold CV there: cosine alone 0.776 / 0.845, with all the features below 0.770 /
# 0.838), so they get no weight; ``features`` still computes them for the fit to weigh.
WEIGHTS: dict[str, float] = {"bias": -8.2323, "cosine": 11.3977}
THRESHOLD = 0.407  # probability at or above which two statements are one claim (tuned with the weights)
# The word features that carry a weight: none today, so a pair's word logit is the bias alone.
WORD_FEATURES = tuple(k for k in WEIGHTS if k not in ("bias", "cosine"))
MIN_SHARED = 3  # content words two texts must share before the encoder is asked
MIN_COVERAGE = 0.2  # share of the shorter text's content words the other must contain
# The highest cosine the gate grants a pair: one whose words would need more to reach the threshold
# is "different" without the encoder (with weighted word features: 16 % fewer texts encoded on 300
# BBC articles, same claims). With the cosine alone, every pair past the word gate can reach it.
MAX_COSINE = 0.9
CACHE = 50_000  # embeddings kept (float16, ~0.8 KB each)
CACHE_TEXTS = 8192  # texts' word features kept (a batch's claims and their candidates)

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


@dataclass(frozen=True, slots=True)
class Text:
    """What the features read off one text, computed once."""

    text: str
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    content: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Text:
        """Read once per text: resolution asks for a claim's text in ``prefetch``, ``best_match``
        and when it remembers the claim (Text is immutable, so one instance serves all)."""
        return _text_of(text or "")


@lru_cache(maxsize=CACHE_TEXTS)
def _text_of(text: str) -> Text:
    raw = WORD.findall(text)
    stems = tuple(stem(w) for w in raw)
    return Text(
        text=text,
        tokens=tuple(w.lower() for w in raw),
        stems=stems,
        content=frozenset(s for w, s in zip(raw, stems, strict=True) if is_content(w)),
        numbers=frozenset(n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)),
        # the first word is capitalised anyway
        names=frozenset(w.lower() for w in raw[1:] if w[:1].isupper()),
    )


def _jaccard(a: frozenset, b: frozenset, empty: float = 0.0) -> float:
    union = len(a | b)
    return len(a & b) / union if union else empty


def _covers(a: frozenset, b: frozenset) -> tuple[float, float]:
    """(smaller, larger) of the shares of ``a`` found in ``b`` and of ``b`` found in ``a``."""
    shared = len(a & b)
    pa, pb = shared / max(len(a), 1), shared / max(len(b), 1)
    return min(pa, pb), max(pa, pb)


def _ngrams(seq: tuple[str, ...], n: int) -> frozenset[tuple[str, ...]]:
    return frozenset(zip(*(seq[i:] for i in range(n)), strict=False))


def plausible(a: Text, b: Text) -> bool:
    """Cheap gate: enough shared content words that the pair is worth the encoder."""
    shared = len(a.content & b.content)
    smaller = min(len(a.content), len(b.content))
    return shared >= MIN_SHARED and shared >= MIN_COVERAGE * smaller


def features(a: Text, b: Text, cosine: float) -> dict[str, float]:
    """What a restatement keeps (meaning, most words and their order, the numbers and names) and
    what a different claim adds: one-sided coverage (one text says more), an unmatched number."""
    la, lb = len(a.tokens), len(b.tokens)
    feats = {
        "cosine": cosine,
        "jaccard": _jaccard(a.content, b.content),
        "length_ratio": min(la, lb) / max(la, lb, 1),
        "length_diff": abs(la - lb) / 10,
        "extra_content": len(a.content ^ b.content) / 10,
        "numbers_differ": float(bool(a.numbers | b.numbers) and not (a.numbers <= b.numbers or b.numbers <= a.numbers)),
        "numbers_subset": float(a.numbers != b.numbers and (a.numbers <= b.numbers or b.numbers <= a.numbers)),
        "names": _jaccard(a.names, b.names, empty=1.0),
        "names_extra": len(a.names ^ b.names) / 5,
        "order": SequenceMatcher(None, a.stems, b.stems, autojunk=False).ratio(),
        "sorted": fuzz.token_sort_ratio(a.text, b.text) / 100,
    }
    feats["coverage_min"], feats["coverage_max"] = _covers(a.content, b.content)
    for n in (1, 2, 3):
        feats[f"ngram{n}_min"], feats[f"ngram{n}_max"] = _covers(_ngrams(a.stems, n), _ngrams(b.stems, n))
    return feats


def logit(feats: dict[str, float]) -> float:
    return WEIGHTS["bias"] + sum(w * feats[k] for k, w in WEIGHTS.items() if k != "bias")


def word_logit(a: Text, b: Text) -> float:
    """The logit at cosine 0: what the words alone add (computed only when a word feature weighs)."""
    return logit(features(a, b, 0.0)) if WORD_FEATURES else WEIGHTS["bias"]


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def probability(feats: dict[str, float]) -> float:
    return sigmoid(logit(feats))


class ClaimMatcher:
    """Scores text pairs; remembers embeddings (by text) so each text is encoded once."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self.encoded = 0  # texts run through the encoder (for benchmarks)

    def vectors(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Unit vectors for ``texts``, encoding the unseen ones in one batch."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            from extraction.embedding import encoder

            for t, v in zip(missing, encoder().encode(missing), strict=True):
                self._vectors[t] = v.astype(np.float16)
            self.encoded += len(missing)
            while len(self._vectors) > CACHE:
                self._vectors.popitem(last=False)
        out = []
        for t in texts:
            self._vectors.move_to_end(t)
            out.append(self._vectors[t].astype(np.float32))
        return out

    def known(self) -> dict[str, np.ndarray]:
        """The embeddings held now, by text (a benchmark saves them to skip the encoder next run)."""
        return dict(self._vectors)

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Take embeddings computed earlier by this encoder (a benchmark's saved ones)."""
        for t, v in zip(texts, vectors, strict=True):
            self._vectors[t] = np.asarray(v, dtype=np.float16)

    def scores(self, text: str, others: Sequence[str]) -> list[float]:
        """Probability that ``text`` and each of ``others`` state one claim (0 when the words alone
        rule the pair out: too few shared, or too little overlap for a cosine of ``MAX_COSINE`` to
        lift it)."""
        a = Text.of(text)
        bs = [Text.of(o) for o in others]
        words = {i: word_logit(a, b) for i, b in enumerate(bs) if plausible(a, b)}
        keep = [i for i, z in words.items() if self.reachable(z)]
        out = [0.0] * len(others)
        if not keep:
            return out
        vecs = self.vectors([text, *(others[i] for i in keep)])
        for i, v in zip(keep, vecs[1:], strict=True):
            out[i] = sigmoid(words[i] + WEIGHTS["cosine"] * float(vecs[0] @ v))
        return out

    def reachable(self, words: float) -> bool:
        """Whether a pair whose word features give the logit ``words`` (at cosine 0) could reach the
        threshold: the score is linear in the cosine before the sigmoid and the cosine weight is
        positive, so the pair's best is at ``MAX_COSINE``. Below that, no encoder is run."""
        return self.same(sigmoid(words + WEIGHTS["cosine"] * MAX_COSINE))

    def score(self, a: str, b: str) -> float:
        return self.scores(a, [b])[0]

    def same(self, score: float) -> bool:
        return score >= self.threshold
