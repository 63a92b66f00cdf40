"""Helpers for the bulk-ingestion tests: BBC subsets, ``kg ingest`` as a subprocess, graph snapshots."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.config import Settings
from kg.stats import graph_stats
from kg.store.falkor import FalkorStore

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT.parent / "shared" / "corpus" / "bbc_news.jsonl"

needs_bbc = pytest.mark.skipif(not BBC.exists(), reason=f"{BBC} is not present")


def bbc_subset(dst: Path, n: int, start: int = 0) -> Path:
    """The articles ``start``..``start+n`` of the BBC corpus (spread over its categories) as jsonl."""
    lines = [line for line in BBC.read_bytes().splitlines() if line.strip()]
    step = max(1, len(lines) // max(1, n))
    picked = lines[start::step][:n]
    dst.write_bytes(b"\n".join(picked) + b"\n")
    return dst


def kg_ingest(path: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", "ingest", "-q", *args, str(path)]


def start_kg(cmd: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """Start ``kg`` in its own session (so the test can signal its whole process group)."""
    return subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def kill_group(proc: subprocess.Popen[str]) -> None:
    """Last-resort cleanup: nothing the test started may outlive it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def group_alive(pgid: int) -> list[int]:
    """Pids still running in process group ``pgid``."""
    import psutil

    alive = []
    for p in psutil.process_iter(["pid"]):
        try:
            if os.getpgid(p.pid) == pgid and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p.pid)
        except (ProcessLookupError, psutil.Error):
            continue
    return alive


def article_count(store: FalkorStore) -> int:
    rows = store.query("MATCH (a:Article) RETURN count(a) AS n")
    return int(rows[0]["n"]) if rows else 0


def snapshot(store: FalkorStore) -> dict[str, object]:
    """What must be equal between two ways of ingesting the same corpus."""
    ids = store.query("MATCH (a:Article) RETURN count(a) AS n, count(DISTINCT a.id) AS ids")[0]
    return {
        "stats": graph_stats(store),
        "articles": (int(ids["n"]), int(ids["ids"])),
        "claims": sorted(r["id"] for r in store.query("MATCH (c:Claim) RETURN c.id AS id")),
        "statements": sorted(r["id"] for r in store.query("MATCH (s:Statement) RETURN s.id AS id")),
        "about": sorted(
            (r["s"], r["c"]) for r in store.query("MATCH (s:Statement)-[:ABOUT]->(c:Claim) RETURN s.id AS s, c.id AS c")
        ),
    }


@pytest.fixture
def other_store(settings: Settings) -> Iterator[FalkorStore]:
    """A second graph on the session's server (e.g. for an uninterrupted reference run)."""
    s = FalkorStore(settings.data_dir, settings.graph_name + "_ref")
    s.ensure_schema()
    yield s
    s.delete_graph()
    s.close()
