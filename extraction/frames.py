"""Claim frames: (subject entity, verb class, object class) triples read off a claim's parse.

Articles restate one claim in different sentence shapes ("X obtained thousands of Y", "no
evidence of X obtaining Y"): when the subject entity, the verb lemma and the object lemma agree,
the frames agree whatever else the sentences say. Frames are plain strings so
they travel in records; matching them is corpus.py's job.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from extraction.lexicon import ORG_ANAPHORS
from extraction.records import entity_norm

LIGHT_VERBS = frozenset(
    ["be", "have", "do", "say", "get", "make", "take", "go", "come", "seem", "appear", "become", "remain"]
)
QUANTITY_NOUNS = frozenset(
    [
        "thousand",
        "thousands",
        "hundred",
        "hundreds",
        "dozen",
        "dozens",
        "million",
        "millions",
        "number",
        "lot",
        "lots",
        "batch",
        "batches",
        "some",
        "many",
        "several",
        "part",
        "portion",
        "share",
        "majority",
        "range",
        "set",
        "supply",
    ]
)
_ANAPHORS = frozenset(["it", "they", "he", "she", "its", "their", "his", "her"])

Resolver = Callable[[Token], "str | None"]


def subject_token(v: Token) -> Token | None:
    cur = v
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in {"nsubj", "nsubjpass"}:
                return c
        if cur.dep_ == "acl":
            for prep in cur.head.children:  # "evidence of X using ..."
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for p in prep.children:
                        if p.dep_ == "pobj" and p.ent_type_:
                            return p
        if cur.dep_ in {"xcomp", "advcl", "conj", "acl", "pcomp"} and cur.head is not cur:
            cur = cur.head if cur.dep_ != "acl" or cur.head.head is cur.head else cur.head.head
            continue
        return None
    return None


def _object_class(v: Token) -> str | None:
    for c in v.children:
        if c.dep_ in {"dobj", "attr"} or (c.dep_ == "prep" and c.lower_ in {"on", "with"}):
            noun = c if c.dep_ != "prep" else next((g for g in c.children if g.dep_ == "pobj"), None)
            if noun is None:
                continue
            if noun.lemma_.lower() in QUANTITY_NOUNS:
                of = next((g for g in noun.children if g.dep_ == "prep" and g.lower_ == "of"), None)
                inner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
                noun = inner or noun
            return _qualified(noun)
    return None


def _qualified(noun: Token) -> str:
    """The object's lemma with its describing adjectives ("domestic chip", "imported chip"): a frame
    stands for the claim whatever else the sentence says, and "X used domestic chips" and "X used
    imported chips" are two claims. Compound names ("Acme chips") are not kept: wording varies there."""
    mods = sorted(c.lemma_.lower() for c in noun.children if c.dep_ == "amod" and c.pos_ in {"ADJ", "VERB"})
    return " ".join([*mods, noun.lemma_.lower()])


def frame_base(frame: str) -> str:
    """A frame without its object's describing adjectives ("acme|use|imported chip" -> "acme|use|chip")."""
    head, _, obj = frame.rpartition("|")
    return f"{head}|{obj.rsplit(' ', 1)[-1]}"


def claim_frames(doc: Doc, start: int, end: int, entity_of: Resolver) -> tuple[str | None, list[str]]:
    """(claim subject entity id, frame keys) for the content span [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None, []
    frames: list[str] = []
    subject: str | None = None
    for v in span:
        if v.pos_ != "VERB" or v.lemma_.lower() in LIGHT_VERBS:
            continue
        st = subject_token(v)
        if st is None:
            continue
        eid = entity_of(st)
        if eid is None:
            continue
        subject = subject or eid
        obj = _object_class(v)
        if obj:
            key = f"{entity_norm(eid)}|{v.lemma_.lower()}|{obj}"
            if key not in frames:
                frames.append(key)
    return subject, frames


def is_anaphor(tok: Token) -> bool:
    """'it', 'they', 'the company', 'the Chinese firm'."""
    if tok.lower_ in _ANAPHORS:
        return True
    return tok.lemma_.lower() in ORG_ANAPHORS and any(c.lower_ in {"the", "this"} for c in tok.lefts)
