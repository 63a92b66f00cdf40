"""The seed story end to end: the smuggled-chips claim, first reported hedged, stated as fact in a
later outlet's headline, answered by ``kg ask ... --json`` (tests may name seed content)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.ingest import ingest_paths

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "articles" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed articles are not here")
def test_the_smuggled_chips_claim_hardened_on_the_seeds(store, settings, cli_env) -> None:
    assert ingest_paths(store, [SEEDS], settings).new == 5
    question = "Which claims hardened as they were repeated?"
    run = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ask", question, "--json"], env=cli_env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    pairs = [[e["sentence"] for e in item["evidence"][:2]] for item in data["items"]]
    assert any(
        "smuggl" in before.lower() and "uses thousands of smuggled" in after and "allegedly" not in after
        for before, after in pairs
    ), pairs
