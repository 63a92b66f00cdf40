"""Event anaphora: "the acquisition is expected to close" -> the acquisition the article named before.

A content whose subject is a definite description of an event ("the transaction", "the
acquisition", "this deal") and that names nobody says nothing a reader of another article could
match: the event it means was introduced earlier ("Acme said it agreed to acquire Beta Corp";
"... for its proposed acquisition of Beta Corp"). This module finds that earlier mention, by the
same head noun (the nearest one), else by a word of the same event frame (the first one: the
sentence that introduced the event), and returns its words, its agent and its entities, so the
claim is about the same people as its antecedent, and a frame key ("acme|close|acquisition") says
what is predicated of the event.

Event and predicate words are spaCy patterns kept as data (``data/event_frames.jsonl``: FrameNet's
Commerce and Make_agreement frames, and the completion verbs), read here and by ``kg/drift.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, LEMMA, POS
from spacy.parts_of_speech import NOUN
from spacy.tokens import Doc, Token

from extraction.frames import subject_token
from extraction.records import entity_norm

DATA = Path(__file__).resolve().parent / "data" / "event_frames.jsonl"
_DEFINITE = frozenset(["the", "this", "that"])
_SUBJECTS = frozenset(["nsubj", "nsubjpass"])
_CONTENT_POS = frozenset(["NOUN", "VERB"])
_TRAILING = frozenset(["cc", "punct"])
MAX_WORDS = 30  # an antecedent longer than this is cut (a whole clause hanging on the noun)

Resolver = Callable[[Token], "str | None"]


@cache
def frame_words() -> dict[str, dict[str, str]]:
    """Label ("EVENT", "PREDICATE") -> lemma -> frame id, from the patterns' ``LEMMA IN`` lists."""
    out: dict[str, dict[str, str]] = {}
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                for tok in row["pattern"]:
                    for lemma in tok.get("LEMMA", {}).get("IN", []):
                        out.setdefault(row["label"], {})[lemma] = row["id"]
    return out


def same_kind(label: str, a: str, b: str) -> bool:
    """Two lemmas are the same kind of event or predicate: equal, or of one frame of ``label``."""
    words = frame_words().get(label, {})
    return a == b or (a in words and words.get(a) == words.get(b))


@dataclass(slots=True)
class Antecedent:
    """The earlier words an event description in a content points back to."""

    text: str
    agent: str | None = None
    entities: list[str] = field(default_factory=list)
    frame: str | None = None  # "agent|predicate|head noun" for the content

    @property
    def theme(self) -> str | None:
        return next((e for e in self.entities if e != self.agent), None)


def event_subjects(doc: Doc) -> list[int]:
    """Indices of the tokens that are event nouns as a subject, read as arrays once per article
    (building a Token per content word cost 5 % of extraction); most articles have none."""
    strings = doc.vocab.strings
    events = np.array([strings.add(w) for w in frame_words().get("EVENT", {})], dtype=np.uint64)
    subjects = np.array([strings.add(d) for d in _SUBJECTS], dtype=np.uint64)
    arr = doc.to_array([LEMMA, DEP, POS])
    hit = np.isin(arr[:, 0], events) & np.isin(arr[:, 1], subjects) & (arr[:, 2] == NOUN)
    return np.flatnonzero(hit).tolist()


def _anaphor(doc: Doc, lo: int, hi: int, subjects: list[int]) -> Token | None:
    """The content's subject when it is a definite event noun ("the acquisition")."""
    for i in subjects:
        if lo <= i < hi and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in doc[i].children):
            return doc[i]
    return None


def _predicate(t: Token) -> Token:
    """The verb that says what happens to the event: "is expected to be completed" -> completed."""
    v = t.head
    for _ in range(4):
        nxt = next((c for c in v.children if c.dep_ in {"xcomp", "acomp"}), None)
        if nxt is None:
            break
        v = nxt
    return v


def _phrase(c: Token) -> tuple[int, int]:
    """Token range of an antecedent: a noun with its dependents, a verb with what follows it, inside
    its sentence and paragraph (a title line can hang on the next one), up to ``MAX_WORDS`` and without a trailing
    comma or coordinator (a conjunct hung on the noun)."""
    lo = max(c.left_edge.i if c.pos_ == "NOUN" else c.i, c.sent.start)
    hi = min(c.right_edge.i + 1, lo + MAX_WORDS, c.sent.end)
    hi = next((t.i for t in c.doc[c.i : hi] if t.is_space and "\n" in t.text), hi)  # a paragraph ends it
    while hi - 1 > c.i and (c.doc[hi - 1].is_punct or c.doc[hi - 1].dep_ in _TRAILING):
        hi -= 1
    return lo, hi


def _agent(c: Token, entity_of: Resolver) -> str | None:
    """Who does the event: a noun's possessor or name ("its acquisition", "Acme's bid"), else the
    subject of the verb it hangs on; a verb's subject."""
    for child in c.children:
        if child.dep_ in {"poss", "compound"} and (eid := entity_of(child)):
            return eid
    verb = c
    while verb.pos_ != "VERB" and verb.head.i != verb.i:  # spaCy makes a new Token per access: no `is`
        verb = verb.head
    st = subject_token(verb) if verb.pos_ == "VERB" else None
    return entity_of(st) if st is not None else None


def _candidates(doc: Doc, t: Token) -> list[Token]:
    """Earlier words of the anaphor's frame: the same head noun, nearest first; then the frame's
    words from the article's start (the sentence that introduced the event)."""
    events = frame_words()["EVENT"]
    frame = events[t.lemma_.lower()]
    earlier = [c for c in doc[: t.left_edge.i] if c.pos_ in _CONTENT_POS and events.get(c.lemma_.lower()) == frame]
    same = [c for c in reversed(earlier) if c.lemma_.lower() == t.lemma_.lower()]
    return same + [c for c in earlier if c not in same]


def resolve(doc: Doc, start: int, end: int, table, entity_of: Resolver, subjects: list[int]) -> Antecedent | None:
    """The antecedent of a content [start, end) whose subject is a definite event description and
    that names no entity; None otherwise (the usual case). ``subjects``: ``event_subjects(doc)``."""
    if not subjects:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    t = _anaphor(doc, span.start, span.end, subjects) if span is not None else None
    if t is None or any(not e.startswith("outlet:") for e in table.within(start, end)):
        return None
    for c in _candidates(doc, t):
        lo, hi = _phrase(c)
        words = doc[lo:hi]
        ents = [e for e in table.within(words.start_char, words.end_char) if not e.startswith("outlet:")]
        agent = _agent(c, entity_of)
        if not ents and agent is None:
            continue  # another bare description ("the deal") names nothing either
        if agent and agent not in ents:
            ents.insert(0, agent)
        frame = f"{entity_norm(agent)}|{_predicate(t).lemma_.lower()}|{t.lemma_.lower()}" if agent else None
        return Antecedent(text=words.text, agent=agent, entities=ents, frame=frame)
    return None
