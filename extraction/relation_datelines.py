"""Datelines and source lines: the outlet of a wire story and the place it names.

"BANGKOK, Thailand (AP) _" says the AP filed the story from Bangkok (REPORTS_FROM); a press
digest's source line "OW1102132994 Beijing XINHUA in English" says where the outlet publishes
(BASED_IN). Both open a story, where the small NER model misreads capitals ("DAYTON" an
organisation, "AP" a place) or misses the names; the line's shape, not the NER, says which word is
the place and which the outlet. The token patterns are data (``relation_patterns.DATELINES``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from extraction.entities import EntityTable
from extraction.path_matcher import Parse
from extraction.relation_patterns import (
    DATELINE_SCAN,
    DATELINE_SHORT,
    DATELINE_TOKENS,
    DATELINE_WINDOW,
    DATELINES,
    WORDS,
)


@dataclass(frozen=True, slots=True)
class _Line:
    rank: int  # the pattern's place in DATELINES: among overlapping matches the first listed wins
    predicate: str
    symbols: tuple[str, ...]  # the symbol of each pattern token (a symbol may span several)
    at_start: bool  # "^": the match opens its sentence
    at_end: bool  # "$": the match closes its sentence


def _compile(pattern: str) -> tuple[list[dict], tuple[str, ...]]:
    tokens: list[dict] = []
    symbols: list[str] = []
    for sym in pattern.split():
        if sym in {"^", "$"}:
            continue
        parts = DATELINE_TOKENS.get(sym, [{"ORTH": sym}])
        tokens += parts
        symbols += [sym] * len(parts)
    return tokens, tuple(symbols)


@lru_cache(maxsize=4)
def _matcher(vocab: Vocab) -> tuple[Matcher, dict[int, _Line]]:
    matcher = Matcher(vocab)
    lines: dict[int, _Line] = {}
    patterns = [(group["predicate"], pattern) for group in DATELINES for pattern in group["patterns"]]
    for rank, (predicate, pattern) in enumerate(patterns):
        tokens, symbols = _compile(pattern)
        key = f"dateline:{pattern}"
        matcher.add(key, [tokens], greedy="LONGEST")
        words = pattern.split()
        lines[vocab.strings[key]] = _Line(rank, predicate, symbols, words[0] == "^", words[-1] == "$")
    return matcher, lines


@dataclass(frozen=True, slots=True)
class Dateline:
    """One dateline: the outlet's tokens, the places' token runs (city first), the predicate."""

    predicate: str
    outlet: list[Token]
    places: list[list[Token]]


def span_at(table: EntityTable, start: int, end: int) -> tuple[int, int, str] | None:
    """The first mention overlapping [start, end): its offsets and entity id."""
    for s, e, eid in table.spans:
        if s < end and start < e:
            return s, e, eid
        if s >= end:
            break
    return None


def _place_at(table: EntityTable, types: dict[str, str], tok: Token) -> tuple[int, int] | None:
    """Character span of the place mention that starts at ``tok``."""
    for s, e, eid in table.spans:
        if s == tok.idx and types.get(eid) == "Place":
            return s, e
        if s > tok.idx:
            break
    return None


def _split(names: list[Token], table: EntityTable, types: dict[str, str], strict: bool) -> tuple[list, list]:
    """A source line's 'Sao Paulo GAZETA MERCANTIL' -> the place's tokens and the outlet's: the place
    the NER found at the start (when it stops short of the line's end), else the words before the
    first in capitals, else the first word when a broadcaster's word follows ('Havana Radio Reloj
    Network') or, unless ``strict``, anyway."""
    place = _place_at(table, types, names[0])
    k = next((i for i, t in enumerate(names) if t.idx >= place[1]), 0) if place is not None else 0
    if not k:
        k = next((i for i, t in enumerate(names) if i and t.is_upper and len(t) > 1 and t.is_alpha), 0)
    if not k and (not strict or any(t.lower_ in _BROADCAST for t in names[1:])):
        k = 1
    return (names[:k], names[k:]) if 0 < k < len(names) else ([], [])


_BROADCAST = frozenset(WORDS["BROADCAST"])


def _line_starts(doc: Doc, parse: Parse, end: int) -> list[tuple[int, int]]:
    """(first token, sentence end) of each place a dateline may open among the first ``end``
    tokens: a sentence's start, the word after a line break or a closing bracket ('( Text ) Sofia,
    ...'), a digest's document code; only where what follows is what a dateline is made of
    (capitalised words, commas, a date) up to a bracket or a dash, or, in a short sentence, up to
    its end. Read from the parse's integer columns first: few Token objects."""
    strings, lower, pos, length = doc.vocab.strings, parse.lower, parse.columns[1], parse.length
    close, space = strings[")"], _SPACE
    firsts = [*parse.sent_firsts, parse.n]
    opens = {f for f in parse.sent_firsts if f < end}
    opens.update(j + 1 for j in range(min(end, parse.n) - 1) if lower[j] == close or pos[j] == space)
    codes = {j for j in range(end) if length[j] >= _CODE_LENGTH and doc[j].shape_ in _CODE_SHAPES}
    marks = [j for j in range(min(end + DATELINE_WINDOW, parse.n)) if lower[j] in _mark_ids(strings)]
    out = []
    for i in sorted(opens | codes):
        k = bisect_right(firsts, i) - 1
        sent_start, sent_end = firsts[k], firsts[k + 1]
        if i in codes:  # the parser often ends a sentence at the code: the line runs on
            out.append((i, parse.n))
            continue
        m = bisect_left(marks, i)
        mark = marks[m] if m < len(marks) and marks[m] < min(i + DATELINE_WINDOW, sent_end) else -1
        if mark < 0 and i == sent_start and sent_end - i <= DATELINE_SHORT:
            mark = sent_end
        if mark > i and all(_in_line(doc[j]) for j in range(i, mark)) and pos[i] != space:
            out.append((i, sent_end))
    return out


def _in_line(tok: Token) -> bool:
    """What a dateline is made of before its bracket: names, commas, a date's digits."""
    return tok.text[:1].isupper() or tok.is_digit or tok.text in {",", "-"}


@lru_cache(maxsize=4)
def _mark_ids(strings: object) -> frozenset[int]:
    return frozenset(strings[x] for x in _MARKS)  # type: ignore[index]


_SPACE = IDS["SPACE"]
_CODE_LENGTH = 9
_CODE_SHAPES = frozenset(DATELINE_TOKENS["K"][0]["SHAPE"]["IN"])
_MARKS = frozenset(["(", "--"])


def _not_a_place(outlet: list[Token], place: list[Token], table: EntityTable, types: dict[str, str]) -> bool:
    """'The Trades Union Congress (TUC)': a name the NER reads as an organisation (unless in
    capitals, as datelines' cities are), or one the bracket spells out, is no dateline's place."""
    initials = "".join(t.text[0] for t in place if t.text[:1].isupper() and not t.is_stop)
    if len(outlet) == 1 and len(initials) > 1 and outlet[0].text.upper() == initials.upper():
        return True
    first, last = place[0], place[-1]
    hit = span_at(table, first.idx, last.idx + len(last))
    inside = hit is not None and hit[1] <= last.idx + len(last)  # not the outlet's name run on
    return inside and types.get(hit[2]) == "Organization" and not first.is_upper


def find_datelines(doc: Doc, table: EntityTable, parse: Parse | None = None) -> list[Dateline]:
    """The datelines and source lines among the document's first tokens."""
    starts = _line_starts(doc, parse or Parse(doc), min(len(doc), DATELINE_SCAN))
    if not starts:
        return []
    matcher, lines = _matcher(doc.vocab)
    types = {r.id: r.type for r in table.records}
    found: list[Dateline] = []
    taken: list[tuple[int, int]] = []
    for first, sent_end in starts:
        if any(a <= first < b for a, b in taken):
            continue
        window = doc[first : min(first + DATELINE_WINDOW, sent_end)]
        matches = sorted(
            (m for m in matcher(window, with_alignments=True) if m[1] == 0), key=lambda m: lines[m[0]].rank
        )
        for key, _start, end, align in matches:
            line = lines[key]
            sent = doc[first].sent
            if (line.at_start and first != sent.start) or (line.at_end and first + end != sent.end):
                continue
            runs: dict[str, list[Token]] = {}
            for i, a in zip(range(first, first + end), align, strict=True):
                runs.setdefault(line.symbols[a], []).append(doc[i])
            if "N" in runs:
                runs["C"], runs["O"] = _split(runs["N"], table, types, strict=line.at_start and line.at_end)
            if runs.get("C") and runs.get("O") and not _not_a_place(runs["O"], runs["C"], table, types):
                taken.append((first, first + end))
                places = [runs["C"], *([runs["R"]] if "R" in runs else [])]
                found.append(Dateline(line.predicate, runs["O"], places))
                break
    return found
