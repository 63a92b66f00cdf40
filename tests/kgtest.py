"""Paths and helpers shared by tests (import as ``from kgtest import ...``; never from conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "articles" / "seeds"
BBC = SHARED / "corpus" / "bbc_news.jsonl"
POLNEAR = SHARED / "eval" / "polnear"


def requires(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is not present")
