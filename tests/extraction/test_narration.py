"""The outlet's narration beside a speech verb ("X accepted the resignation and asked him to Y") is an
own-voice statement of its own clause; a main verb that is itself a cue, a negated one, a second
conjunct with its own subject, or a clause run across a paragraph break is not."""

from __future__ import annotations

import pytest

from extraction.pipeline import extract_doc
from extraction.records import ArticleRecord


def _narrated(nlp, text: str) -> list:
    ex = extract_doc(nlp(text), ArticleRecord(id="t", text=text, title=""))
    return [a for a in ex.attributions if a.own_voice and a.sentence.start > 0]


LEAD = "Harbor shares fell 3 pct in early trade, dealers said.\n\n"


def test_the_main_clause_beside_a_cue_conjunct_is_the_outlets_statement(nlp) -> None:
    text = (
        LEAD + "On Tuesday, Governor Ann Lark accepted the resignation of the city's police chief Tom Reed "
        "and asked him to stay on until June."
    )
    (own,) = _narrated(nlp, text)
    told = "On Tuesday, Governor Ann Lark accepted the resignation of the city's police chief Tom Reed"
    assert own.content.text == told
    assert own.stance == "asserts" and own.hedges == [] and own.source is None and own.source_kind == "outlet"
    assert own.claim and own.sentence.start == len(LEAD)
    ex = extract_doc(nlp(text), ArticleRecord(id="t", text=text, title=""))
    asked = [a for a in ex.attributions if a.cue.text == "asked"]
    assert asked and asked[0].claim != own.claim  # the request keeps its own statement


@pytest.mark.parametrize(
    "sentence",
    [
        "Governor Ann Lark said the chief had resigned and added that he would stay on until June.",
        "Governor Ann Lark did not accept the resignation of the police chief and asked him to stay on.",
        "Harbor has cut its prices this year and analysts said the move would hurt its margins.",
        "The city council is improving its budget, Governor Ann Lark said, but warned that taxes would rise.",
    ],
)
def test_no_narration_without_a_plain_main_clause_of_its_own(nlp, sentence: str) -> None:
    assert _narrated(nlp, LEAD + sentence) == []
