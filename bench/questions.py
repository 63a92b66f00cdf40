"""How many fact-checker questions get a correct answer, and how fast, over several stories.

    .venv/bin/python bench/questions.py [--repeat R] [--data-dir DIR --keep] [--failures]

Ingests the stories of ``tests/query/stories.py`` (the five seed articles plus clusters of BBC and
Reuters articles, ~95 articles) into a fresh embedded store, then asks every question of
``tests/query/question_bank.py`` (200+ questions, several paraphrases per shape) and checks each
answer by content (right names, right evidence sentence, or an honest "no evidence"). Prints the
pass rate overall, per corpus and per shape, and warm latency (median, p95 and max over all timed
runs; the warm-up asks a different question than the one timed). ``--data-dir`` with ``--keep``
reuses a store built before (ingestion is skipped when the graph already holds the stories).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchkit import pct, release_store

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "query"))

SHARED = ROOT.parent / "shared"


def corpus_of(story: str) -> str:
    return story.split("_")[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per question")
    ap.add_argument("--data-dir", type=Path, default=None, help="store data dir (default: a fresh temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the server running and the data dir")
    ap.add_argument("--failures", action="store_true", help="print every failing question and why")
    args = ap.parse_args()

    from question_bank import BANK, failures
    from stories import write_story_files

    from kg.config import Settings
    from kg.ingest import ingest_paths
    from kg.query import answer_question
    from kg.store.falkor import FalkorStore

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="claimgraph-bench-questions-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=data_dir, graph_name="bench_questions", graph_uri="")
    store = FalkorStore(data_dir, settings.graph_name)
    try:
        store.ensure_schema()
        t0 = time.perf_counter()
        report = ingest_paths(store, write_story_files(SHARED, data_dir), settings)
        print(
            f"ingested {report.new} new articles ({report.duplicate} already there) in {time.perf_counter() - t0:.1f} s"
        )

        passed: dict[str, list[bool]] = defaultdict(list)
        by_shape: dict[str, list[bool]] = defaultdict(list)
        timings: list[float] = []
        no_items = 0
        failing: list[str] = []
        for n, q in enumerate(BANK):
            answer_question(store, BANK[n - 1].question, settings)  # warm-up on another question
            runs = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                answer = answer_question(store, q.question, settings, q.previous)
                runs.append((time.perf_counter() - t) * 1000)
            timings += runs
            why = failures(answer, q)
            ok = not why
            passed[corpus_of(q.story)].append(ok)
            passed["all"].append(ok)
            by_shape[q.shape].append(ok)
            no_items += not answer.items
            if not ok:
                failing.append(
                    f"[{q.story}/{q.shape}] {q.question}\n    {'; '.join(why)}\n    -> {answer.intent}: "
                    f"{answer.answer[:200]}"
                )
        print(f"\n{len(BANK)} questions, {len(timings)} timed runs ({args.repeat} each)")
        print(f"{'set':<16}{'pass':>6}{'of':>5}{'rate':>8}")
        for name in ["all", *sorted(k for k in passed if k != "all")]:
            v = passed[name]
            print(f"{name:<16}{sum(v):>6}{len(v):>5}{sum(v) / len(v):>8.2f}")
        print(f"\n{'shape':<16}{'pass':>6}{'of':>5}")
        for name, v in sorted(by_shape.items()):
            print(f"{name:<16}{sum(v):>6}{len(v):>5}")
        print(
            f"\nwarm latency over all timed runs: median {statistics.median(timings):.1f} ms, "
            f"p95 {pct(timings, 0.95):.1f} ms, max {max(timings):.1f} ms; {no_items} question(s) got no items"
        )
        if args.failures:
            print("\nfailing:\n" + "\n".join(failing))
    finally:
        release_store(store, data_dir, args.keep, args.data_dir)


if __name__ == "__main__":
    main()
