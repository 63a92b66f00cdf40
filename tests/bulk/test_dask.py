"""``kg ingest --dask``: extraction (and the claim texts' encoding) on a Dask cluster builds the same
graph as the local path."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from extraction.corpus import CorpusState
from kg.config import Settings
from kg.ingest import IngestOptions, ingest_paths
from kg.store.falkor import FalkorStore

from .conftest import ROOT, article_count, bbc_subset, kg_ingest, needs_bbc, snapshot

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as lc:
        yield lc.scheduler_address


@needs_bbc
def test_dask_path_builds_the_same_graph_as_the_local_path(
    cluster: str, store: FalkorStore, other_store: FalkorStore, settings: Settings, tmp_path: Path, monkeypatch
) -> None:
    corpus = bbc_subset(tmp_path / "bbc.jsonl", 24, start=3)
    local = ingest_paths(store, [corpus], settings, options=IngestOptions(workers=1, pipe_batch=8, chunk=10))

    order: list[str] = []
    real = CorpusState.resolve

    def spy(self, extraction):
        order.append(extraction.article.id)
        return real(self, extraction)

    monkeypatch.setattr(CorpusState, "resolve", spy)
    remote = ingest_paths(other_store, [corpus], settings, options=IngestOptions(pipe_batch=4, chunk=10, dask=cluster))
    assert local.new == remote.new == 24 and not remote.errors
    a, b = snapshot(store), snapshot(other_store)
    assert a["claims"], "the subset should hold claims"
    assert a == b  # same counts, same claim and statement ids
    # on a cluster the workers encode the claim texts: the writer matched the same claims without the encoder
    assert local.writer_encoded > 0 and local.worker_encoded == 0
    assert remote.writer_encoded == 0 and remote.worker_encoded >= local.writer_encoded
    # resolution happened here, in input order, although 2 workers returned the batches
    stored_order = [r["id"] for r in other_store.query("MATCH (a:Article) RETURN a.id AS id ORDER BY a.seq")]
    assert order == stored_order


@needs_bbc
def test_cli_dask_option(cluster: str, cli_env: dict[str, str], store: FalkorStore, tmp_path: Path) -> None:
    corpus = bbc_subset(tmp_path / "bbc.jsonl", 12, start=11)
    run = subprocess.run(
        kg_ingest(corpus, "--dask", cluster, "--encode-in-writer"),
        env=cli_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    summary = " ".join(run.stdout.split())
    assert "12 new" in summary
    assert ", 0 by the workers" in summary  # --encode-in-writer overrides the cluster's default
    assert article_count(store) == 12
