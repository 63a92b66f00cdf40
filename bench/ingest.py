"""Bulk-ingestion benchmark: ``kg ingest`` end to end against raw ``nlp.pipe``, from one run.

Prints, for the BBC corpus (or ``--limit N`` of it):

* end-to-end ``kg ingest`` articles/s and tokens/s into a fresh embedded store (fresh
  ``KG_DATA_DIR`` under /tmp; the server is started first, so its start-up is not counted);
* raw ``nlp.pipe`` throughput of the same spaCy model on the same texts with the same process
  count and batch size (the limit for a design that parses everything), and the ratio, by wall
  time and by CPU seconds (process, workers and store server: less sensitive to other load);
* ``--numpy-raw``: raw ``nlp.pipe`` once more per run with numpy's matrix products, as ``kg
  ingest``'s pipeline multiplies (``extraction/fast_gemm.py``), and the ratio to it: ClaimGraph's
  own overhead over the parse it runs (the gate's baseline stays spaCy as installed);
* ``--runs N`` repeats the raw / ingest / raw triple N times (each ingest into a fresh graph) and
  prints every run and the medians: the figures to quote;
* peak RSS of the ingest process tree (parent + spaCy workers, sampled every 0.1 s);
* the time to ingest the same corpus again (all duplicates), as a share of the first;
* peak RSS when the corpus is repeated 10 times in one input (all but the first copy are
  duplicates), and when ``--distinct N`` articles are repeated 10 times as new articles
  (each copy gets a marker line, so 10 x N articles are parsed and written).

Usage: ``.venv/bin/python bench/ingest.py [--corpus FILE] [--limit N] [--runs N] [--workers N] [--distinct N]
[--no-memory] [--numpy-raw]``.
The embedded server it starts is stopped at the end and its data dir removed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from kg.store import embedded

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc_news.jsonl"
KG = [sys.executable, "-m", "kg.cli"]

RAW_SCRIPT = r"""
import json, sys, time
from kg.config import get_settings
import importlib, spacy
model = get_settings().spacy_model
try:
    nlp = importlib.import_module(model).load()
except ImportError:
    nlp = spacy.load(model)
path, n_process, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if sys.argv[4:] == ["numpy"]:  # the matrix products kg ingest's pipeline uses (extraction/fast_gemm.py)
    from extraction.fast_gemm import use_numpy_gemm
    use_numpy_gemm(nlp)
texts = []
with open(path, "rb") as fh:
    for line in fh:
        if line.strip():
            texts.append(json.loads(line)["text"])
import resource
def cpu():
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime
start, cpu0 = time.perf_counter(), cpu()
tokens = 0
for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch):
    tokens += len(doc)
seconds, cpu_s = time.perf_counter() - start, cpu() - cpu0
print(json.dumps({"docs": len(texts), "tokens": tokens, "seconds": seconds, "cpu": cpu_s, "pipes": nlp.pipe_names}))
"""


def tree_rss(proc: psutil.Process) -> tuple[int, int]:
    """(RSS of the process, RSS of the process and all its descendants), bytes."""
    try:
        own = proc.memory_info().rss
        total = own
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return own, total
    except psutil.Error:
        return 0, 0


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _server_cpu(data_dir: Path | None) -> float:
    """CPU seconds of the embedded FalkorDB server so far (its work is part of ingesting)."""
    info = embedded.status(data_dir) if data_dir else None
    if info is None:
        return 0.0
    t = psutil.Process(info.pid).cpu_times()
    return t.user + t.system


def run_measured(cmd: list[str], env: dict[str, str], data_dir: Path | None = None) -> dict[str, float]:
    """Run ``cmd``; wall seconds, CPU seconds (the process, its workers and the store server),
    peak RSS of the parent and of the whole tree (MiB)."""
    cpu0, server0 = _children_cpu(), _server_cpu(data_dir)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak_own = peak_tree = 0
    parent_cpu = 0.0
    while proc.poll() is None:
        own, tree = tree_rss(ps)
        peak_own, peak_tree = max(peak_own, own), max(peak_tree, tree)
        with contextlib.suppress(psutil.Error):
            t = ps.cpu_times()
            parent_cpu = t.user + t.system
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out}\n{err[-3000:]}")
    tree_cpu, server = _children_cpu() - cpu0, _server_cpu(data_dir) - server0
    return {
        "seconds": seconds,
        "cpu": tree_cpu + server,
        "cpu_parent": parent_cpu,  # last sample, up to 0.1 s before the end
        "cpu_workers": tree_cpu - parent_cpu,
        "cpu_server": server,
        "rss_parent": peak_own / 2**20,
        "rss_tree": peak_tree / 2**20,
        "out": out,
    }


def write_input(src: Path, dst: Path, limit: int | None, repeat: int = 1, distinct: bool = False) -> int:
    lines = []
    with src.open("rb") as fh:
        for line in fh:
            if line.strip():
                lines.append(line.rstrip(b"\n"))
            if limit and len(lines) >= limit:
                break
    with dst.open("wb") as out:
        for copy in range(repeat):
            for line in lines:
                if distinct and copy:
                    row = json.loads(line)
                    row["text"] = f"{row['text']}\n\n(Copy {copy} of this article.)"
                    line = json.dumps(row).encode()
                out.write(line + b"\n")
    return len(lines) * repeat


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--runs", type=int, default=3, help="raw / ingest / raw triples; medians are reported")
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--distinct", type=int, default=30, help="articles for the 10x-new-articles RSS run (0: skip)")
    ap.add_argument("--no-memory", action="store_true", help="skip the repeated-input RSS runs")
    ap.add_argument("--no-raw", action="store_true", help="time kg ingest only (its CPU split), no raw nlp.pipe runs")
    ap.add_argument(
        "--numpy-raw",
        action="store_true",
        help="also time raw nlp.pipe with numpy's matrix products (as kg ingest's pipeline does): its overhead",
    )
    return ap.parse_args()


# stands in for raw nlp.pipe with --no-raw (its ratios are then meaningless and not printed)
NO_RAW: dict[str, Any] = {"docs": 0, "tokens": 0, "seconds": float("nan"), "cpu": float("nan"), "pipes": []}


def _mean_raw(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Raw runs before and after an ingest, averaged, so load from other work hits both alike."""
    return {**after, "seconds": (before["seconds"] + after["seconds"]) / 2, "cpu": (before["cpu"] + after["cpu"]) / 2}


def _timed_runs(args: argparse.Namespace, tmp: Path, env: dict[str, str]) -> dict[str, Any]:
    corpus = tmp / "corpus.jsonl"
    n = write_input(args.corpus, corpus, args.limit)
    subprocess.run([*KG, "db", "start"], env=env, cwd=ROOT, check=True, capture_output=True)
    ingest_cmd = [*KG, "ingest", "-q", "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
    raw_cmd = [sys.executable, "-c", RAW_SCRIPT, str(corpus), str(args.workers), str(args.batch_size)]
    data_dir = Path(env["KG_DATA_DIR"])

    def run_raw(*extra: str) -> dict[str, Any]:
        # one BLAS thread per process, as in kg ingest's workers (only numpy's products use it)
        raw_env = {**env, "OPENBLAS_NUM_THREADS": "1"} if extra else env
        done = subprocess.run([*raw_cmd, *extra], env=raw_env, cwd=ROOT, capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    runs = []
    for i in range(args.runs):
        before = NO_RAW if args.no_raw else run_raw()
        first = run_measured([*ingest_cmd, str(corpus)], {**env, "KG_GRAPH_NAME": f"bench_{i}"}, data_dir)
        raw = _mean_raw(before, NO_RAW if args.no_raw else run_raw())
        run = {
            "first": first,
            "raw": raw,
            "ratio": raw["seconds"] / first["seconds"],
            "cpu_ratio": raw["cpu"] / first["cpu"],
        }
        if args.numpy_raw:
            fast = run["numpy_raw"] = run_raw("numpy")
            run["numpy_ratio"], run["numpy_cpu_ratio"] = fast["seconds"] / first["seconds"], fast["cpu"] / first["cpu"]
        runs.append(run)
    again = run_measured([*ingest_cmd, str(corpus)], {**env, "KG_GRAPH_NAME": "bench_0"}, data_dir)
    memory = None
    if not args.no_memory:
        repeated = tmp / "repeated.jsonl"
        write_input(args.corpus, repeated, args.limit, args.repeat)
        memory = {"rep": run_measured([*ingest_cmd, str(repeated)], {**env, "KG_GRAPH_NAME": "bench_repeat"})}
        if args.distinct:
            one, many = tmp / "distinct1.jsonl", tmp / "distinct10.jsonl"
            write_input(args.corpus, one, args.distinct)
            write_input(args.corpus, many, args.distinct, args.repeat, distinct=True)
            memory["d1"] = run_measured([*ingest_cmd, str(one)], {**env, "KG_GRAPH_NAME": "bench_d1"})
            memory["d10"] = run_measured([*ingest_cmd, str(many)], {**env, "KG_GRAPH_NAME": "bench_d10"})
    return {"n": n, "runs": runs, "again": again, "memory": memory}


def _report(args: argparse.Namespace, res: dict[str, Any], load: tuple[float, float, float]) -> None:
    n, runs = res["n"], res["runs"]
    median_run = sorted(runs, key=lambda r: r["ratio"])[(len(runs) - 1) // 2]
    first, raw = median_run["first"], median_run["raw"]
    ingest_aps, raw_aps = n / first["seconds"], raw["docs"] / raw["seconds"]
    print(
        f"corpus: {args.corpus.name}, {n} articles, {raw['tokens']:,} tokens; workers={args.workers}, "
        f"batch={args.batch_size}; model pipes: {', '.join(raw['pipes'])}"
    )
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores shared with other work)")
    for i, r in enumerate(runs, start=1):
        print(
            f"run {i}: ingest {r['first']['seconds']:.1f} s ({r['first']['cpu']:.1f} CPU s), "
            f"raw {r['raw']['seconds']:.1f} s ({r['raw']['cpu']:.1f} CPU s): "
            f"ratio {r['ratio']:.2f}, CPU ratio {r['cpu_ratio']:.2f}"
        )
    if args.numpy_raw:
        fast = median_run["numpy_raw"]
        print(
            f"raw nlp.pipe with numpy's matrix products (as kg ingest's pipeline): {fast['seconds']:.1f} s "
            f"({fast['cpu']:.1f} CPU s); ratio ingest / that: {median_run['numpy_ratio']:.2f} wall, "
            f"{median_run['numpy_cpu_ratio']:.2f} CPU (ClaimGraph's overhead over the parse it runs)"
        )
    print(
        f"median of {len(runs)} runs, ratio ingest / raw:     "
        f"{statistics.median(r['ratio'] for r in runs):.2f}   (target >= 0.8)"
    )
    print(
        f"median of {len(runs)} runs, CPU ratio raw / ingest: {statistics.median(r['cpu_ratio'] for r in runs):.2f}   "
        "(CPU seconds of process, workers and store server; less sensitive to other load)"
    )
    print("the median run in detail (by wall ratio):")
    print(
        f"kg ingest (fresh store):  {first['seconds']:8.1f} s  {ingest_aps:7.2f} articles/s  "
        f"{raw['tokens'] / first['seconds']:9.0f} tokens/s  (end to end: start-up, model load, writes)"
    )
    print(
        f"raw nlp.pipe:             {raw['seconds']:8.1f} s  {raw_aps:7.2f} articles/s  "
        f"{raw['tokens'] / raw['seconds']:9.0f} tokens/s  (parse loop only; mean of the runs before and after)"
    )
    print(
        f"ingest CPU seconds:       parent (writer) {first['cpu_parent']:.1f}, workers {first['cpu_workers']:.1f}, "
        f"store server {first['cpu_server']:.1f} (total {first['cpu']:.1f})"
    )
    print("kg ingest said:           " + " ".join(first["out"].split()))
    print(f"peak RSS, ingest:         {first['rss_tree']:8.0f} MiB process tree, {first['rss_parent']:.0f} MiB parent")
    again = res["again"]
    print(
        f"re-ingest (duplicates):   {again['seconds']:8.1f} s  = {100 * again['seconds'] / first['seconds']:.1f} % "
        f"of the median run's first ingest (target <= 10 %)"
    )
    mem = res["memory"]
    if mem:
        rep = mem["rep"]
        print(
            f"corpus x{args.repeat} in one input:    {rep['seconds']:8.1f} s  peak RSS {rep['rss_tree']:.0f} MiB tree, "
            f"{rep['rss_parent']:.0f} MiB parent (x1: {first['rss_tree']:.0f} / {first['rss_parent']:.0f})"
        )
    if mem and "d1" in mem:
        d1, d10 = mem["d1"], mem["d10"]
        print(
            f"{args.distinct} new articles x1:        {d1['seconds']:8.1f} s  peak RSS {d1['rss_tree']:.0f} MiB tree, "
            f"{d1['rss_parent']:.0f} MiB parent"
        )
        print(
            f"{args.distinct} new articles x{args.repeat} (all new): {d10['seconds']:6.1f} s  peak RSS "
            f"{d10['rss_tree']:.0f} MiB tree, {d10['rss_parent']:.0f} MiB parent"
        )


def main() -> None:
    args = _args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update({"KG_DATA_DIR": str(tmp / "data"), "KG_GRAPH_NAME": "bench"})
    load = os.getloadavg()
    try:
        res = _timed_runs(args, tmp, env)
    finally:
        subprocess.run([*KG, "db", "stop"], env=env, cwd=ROOT, check=False, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    _report(args, res, load)


if __name__ == "__main__":
    main()
