"""kg ask on drift findings, against a real FalkorDB graph of the made-up story."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from driftstory import DENIAL, HARD, HEDGED, IGNORING, ingest_story

from kg.query import answer_question


@pytest.fixture
def story(store, settings, tmp_path):
    ingest_story(store, settings, tmp_path)
    return store


@pytest.mark.parametrize(
    "question", ["Which claims hardened as they were repeated?", "Which claims lost their hedges?"]
)
def test_hardened_claims_with_the_hedged_and_the_plain_statement(story, settings, question) -> None:
    answer = answer_question(story, question, settings)
    assert answer.intent == "hardened"
    (item,) = answer.items
    before, after = item.evidence[:2]
    assert (before.article.title, after.article.title) == (HEDGED, HARD)
    assert "allegedly" in before.sentence and "allegedly" not in after.sentence
    assert "HARDENS" in answer.cypher and "1 claim(s) hardened" in answer.answer


def test_no_named_source(story, settings) -> None:
    answer = answer_question(story, "Which claims have no named source?", settings)
    assert answer.intent == "unsourced"
    assert all(i.kind == "Claim" and i.evidence for i in answer.items)
    assert not any("concealed battery defects" in i.name for i in answer.items)  # the Harbor Times named it


def test_who_repeated_it_after_the_denial(story, settings, cli_env) -> None:
    question = "Who repeated that Velora Motors concealed battery defects after it was denied?"
    run = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ask", question, "--json"], env=cli_env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["intent"] == "after_denial"
    assert [i["name"] for i in data["items"]] == ["Valley Post"]
    assert {e["article"]["title"] for e in data["items"][0]["evidence"]} == {IGNORING}
    assert "denied it (2024-03-08)" in data["answer"]


def test_a_plain_denial_question_is_still_a_denial_question(story, settings) -> None:
    answer = answer_question(story, "Who denied that Velora Motors concealed battery defects?", settings)
    assert answer.intent == "deniers"
    assert any(e.article.title == DENIAL for i in answer.items for e in i.evidence)
