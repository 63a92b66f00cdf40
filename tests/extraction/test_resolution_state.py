"""The resolution state saved between runs: a run that loaded it appends only what it changed,
and reading the chain back gives the state that run ended with."""

from __future__ import annotations

from pathlib import Path

from helpers import extraction_with

from extraction.corpus import CorpusState
from extraction.records import ClaimRecord, Extraction, entity_id
from kg import resolution_state

NAMES = [("Acme", "Organization"), ("Riverton", "Place"), ("Jo Park", "Person"), ("Globex", "Organization")]
SAYINGS = [
    "{a} shipped thousands of faulty batteries to retailers in {b} last year",
    "{a} will close its battery plant in {b} next spring",
    "{a} paid a fine of two million dollars to regulators in {b}",
]


def article(i: int) -> Extraction:
    """Article ``i``: two names (typed one way or the other) and restatements of a few sayings."""
    (a, ta), (b, tb) = NAMES[i % 4], NAMES[(i + 1) % 4]
    if i % 3 == 0:
        ta = "Person"  # a minority vote the corpus outvotes
    texts = [SAYINGS[i % 3].format(a=a, b=b), SAYINGS[(i + 1) % 3].format(a=a, b=b) + (" again" if i % 2 else "")]
    ids = [entity_id(a), entity_id(b)]
    claims = [
        ClaimRecord(id=f"claim:{i}:{k}", text=t, subject=ids[0], entities=ids, frames=[f"f{i % 5}:{k}"])
        for k, t in enumerate(texts)
    ]
    return extraction_with(f"a{i}", [(a, ta, 1), (b, tb, 2)], claims)


def plain(value: object) -> object:
    """``value`` with its sets sorted: a set's iteration order is not part of the state."""
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, dict):
        return [(k, plain(v)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "__slots__") or hasattr(value, "__dict__"):
        names = getattr(value, "__slots__", None) or vars(value)
        return [type(value).__name__, *(plain(getattr(value, n)) for n in names)]
    return value


def snapshot(state: CorpusState) -> object:
    """Everything resolution reads from the state, in its order (a word's postings in claim order;
    the order of words within a claim is a set's)."""
    return plain(
        [
            state.claims,
            state._order,
            {key: sorted(by_word.items()) for key, by_word in state._postings.items()},
            sorted(state._word_claims.items()),
            {n: list(v.items()) for n, v in state.type_votes.items() if v},
            state.entities,
            state._entity_norms,
            state._claims_by_frame,
            state._texts,
            sorted(state.matcher.known()),
        ]
    )


def test_a_run_appends_its_changes_and_the_chain_reads_back_as_its_state(tmp_path: Path) -> None:
    path = tmp_path / "resolution.pickle"
    whole_run = CorpusState()
    for i in range(24):
        whole_run.resolve(article(i))
    assert whole_run.matcher.encoded  # some claims were scored by wording, so vectors are kept

    first = CorpusState()
    for i in range(12):
        first.resolve(article(i))
    resolution_state.write(path, [12], first)
    whole = path.stat().st_size
    second = resolution_state.read(path, [12])
    assert second is not None and snapshot(second) == snapshot(first)
    for i in range(12, 18):
        second.resolve(article(i))
    resolution_state.write(path, [18], second)
    assert whole < path.stat().st_size < 1.5 * whole  # the changes were appended, not the state again
    third = resolution_state.read(path, [18])
    assert third is not None and snapshot(third) == snapshot(second)
    for i in range(18, 24):
        third.resolve(article(i))
    resolution_state.write(path, [24], third)
    last = resolution_state.read(path, [24])
    assert last is not None and snapshot(last) == snapshot(whole_run)
    assert resolution_state.read(path, [18]) is None  # the store moved on: that state is stale


def test_a_link_cut_short_ends_the_chain_and_the_next_save_rewrites_it(tmp_path: Path) -> None:
    path = tmp_path / "resolution.pickle"
    state = CorpusState()
    for i in range(6):
        state.resolve(article(i))
    resolution_state.write(path, [6], state)
    loaded = resolution_state.read(path, [6])
    assert loaded is not None
    loaded.resolve(article(6))
    resolution_state.write(path, [7], loaded)
    with path.open("r+b") as fh:  # a save that died half-way through its link
        fh.truncate(path.stat().st_size - 20)
    assert resolution_state.read(path, [7]) is None
    back = resolution_state.read(path, [6])
    assert back is not None and snapshot(back) == snapshot(state)
    back.resolve(article(6))
    resolution_state.write(path, [7], back)
    again = resolution_state.read(path, [7])
    assert again is not None and snapshot(again) == snapshot(loaded)
