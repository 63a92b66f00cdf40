"""kill -9 of ``kg ingest`` or of the store half-way: the same command again finishes the job,
nothing lost, nothing doubled, graph counts equal to an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from kgtest import requires

from kg.config import Settings
from kg.stats import graph_stats
from kg.store.base import StoreError
from kg.store.falkor import FalkorStore

from .conftest import BBC, ROOT, TUNING, N, assert_clean, base_env, graph_env, kg_cmd, run_kg, stats

pytestmark = requires(BBC)


def _articles(data_dir: Path, graph: str) -> int:
    store = FalkorStore(data_dir, graph, start=False)
    try:
        rows = store.query("MATCH (a:Article) RETURN count(a) AS c")  # [] while the graph does not exist
        return int(rows[0]["c"]) if rows else 0
    finally:
        store.close()


def _kill_half_way(env: dict[str, str], sample: Path, kill: Callable[[subprocess.Popen[str]], None]) -> int:
    """Start ``kg ingest``; once some but not all articles are stored, call ``kill``. Returns that count."""
    data_dir, graph = Path(env["KG_DATA_DIR"]), env["KG_GRAPH_NAME"]
    proc = subprocess.Popen(
        kg_cmd("ingest", "-q", str(sample)),
        env=env,
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stored = 0
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                stored = _articles(data_dir, graph)
            except StoreError:
                stored = 0  # not started yet
            if 0 < stored < N:
                kill(proc)
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"never caught the run half-way (stored {stored} of {N}); make the chunks smaller")
        out, errs = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    proc.stdout_text, proc.stderr_text = out, errs  # type: ignore[attr-defined]
    _kill_half_way.last = proc  # type: ignore[attr-defined]
    return stored


def _assert_resumed(env: dict[str, str], sample: Path, stored_before: int, reference: dict) -> None:
    again = run_kg(env, "ingest", "-q", str(sample))
    assert_clean(again)
    assert again.returncode == 0, again.stderr
    summary = " ".join(again.stdout.split())
    new = int(summary.split("articles: ")[1].split(" new")[0])
    duplicate = int(summary.split(" new, ")[1].split(" duplicate")[0])
    assert new + duplicate == N and duplicate >= stored_before, summary
    assert stats(env) == reference  # every article once; entities, claims, statements, relations as in one run


def test_kill_ingest_half_way_then_resume(
    sample: Path, server_dir: Path, uninterrupted: dict[str, dict[str, int]]
) -> None:
    env = graph_env(server_dir, "kill")
    stored = _kill_half_way(env, sample, lambda p: os.kill(p.pid, signal.SIGKILL))
    assert _kill_half_way.last.returncode == -signal.SIGKILL  # type: ignore[attr-defined]
    assert 0 < stored < N
    _assert_resumed(env, sample, stored, uninterrupted)


def test_store_killed_during_ingest_then_resume(
    sample: Path, own_dir: Path, uninterrupted: dict[str, dict[str, int]]
) -> None:
    env = {**base_env(), **TUNING, "KG_DATA_DIR": str(own_dir), "KG_GRAPH_NAME": "rel"}

    def kill_store(_: subprocess.Popen[str]) -> None:
        os.kill(json.loads((own_dir / "server.json").read_text())["pid"], signal.SIGKILL)

    acknowledged = _kill_half_way(env, sample, kill_store)
    ingest = _kill_half_way.last  # type: ignore[attr-defined]
    assert_clean_text = ingest.stdout_text + ingest.stderr_text
    assert "Traceback" not in assert_clean_text, assert_clean_text[-3000:]
    assert ingest.returncode == 2, assert_clean_text
    errors = [line for line in ingest.stderr_text.splitlines() if line.strip()]
    assert len(errors) == 1 and "lost the embedded store" in errors[0], ingest.stderr_text
    after_restart = stats(env)  # the next command restarts the store from its append-only file
    assert after_restart["labels"]["Article"] >= acknowledged  # every acknowledged article survived
    _assert_resumed(env, sample, acknowledged, uninterrupted)


def test_reference_is_stable(sample: Path, store: FalkorStore, settings: Settings, uninterrupted: dict) -> None:
    """The control: a second clean run gives the same counts, so equality above means something."""
    from kg.ingest import ingest_paths

    tuned = settings.model_copy(update={"ingest_chunk": int(TUNING["KG_INGEST_CHUNK"]), "ingest_workers": 1})
    report = ingest_paths(store, [sample], tuned)
    assert report.new == N
    assert graph_stats(store) == uninterrupted
