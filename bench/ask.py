"""Warm per-question latency of ``kg ask`` (answer_question) over the question sets.

    .venv/bin/python bench/ask.py [--limit N] [--reuters N] [--repeat R] [--data-dir DIR] [--keep] [--no-ingest]

Ingests the five seed articles plus the first ``--limit`` BBC articles (all 2,225 by default;
that takes several minutes) and the first ``--reuters`` Reuters stories (none by default; the
issue's target graph is 10,000) into a fresh embedded store under /tmp, then asks every question
of the question sets in ``tests/query`` (the hand-built story's, the real-corpus ones and the
question bank). Before each question's timed runs, a different question is asked once, so the
timed runs do not start from that question's own warm caches. Prints the median, p95 and max over
all timed runs, overall and per intent, and how many questions got no items. The server it starts
is stopped and its data dir removed at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path

from benchkit import pct, release_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "query"))

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "articles" / "seeds"
BBC = SHARED / "corpus" / "bbc_news.jsonl"
REUTERS = SHARED / "corpus" / "reuters21578.jsonl"


def questions() -> list[str]:
    from question_bank import BANK
    from test_question_set import QUESTIONS
    from test_real_questions import REAL

    return list(
        dict.fromkeys([q.question for q in QUESTIONS] + [r.question for r in REAL] + [q.question for q in BANK])
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="BBC articles to ingest (default: all)")
    ap.add_argument("--reuters", type=int, default=0, help="Reuters stories to ingest too (default: none)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per question")
    ap.add_argument("--data-dir", type=Path, default=None, help="store data dir (default: a fresh temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the server running and the data dir")
    ap.add_argument(
        "--no-ingest", action="store_true", help="ask on the store already in --data-dir (built before with --keep)"
    )
    args = ap.parse_args()

    from extraction.readers import read_paths
    from kg.config import Settings
    from kg.ingest import ingest_articles
    from kg.query import answer_question
    from kg.stats import graph_stats
    from kg.store.falkor import FalkorStore

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="claimgraph-bench-ask-"))
    settings = Settings(data_dir=data_dir, graph_name="bench_ask", graph_uri="")
    store = FalkorStore(data_dir, settings.graph_name)
    try:
        store.ensure_schema()
        if not args.no_ingest:
            t0 = time.perf_counter()
            items = list(read_paths([SEEDS])) + list(islice(read_paths([BBC]), args.limit))
            items += list(islice(read_paths([REUTERS]), args.reuters))
            report = ingest_articles(store, items, settings)
            ingest_s = time.perf_counter() - t0
            print(
                f"ingested {report.new} new articles ({report.duplicate} already there) in {ingest_s:.1f} s: "
                f"5 seeds + BBC (--limit {args.limit if args.limit is not None else 'all'}) + {args.reuters} Reuters"
            )
        stats = graph_stats(store)
        print("graph:", ", ".join(f"{k} {v}" for k, v in stats["labels"].items()))

        qs = questions()
        timings: list[float] = []
        per_intent: dict[str, list[float]] = defaultdict(list)
        empty = 0
        for n, q in enumerate(qs):
            answer_question(store, qs[n - 1], settings)  # warm-up on a different question
            for _ in range(args.repeat):
                t = time.perf_counter()
                answer = answer_question(store, q, settings)
                ms = (time.perf_counter() - t) * 1000
                timings.append(ms)
                per_intent[answer.intent].append(ms)
            empty += not answer.items
        print(
            f"\n{len(qs)} questions x {args.repeat} warm runs = {len(timings)} timed runs: "
            f"median {statistics.median(timings):.1f} ms, p95 {pct(timings, 0.95):.1f} ms, max {max(timings):.1f} ms; "
            f"{empty} question(s) answered with no items"
        )
        print(f"{'intent':<15}{'runs':>6}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
        for intent, values in sorted(per_intent.items()):
            print(
                f"{intent:<15}{len(values):>6}{statistics.median(values):>11.1f}"
                f"{pct(values, 0.95):>9.1f}{max(values):>9.1f}"
            )
    finally:
        release_store(store, data_dir, args.keep, args.data_dir)


if __name__ == "__main__":
    main()
