"""The question vocabulary, read from ``question_patterns.json`` (data, not code).

Word lists are lemma sets; multi-word cues are spaCy ``Matcher`` patterns. Denial verbs are the
extractor's own (``extraction.lexicon.DENIAL_VERBS``) so a question and an article agree on what a
denial is; the file only adds question-side words ("denial", "denier"). Nothing here names a story.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extraction.lexicon import DENIAL_VERBS

_DATA = json.loads((Path(__file__).with_name("question_patterns.json")).read_text(encoding="utf-8"))


def words(name: str) -> frozenset[str]:
    """One lemma list of the data file, by name."""
    return frozenset(_DATA["words"][name])


SAY = words("say")
DENY = DENIAL_VERBS | words("deny_extra")
RESPOND = words("respond")
SILENT = words("silent")
NEGATION = words("negation")
OUTLET_NOUNS = words("outlet_nouns")
CARRY = words("carry")
CITE = words("cite")
SOURCE_NOUNS = words("source_nouns")
ORIGIN_WORDS = words("origin_words")
TIMELINE_WORDS = words("timeline_words")
CONTESTED_WORDS = words("contested_words")
CLAIM_NOUNS = words("claim_nouns")
NAME_LABELS = words("name_labels")
ARTICLE_NOUNS = words("article_nouns")
MENTION_VERBS = words("mention_verbs")
COMENTION_WORDS = words("comention_words")
CONNECT_WORDS = words("connect_words")
ABOUT_PREPS = words("about_preps")
WH = words("wh")
GENERIC = words("generic")
AGENT_NOUNS = words("agent_nouns")
STATEMENT_NOUNS = DENY | CLAIM_NOUNS | RESPOND  # "S's denial", "S's claims", "S's comment"

# Relation verbs and nouns -> ontology relationship types (first listed is the main one).
RELATION_CUES: dict[str, tuple[str, ...]] = {
    lemma: tuple(types) for lemmas, types in _DATA["relation_cues"] for lemma in lemmas
}

# Nouns that name a kind of thing ("which company", "what chips") -> the entity labels it asks for.
THING_TYPES: dict[str, tuple[str, ...]] = {
    noun: tuple(labels) for nouns, labels in _DATA["thing_types"] for noun in nouns
}


@lru_cache(maxsize=4)
def _matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab)
    for name, patterns in _DATA["phrases"].items():
        matcher.add(name, patterns)
    return matcher


def phrase_matches(doc: Doc) -> list[tuple[str, int, int]]:
    """Every multi-word cue in ``doc`` as (pattern name, start token, end token)."""
    matcher = _matcher(doc.vocab)
    return [(doc.vocab.strings[key], start, end) for key, start, end in matcher(doc)]
