"""The question set over real extraction: the five seed articles plus a handful of BBC articles.

These go through the real extractor (``kg.ingest``), so expectations are robust rather than exact,
but each checks what a correct answer holds: the right name first or among the items, and the
right sentence in the evidence ("Nvidia is the first denier, citing its denial"), not only the intent.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from kgtest import BBC, SEEDS, requires

from extraction.sources import DESCRIPTION_TYPES, PRONOUN_TYPES
from kg.config import Settings
from kg.ingest import ingest_paths
from kg.query import Answer, answer_question
from kg.query.engine import with_kin
from kg.store.falkor import FalkorStore

BBC_IDS = ("business/100", "sport/047", "tech/037", "business/083", "business/025", "politics/013")

pytestmark = [requires(SEEDS), requires(BBC)]


@pytest.fixture(scope="module")
def real(server_dir, tmp_path_factory) -> Iterator[FalkorStore]:
    picked = tmp_path_factory.mktemp("bbc") / "bbc_handful.jsonl"
    with BBC.open() as src, picked.open("w") as out:
        for line in src:
            if json.loads(line)["id"] in BBC_IDS:
                out.write(line)
    settings = Settings(data_dir=server_dir, graph_name=f"real_{uuid.uuid4().hex[:10]}", graph_uri="")
    store = FalkorStore(server_dir, settings.graph_name)
    store.ensure_schema()
    report = ingest_paths(store, [SEEDS, picked], settings)
    assert report.new == 5 + len(BBC_IDS)
    yield store
    store.delete_graph()
    store.close()


@dataclass
class R:
    question: str
    intents: tuple[str, ...]
    names: tuple[str, ...] = ()  # each among the item names (case-insensitive substring)
    min_items: int = 1
    stance: str | None = None
    kinds: tuple[str, ...] = ()
    evidence_mentions: str | None = None  # every item's first evidence sentence names this
    first: str = ""  # the top item's name contains one of these ("|"-separated)
    sentence: str = ""  # some evidence sentence of the top three items contains one of these


REAL: list[R] = [
    R(
        "Who denied that Deepseek used smuggled Nvidia chips?",
        ("deniers",),
        ("Nvidia",),
        stance="denies",
        first="Nvidia|the company",
        sentence="no evidence|denied knowledge|dismissed",
    ),
    R(
        "Which companies rejected claims that DeepSeek used smuggled Blackwell chips?",
        ("deniers",),
        ("Nvidia",),
        sentence="no evidence|denied knowledge|dismissed",
    ),
    R("What did Nvidia deny?", ("denials_by",), stance="denies", sentence="Nvidia"),
    R(
        "Who claimed that Deepseek used smuggled Nvidia chips?",
        ("claimants",),
        min_items=2,
        stance="asserts",
        sentence="Nvidia",
    ),
    R(
        "Which outlets carried the claim that Deepseek smuggled Nvidia chips?",
        ("outlets",),
        min_items=3,
        sentence="Nvidia",
    ),
    R(
        "Where did the claim that DeepSeek used smuggled Blackwell chips originate?",
        ("origin",),
        kinds=("primary_source", "first_report"),
        min_items=3,
    ),
    R("Which claims are contested?", ("contested",)),
    R("Which articles mention Nvidia?", ("articles",), min_items=4, evidence_mentions="Nvidia"),
    R(
        "Who denied faking a road crash?",
        ("deniers",),
        ("Kenteris",),
        stance="denies",
        first="Kenteris",
        sentence="crash",
    ),
    R("What did Ebbers deny?", ("denials_by",), stance="denies", sentence="Ebbers|he"),
    R(
        "Who declined to comment on the lawsuit?",
        ("no_comment",),
        ("HP",),
        stance="no_comment",
        first="HP",
        sentence="comment",
    ),
    R("Which entities are mentioned together with Yukos?", ("comentions",), min_items=3),
    R("What claims involve Yukos?", ("claims_about",), evidence_mentions="Yukos"),
    R("Show the timeline of Yukos", ("timeline",), min_items=2, evidence_mentions="Yukos"),
    R("What did Michael Howard say?", ("statements_by",), sentence="Howard|he"),
    R("How are Yukos and Gazprom connected?", ("connection",), sentence="Gazprom"),
]


def _names_or_refers(sentence: str, name: str) -> bool:
    """The sentence names ``name`` or refers back to it ("it", "the firm"): claims link resolved anaphors."""
    low = sentence.casefold()
    words = set(re.findall(r"[a-z]+", low))
    return (
        name.casefold() in low
        or bool(words & set(PRONOUN_TYPES))
        or any(f"the {head}" in low for head in DESCRIPTION_TYPES)
    )


def _check(a: Answer, r: R) -> None:
    detail = f"\nintent={a.intent} answer={a.answer}\nitems={[(i.name, i.kind) for i in a.items][:12]}"
    assert a.intent in r.intents, detail
    assert len(a.items) >= r.min_items, detail
    names = [i.name.casefold() for i in a.items]
    for want in r.names:
        assert any(want.casefold() in n for n in names), f"{want!r} missing{detail}"
    if r.stance:
        got = {e.stance for i in a.items for e in i.evidence}  # a denial question reaches every disputing statement
        assert r.stance in got and got <= set(with_kin((r.stance,))), detail
    kinds = {i.kind for i in a.items}
    for kind in r.kinds:
        assert kind in kinds, detail
    if r.first:
        assert any(alt.casefold() in names[0] for alt in r.first.split("|")), detail
    if r.sentence:
        sentences = " || ".join(e.sentence for i in a.items[:3] for e in i.evidence).casefold()
        assert any(alt.casefold() in sentences for alt in r.sentence.split("|")), f"{r.sentence!r} not cited{detail}"
    if r.evidence_mentions:
        for item in a.items:
            assert _names_or_refers(item.evidence[0].sentence, r.evidence_mentions), detail
    assert a.cypher and a.params


@pytest.mark.parametrize("r", REAL, ids=[r.question[:60] for r in REAL])
def test_real_question(real, r: R) -> None:
    _check(answer_question(real, r.question), r)
