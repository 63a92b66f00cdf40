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
