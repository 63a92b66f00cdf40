"""The array attribute ruler and lemmatizer, and the numpy-backed matrix products, annotate exactly
as spaCy's own components and thinc's BLIS products do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extraction.fast_annotations import FastAttributeRuler, FastLemmatizer
from extraction.pipeline import stock_pipeline
from kg.config import Settings

# Every rule shape of the model's ruler: the tag map, LOWER + TAG rows, multi-token rows ("gonna",
# "let's", "y'all", "c'mon"), regex rows ("ain't", "nothin'"), NOT_IN rows (aux, determiners used as
# pronouns, expletive "there"), whitespace tokens, and the lemma fix ("hoped").
TEXTS = [
    "We're gonna win, she said. Let's go! Y'all know it ain't over, and there's nothin' to fear.",
    "C'mon, he hoped that the deal would close.  It had been delayed twice.\n\nThat is what they said.",
    "There were 155,221 bags of 60 kilos, against 5.81 mln at the same stage last year, dealers said.",
    "Mr. Smith, who heads the bank's U.S. unit, declined to comment. Those who know him gotta agree.",
    "   \n  Shares of Acme Corp rose 3 pct to $12.50 in New York on Friday.\t\tAnalysts were hoping for more.",
    "",
]
SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "reuters21578.jsonl"


def _corpus(n: int) -> list[str]:
    if not SHARED.exists():
        return []
    with SHARED.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line, _ in zip(fh, range(n), strict=False)]


def _annotations(doc) -> list[tuple]:
    return [
        (t.text, t.lemma_, t.pos_, t.tag_, str(t.morph), t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start)
        for t in doc
    ]


@pytest.fixture(scope="module")
def stock():
    return stock_pipeline(Settings().spacy_model)


def test_the_pipeline_uses_the_array_components(nlp) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)


def test_the_layers_multiply_through_numpy(nlp, stock) -> None:
    def ops(pipeline):
        return [
            n.ops for _, p in pipeline.pipeline if hasattr(getattr(p, "model", None), "walk") for n in p.model.walk()
        ]

    assert ops(nlp) and not any(o.use_blis for o in ops(nlp))
    assert all(o.use_blis for o in ops(stock))  # the reference below is thinc's own BLIS


def test_annotations_are_identical_to_spacys_components(nlp, stock) -> None:
    texts = TEXTS + _corpus(150)
    fast_docs = list(nlp.pipe(texts, batch_size=16))
    stock_docs = list(stock.pipe(texts, batch_size=16))
    for text, fast, slow in zip(texts, fast_docs, stock_docs, strict=True):
        assert _annotations(fast) == _annotations(slow), text[:80]


def test_the_rules_that_need_neighbours_and_regexes_fire(nlp) -> None:
    doc = nlp(TEXTS[0])
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to"  # two-token rows
    assert lemmas["ai"] == "be"  # a regex on the next token
    assert lemmas["nothin'"] == "nothing"  # a single-token regex
    assert nlp("He hoped it would work.")[1].lemma_ == "hope"  # the lemma fix
