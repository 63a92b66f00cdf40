"""The anchored matcher finds what spaCy's Matcher finds over the whole text (cues.find relies on it)."""

from __future__ import annotations

from spacy.matcher import Matcher

from extraction import cues
from extraction.anchored import AnchoredMatcher, max_length, token_anchor

TEXT = (
    "The ministry flatly denied the report, calling it a hoax. "
    "Calls to the company on Monday were not immediately returned. "
    "The mayor was not available for comment and declined to immediately comment on the claim. "
    "Officials said the story was not completely false, but it is probably a cleverly staged stunt. "
    "The minister is said to be sharply critical of the plan, which may reportedly be delayed. "
    "They have nothing to do with it, he insisted, adding that there is no evidence of wrongdoing. "
    "Unless the board agrees, the firm will not confirm or deny the deal; she called the claims fake. "
    "His office refused to say more."
)

ROWS = [
    ("OPTIONAL_FIRST", [{"POS": "ADJ", "OP": "?"}, {"LOWER": "plan"}]),
    ("UNANCHORED", [{"POS": "DET"}, {"LOWER": {"IN": ["claim", "claims", "deal"]}}]),
    ("RUNS_ON", [{"LEMMA": "be"}, {"POS": "ADV", "OP": "*"}, {"POS": "ADJ"}]),
    ("RUNS_ON_TAIL", [{"LOWER": "the"}, {"POS": "NOUN"}, {"OP": "*", "IS_SENT_START": False}]),
    ("BOUNDED", [{"LEMMA": {"IN": ["decline", "refuse"]}}, {"LOWER": "to", "OP": "?"}, {"POS": "VERB"}]),
]


def _spacy_matches(nlp, rows, doclike) -> set[tuple[str, int, int]]:
    matcher = Matcher(nlp.vocab)
    for label, pattern in rows:
        matcher.add(label, [pattern])
    offset = getattr(doclike, "start", 0)
    return {(nlp.vocab.strings[k], s + offset, e + offset) for k, s, e in matcher(doclike)}


def _longest(matches) -> dict[tuple[str, int], int]:
    best: dict[tuple[str, int], int] = {}
    for label, s, e in matches:
        best[(label, s)] = max(best.get((label, s), 0), e)
    return best


def test_anchors_and_lengths_of_patterns() -> None:
    assert token_anchor({"LEMMA": {"IN": ["deny", "reject"]}, "POS": "VERB"}) == (0, frozenset(["deny", "reject"]))
    assert token_anchor({"LEMMA": {"IN": ["a", "b", "c"]}, "LOWER": "a"}) == (1, frozenset(["a"]))
    assert token_anchor({"LOWER": "to", "OP": "?"}) is None
    assert token_anchor({"POS": "ADV"}) is None
    assert max_length([{"LOWER": "a"}, {"POS": "ADV", "OP": "?"}]) == 2
    assert max_length([{"LOWER": "a"}, {"POS": "ADV", "OP": "*"}]) is None


def test_same_matches_as_spacy_for_every_kind_of_pattern(nlp) -> None:
    doc = nlp(TEXT)
    anchored = AnchoredMatcher(nlp.vocab, ROWS)
    for lo, hi in [(0, len(doc)), (3, len(doc) - 4), *((s.start, s.end) for s in doc.sents)]:
        expected = _spacy_matches(nlp, ROWS, doc[lo:hi])
        found = anchored(doc, lo, hi)
        assert len(found) == len(set(found))
        assert set(found) == expected
    assert {label for label, _s, _e in anchored(doc)} == {label for label, _p in ROWS}  # the text exercises every row


def test_cue_hits_equal_a_whole_text_matcher(nlp) -> None:
    doc = nlp(TEXT)
    rows = [(label, p) for label, pats in cues.patterns().items() for p in pats]
    for doclike in [doc, *doc.sents]:
        expected = _longest(_spacy_matches(nlp, rows, doclike))
        hits = cues.find(doclike)
        assert {(label, s): e for label, spans in hits.items() for s, e in spans} == expected
    labels = set(cues.find(doc))
    assert labels >= {"CUE_PHRASE"}
    assert {"DENY_VERB", "NO_COMMENT", "HEDGE", "DEBUNK", "DENIAL", "CONDITION", "CUE_PHRASE"} <= labels


def test_longest_spans_equal_spacys_greedy_filter(nlp) -> None:
    doc = nlp(TEXT)
    for label in ("HEDGE", "NO_COMMENT", "DEBUNK", "CUE_PHRASE", "DENIAL"):
        matcher = Matcher(nlp.vocab)
        matcher.add(label, cues.patterns()[label], greedy="LONGEST")
        expected = sorted((s, e) for _k, s, e in matcher(doc))
        assert cues.spans(doc, label) == expected
        assert expected
    # the filter: longest first, the earlier of two as long, none overlapping one already kept
    assert cues.longest_first([(0, 2), (1, 4), (3, 5), (5, 6), (4, 6)]) == [(1, 4), (4, 6)]


def test_unbounded_rows_run_only_on_the_runs_of_tokens_they_can_match(nlp) -> None:
    doc = nlp(TEXT)
    anchored = AnchoredMatcher(nlp.vocab, ROWS)
    arr = doc.to_array(["LEMMA", "LOWER"])
    codes = (anchored._codes[0].of(arr[:, 0]), anchored._codes[1].of(arr[:, 1]))
    row = next(r for r in anchored._unbounded if r.mask.useful and r.start is not None)  # be ADV* ADJ
    windows = anchored._unbounded_windows(row, doc, codes, {}, 0, len(doc))
    assert (
        windows and sum(b - a for a, b in windows) < len(doc) // 4
    )  # not the text between the first "be" and the last ADJ
    assert all(doc[a].lemma_ == "be" or doc[a].pos_ == "ADV" or doc[a].pos_ == "ADJ" for a, _b in windows)
    expected = {m for m in _spacy_matches(nlp, ROWS, doc) if m[0] == "RUNS_ON"}
    assert expected and {m for m in anchored(doc) if m[0] == "RUNS_ON"} == expected


def test_the_component_leaves_its_cue_matches_for_extract_doc(nlp) -> None:
    doc = nlp(TEXT)
    left = doc._.get(cues.MATCHES)
    assert left and sorted(left) == sorted(cues.anchored_matcher(nlp.vocab)(doc))  # matched once, in the component
    assert cues.longest_of(left, "CUE_PHRASE") == cues.spans(doc, "CUE_PHRASE")
    fresh = nlp.make_doc(TEXT)  # a Doc without them is matched when asked
    assert fresh._.get(cues.MATCHES) is None


def test_a_doc_without_tags_gets_its_phrases_without_the_shared_matches(nlp) -> None:
    # a hand-built Doc (no tagger): the patterns reading TAG cannot run, CUE_PHRASE alone still does
    doc = nlp.make_doc("She is sharply critical of the plan.")
    assert not cues.anchored_matcher(nlp.vocab).ready(doc)
    assert cues.remember_matches(doc) is None and doc._.get(cues.MATCHES) is None
