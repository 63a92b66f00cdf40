"""Dependency paths (DependencyMatcher patterns) matched by walking the parse from an anchor word.

spaCy's DependencyMatcher tries the cartesian product of every node's candidate tokens: with a
hundred relation paths that costs more than parsing the article. Here each pattern is compiled
once into integer constraints (lemma and dependency hashes, part-of-speech ids), and a Doc is read
once into plain lists (``Doc.to_array``); a pattern is tried only from the tokens its anchor node
allows, found through an index by lemma or dependency, and extended along heads and children. The
matches, and their order, are those of a token-by-token walk (tests/extraction compare them with
spaCy's own matcher), without creating a Token object per try.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, POS, SENT_START
from spacy.parts_of_speech import IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

_FIELD = {"LEMMA": 0, "POS": 1, "DEP": 2}  # column of each attribute in ``Parse.attrs``

Constraint = tuple[tuple[int, frozenset[int]], ...]  # (column, allowed values) pairs


def _values(attr: str, want: object) -> tuple[int, ...]:
    """A pattern's attribute value(s) as the integers ``Doc.to_array`` gives (kept in pattern order)."""
    words = want["IN"] if isinstance(want, dict) else [want]
    return tuple(IDS[w] if attr == "POS" else get_string_id(w) for w in words)


def _constraint(attrs: dict) -> Constraint:
    return tuple((_FIELD[a], frozenset(_values(a, w))) for a, w in attrs.items())


@dataclass(frozen=True, slots=True)
class _Node:
    left: int  # position in the pattern of the node it hangs from
    rel: str  # REL_OP from that node to this one
    fits: Constraint
    flag: frozenset[int] | None  # the caller's per-token flags allowed here (None: any)


@dataclass(frozen=True, slots=True)
class _Pattern:
    key: str
    anchor: Constraint
    anchor_flag: frozenset[int] | None
    nodes: tuple[_Node, ...]


class Parse:
    """The columns of one Doc the walk reads (lemma, POS, dependency, head, sentence start, children),
    and the lower-case form, offset and length of each token for callers that filter matches, map
    characters to tokens (``char_span``) or tokens to sentences (``sentence``)."""

    __slots__ = (
        "by_head",
        "columns",
        "first",
        "heads",
        "idx",
        "last",
        "length",
        "lower",
        "n",
        "sent_firsts",
        "spans",
        "starts",
        "text_end",
    )

    def __init__(self, doc: Doc) -> None:
        self.columns = doc.to_array([LEMMA, POS, DEP]).T.tolist()
        self.lower = doc.to_array(LOWER).tolist()
        self.idx, self.length = doc.to_array([IDX, LENGTH]).T.tolist() if len(doc) else ([], [])
        rel = doc.to_array([HEAD, SENT_START]).astype("int64")
        self.n = len(rel)
        self.heads = (rel[:, 0] + numpy.arange(self.n)).tolist()  # absolute
        self.starts = (rel[:, 1] == 1).tolist()
        # children of token h: by_head[first[h] : last[h]] (a root is its own head: left out on reading)
        heads = rel[:, 0] + numpy.arange(self.n)
        order = numpy.argsort(heads, kind="stable")
        sorted_heads = heads[order]
        self.by_head = order.tolist()
        self.first = numpy.searchsorted(sorted_heads, numpy.arange(self.n), "left").tolist()
        self.last = numpy.searchsorted(sorted_heads, numpy.arange(self.n), "right").tolist()
        self.sent_firsts = [0, *(i for i in range(1, self.n) if self.starts[i])]
        self.text_end = self.idx[-1] + self.length[-1] + len(doc[-1].whitespace_) if self.n else 0
        self.spans: dict[tuple[int, int], Span | None] = {}  # char_span's answers so far

    def _token_at(self, char: int) -> int:
        """The token whose text or trailing space holds character ``char``, -1 if none."""
        if char < 0 or char >= self.text_end or char < self.idx[0]:
            return -1
        return bisect_right(self.idx, char) - 1

    def char_span(self, doc: Doc, start: int, end: int) -> Span | None:
        """``doc.char_span(start, end, alignment_mode="expand")``, by bisection on token offsets
        (remembered: the relation passes ask for the same mentions)."""
        key = (start, end)
        if key not in self.spans:
            a, b = self._token_at(start), self._token_at(end - 1)
            if a >= 0 and b >= 0 and start == self.idx[a] + self.length[a]:
                a += 1
            self.spans[key] = doc[a : b + 1] if a >= 0 and b >= 0 else None
        return self.spans[key]

    def sentence(self, i: int) -> tuple[int, int]:
        """Character offsets of the sentence of token ``i``, as ``Token.sent`` gives them."""
        k = bisect_right(self.sent_firsts, i) - 1
        last = (self.sent_firsts[k + 1] if k + 1 < len(self.sent_firsts) else self.n) - 1
        return self.idx[self.sent_firsts[k]], self.idx[last] + self.length[last]

    def children(self, i: int) -> list[int]:
        return [c for c in self.by_head[self.first[i] : self.last[i]] if c != i]

    def fits(self, i: int, want: Constraint) -> bool:
        for col, allowed in want:  # noqa: SIM110 (a loop: all() over a generator costs twice as much here)
            if self.columns[col][i] not in allowed:
                return False
        return True

    def related(self, i: int, rel: str) -> list[int]:
        """Token indices standing in ``rel`` to token ``i`` (DependencyMatcher's REL_OP semantics)."""
        if rel == ">":
            return self.children(i)
        if rel == "<":
            return [] if self.heads[i] == i else [self.heads[i]]
        if rel == ".":
            return [i + 1] if i + 1 < self.n and not self.starts[i + 1] else []
        if rel == ";":
            return [i - 1] if i > 0 and not self.starts[i] else []
        if rel == "<<":
            return list(self._ancestors(i))
        return sorted(self._descendants(i))  # ">>"

    def _ancestors(self, i: int) -> Iterator[int]:
        while self.heads[i] != i:
            i = self.heads[i]
            yield i

    def _descendants(self, i: int) -> Iterator[int]:
        for c in self.children(i):
            yield c
            yield from self._descendants(c)


class PathMatcher:
    """DependencyMatcher patterns, matched by walking the tree from each pattern's anchor."""

    def __init__(self) -> None:
        self.patterns: list[_Pattern] = []
        # per column (lemma, POS, dependency): value -> the patterns whose anchor is found by it
        self._index: tuple[dict[int, list[int]], ...] = ({}, {}, {})

    def add(self, key: str, pattern: list[dict], flags: dict[str, frozenset[int]] | None = None) -> None:
        """``flags``: node name -> the values of the per-token flags given to ``match`` allowed there
        (cheap tests the caller knows, such as "this token may name an entity")."""
        flags = flags or {}
        names = {p["RIGHT_ID"]: k for k, p in enumerate(pattern)}
        nodes = tuple(
            _Node(names[p["LEFT_ID"]], p["REL_OP"], _constraint(p["RIGHT_ATTRS"]), flags.get(p["RIGHT_ID"]))
            for p in pattern[1:]
        )
        anchor_attrs = pattern[0]["RIGHT_ATTRS"]
        at = len(self.patterns)
        self.patterns.append(_Pattern(key, _constraint(anchor_attrs), flags.get(pattern[0]["RIGHT_ID"]), nodes))
        attr = "LEMMA" if "LEMMA" in anchor_attrs else ("DEP" if "DEP" in anchor_attrs else "POS")
        if attr not in anchor_attrs:
            raise ValueError(f"pattern {key}: its first node needs a lemma, dependency or part of speech")
        values = _values(attr, anchor_attrs[attr])
        # a lemma listed twice is tried twice, as a walk over each listed lemma's tokens would
        for v in values if attr == "LEMMA" else dict.fromkeys(values):
            self._index[_FIELD[attr]].setdefault(v, []).append(at)

    def __call__(self, doc: Doc) -> list[tuple[str, list[int]]]:
        return self.match(Parse(doc))

    def match(self, parse: Parse, flags: list[int] | None = None) -> list[tuple[str, list[int]]]:
        """(pattern key, token index per pattern node) for every match, pattern by pattern; with
        ``flags`` (one int per token), only matches whose tokens' flags the pattern allows."""
        starts: dict[int, list[int]] = {}
        for col, index in enumerate(self._index):
            present = index.keys() & parse.columns[col]
            if not present:
                continue
            for i, value in enumerate(parse.columns[col]):
                if value in present:
                    for at in index[value]:
                        pattern = self.patterns[at]
                        if parse.fits(i, pattern.anchor) and _flag_ok(flags, i, pattern.anchor_flag):
                            starts.setdefault(at, []).append(i)
        found: list[tuple[str, list[int]]] = []
        for at in sorted(starts):
            pattern = self.patterns[at]
            for i in starts[at]:
                self._extend(parse, flags, pattern, [i], found)
        return found

    def _extend(self, parse: Parse, flags: list[int] | None, pattern: _Pattern, got: list[int], found: list) -> None:
        if len(got) == len(pattern.nodes) + 1:
            found.append((pattern.key, got))
            return
        node = pattern.nodes[len(got) - 1]
        for j in parse.related(got[node.left], node.rel):
            if parse.fits(j, node.fits) and _flag_ok(flags, j, node.flag):
                self._extend(parse, flags, pattern, [*got, j], found)


def _flag_ok(flags: list[int] | None, i: int, allowed: frozenset[int] | None) -> bool:
    return allowed is None or flags is None or flags[i] in allowed
