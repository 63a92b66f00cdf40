"""spaCy token patterns matched only where they can occur: spaCy's own matches, at a fraction of the cost.

spaCy's Matcher starts every pattern at every token and evaluates each set predicate of the
pattern's first token (``{"LEMMA": {"IN": [...]}}``) there in Python: with the ~70 stance
patterns that cost more than the rest of ``extract_doc``. A pattern whose first token requires
LEMMA or LOWER values can only start on a token carrying one of them, found for the whole text
with one array read. The patterns anchored on a token then run (spaCy's Matcher, unchanged) on a
window as long as the longest of them. A pattern with no length bound (``*``, ``+``) runs on its
own from the first token where it can start to the last token where it can end (its last required
token's LEMMA/LOWER values), or not at all when one of those is missing; within that range, only
on the runs of tokens that meet the (array-testable) conditions of at least one of its pattern
tokens and hold a token where it can start and one where it can end (a match is such a run's part:
``be ADV* critical`` runs on "is sharply critical", not on the sentences between a "be" and a
"critical"). The matches are exactly those spaCy's Matcher finds over the whole text (all of
them, not only the longest at a start).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

Pattern = list[dict[str, Any]]
Match = tuple[str, int, int]  # label, start, end (token indices in the Doc)
Anchor = tuple[int, frozenset[str]]  # column of Doc.to_array([LEMMA, LOWER]), words

_ANCHOR_KEYS = ("LEMMA", "LOWER")
# annotation a pattern attribute needs, and the component that sets it (spaCy's Matcher refuses a Doc without it)
_NEEDS = {
    "TAG": "tagger",
    "POS": "morphologizer or tagger+attribute_ruler",
    "MORPH": "morphologizer or tagger+attribute_ruler",
    "LEMMA": "lemmatizer",
    "DEP": "parser",
}
_BOUNDED_OPS = frozenset([None, "?"])


def token_anchor(token: dict[str, Any]) -> Anchor | None:
    """(column, words): the LEMMA (0) or LOWER (1) values a required pattern token must carry
    (the smaller set when it names both); None for an optional token or one with neither."""
    if "OP" in token:
        return None
    options: list[Anchor] = []
    for column, key in enumerate(_ANCHOR_KEYS):
        value = token.get(key)
        if isinstance(value, dict):
            value = value.get("IN")
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            options.append((column, frozenset(value)))
    return min(options, key=lambda kv: len(kv[1])) if options else None


def max_length(pattern: Pattern) -> int | None:
    """The most tokens a match can span; None when an operator lets it run on (``*``, ``+``)."""
    return len(pattern) if all(t.get("OP") in _BOUNDED_OPS for t in pattern) else None


def end_offsets(pattern: Pattern) -> tuple[int, int, Anchor] | None:
    """Where a bounded pattern's last required token can sit after the match start (fewest, most
    tokens before it) and the LEMMA/LOWER values it must carry; None when that is the first token
    or it carries no such values (then nothing but the start decides)."""
    required = [i for i, t in enumerate(pattern) if "OP" not in t]
    if not required or required[-1] == 0:
        return None
    last = required[-1]
    found = token_anchor(pattern[last])
    return None if found is None else (len(required) - 1, last, found)


def _end_anchor(pattern: Pattern) -> tuple[Anchor | None, int | None]:
    """The anchor of the pattern's last required token and how many tokens may follow it
    (None when the tail is unbounded or there is no required token)."""
    required = [i for i, t in enumerate(pattern) if "OP" not in t]
    if not required:
        return None, None
    last = required[-1]
    return token_anchor(pattern[last]), max_length(pattern[last + 1 :])


class _Codes:
    """The anchor words of one column as small integers, and sets of them as lookup tables."""

    def __init__(self, vocab: Vocab, words: set[str]) -> None:
        self.hashes = np.array(sorted({vocab.strings.add(w) for w in words}), dtype=np.uint64)
        self._vocab = vocab

    def of(self, column: np.ndarray) -> np.ndarray:
        """Per token: the index of its hash among the anchor words, or len(words) for none."""
        n = len(self.hashes)
        if not n:
            return np.zeros(len(column), dtype=np.intp)
        idx = np.searchsorted(self.hashes, column)
        idx[idx == n] = 0
        return np.where(self.hashes[idx] == column, idx, n)

    def table(self, words: frozenset[str]) -> np.ndarray:
        """A boolean table indexed by code: which codes are among ``words``."""
        out = np.zeros(len(self.hashes) + 1, dtype=bool)
        for w in words:
            out[np.searchsorted(self.hashes, self._vocab.strings.add(w))] = True
        return out


@dataclass
class _Group:
    """The bounded rows anchored on one kind of token."""

    matcher: Matcher
    length: int
    # per row: (fewest, most) tokens before its last required token, that token's column and code
    # table; None when some row can match on its first token alone
    checks: list[tuple[int, int, int, list[bool]]] | None

    def may_end(self, codes: tuple[list[int], list[int]], i: int) -> bool:
        """Whether some row's last required token can be found where it would sit after token ``i``."""
        n = len(codes[0])
        for lo, hi, col, table in self.checks or ():
            column = codes[col]
            if any(table[column[j]] for j in range(i + lo, min(n, i + hi + 1))):
                return True
        return False


# Token attributes a row's token mask reads (Doc.to_array columns; the Matcher compares the same
# ids: string hashes, which for parts of speech and labels are spaCy's symbol ids).
_MASK_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "LEMMA": LEMMA, "POS": POS, "TAG": TAG, "DEP": DEP}
Condition = tuple[int, bool, frozenset[str]]  # attribute id, True for IN (False: NOT_IN), values


def _conditions(token: dict[str, Any]) -> list[Condition]:
    """The conditions of one pattern token a mask can test from arrays (exact, ``IN`` and
    ``NOT_IN`` over ``_MASK_ATTRS``); the others are left out, so the mask only ever says more."""
    out = []
    for key, value in token.items():
        attr = _MASK_ATTRS.get(key.upper()) if isinstance(key, str) else None
        if attr is None:
            continue
        if isinstance(value, str):
            value = {"IN": [value]}
        if not (isinstance(value, dict) and len(value) == 1):
            continue
        ((op, words),) = value.items()
        if op in ("IN", "NOT_IN") and isinstance(words, list) and all(isinstance(w, str) for w in words):
            out.append((attr, op == "IN", frozenset(words)))
    return out


class _TokenMask:
    """Which tokens can be part of a match of one pattern: those meeting all the testable conditions
    of at least one of its tokens. A match lies within one run of such tokens, so an unbounded row
    runs on the runs that hold a token where it can start, not on all the text in between."""

    def __init__(self, pattern: Pattern) -> None:
        self.tokens = [_conditions(t) for t in pattern]
        # a token with no testable condition can be any token: the mask says nothing then
        self.useful = bool(pattern) and all(self.tokens)
        self.tables: list[list[tuple[int, bool, np.ndarray]]] = []

    def words(self) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for conds in self.tokens:
            for attr, _inside, values in conds:
                out.setdefault(attr, set()).update(values)
        return out

    def compile(self, codes: dict[int, _Codes]) -> None:
        self.tables = [[(attr, inside, codes[attr].table(values)) for attr, inside, values in c] for c in self.tokens]

    def runs(self, columns: dict[int, np.ndarray], first: int, last: int) -> list[tuple[int, int]]:
        """The maximal runs [start, end) of possible tokens within [first, last) (indices of ``columns``)."""
        mask = np.zeros(last - first, dtype=bool)
        for conds in self.tables:
            ok = np.ones(last - first, dtype=bool)
            for attr, inside, table in conds:
                hit = table[columns[attr][first:last]]
                ok &= hit if inside else ~hit
            mask |= ok
        edges = np.flatnonzero(np.diff(mask, prepend=False, append=False)).tolist()
        return [(first + a, first + b) for a, b in zip(edges[::2], edges[1::2], strict=True)]


@dataclass
class _Unbounded:
    matcher: Matcher
    start: tuple[int, np.ndarray] | None  # column, code table
    end: tuple[int, np.ndarray] | None
    trailing: int | None  # tokens that may follow the last required one
    mask: _TokenMask

    def __post_init__(self) -> None:
        # the codes of the words it must start / end on, as sets: a text with none skips the row at once
        self.needs = [(a[0], frozenset(np.flatnonzero(a[1]).tolist())) for a in (self.start, self.end) if a is not None]

    def may_occur(self, present: tuple[set[int], set[int]]) -> bool:
        return all(not codes.isdisjoint(present[col]) for col, codes in self.needs)


def _mask_codes(vocab: Vocab, masks: list[_TokenMask]) -> dict[int, _Codes]:
    """The words the masks test, coded per attribute; each mask compiled against them."""
    words: dict[int, set[str]] = {}
    for mask in masks:
        for attr, values in mask.words().items():
            words.setdefault(attr, set()).update(values)
    codes = {attr: _Codes(vocab, found) for attr, found in words.items()}
    for mask in masks:
        mask.compile(codes)
    return codes


def _holds(positions: list[int], a: int, b: int) -> bool:
    """Whether sorted positions have one in [a, b)."""
    i = bisect_left(positions, a)
    return i < len(positions) and positions[i] < b


class AnchoredMatcher:
    """``(label, pattern)`` rows, matched like one spaCy Matcher holding them all."""

    def __init__(self, vocab: Vocab, rows: list[tuple[str, Pattern]]) -> None:
        self.vocab = vocab
        self._rows = rows
        self._labels = {vocab.strings.add(label): label for label, _p in rows}
        self._needs = sorted({key for _l, p in rows for t in p for key in t if key in _NEEDS})
        anchors = [token_anchor(p[0]) if p else None for _l, p in rows]
        ends = [_end_anchor(p) for _l, p in rows]
        words: tuple[set[str], set[str]] = (set(), set())
        for found in [*anchors, *(e[0] for e in ends)]:
            if found is not None:
                words[found[0]].update(found[1])
        self._codes = (_Codes(vocab, words[0]), _Codes(vocab, words[1]))
        # bounded, anchored rows: code -> row ids, per column
        self._index: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})
        self._unbounded: list[_Unbounded] = []
        for i, (_label, pattern) in enumerate(rows):
            found = anchors[i]
            if found is not None and max_length(pattern) is not None:
                table = self._codes[found[0]].table(found[1])
                for code in np.flatnonzero(table).tolist():
                    self._index[found[0]].setdefault(code, []).append(i)
                continue
            end, trailing = ends[i]
            self._unbounded.append(
                _Unbounded(
                    self._compile([i]),
                    self._table(found),
                    self._table(end),
                    trailing if end else None,
                    _TokenMask(pattern),
                )
            )
        self._mask_codes = _mask_codes(vocab, [row.mask for row in self._unbounded])
        self._starts = tuple(self._codes[c].table(frozenset()) for c in (0, 1))
        for column in (0, 1):
            self._starts[column][list(self._index[column])] = True
        self._pairs: dict[tuple[int, int], tuple[int, ...]] = {}
        self._groups: dict[tuple[int, ...], _Group] = {}

    def _table(self, found: Anchor | None) -> tuple[int, np.ndarray] | None:
        return None if found is None else (found[0], self._codes[found[0]].table(found[1]))

    def _compile(self, ids: list[int] | tuple[int, ...]) -> Matcher:
        matcher = Matcher(self.vocab)
        by_label: dict[str, list[Pattern]] = {}
        for i in ids:
            label, pattern = self._rows[i]
            by_label.setdefault(label, []).append(pattern)
        for label, pats in by_label.items():
            matcher.add(label, pats)
        return matcher

    def _group(self, lemma: int, lower: int) -> _Group:
        """The rows anchored on a token with these codes: their Matcher, longest length and ends."""
        ids = self._pairs.get((lemma, lower))
        if ids is None:
            ids = self._pairs[(lemma, lower)] = tuple(
                sorted({*self._index[0].get(lemma, ()), *self._index[1].get(lower, ())})
            )
        held = self._groups.get(ids)
        if held is None:
            length = max(max_length(self._rows[i][1]) or 0 for i in ids)
            ends = [end_offsets(self._rows[i][1]) for i in ids]
            checks = None
            if all(e is not None for e in ends):
                checks = [(lo, hi, col, self._codes[col].table(words).tolist()) for lo, hi, (col, words) in ends]
            held = self._groups[ids] = _Group(self._compile(ids), length, checks)
        return held

    def ready(self, doc: Doc) -> bool:
        """Whether ``doc`` has every annotation the patterns read (calling raises otherwise, as spaCy's Matcher)."""
        return all(doc.has_annotation(key) for key in self._needs)

    def __call__(self, doc: Doc, lo: int = 0, hi: int | None = None) -> list[Match]:
        """The matches spaCy's Matcher finds over ``doc[lo:hi]`` (default: the whole Doc), each once,
        in no particular order, with token indices in ``doc``."""
        hi = len(doc) if hi is None else hi
        for key in self._needs:
            if not doc.has_annotation(key):
                raise ValueError(Errors.E155.format(pipe=_NEEDS[key], attr=key))
        if hi <= lo or not self._rows:
            return []
        arr = doc.to_array([LEMMA, LOWER])[lo:hi]
        codes = (self._codes[0].of(arr[:, 0]), self._codes[1].of(arr[:, 1]))
        out: set[Match] = set()
        starts = self._starts[0][codes[0]] | self._starts[1][codes[1]]
        code_lists = (codes[0].tolist(), codes[1].tolist())
        for i in np.flatnonzero(starts).tolist():
            group = self._group(code_lists[0][i], code_lists[1][i])
            if group.checks is not None and not group.may_end(code_lists, i):
                continue
            start = lo + i
            for key, s, e in group.matcher(doc[start : min(hi, start + group.length)]):
                if s == 0:
                    out.add((self._labels[key], start, start + e))
        columns: dict[int, np.ndarray] = {}
        present = (set(code_lists[0]), set(code_lists[1]))
        for row in self._unbounded:
            if not row.may_occur(present):
                continue
            for first, last in self._unbounded_windows(row, doc, codes, columns, lo, hi):
                start = lo + first
                out.update(
                    (self._labels[key], start + s, start + e) for key, s, e in row.matcher(doc[start : lo + last])
                )
        return list(out)

    def _unbounded_windows(
        self, row: _Unbounded, doc: Doc, codes: tuple[np.ndarray, ...], columns: dict[int, np.ndarray], lo: int, hi: int
    ) -> list[tuple[int, int]]:
        """Where an unbounded row can match ([first, last), indices into ``codes``): from the first
        token where it can start to the last where it can end, and within that, the runs of tokens
        its mask allows that hold a possible start (and end). ``columns`` caches the mask's arrays."""
        first, last = 0, hi - lo
        starts = ends = None
        if row.start is not None:
            starts = np.flatnonzero(row.start[1][codes[row.start[0]]]).tolist()
            if not starts:
                return []
            first = starts[0]
        if row.end is not None and row.trailing is not None:
            ends = np.flatnonzero(row.end[1][codes[row.end[0]]]).tolist()
            if not ends or ends[-1] < first:
                return []
            last = min(hi - lo, ends[-1] + 1 + row.trailing)
        if not row.mask.useful:
            return [(first, last)]
        if not columns:
            attrs = list(self._mask_codes)
            arr = doc.to_array(attrs)[lo:hi]
            columns.update({a: self._mask_codes[a].of(arr[:, j]) for j, a in enumerate(attrs)})
        return [
            (a, b)
            for a, b in row.mask.runs(columns, first, last)
            if (starts is None or _holds(starts, a, b)) and (ends is None or _holds(ends, a, b))
        ]
