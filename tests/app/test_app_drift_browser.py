"""In a real headless Chromium: a hardened claim's provenance shows the hedged and the unhedged
statement side by side, the hedge word struck through."""

from __future__ import annotations

import pytest
from app_server import ROOT, claim_drift_page
from driftstory import CLAIM_WORDS, ingest_story

from kg.config import Settings
from ontology import checked

ARTIFACTS = ROOT / "tests" / "artifacts"
CLAIM_OF = checked("MATCH (s:Statement)-[:ABOUT]->(c:Claim) WHERE s.sentence CONTAINS $w RETURN DISTINCT c.id AS id")

pytestmark = [pytest.mark.browser]


def test_hardened_claim_side_by_side_in_chromium(store, settings: Settings, tmp_path) -> None:
    ingest_story(store, settings, tmp_path)
    (row,) = store.query(CLAIM_OF, {"w": CLAIM_WORDS})
    with claim_drift_page(settings, row["id"], "app_server_drift.log") as (page, main):
        assert "Hardened" in main and main.index("Before") < main.index("After")
        struck = page.locator("del.cg-hedge")
        assert struck.count() >= 1 and struck.first.inner_text().lower() == "allegedly"
        assert "Repeated after a denial" in main and "Citation chain" in main
        page.screenshot(path=str(ARTIFACTS / "claim_drift.png"), full_page=True)
