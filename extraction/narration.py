"""The outlet's narration beside a speech verb: "X accepted the resignation and asked him to Y".

When a statement's cue verb is the second conjunct of a sentence whose main verb is not a cue and
shares its subject, the first conjunct is not anybody's words: the outlet states it ("On Monday,
the king accepted the resignation of the coalition and asked him to form a new government").
The attribution component keeps only the cue's statement, so that fact, often the firm end of a
claim reported as expected earlier, had no statement. Each such main clause becomes an own-voice
"asserts" statement about the clause (not the whole sentence, whose rest is the speaker's words).
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from extraction.components.attribution import token_segments

SUBJECTS = {"nsubj", "nsubjpass"}
FINITE = {"VBD", "VBZ", "VBP"}
QUESTION = {"WRB", "WP", "WDT"}  # "how many tourists look at ...": a question or a fragment, not a fact told
JOINS = {"and", "but"}  # "X did A and / but said B": the outlet tells A ("or" / "nor" offer alternatives)
MIN_WORDS = 4  # a shorter clause ("he resigned") says too little to be compared with another wording


def _head_in(doc: Doc, span: tuple[int, int]) -> Token | None:
    """The token of a character span whose head lies outside it (the cue verb of "is expected to")."""
    toks = doc.char_span(span[0], span[1], alignment_mode="expand")
    if toks is None:
        return None
    return next((t for t in toks if not toks.start <= t.head.i < toks.end or t.head.i == t.i), None)


def _joins(root: Token, conj: Token) -> list[int]:
    """Indices of the "and" / "but" joining ``root`` to its conjunct ``conj``; [] when the word is another
    one or the "and" joins nouns ("X has its problems and analysts warn", "would neither confirm nor deny")."""
    joins = [c.i for c in root.children if c.dep_ == "cc" and c.i < conj.i]
    if not joins or root.doc[joins[-1]].lower_ not in JOINS or any(c.dep_ == "preconj" for c in root.children):
        return []
    return joins


def _kept(root: Token, conj: Token, joins: list[int]) -> list[Token]:
    """``root``'s clause without the conjunct, the joining words and the punctuation after them."""
    drop = {t.i for t in conj.subtree} | set(joins)
    keep = [t for t in root.subtree if t.i not in drop and not ((t.is_punct or t.is_space) and t.i > conj.i)]
    while keep and (keep[-1].is_punct or keep[-1].is_space):
        keep.pop()
    return keep


def _clause(root: Token, conj: Token) -> tuple[int, int] | None:
    """Token range of ``root``'s clause without the conjunct ``conj`` and the "and" / "but" joining
    them; None unless the clause is one run of words before that conjunction, within one paragraph."""
    joins = _joins(root, conj)
    if not joins:
        return None
    keep = _kept(root, conj, joins)
    if not keep or keep[-1].i > joins[-1] or any(t.is_space or "\n" in t.text for t in keep):
        return None
    if sum(1 for t in keep if t.is_alpha) < MIN_WORDS or keep[0].tag_ in QUESTION:
        return None
    return keep[0].i, keep[-1].i + 1


def _finite(verb: Token) -> bool:
    """A finite verb ("accepted", "has bought"): a bare participle root is a parse of a noun phrase."""
    return verb.tag_ in FINITE or any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


def _narrated(verb: Token, cues: set[int]) -> tuple[Token, tuple[int, int]] | None:
    """(main verb, clause token range) the outlet narrates beside this cue verb, if any."""
    if verb.dep_ != "conj" or any(c.dep_ in SUBJECTS for c in verb.children):
        return None
    root = verb.head
    if root.dep_ != "ROOT" or root.pos_ not in {"VERB", "AUX"} or root.i in cues or not _finite(root):
        return None
    if not any(c.dep_ in SUBJECTS for c in root.children) or any(c.dep_ == "neg" for c in root.children):
        return None
    clause = _clause(root, verb)
    if clause is None or any(clause[0] <= i < clause[1] for i in cues):  # "X is improving, Y said, but warned"
        return None
    return root, clause


def narration_attributions(doc: Doc, atts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Own-voice "asserts" attributions for the main clauses the outlet narrates beside a statement's
    cue verb (see the module's docstring); their ``clause`` is the character span the claim is."""
    sourced = [a["kind"] != "own_voice" and bool(a.get("source")) for a in atts]
    verbs = [_head_in(doc, tuple(a["cue"])) if s else None for a, s in zip(atts, sourced, strict=True)]
    if not any(v is not None and v.dep_ == "conj" for v in verbs):  # most articles: no cue verb is a conjunct
        return []
    # each cue's head read once: the sourced ones above, the rest only now that they are needed
    heads = [v if s else _head_in(doc, tuple(a["cue"])) for a, v, s in zip(atts, verbs, sourced, strict=True)]
    cues = {t.i for t in heads if t is not None}
    covered = {tuple(a["sent"]) for a in atts if a["kind"] == "own_voice"}
    out: list[dict[str, Any]] = []
    for verb in verbs:
        found = _narrated(verb, cues) if verb is not None else None
        if found is None:
            continue
        root, (lo, hi) = found
        sent = root.sent
        if (sent.start_char, sent.end_char) in covered:
            continue
        covered.add((sent.start_char, sent.end_char))
        clause = [doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])]
        out.append(
            {
                "cue": [root.idx, root.idx + len(root)],
                "source": None,
                "source_head_span": None,
                "source_head_text": "",
                "content": [list(p) for p in token_segments(doc, set(range(lo, hi)))] or [clause],
                "sent": [sent.start_char, sent.end_char],
                "clause": clause,
                "kind": "own_voice",
                "lemma": root.lemma_.lower(),
                "how": "narration",
                "stance": "asserts",
            }
        )
    return out
