"""Ingestion end to end against the real store: idempotence, bad files, the CLI."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from kgtest import FNC, ROOT, SEEDS, fnc_story, requires

from kg.config import Settings
from kg.ingest import ingest_paths
from kg.stats import graph_stats
from kg.store.falkor import FalkorStore

SAMPLES = ROOT / "samples"


def test_reingest_changes_nothing(store: FalkorStore, settings: Settings) -> None:
    first = ingest_paths(store, [SAMPLES], settings)
    assert first.new >= 3 and first.failed == 0
    # the writer's CPU by stage: each stage that ran is there, and none exceeds the process total
    assert {"resolve", "write", "drift", "state"} <= set(first.cpu)
    assert 0 < sum(first.cpu.values()) <= first.process_cpu + 0.05
    assert first.cpu_line().startswith("writer process CPU")
    before = graph_stats(store)
    second = ingest_paths(store, [SAMPLES], settings)
    assert second.new == 0 and second.duplicate == first.new
    assert graph_stats(store) == before


def test_bad_file_is_reported_and_the_rest_stored(store: FalkorStore, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Acme Corp said on Monday that it would open a factory in Ohio.\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "empty.md").write_text("   \n")
    (tmp_path / "rows.jsonl").write_text(
        json.dumps({"text": "Globex denied the report, a spokesman said."})
        + "\n{not json\n"
        + json.dumps({"title": "x"})
        + "\n"
    )
    report = ingest_paths(store, [tmp_path], settings)
    assert report.new == 2
    reasons = {(Path(e.path).name, e.line): e.reason for e in report.errors}
    assert ("binary.txt", None) in reasons and "binary" in reasons[("binary.txt", None)]
    assert ("empty.md", None) in reasons
    assert ("rows.jsonl", 2) in reasons and "malformed" in reasons[("rows.jsonl", 2)]
    assert ("rows.jsonl", 3) in reasons and "text" in reasons[("rows.jsonl", 3)]
    assert graph_stats(store)["labels"]["Article"] == 2


def test_ingest_leaves_the_garbage_collector_as_it_found_it(
    store: FalkorStore, settings: Settings, tmp_path: Path
) -> None:
    """The writer freezes what it holds during a run (kg/ingest.py): after the run nothing of it may
    stay frozen, and what someone else froze before must stay frozen."""
    (tmp_path / "a.txt").write_text("Acme Corp said on Monday that it would open a factory in Ohio.\n")
    gc.unfreeze()
    assert ingest_paths(store, [tmp_path], settings).new == 1
    assert gc.get_freeze_count() == 0
    (tmp_path / "b.txt").write_text("Globex denied the report, a spokesman said.\n")
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert ingest_paths(store, [tmp_path], settings).new == 1
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_latin1_and_utf16_are_decoded(store: FalkorStore, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Café owners in Zürich said prices rose.".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("Société Générale said it was cutting jobs.".encode("utf-16"))
    report = ingest_paths(store, [tmp_path], settings)
    assert report.new == 2, report.errors
    texts = {r["t"] for r in store.query("MATCH (a:Article) RETURN a.text AS t")}
    assert any("Zürich" in t for t in texts) and any("Société" in t for t in texts)


@requires(SEEDS)
def test_cli_ingest_and_stats(cli_env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    run = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ingest", "-q", str(SEEDS), str(bad)],
        capture_output=True,
        text=True,
        env=cli_env,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 1  # some input failed
    assert f"{bad}:1" in run.stderr and "malformed" in run.stderr
    assert "5 new" in run.stdout
    stats = subprocess.run(
        [sys.executable, "-m", "kg.cli", "stats", "--json"],
        capture_output=True,
        text=True,
        env=cli_env,
        cwd=ROOT,
        check=True,
    )
    data = json.loads(stats.stdout)
    assert data["labels"]["Article"] == 5
    assert data["relationships"]["MENTIONS"] > 10


CLAIM_REACH = (
    "MATCH (a:Article)-[:CONTAINS]->(:Statement)-[:ABOUT]->(c:Claim) "
    "RETURN c.id AS id, count(DISTINCT a) AS articles ORDER BY articles DESC, id"
)


def _story_files(story: str, folder: Path) -> list[Path]:
    """The story, one file per article, and its first article republished (a line added) at the end."""
    if story == "seeds":
        files = sorted(SEEDS.iterdir())
        copy = folder / f"copy{files[0].suffix}"
        copy.write_text(files[0].read_text(encoding="utf-8") + "\n\nThis article first appeared elsewhere.\n")
        return [*files, copy]
    rows = fnc_story(int(story))
    rows.append(
        {**rows[0], "outlet": "Copy Desk", "text": rows[0]["text"] + "\n\nThis article first appeared elsewhere."}
    )
    paths = [folder / f"{i:02d}.jsonl" for i in range(len(rows))]
    for path, row in zip(paths, rows, strict=True):
        path.write_text(json.dumps(row) + "\n")
    return paths


@requires(SEEDS)
@requires(FNC)
@pytest.mark.parametrize("story", ["seeds", "6", "10"])
def test_claims_match_across_separate_runs(store: FalkorStore, settings: Settings, tmp_path: Path, story: str) -> None:
    """Ingesting a story in two runs gives the same claims as one run (frames are stored): the
    second run must find the claims the first one stored, the copy of its first article included."""
    files = _story_files(story, tmp_path)
    half = len(files) // 2
    ingest_paths(store, files[:half], settings)
    ingest_paths(store, files[half:], settings)
    split = store.query(CLAIM_REACH)
    one = FalkorStore(settings.data_dir, settings.graph_name + "_one")
    one.ensure_schema()
    try:
        ingest_paths(one, files, settings)
        whole = one.query(CLAIM_REACH)
    finally:
        one.delete_graph()
        one.close()
    assert split and split[0]["articles"] >= 2  # at least the copy joined a claim stored by the first run
    assert split == whole
