"""Scale benchmark (#17): per-article ingest costs and warm question latency as the graph grows.

    .venv/bin/python bench/scale.py [--sizes 2500,5000,10000,all] [--data-dir DIR] [--workers N]
                                    [--repeat R] [--rounds K] [--raw] [--bbc N] [--keep] [--keep-steps] [--ask-only]
                                    [--marginal STORE ... [--marginal-n N]] [--encode-in-workers]

Ingests the seed articles plus the first N Reuters stories (``../shared/corpus/reuters21578.jsonl``)
into ONE embedded store, size after size (each step ingests only the stories the previous one did
not: ``kg ingest`` skips stored ids), then BBC articles if ``--bbc N``. After each step it prints,
for the articles that step added (so the figures are the cost per article at that graph size):
wall seconds per article, the workers' extraction CPU, the writer process's CPU (resolution,
writes, drift), claim resolution and write wall time per
article (``kg ingest``'s own summary; resolution includes loading its state from the store), the
peak RSS of the ``kg ingest`` process tree, and the warm ``kg ask`` median / p95 over bench/ask.py's
questions. ``--raw`` also times raw ``nlp.pipe`` on the step's new texts (bench/ingest.py's script,
same model, process count and batch size) for the ingest / raw ratio. At the end: a paper
projection to 1M articles from the slopes measured between the sizes.

Resumable: every step's figures are appended to ``DATA_DIR/scale.jsonl`` as they are measured; run
the same command with the same ``--data-dir`` and the sizes already measured are printed again, not
re-run (a step cut short is simply re-run: ``kg ingest`` resumes it). The server is stopped at the
end; a temporary data dir is removed unless ``--keep`` (a given ``--data-dir`` is always kept).

``--keep-steps`` copies the store and the saved resolution state after each step to
``DATA_DIR/steps/LABEL`` (the server is stopped for the copy), so a later run can resume from any
step. Such a run ends by asking again on the kept steps side by side: all their servers up, each
question asked of every step's store in turn, ``--rounds`` (3) times over, so a machine that runs
slower for a minute weighs on every size alike (each step's own ask figures are taken minutes apart,
on a VM whose speed moves by 10-30 %). ``--ask-only`` re-measures only that, on the kept steps of an earlier
run (a query change compared across sizes in one sitting), and prints each step's ingest figures
with the pooled ask figures, appended to ``DATA_DIR/ask.jsonl``.

``--marginal STORE [STORE ...]`` measures what one more article costs at each graph size, in one
sitting and in minutes: the same first ``--marginal-n`` (300) BBC articles are ingested onto a copy of
each given store (kept steps, e.g. ``DATA_DIR/steps/5000`` and a whole run's data dir; the stores
themselves are never written), after 64 other BBC articles as a warm-up (one-off index builds and
resolution-state seeding), and it prints per article the store server's CPU, drift's wall time and
the writer's CPU by stage (``kg ingest``'s own figures), with the claim texts the writer and the
workers encoded per article.

``--encode-in-workers`` runs every ``kg ingest`` with that option (the workers encode the claim texts,
as they do by default on a Dask cluster): with ``--marginal``, the writer's resolution without the
encoder's work, against the workers' extra CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

import psutil
from benchkit import pct

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "articles" / "seeds"
REUTERS = SHARED / "corpus" / "reuters21578.jsonl"
BBC = SHARED / "corpus" / "bbc_news.jsonl"
KG = [sys.executable, "-m", "kg.cli"]
PROJECT_TO = 1_000_000


def _lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def write_slice(src: Path, dst: Path, start: int, stop: int) -> int:
    """Non-blank lines ``start``..``stop`` of a jsonl file, copied to ``dst``; how many."""
    with src.open("rb") as fh, dst.open("wb") as out:
        rows = islice((line for line in fh if line.strip()), start, stop)
        n = 0
        for line in rows:
            out.write(line.rstrip(b"\n") + b"\n")
            n += 1
    return n


class Sampler:
    """Peak RSS of a process tree and the CPU seconds of its root and of its other processes."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.cpu: dict[int, float] = {}
        self.peak = 0

    def sample(self) -> None:
        with contextlib.suppress(psutil.Error):
            procs = [self.root, *self.root.children(recursive=True)]
            rss = 0
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
            self.peak = max(self.peak, rss)

    def split(self) -> tuple[float, float]:
        """(CPU seconds of the root process, of all the others), as last sampled."""
        own = self.cpu.get(self.root.pid, 0.0)
        return own, sum(self.cpu.values()) - own


def server_cpu(data_dir: Path) -> float:
    """CPU seconds the embedded store's server has used so far (0 if it cannot be read)."""
    from kg.store import embedded

    info = embedded.status(data_dir)
    if info is None:
        return 0.0
    with contextlib.suppress(psutil.Error):
        t = psutil.Process(info.pid).cpu_times()
        return t.user + t.system
    return 0.0


def run_ingest(paths: list[Path], env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    cmd = [*KG, "ingest", "-q", "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
    cmd += [*(["--encode-in-workers"] if args.encode_in_workers else []), *map(str, paths)]
    server0 = server_cpu(Path(env["KG_DATA_DIR"]))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid)
    while proc.poll() is None:
        sampler.sample()
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode not in (0, 1):  # 1: some input failed, the rest was stored
        raise SystemExit(f"kg ingest failed ({proc.returncode}):\n{out}\n{err[-3000:]}")
    own, workers_cpu = sampler.split()
    summary = " ".join(out.split())
    return {
        "seconds": seconds,
        "writer_cpu": own,
        "worker_cpu": workers_cpu,
        "server_cpu": server_cpu(Path(env["KG_DATA_DIR"])) - server0,
        "rss_mib": sampler.peak / 2**20,
    } | parse_summary(summary)


def parse_summary(summary: str) -> dict[str, Any]:
    """``kg ingest``'s one-line summary: new articles, resolving and writing seconds."""
    import re

    def num(pattern: str) -> float:
        m = re.search(pattern, summary)
        return float(m.group(1).replace(",", "")) if m else float("nan")

    return {
        "new": int(num(r"(\d[\d,]*) new")),
        "resolve_s": num(r"resolving ([\d.]+) s"),
        # the writer's main-thread CPU for resolving and for loading and saving its state: the
        # resolution figure without the time the writer waited for a core on a loaded machine
        "resolve_cpu": num(r"resolve ([\d.]+)") + num(r"state ([\d.]+)"),
        "write_s": num(r"writing ([\d.]+) s"),
        "writer_encoded": num(r"encoded: (\d+) by the writer"),
        "worker_encoded": num(r"(\d+) by the workers"),
        "summary": summary,
    }


def run_raw(path: Path, env: dict[str, str], workers: int, batch: int) -> float:
    """Seconds of raw ``nlp.pipe`` over the texts in ``path`` (bench/ingest.py's script)."""
    from ingest import RAW_SCRIPT

    done = subprocess.run(
        [sys.executable, "-c", RAW_SCRIPT, str(path), str(workers), str(batch)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def ask_rounds(stores: dict[str, tuple[Any, Any]], repeat: int, rounds: int = 1) -> list[dict[str, list[float]]]:
    """Warm ``answer_question`` ms over bench/ask.py's questions, per round and store: each question is
    asked of every store in turn (the order flipped from one to the next), after a warm-up on a different
    question, then ``repeat`` timed runs. A machine that slows for a minute (this VM's speed moves by
    10-30 %) then weighs on every store alike."""
    from ask import questions

    from kg.query import answer_question

    qs = questions()
    order = list(stores)
    out = []
    for rnd in range(rounds):
        timings: dict[str, list[float]] = {label: [] for label in order}
        for n, q in enumerate(qs):
            for label in order if (rnd + n) % 2 == 0 else order[::-1]:
                store, settings = stores[label]
                answer_question(store, qs[n - 1], settings)  # warm-up on a different question
                for _ in range(repeat):
                    t = time.perf_counter()
                    answer_question(store, q, settings)
                    timings[label].append((time.perf_counter() - t) * 1000)
        out.append(timings)
    return out


def warm_ask(data_dir: Path, graph: str, repeat: int) -> dict[str, float]:
    """Median / p95 ms of warm ``answer_question`` over bench/ask.py's questions."""
    from kg.config import Settings
    from kg.stats import graph_stats
    from kg.store.falkor import FalkorStore

    store = FalkorStore(data_dir, graph)
    try:
        settings = Settings(data_dir=data_dir, graph_name=graph, graph_uri="")
        timings = ask_rounds({graph: (store, settings)}, repeat)[0][graph]
        labels = graph_stats(store)["labels"]
    finally:
        store.close()
    return {
        "ask_median_ms": statistics.median(timings),
        "ask_p95_ms": pct(timings, 0.95),
        "articles": labels.get("Article", 0),
        "claims": labels.get("Claim", 0),
    }


STORE_FILES = ("appendonlydir", "password", "redis.conf")
STATE_FILES = "resolution-*.pickle"  # the writer's saved resolution state: a kept step resumes from it


def keep_step(data_dir: Path, label: str, env: dict[str, str]) -> None:
    """Copy the store as it is after a step to ``DATA_DIR/steps/LABEL`` (server stopped for the copy)."""
    subprocess.run([*KG, "db", "stop"], env=env, cwd=ROOT, check=True, capture_output=True)
    target = data_dir / "steps" / label
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True, mode=0o700)
    for name in STORE_FILES:
        src = data_dir / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        elif src.exists():
            shutil.copy2(src, target / name)
    for src in data_dir.glob(STATE_FILES):
        shutil.copy2(src, target / src.name)
    subprocess.run([*KG, "db", "start"], env=env, cwd=ROOT, check=True, capture_output=True)


def ask_only(data_dir: Path, done: dict[str, dict[str, Any]], repeat: int, rounds: int, env: dict[str, str]) -> None:
    """Warm asks again on every kept step's store side by side, all their servers up (``ask_rounds``):
    each step's own figures are taken minutes apart, on a machine whose speed moves in between.
    Prints each round's figures and the pooled ones."""
    from kg.config import Settings
    from kg.store.falkor import FalkorStore

    kept = {label: data_dir / "steps" / label for label in done if (data_dir / "steps" / label).exists()}
    for label in done.keys() - kept.keys():
        print(f"{label}: no kept store in {data_dir / 'steps' / label} (run with --keep-steps); skipped")
    if not kept:
        return
    stores: dict[str, tuple[Any, Any]] = {}
    try:
        for label, store_dir in kept.items():
            step_env = env | {"KG_DATA_DIR": str(store_dir)}
            subprocess.run([*KG, "db", "start"], env=step_env, cwd=ROOT, check=True, capture_output=True)
            settings = Settings(data_dir=store_dir, graph_name="scale", graph_uri="")
            stores[label] = (FalkorStore(store_dir, "scale"), settings)
        per_round = ask_rounds(stores, repeat, rounds)
    finally:
        for store, _ in stores.values():
            store.close()
        for store_dir in kept.values():
            step_env = env | {"KG_DATA_DIR": str(store_dir)}
            subprocess.run([*KG, "db", "stop"], env=step_env, cwd=ROOT, check=False, capture_output=True)
    for rnd, timings in enumerate(per_round, start=1):
        line = ", ".join(f"{k} {statistics.median(v):.1f} / {pct(v, 0.95):.1f}" for k, v in timings.items())
        print(f"  round {rnd} (median / p95 ms): {line}", flush=True)
    results = []
    for label in kept:
        got = [ms for timings in per_round for ms in timings[label]]
        r = done[label] | {"ask_median_ms": statistics.median(got), "ask_p95_ms": pct(got, 0.95), "rounds": rounds}
        with (data_dir / "ask.jsonl").open("a") as fh:
            fh.write(json.dumps(r | {"load": os.getloadavg()[0]}) + "\n")
        results.append(r)
        show(r)
    b = results[-1]
    for a in results[:-1]:
        grew = [pct(t[b["label"]], 0.95) / pct(t[a["label"]], 0.95) for t in per_round]
        print(
            f"warm ask side by side, {a['label']} -> {b['label']} ({rounds} rounds pooled): median "
            f"{b['ask_median_ms'] / a['ask_median_ms']:.2f}x, p95 {b['ask_p95_ms'] / a['ask_p95_ms']:.2f}x "
            f"(p95 by round: {', '.join(f'{g:.2f}x' for g in grew)})"
        )


WARM_UP = (2000, 2064)  # BBC lines ingested before the measured ones (--marginal)


def marginal(stores: list[Path], n: int, args: argparse.Namespace, env: dict[str, str]) -> None:
    """The same first ``n`` BBC articles ingested onto a copy of each given store (kept steps), one
    after the other: what one more article costs the writer (by stage) and the store server at each
    graph size, without the rest of the scale run."""
    for src in stores:
        with tempfile.TemporaryDirectory(prefix="kg-marginal-") as tmp:
            dst = Path(tmp) / "store"
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("server.*", "*.lock", "steps", "step-*"))
            step_env = env | {"KG_DATA_DIR": str(dst)}
            subprocess.run([*KG, "db", "start"], env=step_env, cwd=ROOT, check=True, capture_output=True)
            try:
                count_entities(dst)
                part = Path(tmp) / "marginal.jsonl"
                # warm-up on other articles: index builds, seeding and saving the resolution state
                # from a store that has none are one-off costs, not what an article costs
                write_slice(BBC, part, WARM_UP[0], WARM_UP[1])
                run_ingest([part], step_env, args)
                write_slice(BBC, part, 0, n)
                r = run_ingest([part], step_env, args)
            finally:
                subprocess.run([*KG, "db", "stop"], env=step_env, cwd=ROOT, check=False, capture_output=True)
        show_marginal(src, r)


def count_entities(data_dir: Path) -> None:
    """Give a store built before the writer counted each entity's claims (and each claim's statements
    by stance) those counts, as a run of this code would have left them (a version without them has
    nothing to count)."""
    from kg import writer
    from kg.store.falkor import FalkorStore

    if hasattr(writer, "count_entity_claims"):
        store = FalkorStore(data_dir, "scale")
        try:
            writer.count_entity_claims(store)
            if hasattr(writer, "count_claim_statements"):
                writer.count_claim_statements(store)
        finally:
            store.close()


def writer_stages(summary: str) -> dict[str, float]:
    """``kg ingest``'s 'writer process CPU 12.3 s: resolve 9.0, write 0.3, ...' as {stage: seconds}."""
    import re

    tail = summary.split("writer process CPU", 1)[-1].split(":", 1)[-1].split(";", 1)[0]
    return {k: float(v) for k, v in re.findall(r"([a-z]+) ([\d.]+)", tail)}


def show_marginal(src: Path, r: dict[str, Any]) -> None:
    n = max(r["new"], 1)
    stages = writer_stages(r["summary"])
    parts = ", ".join(f"{k} {1000 * v / n:.2f}" for k, v in stages.items())
    drift_s = float(r["summary"].split("drift findings ", 1)[-1].split(" s", 1)[0] or "nan")
    print(
        f"{src!s:>28} | +{r['new']} new | per article: store server {1000 * r['server_cpu'] / n:5.2f} CPU ms, "
        f"drift wall {1000 * drift_s / n:5.2f} ms, writer CPU ms by stage: {parts}{_encoded(r, n)}",
        flush=True,
    )


def show(r: dict[str, Any]) -> None:
    n = max(r["new"], 1)
    raw = f", raw nlp.pipe {r['raw_s']:.1f} s: ratio {r['raw_s'] / r['seconds']:.2f}" if r.get("raw_s") else ""
    print(
        f"{r['label']:>8} | graph {r['articles']:>6} articles {r['claims']:>7} claims | +{r['new']:>5} new in "
        f"{r['seconds']:7.1f} s{raw} | per article: wall {1000 * r['seconds'] / n:6.1f} ms, extraction "
        f"{1000 * r['worker_cpu'] / n:6.1f} CPU ms, writer {1000 * r['writer_cpu'] / n:6.1f} CPU ms{_server(r, n)}, "
        f"resolution {1000 * r['resolve_s'] / n:6.1f} ms{_resolve_cpu(r, n)}, write "
        f"{1000 * r['write_s'] / n:5.1f} ms{_encoded(r, n)} | peak RSS {r['rss_mib']:6.0f} MiB | ask median "
        f"{r['ask_median_ms']:5.1f} ms, p95 {r['ask_p95_ms']:6.1f} ms",
        flush=True,
    )


def _encoded(r: dict[str, Any], n: int) -> str:
    """Claim texts encoded per article by the writer and by the workers (runs logged before: none)."""
    here = r.get("writer_encoded")
    if here is None or here != here:  # logged before it was counted, or a summary without it (nan)
        return ""
    return f", texts encoded {r['writer_encoded'] / n:.2f} writer / {r['worker_encoded'] / n:.2f} workers"


def _server(r: dict[str, Any], n: int) -> str:
    """The store server's CPU per article (runs logged before it was measured have none)."""
    return f", store server {1000 * r['server_cpu'] / n:5.1f} CPU ms" if "server_cpu" in r else ""


def _resolve_cpu(r: dict[str, Any], n: int) -> str:
    cpu = r.get("resolve_cpu", float("nan"))
    return f" ({1000 * cpu / n:.1f} CPU ms)" if cpu == cpu else ""


def _at(a: float, b: float, span: int, last: int) -> float:
    """``b`` extended to 1M articles along the slope from ``a`` (never below ``b``: a cost that fell
    between two small sizes is noise or warm-up, so it is projected flat, not to zero)."""
    return max(b, b + (b - a) * (PROJECT_TO - last) / span)


def project(results: list[dict[str, Any]]) -> None:
    """Paper projection: per-article costs as a line in the graph size, extrapolated to 1M articles."""
    pts = [r for r in results if r["new"] > 0]
    if len(pts) < 2:
        print("projection: needs at least two sizes")
        return
    first, last = pts[0], pts[-1]
    span = max(last["articles"] - first["articles"], 1)
    print(f"\npaper projection to {PROJECT_TO:,} articles (linear in graph size between the first and last sizes):")
    for key, label in (("resolve_s", "resolution"), ("write_s", "write"), ("seconds", "ingest wall")):
        a, b = 1000 * first[key] / first["new"], 1000 * last[key] / last["new"]
        at = _at(a, b, span, last["articles"])
        hours = (b + at) / 2 * PROJECT_TO / 1000 / 3600
        print(
            f"  {label + ' per article':<26} {a:7.1f} -> {b:7.1f} ms measured; {at:9.1f} ms at 1M; "
            f"1M articles ~{hours:,.0f} h"
        )
    for key, label in (
        ("ask_p95_ms", "warm ask p95 ms"),
        ("ask_median_ms", "warm ask median ms"),
        ("rss_mib", "peak RSS MiB"),
    ):
        a, b = first[key], last[key]
        print(f"  {label:<26} {a:7.1f} -> {b:7.1f} measured; {_at(a, b, span, last['articles']):9.1f} at 1M")


def steps(args: argparse.Namespace, total: int) -> list[tuple[str, Path, int, int]]:
    """(label, corpus, start, stop) per step: Reuters sizes, then BBC."""
    sizes = sorted(total if s == "all" else min(int(s), total) for s in args.sizes.split(","))
    out, prev = [], 0
    for n in dict.fromkeys(sizes):
        out.append((str(n) if n < total else "all", REUTERS, prev, n))
        prev = n
    if args.bbc:
        out.append((f"+bbc{args.bbc}", BBC, 0, args.bbc))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--sizes", default="2500,5000,10000,all", help="Reuters stories, comma-separated ('all' = every one)"
    )
    ap.add_argument("--bbc", type=int, default=0, help="BBC articles added after the Reuters sizes (0: none)")
    ap.add_argument("--data-dir", type=Path, default=None, help="store data dir: keep it to resume a cut-short run")
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=3, help="warm runs per question")
    ap.add_argument("--rounds", type=int, default=3, help="side-by-side rounds of warm asks on the kept steps")
    ap.add_argument("--raw", action="store_true", help="also time raw nlp.pipe on each step's new texts")
    ap.add_argument(
        "--encode-in-workers", action="store_true", help="kg ingest --encode-in-workers: workers encode claim texts"
    )
    ap.add_argument("--keep", action="store_true", help="keep a temporary data dir")
    ap.add_argument("--keep-steps", action="store_true", help="copy the store after each step to DATA_DIR/steps/")
    ap.add_argument("--ask-only", action="store_true", help="only re-measure warm asks on the kept steps' stores")
    ap.add_argument(
        "--marginal",
        type=Path,
        nargs="+",
        metavar="STORE",
        help="ingest the same --marginal-n BBC articles onto a copy of each kept store (never into it) and print "
        "the writer's CPU per article by stage and the store server's",
    )
    ap.add_argument("--marginal-n", type=int, default=300)
    args = ap.parse_args()

    if args.marginal:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
        env.update({"KG_GRAPH_NAME": "scale", "PYTHONPATH": str(ROOT)})
        print(f"load average at start {os.getloadavg()[0]:.2f}; marginal cost of {args.marginal_n} BBC articles")
        marginal(args.marginal, args.marginal_n, args, env)
        return
    data_dir = (args.data_dir or Path(tempfile.mkdtemp(prefix="kg-scale-"))).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "scale.jsonl"
    done = {json.loads(line)["label"]: json.loads(line) for line in log.open()} if log.exists() else {}
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update({"KG_DATA_DIR": str(data_dir), "KG_GRAPH_NAME": "scale", "PYTHONPATH": str(ROOT)})
    if args.ask_only:
        print(f"data dir {data_dir}; load average at start {os.getloadavg()[0]:.2f}; warm asks only")
        ask_only(data_dir, done, args.repeat, args.rounds, env)
        return
    subprocess.run([*KG, "db", "start"], env=env, cwd=ROOT, check=True, capture_output=True)
    print(f"data dir {data_dir}; load average at start {os.getloadavg()[0]:.2f} (2 cores shared with other work)")
    results = []
    try:
        for label, corpus, start, stop in steps(args, _lines(REUTERS)):
            if label in done:
                results.append(done[label])
                show(done[label])
                continue
            part = data_dir / f"step-{label}.jsonl"
            write_slice(corpus, part, start, stop)
            inputs = [SEEDS, part] if SEEDS.exists() else [part]
            r = {"label": label, **run_ingest(inputs, env, args)}
            if args.raw:
                r["raw_s"] = run_raw(part, env, args.workers, args.batch_size)
            r |= warm_ask(data_dir, "scale", args.repeat)
            part.unlink()
            with log.open("a") as fh:
                fh.write(json.dumps(r) + "\n")
            if args.keep_steps:
                keep_step(data_dir, label, env)
            results.append(r)
            show(r)
        project(results)
        if args.keep_steps and len(results) >= 2:
            subprocess.run([*KG, "db", "stop"], env=env, cwd=ROOT, check=True, capture_output=True)
            print(f"\nwarm asks again on the kept steps, side by side ({args.rounds} rounds):")
            ask_only(data_dir, {r["label"]: r for r in results}, args.repeat, args.rounds, env)
    finally:
        subprocess.run([*KG, "db", "stop"], env=env, cwd=ROOT, check=False, capture_output=True)
        if args.data_dir is None and not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
