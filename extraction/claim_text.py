"""Canonical claim text: a short, self-contained span of the content that first stated the claim.

A statement's content can run over several sentences, carry an appositive ("X, a rival of Y,
will ..."), a non-restrictive relative clause (", which ..."), trailing comma-set modifiers
(", despite ...", ", given ...") or start with a pronoun ("it will close the plant"). The claim
node shows one text for every restatement, so it keeps the first sentence's clause, drops those
asides, and names the subject when the content opens with a pronoun that was resolved to an
entity. A content whose words were edited (a hedge adverb lifted out: "X reportedly did Y", a
negation removed) is trimmed on the tokens it kept. Read off the parse, so nothing here depends
on wording.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from extraction.records import normalise_text

# Dependents dropped wherever they sit: appositives and parentheticals.
_DROP_DEPS = frozenset(["appos", "parataxis"])
# Dependents dropped when set off by a comma or dash: ", which ...", ", despite ...", "—given ...".
_ASIDE_DEPS = frozenset(["relcl", "advcl", "acl", "prep", "npadvmod", "advmod", "ccomp"])
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])
_ASIDE_PUNCT = frozenset([",", "(", ")", "-", "—", "–", "--"])
_DASHES = frozenset(["-", "—", "–", "--"])
_EDGE_PUNCT = " \"'“”‘’,.;:-—–"
_LEADS = frozenset(["that", "whether", "if"])
_MIN_WORDS = 3  # a trim that leaves fewer words keeps the content as it was


def _subtree_ends(t: Token) -> tuple[int, int]:
    """Indices of the first and last token ``t.subtree`` yields, without building every token of it."""
    first = last = t
    while (left := next(first.lefts, None)) is not None:
        first = left
    while (right := _last(last.rights)) is not None:
        last = right
    return first.i, last.i


def _last(tokens) -> Token | None:
    out = None
    for out in tokens:  # noqa: B007 (the last one is wanted)
        pass
    return out


def _set_off(t: Token, inside: set[int]) -> bool:
    """``t``'s subtree is an aside: opened by a comma or dash after its head, and either running to
    the end of the content, or closed again when it is a relative clause (", which ... ,") or sits
    between dashes. A list item (", completely disassembled, and") is neither."""
    first, last = _subtree_ends(t)
    before, after = first - 1, last + 1
    if t.head.i > first or before not in inside or t.doc[before].text not in _ASIDE_PUNCT:
        return False
    if any(c.dep_ == "cc" and _listed(t.doc, c.i - 1) for c in t.children):  # "..., painted here, and sold"
        return False
    if after not in inside or (t.doc[after].is_punct and t.doc[after].text not in _ASIDE_PUNCT):
        return True
    closer = t.doc[after].text
    dashed = t.doc[before].text in _DASHES and closer in _DASHES
    return (t.dep_ == "relcl" and closer == "," and not _listed(t.doc, after)) or dashed


def _listed(doc: Doc, comma: int) -> bool:
    """A comma followed by a coordinator: the end of a list item, not of an aside."""
    return 0 <= comma < len(doc) - 1 and doc[comma].text == "," and doc[comma + 1].dep_ == "cc"


def _names_its_head(t: Token) -> bool:
    """A name right after its description, with no comma ("the AI developer Acme"): the name is
    what the claim is about, not an aside."""
    return t.dep_ == "appos" and t.pos_ == "PROPN" and t.head.i == t.left_edge.i - 1 and t.head.pos_ == "NOUN"


def _dropped(tokens: list[Token]) -> set[int]:
    """Token indices inside appositive / parenthetical / comma-set subtrees, with their punctuation."""
    inside = {t.i for t in tokens}
    drop: set[int] = set()
    for t in tokens:
        dep = t.dep_
        if (dep not in _DROP_DEPS and dep not in _ASIDE_DEPS) or t.i in drop or t.head.i not in inside:
            continue
        if (t.dep_ in _DROP_DEPS and not _names_its_head(t)) or (t.dep_ in _ASIDE_DEPS and _set_off(t, inside)):
            sub = [s.i for s in t.subtree]
            drop.update(sub)
            for edge in (min(sub) - 1, max(sub) + 1):
                if edge in inside and t.doc[edge].text in _ASIDE_PUNCT:
                    drop.add(edge)
    return drop


@lru_cache(maxsize=65536)
def _squashed(text: str) -> str:
    """``text`` normalised, without whitespace, case-folded (token texts repeat: cached)."""
    return re.sub(r"\s+", "", normalise_text(text)).casefold()


def _aligned(span: Span, text: str) -> list[Token] | None:
    """The span's tokens that spell ``text`` in order (a hedge or negation lifted out), or None.

    Compared without spaces, so tokenisation ("is|n't") and spacing do not matter."""
    want = re.sub(r"\s+", "", normalise_text(text)).casefold()
    lead = re.match(r"(?:that|whether|if)(?=\W|$)", want) if not want.startswith(span[0].lower_) else None
    pos = lead.end() if lead else 0
    kept: list[Token] = []
    for t in span:
        tok = _squashed(t.text)
        if tok and want.startswith(tok, pos):
            kept.append(t)
            pos += len(tok)
    return kept if kept and pos == len(want) else None


def _clause(aligned: list[Token]) -> list[Token]:
    """The content's tokens in its first sentence, without a leading "that" and without asides."""
    first = aligned[0].sent
    tokens = [t for t in aligned if first.start <= t.i < first.end]
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in _LEADS):
        tokens = tokens[1:]
    drop = _dropped(tokens)
    kept = [t for t in tokens if t.i not in drop]
    while kept and kept[-1].text in _ASIDE_PUNCT:
        kept.pop()
    return kept


def canonical_text(
    doc: Doc, start: int, end: int, text: str, subject_name: str | None = None, source: str | None = None
) -> str:
    """The claim text to store for content ``text`` found at characters [start, end) of ``doc``; the
    words are ``source``'s (the article's text, same offsets) when given: the Doc may have read a
    headline line with its capitals lowered.

    Falls back to ``text`` when its words are not tokens of the span in order (a quote split by
    its cue and rejoined differently, a rewritten verb): then there is no span to trim safely.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    aligned = _aligned(span, text) if span is not None and len(span) else None
    if not aligned:
        return text
    kept = _clause(aligned)
    if sum(not t.is_punct for t in kept) < _MIN_WORDS:
        return text
    words = [
        (source[t.idx : t.idx + len(t)] if source else t.text)
        + (" " if t.whitespace_ or (nxt.i != t.i + 1 and not nxt.is_punct) else "")
        for t, nxt in zip(kept, [*kept[1:], kept[-1]], strict=True)
    ]
    lead = kept[0]
    if subject_name and lead.dep_ in _SUBJECT_DEPS and lead.morph.get("PronType") == ["Prs"]:
        words[0] = subject_name + " "
    return normalise_text("".join(words)).strip(_EDGE_PUNCT) or text
