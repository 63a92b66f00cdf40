"""The array NER decoder finds exactly spaCy's entities, and leaves what it does not cover to spaCy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.tokens import Span

from extraction.fast_ner import FastEntityRecognizer, _Decoded, _move_table
from extraction.pipeline import stock_pipeline
from kg.config import Settings

SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus"
# Entities longer than the decoder's look-ahead, at the end of a document, just before a sentence
# start (the model would run the last three on into the next sentence's first word if spaCy's rule let
# it), after whitespace tokens and line breaks; one-token documents; no entity at all.
TEXTS = [
    "Ten diagnostic tests are being developed for the group by Murex Corp. Others include tests of blood sugar.",
    "The bonds are guaranteed by Long-Term Credit Bank of Japan Ltd. Payment is due on March 1.",
    "The company bought a plant in Oregon from Columbia Aluminium Corp. Comalco said its profit rose.",
    "He joined the Organization of Petroleum Exporting Countries and the International Bank for "
    "Reconstruction and Development in Washington",
    "The deal was signed by General Motors Corp. New York analysts said on Tuesday it was late.",
    "  \n\n   Sir John Harvey-Jones , chairman of Imperial Chemical Industries Plc\n\nLONDON, March 3 -",
    "Smith",
    "IBM",
    "nothing happened here at all",
    "",
    "Prices rose 12.5 pct to 4.6 billion dlrs in the first quarter of 1987, the U.S. Commerce Department said.",
]


def _reuters(n: int) -> list[str]:
    path = SHARED / "reuters21578.jsonl"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line, _ in zip(fh, range(n), strict=False)]


def _before_ner(pipeline, text: str):
    """``text`` run through the components before the NER."""
    doc = pipeline.make_doc(text)
    for _name, proc in pipeline.pipeline[: pipeline.pipe_names.index("ner")]:
        doc = proc(doc)
    return doc


def _entities(doc) -> list[list[int]]:
    return doc.to_array([ENT_IOB, ENT_TYPE, ENT_KB_ID]).tolist()


@pytest.fixture(scope="module")
def stock():
    return stock_pipeline(Settings().spacy_model)


def test_the_pipeline_decodes_entities_over_arrays(nlp, stock) -> None:
    assert type(nlp.get_pipe("ner")) is FastEntityRecognizer
    assert type(stock.get_pipe("ner")) is not FastEntityRecognizer  # the reference is spaCy's own
    assert nlp.pipe_names == stock.pipe_names  # same place, same name


def test_entities_are_spacys_on_news(nlp, stock) -> None:
    texts = TEXTS + _reuters(120)
    ours = list(nlp.pipe(texts, batch_size=16))
    theirs = list(stock.pipe(texts, batch_size=16))
    long_entities = 0
    for text, a, b in zip(texts, ours, theirs, strict=True):
        assert _entities(a) == _entities(b), text[:80]
        long_entities += sum(len(e) > 4 for e in a.ents)
    assert long_entities  # the look-ahead was extended at least once


def test_a_normal_batch_takes_the_array_path(nlp) -> None:
    ner = nlp.get_pipe("ner")
    docs = [_before_ner(nlp, t) for t in TEXTS[:2]]
    assert isinstance(ner.predict(docs), _Decoded)


def test_preset_entities_go_through_spacys_decoder(nlp, stock) -> None:
    """A document that carries entities already (an entity ruler before the NER, say) is decoded
    by spaCy, which keeps them: the same answer as the stock component's."""
    text = "Acme Widgets met the Organization of Petroleum Exporting Countries in Vienna on Monday."
    results = []
    for pipeline in (nlp, stock):
        doc = _before_ner(pipeline, text)
        doc.set_ents([Span(doc, 0, 2, label="PRODUCT")], default="missing")
        ner = pipeline.get_pipe("ner")
        assert not isinstance(ner.predict([doc]), _Decoded) or pipeline is stock
        results.append(_entities(ner(doc)))
    assert results[0] == results[1]
    assert results[0][0][1] == nlp.vocab.strings["PRODUCT"]


def test_move_sets_the_rules_do_not_cover_are_left_to_spacy() -> None:
    names = ["B-ORG", "I-ORG", "L-ORG", "U-ORG", "U-", "O"]
    assert _move_table(names) is not None
    assert _move_table([*names, "X-ORG"]) is None  # an unknown kind of move
    assert _move_table(["B-ORG", "I-ORG", "L-ORG", "U-ORG"]) is None  # no O
    assert _move_table(["B-ORG", "B-GPE", "I-ORG", "L-ORG", "U-ORG", "O"]) is None  # a label without its I, L, U
