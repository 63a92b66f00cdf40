"""In a real headless Chromium, on the seed story: the smuggled-chips claim's provenance shows the
hedged first report and the later headline stating it as fact side by side (tests may name seed
content)."""

from __future__ import annotations

import pytest
from app_server import ROOT, claim_drift_page

from kg.config import Settings
from kg.ingest import ingest_paths
from ontology import checked

ARTIFACTS = ROOT / "tests" / "artifacts"
SEEDS = ROOT.parent / "shared" / "articles" / "seeds"
HEADLINE = "Deepseek uses thousands of smuggled Nvidia chips"
HARDENED_BY = checked(
    """MATCH (c:Claim)<-[:ABOUT]-(s:Statement)-[:HARDENS]->(t:Statement)
WHERE s.sentence CONTAINS $w
RETURN c.id AS id, t.sentence AS before, t.hedges AS hedges"""
)

pytestmark = [pytest.mark.browser]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed articles are not here")
def test_seed_claim_hardened_side_by_side_in_chromium(store, settings: Settings) -> None:
    assert ingest_paths(store, [SEEDS], settings).new == 5
    rows = store.query(HARDENED_BY, {"w": HEADLINE})
    assert rows, "the headline does not harden any claim"
    row = rows[0]
    assert "smuggled" in row["before"] and row["hedges"]
    with claim_drift_page(settings, row["id"], "app_server_drift_seeds.log") as (page, main):
        assert "Hardened" in main and main.index("Before") < main.index("After")
        before, after = main.index("Before"), main.index("After")
        assert "allegedly smuggled" in main[before:after] and HEADLINE in main[after:]
        struck = page.locator("del.cg-hedge")
        assert struck.count() >= 1 and struck.first.inner_text().lower() in {h.lower() for h in row["hedges"]}
        page.screenshot(path=str(ARTIFACTS / "claim_drift_seeds.png"), full_page=True)
