"""What crash safety costs and how fast the embedded store comes back.

    .venv/bin/python bench/recovery.py [--nodes N] [--repeat R]

In a fresh data dir under /tmp (removed at the end), prints medians over R runs of:
* cold start of the embedded server and a clean stop (``kg db start`` / ``kg db stop``),
* the restart after ``kill -9`` of the server holding N nodes (replaying the append-only file),
* one write group of 10 UNWIND statements x 500 rows sent one by one vs all-or-nothing
  (``write_all``, one MULTI/EXEC), to show that atomic write groups cost nothing measurable.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.store import embedded  # noqa: E402
from kg.store.falkor import FalkorStore  # noqa: E402
from kg.writer import OUTLET_WRITE  # noqa: E402


def _rows(prefix: str, n: int) -> list[dict]:
    return [{"id": f"outlet:{prefix}{i}", "name": f"O {i}", "norm": f"o {i}", "aliases": []} for i in range(n)]


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="kg-bench-recovery-"))
    out: dict[str, list[float]] = {"cold start": [], "clean stop": [], "restart after kill -9": [], "one by one": []}
    out["write_all (atomic)"] = []
    try:
        for r in range(args.repeat):
            d = base / f"run{r}"
            out["cold start"].append(_timed(lambda d=d: embedded.start(d)))
            out["clean stop"].append(_timed(lambda d=d: embedded.stop(d)))
        d = base / "data"
        store = FalkorStore(d, "bench")
        store.ensure_schema()  # the Outlet.id index MERGE relies on
        store.write_rows(OUTLET_WRITE, _rows("n", args.nodes), 5000)
        store.close()
        for _ in range(args.repeat):
            os.kill(json.loads((d / "server.json").read_text())["pid"], signal.SIGKILL)
            time.sleep(0.2)

            def reopen() -> None:
                s = FalkorStore(d, "bench")
                assert s.query("MATCH (o:Outlet) RETURN count(o) AS c")[0]["c"] == args.nodes
                s.close()

            out["restart after kill -9"].append(_timed(reopen))
        store = FalkorStore(d, "group")
        store.ensure_schema()
        for r in range(args.repeat):
            writes = [(OUTLET_WRITE, {"rows": _rows(f"a{r}_{k}_", 500)}) for k in range(10)]
            out["one by one"].append(_timed(lambda w=writes: [store.write(s, p) for s, p in w]))
            writes = [(OUTLET_WRITE, {"rows": _rows(f"b{r}_{k}_", 500)}) for k in range(10)]
            out["write_all (atomic)"].append(_timed(lambda w=writes: store.write_all(w)))
        store.close()
        embedded.stop(d)
    finally:
        for p in base.iterdir():
            embedded.stop(p)
        shutil.rmtree(base, ignore_errors=True)
    print(f"embedded store, {args.repeat} runs each (medians):")
    for name, values in out.items():
        extra = f" ({args.nodes:,} nodes)" if name == "restart after kill -9" else ""
        extra = " (10 x 500-row UNWIND MERGE)" if name in ("one by one", "write_all (atomic)") else extra
        print(f"  {name:<24} {statistics.median(values) * 1000:8.1f} ms{extra}")


if __name__ == "__main__":
    main()
