"""Stance phrases as spaCy Matcher patterns, kept as data in ``extraction/data/stance_patterns.jsonl``.

One place for the denial, debunking, no-comment, hedge and claim-target phrases: extraction
matches them on parsed articles, the query layer on parsed questions. Patterns are token
patterns over lemmas and lower-cased forms, so "declined to immediately comment" and "declines
comment" need no inflected strings or regexes over raw text. Rows with a ``dep`` field instead of a
``pattern`` are DependencyMatcher patterns for cue phrases with a gap a token pattern cannot span
("cast X as Y", "hit X for Y"): their first node is the cue verb.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from extraction.anchored import AnchoredMatcher, Match

PATTERNS_FILE = Path(__file__).resolve().parent / "data" / "stance_patterns.jsonl"
LABELS = (
    "DENY_VERB",
    "DENIAL",
    "DEBUNK",
    "NO_COMMENT",
    "HEDGE",
    "HEDGE_NOUN",
    "SOURCELESS",
    "TARGET",
    "INQUIRY",
    "UNCONFIRMED",
    "CONDITION",
    "QUESTION_DISPUTE",
    "CUE_VERB",
    "CUE_VERB_CLAUSE",
    "CUE_NOUN",
    "CUE_NOUN_JUDGMENT",
    "CUE_NOUN_COMMITMENT",
    "CUE_NOUN_REQUEST",
    "CUE_SOURCE_NOUN",
    "CUE_PHRASE",
    "CUE_GAP",
)

Hits = dict[str, list[tuple[int, int]]]


@cache
def _rows() -> tuple[dict[str, Any], ...]:
    with open(PATTERNS_FILE, encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


def _by_label(field: str) -> dict[str, list[list[dict[str, Any]]]]:
    out: dict[str, list[list[dict[str, Any]]]] = defaultdict(list)
    for row in _rows():
        if field in row:
            out[row["label"]].append(row[field])
    return dict(out)


@cache
def patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """label -> token patterns, read once from the data file."""
    return _by_label("pattern")


@cache
def dep_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """label -> DependencyMatcher patterns (rows with a ``dep`` field), read once from the data file."""
    return _by_label("dep")


def _fits(tok: Token, attrs: dict[str, Any]) -> bool:
    """Whether a token has the attributes of a DependencyMatcher node (LEMMA, LOWER, POS, DEP; a value or IN)."""
    for attr, want in attrs.items():
        value = {"LEMMA": tok.lemma_.lower(), "LOWER": tok.lower_, "POS": tok.pos_, "DEP": tok.dep_}[attr]
        if value not in (want["IN"] if isinstance(want, dict) else [want]):
            return False
    return True


@cache
def dep_anchors(label: str) -> frozenset[str]:
    """The lemmas a label's dependency patterns start from (a cheap prefilter over the Doc's lemmas).
    Their other nodes must be children of the first (REL_OP '>'), so a match is read off one token."""
    found: set[str] = set()
    for pattern in dep_patterns().get(label, []):
        if any(node["REL_OP"] != ">" or node["LEFT_ID"] != pattern[0]["RIGHT_ID"] for node in pattern[1:]):
            raise ValueError(f"{PATTERNS_FILE.name}: a {label} row may only hang its nodes on the first one")
        lemma = pattern[0]["RIGHT_ATTRS"]["LEMMA"]
        found.update(lemma["IN"] if isinstance(lemma, dict) else [lemma])
    return frozenset(found)


def anchors(doc: Doc, label: str, candidates: list[int]) -> list[int]:
    """Those of the candidate tokens (their lemma is one of ``dep_anchors``) that match one of the label's
    dependency patterns: the first node is the token, each other node one of its children."""
    out = []
    for i in candidates:
        tok = doc[i]
        for pattern in dep_patterns().get(label, []):
            if _fits(tok, pattern[0]["RIGHT_ATTRS"]) and all(
                any(_fits(c, node["RIGHT_ATTRS"]) for c in tok.children) for node in pattern[1:]
            ):
                out.append(i)
                break
    return out


@cache
def words(label: str) -> frozenset[str]:
    """The words of a label's one-token patterns (their LEMMA or LOWER lists), for cheap prefilters."""
    found: set[str] = set()
    for pattern in patterns().get(label, []):
        if len(pattern) != 1:
            continue
        for key in ("LEMMA", "LOWER"):
            value = pattern[0].get(key)
            if isinstance(value, dict):
                found.update(value.get("IN", []))
            elif isinstance(value, str):
                found.add(value)
    return frozenset(found)


_LABEL_MATCHERS: dict[tuple[int, str], tuple[Vocab, AnchoredMatcher]] = {}


def spans(doc: Doc, label: str) -> list[tuple[int, int]]:
    """Longest non-overlapping matches of one label over a whole Doc, in order (spaCy's
    ``greedy="LONGEST"`` over the matches of that label's patterns)."""
    held = _LABEL_MATCHERS.get((id(doc.vocab), label))
    if held is None or held[0] is not doc.vocab:
        rows = [(label, pattern) for pattern in patterns().get(label, [])]
        held = _LABEL_MATCHERS[(id(doc.vocab), label)] = (doc.vocab, AnchoredMatcher(doc.vocab, rows))
    return sorted(longest_first([(start, end) for _label, start, end in held[1](doc)]))


def longest_first(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy's ``greedy="LONGEST"`` filter: longest first (the earlier of two as long), each kept
    when none of its tokens is taken yet."""
    taken: set[int] = set()
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(found), key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
        if taken.isdisjoint(range(start, end)):
            out.append((start, end))
            taken.update(range(start, end))
    return out


# Doc extension: every pattern's matches over the whole Doc, as the attribution component found them
# (extract_doc reads them instead of matching the same Doc again).
MATCHES = "cg_cue_matches"
if not Doc.has_extension(MATCHES):
    Doc.set_extension(MATCHES, default=None)


def doc_matches(doc: Doc) -> list[Match]:
    """(label, start, end) of every pattern's matches over the whole Doc (all of them, as spaCy's
    Matcher gives them): those the attribution component left on it, else matched now."""
    found = doc._.get(MATCHES)
    return anchored_matcher(doc.vocab)(doc) if found is None else found


def remember_matches(doc: Doc) -> list[Match] | None:
    """Match the whole Doc once and leave the matches on it (the attribution component does, for
    extract_doc); None, and nothing left, when the Doc lacks an annotation some pattern reads."""
    if not anchored_matcher(doc.vocab).ready(doc):
        return None
    found = doc_matches(doc)
    doc._.set(MATCHES, found)
    return found


def longest_of(matches: list[Match], label: str) -> list[tuple[int, int]]:
    """``spans`` of one label, from matches of all labels over the whole Doc."""
    return sorted(longest_first([(start, end) for found, start, end in matches if found == label]))


def find(doclike: Doc | Span) -> Hits:
    """label -> (start, end) token spans (doc indices), longest match first at each start."""
    doc = doclike if isinstance(doclike, Doc) else doclike.doc
    whole = isinstance(doclike, Doc)
    matches = doc_matches(doc) if whole else anchored_matcher(doc.vocab)(doc, doclike.start, doclike.end)
    best: dict[tuple[str, int], int] = {}
    for label, start, end in matches:
        key = (label, start)
        best[key] = max(best.get(key, 0), end)
    hits: Hits = defaultdict(list)
    for (label, start), end in sorted(best.items(), key=lambda kv: kv[0][1]):
        hits[label].append((start, end))
    return hits


_ANCHORED: dict[int, tuple[Vocab, AnchoredMatcher]] = {}


def anchored_matcher(vocab: Vocab) -> AnchoredMatcher:
    """The patterns of every label as an ``AnchoredMatcher``, built once per vocabulary."""
    held = _ANCHORED.get(id(vocab))
    if held is None or held[0] is not vocab:
        rows = [(label, pattern) for label, pats in patterns().items() for pattern in pats]
        held = _ANCHORED[id(vocab)] = (vocab, AnchoredMatcher(vocab, rows))
    return held[1]


def within(hits: Hits, label: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Matches of ``label`` that start in the token range [lo, hi)."""
    return [(s, e) for s, e in hits.get(label, []) if lo <= s < hi]
