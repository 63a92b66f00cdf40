"""Are two statements' contents one claim? The score ingestion and ``kg match`` both use.

A restatement keeps the meaning and changes the words ("the firm acquired the plant" / "the
company bought the factory"), so the score leans on a sentence encoder (``embedding.py``),
fine-tuned on MRPC's news pairs (``encoder_tune.py``) so that a restatement that adds or drops a
detail sits apart from a true one. The score is a logistic model of the two vectors' cosine
whose weights (the table below) were fitted by ``bench/match.py --fit`` on MRPC pairs the encoder
never saw. Word features (overlap, order, length, numbers, names) add nothing to that score, but
they rule pairs out: pairs whose figures disagree or that share too few content words
(``plausible``), or that the former score (stock encoder and word features, ``GATE_WEIGHTS``)
could not pass at any likely cosine, are "different" without running the encoder (``words_allow``).
The encoder costs ~1.3-2 ms of CPU a sentence, and this keeps ingestion's cost at the candidates
that matter. ``kg match`` applies the same gate, so its answer is exactly ingestion's. Nothing in
it names a story.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from sys import intern

import numpy as np
from rapidfuzz import fuzz

from extraction.words import WORD, is_content, stem

# Logistic weights of the score (fitted by ``bench/match.py --fit --features cosine`` on MRPC's weights
# bucket, whose pairs the fine-tuned encoder never saw). With the encoder fine-tuned on MRPC the word
# features add nothing to the score (5-fold CV there: cosine alone 0.776 / 0.845, with every word
# feature 0.770 / 0.838), so they get no weight in it; they still rule pairs out (``GATE_WEIGHTS``).
WEIGHTS: dict[str, float] = {"bias": -8.2323, "cosine": 11.3977}
THRESHOLD = 0.407  # probability at or above which two statements are one claim (tuned with the weights)
# The word features that carry a weight in the score: none today, so its word part is the bias alone.
WORD_FEATURES = tuple(k for k in WEIGHTS if k not in ("bias", "cosine"))
# The word gate: the former score (the stock encoder's cosine and every word feature, fitted on all
# MRPC tuning pairs) at its threshold. A pair it scores below ``GATE_THRESHOLD`` even at a cosine of
# ``MAX_COSINE`` is "different" without the encoder. On the weights bucket this gate lifts the tuned
# score (accuracy / F1 0.781 / 0.847 -> 0.786 / 0.847: pairs that say more than the other, or differ in
# a number), and it keeps resolution's encoder work where it was.
GATE_WEIGHTS: dict[str, float] = {
    "bias": -1.9455,
    "cosine": 4.5242,
    "jaccard": 3.2141,
    "length_ratio": -6.436,
    "length_diff": -2.7398,
    "extra_content": -0.1576,
    "numbers_differ": -0.8819,
    "numbers_subset": -0.1838,
    "names": -0.4377,
    "names_extra": 0.1408,
    "order": 3.7452,
    "sorted": 5.7452,
    "coverage_min": -4.4376,
    "coverage_max": -0.3783,
    "ngram1_min": 1.8415,
    "ngram1_max": 1.3519,
    "ngram2_min": 7.4764,
    "ngram2_max": -5.2883,
    "ngram3_min": 0.2991,
    "ngram3_max": -4.0645,
}
GATE_THRESHOLD = 0.467
MIN_SHARED = 3  # content words two texts must share before the encoder is asked
MIN_COVERAGE = 0.2  # share of the shorter text's content words the other must contain
# The highest cosine the gate grants a pair: one whose words would need more to reach the gate's
# threshold is "different" without the encoder (16 % fewer texts encoded on 300 BBC articles than
# with a cut at 1, same claims).
MAX_COSINE = 0.9
CACHE = 50_000  # embeddings kept (float16, ~0.8 KB each)
CACHE_TEXTS = 8192  # texts' word features kept (a batch's claims and their candidates)

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
# Numbers news writes in words ("six cts", "two plants"), as the digits they stand for, so a figure
# compares the same however it is written. "one" is left out: it is more often a pronoun ("one of
# the banks") than a figure.
NUMBER_WORDS: dict[str, str] = {
    "zero": "0",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
}


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
    """Words are interned: resolution keeps a Text for every known claim, and tens of thousands of
    claims spelling the same few thousand words each held their own copies (a smaller state in
    memory and on disk, pickled with each word once)."""
    raw = WORD.findall(text)
    stems = tuple(intern(stem(w)) for w in raw)
    tokens = tuple(intern(w.lower()) for w in raw)
    return Text(
        text=text,
        tokens=tokens,
        stems=stems,
        content=frozenset(s for w, s in zip(raw, stems, strict=True) if is_content(w)),
        numbers=frozenset(intern(n.replace(",", "").rstrip(".")) for n in _NUMBER.findall(text))
        | frozenset(NUMBER_WORDS[t] for t in tokens if t in NUMBER_WORDS),
        # the first word is capitalised anyway
        names=frozenset(t for w, t in zip(raw[1:], tokens[1:], strict=True) if w[:1].isupper()),
    )


def _covers(a: frozenset, b: frozenset, shared: int | None = None) -> tuple[float, float]:
    """(smaller, larger) of the shares of ``a`` found in ``b`` and of ``b`` found in ``a``
    (``shared``: ``len(a & b)``, if the caller has it)."""
    if shared is None:
        shared = len(a & b)
    pa, pb = shared / (len(a) or 1), shared / (len(b) or 1)
    return (pa, pb) if pa <= pb else (pb, pa)


@dataclass(frozen=True, slots=True)
class _Grams:
    """A text's stem counts and 1-, 2- and 3-gram sets: a new claim meets up to ``MAX_CANDIDATES``
    known ones and a known claim many new ones, so each is read once, not once a pair. The 1-grams
    are the stems themselves (the features read only the sets' sizes and overlaps, which are those
    of the 1-tuples)."""

    counts: dict[str, int]
    repeats: bool  # a stem occurs twice
    ngrams: tuple[frozenset, ...]


@lru_cache(maxsize=CACHE_TEXTS)
def _grams(stems: tuple[str, ...]) -> _Grams:
    counts: dict[str, int] = {}
    for s in stems:
        counts[s] = counts.get(s, 0) + 1
    trigrams = zip(stems, stems[1:], stems[2:], strict=False)
    ngrams = (frozenset(counts), frozenset(itertools.pairwise(stems)), frozenset(trigrams))
    return _Grams(counts, len(counts) < len(stems), ngrams)


def _quick_ratio(a: tuple[str, ...], b: tuple[str, ...], grams: tuple[_Grams, _Grams] | None = None) -> float:
    """``SequenceMatcher(None, a, b).quick_ratio()`` (an upper bound of its ``ratio``, from the
    stems both texts have), read off the cached counts (``grams``: the two texts', if the caller has them)."""
    ga, gb = grams or (_grams(a), _grams(b))
    shared = ga.ngrams[0] & gb.ngrams[0]
    repeated = ga.repeats or gb.repeats  # else each shared stem is one match
    matches = sum([min(ga.counts[w], gb.counts[w]) for w in shared]) if repeated else len(shared)
    length = len(a) + len(b)
    return 2.0 * matches / length if length else 1.0


def plausible(a: Text, b: Text) -> bool:
    """Cheap gate: figures that do not disagree, and enough shared content words that the pair is
    worth the encoder. A claim's figures are part of it: when both texts give numbers and share
    none ("a loss of 13 mln dlrs" / "a loss of 10 mln dlrs"), they are two claims, however alike
    the rest. MRPC calls many such pairs paraphrases (the held-out score falls 0.782 / 0.849 ->
    0.776 / 0.843), but over the Reuters stories 19 % of the merges by wording joined texts whose
    figures disagree, and 30 of 30 read were different claims."""
    if a.numbers and b.numbers and a.numbers.isdisjoint(b.numbers):
        return False
    shared = len(a.content & b.content)
    smaller = min(len(a.content), len(b.content))
    return shared >= MIN_SHARED and shared >= MIN_COVERAGE * smaller


# The word features, in the order ``features`` lists them (and the weight tables name them).
FEATURES = (
    "cosine",
    "jaccard",
    "length_ratio",
    "length_diff",
    "extra_content",
    "numbers_differ",
    "numbers_subset",
    "names",
    "names_extra",
    "order",
    "sorted",
    "coverage_min",
    "coverage_max",
    "ngram1_min",
    "ngram1_max",
    "ngram2_min",
    "ngram2_max",
    "ngram3_min",
    "ngram3_max",
)
_ORDER = FEATURES.index("order")


def _values(
    a: Text, b: Text, cosine: float, order: float | None, grams: tuple[_Grams, _Grams] | None = None
) -> list[float]:
    """The feature values in ``FEATURES`` order (``features`` without the dict: the word gate asks
    for them for every candidate). ``grams``: the two texts' ``_grams``, if the caller has them."""
    la, lb = len(a.tokens), len(b.tokens)
    # Each set's overlap is counted once (union and symmetric difference follow from it).
    shared = len(a.content & b.content)
    union = len(a.content) + len(b.content) - shared
    shared_names = len(a.names & b.names)
    union_names = len(a.names) + len(b.names) - shared_names
    subset = a.numbers <= b.numbers or b.numbers <= a.numbers
    ga, gb = grams or (_grams(a.stems), _grams(b.stems))
    values = [
        cosine,
        shared / union if union else 0.0,
        min(la, lb) / max(la, lb, 1),
        abs(la - lb) / 10,
        (union - shared) / 10,
        float(bool(a.numbers or b.numbers) and not subset),
        float(a.numbers != b.numbers and subset),
        shared_names / union_names if union_names else 1.0,
        (union_names - shared_names) / 5,
        SequenceMatcher(None, a.stems, b.stems, autojunk=False).ratio() if order is None else order,
        fuzz.token_sort_ratio(a.text, b.text) / 100,
        *_covers(a.content, b.content, shared),
    ]
    for sa, sb in zip(ga.ngrams, gb.ngrams, strict=True):
        values += _covers(sa, sb)
    return values


def features(a: Text, b: Text, cosine: float, order: float | None = None) -> dict[str, float]:
    """What a restatement keeps (meaning, most words and their order, the numbers and names) and
    what a different claim adds: one-sided coverage (one text says more), an unmatched number.
    ``order``: the word-order ratio if the caller has it (or a bound of it)."""
    return dict(zip(FEATURES, _values(a, b, cosine, order), strict=True))


def logit(feats: dict[str, float], weights: dict[str, float] = WEIGHTS) -> float:
    return weights["bias"] + sum([w * feats[k] for k, w in weights.items() if k != "bias"])


def word_logit(a: Text, b: Text) -> float:
    """The score's logit at cosine 0: what the words alone add (computed only when a word feature weighs)."""
    return logit(features(a, b, 0.0)) if WORD_FEATURES else WEIGHTS["bias"]


def words_allow(a: Text, b: Text) -> bool:
    """Whether the words leave the pair to the encoder: enough shared content words, and the word
    gate could pass it with a cosine of ``MAX_COSINE`` (its score is linear in the cosine before
    the sigmoid, with a positive weight, so that is its best)."""
    return plausible(a, b) and words_pass(a, b)


# The gate's weights by position in ``FEATURES`` (in the order of ``GATE_WEIGHTS``, so the logit is
# summed in the same order as ``logit`` sums it: the same float).
_GATE_TERMS = tuple((FEATURES.index(k), w) for k, w in GATE_WEIGHTS.items() if k != "bias")


def words_pass(a: Text, b: Text) -> bool:
    """``words_allow`` for a pair known to be ``plausible``."""
    if GATE_WEIGHTS["order"] <= 0:
        return _gate_passes(_values(a, b, 0.0, None))
    # The order ratio (difflib, pure Python) weighs positively: a pair that fails even at its upper
    # bound (``quick_ratio``, from word counts) fails, and ~85 % of the pairs resolution asks about
    # do; only the others pay for the ratio. Same answer as computing it for every pair.
    grams = _grams(a.stems), _grams(b.stems)
    values = _values(a, b, 0.0, _quick_ratio(a.stems, b.stems, grams), grams)
    if not _gate_passes(values):
        return False
    values[_ORDER] = SequenceMatcher(None, a.stems, b.stems, autojunk=False).ratio()
    return _gate_passes(values)


def _gate_passes(values: list[float]) -> bool:
    """The word gate at the best cosine it grants (``MAX_COSINE``): ``logit(features, GATE_WEIGHTS)``."""
    z = GATE_WEIGHTS["bias"] + sum([w * values[i] for i, w in _GATE_TERMS])
    return sigmoid(z + GATE_WEIGHTS["cosine"] * MAX_COSINE) >= GATE_THRESHOLD


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

            self._keep(missing, encoder().encode(missing))
            self.encoded += len(missing)
        out = []
        for t in texts:
            self._vectors.move_to_end(t)
            out.append(self._vectors[t].astype(np.float32))
        return out

    def known(self) -> dict[str, np.ndarray]:
        """The embeddings held now, by text (a benchmark saves them to skip the encoder next run)."""
        return dict(self._vectors)

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Take embeddings computed elsewhere by this encoder: a benchmark's saved ones, or those the
        extraction workers computed (``kg ingest --encode-in-workers``)."""
        self._keep(texts, vectors)

    def _keep(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Cache ``vectors`` as float16, the least recently used going beyond ``CACHE``."""
        for t, v in zip(texts, vectors, strict=True):
            self._vectors[t] = np.asarray(v, dtype=np.float16)
        while len(self._vectors) > CACHE:
            self._vectors.popitem(last=False)

    def scores(self, text: str, others: Sequence[str]) -> list[float]:
        """Probability that ``text`` and each of ``others`` state one claim (0 when the words alone
        rule the pair out: ``words_allow``)."""
        a = Text.of(text)
        bs = [Text.of(o) for o in others]
        words = {i: word_logit(a, b) for i, b in enumerate(bs) if words_allow(a, b)}
        keep = list(words)
        out = [0.0] * len(others)
        if not keep:
            return out
        vecs = self.vectors([text, *(others[i] for i in keep)])
        for i, v in zip(keep, vecs[1:], strict=True):
            out[i] = sigmoid(words[i] + WEIGHTS["cosine"] * float(vecs[0] @ v))
        return out

    def score(self, a: str, b: str) -> float:
        return self.scores(a, [b])[0]

    def same(self, score: float) -> bool:
        return score >= self.threshold
