"""Claim identity: the encoder, the pair score, corpus resolution, ``kg match`` and ingestion.

The pairs are written for these tests (general news), not taken from any evaluation set.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from kgtest import ROOT

from extraction import claim_match
from extraction.claim_match import WEIGHTS, ClaimMatcher, Text, features, plausible
from extraction.corpus import MAX_CANDIDATES, CorpusState, KnownClaim, encodable_texts, same_claim
from extraction.embedding import Encoder, build, encoder
from extraction.records import ArticleRecord, ClaimRecord, Extraction
from kg.config import Settings
from kg.ingest import ingest_paths
from kg.store.falkor import FalkorStore

SAME = [
    (
        "The city council approved a new budget for public schools on Tuesday",
        "On Tuesday the city council passed a new budget for the public schools",
    ),
    (
        "The airline will cut 2,000 jobs by the end of the year",
        "By the end of the year the airline plans to eliminate 2,000 jobs",
    ),
    (
        "The factory was closed after inspectors found serious safety violations",
        "Inspectors found serious safety violations and the factory was shut down",
    ),
    (
        "The minister resigned after a report criticised his handling of the floods",
        "The minister stepped down after a report criticised how he handled the floods",
    ),
]
DIFFERENT = [
    (
        "The airline will cut 2,000 jobs by the end of the year",
        "The airline reported record profits for the third quarter of the year",
    ),
    (
        "Wheat prices rose sharply in Europe this week after poor harvests",
        "The central bank kept interest rates unchanged this week",
    ),
    (
        "The minister resigned after a report criticised his handling of the floods",
        "The minister announced new funding for flood defences in the north",
    ),
]


# Same topic, same names, opposite action: the stock encoder and the word features rated it one claim;
# the encoder fine-tuned on MRPC keeps it apart.
HARD_DIFFERENT = [
    (
        "The city council approved a new budget for public schools on Tuesday",
        "The city council rejected a plan to close two public schools on Tuesday",
    ),
]


@pytest.fixture(scope="module")
def matcher() -> ClaimMatcher:
    return ClaimMatcher()


def test_encoder_gives_unit_vectors_that_put_paraphrases_close() -> None:
    (a, b), (_c, d) = SAME[2], DIFFERENT[1]
    v = encoder().encode([a, b, d])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert float(v[0] @ v[1]) > 0.7 > 0.3 > float(v[0] @ v[2])
    again = encoder().encode([a])  # padding in a batch must not change a text's vector
    assert np.allclose(again[0], v[0], atol=1e-4)


def test_the_int8_encoder_keeps_the_float_models_vectors_and_pair_cosines() -> None:
    """Quantization must not move a text (cosine with the float graph's vector) or a pair's cosine
    (what the claim score reads) by more than the noise the MRPC benchmark tolerates."""
    texts = [t for pair in SAME + DIFFERENT + HARD_DIFFERENT for t in pair]
    fast, exact = encoder().encode(texts), Encoder(build().SerializeToString()).encode(texts)
    assert np.all(np.sum(fast * exact, axis=1) > 0.98)
    assert np.abs(fast @ fast.T - exact @ exact.T).max() < 0.06


@pytest.mark.parametrize(("a", "b"), SAME)
def test_restatements_are_one_claim(matcher: ClaimMatcher, a: str, b: str) -> None:
    same, score = same_claim(a, b, matcher)
    assert same, score


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_claims_stay_apart(matcher: ClaimMatcher, a: str, b: str) -> None:
    same, score = same_claim(a, b, matcher)
    assert not same, score


@pytest.mark.parametrize(("a", "b"), HARD_DIFFERENT)
def test_a_different_action_on_the_same_topic_stays_apart(matcher: ClaimMatcher, a: str, b: str) -> None:
    same, score = same_claim(a, b, matcher)
    assert not same, score


def test_every_weight_is_a_feature_and_cosine_only_raises_the_score() -> None:
    """The gate scores a pair at cosine 1 to rule it out without the encoder: that is an upper
    bound only while the cosine weight is positive."""
    feats = features(Text.of(SAME[0][0]), Text.of(SAME[0][1]), 0.5)
    assert set(WEIGHTS) - {"bias"} <= set(feats)
    assert WEIGHTS["cosine"] > 0


def test_a_different_number_lowers_the_score(matcher: ClaimMatcher) -> None:
    base = "The airline will cut 2,000 jobs by the end of the year"
    same_number = matcher.score(base, "By the end of the year the airline will cut 2,000 jobs")
    other_number = matcher.score(base, "By the end of the year the airline will cut 3,500 jobs")
    assert other_number < same_number


def test_texts_whose_figures_disagree_are_two_claims_and_skip_the_encoder() -> None:
    """Alike but for their figures: two claims, decided without the encoder, in ``kg match`` and in
    ingestion alike; a restatement that keeps one of the figures and adds another still matches."""
    m = ClaimMatcher()
    base = "The company reported a net loss of 13 mln dlrs for the second quarter"
    other = "The company reported a net loss of 10 mln dlrs for the second quarter"
    assert not same_claim(base, other, m)[0]
    assert m.encoded == 0
    more = "The company reported a net loss of 13 mln dlrs, or 40 cts a share, for the second quarter"
    assert same_claim(base, more, m)[0]
    state = CorpusState(matcher=m)
    state.seed(claims=[KnownClaim("k", base)])
    assert state.match_claim(ClaimRecord(id="n1", text=other)) is None
    assert state.match_claim(ClaimRecord(id="n2", text=more)) == "k"


def test_a_figure_in_words_is_the_figure_in_digits() -> None:
    """ "six cts" and "6 cts" give one figure, "six" and "17" two; "one" is mostly a pronoun."""
    assert Text.of("The bank cut its dividend to six cts a share").numbers == {"6"}
    assert Text.of("Two of the banks cut their dividends to 6 cts").numbers == {"2", "6"}
    assert Text.of("One of the banks cut its dividend").numbers == frozenset()
    six = "The bank cut its quarterly dividend to six cts a share from eight cts"
    assert not same_claim(six, "The bank cut its quarterly dividend to 17 cts a share from 20 cts", ClaimMatcher())[0]


def test_the_word_gate_skips_the_encoder_for_unrelated_texts() -> None:
    m = ClaimMatcher()
    a, b = "Wheat prices rose sharply in Europe this week after poor harvests", SAME[1][1]
    assert not plausible(Text.of(a), Text.of(b))
    assert m.score(a, b) == 0.0 and m.encoded == 0
    assert m.score(*SAME[0]) > 0 and m.encoded == 2


def test_pairs_the_words_rule_out_are_decided_without_the_encoder() -> None:
    """Two shared words, but one text is four times longer: the word gate rules it out at any cosine."""
    m = ClaimMatcher()
    a = "The airline will cut jobs"
    b = (
        "The airline said on Friday that it will cut jobs at its three regional hubs, close two "
        "maintenance centres, sell its cargo arm and delay the delivery of new aircraft until 2030"
    )
    assert plausible(Text.of(a), Text.of(b))
    assert m.score(a, b) == 0.0 and m.encoded == 0


def test_a_reworded_restatement_joins_the_known_claim_only_with_a_shared_entity(matcher: ClaimMatcher) -> None:
    state = CorpusState(matcher=matcher)
    city = "organization:riverton city council"
    state.seed(claims=[KnownClaim("k1", SAME[0][0], [city])])
    restated = ClaimRecord(id="c1", text=SAME[0][1], subject=city, entities=[city])
    other_body = ClaimRecord(id="c2", text=SAME[0][1], entities=["organization:lakeside city council"])
    assert state.match_claim(restated) == "k1"
    assert state.match_claim(other_body) is None


def test_resolution_scores_a_bounded_number_of_candidates() -> None:
    """However many known claims share words with a new one, at most MAX_CANDIDATES are scored."""
    m = ClaimMatcher()
    state = CorpusState(matcher=m)
    state.seed(
        claims=[
            KnownClaim(f"k{i}", f"The regional council approved budget item number {i} for schools") for i in range(80)
        ]
    )
    state.match_claim(ClaimRecord(id="new", text="The regional council approved a budget for schools"))
    assert 0 < m.encoded <= MAX_CANDIDATES + 1


def test_kg_match_cli(tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    lines = [json.dumps({"id": "p1", "a": SAME[1][0], "b": SAME[1][1]}), "{not json"]
    lines += [
        json.dumps({"id": "p2", "a": DIFFERENT[1][0]}),
        json.dumps({"id": "p3", "a": DIFFERENT[1][0], "b": DIFFERENT[1][1]}),
    ]
    src.write_text("\n".join(lines) + "\n")
    run = subprocess.run(
        [sys.executable, "-m", "kg.cli", "match", "--jsonl", str(src)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert [o["id"] for o in out] == ["p1", "p3"]
    assert out[0]["same"] is True and out[1]["same"] is False
    assert out[0]["score"] > out[1]["score"]
    assert f"{src}:2" in run.stderr and f"{src}:3" in run.stderr and "'b'" in run.stderr
    # the score and decision are the ones ingestion's resolution computes
    assert (out[0]["same"], out[0]["score"]) == (True, round(same_claim(*SAME[1], ClaimMatcher())[1], 4))


ARTICLE_A = (
    "Riverton Steel said on Monday that Riverton Steel will close its plant in Ohio next year, cutting 900 jobs.\n"
)
ARTICLE_B = (
    "Riverton Steel will shut down its Ohio plant next year, eliminating 900 jobs, "
    "a company spokesman said on Tuesday.\n"
)


def test_ingestion_puts_restatements_from_two_articles_under_one_claim(
    store: FalkorStore, settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_A)
    (tmp_path / "b.txt").write_text(ARTICLE_B)
    report = ingest_paths(store, [tmp_path], settings)
    assert report.new == 2 and report.failed == 0
    rows = store.query(
        "MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim) "
        "RETURN c.id AS claim, count(DISTINCT a) AS articles, collect(s.content) AS contents"
    )
    assert any(r["articles"] == 2 for r in rows), rows


def test_vectors_encoded_elsewhere_spare_the_encoder_and_stay_within_the_cache(monkeypatch) -> None:
    """What the extraction workers send (``encodable_texts``, encoded there) is used as the writer's
    own encoding would be, and the cache keeps only the most recent ``CACHE`` of them."""
    texts = ["the council", *SAME[0], SAME[0][0]]  # too short to match by wording; a repeat
    ex = Extraction(ArticleRecord(id="a", text=""), claims=[ClaimRecord(f"c{i}", t) for i, t in enumerate(texts)])
    sent = encodable_texts(ex)
    assert sent == list(SAME[0])  # long enough to match by wording, each once, in order
    here = ClaimMatcher()
    expected = here.score(*SAME[0])
    ahead = ClaimMatcher()
    ahead.remember(sent, encoder().encode(sent))
    assert ahead.score(*SAME[0]) == expected and ahead.encoded == 0

    monkeypatch.setattr(claim_match, "CACHE", 2)
    small = ClaimMatcher()
    small.remember(["one", "two", "three"], encoder().encode(["one", "two", "three"]))
    assert list(small.known()) == ["two", "three"]
