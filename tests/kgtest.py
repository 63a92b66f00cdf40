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


FNC = SHARED / "eval" / "fnc1"


def fnc_story(index: int, articles: int = 4) -> list[dict[str, str]]:
    """One story told by several articles: FNC-1 bodies that discuss or take a side on the same
    headline (read from the shared corpus at test time, never copied). Stories are picked in a
    fixed order (most-covered headline first), with no body shared between two stories."""
    import csv
    from collections import defaultdict

    bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader((FNC / "train_bodies.csv").open(encoding="utf-8"))}
    by_headline: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader((FNC / "train_stances.csv").open(encoding="utf-8")):
        if row["Stance"] != "unrelated":
            by_headline[row["Headline"]].add(row["Body ID"])
    used: set[str] = set()
    stories = []
    for _, ids in sorted(by_headline.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        picked = sorted(ids - used, key=int)[:articles]
        if len(picked) == articles:
            used |= ids
            stories.append(picked)
        if len(stories) > index:
            break
    return [{"text": bodies[b], "outlet": f"Outlet {b}", "title": f"Story {index}, body {b}"} for b in stories[index]]
