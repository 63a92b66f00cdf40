"""Content words: the one stemmer and stop-word list shared by claim matching and the query layer.

Stop words are spaCy's; the stemmer is a light suffix stripper that works on text alone, so a
claim text read back from the store (no parse) keys the same as at extraction time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

WORD = re.compile(r"\w+", re.UNICODE)
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ied", "ies", "ed", "es", "ly", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip one inflectional suffix: equates closed/closing/closes, plant/plants."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= (2 if suf in ("ed", "ing", "es") else 3):
            w = w[: -len(suf)]
            if suf in ("ied", "ies"):
                w += "y"
            break
    if len(w) >= 3 and w.endswith("e"):
        w = w[:-1]
    return w


def is_content(word: str) -> bool:
    return len(word) > 1 and word.lower() not in STOP_WORDS


@lru_cache(maxsize=8192)
def stems(text: str) -> frozenset[str]:
    """The stems of the content words of ``text``."""
    return frozenset(stem(w) for w in WORD.findall(text or "") if is_content(w))
