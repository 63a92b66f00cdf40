"""Drift on the app pages (AppTest, real FalkorDB): the Claims filters and the side-by-side view."""

from __future__ import annotations

import html

import pytest
from driftstory import CLAIM_WORDS, HARD, HEDGED, RATINGS, ingest_ratings, ingest_story
from driftstory import STATEMENTS as RATING_STATEMENTS

from kg import drift
from kg.app import nav
from ontology import checked

CLAIM_OF = checked(
    """MATCH (s:Statement)-[:ABOUT]->(c:Claim) WHERE s.sentence CONTAINS $words
RETURN DISTINCT c.id AS id, c.text AS text"""
)


def no_failures(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture
def story(store, settings, tmp_path):
    ingest_story(store, settings, tmp_path)
    (row,) = store.query(CLAIM_OF, {"words": CLAIM_WORDS})
    return row["id"]


def test_provenance_shows_the_hardening_side_by_side(make_app, story, store) -> None:
    at = make_app(nav.CLAIM, claim=story)
    no_failures(at)
    md = [html.unescape(m.value) for m in at.markdown]
    assert any(":orange-badge[hardened]" in m and ":red-badge[repeated after denial]" in m for m in md)
    hardened = md.index(next(m for m in md if m.endswith("**Hardened**")))
    block = "\n".join(md[hardened : hardened + 10])
    assert block.index("**Before**") < block.index("**After**")
    assert '<del class="cg-hedge">allegedly</del> concealed battery defects' in block  # the hedge struck through
    before, after = block.split("**After**")
    assert "people familiar with the matter" in before and HEDGED in before and HARD in after
    assert "<del" not in after and "concealed battery defects" in after
    found = drift.claim_drift(store, story)
    assert sum(1 for m in md if "hardened here" in m and "**Hardened**" not in m) == sum(
        1 for t, _, _ in found.links if t == "HARDENS"
    )
    assert any("Repeated after a denial" in m for m in md)
    assert any(m.startswith("**Citation chain**") for m in md)


@pytest.mark.parametrize(
    ("choice", "shown"),
    [("hardened", True), ("repeated after denial", True), ("softened", False), ("source drift", False)],
)
def test_claims_drift_filter(make_app, story, choice, shown) -> None:
    at = make_app(nav.CLAIMS)
    at = at.selectbox(key="claims_drift").set_value(choice).run()
    no_failures(at)
    page = "\n".join(html.unescape(m.value) for m in at.markdown) + "\n".join(i.value for i in at.info)
    assert ("concealed battery defects" in page) is shown
    if not shown:
        assert "No claims match these filters." in page


def test_claims_unsourced_filter_keeps_only_claims_without_a_named_source(make_app, story, store) -> None:
    at = make_app(nav.CLAIMS)
    at = at.selectbox(key="claims_drift").set_value("unsourced at root").run()
    no_failures(at)
    page = "\n".join(html.unescape(m.value) for m in at.markdown)
    unsourced = drift.flags(store)["unsourced"]
    assert (story in unsourced) is ("concealed battery defects" in page)
    cards = [m.value for m in at.markdown if "asserting]" in m.value]
    assert cards and all(":gray-badge[unsourced at root]" in m for m in cards), cards


def test_the_claim_page_shows_a_pair_from_two_claims(store, settings, tmp_path, make_app) -> None:
    """The firm claim's page shows its hardening beside the hedged statement of the other claim."""
    ingest_ratings(store, settings, tmp_path)
    (firm_claim,) = {r["claim"] for r in store.query(RATING_STATEMENTS) if r["title"] == RATINGS[1]["title"]}
    at = make_app(nav.CLAIM, claim=firm_claim)
    no_failures(at)
    md = [html.unescape(m.value) for m in at.markdown]
    block = "\n".join(md[md.index(next(m for m in md if m.endswith("**Hardened**"))) :][:10])
    before, after = block.split("**After**")
    assert RATINGS[0]["title"] in before and '<del class="cg-hedge">may</del> upgrade' in before
    assert RATINGS[1]["title"] in after and "raised to Aaa" in after
