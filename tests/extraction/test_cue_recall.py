"""Cues found by the recall rules of #12: fronted statements, request nouns, raising verbs with a predicate,
quotations signed with a dash written flush or after a no-break space."""

from __future__ import annotations

import pytest
from helpers import by_cue, extract


def _span(ex, cue: str) -> tuple[str, str]:
    a = by_cue(ex, cue)
    return (a.source.text if a.source else ""), " | ".join(p.text for p in a.content_parts)


def test_fronted_statement_keeps_both_cues(nlp) -> None:
    ex = extract(nlp, "Acme backs the merger, while Globex opposes it, analysts wrote on Monday.")
    cues = {a.cue.text for a in ex.attributions}
    assert {"backs", "wrote"} <= cues
    wrote = by_cue(ex, "wrote")
    assert all("backs" not in p.text for p in wrote.content_parts)  # the fronted cue is not what they wrote


def test_a_cue_after_its_host_stays_inside_it(nlp) -> None:
    ex = extract(nlp, "Jane Roe said that Acme believes the merger will close in May.")
    said = by_cue(ex, "said")
    assert "believes" in said.content.text


def test_a_fronted_hedge_stays_in_the_statement(nlp) -> None:
    ex = extract(nlp, "Output is expected to fall slightly this year, he said.")
    assert "is expected to" in by_cue(ex, "said").hedges


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        ("Other senators joined Roe's call for a special prosecutor.", "call for", "Roe's", "a special prosecutor"),
        ("The union renewed its calls for higher wages on Friday.", "calls for", "its", "higher wages"),
    ],
)
def test_a_request_noun_takes_what_is_asked_for(nlp, text: str, cue: str, source: str, content: str) -> None:
    assert _span(extract(nlp, text), cue) == (source, content)


def test_a_phone_call_to_someone_is_no_cue(nlp) -> None:
    ex = extract(nlp, "A call to the ministry went unanswered on Tuesday.")
    assert not [a for a in ex.attributions if a.cue.text.lower().startswith("call") and not a.own_voice]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The senator's supporters seemed equally unperturbed.",
            "seemed",
            "The senator's supporters seemed equally unperturbed",
        ),
        ("This seems like a fair idea.", "seems", "This seems like a fair idea"),
    ],
)
def test_a_raising_verb_with_a_predicate_is_a_sourceless_cue(nlp, text: str, cue: str, content: str) -> None:
    found = [a for a in extract(nlp, text).attributions if a.cue.text == cue and not a.own_voice]
    assert found, "a statement of its own, not the article's narration"
    assert found[0].source is None
    assert found[0].content.text == content


def test_appearing_somewhere_is_no_cue(nlp) -> None:
    ex = extract(nlp, "The governor appeared on a morning show in Boston.")
    assert not [a for a in ex.attributions if a.cue.text == "appeared" and not a.own_voice]


@pytest.mark.parametrize(
    "text",
    [
        "“The plan will fail and everyone knows it.”― Jane Roe\n\nVoters go to the polls next week.",
        "“The plan will fail and everyone knows it.” ―\xa0Jane Roe\n\nVoters go to the polls next week.",
    ],
)
def test_a_quotation_signed_with_a_dash(nlp, text: str) -> None:
    a = by_cue(extract(nlp, text), "―")
    assert a.source is not None and a.source.text == "Jane Roe"
    assert a.content.text == "“The plan will fail and everyone knows it.”"


def test_a_content_that_is_a_fronted_cue_alone_stays_whole(nlp) -> None:
    """A colon label ('Also read: ...') whose content is the words of another cue: carving the cue out
    would leave the statement no content (extraction crashed on such an FNC-1 body)."""
    text = (
        "Also read: Jane Roe Confirms Dan Poe as Lead: ‘He Didn't Have to Audition’\n\n"
        "The film is expected to follow Poe during three stressful product launches.\n\n"
    )
    ex = extract(nlp, text)
    assert all(a.content_parts and a.content.text for a in ex.attributions)
