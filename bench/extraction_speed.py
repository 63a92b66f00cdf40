"""Extraction cost: raw ``nlp.pipe`` of the model vs the ClaimGraph pipeline + ``extract_doc``.

    .venv/bin/python bench/extraction_speed.py [--n 200] [--repeat 3] [--n-process 1]

Prints the median seconds of each and their ratio (raw / ours; 1.0 = free), wall-clock and, with
--n-process 1, CPU (``time.process_time``: steadier than wall time on a machine shared with other
jobs). Also checks that documents parsed in worker processes extract exactly like local ones when
--n-process > 1.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "corpus" / "bbc_news.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--n-process", type=int, default=1)
    args = ap.parse_args()

    from extraction.pipeline import extract_doc, load_pipeline
    from extraction.records import ArticleRecord
    from kg.config import Settings

    model = Settings().spacy_model
    texts = []
    with BBC.open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= args.n:
                break
    arts = [ArticleRecord(id=str(i), text=t) for i, t in enumerate(texts)]
    try:
        raw = importlib.import_module(model).load()
    except ImportError:
        import spacy

        raw = spacy.load(model)
    ours = load_pipeline(model)
    raw_times, our_times, raw_cpu, our_cpu = [], [], [], []
    n_attr = 0
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for _doc in raw.pipe(texts, batch_size=32, n_process=args.n_process):
            pass
        raw_times.append(time.perf_counter() - t0)
        raw_cpu.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        n_attr = 0
        for doc, art in ours.pipe(((a.text, a) for a in arts), as_tuples=True, batch_size=32, n_process=args.n_process):
            n_attr += len(extract_doc(doc, art).attributions)
        our_times.append(time.perf_counter() - t0)
        our_cpu.append(time.process_time() - c0)
    r, o = statistics.median(raw_times), statistics.median(our_times)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} BBC articles ({words:,} words), model {model}, n_process={args.n_process}")
    print(f"raw nlp.pipe            {r:7.2f}s  ({words / r:,.0f} words/s)")
    print(f"pipeline + extract_doc  {o:7.2f}s  ({words / o:,.0f} words/s, {n_attr} statements)")
    print(f"throughput ratio        {r / o:7.2f}  (>= 0.8 required)")
    if args.n_process == 1:
        rc, oc = statistics.median(raw_cpu), statistics.median(our_cpu)
        extra = (oc - rc) / len(texts) * 1000
        print(f"CPU: raw {rc:.2f}s, ours {oc:.2f}s ({extra:.1f} ms/article more), ratio {rc / oc:.2f}")
    if args.n_process > 1:
        local = [extract_doc(d, a).to_json() for d, a in ours.pipe(((a.text, a) for a in arts[:20]), as_tuples=True)]
        remote = [
            extract_doc(d, a).to_json()
            for d, a in ours.pipe(((a.text, a) for a in arts[:20]), as_tuples=True, n_process=args.n_process)
        ]
        print(f"n_process={args.n_process} output equals n_process=1: {local == remote}")


if __name__ == "__main__":
    main()
