"""In a real headless Chromium: a hardened claim's provenance shows the hedged and the unhedged
statement side by side, the hedge word struck through."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from app_server import CHROMIUM, ROOT, app_server, chromium, wait_idle
from driftstory import CLAIM_WORDS, ingest_story

from kg.config import Settings
from ontology import checked

ARTIFACTS = ROOT / "tests" / "artifacts"
CLAIM_OF = checked("MATCH (s:Statement)-[:ABOUT]->(c:Claim) WHERE s.sentence CONTAINS $w RETURN DISTINCT c.id AS id")

pytestmark = [pytest.mark.browser]


def test_hardened_claim_side_by_side_in_chromium(store, settings: Settings, tmp_path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run 'make browser'")
    ingest_story(store, settings, tmp_path)
    (row,) = store.query(CLAIM_OF, {"w": CLAIM_WORDS})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (
        app_server(settings.data_dir, settings.graph_name, ARTIFACTS / "app_server_drift.log") as url,
        chromium() as page,
    ):
        page.goto(f"{url}/claim?claim={quote(row['id'], safe='')}")
        page.get_by_text("How it changed").wait_for(timeout=180_000)
        wait_idle(page)
        main = page.get_by_test_id("stMain").inner_text()
        assert "Hardened" in main and main.index("Before") < main.index("After")
        struck = page.locator("del.cg-hedge")
        assert struck.count() >= 1 and struck.first.inner_text().lower() == "allegedly"
        assert "Repeated after a denial" in main and "Citation chain" in main
        page.screenshot(path=str(ARTIFACTS / "claim_drift.png"), full_page=True)
