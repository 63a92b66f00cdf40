"""Hostile and odd questions change nothing in the graph and get a normal answer or the no-parse message."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from storygraph import story_graph  # noqa: F401 - registers the `story` fixture

from kg.query import answer_question
from kg.query.engine import NO_PARSE
from kg.stats import graph_stats

HOSTILE = [
    "') MATCH (n) DETACH DELETE n //",
    "Who denied '); MATCH (n) DETACH DELETE n //",
    "Who said \"}) MATCH (n) SET n.name = 'x' RETURN n //?",
    "Who claimed Nvidia` DETACH DELETE n; CREATE (x:Article {id:'evil'}) //",
    "CALL db.idx.fulltext.drop('Claim')",
    'Who denied Deepseek* OR chips~ AND NOT "smuggled" [a TO z] @title:{x} %fuzzy% | -chips',
    "What did \\\\Nvidia\\' say\\\\?",
    "Who denied that Deepseek used smuggled Nvidia chips? " * 200,  # ~10 KB
    "x" * 10_000,
    "Who\x00 denied\x07 that\x1b[31m Deepseek\x7f used chips?\u202e",
    "¿Quién negó que Deepseek usó chips de Nvidia contrabandeados?",
    "谁否认了Deepseek使用走私的英伟达芯片？",
    "Кто опроверг, что Deepseek использовал контрабандные чипы Nvidia?",
    "🤖🤖🤖 ???",
    "",
    "   \n\t  ",
    "?",
    "1234 5678",
]


@pytest.mark.parametrize("question", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_questions_change_nothing(story, question: str) -> None:
    before = graph_stats(story)
    a = answer_question(story, question)
    assert graph_stats(story) == before
    assert isinstance(a.answer, str) and a.answer
    data = a.to_json()
    json.dumps(data)  # serialisable
    assert set(data) == {"question", "intent", "entities", "cypher", "params", "answer", "items"}
    if a.intent == "unparsed":
        assert a.answer == NO_PARSE and a.items == []
    # user text only ever travels as a parameter: it never appears inside the Cypher shown
    for fragment in ("DETACH DELETE", "DELETE n", "CREATE (x", "db.idx.fulltext.drop"):
        assert fragment not in a.cypher


def test_empty_and_symbol_questions_get_the_no_parse_message(story) -> None:
    for q in ("", "?!", "🤖", "  "):
        a = answer_question(story, q)
        assert a.intent == "unparsed" and a.items == [] and a.answer == NO_PARSE


def test_injection_inside_a_real_question_still_answers_it(story) -> None:
    a = answer_question(story, "Who denied that Deepseek used smuggled Nvidia chips') MATCH (n) DETACH DELETE n //")
    assert a.intent == "deniers"
    assert any(i.name == "Nvidia" for i in a.items)


def _kg(cli_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "ask", *args], env=cli_env, capture_output=True, text=True, timeout=180
    )


def test_cli_plain_and_json(store, cli_env) -> None:
    from storygraph import write_story

    write_story(store)
    before = graph_stats(store)
    plain = _kg(cli_env, "Who denied that Deepseek used smuggled Nvidia chips?")
    assert plain.returncode == 0, plain.stderr
    assert "Nvidia" in plain.stdout and "[1]" in plain.stdout and "MATCH" in plain.stdout
    assert "Traceback" not in plain.stderr
    js = _kg(cli_env, "Which outlets carried the claim that Deepseek smuggled Nvidia chips?", "--json")
    assert js.returncode == 0, js.stderr
    data = json.loads(js.stdout)
    assert data["intent"] == "outlets"
    assert {"question", "intent", "entities", "cypher", "params", "answer", "items"} == set(data)
    item = data["items"][0]
    assert {"name", "kind", "score", "evidence"} == set(item)
    ev = item["evidence"][0]
    assert {"article", "sentence", "start", "end", "stance"} == set(ev)
    assert {"id", "uri", "title", "outlet", "published"} == set(ev["article"])
    for q in ("') MATCH (n) DETACH DELETE n //", "x" * 10_000, "\x01\x02\x1b[31m", "¿Quién negó esto?"):
        for extra in ((), ("--json",)):
            r = _kg(cli_env, q, *extra)
            assert r.returncode == 0, r.stderr
            assert "Traceback" not in r.stderr + r.stdout
    assert graph_stats(store) == before


def test_cli_on_an_empty_graph_says_so(store, cli_env) -> None:
    r = _kg(cli_env, "Who denied that Deepseek used smuggled chips?", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["items"] == [] and data["answer"]
