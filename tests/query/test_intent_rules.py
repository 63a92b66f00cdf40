"""One test per row of the intent table (``kg.query.intents.RULES`` and ``REFINEMENTS``).

Real spaCy parses; names are linked against a small hand-made name table (no database), so each
row is tested on its own: the example must be picked by exactly that row, and a row without an
example fails ``test_every_row_has_an_example``.
"""

from __future__ import annotations

import pytest
from question_names import question_reader

from kg.query import intents

NAMES = {
    "Acme": "Organization",
    "Globex": "Organization",
    "Yukos": "Organization",
    "Gazprom": "Organization",
    "Jane Smith": "Person",
    "Reuters": "Outlet",
    "Russia": "Country",
}

# rule name -> (question, intent after refinement)
RULE_EXAMPLES: dict[str, tuple[str, str]] = {
    "unknown_name": ("What did Elon Musk say about Yukos?", "unknown"),
    "after_denial": ("Who repeated that Yukos was sold after Gazprom denied it?", "after_denial"),
    "hardened": ("Which claims hardened as they were repeated?", "hardened"),
    "softened": ("Which claims softened as they were repeated?", "softened"),
    "unsourced": ("Which claims have no named source?", "unsourced"),
    "no_comment": ("Who declined to comment on the merger?", "no_comment"),
    "has_commented": ("Has Acme commented on the recall?", "has_commented"),
    "connection_how": ("How are Yukos and Gazprom connected?", "connection"),
    "verify": ("Is it true that Acme recalled the cars?", "verify"),
    "contested": ("Which claims are disputed?", "contested"),
    "timeline": ("How did the Yukos story unfold over time?", "timeline"),
    "origin": ("Where did the claim that Yukos was sold originate?", "origin"),
    "where_mentioned": ("Where is Gazprom mentioned?", "articles"),
    "outlets": ("Which outlets carried the claim that Yukos was sold?", "outlets"),
    "comentions": ("Which entities are mentioned together with Yukos?", "comentions"),
    "articles": ("Which articles mention Gazprom?", "articles"),
    "connection": ("Which ties connect Yukos with Gazprom?", "connection"),
    "things": ("Which company bought the Globex plant?", "things"),
    "claims_about_topic": ("What claims are there about Yukos?", "claims_about"),
    "deniers": ("Who denied that Yukos was sold?", "deniers"),
    "claims_of_possessor": ("What were Jane Smith's statements?", "statements_by"),
    "claimants": ("Who said that Yukos was sold?", "claimants"),
    "relation": ("Who owns Yukos?", "relation"),
    "claims_with_noun": ("Which allegations name Yukos?", "claims_about"),
    "claims_open": ("Tell me about Yukos", "claims_about"),
    "fallback": ("Are chips slower than rivals?", "fallback"),
}

# refinement name -> (question, rule that fires first, intent after refinement)
REFINEMENT_EXAMPLES: dict[str, tuple[str, str, str]] = {
    "named_speaker": ("What did Acme deny?", "deniers", "denials_by"),
    "denied_claims": ("Which claims were rejected?", "deniers", "contested"),
    "said_about": ("What is being said about Yukos?", "claimants", "claims_about"),
}


@pytest.fixture(scope="module")
def read():
    reader = question_reader(NAMES)

    def _read(question: str):
        doc, mentions = reader(question)
        return intents.features(doc, mentions), intents.interpret(question, doc, mentions)

    return _read


def test_every_row_has_an_example() -> None:
    assert [r.name for r in intents.RULES] == list(RULE_EXAMPLES)
    assert [r.name for r in intents.REFINEMENTS] == list(REFINEMENT_EXAMPLES)
    assert intents.RULES[-1].when is not None and intents.RULES[-1].intent == "fallback"


@pytest.mark.parametrize("name", list(RULE_EXAMPLES))
def test_rule(read, name: str) -> None:
    question, intent = RULE_EXAMPLES[name]
    f, parsed = read(question)
    assert intents.pick(f).name == name, question
    assert parsed.intent == intent, question


@pytest.mark.parametrize("name", list(REFINEMENT_EXAMPLES))
def test_refinement(read, name: str) -> None:
    question, rule, intent = REFINEMENT_EXAMPLES[name]
    f, parsed = read(question)
    assert intents.pick(f).name == rule, question
    assert parsed.intent == intent, question


def test_speaker_and_claim_are_split(read) -> None:
    _, parsed = read("What did Jane Smith say about Yukos buying a plant?")
    assert parsed.intent == "statements_by"
    assert [m.name for m in parsed.agents] == ["Jane Smith"]
    assert [m.name for m in parsed.topics] == ["Yukos"]
    assert "plant" in parsed.claim_words
    _, asked = read("Did Acme deny that Globex sold the plant?")  # who denied it is asked: the speaker stays open
    assert asked.intent == "deniers" and asked.stances == ("denies",) and asked.claim_text == "Globex sold the plant"


def test_relation_direction(read) -> None:
    assert read("Who owns Yukos?")[1].relation_dir == "in"
    assert read("What does Yukos own?")[1].relation_dir == "out"
    assert read("Where is Yukos based?")[1].relation_types == ("BASED_IN", "LOCATED_IN")


def test_phrase_inside_the_claim_is_not_a_cue(read) -> None:
    """'over time' inside the quoted claim does not make a timeline question."""
    _, parsed = read('Who said "Yukos will shrink over time"?')
    assert parsed.intent == "claimants"


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("Who disputed that Yukos sold it: the plant is not for sale?", "Yukos sold it: the plant is not for sale"),
        ("Who reported that 'a done deal' is what Acme called the sale, officials say?", None),
    ],
)
def test_the_claim_after_the_question_verb_runs_to_the_end(read, question: str, claim: str | None) -> None:
    """A headline-like claim (a colon, a quoted phrase, a trailing 'officials say') is read whole, and the
    question stays a question about who disputed or reported it."""
    _, parsed = read(question)
    want = claim or question[len("Who reported that ") : -1]
    assert parsed.claim_text == want
    assert parsed.intent == ("deniers" if question.startswith("Who disputed") else "claimants")


@pytest.mark.parametrize(
    ("question", "negative"),
    [
        ("Who denied that Yukos sold the plant?", False),
        ("Who denied that Yukos did not sell the plant?", True),
        ("Who disputed that the report of Yukos selling the plant is a hoax?", True),
        ("Who disputed that Acme refuted reports that Yukos sold the plant?", True),
    ],
)
def test_a_claim_that_denies_is_read_as_negative(read, question: str, negative: bool) -> None:
    """A claim that is itself a denial or a debunk flips the stances that answer it."""
    from kg.query.engine import negated_claim

    _, parsed = read(question)
    assert negated_claim(parsed) is negative
