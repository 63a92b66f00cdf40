"""The closest spelling of a name among many keys, through a bigram index instead of a scan.

``fuzz.ratio(a, b)`` is ``200 * L / (|a| + |b|)`` for ``L`` the length of their longest common
subsequence. Aligning that subsequence breaks at most ``|a| + |b| - 2L`` of its ``L - 1`` adjacent
pairs (each break skips a character of ``a`` or of ``b``), so the two strings share at least
``3L - 1 - |a| - |b|`` bigrams, counted with repeats. A key sharing fewer cannot reach the cutoff and
is never scored: a question's unknown name is scored against tens of keys, not every key in the
graph (a scan grew with the catalogue: ~2 ms a question at 19,000 articles). Same answer as
``process.extractOne`` over every key: the highest ratio, the first key in order on a tie.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz


def _grams(key: str) -> list[tuple[str, int]]:
    """Each bigram with its occurrence number: counting shared (bigram, n) pairs counts bigrams with repeats."""
    seen: dict[str, int] = defaultdict(int)
    out = []
    for i in range(len(key) - 1):
        gram = key[i : i + 2]
        out.append((gram, seen[gram]))
        seen[gram] += 1
    return out


def _needed(n: int, m: np.ndarray, cutoff: float) -> np.ndarray:
    """Bigrams a string of length ``n`` must share with strings of lengths ``m`` for ``fuzz.ratio`` to
    reach ``cutoff`` (the common subsequence's least length a step low, so float rounding never drops a key)."""
    least = np.ceil(cutoff * (n + m) / 200 - 1e-6)
    return 3 * least - 1 - (n + m)


class FuzzyKeys:
    """Keys posted under their bigrams, for ``closest``."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.lengths = np.array([len(k) for k in keys], dtype=np.int32)
        postings: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            for gram in _grams(key):
                postings[gram].append(i)
        self.postings = {g: np.array(ids, dtype=np.int32) for g, ids in postings.items()}

    def closest(self, key: str, cutoff: float) -> tuple[str, float] | None:
        """The key with the highest ``fuzz.ratio`` at or above ``cutoff`` (the first on a tie), and its ratio."""
        lists = [self.postings[g] for g in _grams(key) if g in self.postings]
        # a key of one character has no bigram: only keys that need none can reach it
        ids = np.concatenate(lists) if lists else np.zeros(0, np.int32)
        shared = np.bincount(ids, minlength=len(self.keys))
        best: tuple[float, int] | None = None
        for i in np.flatnonzero(shared >= _needed(len(key), self.lengths, cutoff)):
            score = fuzz.ratio(key, self.keys[i], score_cutoff=cutoff)
            if score and (best is None or score > best[0]):  # ascending order: the first wins a tie
                best = (score, int(i))
        return (self.keys[best[1]], best[0]) if best else None
