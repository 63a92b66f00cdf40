"""Source and content spans PolNeAR-style: raising verbs' subjects, a quotation after an unquoted statement."""

from __future__ import annotations

from helpers import by_cue, extract


def test_raising_verb_subject_is_content_not_source(nlp) -> None:
    ex = extract(nlp, "The company seems to have lost its way in the market.")
    seems = by_cue(ex, "seems")
    assert seems.source is None
    assert [p.text for p in seems.content_parts or [seems.content]] == [
        "The company",
        "to have lost its way in the market",
    ]


def test_raising_verb_with_a_cue_verb_keeps_the_speaker(nlp) -> None:
    ex = extract(nlp, "Jane Roe appeared to suggest that the plan would fail.")
    assert by_cue(ex, "appeared").source.text == "Jane Roe"


def test_quotation_after_an_unquoted_statement_continues_it(nlp) -> None:
    text = 'Jane Roe said the budget was too small.\n\n"We cannot run a city on this."\n\nThe council meets on Monday.'
    said = by_cue(extract(nlp, text), "said")
    assert [p.text for p in said.content_parts] == ["the budget was too small", '"We cannot run a city on this."']


def test_quotation_after_a_statement_is_not_taken_by_a_later_cue(nlp) -> None:
    text = 'Jane Roe, who supports the plan, said the budget was too small.\n\n"We cannot run a city on this."'
    ex = extract(nlp, text)
    assert by_cue(ex, "said").content_parts[-1].text == '"We cannot run a city on this."'
    assert all("city" not in p.text for p in by_cue(ex, "supports").content_parts or [by_cue(ex, "supports").content])
