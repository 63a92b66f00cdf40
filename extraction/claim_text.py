"""Canonical claim text: a short, self-contained span of the content that first stated the claim.

A statement's content can run over several sentences, carry an appositive ("X, a rival of Y,
will ...") or start with a pronoun ("it will close the plant"). The claim node shows one text for
every restatement, so it keeps the first sentence's clause, drops appositives and parentheticals,
and names the subject when the content opens with a pronoun that was resolved to an entity.
Read off the parse, so nothing here depends on wording.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extraction.records import normalise_text

_DROP_DEPS = frozenset(["appos", "parataxis"])
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])
_EDGE_PUNCT = " \"'“”‘’,.;:-—–"


def _dropped(tokens: list[Token]) -> set[int]:
    """Token indices inside appositive / parenthetical subtrees, with the commas around them."""
    inside = {t.i for t in tokens}
    drop: set[int] = set()
    for t in tokens:
        if t.dep_ in _DROP_DEPS and t.head.i in inside:
            sub = [s.i for s in t.subtree]
            drop.update(sub)
            for edge in (min(sub) - 1, max(sub) + 1):
                if edge in inside and t.doc[edge].is_punct and t.doc[edge].text in {",", "(", ")", "-", "—", "–"}:
                    drop.add(edge)
    return drop


def canonical_text(doc: Doc, start: int, end: int, text: str, subject_name: str | None = None) -> str:
    """The claim text to store for content ``text`` found at characters [start, end) of ``doc``.

    Falls back to ``text`` when the content is not one contiguous run of the parse (a quote split
    by its cue, a negation removed): then there is no span to trim safely.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or _plain(span.text) != _plain(text):
        return text
    first = span[0].sent
    tokens = [t for t in span if first.start <= t.i < first.end]
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in {"that", "whether", "if"}):
        tokens = tokens[1:]
    drop = _dropped(tokens)
    kept = [t for t in tokens if t.i not in drop]
    if len(kept) < 3:
        return text
    words = [
        t.text + (" " if t.whitespace_ or (nxt.i != t.i + 1 and not nxt.is_punct) else "")
        for t, nxt in zip(kept, [*kept[1:], kept[-1]], strict=True)
    ]
    lead = kept[0]
    if subject_name and lead.dep_ in _SUBJECT_DEPS and lead.morph.get("PronType") == ["Prs"]:
        words[0] = subject_name + " "
    return normalise_text("".join(words)).strip(_EDGE_PUNCT) or text


def _plain(text: str) -> str:
    """The comparison form of a content text: normalised, edge punctuation and a leading "that" off."""
    t = normalise_text(text).strip(_EDGE_PUNCT)
    head, _, rest = t.partition(" ")
    if head.casefold() in {"that", "whether", "if"}:
        t = rest
    return t.strip(_EDGE_PUNCT).casefold()
