"""Warm per-question latency of ``kg ask`` (answer_question) over the question set.

    .venv/bin/python bench/ask.py [--limit N] [--repeat R] [--data-dir DIR] [--keep]

Ingests the five seed articles plus the first ``--limit`` BBC articles (all 2,225 by default;
that takes several minutes) into a fresh embedded store under /tmp, then asks every question of
the question set in ``tests/query`` (the hand-built story's questions and the real-corpus ones):
once to warm up (spaCy model, name table), then ``--repeat`` timed runs each. Prints the median
and p95 of the per-question medians, overall and per intent. The server it starts is stopped and
its data dir removed at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "query"))

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "articles" / "seeds"
BBC = SHARED / "corpus" / "bbc_news.jsonl"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def questions() -> list[str]:
    from test_question_set import QUESTIONS
    from test_real_questions import REAL

    return list(dict.fromkeys([q.question for q in QUESTIONS] + [r.question for r in REAL]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="BBC articles to ingest (default: all)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per question")
    ap.add_argument("--data-dir", type=Path, default=None, help="store data dir (default: a fresh temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the server running and the data dir")
    args = ap.parse_args()

    from extraction.readers import read_paths
    from kg.config import Settings
    from kg.ingest import ingest_articles
    from kg.query import answer_question
    from kg.stats import graph_stats
    from kg.store import embedded
    from kg.store.falkor import FalkorStore

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="claimgraph-bench-ask-"))
    settings = Settings(data_dir=data_dir, graph_name="bench_ask", graph_uri="")
    store = FalkorStore(data_dir, settings.graph_name)
    try:
        store.ensure_schema()
        t0 = time.perf_counter()
        items = list(read_paths([SEEDS])) + list(islice(read_paths([BBC]), args.limit))
        report = ingest_articles(store, items, settings)
        ingest_s = time.perf_counter() - t0
        stats = graph_stats(store)
        print(
            f"ingested {report.new} new articles ({report.duplicate} already there) in {ingest_s:.1f} s: "
            f"5 seeds + {len(items) - 5} BBC articles (--limit {args.limit if args.limit is not None else 'all'})"
        )
        print("graph:", ", ".join(f"{k} {v}" for k, v in stats["labels"].items()))

        qs = questions()
        per_q: list[float] = []
        per_intent: dict[str, list[float]] = defaultdict(list)
        empty = 0
        for q in qs:
            answer = answer_question(store, q, settings)  # warm-up
            runs = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                answer_question(store, q, settings)
                runs.append((time.perf_counter() - t) * 1000)
            med = statistics.median(runs)
            per_q.append(med)
            per_intent[answer.intent].append(med)
            empty += not answer.items
        print(
            f"\n{len(qs)} questions x {args.repeat} warm runs: median {statistics.median(per_q):.1f} ms, "
            f"p95 {p95(per_q):.1f} ms, max {max(per_q):.1f} ms ({empty} answered with no items)"
        )
        print(f"{'intent':<15}{'n':>4}{'median ms':>11}{'p95 ms':>9}")
        for intent, values in sorted(per_intent.items()):
            print(f"{intent:<15}{len(values):>4}{statistics.median(values):>11.1f}{p95(values):>9.1f}")
    finally:
        store.close()
        if not args.keep:
            embedded.stop(data_dir)
            if args.data_dir is None:
                shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
