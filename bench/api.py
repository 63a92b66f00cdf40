"""HTTP API latency under concurrent clients, next to in-process timings of the same calls.

    .venv/bin/python bench/api.py [--limit N] [--clients C] [--seconds S] [--data-dir DIR] [--keep]

Ingests the seed articles plus the first ``--limit`` Reuters-21578 stories (10,000 by default)
into an embedded store under /tmp (skipped for what a reused ``--data-dir`` already holds), then:

1. in process, sequentially: ``answer_question`` for every question of the ``tests/query`` set
   (warm-up run, then ``--repeat`` timed runs) and ``browse.list_claims`` for a set of filters;
2. in process, ``--clients`` threads calling the same functions for ``--seconds``;
3. a real ``kg serve`` (uvicorn) and ``--clients`` httpx clients posting ``/ask`` with the same
   questions, then getting ``/claims`` with the same filters, for ``--seconds`` each.

Prints requests/s, p50 and p95 latency and errors for each, and the ratios of the API's figures
to the in-process ones at the same concurrency and to the sequential ones.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from benchkit import pct, release_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.exists()), ROOT.parent / "shared")
SEEDS = SHARED / "articles" / "seeds"
REUTERS = SHARED / "corpus" / "reuters21578.jsonl"
GRAPH = "bench_api"


@dataclass
class Run:
    name: str
    latencies: list[float] = field(default_factory=list)  # ms
    errors: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        n = len(self.latencies)
        rps = n / self.seconds if self.seconds else float("nan")
        return (
            f"{self.name:<38}{n:>7}{rps:>9.1f}{statistics.median(self.latencies) if n else float('nan'):>9.1f}"
            f"{pct(self.latencies, 0.95):>9.1f}{self.errors:>7}"
        )


def concurrent(name: str, clients: int, seconds: float, call: Callable[[int, int], bool]) -> Run:
    """``clients`` threads calling ``call(client, i)`` for ``seconds``; False or an exception is an error."""
    run = Run(name)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(client: int) -> None:
        i = client
        while time.monotonic() < stop_at:
            t = time.perf_counter()
            try:
                ok = call(client, i)
            except Exception:
                ok = False
            ms = (time.perf_counter() - t) * 1000
            with lock:
                run.latencies.append(ms)
                run.errors += not ok
            i += clients

    threads = [threading.Thread(target=worker, args=(c,)) for c in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.seconds = time.monotonic() - started
    return run


def sequential(name: str, calls: list[Callable[[], Any]], repeat: int) -> Run:
    run = Run(name)
    for call in calls:
        call()  # warm-up
    started = time.monotonic()
    for _ in range(repeat):
        for call in calls:
            t = time.perf_counter()
            call()
            run.latencies.append((time.perf_counter() - t) * 1000)
    run.seconds = time.monotonic() - started
    return run


def claim_filters(store: Any) -> list[dict[str, Any]]:
    from kg import browse

    top = browse.entity_options(store, limit=3)
    outlets = browse.outlet_options(store)[:1]
    filters: list[dict[str, Any]] = [{}, {"stance": "denies"}, {"hedged": True}, {"offset": 50}]
    filters += [{"entity": e.id} for e in top] + [{"outlet": o.id} for o in outlets]
    return filters


def list_claims(store: Any, f: dict[str, Any]) -> list[Any]:
    """What GET /claims runs: one page of claim rows, filtered and paged in the store, and the total."""
    from kg import browse

    filters = {k: f.get(k, "") for k in ("entity", "outlet", "stance")} | {"hedged": f.get("hedged")}
    browse.count_claims(store, **filters)
    return browse.list_claims(store, **filters, limit=50, skip=f.get("offset", 0))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update({"KG_DATA_DIR": str(data_dir), "KG_GRAPH_NAME": GRAPH, "PYTHONPATH": str(ROOT)})
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("kg serve did not start")


def ingest(store: Any, settings: Any, limit: int) -> None:
    from extraction.readers import read_paths
    from kg.ingest import ingest_articles
    from kg.stats import graph_stats

    t0 = time.perf_counter()
    seeds = list(read_paths([SEEDS]))
    items = seeds + list(islice(read_paths([REUTERS]), limit))
    report = ingest_articles(store, items, settings)
    print(
        f"ingest ({len(seeds)} seeds + {len(items) - len(seeds)} Reuters stories): {report.new} new, "
        f"{report.duplicate} already stored, {report.failed} failed in {time.perf_counter() - t0:.1f} s"
    )
    print("graph:", ", ".join(f"{k} {v}" for k, v in graph_stats(store)["labels"].items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=10_000, help="Reuters stories to ingest (default 10,000)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30.0, help="duration of each concurrent run")
    ap.add_argument("--repeat", type=int, default=3, help="sequential timed runs per call")
    ap.add_argument("--data-dir", type=Path, default=None, help="store data dir (reused if it holds the graph)")
    ap.add_argument("--keep", action="store_true", help="keep the server running and the data dir")
    args = ap.parse_args()

    import httpx
    from ask import questions

    from kg.config import Settings
    from kg.query import answer_question
    from kg.store.falkor import FalkorStore

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="claimgraph-bench-api-"))
    settings = Settings(data_dir=data_dir, graph_name=GRAPH, graph_uri="")
    store = FalkorStore(data_dir, GRAPH)
    proc = None
    try:
        store.ensure_schema()
        ingest(store, settings, args.limit)
        qs = questions()
        filters = claim_filters(store)
        print(f"{len(qs)} questions, {len(filters)} claim filters, {args.clients} clients, {args.seconds:g} s per run")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared with other work)\n")

        runs = [
            sequential(
                "ask: in process, sequential",
                [lambda q=q: answer_question(store, q, settings) for q in qs],
                args.repeat,
            ),
            concurrent(
                f"ask: in process, {args.clients} threads",
                args.clients,
                args.seconds,
                lambda c, i: bool(answer_question(store, qs[i % len(qs)], settings).intent),
            ),
        ]
        proc, base = start_server(data_dir)
        http = [httpx.Client(base_url=base, timeout=60) for _ in range(args.clients)]
        for q in qs:  # warm the server like the in-process runs were warmed
            http[0].post("/ask", json={"question": q})
        runs.append(
            concurrent(
                f"ask: POST /ask, {args.clients} clients",
                args.clients,
                args.seconds,
                lambda c, i: http[c].post("/ask", json={"question": qs[i % len(qs)]}).status_code == 200,
            )
        )
        runs.append(
            sequential(
                "claims: in process, sequential", [lambda f=f: list_claims(store, f) for f in filters], args.repeat
            )
        )
        runs.append(
            concurrent(
                f"claims: in process, {args.clients} threads",
                args.clients,
                args.seconds,
                lambda c, i: list_claims(store, filters[i % len(filters)]) is not None,
            )
        )
        for f in filters:
            http[0].get("/claims", params={**f, "limit": 50})
        runs.append(
            concurrent(
                f"claims: GET /claims, {args.clients} clients",
                args.clients,
                args.seconds,
                lambda c, i: (
                    http[c].get("/claims", params={**filters[i % len(filters)], "limit": 50}).status_code == 200
                ),
            )
        )
        print(f"{'run':<38}{'calls':>7}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>7}")
        for r in runs:
            print(r.line())
        for kind, (seq, inproc, api) in {"ask": runs[0:3], "claims": runs[3:6]}.items():
            print(
                f"{kind}: API p95 / in-process p95 at the same concurrency = "
                f"{pct(api.latencies, 0.95) / pct(inproc.latencies, 0.95):.2f}; "
                f"API p95 / sequential in-process p95 = {pct(api.latencies, 0.95) / pct(seq.latencies, 0.95):.2f}"
            )
        for client in http:
            client.close()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
        release_store(store, data_dir, args.keep, args.data_dir)


if __name__ == "__main__":
    main()
