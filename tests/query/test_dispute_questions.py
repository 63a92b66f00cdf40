"""'Who debunked / rejected / disputed / denied / challenged X?' all ask for every disputing statement.

The question side reads the ``QUESTION_DISPUTE`` patterns of ``extraction/data/stance_patterns.jsonl``
(the data the extractor reads too); the answer reaches a source's denial and the article debunking
the story in its own voice alike. Real spaCy parses and a real FalkorDB graph.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest

from kg.config import Settings
from kg.ingest import ingest_paths
from kg.query import answer_question
from kg.query import parse as P
from kg.query.engine import (
    _QUESTION_PIPES,
    claim_negation,
    clean_question,
    negated_claim,
    negated_predicate,
    states_predicate,
)
from kg.query.match import stem
from kg.store.falkor import FalkorStore

CLAIM = "a bear walked into a bakery in the city centre"
ASKS = ("debunked", "rejected", "disputed", "denied", "challenged", "questioned", "called it a hoax")


@pytest.mark.parametrize("verb", ASKS)
def test_every_dispute_verb_asks_for_the_deniers(nlp, verb: str) -> None:
    question = f"Who {verb} that {CLAIM}?"
    doc = nlp(question, disable=[n for n in nlp.pipe_names if n not in _QUESTION_PIPES])
    parsed = P.interpret(question, doc, [])
    assert parsed.intent == "deniers" and parsed.stances == ("denies",), (verb, parsed.intent)
    assert parsed.claim_text == CLAIM


def test_a_challenge_noun_is_no_dispute_question(nlp) -> None:
    question = "Which challenge did the bakery face?"
    doc = nlp(question, disable=[n for n in nlp.pipe_names if n not in _QUESTION_PIPES])
    assert P.interpret(question, doc, []).intent != "deniers"


@pytest.fixture(scope="module")
def graph(server_dir, tmp_path_factory) -> Iterator[tuple[FalkorStore, Settings]]:
    articles = [
        f"A widely shared post claimed that {CLAIM} on Sunday. The story is a hoax, the paper found.",
        f"Witnesses said {CLAIM} on Sunday. The city council denied that {CLAIM}.",
    ]
    yield from _ingested(server_dir, tmp_path_factory, "Article", articles)


def _ingested(server_dir, tmp_path_factory, title: str, articles: list[str]) -> Iterator[tuple[FalkorStore, Settings]]:
    """A fresh graph holding ``articles`` (titled ``title N``), deleted afterwards."""
    src = tmp_path_factory.mktemp("disputes") / "articles.jsonl"
    src.write_text("".join(json.dumps({"text": t, "title": f"{title} {i}"}) + "\n" for i, t in enumerate(articles)))
    settings = Settings(data_dir=server_dir, graph_name=f"disputes_{uuid.uuid4().hex[:10]}", graph_uri="")
    store = FalkorStore(server_dir, settings.graph_name)
    store.ensure_schema()
    ingest_paths(store, [src], settings)
    yield store, settings
    store.delete_graph()
    store.close()


@pytest.mark.parametrize("verb", ASKS)
def test_every_dispute_verb_reaches_the_same_disputing_statements(graph, verb: str) -> None:
    store, settings = graph
    answer = answer_question(store, f"Who {verb} that {CLAIM}?", settings)
    sentences = {e.sentence for i in answer.items for e in i.evidence}
    stances = {e.stance for i in answer.items for e in i.evidence}
    assert any("council denied" in s for s in sentences), answer.answer
    assert any("hoax" in s for s in sentences), answer.answer
    assert stances <= {"denies", "disputes"} and "asserts" not in stances


@pytest.fixture(scope="module")
def story_graph(server_dir, tmp_path_factory) -> Iterator[tuple[FalkorStore, Settings]]:
    """One article tells a story in other words than the question (no statement says it the same way);
    one debunks it; one prints an unrelated negated quote next to the story."""
    articles = [
        "The weatherman was filmed live on air in the woods. Viewers saw him relieve himself behind a tree"
        " during a report on the winter storm, and the network apologised on Tuesday.",
        "A weatherman was caught urinating live on air in the woods, posts claimed. The story is a hoax:"
        " the clip was doctored, the network found.",
        "A weatherman was caught urinating live on air in the woods during the storm report, viewers said."
        ' "The crew did not expect the storm to last," his producer said.',
    ]
    yield from _ingested(server_dir, tmp_path_factory, "Story", articles)


def _titles(store: FalkorStore, settings: Settings, question: str) -> set[str]:
    answer = answer_question(store, question, settings)
    return {e.article.title for i in answer.items for e in i.evidence}


def test_an_article_whose_text_carries_the_claim_reports_it(story_graph) -> None:
    """'Who reported that a weatherman was caught urinating live on air in the woods?' reaches the article
    that says so in other words across its sentences, not only those with a statement worded alike."""
    store, settings = story_graph
    reported = _titles(store, settings, "Who reported that a weatherman was caught urinating live on air in the woods?")
    assert "Story 0" in reported and "Story 2" in reported


def test_a_negated_quote_about_something_else_is_no_dispute(story_graph) -> None:
    store, settings = story_graph
    disputed = _titles(store, settings, "Who disputed that a weatherman was caught urinating live on air in the woods?")
    assert "Story 1" in disputed  # the article's own debunk
    assert "Story 2" not in disputed  # "The crew did not expect the storm to last": not about the claim


def test_disputing_a_negated_claim_is_asserting_the_positive(story_graph) -> None:
    """'Who disputed that X did not happen?' is answered by those who say X happened, minus articles that
    themselves debunk X (they agree with the negated claim)."""
    store, settings = story_graph
    disputed = _titles(
        store, settings, "Who disputed that a weatherman was not caught urinating live on air in the woods?"
    )
    assert "Story 2" in disputed and "Story 1" not in disputed


def test_disputing_a_negated_claim_takes_saying_what_it_negates(story_graph) -> None:
    """'Who disputed that the weatherman was not filmed in the woods?': the article saying he was filmed
    there disputes it; one that tells the story with other verbs (caught urinating) does not."""
    store, settings = story_graph
    disputed = _titles(store, settings, "Who disputed that the weatherman was not filmed in the woods?")
    assert "Story 0" in disputed and "Story 2" not in disputed


@pytest.mark.parametrize(
    ("question", "predicate"),
    [
        ("Who disputed that the singer is not dead?", "dead"),
        ("Who disputed that the spider did not crawl through his body?", "crawl"),
        ("Who disputed that the council denied the plan?", ""),  # negated by a denial verb: no predicate
        ("Who disputed that the singer isn\u2019t dead?", "dead"),  # a curly contraction
        ("Who disputed that the singer ISN\u2019T dead?", "dead"),  # in capitals
        ("Who disputed that the singer isn\u2018t dead?", "dead"),  # the opening quote typed as the apostrophe
        ("Who disputed that Fooled again: the famous singer is not dead?", "dead"),  # after a headline label
        ("Who disputed that Rumour debunked: the famous singer is not dead?", ""),
    ],
)
def test_the_negated_predicate_of_a_question(nlp, question: str, predicate: str) -> None:
    question = clean_question(question)
    doc = nlp(question, disable=[n for n in nlp.pipe_names if n not in _QUESTION_PIPES])
    parsed = P.interpret(question, doc, [])
    assert negated_predicate(parsed) == (stem(predicate) if predicate else "")
    negation = claim_negation(parsed)  # read once, shared by the stance flip and the predicate filter
    assert negated_claim(parsed, negation) and negated_predicate(parsed, negation) == negated_predicate(parsed)
    rows = [{"claim": "the singer is dead", "sentence": ""}, {"claim": "the singer spoke on Sunday", "sentence": ""}]
    kept = states_predicate(rows, parsed, negation)
    assert kept == (rows[:1] if predicate == "dead" else [] if predicate else rows)
    assert states_predicate(rows, parsed) == kept


def test_curly_apostrophes_and_quotes_read_as_straight_ones() -> None:
    assert clean_question("Who said \u2018the singer ISN\u2019T dead\u2019?") == "Who said 'the singer isn't dead'?"
    assert clean_question("Did Acme\u2019s CEO say it WON'T happen?") == "Did Acme's CEO say it won't happen?"


@pytest.mark.parametrize(
    ("question", "headline"),
    [
        ("Who disputed that Eyewitness Says Viral Video of Homeless Man Was Staged?", True),
        ("Who disputed that Catholic Priest Dies for 48 Minutes and Comes Back to Life?", True),
        ("Who denied that Acme Holdings bought Zeta Mining last year?", False),
        ("Who said that the Bank of England raised rates?", False),
    ],
)
def test_headline_capitals_are_told_apart(nlp, question: str, headline: bool) -> None:
    doc = nlp(question, disable=[n for n in nlp.pipe_names if n not in _QUESTION_PIPES])
    assert P.headline_cased(doc) is headline


def test_a_headline_cased_claim_links_names_not_capitalised_words(nlp) -> None:
    """Read in lower case, "Putin" is still a name and "Homeless Man" two words."""
    from kg.query.linking import Mention, Node

    question = "Who reported that Homeless Man Spends Money on Food for Putin Supporters?"
    doc = nlp(question, disable=[n for n in nlp.pipe_names if n not in _QUESTION_PIPES])
    assert P.headline_cased(doc)
    lower = nlp(P.sentence_cased(doc), disable=[n for n in nlp.pipe_names if n not in _QUESTION_PIPES])
    assert lower.text.lower() == question.lower() and len(lower.text) == len(question)
    node = Node("e:1", "x", "Entity")

    def span(words: str) -> Mention:
        start = next(t.i for t in lower if t.lower_ == words.split()[0].lower())
        return Mention(start, start + len(words.split()), words, [node], 100.0)

    assert P.named_in_lower_case(lower, span("Putin"))
    assert not P.named_in_lower_case(lower, span("Homeless Man"))
