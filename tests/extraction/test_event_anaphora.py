"""Event anaphora: "the acquisition is expected to close" is about the acquisition named before."""

from __future__ import annotations

from helpers import extract


def _resolved(ex):
    claims = {c.id: c for c in ex.claims}
    return [(a, claims[a.claim]) for a in ex.attributions if a.antecedent and a.claim in claims]


def test_the_same_head_noun_names_the_event(nlp) -> None:
    ex = extract(
        nlp,
        "Harlow Financial Corp said regulators cleared its planned acquisition of Brightwater Bancorp of "
        "Dunmore, Vermont, and the acquisition is expected to close in May.",
    )
    ((statement, claim),) = _resolved(ex)[:1]
    assert statement.content.text == "the acquisition is expected to close in May"
    assert statement.antecedent == "its planned acquisition of Brightwater Bancorp of Dunmore, Vermont"
    assert claim.subject == "harlow financial" and claim.object and claim.object.startswith("brightwater")
    assert "harlow financial|close|acquisition" in claim.frames


def test_a_general_noun_takes_the_sentence_that_introduced_the_deal(nlp) -> None:
    ex = extract(
        nlp,
        "Kellan Tools Inc said it agreed to buy Marrow Steel Co for 40 mln dlrs in cash.\n\n"
        "It said the transaction is expected to be completed by the end of June.",
    )
    resolved = _resolved(ex)
    assert resolved and all(a.antecedent == "buy Marrow Steel Co for 40 mln dlrs in cash" for a, _ in resolved)
    assert all(c.subject == "kellan tools" and c.object == "marrow steel" for _, c in resolved)
    assert all("kellan tools|complete|transaction" in c.frames for _, c in resolved)


def test_a_content_that_names_someone_is_left_alone(nlp) -> None:
    ex = extract(nlp, "Kellan Tools Inc said the deal with Marrow Steel Co is expected to close in June.")
    assert ex.attributions and not any(a.antecedent for a in ex.attributions)


def test_a_description_with_nothing_before_it_is_left_alone(nlp) -> None:
    ex = extract(nlp, "The company said the merger is expected to be completed by the end of June.")
    assert ex.attributions and not any(a.antecedent for a in ex.attributions)


def test_an_antecedent_under_a_verbless_root_is_read_and_left(nlp) -> None:
    # a title fragment's root is a noun: looking for the event's verb must stop there, not loop forever
    import signal

    def _hung(*_: object) -> None:
        raise TimeoutError("event anaphora never returned")

    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(30)
    try:
        ex = extract(
            nlp, "Acquisition news from the coast.\n\nThe acquisition is expected to close in May, the company said."
        )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert any(a.content.text.startswith("The acquisition is expected") for a in ex.attributions)
    assert _resolved(ex) == []  # the fragment names no one: nothing to take
