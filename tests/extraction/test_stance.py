"""Stance toward a claim: negation, the article's own voice, no-comment variants and what they point at."""

from __future__ import annotations

import pytest
from helpers import by_cue, extract

from extraction import cues
from extraction.records import Extraction


def claim_text(ex: Extraction, cid: str | None) -> str | None:
    return next((c.text for c in ex.claims if c.id == cid), None)


def test_pattern_data_loads_every_label() -> None:
    pats = cues.patterns()
    assert set(pats) | set(cues.dep_patterns()) == set(cues.LABELS)
    assert "cast" in cues.dep_anchors("CUE_GAP")
    assert {"deny", "reject", "refute"} <= cues.words("DENY_VERB")
    assert "reportedly" in cues.words("HEDGE")


def test_negated_restatement_is_a_dispute_of_the_same_claim(nlp) -> None:
    text = (
        "The ministry said the army entered the town on Friday. "
        "The town's mayor said the army did not enter the town on Friday."
    )
    ex = extract(nlp, text)
    first, second = [a for a in ex.attributions if a.cue.text == "said"]
    assert first.stance == "asserts" and second.stance == "denies"
    assert claim_text(ex, second.claim) == "the army did enter the town on Friday"
    assert "not" not in claim_text(ex, second.claim).split()


def test_no_evidence_that_in_the_articles_own_voice(nlp) -> None:
    ex = extract(nlp, "There is no evidence that the senator sold her shares before the vote.")
    a = by_cue(ex, "no evidence")
    assert a.stance == "disputes" and a.source is None and a.source_kind == "outlet"
    assert claim_text(ex, a.claim) == "the senator sold her shares before the vote"


@pytest.mark.parametrize(
    "debunk",
    [
        "The story is a hoax.",
        "The report turned out to be false.",
        "The photograph was doctored.",
        "The quote was made up by a satire site.",
        "The story is not plausible.",
        "There is no reason to believe the story.",
        "Officials said nothing of the kind, and the false story kept spreading.",
        "Rating: FALSE",
        "The story may not be entirely accurate.",
        "The story is not quite true.",
        "The video was faked.",
    ],
)
def test_own_voice_debunking_points_at_the_story_told_before(nlp, debunk: str) -> None:
    lead = "A widely shared post claimed that a bear had walked into a bakery in the city centre."
    ex = extract(nlp, f"{lead} {debunk}")
    told = by_cue(ex, "claimed")
    own = [a for a in ex.attributions if a.source is None and a.stance == "disputes"]
    assert told.stance == "asserts"
    assert own, [(a.cue.text, a.stance) for a in ex.attributions]
    assert own[0].claim == told.claim


def test_plain_narrative_with_a_negation_is_no_dispute(nlp) -> None:
    ex = extract(nlp, "The train did not stop at the old station because of the flooding.")
    assert all(a.stance != "disputes" for a in ex.attributions)


@pytest.mark.parametrize(
    ("text", "told_cue", "cue", "stance"),
    [
        (
            "Two newspapers reported that the coach would resign at the end of the season. "
            "The club denied the reports.",
            "reported",
            "denied",
            "denies",
        ),
        (
            "The regulator said the airline had overbooked hundreds of flights. "
            "Officials at the airline declined to comment on the statement.",
            "said",
            "declined",
            "no_comment",
        ),
    ],
)
def test_a_reply_to_the_reports_points_at_what_was_reported(
    nlp, text: str, told_cue: str, cue: str, stance: str
) -> None:
    ex = extract(nlp, text)
    told = by_cue(ex, told_cue)
    reply = by_cue(ex, cue)
    assert told.stance == "asserts" and told.claim is not None
    assert reply.stance == stance and reply.claim == told.claim


def test_bare_refusal_points_at_the_articles_main_claim(nlp) -> None:
    text = (
        "The city's water supply was contaminated with lead for two years, a local newspaper reported. "
        "Residents gathered outside the town hall on Monday. The water authority refused to comment."
    )
    ex = extract(nlp, text)
    silent = by_cue(ex, "refused")
    assert silent.stance == "no_comment"
    assert silent.claim is not None and "contaminated with lead" in claim_text(ex, silent.claim)


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Calls to Northwind Traders were not returned.", "Northwind Traders"),
        ("Northwind Traders was not available for comment.", "Northwind Traders"),
        ("Northwind Traders declined comment.", "Northwind Traders"),
        ("Northwind Traders would neither confirm nor deny the report.", "Northwind Traders"),
        ("Northwind Traders did not reply to a request for comment.", "Northwind Traders"),
        ("Northwind Traders declined to immediately comment on the report.", "Northwind Traders"),
        ("Northwind Traders could not be reached for comment on Sunday.", "Northwind Traders"),
    ],
)
def test_no_comment_variants(nlp, sentence: str, who: str) -> None:
    text = f"The port authority said the company had dumped waste into the harbour. {sentence}"
    ex = extract(nlp, text)
    said = by_cue(ex, "said")
    silent = [a for a in ex.attributions if a.stance == "no_comment"]
    assert len(silent) == 1, [(a.cue.text, a.stance) for a in ex.attributions]
    assert silent[0].source is not None and silent[0].source.text == who
    assert silent[0].claim == said.claim


def test_asserting_statement_stays_an_assertion(nlp) -> None:
    ex = extract(nlp, "The company said its new plant will open in March and employ 400 people.")
    a = by_cue(ex, "said")
    assert a.stance == "asserts"
    assert claim_text(ex, a.claim) == "its new plant will open in March and employ 400 people"


def test_a_denial_with_its_own_clause_keeps_that_clause(nlp) -> None:
    text = "A shipping firm bought the port in March. The ministry has denied that it is behind the purchase."
    ex = extract(nlp, text)
    a = by_cue(ex, "has denied")
    assert a.stance == "denies"
    assert claim_text(ex, a.claim) == "it is behind the purchase"


def test_a_sentence_calling_the_reports_a_hoax_disputes_them(nlp) -> None:
    text = "The mayor of the city left office on Monday. Reports that he fled the country are a hoax."
    ex = extract(nlp, text)
    reports = by_cue(ex, "Reports")
    assert reports.stance == "disputes", [(a.cue.text, a.stance) for a in ex.attributions]
    assert claim_text(ex, reports.claim) == "he fled the country"


def test_the_lead_in_the_articles_own_voice_reports_its_story(nlp) -> None:
    text = "The harbour authority closed the northern pier after a storm damaged its supports. Repairs start soon."
    ex = extract(nlp, text)
    lead = [a for a in ex.attributions if a.own_voice and a.stance == "asserts"]
    assert len(lead) == 1 and lead[0].source is None and lead[0].source_kind == "outlet"
    assert "closed the northern pier" in claim_text(ex, lead[0].claim)


def test_a_debunk_outside_the_quoted_claim_is_the_articles_own(nlp) -> None:
    text = "The rumour has been dispelled after a satire site wrote a story claiming that the river had frozen solid."
    ex = extract(nlp, text)
    said = by_cue(ex, "claiming")
    own = [a for a in ex.attributions if a.own_voice and a.stance == "disputes"]
    assert said.stance == "asserts" and said.source is not None
    assert own, [(a.cue.text, a.stance) for a in ex.attributions]


def test_turned_out_not_is_a_debunk_of_its_clause(nlp) -> None:
    ex = extract(nlp, "A post said a bear had left the zoo. It later turned out that the bear had never left the zoo.")
    own = [a for a in ex.attributions if a.own_voice and a.stance == "disputes"]
    assert own and "left the zoo" in (claim_text(ex, own[0].claim) or "")  # its negation is still kept: a known limit


def test_a_debunk_in_what_a_source_said_stays_the_sources(nlp) -> None:
    ex = extract(nlp, "The minister said the report was false.")
    assert not [a for a in ex.attributions if a.own_voice and a.stance == "disputes"]
    assert by_cue(ex, "said").stance == "denies"


@pytest.mark.parametrize(
    "sentence",
    [
        "Experts said the account might not be completely accurate.",
        "A neighbour said the photograph was faked.",
    ],
)
def test_a_modal_or_faking_debunk_in_what_a_source_said_is_a_denial(nlp, sentence: str) -> None:
    assert by_cue(extract(nlp, sentence), "said").stance == "denies"


def test_someone_faking_something_is_an_accusation_not_a_debunk(nlp) -> None:
    # "he faked a crash" is the claim a denial answers ("X denied claims that he faked a crash"):
    # only a thing said to be faked ("the photograph was faked") debunks a story
    ex = extract(nlp, "A rival said the sprinter faked a road accident to avoid the test.")
    assert by_cue(ex, "said").stance == "asserts"


def test_a_negated_truth_word_before_a_noun_is_no_debunk(nlp) -> None:
    ex = extract(nlp, "The minister said it would not be real progress without a budget.")
    assert by_cue(ex, "said").stance == "asserts"


def test_an_attributed_lead_gets_no_second_own_voice_statement(nlp) -> None:
    ex = extract(nlp, "The harbour authority said it closed the northern pier after a storm.")
    assert not [a for a in ex.attributions if a.own_voice]


_DEBUNKED = (
    "A photo of a shark swimming down a flooded highway spread online after the storm. "
    "The picture is a hoax: it was made from two older photographs. "
    "Fact-checkers said the same fake image had circulated after earlier storms."
)


def _rules_only(nlp, text: str):
    from extraction.article_stance import disabled
    from extraction.pipeline import extract_doc, sentence_starts
    from extraction.records import ArticleRecord

    doc = nlp(text)
    with disabled():
        ex = extract_doc(doc, ArticleRecord(id="t", text=text))
    return doc, ex, cues.find(doc), sentence_starts(doc)


def test_article_features_count_debunking_phrases_where_the_story_is_told(nlp) -> None:
    from extraction.article_stance import features

    doc, ex, hits, starts = _rules_only(nlp, _DEBUNKED)
    debunked = features(doc, hits, ex.attributions, starts)
    doc, ex, hits, starts = _rules_only(nlp, "The storm flooded a highway on Monday. Crews cleared it by night.")
    plain = features(doc, hits, ex.attributions, starts)
    assert debunked["debunk"] > 0 and debunked["debunk_open"] > 0
    assert plain["debunk"] == 0 and plain["st_disputes"] == 0


def test_article_model_turns_the_story_statement_into_a_dispute(nlp) -> None:
    from extraction.article_stance import ArticleStanceModel
    from extraction.stance import story_stance

    doc, ex, hits, starts = _rules_only(nlp, _DEBUNKED)
    story = next(r for r in ex.attributions if r.own_voice and r.stance == "asserts")
    assert story.sentence.text.startswith("A photo of a shark")
    story_stance(ex.attributions, doc, hits, starts, ArticleStanceModel({"debunk": 1.0}, -6.0, 0.5))
    assert story.stance == "asserts"  # the model wants more debunking than this article has
    story_stance(ex.attributions, doc, hits, starts, ArticleStanceModel({"debunk": 3.0}, -1.0, 0.5))
    assert story.stance == "disputes" and claim_text(ex, story.claim).startswith("A photo of a shark")


def test_without_a_trained_model_the_rules_decide_alone(tmp_path) -> None:
    from extraction.article_stance import load_model

    assert load_model(str(tmp_path / "absent.json")) is None


def test_an_article_without_a_disputing_phrase_keeps_its_story(nlp) -> None:
    from extraction.article_stance import ArticleStanceModel
    from extraction.stance import story_stance

    text = "Crop production rose by a quarter this year across the country. Farmers denied any shortage."
    doc, ex, hits, starts = _rules_only(nlp, text)
    story = next(r for r in ex.attributions if r.own_voice and r.stance == "asserts")
    story_stance(ex.attributions, doc, hits, starts, ArticleStanceModel({}, 10.0, 0.5))  # a model that always says yes
    assert story.stance == "asserts"  # no hoax, false, no evidence ...: nothing of the article's own disputes it


def test_a_span_holding_a_whole_negated_sentence_has_its_root(nlp) -> None:
    """The sentence's own root (its head is itself) is a root of a span covering the sentence, so
    "X did not Y" read as a whole is negated."""
    from extraction.stance import negated_root

    doc = nlp("The miners did not return to work on Monday.")
    negs = negated_root(doc, 0, len(doc), cues.find(doc))
    assert [t.lower_ for t in negs] == ["not"]
