"""The array NER decoder against spaCy's on a corpus: the same entities, and each one's CPU.

    .venv/bin/python bench/ner_decoder.py [--corpus ../shared/corpus/reuters21578.jsonl] [--start 0] [--n 500]

Parses each batch once through the components before the NER (``load_pipeline``'s), runs spaCy's own
entity recognizer (``stock_pipeline``'s) on it, clears the entities, runs ``FastEntityRecognizer``
(``extraction/fast_ner.py``) and compares every token's entity IOB, type and KB id. Prints the documents
that differ (none is expected), the entity count, and CPU ms a document of each recognizer. Run two
halves of a corpus in two processes to cover it in half the time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REUTERS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl"
BATCH = 32  # kg ingest's pipe batch


def main() -> None:
    from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE

    from extraction.fast_ner import FastEntityRecognizer
    from extraction.pipeline import load_pipeline, stock_pipeline
    from kg.config import get_settings

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REUTERS, help="JSON lines with a 'text' field")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--n", type=int, default=500)
    args = ap.parse_args()

    model = get_settings().spacy_model
    nlp = load_pipeline(model)
    fast, stock = nlp.get_pipe("ner"), stock_pipeline(model).get_pipe("ner")
    assert type(fast) is FastEntityRecognizer and type(stock) is not FastEntityRecognizer
    before = nlp.pipe_names[: nlp.pipe_names.index("ner")]
    later = [name for name in nlp.pipe_names if name not in before]
    with args.corpus.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in itertools.islice(fh, args.start, args.start + args.n)]
    cols = [ENT_IOB, ENT_TYPE, ENT_KB_ID]
    differ = entities = 0
    cpu = {"spaCy": 0.0, "arrays": 0.0}
    for i in range(0, len(texts), BATCH):
        docs = list(nlp.pipe(texts[i : i + BATCH], batch_size=BATCH, disable=later))
        c0 = time.process_time()
        list(stock.pipe(docs, batch_size=BATCH))
        cpu["spaCy"] += time.process_time() - c0
        reference = [d.to_array(cols) for d in docs]
        for d in docs:
            d.set_ents([], default="missing")
        c0 = time.process_time()
        list(fast.pipe(docs, batch_size=BATCH))
        cpu["arrays"] += time.process_time() - c0
        for j, (doc, ref) in enumerate(zip(docs, reference, strict=True)):
            entities += len(doc.ents)
            if not np.array_equal(doc.to_array(cols), ref):
                differ += 1
                print(f"differs: document {args.start + i + j}: {[(e.text, e.label_) for e in doc.ents][:8]}")
    n = max(1, len(texts))
    print(
        f"{len(texts)} documents, {entities} entities, {differ} differ; NER CPU ms a document: "
        + ", ".join(f"{k} {1000 * v / n:.2f}" for k, v in cpu.items())
    )


if __name__ == "__main__":
    main()
