"""Read a parsed question: the ``Parsed`` record and the small dependency predicates the intent rules use.

The intent itself is picked by the ordered rule table in ``kg.query.intents`` (``interpret`` here
delegates to it); the vocabulary is data in ``question_patterns.json``. Paraphrases ("who denied",
"which companies rejected", "by whom was ... disputed") land on the same intent. Nothing here is
about any one story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from extraction.headline_case import headline_cased, sentence_cased  # noqa: F401  (re-exported: engine, tests)
from kg.query.linking import Mention
from kg.query.words import (  # the vocabulary, from question_patterns.json; re-exported for callers
    AGENT_NOUNS,
    CARRY,
    CLAIM_NOUNS,
    CONTESTED_WORDS,
    DENY,
    GENERIC,
    NAME_LABELS,
    NEGATION,
    OUTLET_NOUNS,
    RESPOND,
    SAY,
    SILENT,
    WH,
)

# --- intents --------------------------------------------------------------------------------
CLAIMANTS = "claimants"
STATEMENTS_BY = "statements_by"
DENIERS = "deniers"
DENIALS_BY = "denials_by"
NO_COMMENT = "no_comment"
HAS_COMMENTED = "has_commented"
THINGS = "things"
UNKNOWN = "unknown"
OUTLETS = "outlets"
ORIGIN = "origin"
CONTESTED = "contested"
ARTICLES = "articles"
COMENTIONS = "comentions"
CLAIMS_ABOUT = "claims_about"
RELATION = "relation"
CONNECTION = "connection"
TIMELINE = "timeline"
FALLBACK = "fallback"
UNPARSED = "unparsed"
HARDENED = "hardened"  # drift findings (kg/drift.py, answered in kg/query/drift_answers.py)
SOFTENED = "softened"
UNSOURCED = "unsourced"
AFTER_DENIAL = "after_denial"
VERIFY = "verify"  # "is it true that X?", "is X disputed?": who supports and who disputes X, no verdict


_QUOTE = re.compile(
    r"[\"\u201c\u201d\u00ab\u00bb]([^\"\u201c\u201d\u00ab\u00bb]{3,})[\"\u201c\u201d\u00ab\u00bb]|'([^']{8,})'"
)


@dataclass
class Parsed:
    text: str
    doc: Doc
    intent: str
    mentions: list[Mention]
    agents: list[Mention] = field(default_factory=list)  # who spoke (the S of "what did S say")
    topics: list[Mention] = field(default_factory=list)  # mentions inside the claim / subject of the question
    claim_text: str = ""
    claim_words: list[str] = field(default_factory=list)  # content words to match claims with
    relation_types: tuple[str, ...] = ()
    relation_dir: str = "in"  # "in": the linked entity is the object ("who makes X"); "out": the subject
    stances: tuple[str, ...] = ("asserts",)
    cue: str = ""
    wants_cited: bool = False  # an outlets question about whom articles cited, not who carried
    thing_types: tuple[str, ...] = ()  # entity labels a "which <kind of thing>" question asks for
    speaker_types: tuple[str, ...] = ()  # "which company denied ...": the labels an answering speaker has
    follows: str = ""  # the previous question, when this one was read as its follow-up ("and who denied it?")


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _quoted_span(doc: Doc) -> tuple[int, int] | None:
    m = _QUOTE.search(doc.text)
    if not m:
        return None
    start, end = m.span(1) if m.group(1) else m.span(2)
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


# The question's own verb comes early: "Who (of them) denied that ...", "Which outlets reported that ...".
_FRAME_TOKENS = 5


def _cue_clause(doc: Doc) -> tuple[int, int] | None:
    """'Who denied that X?': after the question's own reporting or denial verb, the claim is the whole rest
    of the question. Read from the words, not the parse: a headline-like claim ("S: X", a quoted phrase, a
    second sentence) breaks the parser's clause, which would keep a fragment."""
    end = len(doc)
    while end > 0 and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in ("'", '"'):
        end -= 1
    for t in doc[1 : _FRAME_TOKENS + 1]:
        verb = doc[t.i - 1]
        if t.lower_ in ("that", "whether") and verb.pos_ == "VERB" and _lemma(verb) in SAY | DENY and t.i + 1 < end:
            return (t.i + 1, min(end, _passive_main_verb(doc)))
    return None


def _clause_span(doc: Doc) -> tuple[int, int] | None:
    """The claim clause: a 'that'/'whether' clause, or the complement of a reporting verb."""
    for t in doc:
        if _lemma(t) in ("that", "whether", "if") and t.dep_ == "mark" and t.head.i > t.i:
            end = t.head.right_edge.i + 1
            # "the claim that X did Y reported?": a verb hung on a noun before the clause ends it
            end = next((k.i for k in doc[t.i + 1 : end] if k.dep_ == "acl" and k.head.i < t.i and k.i != t.head.i), end)
            return (t.i + 1, min(end, _passive_main_verb(doc)))
    for t in doc:
        if t.dep_ == "ccomp" and (_lemma(t.head) in SAY | DENY) and t.i > t.head.i:
            if _lemma(doc[t.left_edge.i]) in WH:  # "tell me what S said" is an embedded question, not a claim
                continue
            return (t.left_edge.i, t.right_edge.i + 1)
    return None


def _passive_main_verb(doc: Doc) -> int:
    """'Where was the claim that X did Y reported?': the closing participle of a wh-word + 'be' question is
    the question's own reporting verb, not the claim's (the parser may hang it inside the clause)."""
    last = next((t for t in reversed(doc) if not t.is_punct), None)
    if last is None or len(doc) < 3 or _lemma(doc[0]) not in WH or _lemma(doc[1]) != "be":
        return len(doc)
    return last.i if last.tag_ in ("VBN", "VBD") and _lemma(last) in SAY | DENY | CARRY else len(doc)


def _no_comment(tokens: list[Token]) -> bool:
    lemmas = [_lemma(t) for t in tokens]
    for i, lem in enumerate(lemmas):
        if lem in SILENT:
            return True
        if lem in RESPOND or lem == "comment":
            window = lemmas[max(0, i - 4) : i]
            if any(w in NEGATION for w in window) or (i + 1 < len(lemmas) and lemmas[i - 1 : i] == ["no"]):
                return True
    return False


def _contested(tokens: list[Token], wh: str) -> bool:
    """'contested/disputed claims' (an adjective or passive), not 'who disputed X' (a verb with a subject)."""
    for t in tokens:
        if _lemma(t) == "disagree" and wh not in ("who", "whom"):
            return True
        if t.lower_ not in CONTESTED_WORDS:
            continue
        if wh in ("who", "whom") and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in ("that", "whether"):
            continue  # "who disputed that X, officials say": the verb asks who, whatever the parser hung it on
        if t.pos_ == "ADJ" or t.dep_ in ("amod", "acomp", "oprd", "attr", "ccomp", "xcomp", "conj"):
            return True
        if t.tag_ == "VBN" and (any(c.dep_ == "auxpass" for c in t.children) or t.dep_ != "ROOT") and wh != "who":
            return True
    return False


def _outlet_focus(tokens: list[Token]) -> bool:
    """The question asks for outlets ("which outlets", "what media", "newspapers that ran ..."),
    rather than naming one as a thing ("the campaign website was blocked")."""
    for t in tokens:
        if _lemma(t) not in OUTLET_NOUNS:
            continue
        if t.dep_ == "nsubj" and any(_lemma(c) in WH and c.dep_ in ("dobj", "pobj") for c in t.head.children):
            return False  # "what did the newspapers report": what they said, not which outlets
        if t.i <= 2 or t.dep_ in ("nsubj", "nsubjpass") or any(_lemma(c) in WH for c in t.children):
            return True
        if t.head.lemma_.lower() in OUTLET_NOUNS and any(_lemma(c) in WH for c in t.head.children):
            return True
    return False


def _is_claim_noun(t: Token) -> bool:
    """'claims' as a noun, also where the small model tags it a verb but parses it as a subject or object."""
    if _lemma(t) not in CLAIM_NOUNS:
        return False
    return t.pos_ in ("NOUN", "PROPN") or t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr")


def _in(mention: Mention, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= mention.start < span[1]


def _speaker_token(root: Token, cue: Token, end: int) -> bool:
    """``root`` (the head token of a name ending at ``end``) is the speaker of ``cue``."""
    head = root.head
    # "the company Microsoft said": climb from an apposition or compound to its noun
    if (
        root.dep_ in ("appos", "compound", "nmod")
        and _lemma(head) in AGENT_NOUNS
        and head.dep_ in ("nsubj", "nsubjpass")
        and head.i != cue.i
    ):
        root, head = head, head.head
    if head.i == cue.i and root.dep_ in ("nsubj", "nsubjpass", "poss", "compound", "npadvmod"):
        return True
    if root.dep_ == "pobj" and _lemma(head) in ("by", "from") and head.head.i in (cue.i, cue.head.i):
        return True
    if root.dep_ == "poss" and _lemma(head) in CLAIM_NOUNS | DENY | SAY:
        return True
    return end <= cue.i and root.dep_ in ("nsubj", "nsubjpass") and head.i in (cue.i, cue.head.i)


def _before_cue(doc: Doc, m: Mention, cue: Token) -> bool:
    """ "What sources did Yahoo Finance cite?": the name sits between an auxiliary and the cue."""
    between = doc[m.end : cue.i]
    return (
        m.start > 0
        and m.end <= cue.i
        and doc[m.start - 1].pos_ == "AUX"
        and all(t.pos_ in ("ADV", "PART") for t in between)
    )


def _agents(doc: Doc, cue: Token | None, mentions: list[Mention], claim: tuple[int, int] | None) -> list[Mention]:
    """Mentions that are the speaker: subject of the cue, 'by'/'from' agent, or possessor of a cue noun."""
    if cue is None:
        return []
    out: list[Mention] = []
    for m in mentions:
        if _in(m, claim):
            continue
        roots = [t for t in doc[m.start : m.end] if not m.start <= t.head.i < m.end]
        if any(_speaker_token(root, cue, m.end) for root in roots) or _before_cue(doc, m, cue):
            out.append(m)
    return out


def content_words(tokens: list[Token], drop: set[int]) -> list[str]:
    """Lower-cased content words of ``tokens`` (minus cue words and question scaffolding)."""
    words: list[str] = []
    for t in tokens:
        if t.i in drop or t.is_punct or t.is_space or (t.like_num and len(t.text) < 2):
            continue
        low = t.text.lower()
        lem = _lemma(t)
        if t.is_stop or lem in WH or low in WH or lem in GENERIC or not re.search(r"\w", low):
            continue
        words.append(low)
    return words


# A question whose words are capitalised like a headline ("Catholic Priest Dies for 48 Minutes, Comes Back to
# Life"): its capitals say nothing about names, so the tagger and NER read every word as one; it is read again
# with those capitals lowered (``headline_cased`` / ``sentence_cased``, shared with the article pipeline).


def named_in_lower_case(doc: Doc, mention: Mention) -> bool:
    """In a sentence-cased question, whether a linked span still reads as a name (a proper noun or a
    named entity of a naming label), not as ordinary words that were capitalised ("Homeless Man")."""
    return any(
        t.pos_ == "PROPN" or t.ent_type_ in NAME_LABELS or not t.text.islower()
        for t in doc[mention.start : mention.end]
    )


def interpret(text: str, doc: Doc, mentions: list[Mention]) -> Parsed:
    """Pick the intent (first matching row of ``kg.query.intents.RULES``) and split the question."""
    from kg.query.intents import interpret as by_rules

    return by_rules(text, doc, mentions)
