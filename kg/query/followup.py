"""Follow-up questions in a conversation, read against the previous question.

"And who denied it?" after "Who said that X?" asks about the same claim; "What about Y?" (or
"And Y?") after "Has X commented on Z?" asks the same question of Y. A follow-up keeps its own
intent (who denied) and borrows what it leaves out (the claim, the entities) from the previous
question; a swap keeps the previous question's intent and puts the new names in. The cue words are
data (``question_patterns.json``: ``followup_*``).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from kg.query import parse
from kg.query import words as W

PRONOUNS = W.words("followup_pronouns")
STARTS = W.words("followup_starts")
ABOUT_WH = W.words("followup_about")
_OPEN_INTENTS = (parse.FALLBACK, parse.CLAIMS_ABOUT)


def _what_about(doc: Doc) -> bool:
    """'What about Y?', 'How about Y?'."""
    return len(doc) >= 2 and doc[0].lower_ in ABOUT_WH and doc[1].lower_ == "about"


def _anaphoric(doc: Doc) -> bool:
    """A pronoun standing for something said before ('it', 'that claim'), not 'that' opening a clause."""
    return any(t.lower_ in PRONOUNS and t.dep_ != "mark" and t.pos_ in ("PRON", "DET") for t in doc)


def _own_words(p: parse.Parsed) -> list[str]:
    """The claim words that are not the names the question links."""
    names = {w.lower() for m in p.mentions for w in m.text.split()}
    return [w for w in p.claim_words if w.lower() not in names]


def _swap(p: parse.Parsed, previous: parse.Parsed) -> parse.Parsed:
    """The previous question asked again of the new names: as the speaker if it had one, else as the topic."""
    new = replace(previous, text=p.text, doc=p.doc, mentions=list(p.mentions))
    if previous.agents:
        new.agents, new.topics = list(p.mentions), list(previous.topics)
    else:
        new.topics = list(p.mentions)
        kept = {w.lower() for m in previous.topics for w in m.text.split()}
        new.claim_words = [w for w in previous.claim_words if w.lower() not in kept]
    return new


def _borrow(p: parse.Parsed, previous: parse.Parsed) -> parse.Parsed:
    """The new intent about what the previous question was about (its claim, else its names)."""
    new = replace(p, mentions=list(p.mentions), topics=list(p.topics))
    if not _own_words(p):
        new.claim_words, new.claim_text = list(previous.claim_words), previous.claim_text
    if not p.topics:
        borrowed = previous.topics or previous.agents
        new.topics = [m for m in borrowed if m not in p.agents]
        new.mentions = list(p.mentions) + [m for m in borrowed if m not in p.mentions]
    return new


def kind(p: parse.Parsed) -> str:
    """'swap', 'borrow' or '' (not a follow-up)."""
    doc = p.doc
    if not len(doc):
        return ""
    starts = doc[0].lower_ in STARTS
    if p.mentions and (_what_about(doc) or (starts and p.intent in _OPEN_INTENTS)) and not _own_words(p):
        return "swap"
    if _anaphoric(doc) or (starts and not p.topics and not _own_words(p)):
        return "borrow"
    return ""


def resolve(p: parse.Parsed, previous: parse.Parsed | None) -> tuple[parse.Parsed, bool]:
    """``p`` read against ``previous``; the flag says whether it was taken as a follow-up."""
    if previous is None:
        return p, False
    how = kind(p)
    if how == "swap":
        return _swap(p, previous), True
    if how == "borrow" and (previous.claim_words or previous.topics or previous.agents):
        return _borrow(p, previous), True
    return p, False
