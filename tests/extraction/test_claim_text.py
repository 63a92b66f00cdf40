"""Canonical claim text: short, self-contained, the same node text for every restatement."""

from __future__ import annotations

from extraction.pipeline import extract_doc
from extraction.records import ArticleRecord, article_id


def claim_texts(nlp, text: str) -> list[str]:
    ex = extract_doc(nlp(text), ArticleRecord(id=article_id(text), text=text))
    return [c.text for c in ex.claims]


def test_an_appositive_is_dropped(nlp) -> None:
    texts = claim_texts(
        nlp, "A spokesman said that Riverton Steel, the largest employer in the county, will close its plant in Ohio."
    )
    assert "Riverton Steel will close its plant in Ohio" in texts, texts


def test_a_leading_pronoun_is_named(nlp) -> None:
    texts = claim_texts(nlp, "Riverton Steel said on Monday that it will close its plant in Ohio next year.")
    assert "Riverton Steel will close its plant in Ohio next year" in texts, texts


def test_a_quote_over_two_sentences_keeps_the_first(nlp) -> None:
    text = '"The plant in Ohio will close next year. Every worker will be offered a job elsewhere," Jane Roe said.'
    texts = claim_texts(nlp, text)
    assert "The plant in Ohio will close next year" in texts, texts


def test_a_lifted_hedge_still_lets_the_aside_go(nlp) -> None:
    texts = claim_texts(
        nlp, "Riverton Steel, the largest employer in the county, reportedly will close its plant in Ohio next year."
    )
    assert "Riverton Steel will close its plant in Ohio next year" in texts, texts


def test_a_non_restrictive_relative_clause_and_a_trailing_aside_are_dropped(nlp) -> None:
    texts = claim_texts(
        nlp,
        "The mayor said the city bought two hundred buses, which run on hydrogen, "
        "despite strong objections from the council.",
    )
    assert "the city bought two hundred buses" in texts, texts


def test_a_list_item_is_kept(nlp) -> None:
    texts = claim_texts(
        nlp,
        "Police said the cars were bought in Spain, painted in a garage, and sold in Portugal to unwitting buyers.",
    )
    assert any("painted in a garage" in t for t in texts), texts
