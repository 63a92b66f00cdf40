"""Hedges as spaCy patterns (the modal, not the month; "is said to", not "X said") and headline lines
as the outlet's own-voice statements."""

from __future__ import annotations

import pytest
from helpers import by_cue, extract

from extraction.headlines import headline_lines
from extraction.pipeline import extract_doc
from extraction.records import ArticleRecord


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The notes are due May 31, 1992, with a coupon of 1.5 pct, the lead manager Fenwick Bank said.", "said"),
        ("Globex said its profits rose by a third in March.", "said"),
        ("Acme said the plant will reopen in May after repairs.", "said"),
        ("Acme said the strike came at the worst possible time.", "said"),
        ("Acme said it would make every possible effort to reopen the plant.", "said"),
        ("Acme said it set aside 20 mln dlrs against possible bad loans.", "said"),
        ("Acme said its chief would fly to Oslo for talks on prices and a possible joint venture.", "said"),
    ],
)
def test_plain_reporting_and_the_month_may_are_not_hedges(nlp, text: str, cue: str) -> None:
    assert by_cue(extract(nlp, text), cue).hedges == []


@pytest.mark.parametrize(
    ("text", "cue", "hedge"),
    [
        ("Analysts said the merger may collapse.", "said", "may"),
        ("Output is expected to fall slightly this year, he said.", "said", "is expected to"),
        ("Globex is said to have hired hundreds of engineers.", "is said", "is said to"),
        ('Asked if the bank would cut rates, he said "yes, I think so."', "said", "think"),
        (
            "Grain traders continued to speculate that the ministry will subsidise wheat exports.",
            "to speculate",
            "speculate",
        ),
        (
            "Mr Varley declined to be drawn on reports that the two banks had held merger talks.",
            "declined",
            "reports that",
        ),
        ("Acme said it had applied for approval of a possible majority stake in Globex.", "said", "possible"),
        ("Acme said it had started talks on the possible sale of its shipping unit.", "said", "possible"),
    ],
)
def test_hedges_are_found_by_pattern(nlp, text: str, cue: str, hedge: str) -> None:
    assert hedge in by_cue(extract(nlp, text), cue).hedges


def test_a_hedge_inside_an_adverbial_clause_does_not_hedge_the_claim(nlp) -> None:
    text = 'He said: "There is a strong case for a review because next time it may not be about a visa."'
    assert by_cue(extract(nlp, text), "said").hedges == []


def test_reports_suggesting_that_is_a_statement_by_the_reports(nlp) -> None:
    text = "Recent reports suggesting that Globex used thousands of allegedly stolen parts worry investors."
    a = by_cue(extract(nlp, text), "suggesting")
    assert a.source is not None and a.source.text == "Recent reports"
    assert "Globex used thousands of allegedly stolen parts" in a.content.text and "allegedly" in a.hedges


def test_headline_lines_stop_at_the_body() -> None:
    text = "Main title here\nA subtitle line without a stop\nThe body starts here. It goes on.\nMore body"
    spans = headline_lines(text, "Main title here")
    assert [text[s:e] for s, e in spans] == ["Main title here", "A subtitle line without a stop"]
    assert headline_lines(text, "A title kept apart from the text") == []


def test_the_headline_is_the_outlets_own_unhedged_statement(nlp) -> None:
    text = (
        "Globex uses thousands of stolen parts in its new robot\n"
        "Globex has reportedly bought thousands of stolen parts from a broker, people familiar said."
    )
    ex = extract_doc(
        nlp(text), ArticleRecord(id="t", text=text, title="Globex uses thousands of stolen parts in its new robot")
    )
    (head,) = [a for a in ex.attributions if a.sentence.start == 0 and a.own_voice]
    assert head.stance == "asserts" and head.hedges == [] and head.source is None and head.source_kind == "outlet"
    assert head.content.text == "Globex uses thousands of stolen parts in its new robot" and head.claim
    body = [a for a in ex.attributions if a.sentence.start > 0]
    assert body and all(a.hedges for a in body)


def test_a_body_sentence_run_into_the_headline_starts_after_it(nlp) -> None:
    text = "Globex buys stolen parts\nIn a bold move, Globex has reportedly bought stolen parts from a broker."
    ex = extract_doc(nlp(text), ArticleRecord(id="t", text=text, title="Globex buys stolen parts"))
    body = [a for a in ex.attributions if not a.own_voice]
    assert body and all(a.sentence.start > len("Globex buys stolen parts") for a in body)
    assert [a.content.text for a in ex.attributions if a.own_voice] == ["Globex buys stolen parts"]


def test_a_name_right_after_its_description_stays_in_the_claim_text(nlp) -> None:
    """ "the chipmaker Globex" keeps its name (the claim is about Globex); ", a rival of X," still goes."""
    named = extract(nlp, "Analysts said the chipmaker Globex will close the plant.")
    aside = extract(nlp, "Analysts said Globex, a rival of Initech, will close the plant.")
    assert [c.text for c in named.claims] == ["the chipmaker Globex will close the plant"]
    assert [c.text for c in aside.claims] == ["Globex will close the plant"]
