"""Full-text searches whose cost does not grow with the corpus (#17).

An any-of-these-words search yields one record per statement that holds any of the words, and the
store sorts them all before its LIMIT: a word that every tenth statement holds ("said", "offer",
"company") made a question's cost grow with the corpus (139,000 records for one question at 18,767
Reuters stories). A word more than ``COMMON_HITS`` statements hold therefore does not find
candidates: the hits are the statements that hold one of the rarer words, at most ``COMMON_HITS``
per word (claim matching still scores every word of the question). When every word statements hold
is common, the hits are the statements that hold them all. On a graph where no word is that common
the search is the plain any-of-these-words one.

How many statements hold a word is counted with a capped probe (``COMMON_HITS + 1`` records at most)
and kept per store and graph version, so a word is probed once.
"""

from __future__ import annotations

import threading
from typing import Any

from kg.query import catalogue, linking

COMMON_HITS = 1000
_CACHE_WORDS = 20000  # probed words kept per store (the cache starts afresh beyond)
_HITS: dict[str, tuple[Any, dict[str, int]]] = {}  # store key -> (graph version, word -> capped hits)
_LOCK = threading.Lock()


def _known(store: Any) -> dict[str, int]:
    """This store's probe cache, emptied when the graph version the name table read has changed."""
    key = linking.store_key(store)
    version = linking.cached_version(store)
    with _LOCK:
        cached = _HITS.get(key)
        if cached is None or cached[0] != version or len(cached[1]) > _CACHE_WORDS:
            cached = (version, {})
            _HITS[key] = cached
        return cached[1]


def word_hits(run: Any, words: list[str]) -> dict[str, int]:
    """How many statements hold each word, counted up to ``COMMON_HITS + 1``."""
    known = _known(run.store)
    hits_query = catalogue.fulltext_templates(run.store.dialect).hits
    for w in words:
        if w not in known:
            rows = run.fulltext(hits_query, {"q": w, "cap": COMMON_HITS + 1})
            known[w] = int(rows[0].get("n") or 0) if rows else 0
    return {w: known[w] for w in words}


def bounded_query(run: Any, words: list[str]) -> str:
    """The full-text query for ``words`` (escaped): any of the rarer words; when every word that
    statements hold is common, all of the common words. Claim matching still scores every word."""
    words = list(dict.fromkeys(w.lower() for w in words if w))
    if not words:
        return ""
    hits = word_hits(run, words)
    rare = [w for w in words if hits[w] <= COMMON_HITS]
    if any(hits[w] for w in rare) or len(rare) == len(words):
        return catalogue.fulltext_query(run.store.dialect, rare)
    return catalogue.fulltext_query(run.store.dialect, [w for w in words if hits[w] > COMMON_HITS], every=True)
