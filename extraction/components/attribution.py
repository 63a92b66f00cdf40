"""The ``claimgraph_attributions`` component: source / cue / content spans from the parse.

Runs inside ``nlp.pipe`` (also in worker processes), so its output is plain Python data in
``doc._.cg_attributions``: a list of dicts with character offsets. It never re-parses and
only looks at sentences that a cheap, vectorised prefilter flags (a cue lemma, "according",
a sourceless hedge adverb).

Span conventions follow PolNeAR: the cue carries its auxiliaries, negation and adverbs
("has also said"); the content carries "that" and quote marks but not the sentence's final
punctuation; the source is the whole subject noun phrase.
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from extraction import cues
from extraction.fronted import carve_fronted
from extraction.headline_case import HEADLINE_END, headline_lines, written_as_name
from extraction.lexicon import (
    CLAUSE_ONLY_VERBS,
    COGNITION_VERBS,
    COMMITMENT_NOUNS,
    CUE_NOUNS,
    CUE_VERBS,
    JUDGMENT_NOUNS,
    RAISING_VERBS,
    REQUEST_NOUNS,
    SOURCE_NOUNS,
    SOURCELESS_CUES,
    SPEECH_VERBS,
)
from extraction.sources import ROLE_HEADS, UNNAMED_KINDS

# Who a headline label ('Poll: ...', 'Officials: ...') may name besides a person: source and role nouns.
LABEL_SOURCES = SOURCE_NOUNS | frozenset(UNNAMED_KINDS) | ROLE_HEADS

EXT = "cg_attributions"
if not Doc.has_extension(EXT):
    Doc.set_extension(EXT, default=None)

_SUBJ = {"nsubj", "csubj"}
_OPEN = {"<", "("}
_CLOSE = {">", ")"}
_CUE_LEFT = {"aux", "auxpass", "neg", "advmod"}
_COMP = {"ccomp"}
_XCOMP_OK = COGNITION_VERBS | {
    "decline",
    "refuse",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "urge",
    "ask",
    "expect",
    "tell",
    "agree",
    # decisions and aims ("voted to hold X in contempt", "seeks to cut Y")
    "decide",
    "seek",
    "vote",
    "aim",
    "wish",
    # speech verbs whose clause the small parser often attaches as xcomp ("He said legalizing it could ...")
    "say",
    "claim",
    "insist",
    "argue",
    # proposals and preferences take a gerund or infinitive ('proposes doing away with X', 'likes to sing')
    "propose",
    "recommend",
    "suggest",
    "prefer",
    "like",
    "love",
    "hate",
    # reports, views and stands ('reported seeing X', 'called to end Y', 'considered running', 'offered to help')
    "report",
    "call",
    "consider",
    "show",
    "support",
    "offer",
    "describe",
    "chant",
    "rule",
}
_OBJ_VERBS_EXCLUDED = CLAUSE_ONLY_VERBS
_NO_COMMENT_VERBS = {"comment", "respond", "reply", "answer"}
_OBJECT_OK = {"want", "prefer", "fear", "expect"}
_EDGE_PUNCT = set(",.;:!?-–—()[]")
_INSERTED = {"prep", "npadvmod", "advmod"}
_PARTICIPLE_DEPS = {"advcl", "xcomp", "acl", "conj", "relcl"}
_QUOTE_RE = re.compile(r"''|``|[\"“”]")
_QUOTE_AS = {"''": '"', "``": "“"}  # typewriter quotes written as two apostrophes / backticks
_MAX_QUOTE = 2000


def _paragraph_continues(text: str, open_at: int, pos: int, ch: str) -> int | None:
    """A quotation running over paragraphs reopens each one with a quote mark and closes only at the
    end: when ``pos`` opens a paragraph inside an open quotation, the end of the previous paragraph."""
    if ch not in '“"' or "\n" not in text[open_at:pos] or text[text.rfind("\n", 0, pos) + 1 : pos].strip():
        return None
    return len(text[:pos].rstrip())


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\xa0]*\n\s*")


def _left_open(text: str, open_at: int, pos: int) -> int | None:
    """Where a quotation opened at ``open_at`` was left open: the end of its paragraph, when a later
    paragraph before ``pos`` does not reopen it with a quote mark (so one stray mark cannot turn the
    rest of the article inside out)."""
    if text.find("\n", open_at, pos) == -1:
        return None
    for m in _PARAGRAPH_BREAK.finditer(text, open_at, pos):
        if m.end() < pos and text[m.end()] not in "\"“'`":
            return len(text[: m.start()].rstrip())
    return None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, quote marks included (curly pairs or straight toggles); a
    quotation continued over paragraphs gives one span per paragraph."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in _QUOTE_RE.finditer(text):
        ch, pos = _QUOTE_AS.get(m.group(), m.group()), m.start()
        end = m.end()
        if open_at is not None and (cut := _left_open(text, open_at, pos)) is not None:
            if cut - open_at <= _MAX_QUOTE:  # a stray or missing mark: the quotation ends with its paragraph
                spans.append((open_at, cut))
            open_at = None
        if open_at is None:
            if ch != "”":
                open_at = pos
            continue
        para_end = _paragraph_continues(text, open_at, pos, ch)
        if para_end is not None:
            if pos - open_at <= _MAX_QUOTE:
                spans.append((open_at, para_end))
            open_at = pos
        elif ch in '”"' or pos - open_at > _MAX_QUOTE:
            if ch == "“":  # a new opening quote: the previous one was never closed
                open_at = pos
                continue
            if pos - open_at <= _MAX_QUOTE:
                spans.append((open_at, end))
            open_at = None
        else:
            open_at = pos
    return spans


def _in_quote(quotes: list[tuple[int, int]], pos: int) -> bool:
    return any(qs < pos < qe for qs, qe in quotes)


def _span_of(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _trim(doc: Doc, run: list[int]) -> list[int]:
    """Drop edge punctuation (but keep quote marks) and a leading or trailing conjunction."""
    while run and (doc[run[0]].text in _EDGE_PUNCT or doc[run[0]].dep_ == "cc"):
        run = run[1:]
    while run and (doc[run[-1]].text in _EDGE_PUNCT or doc[run[-1]].dep_ == "cc"):
        run = run[:-1]
    return run


def token_segments(doc: Doc, indices: set[int]) -> list[tuple[int, int]]:
    """Character spans of the runs of consecutive tokens in ``indices`` (edges trimmed, punctuation-only dropped)."""
    segs = []
    for run in _runs(list(indices)):
        run = _trim(doc, run)
        if run and any(not doc[i].is_punct for i in run):
            segs.append(_span_of([doc[i] for i in run]))
    return segs


def _subtree_ids(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def _cue_tokens(v: Token) -> list[Token]:
    """The cue verb with its contiguous left auxiliaries/negation/adverbs and a particle."""
    toks = [v]
    left = sorted((c for c in v.lefts if c.dep_ in _CUE_LEFT and c.i >= v.i - 4), key=lambda t: -t.i)
    lo = v.i
    for c in left:
        if c.i == lo - 1 and (c.dep_ != "advmod" or c.pos_ == "ADV"):
            toks.insert(0, c)
            lo = c.i
    for c in v.rights:
        if c.dep_ == "prt" and c.i == toks[-1].i + 1:
            toks.append(c)
    return toks


def _stock_code(t: Token) -> bool:
    """A bracket or what it encloses ('<ACME.L>', '(ACME.N)'): the parser can hang them on the cue as subjects."""
    doc = t.doc
    if t.text in _OPEN or t.text in _CLOSE:
        return True
    return 0 < t.i < len(doc) - 1 and doc[t.i - 1].text in _OPEN and doc[t.i + 1].text in _CLOSE


def _subject(v: Token) -> Token | None:
    found = [c for c in v.children if c.dep_ in _SUBJ]
    subjects = [c for c in found if not _stock_code(c)]
    if found and not subjects:
        return None
    if subjects:  # two subjects are a misparse of a fronted quote: the speaker is the one next to the verb
        return min(subjects, key=lambda c: abs(c.i - v.i))
    if v.dep_ == "acl" and v.head.pos_ in {"NOUN", "PROPN"} and v.tag_ in {"VBG", "VBN"} and v.i > v.head.i:
        return v.head  # "reports suggesting that ...", "posts quoting ..."
    head: Token | None = v
    # "He smiled and said ...", "..., saying ...", "...to say", "started by telling ...": borrow the
    # governing verb's subject
    for _ in range(3):
        head = _governor(head)
        if head is None:
            break
        for c in head.children:
            if c.dep_ in _SUBJ:
                return c
    return _inverted_subject(v)


_NP_START = {"DET", "PROPN", "NOUN", "ADJ", "PRON", "NUM"}
_NP_LINKS = {"compound", "amod", "det", "poss", "nummod", "case"}
_ADDRESSEE = {"tell", "inform", "assure", "warn", "remind", "ask"}  # the noun after them is the one told


def _inverted_subject(v: Token) -> Token | None:
    """'"A," said X, who ...' / '"A," added a Y': the speaker after the verb, when the parser gave it
    to a later verb (X as the subject of 'who ...') or made it the object; only after a fronted clause."""
    doc = v.doc
    if not 0 < v.i < len(doc) - 1 or not (doc[v.i - 1].is_punct and doc[v.i - 1].text not in _STOPS):
        return None  # right after the quotation ('," said X'), not 'X, later alleging ..., said'
    if v.lemma_.lower() in _ADDRESSEE or not any(c.dep_ in _COMP and c.i < v.i for c in v.children):
        return None
    tok = doc[v.i + 1]
    if tok.pos_ not in _NP_START or tok.sent.start != v.sent.start:
        return None
    for _ in range(6):  # climb the noun phrase to its head
        if tok.dep_ not in _NP_LINKS or tok.head.i <= tok.i:
            break
        tok = tok.head
    return tok if tok.pos_ in {"PROPN", "NOUN", "PRON"} else None


def _governor(v: Token) -> Token | None:
    """The verb whose subject ``v`` shares: through conj/advcl/xcomp, or a preposition ('by saying')."""
    if v.head is v:
        return None
    if _coordinated_cue(v) is not None:  # 'He said A and added B' misparsed: the speaker of 'said'
        if v.dep_ == "ccomp" and v.head.lemma_.lower() in CUE_VERBS:
            return v.head
        if v.head.dep_ in _COMP and v.head.head.lemma_.lower() in CUE_VERBS:
            return v.head.head
    if v.dep_ in {"conj", "advcl", "xcomp"}:
        return v.head
    if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in {"VERB", "AUX"}:
        return v.head.head
    return None


def _agent(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _source_ids(src: Token) -> set[int]:
    """The subject NP, without a trailing relative clause."""
    ids = {src.i}
    for t in src.subtree:
        ids.add(t.i)
    for c in src.children:
        if c.dep_ == "relcl" and c.i > src.i:
            ids -= _subtree_ids(c)
    # keep it contiguous around the head
    lo, hi = src.i, src.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    doc = src.doc
    for i in range(lo, src.i):  # a headline above the sentence is not part of the subject
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            lo = i + 1
    if src.i - lo > 8:  # a long left context is not the speaker: keep the phrase after the last comma
        commas = [i for i in range(lo, src.i) if doc[i].text in {",", "—", ";"}]
        if commas:
            lo = commas[-1] + 1
    ids = set(range(lo, hi + 1))
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space or _stock_code(doc[hi])):  # 'Acme Inc (ACME.N)'
        ids.discard(hi)
        hi -= 1
    return ids


Content = tuple[set[int], str]


_TAIL = {"conj", "advcl", "parataxis"}


def _across_lines(c: Token, v: Token) -> bool:
    """A clause that ends on an earlier line than its verb: the parser ran two paragraphs into one sentence
    ('“... A.”\\n\\nX, who ..., said he doubted B': B, not the previous paragraph's quotation)."""
    return c.i < v.i and any(t.is_space and "\n" in t.text for t in v.doc[c.right_edge.i : v.i])


def _by_clause(v: Token, lemma: str, sent_ids: range) -> Content | None:
    clauses = [c for c in v.children if c.dep_ in _COMP and not _across_lines(c, v)]
    that = [c for c in clauses if c.i > v.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
    for c in that[:1] or clauses:  # 'A — he said that B': B, not the sentence the parser hung on 'said'
        if c.dep_ in _COMP:
            ids = _subtree_ids(c)
            if c.i > v.i:
                ids |= _clause_tail(v, c)
            return ids, "ccomp"
    return None


_TICKER_OPEN = {"<": ">", "(": ")"}
_TICKER_SHAPE = frozenset("Xd.-")
_AFTER_TICKER = {"xcomp", "prep", "dep", "dobj", "npadvmod", "advmod", "punct"}


def _ticker_tail(v: Token, clause: Token) -> set[int]:
    """'said he accepted an offer from Acme Plc <ACME.L> to buy ...': the parser loses its place at a
    bracketed stock code right after the clause and hangs the rest on the cue verb. The code and
    what the cue verb governs after it (up to the sentence's last word) continue the clause."""
    doc, end = v.doc, clause.right_edge.i
    close = _TICKER_OPEN.get(doc[end + 1].text) if end + 1 < len(doc) else None
    if close is None:
        return set()
    k = next((k for k in range(end + 2, min(end + 5, len(doc))) if doc[k].text == close), None)
    if k is None or not all("X" in t.shape_ and set(t.shape_) <= _TICKER_SHAPE for t in doc[end + 2 : k]):
        return set()
    rest = [c for c in v.rights if c.i > k and c.dep_ in _AFTER_TICKER and not c.is_punct]
    last = max((c.right_edge.i for c in rest), default=k)
    return set(range(end + 1, last + 1))


def _clause_tail(v: Token, clause: Token) -> set[int]:
    """'said that A, but B' / 'that A, so B' parsed with B hung on the cue verb: B continues what was said
    (not a second cue of the same speaker, 'and warned that C'); so does what follows a stock code
    (``_ticker_tail``)."""
    ids: set[int] = _ticker_tail(v, clause)
    for c in v.rights:
        if c.i <= clause.i or c.dep_ not in _TAIL or c.lemma_.lower() in CUE_VERBS:
            continue
        if c.dep_ == "conj" and not any(g.dep_ in _SUBJ for g in c.children):
            continue
        ids |= _subtree_ids(c)
        ids |= {d.i for d in v.rights if d.dep_ in {"cc", "punct"} and clause.i < d.i < c.i}
    return ids


def _by_question(v: Token, lemma: str, sent_ids: range) -> Content | None:
    """'asked whether ...' the parser hangs as an adverbial clause."""
    if lemma not in {"ask", "wonder"}:
        return None
    for c in v.rights:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "whether"} for m in c.children):
            return _subtree_ids(c), "ccomp"
    return None


def _by_host(v: Token, lemma: str, sent_ids: range) -> Content | None:
    """Parenthetical cue: 'X is true, he said.' / 'X, he said, is true.'"""
    if v.dep_ not in {"parataxis", "ccomp", "advcl"} or v.head is v or v.head.i not in sent_ids:
        return None
    if v.tag_ == "VBG" and v.head.lemma_.lower() in CUE_VERBS:
        return None  # 'said X, speaking of Y': the participle is a second cue, not a parenthetical
    bare = not any(c.dep_ in {"dobj", "xcomp", "attr", "oprd"} for c in v.children)
    if bare and (v.dep_ == "parataxis" or (v.i > v.head.i and v.doc[v.left_edge.i - 1].text in {",", "—"})):
        lo, hi = _written_sentence(v, sent_ids)
        host = v.head
        while host.dep_ == "conj" and host.head.i in sent_ids and host.head is not host:
            host = host.head  # 'A, but B, the source added': the whole coordination
        ids = {i for i in _subtree_ids(host) - _subtree_ids(v) if lo <= i < hi}
        if ids:
            return ids, "host"
    return None


_STOPS = {".", "?", "!"}
_CLOSERS = {"”", '"', "''", "’"}


def _written_sentence(v: Token, sent_ids: range) -> tuple[int, int]:
    """Token range of the written sentence around ``v`` inside the parser's sentence, which may have
    run two together ('A said B. "C," A said.'): from after the last stop before it to the next stop."""
    doc = v.doc
    lo = sent_ids.start
    for i in range(v.left_edge.i - 1, sent_ids.start - 1, -1):
        if doc[i].text in _STOPS and doc[i].whitespace_:
            lo = i + 1
            break
        if doc[i].text in _CLOSERS and i > sent_ids.start and doc[i - 1].text in _STOPS and doc[i].whitespace_:
            lo = i + 1
            break
    hi = sent_ids.stop
    for i in range(v.right_edge.i + 1, sent_ids.stop):
        if doc[i].text in _STOPS and doc[i].whitespace_:
            hi = i + 1
            break
    return lo, hi


def _by_as_clause(v: Token, lemma: str, sent_ids: range) -> Content | None:
    """'..., as one adviser pointed out, X' / 'As X noted, Y': the clause the as-clause hangs on."""
    if v.dep_ != "advcl" or v.head is v or not any(m.dep_ == "mark" and m.lower_ == "as" for m in v.children):
        return None
    if lemma in _SCENE_PREPS:  # 'as he spoke, the crowd ...': a time
        return None
    if any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in v.children):
        return None
    lo, hi = _written_sentence(v, sent_ids)
    ids = {i for i in _subtree_ids(v.head) - _subtree_ids(v) if lo <= i < hi}
    return (ids, "host") if ids else None


def _by_xcomp(v: Token, lemma: str, sent_ids: range) -> Content | None:
    if lemma not in _XCOMP_OK:
        return None
    for c in v.rights:
        if c.dep_ == "xcomp":
            return _subtree_ids(c), "xcomp"
    return None


def _by_colon(v: Token, lemma: str, sent_ids: range) -> Content | None:
    for c in v.rights:
        if c.dep_ == "punct" and c.text == ":":
            ids = set(range(c.i + 1, sent_ids.stop))
            if ids:
                return ids, "colon"
    return None


def _by_object(v: Token, lemma: str, sent_ids: range) -> Content | None:
    """'accused X of Y', 'called X a Y': the object and what follows it. A headline says in a verb and its
    object what a body says in a clause ('Senator Sees Crisis'), so in opening lines written in headline
    capitals (read in lower case, ``HEADLINE_END``) every cue verb takes its object."""
    if lemma in _OBJ_VERBS_EXCLUDED and v.idx >= v.doc.user_data.get(HEADLINE_END, 0):
        return None
    for c in v.rights:
        if c.dep_ in {"dobj", "attr", "oprd"}:
            ids = _subtree_ids(c)
            for d in v.rights:
                if d.i > c.i and (d.dep_ in {"oprd", "xcomp"} or (d.dep_ == "prep" and d.lower_ in _OBJECT_PREPS)):
                    ids |= _subtree_ids(d)
            return ids, "object"
    return None


_RELATIVE_OBJECTS = {"which", "whom", "that", "what", "who"}


def _by_relative(v: Token, lemma: str, sent_ids: range) -> Content | None:
    """A cue verb whose object is relativized: 'which he describes as Y' / 'what she said' (the relative
    pronoun, with what completes it on the right), 'the only regret he acknowledged' (the noun the
    relative clause hangs on, without the clause). Only when nothing on its right is the content."""
    if lemma in _OBJ_VERBS_EXCLUDED or any(c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "oprd"} for c in v.rights):
        return None
    rel = next((c for c in v.lefts if c.dep_ == "dobj" and c.lower_ in _RELATIVE_OBJECTS), None)
    if rel is not None:
        ids = {rel.i}
    elif (
        v.dep_ == "relcl"
        and v.head.pos_ in {"NOUN", "PRON"}
        and not any(c.dep_ in {"nsubjpass", "prep"} for c in v.children)
    ):
        if any(c.dep_ in _SUBJ and c.lower_ in _RELATIVE_OBJECTS for c in v.lefts):
            return None  # 'voters who support X': the relative pronoun is the subject, the object is missing
        ids = _subtree_ids(v.head) - _subtree_ids(v)
    else:
        return None
    for d in v.rights:
        if d.dep_ == "prep" and d.lower_ in _OBJECT_PREPS:
            ids |= _subtree_ids(d)
    return ids, "object"


# Prepositions that complete an object's meaning ('accused X of Y', 'described X as Y', 'blamed X for Y');
# others ('during ...', 'at ...', 'in ...') only set the scene of the saying.
_OBJECT_PREPS = {"of", "as", "for", "to", "into", "over", "about", "against", "with"}


def _by_call_for(v: Token, lemma: str, sent_ids: range) -> Content | None:
    if lemma not in {"call", "ask", "urge"}:
        return None
    for c in v.rights:
        if c.dep_ == "prep" and c.text.lower() in {"for", "on"}:
            return _subtree_ids(c), "object"
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children):
            return _subtree_ids(c), "object"  # 'called for the wage to be raised': 'for' read as a clause's mark
    return None


_ABOUT = {"about", "of", "for", "against", "on", "over"}  # not 'to'/'with': an addressee is no topic
_NOT_TOPIC = {"DATE", "TIME", "ORDINAL", "CARDINAL", "PERCENT", "MONEY", "QUANTITY"}
# Verbs whose topic follows another preposition ('referred to X', 'pointed to X', 'responded with X')
_TOPIC_PREPS = {
    "refer": {"to"},
    "point": {"to"},
    "allude": {"to"},
    "object": {"to"},
    "respond": {"to", "with", "by"},
    "reply": {"to", "with"},
    "answer": {"with"},
    "agree": {"with"},
    "disagree": {"with"},
    # Levin 37.10 admit / FrameNet Statement verbs whose topic takes 'to' or 'at' ('admitted to X', 'hinted at Y')
    "admit": {"to"},
    "confess": {"to"},
    "testify": {"to"},
    "attribute": {"to"},
    "hint": {"at"},
    "lash": {"at"},
}


# Verbs of speaking as an activity: after them 'on' / 'over' name the venue, medium or terms ('speaking on CNN',
# 'spoke over boos', 'spoke on condition of anonymity'), not a topic (cue precision 0.2 on PolNeAR train), and
# 'as X spoke, ...' is a time, not 'as X said' (they take no clause to stand for).
_SCENE_PREPS = {"speak": {"on", "over"}, "talk": {"on", "over"}}


def _by_topic(v: Token, lemma: str, sent_ids: range) -> Content | None:
    """'complained about X', 'apologized for X', 'spoke out on X': the prepositional object."""
    if v.dep_ == "xcomp" and v.head.lemma_.lower() in CUE_VERBS:
        return None  # 'declined to comment on X': the governing cue holds it
    scene = _SCENE_PREPS.get(lemma, set()) if not any(c.dep_ == "prt" for c in v.children) else set()
    for c in v.rights:
        if c.dep_ != "prep" or (c.lower_ not in _ABOUT and c.lower_ not in _TOPIC_PREPS.get(lemma, ())):
            continue
        if c.lower_ in scene:
            continue
        obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
        if obj is None or obj.ent_type_ in _NOT_TOPIC:
            continue
        return _subtree_ids(obj), "topic"
    return None


_AS_HOSTS = {"dobj", "acl"}


def _by_regard(v: Token, lemma: str, sent_ids: range) -> Content | None:
    """'sees X as Y', 'views X as Y' (verbs otherwise taking only a clause)."""
    objs = [c for c in v.rights if c.dep_ == "dobj"]
    as_ = [c for c in v.rights if c.dep_ == "prep" and c.lower_ == "as"]
    if objs and not as_:  # the parser may hang 'as Y' on the object or its participle ('X held Sunday as Y')
        as_ = [c for c in objs[0].subtree if c.dep_ == "prep" and c.lower_ == "as" and c.head.dep_ in _AS_HOSTS]
    if objs and as_:
        return _subtree_ids(objs[0]) | _subtree_ids(as_[0]), "object"
    return None


def _by_interrupted(v: Token, lemma: str, sent_ids: range) -> Content | None:
    clause = _interrupted_clause(v, sent_ids)
    return (_subtree_ids(clause), "ccomp") if clause is not None else None


_ANSWERS = {"yes", "no", "so"}


def _by_answer(v: Token, lemma: str, sent_ids: range) -> Content | None:
    """'46 percent said yes', 'he thinks so': a one-word answer standing for a clause."""
    nxt = v.doc[v.i + 1] if v.i + 1 < len(v.doc) else None
    if nxt is not None and nxt.head.i == v.i and nxt.lower_ in _ANSWERS and nxt.dep_ in {"intj", "advmod", "dobj"}:
        return {nxt.i}, "answer"
    return None


# Where the content of a cue verb is, tried in order (the first that finds one wins).
_CONTENT_FINDERS = (
    _by_clause,
    _by_question,
    _by_host,
    _by_as_clause,
    _by_xcomp,
    _by_colon,
    _by_regard,
    _by_object,
    _by_relative,
    _by_call_for,
    _by_interrupted,
    _by_topic,
    _by_answer,
)


def _content_ids(v: Token, sent_ids: range) -> Content:
    """What was said: clause complement, object, post-colon text or the clause hosting a parenthetical cue."""
    lemma = v.lemma_.lower()
    for finder in _CONTENT_FINDERS:
        found = finder(v, lemma, sent_ids)
        if found is not None:
            return found
    return set(), ""


def _interrupted_clause(v: Token, sent_ids: range) -> Token | None:
    """'X said earlier on Friday during a news conference that ...': the that-clause the parser hung
    on the inserted phrase. Only a 'that' whose clause lies inside the verb's own right subtree."""
    if v.lemma_.lower() in _OBJ_VERBS_EXCLUDED - {"add", "note", "write", "point"}:
        return None
    inserted = [c for c in v.rights if c.dep_ in _INSERTED]
    for c in inserted:
        for t in c.subtree:
            if t.lower_ == "that" and t.dep_ == "mark" and t.head.i in sent_ids and t.head.pos_ in {"VERB", "AUX"}:
                return t.head
    return None


def _nested_cut(doc: Doc, inner: dict[str, Any], outer: dict[str, Any], quotes: list[tuple[int, int]]) -> int | None:
    """Where ``outer``'s content must stop because ``inner`` is a separate attribution inside it:
    ``inner`` starts its own sentence, or is a ', saying ...' participle after the outer's clause."""
    pos = inner["cue"][0]
    if not any(s <= pos < e for s, e in outer["content"]) or _in_quote(quotes, pos):
        return None
    if inner["sent"][0] > outer["sent"][0] and inner["sent"][0] >= outer["cue"][1]:
        return inner["sent"][0]
    if inner["kind"] == "according" and pos > outer["cue"][1] and _covers(inner, outer["cue"][0]):
        return pos  # 'X said A, according to Y': Y's attribution holds X's; A stops before 'according'
    tok = doc.char_span(pos, inner["cue"][1], alignment_mode="expand")
    if tok is None or not len(tok):
        return None
    v = tok[-1] if tok[-1].pos_ == "VERB" else tok[0]
    if (cc := _coordinated_cue(v)) is not None and cc.idx > outer["cue"][1] and _same_form(v, doc, outer["cue"]):
        return cc.idx
    if v.tag_ == "VBG" and v.dep_ in _PARTICIPLE_DEPS and v.i > 0 and doc[tok[0].i - 1].text in {",", "—", "–"}:
        return doc[tok[0].i - 1].idx if doc[tok[0].i - 1].idx > outer["cue"][1] else None
    return None


def _same_form(v: Token, doc: Doc, cue: list[int]) -> bool:
    """'X said A and warned B': the second speech verb takes the outer cue's form; a bare verb after a finite
    cue ('X suggested she would do A and support B') is coordinated inside the content (PolNeAR train:
    17 false cues fewer, 3 right ones lost)."""
    if v.tag_ != "VB":
        return True
    outer = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    return outer is not None and len(outer) > 0 and outer.root.tag_ == "VB"


def _covers(a: dict[str, Any], pos: int) -> bool:
    return any(s <= pos < e for s, e in a["content"])


def _coordinated_cue(v: Token) -> Token | None:
    """'X said A and warned B' parsed with 'warned' joined to A's verb (or hung on 'said' as a second
    clause): the 'and' right before a speech verb with no subject of its own, where A must stop."""
    if v.dep_ not in {"conj", "ccomp"} or v.lemma_.lower() not in SPEECH_VERBS:
        return None
    if any(c.dep_ in _SUBJ for c in v.children):
        return None
    k = v.i - 1
    while k > 0 and v.doc[k].pos_ == "ADV":
        k -= 1
    return v.doc[k] if v.doc[k].dep_ == "cc" else None


def _split_nested(doc: Doc, found: list[dict[str, Any]], quotes: list[tuple[int, int]], text: str) -> None:
    """Univocal spans: an attribution's content ends where a separate attribution inside it begins.
    ``text`` is ``doc.text`` (read once per Doc: the property rebuilds it token by token)."""
    for outer in found:
        cuts = [c for inner in found if inner is not outer and (c := _nested_cut(doc, inner, outer, quotes))]
        if not cuts:
            continue
        cut = min(cuts)
        parts = [[s, min(e, cut)] for s, e in outer["content"] if s < cut]
        parts = [[s, _rstrip(text, s, e)] for s, e in parts]
        parts = [p for p in parts if p[1] > p[0]]
        if parts:
            outer["content"] = parts


def _rstrip(text: str, s: int, e: int) -> int:
    while e > s and (text[e - 1].isspace() or text[e - 1] in _EDGE_PUNCT):
        e -= 1
    return e


def _extend_with_quotes(
    doc: Doc, segs: list[tuple[int, int]], quotes: list[tuple[int, int]], cue: tuple[int, int]
) -> list[tuple[int, int]]:
    """A content that touches a quotation takes the whole quotation (it may span sentences)."""
    out = []
    for s, e in segs:
        for qs, qe in quotes:
            if qs < e and s < qe and not (qs < cue[0] < qe):
                s, e = min(s, qs), max(e, qe) if e > qs + 1 else e
                if e < qe and qe - e <= 2:
                    e = qe
        out.append((s, e))
    return out


def _head(tok: Token | None) -> dict[str, Any]:
    if tok is None:
        return {"source_head_span": None, "source_head_text": ""}
    return {"source_head_span": [tok.idx, tok.idx + len(tok)], "source_head_text": tok.text}


def _adjacent_quote(
    text: str, quotes: list[tuple[int, int]], lo: int, hi: int, sent: tuple[int, int]
) -> tuple[int, int] | None:
    """A quotation ending just before (or starting just after) the source+cue region."""
    for qs, qe in quotes:
        if qe <= lo and qe >= sent[0] - 1 and not text[qe:lo].strip(" ,\t—–-"):
            return qs, qe
        if qs >= hi and not text[hi:qs].strip(" ,:\n\t—–-"):
            return qs, qe
    return None


def _speaker(v: Token) -> tuple[Token | None, bool]:
    """The source token (subject, or agent of a passive) and whether the verb is passive."""
    passive = any(c.dep_ == "nsubjpass" for c in v.children)
    return (_agent(v) if passive else _subject(v)), passive


def _passive_content(v: Token, has_agent: bool) -> Content:
    """'X is said to have ...': the passive subject and its infinitive are the content; with an agent
    ('X was first reported by Y'), the passive subject alone."""
    subj = next(c for c in v.children if c.dep_ == "nsubjpass")
    xc = [c for c in v.rights if c.dep_ in {"xcomp", "ccomp"}]
    if xc:
        # "to" of "is said to" belongs with the content in PolNeAR; keep it there
        return _subtree_ids(subj) | _subtree_ids(xc[0]), "passive"
    if has_agent:
        return _subtree_ids(subj), "passive"
    preps = [c for c in v.rights if c.dep_ == "prep" and c.lower_ in _PASSIVE_PREPS]
    if preps:  # 'X is seen as Y', 'X was charged with Y' (no agent: a sourceless statement)
        return _subtree_ids(subj) | _subtree_ids(preps[0]), "passive_prep"
    return set(), ""


# Prepositions completing an agentless passive's content ('is seen as', 'was charged with', 'is known for')
_PASSIVE_PREPS = {"as", "with", "for", "of"}


def _raised(v: Token, src: Token | None, content: set[int], phrase: Span | None) -> tuple[Token | None, set[int]]:
    """'X seems to Y' / 'it appears that Y': a raising verb's subject is part of what seems so, not someone
    who says it (no source; the content takes the subject and the verb), unless the raised verb is itself a
    cue ('X appeared to suggest Y': X speaks). PolNeAR train source P 0.815 -> 0.822, R -0.001."""
    if src is None or phrase is not None or v.lemma_.lower() not in RAISING_VERBS:
        return src, content
    if src.lower_ == "it" and any(c.dep_ == "ccomp" for c in v.children):
        return None, content
    xc = next((c for c in v.rights if c.dep_ == "xcomp"), None)
    if xc is None and (pred := _raised_predicate(v)):  # 'X seemed unperturbed', 'X appears a long shot'
        return None, content | _subtree_ids(src) | {v.i} | set().union(*(_subtree_ids(c) for c in pred))
    if xc is None or xc.lemma_.lower() in CUE_VERBS:
        return src, content
    return None, content | _subtree_ids(src) | {v.i}


# A raising verb's predicate without an infinitive: 'seemed unperturbed' (acomp/oprd), 'seemed a reminder'
# (attr/dobj), 'seems like a fair idea' (prep), 'it would seem as if X' (advcl); 'appeared on TV' (any other
# preposition) is being somewhere, not seeming.
_RAISED_PREDICATES = {"acomp", "oprd", "attr", "dobj"}
_RAISED_MARKS = {"like", "as", "if", "though"}


def _raised_predicate(v: Token) -> list[Token]:
    """The predicate of 'X seems Y' said by nobody (FrameNet Appearance / Evidence: the writer's reading of
    how things look; PolNeAR train: 1 in 2 of those at a sentence's main verb is a cue of its own)."""
    if v.lemma_.lower() not in RAISING_VERBS or v.dep_ not in {"ROOT", "conj"}:
        return []
    return [
        c
        for c in v.rights
        if c.dep_ in _RAISED_PREDICATES
        or (c.dep_ == "prep" and c.lower_ == "like")
        or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _RAISED_MARKS for m in c.children))
    ]


def _no_comment(v: Token, lemma: str, src: Token | None, cue_toks: list[Token]) -> list[tuple[int, int]]:
    """'X has not (publicly) commented': a statement with no content."""
    if lemma not in _NO_COMMENT_VERBS or src is None or not any(c.dep_ == "neg" for c in v.children):
        return []
    on = [c for c in v.rights if c.dep_ == "prep" and c.lower_ in {"on", "about"}]
    return token_segments(v.doc, _subtree_ids(on[0])) if on else [_span_of(cue_toks)]


def _rejected(v: Token, how: str, src: Token | None, passive: bool, in_quote: bool) -> bool:
    if in_quote:  # speech reported inside someone else's quotation: PolNeAR keeps the quotation whole
        return True  # (cue precision of such statements on PolNeAR train: 19 of 200)
    lemma = v.lemma_.lower()
    if _idiom(v, lemma, src, passive):
        return True
    if how == "passive_prep":
        return False
    if how == "object" and lemma in COGNITION_VERBS and lemma not in _OBJECT_OK:
        return True
    # "to maintain parity", "for denying access": no speaker, no statement ('X may seem Y' has none to have)
    if src is None and lemma in RAISING_VERBS and _raised_predicate(v):
        return False
    return src is None and not passive and (v.tag_ == "VB" or v.dep_ in {"xcomp", "acl", "pcomp", "pobj"})


# Levin 29.3 'dub' verbs: their past participle right after a common noun names it ('a group called X',
# 'a worker named Y', 'the so-called Z'): the noun is what is named, nobody is reported (PolNeAR train: 0.3).
_NAMING_VERBS = {"call", "name", "dub", "label", "brand", "title", "term", "nickname"}


def _naming_participle(v: Token, lemma: str) -> bool:
    if lemma not in _NAMING_VERBS or v.tag_ != "VBN" or v.i == 0:
        return False
    prev = v.doc[v.i - 1]
    if prev.lower_.rstrip("-") == "so":
        return True
    head_noun = v.dep_ == "acl" and v.head.i == v.i - 1 and v.head.pos_ == "NOUN"
    # a verb with an object and a predicate ('the campaign called the report a rush to judgment') is no participle
    complements = [c for c in v.children if c.dep_ in {"agent", "dobj", "ccomp"}]
    return head_noun and not complements


def _idiom(v: Token, lemma: str, src: Token | None, passive: bool) -> bool:
    """A cue verb inside a fixed phrase that reports nobody: 'is supposed to' (a modal), 'That said,'
    (a connective), a naming participle ('a group called X')."""
    if (passive and lemma == "suppose") or _naming_participle(v, lemma):
        return True
    nxt = v.doc[v.i + 1] if v.i + 1 < len(v.doc) else None
    return src is not None and src.lower_ == "that" and src.i == v.i - 1 and nxt is not None and nxt.text == ","


def _without_trailing_aside(doc: Doc, content: set[int]) -> set[int]:
    """Drop a non-restrictive relative clause that ends the content (', which ...', ', who ...'): the
    writer's aside about the object, not what was said."""
    if not content:
        return content
    last = max(content)
    for i in sorted(content):
        t = doc[i]
        comma = t.left_edge.i - 1
        aside = t.dep_ == "relcl" and comma in content and doc[comma].text == ","
        if aside and t.right_edge.i >= last - 1 and t.left_edge.lower_ in {"which", "who", "whose", "whom"}:
            return {j for j in content if j < comma}
    return content


def _after_last_stop(doc: Doc, content: set[int], lo: int, quotes: list[tuple[int, int]]) -> set[int]:
    """A content before its speaker and cue starts after the last line break and the last full stop outside
    quotation marks: the parser may hang the previous written sentence (or paragraph) on a postposed 'X said'
    as its clause. PolNeAR train content F1 0.803 -> 0.807 for the line break."""
    first = min(content, default=lo)
    brk = next((j for j in range(lo - 1, first - 1, -1) if doc[j].is_space and "\n" in doc[j].text), None)
    if brk is not None:
        content = {j for j in content if j > brk}
    for i in sorted((i for i in content if i < lo), reverse=True):
        tok = doc[i]
        ends = tok.whitespace_ or (i + 1 < len(doc) and doc[i + 1].is_space)
        if tok.text in _STOPS and ends and not _in_quote(quotes, tok.idx):
            return {j for j in content if j > i}
    return content


def _phrase_content(phrase: Span, sent_ids: range) -> Content:
    """A light-verb phrase's content ('made clear that X', 'took aim at X', 'is critical of X'): a clause
    or prepositional object hung on one of its words, else what the verb itself governs."""
    for tok in reversed(phrase):
        for c in tok.rights:
            if c.dep_ in _COMP or (c.dep_ == "advcl" and any(m.lower_ == "that" for m in c.lefts)):
                return _subtree_ids(c), "ccomp"  # 'made it clear that ...' may be parsed as an adverbial clause
            if tok.pos_ == "ADP" and c.dep_ in {"pobj", "pcomp"}:
                return _subtree_ids(c), "topic"
            if tok.pos_ == "ADJ" and c.dep_ == "xcomp":  # 'is eager to run', 'are reluctant to back X'
                return _subtree_ids(c), "xcomp"
    return _content_ids(phrase[0], sent_ids)


def _verb_source_ids(v: Token, src: Token | None) -> set[int]:
    """The speaker's tokens; in 'reports suggesting that ...' the speaker ends where its clause starts."""
    src_ids = _source_ids(src) if src is not None else set()
    if src is not None and v.dep_ == "acl" and src.i == v.head.i:
        src_ids = set(range(min(src_ids), v.i)) & src_ids
    return src_ids


def _verb_segments(
    v: Token,
    lemma: str,
    src: Token | None,
    cue_toks: list[Token],
    src_ids: set[int],
    found: Content,
    quotes: list[tuple[int, int]],
    text: str,
) -> tuple[list[tuple[int, int]], str] | None:
    """The content's character segments: the clause (with the quotations around it), else a no-comment's
    topic, else a quotation just before or after the speaker and cue; None when there is nothing."""
    doc, sent = v.doc, v.sent
    content, how = found
    segs = token_segments(doc, content)
    if segs:
        return _extend_with_quotes(doc, segs, quotes, _span_of(cue_toks)), how
    segs = _no_comment(v, lemma, src, cue_toks)
    if segs:
        return segs, "no_comment"
    ids = [*(t.i for t in cue_toks), *src_ids]
    lo, hi = min(ids), max(ids)
    q = _adjacent_quote(text, quotes, doc[lo].idx, doc[hi].idx + len(doc[hi]), (sent.start_char, sent.end_char))
    return None if q is None else ([q], "quote")


def _verb_attribution(
    v: Token, quotes: list[tuple[int, int]], text: str, phrase: Span | None = None
) -> dict[str, Any] | None:
    doc = v.doc
    sent = v.sent
    lemma = v.lemma_.lower() if phrase is None else " ".join(t.lemma_.lower() for t in phrase)
    src, passive = _speaker(v)
    cue_toks = _cue_tokens(v) if phrase is None else sorted({*_cue_tokens(v), *phrase}, key=lambda t: t.i)
    cue_ids = {t.i for t in cue_toks}
    sent_ids = range(sent.start, sent.end)
    content, how = _content_ids(v, sent_ids) if phrase is None else _phrase_content(phrase, sent_ids)
    if passive and (not content or (how == "xcomp" and src is None)):
        content, how = _passive_content(v, src is not None)  # "X is expected to Y": X is said too
    src, content = _raised(v, src, content, phrase)
    src_ids = _verb_source_ids(v, src)
    content = _without_trailing_aside(doc, content - (cue_ids | src_ids))
    content = _after_last_stop(doc, content, min(cue_ids | src_ids), quotes)
    cue_span = _span_of(cue_toks)
    found = _verb_segments(v, lemma, src, cue_toks, src_ids, (content, how), quotes, text)
    if found is None or _rejected(v, found[1], src, passive, _in_quote(quotes, cue_span[0])):
        return None
    segs, how = found
    source = _span_of([doc[i] for i in sorted(src_ids)]) if src_ids else None
    return {
        "cue": list(cue_span),
        "source": list(source) if source else None,
        **_head(src),
        "content": [list(s) for s in segs],
        "sent": [sent.start_char, sent.end_char],
        "kind": "passive" if passive and not src_ids else "verb",
        "lemma": lemma,
        "how": how,
    }


def _according(tok: Token) -> dict[str, Any] | None:
    """'according to X, ...' / '..., according to X.'"""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    sent = tok.sent
    phrase = _subtree_ids(tok) | _subtree_ids(to)
    src_ids = _source_ids(pobj) if pobj is not None else set()
    rest = set(range(sent.start, sent.end)) - phrase
    before = {i for i in rest if i < tok.i}
    after = {i for i in rest if i > max(phrase)}
    content = after if len(after) > len(before) else before
    segs = token_segments(doc, content)
    if not segs or not src_ids:
        return None
    src_toks = [doc[i] for i in sorted(src_ids)]
    return {
        "cue": [tok.idx, to.idx + len(to)],
        "source": list(_span_of(src_toks)),
        **_head(pobj),
        "content": [list(s) for s in segs],
        "sent": [sent.start_char, sent.end_char],
        "kind": "according",
        "lemma": "according to",
        "how": "according",
    }


_TO_WHOM = {"him", "her", "them", "me", "us", "many", "some", "most"}
_TO_NAMES = {"PERSON", "ORG", "NORP", "GPE"}


def _to_view(tok: Token) -> dict[str, Any] | None:
    """'To critics, the plan is a giveaway.' / 'To Smith, it marked a turning point.': a sentence opened
    by 'to' and a person, group or pronoun, then a comma, states that person's view (FrameNet Opinion:
    the dative of the experiencer); the rest of the sentence is the content."""
    doc, sent = tok.doc, tok.sent
    first = next((t for t in sent if not t.is_space), None)
    if first is None or first.i != tok.i or tok.dep_ != "prep" or tok.head.pos_ not in {"VERB", "AUX"}:
        return None
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.right_edge.i + 1 >= sent.end or doc[pobj.right_edge.i + 1].text != ",":
        return None
    person = pobj.ent_type_ in _TO_NAMES or pobj.lower_ in _TO_WHOM
    if not (person or pobj.lemma_.lower() in UNNAMED_KINDS or pobj.lower_ in UNNAMED_KINDS):
        return None
    segs = token_segments(doc, set(range(pobj.right_edge.i + 2, sent.end)))
    if not segs:
        return None
    return {
        "cue": [tok.idx, tok.idx + len(tok)],
        "source": list(_span_of(list(doc[pobj.left_edge.i : pobj.right_edge.i + 1]))),
        **_head(pobj),
        "content": [list(x) for x in segs],
        "sent": [sent.start_char, sent.end_char],
        "kind": "according",
        "lemma": "to",
        "how": "according",
    }


def _noun_source(n: Token) -> Token | None:
    """'Acme's claim', 'a claim by Acme', 'a warning from the ministry'."""
    for c in n.children:
        if c.dep_ == "poss":
            return c
    for c in n.rights:
        if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "from"}:
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _noun_clause(n: Token, has_src: bool) -> Content | None:
    """'the claim that ...': the clause."""
    for c in n.rights:
        if c.dep_ in {"acl", "ccomp", "appos"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return _subtree_ids(c), "noun_clause"
    return None


def _noun_copula(n: Token, has_src: bool) -> Content | None:
    """A copula's clause: 'the question is whether ...', 'her contention was that ...'."""
    if n.dep_ == "nsubj" and n.head.lemma_ == "be":
        for c in n.head.rights:
            if c.dep_ == "ccomp":
                return _subtree_ids(c), "noun_cop"
    return None


def _noun_infinitive(n: Token, has_src: bool) -> Content | None:
    """A commitment or request noun's infinitive when it names its speaker: 'her promise not to run', 'Acme's
    vow to fight', 'his call to ban X'."""
    if has_src and (n.lemma_.lower() in COMMITMENT_NOUNS or n.lemma_.lower() in REQUEST_NOUNS):
        for c in n.rights:
            if c.dep_ in {"acl", "xcomp", "relcl"} and c.tag_ == "VB" and any(m.lower_ == "to" for m in c.lefts):
                return _subtree_ids(c), "noun_inf"
    return None


def _noun_prep(n: Token, has_src: bool) -> Content | None:
    """'concerns about X', 'attacks against Y' (the preposition joins the cue, as in PolNeAR); also 'of' / 'on'
    / 'to' after a judgment noun that names its speaker ('her attack on X'), 'for' after a request noun ('a
    call for X': what is asked for; PolNeAR train: 13 of 16)."""
    judged = has_src and n.lemma_.lower() in JUDGMENT_NOUNS
    preps = _NOUN_PREPS | _JUDGED_PREPS if judged else _NOUN_PREPS
    if n.lemma_.lower() in REQUEST_NOUNS:
        preps = preps | _REQUEST_PREPS
    for c in n.rights:
        if c.dep_ == "prep" and c.lower_ in preps and c.i == n.i + 1:
            obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None:
                return _subtree_ids(obj), "noun_prep:" + c.lower_
    return None


# In this order: the first that finds a content wins.
_NOUN_CONTENT_FINDERS = (_noun_clause, _noun_copula, _noun_infinitive, _noun_prep)


def _noun_content(n: Token, has_src: bool = False) -> Content | None:
    """What a cue noun reports: a 'that' clause, a copula's clause, a commitment noun's infinitive, or the
    object of 'about' / 'against' (other prepositions' objects are too often not what was said), or of 'of' /
    'on' / 'to' after a judgment noun that names its speaker."""
    for find in _NOUN_CONTENT_FINDERS:
        found = find(n, has_src)
        if found is not None:
            return found
    return None


# Only these: 'of', 'on', 'for', 'to' after a cue noun were what was said under 0.45 of the time on PolNeAR train
_NOUN_PREPS = {"about", "against"}
# ... except a judgment noun (FrameNet Judgment_communication / Taking_sides) that names its speaker: "Acme's
# attack on X", "the ministry's criticism of Y", "her opposition to Z" (precision 0.7 on PolNeAR train; any cue
# noun with its speaker: 0.5, and 0.2 on dev: "her statements to the FBI", "his views on X").
_JUDGED_PREPS = {"of", "on", "to"}
# ... and 'for' after a noun of asking ("a call for a special prosecutor", "renewed calls for X").
_REQUEST_PREPS = {"for"}


def _noun_attribution(n: Token) -> dict[str, Any] | None:
    """Noun cues: "Acme's claim that ...", "the ministry's warning about ...", "a report by X that ..."."""
    if n.pos_ != "NOUN":
        return None
    src = _noun_source(n)
    found = _noun_content(n, src is not None)
    if found is None or (src is None and n.dep_ == "dobj" and found[1].startswith("noun_prep")):
        return None  # 'raised questions about X', 'faced questions about Y': the verb's subject raises or faces
        # them, nobody is reported saying anything (what a speaker raises is a CUE_PHRASE; PolNeAR train: 0.27)
    src_ids = _source_ids(src) if src is not None else set()
    segs = token_segments(n.doc, found[0] - src_ids - {n.i})
    if not segs:
        return None
    sent = n.sent
    source = _span_of([n.doc[i] for i in sorted(src_ids)]) if src_ids else None
    end = n.i + 1 if found[1].startswith("noun_prep") else n.i
    cue_end = n.doc[end].idx + len(n.doc[end])
    return {
        "cue": [n.idx, cue_end],
        "source": list(source) if source else None,
        **_head(src),
        "content": [list(s) for s in segs],
        "sent": [sent.start_char, sent.end_char],
        "kind": "noun",
        "lemma": n.lemma_.lower(),
        "how": found[1],
    }


def _in_source(n: Token) -> dict[str, Any] | None:
    """'In an early CBS News poll, she led 56 to 32' / 'by one estimate, ...': the preposition is the cue,
    the poll or study the source, the clause it hangs on the content (a cue verb there has its own)."""
    prep = n.head
    if n.pos_ != "NOUN" or n.lemma_.lower() not in SOURCE_NOUNS or n.dep_ != "pobj" or prep.lower_ not in {"in", "by"}:
        return None
    if not any(c.dep_ in {"det", "poss"} for c in n.children):
        return None  # 'in other words', 'mired in polls': no particular poll or person
    if n.tag_ == "NNS" and all(c.dep_ == "det" and c.lower_ == "the" for c in n.children):
        return None  # 'rose in the polls', 'leads in the polls': a standing in the race, not one poll's finding
    host = prep.head
    if host.pos_ not in {"VERB", "AUX"} or host.lemma_.lower() in CUE_VERBS or prep.dep_ != "prep":
        return None
    sent_ids = range(n.sent.start, n.sent.end)
    lo, hi = _written_sentence(host, sent_ids)
    content = {i for i in _subtree_ids(host) - _subtree_ids(prep) if lo <= i < hi}
    src_ids = _source_ids(n) & _subtree_ids(prep)
    segs = token_segments(n.doc, content)
    if not segs or not src_ids:
        return None
    doc, sent = n.doc, n.sent
    return {
        "cue": [prep.idx, prep.idx + len(prep)],
        "source": list(_span_of([doc[i] for i in sorted(src_ids)])),
        **_head(n),
        "content": [list(s) for s in segs],
        "sent": [sent.start_char, sent.end_char],
        "kind": "according",
        "lemma": prep.lower_,
        "how": "according",
    }


def _sourceless(tok: Token) -> dict[str, Any] | None:
    """'X has reportedly done Y': no named source; the clause is the content."""
    doc = tok.doc
    sent = tok.sent
    head = tok.head
    ids = _subtree_ids(head) - {tok.i}
    ids = {i for i in ids if sent.start <= i < sent.end}
    segs = token_segments(doc, ids)
    if not segs:
        return None
    return {
        "cue": [tok.idx, tok.idx + len(tok)],
        "source": None,
        **_head(None),
        "content": [list(s) for s in segs],
        "sent": [sent.start_char, sent.end_char],
        "kind": "adverb",
        "lemma": tok.lower_,
        "how": "adverb",
    }


_SPEAKER_ENTS = {"PERSON", "ORG", "NORP", "GPE"}


def _line_tokens(doc: Doc, tok: Token, step: int) -> list[Token]:
    """Tokens from ``tok`` (exclusive) to the line break in direction ``step`` (-1 left, +1 right)."""
    out: list[Token] = []
    i = tok.i + step
    while 0 <= i < len(doc) and "\n" not in doc[i].text and (step > 0 or "\n" not in doc[i].whitespace_):
        out.append(doc[i])
        if step > 0 and "\n" in doc[i].whitespace_:
            break
        i += step
    return out[::-1] if step < 0 else out


def _headline(words: list[Token]) -> bool:
    alpha = [t for t in words if t.is_alpha and len(t) > 3]
    return len(alpha) >= 2 and sum(t.text[:1].isupper() for t in alpha) >= 0.8 * len(alpha)


def _speaker_label(left: list[Token], right: list[Token], body: str | None = None) -> bool:
    """'Name:' at the start of a line: a short name (or a transcript's upper-case speaker), no verb. In an
    article's headline (``body``: the text after it) a label names a speaker by its last word instead."""
    if len(left) == 1 and len(left[0]) == 1:
        return False  # an interview's 'Q:' / 'A:' marks a turn, not who speaks (cue precision 0 of 17 on PolNeAR train)
    if body is not None:
        return _headline_label(left, body)
    if not (1 <= len(left) <= 5) or any(t.pos_ in {"VERB", "AUX", "NUM"} or t.like_num for t in left):
        return False
    if all(t.is_upper for t in left if t.is_alpha) and any(t.is_alpha and len(t) > 1 for t in left):
        return True  # transcripts: "SMITH: ..."
    if len(left) == 1 and left[0].is_title and (left[0].pos_ == "PROPN" or _headline(right)):
        return True  # a headline's "Name: ..." / "Name: Title Case Words"
    return any(t.pos_ == "PROPN" for t in left) and any(t.ent_type_ in _SPEAKER_ENTS for t in left)


def _headline_label(left: list[Token], body: str) -> bool:
    """'Sanders: ...', 'Poll: ...', 'Senate Democrats: ...' opening a headline: a short label with no verb
    (the tagger reads a lone headline name as one: 'Sanders') whose last word names who speaks."""
    if not (1 <= len(left) <= 5) or left[0].lower_ in {"the", "a", "an"}:
        return False  # 'The Latest: ...' is a series, not a speaker
    if len(left) > 1 and any(t.pos_ in {"VERB", "AUX", "NUM"} or t.like_num for t in left):
        return False
    if left[-1].dep_ != "amod" and _label_speaker(left[-1], body):
        return True
    return any(t.pos_ == "PROPN" for t in left) and any(t.ent_type_ in _SPEAKER_ENTS for t in left)


def _label_speaker(head: Token, body: str) -> bool:
    """A headline label's last word names who speaks: a source or role noun, or a name the article's
    ``body`` writes capitalised (and never in lower case)."""
    if head.lower_ in LABEL_SOURCES or head.lemma_.lower() in LABEL_SOURCES:
        return True
    return head.is_title and written_as_name(body, head.text)


def _colon(tok: Token, heads: list[tuple[int, int]] = (), body: str = "") -> dict[str, Any] | None:
    """'Name: what they said' at the start of a line (headlines, interview transcripts); the content runs
    to the end of the line. ``heads``: the article's headline lines (character spans), ``body`` the rest."""
    doc = tok.doc
    sent = tok.sent
    left = [t for t in _line_tokens(doc, tok, -1) if not (t.is_space or t.is_punct)]
    right = [t for t in _line_tokens(doc, tok, 1) if not t.is_space]
    headline = any(s <= tok.idx < e for s, e in heads)
    if len(right) < 3 or not _speaker_label(left, right, body if headline else None):
        return None
    segs = token_segments(doc, {t.i for t in right})
    if not segs:
        return None
    root = max(left, key=lambda t: t.i if t.pos_ == "PROPN" else -1)
    return {
        "cue": [tok.idx, tok.idx + 1],
        "source": [left[0].idx, left[-1].idx + len(left[-1])],
        **_head(root),
        "content": [list(s) for s in segs],
        "sent": [sent.start_char, sent.end_char],
        "kind": "colon",
        "lemma": ":",
        "how": "colon",
    }


_OPENERS = {'"', "“", "``"}


def _colon_speaker(tok: Token, left: list[Token]) -> Token | None:
    """Who a clause ending in a colon introduces: its subject when a person, group or pronoun, else
    the last person or group named in it ('... doesn't surprise pollster Jane Roe: "..."')."""
    head = tok.head
    subj = _subject(head) if head.pos_ in {"VERB", "AUX"} else None
    speaker = subj is not None and (subj.ent_type_ in _SPEAKER_ENTS or subj.lower_ in {"he", "she", "they", "we", "i"})
    if speaker and subj.i < tok.i:
        return subj
    named = [t for t in left if t.ent_type_ in _SPEAKER_ENTS and t.pos_ == "PROPN"]
    return named[-1] if named else None


def _clause_colon(tok: Token, quotes: list[tuple[int, int]]) -> dict[str, Any] | None:
    """'He then listed the qualities he wants in a nominee: "..."': a clause with no cue word of its own,
    a colon and a quotation right after it; the quotation is the content, the clause's speaker the source."""
    doc = tok.doc
    nxt = next((t for t in doc[tok.i + 1 : tok.i + 4] if not t.is_space), None)
    quote = next(((qs, qe) for qs, qe in quotes if nxt is not None and qs == nxt.idx), None)
    if quote is None or nxt.text not in _OPENERS:
        return None
    left = [t for t in _line_tokens(doc, tok, -1) if not t.is_space]
    if len(left) < 3 or any(t.lemma_.lower() in CUE_VERBS or t.lemma_.lower() in CUE_NOUNS for t in left):
        return None  # a cue in the clause ('he said:') has its own attribution
    src = _colon_speaker(tok, left)
    if src is None or _in_quote(quotes, tok.idx):
        return None
    ids = {i for i in _source_ids(src) if i < tok.i}  # the parser may hang the quotation on the speaker
    sent = tok.sent
    return {
        "cue": [tok.idx, tok.idx + 1],
        "source": [doc[min(ids)].idx, doc[max(ids)].idx + len(doc[max(ids)])],
        **_head(src),
        "content": [list(quote)],
        "sent": [sent.start_char, sent.end_char],
        "kind": "colon",
        "lemma": ":",
        "how": "quote",
    }


_DASHES = ("―", "—", "–", "--", "-")
# The tokenizer keeps a closing quote written flush against the dash as one token ('...”― Jane Roe').
_GLUED_DASHES = tuple(q + d for q in ("”", '"') for d in _DASHES)


def _byline_name(doc: Doc, start: int) -> list[Token]:
    """A short proper name opening the rest of a line and nothing but a place, handle or date after it
    ('― Jane Roe', '— Jane Roe (@handle) July 5, 2016', '-Jane Roe, Springfield.')."""
    name: list[Token] = []
    i = start
    while i < len(doc) and (doc[i].pos_ == "PROPN" or doc[i].ent_type_ == "PERSON") and len(name) < 6:
        name.append(doc[i])
        if "\n" in doc[i].whitespace_:
            return name
        i += 1
    if not name or not name[0].is_title:
        return []
    rest = []
    while i < len(doc) and "\n" not in doc[i].text and len(rest) <= 15:
        rest.append(doc[i])
        if "\n" in doc[i].whitespace_:
            break
        i += 1
    if len(rest) > 15 or any(t.pos_ in {"VERB", "AUX"} and not t.text.startswith("@") for t in rest):
        return []
    return name


def _quote_before(text: str, end: int, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The quotation ending right before ``end`` (spaces, line breaks and a full stop between them allowed)."""
    while end > 0 and (text[end - 1].isspace() or text[end - 1] == "."):
        end -= 1
    return next(((qs, qe) for qs, qe in quotes if qe == end), None)


def _dash(tok: Token, quotes: list[tuple[int, int]], text: str) -> dict[str, Any] | None:
    """A quotation signed with a dash and a name ('"..." ― Jane Roe', a pull quote or an embedded post):
    the dash is the cue, the name the source, the quotation the content."""
    doc = tok.doc
    dash = tok.text[1:] if tok.text in _GLUED_DASHES else tok.text
    if tok.i + 1 >= len(doc) or dash not in _DASHES or not quotes:
        return None
    at = tok.idx + len(tok) - len(dash)  # where the dash starts (after a glued closing quote)
    quote = _quote_before(text, at, quotes)
    if quote is None:
        return None
    k = tok.i + 1
    while k < len(doc) - 1 and doc[k].is_space and "\n" not in doc[k].text:  # a no-break space after the dash
        k += 1
    name = _byline_name(doc, k)
    if not name:
        return None
    sent = tok.sent
    return {
        "cue": [at, at + len(dash)],
        "source": [name[0].idx, name[-1].idx + len(name[-1])],
        **_head(name[-1]),
        "content": [list(quote)],
        "sent": [sent.start_char, sent.end_char],
        "kind": "dash",
        "lemma": tok.text,
        "how": "quote",
    }


class AttributionFinder:
    """Find attributions in a parsed Doc; cheap prefilter on lemma/lower hashes."""

    def __init__(
        self, nlp: Language, name: str, verbs: list[str], sourceless: list[str], nouns: list[str] | None = None
    ) -> None:
        strings = nlp.vocab.strings
        self.name = name
        self.verb_hashes = np.array(sorted(strings.add(v) for v in verbs), dtype=np.uint64)
        self.noun_hashes = np.array(
            sorted(strings.add(n) for n in (sorted(CUE_NOUNS | SOURCE_NOUNS) if nouns is None else nouns)),
            dtype=np.uint64,
        )
        self.according = strings.add("according")
        self.colon = strings.add(":")
        self.dash_hashes = np.array(sorted(strings.add(d) for d in _DASHES + _GLUED_DASHES), dtype=np.uint64)
        self.sourceless_hashes = np.array(sorted(strings.add(w) for w in sourceless), dtype=np.uint64)

    def __call__(self, doc: Doc) -> Doc:
        found = find_attributions(
            doc,
            self.verb_hashes,
            self.according,
            self.sourceless_hashes,
            self.colon,
            self.noun_hashes,
            self.dash_hashes,
        )
        doc._.set(EXT, found)
        return doc


def _ready(doc: Doc) -> bool:
    if not len(doc) or not doc.has_annotation("DEP"):
        return False
    if not doc.has_annotation("LEMMA"):
        warnings.warn(
            "claimgraph_attributions needs lemmas: do not disable the lemmatizer/attribute_ruler",
            RuntimeWarning,
            stacklevel=2,
        )
        return False
    return True


def _verb_ok(v: Token) -> bool:
    if v.pos_ not in {"VERB", "AUX"} or v.dep_ in {"amod", "compound", "acomp"}:
        return False
    return (
        v.lemma_.lower() not in RAISING_VERBS
        or any(c.dep_ in {"xcomp", "ccomp"} for c in v.children)
        or bool(_raised_predicate(v))
    )


def _verb_attributions(
    doc: Doc, idx: list[int], quotes: list[tuple[int, int]], used: set[int], text: str
) -> list[dict[str, Any]]:
    found = []
    for i in idx:
        v = doc[i]
        if _verb_ok(v) and (a := _verb_attribution(v, quotes, text)):
            found.append(a)
            used.add(i)
    return found


def _phrase_attributions(
    doc: Doc, phrases: list[tuple[int, int]], quotes: list[tuple[int, int]], used: set[int], text: str
) -> list[dict[str, Any]]:
    """Light-verb and particle phrases whose verb alone says nothing ('made it clear', 'took aim at',
    'was critical of', 'weighed in'): CUE_PHRASE patterns; the phrase is the cue."""
    found = []
    for start, end in phrases:
        v = doc[start]
        if v.i not in used and _verb_ok(v) and (a := _verb_attribution(v, quotes, text, doc[start:end])):
            found.append(a)
            used.add(v.i)
    return found


def _adverb_attributions(doc: Doc, idx: list[int], used: set[int]) -> list[dict[str, Any]]:
    found = []
    for i in idx:
        tok = doc[i]
        if not (tok.dep_ == "advmod" and tok.head.pos_ in {"VERB", "AUX"} and tok.head.i not in used):
            continue
        if a := _sourceless(tok):
            found.append(a)
    return found


def _colon_attributions(
    doc: Doc, idx: list[int], quotes: list[tuple[int, int]], text: str, heads: list[tuple[int, int]]
) -> list[dict[str, Any]]:
    """Speaker labels ('Name: ...', in a headline also 'Poll: ...') and clauses ending in a colon."""
    body = text[heads[-1][1] :] if heads else ""
    return [a for i in idx if (a := _colon(doc[i], heads, body) or _clause_colon(doc[i], quotes))]


def _where(arr: np.ndarray, col: int, hashes: np.ndarray | None) -> list[int]:
    """Token indices whose lemma (col 0) or lower-case form (col 1) hash is one of ``hashes``
    (a binary search per token: a few times cheaper than np.isin on arrays this small)."""
    if hashes is None or not len(hashes):
        return []
    hashes = np.sort(hashes)
    column = arr[:, col]
    idx = np.searchsorted(hashes, column)
    idx[idx == len(hashes)] = 0
    return np.flatnonzero(hashes[idx] == column).tolist()


_TO_HASH = np.array([get_string_id("to")], dtype=np.uint64)


def _to_views(doc: Doc, arr: np.ndarray) -> list[dict[str, Any]]:
    """'To critics, ...' at the start of a sentence (``_to_view``)."""
    starts = [i for i in _where(arr, 1, _TO_HASH) if i == 0 or doc[i].is_sent_start or doc[i - 1].is_space]
    return [a for i in starts if (a := _to_view(doc[i]))]


def _according_attributions(doc: Doc, idx: list[int], used: set[int]) -> list[dict[str, Any]]:
    found = []
    for i in idx:
        if a := _according(doc[i]):
            found.append(a)
            used.add(doc[i].head.i)
    return found


@cache
def _gap_hashes() -> np.ndarray:
    return np.array(sorted(get_string_id(w) for w in cues.dep_anchors("CUE_GAP")), dtype=np.uint64)


def _gap_verbs(doc: Doc, arr: np.ndarray, verb_idx: list[int]) -> list[int]:
    """Cue verbs of the phrases with a gap ('cast X as Y', 'hit X for Y': CUE_GAP dependency rows) added
    to the lexicon's; only the tokens holding one of their verbs are tried."""
    known = set(verb_idx)
    candidates = [i for i in _where(arr, 0, _gap_hashes()) if i not in known]
    return sorted(known | set(cues.anchors(doc, "CUE_GAP", candidates))) if candidates else verb_idx


def find_attributions(
    doc: Doc,
    verb_hashes: np.ndarray,
    according: int,
    sourceless_hashes: np.ndarray,
    colon: int = 0,
    noun_hashes: np.ndarray | None = None,
    dash_hashes: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    if not _ready(doc):
        return []
    arr = doc.to_array([LEMMA, LOWER])
    verb_idx = _gap_verbs(doc, arr, _where(arr, 0, verb_hashes))
    noun_idx = _where(arr, 0, noun_hashes)
    acc_idx = _where(arr, 1, np.array([according], dtype=np.uint64))
    views = _to_views(doc, arr)
    adv_idx = _where(arr, 1, sourceless_hashes)
    colon_idx = _where(arr, 1, np.array([colon], dtype=np.uint64) if colon else None)
    dash_idx = _where(arr, 1, dash_hashes)
    phrases = _cue_phrases(doc)
    if not (verb_idx or acc_idx or adv_idx or colon_idx or noun_idx or phrases or dash_idx or views):
        return []
    text = doc.text
    quotes = quote_spans(text) if ('"' in text or "“" in text or "''" in text) else []
    heads = headline_lines(text) if colon_idx else []
    used_verbs: set[int] = set()
    found = _according_attributions(doc, acc_idx, used_verbs) + views
    found += _verb_attributions(doc, verb_idx, quotes, used_verbs, text)
    found += _phrase_attributions(doc, phrases, quotes, used_verbs, text)
    found += _colon_attributions(doc, colon_idx, quotes, text, heads)
    found += [a for i in dash_idx if (a := _dash(doc[i], quotes, text))]
    found += [a for i in noun_idx if (a := _noun_attribution(doc[i]) or _in_source(doc[i]))]
    found += _adverb_attributions(doc, adv_idx, used_verbs)
    found = _dedupe(found)
    if quotes:
        _continue_quotes(doc, found, quotes, text)
    _split_nested(doc, found, quotes, text)
    carve_fronted(doc, found)
    return [a for a in found if a["content"]]  # a statement needs some content (a cut can leave none)


def _cue_phrases(doc: Doc) -> list[tuple[int, int]]:
    """The CUE_PHRASE spans, from every cue pattern's matches over the Doc, which stay on it for
    extract_doc's cue hits (the Doc is matched once); a Doc lacking an annotation some pattern
    reads (a hand-built one) is matched for CUE_PHRASE alone."""
    matches = cues.remember_matches(doc)
    return cues.spans(doc, "CUE_PHRASE") if matches is None else cues.longest_of(matches, "CUE_PHRASE")


def _sentence_end(doc: Doc, char: int) -> int:
    tok = doc.char_span(char, char + 1, alignment_mode="expand")
    return tok.sent.end_char if tok is not None and len(tok) else char


def _continue_quotes(doc: Doc, found: list[dict[str, Any]], quotes: list[tuple[int, int]], text: str) -> None:
    """'“A,” she said. “B.”': a quotation right after a quoted statement continues its content."""
    cues = sorted(a["cue"][0] for a in found)
    starts = {qs: (qs, qe) for qs, qe in quotes}
    continuing = _continuing_speakers(doc, found, quotes)
    for a in found:
        last = a["content"][-1]
        ends_quoted = any(qs < last[1] <= qe for qs, qe in quotes) or id(a) in continuing
        if not ends_quoted or _nested_in_another(a, found):
            continue  # it ends in a quotation (or is its sentence's speaker); a nested cue leaves the next one
        end = max(a["sent"][1], last[1], a["cue"][1])
        if (q := _quote_after_cue(a, quotes, cues, last)) is not None:
            a["content"].append(list(q))
            end = max(end, q[1])
        while True:
            gap_end = end
            while gap_end < len(text) and text[gap_end].isspace():
                gap_end += 1
            q = starts.get(gap_end)
            if q is None or ("\n\n" in text[end:gap_end] and text[end:gap_end].count("\n") > 2):
                break
            stop = _sentence_end(doc, q[1] - 1)
            para = text.find("\n", q[1])
            if para != -1:  # the parser may run a closing quote into the next paragraph
                stop = min(stop, para)
            if any(q[1] <= c < stop for c in cues):
                break  # '“B,” he added.': the next quotation has its own cue (one quoted inside it does not count)
            a["content"].append([q[0], q[1]])
            end = max(q[1], stop)


def _continuing_speakers(doc: Doc, found: list[dict[str, Any]], quotes: list[tuple[int, int]]) -> set[int]:
    """'X said A. “B.”': a quotation after a sentence whose statements end in no quotation continues the
    sentence's first sourced speech-verb (or 'according to') statement. PolNeAR train content P/R
    0.832/0.754 -> 0.830/0.760; other cues (wants, was critical of) and later ones (', who supports',
    ', referring to') lose more than they win."""
    best: dict[int, dict[str, Any]] = {}
    quoted: set[int] = set()
    for a in found:
        s = a["sent"][0]
        if any(qs < a["content"][-1][1] <= qe for qs, qe in quotes):
            quoted.add(s)
        speech = a["kind"] == "according" or (a["kind"] == "verb" and a["lemma"] in SPEECH_VERBS)
        if speech and a.get("source") and (s not in best or _rank(doc, a) < _rank(doc, best[s])):
            best[s] = a
    return {id(a) for s, a in best.items() if s not in quoted}


def _rank(doc: Doc, a: dict[str, Any]) -> tuple[bool, int]:
    """The sentence's main statement first (its cue the root: not ', who supports'), then the earliest."""
    tok = doc.char_span(a["cue"][0], a["cue"][1], alignment_mode="expand")
    return not (tok is not None and any(t.dep_ == "ROOT" for t in tok)), a["cue"][0]


def _nested_in_another(a: dict[str, Any], found: list[dict[str, Any]]) -> bool:
    pos = a["cue"][0]
    return any(b is not a and any(s <= pos < e for s, e in b["content"]) for b in found)


def _quote_after_cue(
    a: dict[str, Any], quotes: list[tuple[int, int]], cues: list[int], last: list[int]
) -> tuple[int, int] | None:
    """'"A," Jane Roe said, "and B."': a quotation right after a fronted quotation's cue and source, in the
    same sentence, is the second half of what was said."""
    lo = max(a["cue"][1], (a["source"] or a["cue"])[1])
    if last[1] > a["cue"][0]:
        return None
    for qs, qe in quotes:
        if lo <= qs < a["sent"][1] and qs - lo <= 60 and not any(lo <= c < qs for c in cues):
            return qs, qe
    return None


def _dedupe(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One attribution per cue; nested cues inside another's content are kept (PolNeAR keeps the outer)."""
    found.sort(key=lambda a: a["cue"][0])
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for a in found:
        key = tuple(a["cue"])
        if key in seen:
            continue
        seen.add(key)
        out.append(a)
    return out


@Language.factory(
    "claimgraph_attributions",
    default_config={
        "verbs": sorted(CUE_VERBS),
        "sourceless": sorted(SOURCELESS_CUES),
        "nouns": sorted(CUE_NOUNS | SOURCE_NOUNS),
    },
)
def make_attribution_finder(
    nlp: Language, name: str, verbs: list[str], sourceless: list[str], nouns: list[str]
) -> AttributionFinder:
    return AttributionFinder(nlp, name, verbs, sourceless, nouns)
