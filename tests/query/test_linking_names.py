"""Which words of a question's names link to graph nodes (real spaCy parses, a small name table)."""

from __future__ import annotations

import pytest
from question_names import question_reader

from kg.query import intents

NAMES = {
    "Finance": "Organization",
    "Group": "Organization",
    "Texaco": "Organization",
    "Pennzoil": "Organization",
    "Federal Reserve": "Organization",
    "Tower": "Person",
}


@pytest.fixture(scope="module")
def read():
    reader = question_reader(NAMES)

    def _read(question: str):
        doc, mentions = reader(question)
        return [m.text for m in mentions], intents.interpret(question, doc, mentions)

    return _read


def test_an_unknown_name_does_not_link_its_common_words(read) -> None:
    linked, parsed = read("Tell me about Baikal Finance Group")
    assert linked == []  # not the graph's "Finance" and "Group"
    assert parsed.intent == "unknown" and "Baikal Finance Group" in parsed.claim_text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Give me the timeline of the Texaco Pennzoil dispute", ["the Texaco", "Pennzoil"]),  # two names run together
        ("What did Texaco Inc say?", ["Texaco"]),  # a known name's first word
        ("What did the US Federal Reserve say?", ["US Federal Reserve"]),
        ("What did the Federal Reserve Group say?", ["the Federal Reserve"]),  # a longer known part, not "Group"
    ],
)
def test_known_parts_of_a_name_still_link(read, question: str, expected: list[str]) -> None:
    linked, _ = read(question)
    assert linked == expected, question
