"""End to end in a real headless Chromium: the served app answers a question over the seed articles.

Starts ``streamlit run app.py`` on a free port against a fresh graph holding the five seed
articles, drives Debian's Chromium with Playwright, and saves screenshots under tests/artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_server import CHROMIUM, ROOT, app_server, ask, chromium, wait_idle
from kgtest import SEEDS, requires

from kg.config import Settings
from kg.ingest import IngestOptions, ingest_paths

ARTIFACTS = ROOT / "tests" / "artifacts"
QUESTION = "Who denied that DeepSeek used smuggled Nvidia chips?"

pytestmark = [pytest.mark.browser, requires(SEEDS)]


@pytest.fixture
def seeded(store, settings: Settings) -> Settings:
    report = ingest_paths(store, [SEEDS], settings, options=IngestOptions.from_settings(settings, workers=1))
    assert report.new == 5 and not report.errors
    return settings


def test_ask_and_trace_a_claim_in_chromium(seeded: Settings) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run 'make browser'")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "app_server.log"
    with app_server(seeded.data_dir, seeded.graph_name, log) as url, chromium() as page:
        page.goto(url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=180_000)
        wait_idle(page)
        sidebar = page.get_by_test_id("stSidebar")
        assert "embedded FalkorDB" in sidebar.inner_text()
        assert re.search(r"Articles\s*5\b", sidebar.inner_text())

        # Ask: the answer names the denier, and its evidence card shows the denial sentence
        ask(page, QUESTION)
        messages = page.get_by_test_id("stChatMessage")
        assert QUESTION in messages.nth(0).inner_text()
        answer = messages.nth(1)
        assert "Nvidia" in answer.inner_text()
        quotes = answer.locator(".cg-quote")
        assert quotes.count() >= 1
        denial = [q for q in quotes.all_inner_texts() if "Nvidia" in q]
        assert denial and any(re.search(r"no evidence|denied", q) for q in denial)
        assert answer.locator("mark.cg-sentence").count() >= 1  # the evidence sentence is highlighted
        assert "Smuggled Circuits" in answer.inner_text()  # the article it comes from
        answer.get_by_text("Cypher that ran").click()
        code = answer.locator("code").first
        code.wait_for(timeout=10_000)
        assert "MATCH" in code.inner_text()
        page.screenshot(path=str(ARTIFACTS / "ask.png"))

        # Claims -> the contested claim's provenance: an assertion and Nvidia's denial, in order
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Claims", exact=True).click()
        card = page.locator('[class*="st-key-claim_card_"]').filter(has_text="contested").first
        card.wait_for(timeout=60_000)
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "claims.png"))
        card.locator('[data-testid="stPageLink"] a', has_text="Provenance").click()
        page.get_by_text("1 · First report").wait_for(timeout=60_000)
        wait_idle(page)
        assert "claim=" in page.url
        main = page.get_by_test_id("stMain").inner_text()
        assert main.index("1 · First report") < main.index("3 · Denials") < main.index("4 · Silence")
        denials = main[main.index("3 · Denials") : main.index("4 · Silence")]
        assert "Nvidia" in denials and "denies" in denials
        assert "Primary sources" in main
        assert page.locator(".cg-quote mark.cg-cue").count() >= 2  # cues marked in the sentences
        page.screenshot(path=str(ARTIFACTS / "claim.png"))

        # Graph: the claim's neighbourhood is drawn by the component
        page.get_by_test_id("stMain").locator('[data-testid="stPageLink"] a', has_text="See it in the graph").click()
        frame = page.locator("iframe").first
        frame.wait_for(timeout=60_000)
        page.wait_for_timeout(4000)  # let the physics layout settle for the screenshot
        assert page.frame_locator("iframe").first.locator("canvas").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "graph.png"))
