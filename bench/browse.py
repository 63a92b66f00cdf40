"""Latency of the app's read models (kg.browse) on the seeds plus N BBC articles.

    .venv/bin/python bench/browse.py [--bbc 500] [--runs 7]

Ingests into a throwaway embedded store, then prints the median and max wall time of each
read model the pages call (warm: after one untimed run). No asserts: figures only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import tempfile
import time
from pathlib import Path

from extraction.readers import read_paths
from kg import browse
from kg.config import Settings
from kg.ingest import IngestOptions, ingest_articles
from kg.store import embedded, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "articles" / "seeds"
BBC = ROOT.parent / "shared" / "corpus" / "bbc_news.jsonl"


def timed(fn, runs: int) -> tuple[float, float]:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bbc", type=int, default=500, help="BBC articles to add to the seeds")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--data-dir", help="measure an existing embedded store instead (no ingest)")
    ap.add_argument("--graph", default="claimgraph", help="graph name with --data-dir")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimgraph-bench-browse-") as tmp:
        reuse = args.data_dir is not None
        settings = Settings(
            data_dir=Path(args.data_dir or tmp), graph_name=args.graph if reuse else "bench", graph_uri=""
        )
        store = open_store(settings)
        try:
            if not reuse:
                items = itertools.chain(read_paths([SEEDS]), itertools.islice(read_paths([BBC]), args.bbc))
                t = time.perf_counter()
                report = ingest_articles(store, items, settings, options=IngestOptions.from_settings(settings))
                print(f"ingested {report.new} articles in {time.perf_counter() - t:.1f} s")
            counts = browse.store_counts(store)
            print(json.dumps(counts.__dict__))
            top = browse.list_claims(store, limit=1)[0]
            entity = browse.entity_options(store, limit=1)[0]
            speaker = browse.speakers(store, limit=1)[0]
            rows = browse.list_claims(store, limit=1_000_000)
            cases = {
                "store_counts": lambda: browse.store_counts(store),
                "list_claims (all, first 1000)": lambda: browse.list_claims(store, limit=1000),
                "list_claims (search 'said')": lambda: browse.list_claims(store, search="said", limit=1000),
                "list_claims (stance denies)": lambda: browse.list_claims(store, stance="denies", limit=1000),
                "list_claims (entity)": lambda: browse.list_claims(store, entity=entity.id, limit=1000),
                "filter_claims (Python, cached rows)": lambda: browse.filter_claims(
                    rows, stance="denies", hedged=True, search="the"
                ),
                "entity_options": lambda: browse.entity_options(store),
                "provenance (most-sourced claim)": lambda: browse.provenance(store, top.id),
                "speakers": lambda: browse.speakers(store),
                "outlets": lambda: browse.outlets(store),
                "statements_by (top speaker)": lambda: browse.statements_by(store, speaker.label, speaker.id),
                "denials": lambda: browse.denials(store),
                "neighbourhood (claim, depth 2)": lambda: browse.neighbourhood(store, "Claim", top.id, depth=2),
            }
            print(f"{'read model':34} {'median ms':>10} {'max ms':>8}")
            for name, fn in cases.items():
                med, worst = timed(fn, args.runs)
                print(f"{name:34} {med * 1000:10.1f} {worst * 1000:8.1f}")
        finally:
            store.close()
            if not reuse:
                embedded.stop(settings.data_dir)


if __name__ == "__main__":
    main()
