"""Two ``kg ingest`` runs at once on overlapping inputs while ``kg ask`` runs in a loop:
nothing duplicated, nothing lost, no errors; hostile questions through the real CLI write nothing."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout
from kgtest import requires

from kg.store.falkor import FalkorStore

from .conftest import BBC, ROOT, N, assert_clean, graph_env, kg_cmd, run_kg, stats

pytestmark = requires(BBC)

QUESTIONS = ["Who said what about the economy?", "Who denied the report?", "What did the government claim?"]

DUPLICATES = {
    "Article": "MATCH (a:Article) WITH a.id AS id, count(*) AS n WHERE n > 1 RETURN count(id) AS dup",
    "Entity": "MATCH (e:Entity) WITH e.id AS id, count(*) AS n WHERE n > 1 RETURN count(id) AS dup",
    "Claim": "MATCH (c:Claim) WITH c.id AS id, count(*) AS n WHERE n > 1 RETURN count(id) AS dup",
    "Statement": "MATCH (s:Statement) WITH s.id AS id, count(*) AS n WHERE n > 1 RETURN count(id) AS dup",
    "Statement about 2+ claims": "MATCH (s:Statement)-[:ABOUT]->(c:Claim) WITH s, count(c) AS n WHERE n > 1 "
    "RETURN count(s) AS dup",
    "Article text twice": "MATCH (a:Article) WITH a.text AS t, count(*) AS n WHERE n > 1 RETURN count(t) AS dup",
}


def _halves(sample: Path, tmp: Path) -> tuple[Path, Path]:
    """Two overlapping inputs: the first two thirds and the last two thirds of the sample."""
    lines = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp / "first.jsonl", tmp / "second.jsonl"
    first.write_text("".join(lines[: 2 * N // 3]), encoding="utf-8")
    second.write_text("".join(lines[N // 3 :]), encoding="utf-8")
    return first, second


def _lock_held(data_dir: Path, graph: str) -> bool:
    """Whether some process holds the graph's writer lock (probe without blocking, release at once)."""
    lock = FileLock(str(data_dir / f"ingest-{graph}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


@pytest.fixture(scope="module")
def concurrent_run(sample: Path, server_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Start ``kg ingest`` on the first two thirds; once it holds the writer lock, start a second
    ``kg ingest`` on the last two thirds (the overlap is a third); run ``kg ask`` in a loop until
    both are done."""
    env = graph_env(server_dir, "conc")
    first, second = _halves(sample, tmp_path_factory.mktemp("halves"))

    def ingest(path: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            kg_cmd("ingest", "-q", str(path)),
            env=env,
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    ingests = [ingest(first)]
    asks: list[subprocess.CompletedProcess[str]] = []
    deadline = time.monotonic() + 300
    try:
        while not _lock_held(server_dir, env["KG_GRAPH_NAME"]) and ingests[0].poll() is None:
            time.sleep(0.05)
        ingests.append(ingest(second))  # the first run holds the lock: both overlap in time from here
        while any(p.poll() is None for p in ingests) and time.monotonic() < deadline:
            asks.append(run_kg(env, "ask", "--json", QUESTIONS[len(asks) % len(QUESTIONS)], timeout=120))
        outputs = [p.communicate(timeout=300) for p in ingests]
    finally:
        for p in ingests:
            if p.poll() is None:
                p.kill()
                p.wait()
    return {"env": env, "ingests": ingests, "outputs": outputs, "asks": asks}


def test_two_ingests_at_once_while_asking(concurrent_run: dict, uninterrupted: dict[str, dict[str, int]]) -> None:
    env, ingests, outputs, asks = (concurrent_run[k] for k in ("env", "ingests", "outputs", "asks"))
    for p, (out, err) in zip(ingests, outputs, strict=True):
        assert "Traceback" not in out + err, err[-3000:]
        assert p.returncode == 0, err
    summaries = [" ".join(out.split()) for out, _ in outputs]
    news = [int(s.split("articles: ")[1].split(" new")[0]) for s in summaries]
    duplicates = [int(s.split(" new, ")[1].split(" duplicate")[0]) for s in summaries]
    assert news == [2 * N // 3, N - 2 * N // 3] and duplicates == [0, N // 3], summaries  # the overlap: skipped
    assert "waiting for another ingestion" in outputs[1][1]  # the second run queued behind the first
    assert asks, "kg ask never ran during ingestion"
    for ask in asks:
        assert_clean(ask)
        assert ask.returncode == 0, ask.stderr
        json.loads(ask.stdout)
    store = FalkorStore(Path(env["KG_DATA_DIR"]), env["KG_GRAPH_NAME"], start=False)
    try:
        duplicated = {name: store.query(q)[0]["dup"] for name, q in DUPLICATES.items()}
    finally:
        store.close()
    assert set(duplicated.values()) == {0}, duplicated
    assert stats(env) == uninterrupted  # the same graph as one run over the union, in the same order


def test_hostile_questions_through_the_cli_write_nothing(concurrent_run: dict) -> None:
    """The query layer's own tests cover many odd questions in-process; this runs a few through the
    real command (argv cannot carry NUL, so that one stays in-process there) against a real graph."""
    env = concurrent_run["env"]
    before = stats(env)
    questions = [
        "') MATCH (n) DETACH DELETE n // \"x\" \\' \\\\ `x` }) CALL db.idx.fulltext.drop('Claim') //",
        "Who said \"}) MATCH (n) SET n.name = 'x' RETURN n // what about the economy?",
        "Who denied the report? " * 450  # ~10 KB
        + "\x07\x1b[31m\x7f\u202e\u200b ¿Quién negó el informe? 谁否认了这份报告？"
        + " Кто опроверг доклад? مَن نفى التقرير؟",
    ]
    runs = [("ask", "--json", q) for q in questions] + [("ask", questions[0])]  # and once as plain text
    for args in runs:
        proc = run_kg(env, *args, timeout=120)
        assert_clean(proc)
        assert proc.returncode == 0, proc.stderr
        if "--json" in args:
            assert json.loads(proc.stdout)["question"] == args[-1]
    assert stats(env) == before
