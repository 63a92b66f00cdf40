"""An extraction worker's CPU per story, by stage, against stock raw ``nlp.pipe`` on the same texts.

    .venv/bin/python bench/worker.py [--n 500] [--corpus ../shared/corpus/reuters21578.jsonl]

Runs what ``kg.ingest.extract_batch`` runs, in this one process and in batches of ``pipe_batch``
stories: the tokenizer and every pipeline component (ours included), ``extract_doc``, then the
pickling of the returned records (what a pool worker sends the writer) and their unpickling (the
writer's side). Prints CPU ms per story (``time.process_time``) per stage, the pickled bytes per
story, and the stock model's raw ``nlp.pipe`` (the baseline of bench/ingest.py) on the same texts.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import itertools
import json
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REUTERS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl"


def stock_raw_cpu(model: str, texts: list[str], batch: int) -> float:
    """CPU seconds of the stock model's ``nlp.pipe`` (bench/ingest.py's RAW_SCRIPT, one process)."""
    try:
        nlp = importlib.import_module(model).load()
    except ImportError:
        import spacy

        nlp = spacy.load(model)
    c0 = time.process_time()
    for _doc in nlp.pipe(texts, batch_size=batch):
        pass
    return time.process_time() - c0


def staged(nlp, articles, batch: int) -> tuple[dict[str, float], int]:
    """CPU seconds per stage of ``extract_batch`` over ``articles``, and the pickled bytes."""
    from multiprocessing.reduction import ForkingPickler

    from extraction.pipeline import extract_doc

    cpu: dict[str, float] = defaultdict(float)
    size = 0
    for i in range(0, len(articles), batch):
        part = articles[i : i + batch]
        c0 = time.process_time()
        docs = [nlp.make_doc(a.text) for a in part]
        cpu["tokenizer"] += time.process_time() - c0
        for name, proc in nlp.pipeline:
            c0 = time.process_time()
            docs = list(proc.pipe(docs, batch_size=batch)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            cpu[name] += time.process_time() - c0
        c0 = time.process_time()
        out = [extract_doc(d, a) for d, a in zip(docs, part, strict=True)]
        cpu["extract_doc"] += time.process_time() - c0
        c0 = time.process_time()
        blob = bytes(ForkingPickler.dumps(out))
        cpu["pickle"] += time.process_time() - c0
        size += len(blob)
        c0 = time.process_time()
        pickle.loads(blob)
        cpu["unpickle (writer)"] += time.process_time() - c0
    return cpu, size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--corpus", type=Path, default=REUTERS)
    ap.add_argument("--no-raw", action="store_true", help="skip the stock raw baseline")
    args = ap.parse_args()

    from extraction.pipeline import load_pipeline
    from extraction.readers import read_jsonl_file
    from extraction.records import ArticleRecord
    from kg.config import get_settings
    from kg.ingest import IngestOptions

    model = get_settings().spacy_model
    batch = IngestOptions.pipe_batch
    articles = [a for a in itertools.islice(read_jsonl_file(args.corpus), args.n) if isinstance(a, ArticleRecord)]
    n = len(articles)
    nlp = load_pipeline(model)
    staged(nlp, articles[:batch], batch)  # warm-up: lazy tables, first-call caches
    gc.freeze()  # as in kg ingest, whose workers fork from a process that froze the loaded model
    cpu, size = staged(nlp, articles, batch)
    ms = {k: v / n * 1000 for k, v in cpu.items()}
    spacy_ms = sum(v for k, v in ms.items() if not k.startswith(("claimgraph", "extract_doc", "pickle", "unpickle")))
    ours = {k: v for k, v in ms.items() if k.startswith("claimgraph")}
    report = {
        "stories": n,
        "ms_per_story": {k: round(v, 2) for k, v in ms.items()},
        "spacy_ms": round(spacy_ms, 2),
        "ours_ms": round(sum(ours.values()) + ms["extract_doc"] + ms["pickle"], 2),
        "worker_ms": round(sum(v for k, v in ms.items() if not k.startswith("unpickle")), 2),
        "pickled_bytes_per_story": round(size / n),
    }
    if not args.no_raw:
        report["stock_raw_ms"] = round(stock_raw_cpu(model, [a.text for a in articles], batch) / n * 1000, 2)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
