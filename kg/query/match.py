"""Score graph statements against a question's claim words and entities; find evidence sentences.

Pure Python: the candidates come from full-text and entity queries; this decides which fit.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from itertools import accumulate
from typing import Any

from extraction.records import norm_name
from extraction.words import stem, stems
from kg.query.linking import Mention

__all__ = ["mentions_in", "names_in", "overlap", "score_row", "sentence_around", "stem", "stems"]


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


def names_in(normed: str, names: list[Any]) -> bool:
    """Whether a ``norm_name``-ed text holds any of the names (of two characters or more) as a word."""
    pattern = _names_pattern(frozenset(k for k in (_norm(str(n or "")) for n in names) if len(k) > 1))
    return bool(pattern and pattern.search(normed))


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


def _folded(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` casefolded, with the sentence spans moved onto it (casefolding lengthens "ß" to "ss")."""
    low = text.casefold()
    if len(low) == len(text):
        return low, spans
    at = list(accumulate((len(ch.casefold()) for ch in text), initial=0))
    return low, [(at[start], at[end]) for start, end in spans]


def sentence_around(text: str, names: list[str]) -> tuple[str, int, int]:
    """The sentence of ``text`` naming the most of ``names`` (case-insensitive; the first on ties), with offsets.

    A question about two entities gets the sentence that names both when the article has one (each
    spelling in ``names`` counts: a name given in two cases counts twice). Each name is searched once
    over the text, from sentence to sentence, not in every sentence (and only if the text holds it at
    all): a timeline reads a hundred articles.
    """
    if not text:
        return "", -1, -1
    spans = _sentences(text)
    low, folded = _folded(text, spans)
    ends = [end for _, end in folded]
    hits = [0] * len(spans)
    for name, weight in Counter(n.casefold() for n in {n for n in names if n}).items():
        if name not in low:  # most of a node's many spellings are in no given article: skip the regex
            continue
        pattern, pos = _names_pattern(frozenset([name])), 0
        while pattern and (m := pattern.search(low, pos)):
            i = bisect_left(ends, m.end())
            if folded[i][0] <= m.start():  # within one sentence: count it, go on from the next
                hits[i] += weight
                pos = folded[i][1] + 1
            else:  # across a sentence break: not a mention in either
                pos = m.start() + 1
    if not any(hits):
        return "", -1, -1
    start, end = spans[hits.index(max(hits))]
    end = min(end, start + 600)
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    return raw.strip(), start + lead, start + lead + len(raw.strip())
