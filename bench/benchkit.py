"""What the query benchmarks share: one percentile rule and the clean-up of their temporary store."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any


def pct(values: list[float], q: float) -> float:
    """The nearest-rank ``q`` quantile (NaN for no values), so p95 means the same in every bench."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] if ordered else float("nan")


def release_store(store: Any, data_dir: Path, keep: bool, given: Path | None) -> None:
    """Close the client; unless ``keep``, stop the server and remove a data dir the bench made itself."""
    from kg.store import embedded

    store.close()
    if keep:
        return
    embedded.stop(data_dir)
    if given is None:
        shutil.rmtree(data_dir, ignore_errors=True)
