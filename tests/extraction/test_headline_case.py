"""An article's opening lines in headline capitals: read with those capitals lowered, offsets kept."""

from __future__ import annotations

import random

import pytest
from helpers import by_cue, extract, typed

from extraction.headline_case import _whole_word, headline_lines, lowered_headlines, written_as_name

BODY = "\n\nJane Roe, who chairs the finance committee, said on Tuesday that the plan would fail."


def test_a_headline_cased_verb_is_a_cue_with_the_original_words(nlp) -> None:
    text = "Jane Roe Warns Budget Plan Will Fail Without New Taxes." + BODY
    ex = extract(nlp, text)
    a = by_cue(ex, "Warns")  # read as a proper noun in headline capitals
    assert a.source is not None and a.source.text == "Jane Roe"
    assert a.content.text == "Budget Plan Will Fail Without New Taxes"
    for s in (a.cue, a.content, a.source):
        assert text[s.start : s.end] == s.text
    assert typed(ex.entities, a.source.entity) == "person:jane roe"
    assert not [e for e in ex.entities if "Warns" in e.name]


def test_lowering_keeps_offsets_and_the_names_the_body_capitalises(nlp) -> None:
    tokenizer = nlp.tokenizer.tokenizer
    text = (
        "Jane Roe Says Budget Plan Will Fail, Springfield Mayor Warns\n"
        + "Second Line Of The Heading Explains Budget Details"
        + BODY
    )
    low, end = lowered_headlines(text, tokenizer)
    assert len(low) == len(text)
    first, second = low.split("\n")[:2]
    assert first == "Jane Roe says budget plan will fail, springfield mayor warns"
    assert second == "Second line of the heading explains budget details"
    assert low.endswith(BODY) and end == len(text) - len(BODY)
    assert nlp(text).text == low  # the pipeline's tokenizer reads the lowered text


@pytest.mark.parametrize(
    "text",
    [
        "Budget plan will fail without new taxes, Jane Roe says." + BODY,  # not headline capitals
        "Jane Roe Says Budget Plan Will Fail Without New Taxes",  # one line, no body: a question or a title
        "Jane Roe Says Budget Plan Will Fail Without New Taxes" + BODY.replace("\n\n", " "),
    ],
)
def test_text_without_a_headline_cased_opening_is_read_as_written(nlp, text: str) -> None:
    assert lowered_headlines(text, nlp.tokenizer.tokenizer) == (text, 0)


def test_headline_lines_stop_at_the_first_blank_line_and_at_body_text() -> None:
    assert headline_lines("Title Line\nSubtitle line\n\nBody.") == [(0, 10), (11, 24)]
    assert headline_lines("Title Line") == []
    assert headline_lines(" ".join(["word"] * 40) + "\n\nBody.") == []


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a surname the tagger reads as a common noun
        ("Waters: Budget plan will fail without new taxes.\n\nJane Waters said the plan would fail.", "Waters"),
        # a source noun
        (
            "Economists: Budget Plan Will Fail Without New Taxes.\n\nSeveral economists said the plan would fail.",
            "Economists",
        ),
    ],
)
def test_a_headline_label_names_the_speaker(nlp, text: str, source: str) -> None:
    a = by_cue(extract(nlp, text), ":")
    assert a.source is not None and a.source.text == source
    assert a.content.text.lower() == "budget plan will fail without new taxes"


@pytest.mark.parametrize(
    "text",
    [
        "Watch: Budget plan will fail without new taxes.\n\nThe plan would fail, watch the video.",
        "The Latest: Budget Plan Will Fail Without New Taxes.\n\nThe Latest on the budget vote.",
    ],
)
def test_a_headline_label_that_names_no_speaker_is_no_cue(nlp, text: str) -> None:
    assert not [a for a in extract(nlp, text).attributions if a.cue.text == ":"]


def test_a_headline_verb_takes_its_object_but_a_body_verb_of_thought_does_not(nlp) -> None:
    text = "Jane Roe Sees A Crisis In The Budget Talks." + BODY
    a = by_cue(extract(nlp, text), "Sees")
    assert a.content.text == "A Crisis In The Budget Talks"
    opening = "Jane Roe saw a crisis in the budget talks and left early." + BODY  # a sentence, not a headline
    assert not [a for a in extract(nlp, opening).attributions if a.cue.text == "saw" and not a.own_voice]


def _whole_word_by_find(text: str, word: str) -> bool:
    """The definition: an occurrence with no letter or digit right before or after it ("_" is a boundary)."""
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or not text[i - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        i = text.find(word, i + 1)
    return False


@pytest.mark.parametrize(
    ("text", "word", "whole"),
    [
        ("Clinton said", "Clinton", True),
        ("the Clintons said", "Clinton", False),
        ("McClinton said", "Clinton", False),
        ("Clinton2 said", "Clinton", False),
        ("_Clinton_ said", "Clinton", True),  # an underscore is no letter
        ("Müller and Müllers", "Müller", True),
        ("Müllerß", "Müller", False),
        ("aa aaa", "aaa", True),
        ("aaaa aa", "aaa", False),  # overlapping occurrences inside a longer word
        ("a.b (a.b)", "a.b", True),
        ("", "x", False),
    ],
)
def test_a_whole_word_has_no_letter_or_digit_beside_it(text: str, word: str, whole: bool) -> None:
    assert _whole_word(text, word) is whole is _whole_word_by_find(text, word)


def test_whole_word_agrees_with_its_definition_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = "ab_1 .\n\u00e9\u0661-"  # letters, a digit, an Arabic-Indic digit, boundaries, a line break
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        assert _whole_word(text, word) == _whole_word_by_find(text, word), (text, word)


def test_a_name_is_a_word_the_body_never_writes_in_lower_case() -> None:
    assert written_as_name("Mr Clinton spoke.", "Clinton")
    assert not written_as_name("Mr Clinton spoke of a clinton.", "Clinton")
    assert not written_as_name("Mr Clintons spoke.", "Clinton")
