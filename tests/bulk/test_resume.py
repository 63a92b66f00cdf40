"""Interrupting ``kg ingest`` (kill -9, Ctrl-C) and running the same command again loses nothing
and duplicates nothing: the graph equals the one an uninterrupted run builds."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from kg.config import Settings
from kg.store.falkor import FalkorStore

from .conftest import (
    ROOT,
    article_count,
    bbc_subset,
    group_alive,
    kg_ingest,
    kill_group,
    needs_bbc,
    snapshot,
    start_kg,
    wait_for,
)

N = 80
ARGS = ("--chunk", "10", "--batch-size", "4")  # several write groups, so a kill lands mid-run


def _run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


@needs_bbc
def test_kill_9_midway_then_rerun_equals_an_uninterrupted_run(
    cli_env: dict[str, str], store: FalkorStore, other_store: FalkorStore, tmp_path: Path
) -> None:
    corpus = bbc_subset(tmp_path / "bbc.jsonl", N)
    cmd = kg_ingest(corpus, *ARGS)

    proc = start_kg(cmd, cli_env)
    try:
        wait_for(lambda: article_count(store) > 0 or proc.poll() is not None, 300, "the first stored articles")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        stored = article_count(store)
        assert 0 < stored < N, f"the kill did not land mid-run ({stored} of {N} stored)"
        # spaCy's worker processes die with their parent instead of lingering as orphans
        wait_for(lambda: not group_alive(proc.pid), 30, "the worker processes to exit")
    finally:
        kill_group(proc)

    rerun = _run(cmd, cli_env)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"{N - stored} new, {stored} duplicate" in rerun.stdout.replace("\n", " ")

    reference = _run(cmd, {**cli_env, "KG_GRAPH_NAME": other_store.graph_name})
    assert reference.returncode == 0, reference.stderr[-3000:]

    resumed, uninterrupted = snapshot(store), snapshot(other_store)
    assert resumed["articles"] == (N, N)  # every article stored exactly once
    assert resumed == uninterrupted


@needs_bbc
def test_ctrl_c_stops_cleanly_and_the_rerun_completes(
    cli_env: dict[str, str], store: FalkorStore, settings: Settings, tmp_path: Path
) -> None:
    corpus = bbc_subset(tmp_path / "bbc.jsonl", N, start=7)
    cmd = kg_ingest(corpus, *ARGS)
    proc = start_kg(cmd, cli_env)
    try:
        wait_for(lambda: article_count(store) > 0 or proc.poll() is not None, 300, "the first stored articles")
        started = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground group
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 130, err[-3000:]
        assert time.monotonic() - started < 90
        assert "Traceback" not in out + err, err[-3000:]
        assert "interrupted" in err and "run the same command again" in err.replace("\n", " ")
        wait_for(lambda: not group_alive(proc.pid), 30, "the worker processes to exit")
    finally:
        kill_group(proc)
    stored = article_count(store)
    assert 0 < stored < N

    rerun = _run(cmd, cli_env)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"{stored} duplicate" in rerun.stdout.replace("\n", " ")
    assert snapshot(store)["articles"] == (N, N)
