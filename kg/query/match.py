"""Score graph statements against a question's claim words and entities; find evidence sentences.

Pure Python: the candidates come from full-text and entity queries; this decides which fit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from extraction.records import norm_name
from extraction.words import stem, stems
from kg.query.linking import Mention

__all__ = ["mentions_in", "overlap", "score_row", "sentence_around", "stem", "stems"]


def overlap(query: frozenset[str], text: str) -> float:
    """Share of the query's stems present in ``text``."""
    if not query:
        return 0.0
    return len(query & stems(text)) / len(query)


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    """``norm_name``, kept for the texts of one answer: each candidate is read against every topic."""
    return norm_name(text)


@lru_cache(maxsize=1024)
def _names_pattern(keys: frozenset[str]) -> re.Pattern[str] | None:
    """One regex for any of the names as a whole word (a name shared by many nodes has many keys)."""
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=lambda k: (-len(k), k)) if k)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None


def mentions_in(text: str, mention: Mention) -> bool:
    """Whether ``text`` names the mention's node (by any of its names or aliases)."""
    keys = {k for node in mention.nodes for k in (node.keys or [_norm(node.name)])}
    keys.add(_norm(mention.text))
    pattern = _names_pattern(frozenset(keys))
    return bool(pattern and pattern.search(_norm(text or "")))


# A topic the sentence does not name but its article does ("Acme denied that it is behind the
# purchase", in an article about the purchase) counts for this much of a named one.
ARTICLE_CREDIT = 0.8


def score_row(
    row: dict[str, Any], query: frozenset[str], topics: list[Mention], in_article: frozenset[str] = frozenset()
) -> float:
    """How well one candidate statement fits: word overlap with its claim/content, plus entity overlap.

    ``in_article``: the ids of the question's entities that the statement's article mentions.
    """
    main = f"{row.get('claim') or ''} {row.get('content') or ''}"
    sim = max(overlap(query, main), 0.85 * overlap(query, row.get("sentence") or ""))
    if not topics:
        return sim
    hay = f"{main} {row.get('sentence') or ''}"
    ent = sum(1.0 if mentions_in(hay, m) else ARTICLE_CREDIT if in_article & set(m.ids) else 0.0 for m in topics) / len(
        topics
    )
    if not query:
        return ent
    return 0.55 * sim + 0.45 * ent


_SENT_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+|\n+")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def sentence_around(text: str, names: list[str]) -> tuple[str, int, int]:
    """The sentence of ``text`` naming the most of ``names`` (case-insensitive; the first on ties), with offsets.

    A question about two entities gets the sentence that names both when the article has one.
    """
    if not text:
        return "", -1, -1
    patterns = [
        re.compile(rf"(?<!\w){re.escape(n.casefold())}(?!\w)") for n in sorted({n for n in names if n}, key=len)
    ]
    best, best_hits = None, 0
    for start, end in _sentences(text):
        low = text[start:end].casefold()
        hits = sum(1 for p in patterns if p.search(low))
        if hits > best_hits:
            best, best_hits = (start, end), hits
    if best is None:
        return "", -1, -1
    start, end = best
    end = min(end, start + 600)
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    return raw.strip(), start + lead, start + lead + len(raw.strip())
