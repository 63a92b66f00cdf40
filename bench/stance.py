"""Article-level stance toward a headline claim on FNC-1, through the same path as ``kg ask``.

    .venv/bin/python bench/stance.py [--pairs N] [--split heldout|tune] [--seed S] [--show K] [--dump FILE]
                                     [--data-dir DIR] [--keep] [--no-ingest]

FNC-1 (``../shared/eval/fnc1``, the training split) pairs news bodies with headlines labelled
agree / disagree / discuss / unrelated. Bodies are split once, by a hash of their id, into a
fixed held-out slice (one in five bodies; the figures to report) and the rest (for tuning). A
stratified sample of ``--pairs`` pairs from the chosen slice is drawn, its bodies are ingested
into a fresh embedded store (with the article stance model of ``make stance-model`` when it
exists; it trains on the tune slice only), and for each headline two questions are asked with
``answer_question`` (exactly what ``kg ask`` runs):

* ``Who disputed that <headline>?``: a body whose statements appear in the answer disputes it;
* ``Who reported that <headline>?``: a body in that answer that does not dispute it reports it.

Gold: disagree -> disputes; agree and discuss -> reports (carries the claim without disputing
it); unrelated -> neither. Printed: P/R/F1 for disputes and reports, and, per gold class, how
the bodies were answered. The keyword baseline runs on the same pairs: a body sentence with a
refutation word and 3 content words shared with the headline disputes; a sentence sharing 3
content words (and no dispute) reports.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FNC = ROOT.parent / "shared" / "eval" / "fnc1"

from benchkit import release_store  # noqa: E402

from extraction.article_stance import MODEL_PATH, load_model  # noqa: E402
from extraction.article_stance import heldout_body as heldout  # noqa: E402  the split the model trains on

GOLD = {"disagree": "disputes", "agree": "reports", "discuss": "reports", "unrelated": "none"}
# Stratified sample shares of each FNC class (disagree is oversampled: it is the class at stake).
SHARES = {"disagree": 0.25, "agree": 0.2, "discuss": 0.3, "unrelated": 0.25}
# The FNC-1 organisers' baseline refutation words.
REFUTING = frozenset(
    "fake fraud hoax false deny denies denied not despite nope doubt doubts bogus debunk pranks retract".split()  # noqa: SIM905
)
STOP = frozenset(
    """a an the of to in on at for by with from and or but is are was were be been being has have had it its this
    that these those as into than then so he she they his her their them we you i will would can could may might
    says said after over about up out new not no""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[a-z0-9]+")


def load(split: str, pairs: int, seed: int) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    with open(FNC / "train_bodies.csv", encoding="utf-8") as fh:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    with open(FNC / "train_stances.csv", encoding="utf-8") as fh:
        rows = [
            (r["Headline"], r["Body ID"], r["Stance"])
            for r in csv.DictReader(fh)
            if heldout(r["Body ID"]) == (split == "heldout")
        ]
    rng = random.Random(seed)
    by_class: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in rows:
        by_class[row[2]].append(row)
    sample: list[tuple[str, str, str]] = []
    for cls, share in SHARES.items():
        pool = by_class[cls]
        rng.shuffle(pool)
        sample += pool[: round(pairs * share)]
    return {b: bodies[b] for _h, b, _s in sample}, sample


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOP and len(w) > 2}


def baseline(headline: str, body: str) -> str:
    head = words(headline)
    verdict = "none"
    for sent in re.split(r"(?<=[.!?])\s+", body):
        toks = set(_WORD.findall(sent.lower()))
        shared = len(words(sent) & head)
        if shared >= 3 and toks & REFUTING:
            return "disputes"
        if shared >= 3:
            verdict = "reports"
    return verdict


def prf(pred: dict[tuple[str, str], str], gold: dict[tuple[str, str], str], label: str) -> tuple[float, float, float]:
    tp = sum(1 for k, g in gold.items() if g == label and pred[k] == label)
    fp = sum(1 for k, g in gold.items() if g != label and pred[k] == label)
    fn = sum(1 for k, g in gold.items() if g == label and pred[k] != label)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, pred: dict[tuple[str, str], str], gold: dict[tuple[str, str], str], fnc: dict) -> None:
    print(f"\n{name}")
    for label in ("disputes", "reports"):
        p, r, f = prf(pred, gold, label)
        print(f"  {label:<9} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  {'FNC class':<10}{'n':>5}{'disputes':>10}{'reports':>9}{'none':>7}")
    for cls in ("agree", "disagree", "discuss", "unrelated"):
        keys = [k for k, c in fnc.items() if c == cls]
        c = Counter(pred[k] for k in keys)
        print(f"  {cls:<10}{len(keys):>5}{c['disputes']:>10}{c['reports']:>9}{c['none']:>7}")


def ask_all(store, settings, sample, article_of: dict[str, str], show: int) -> dict[tuple[str, str], str]:
    from kg.query import answer_question

    labelled: dict[str, set[str]] = defaultdict(set)
    for h, b, _s in sample:
        labelled[h].add(b)
    pred: dict[tuple[str, str], str] = {}
    for h, bids in labelled.items():
        claim = h.strip().rstrip(".?!")
        found: dict[str, set[str]] = {}
        for label, q in (("disputes", f"Who disputed that {claim}?"), ("reports", f"Who reported that {claim}?")):
            answer = answer_question(store, q, settings)
            found[label] = {article_of.get(e.article.id, "") for i in answer.items for e in i.evidence}
            if show:
                print(f"  [{answer.intent}] {q[:100]} -> {sorted(found[label] & bids)}")
        for b in bids:
            pred[(h, b)] = "disputes" if b in found["disputes"] else "reports" if b in found["reports"] else "none"
        show = max(0, show - 1)
    return pred


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=400, help="body/headline pairs in the sample (default 400)")
    ap.add_argument("--split", choices=("heldout", "tune"), default="heldout")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--show", type=int, default=0, help="print the answers to the first K headlines")
    ap.add_argument("--dump", type=Path, help="write each pair's gold and answer as JSON lines (error analysis)")
    ap.add_argument("--data-dir", type=Path, default=None, help="store data dir (default: a fresh temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the server running and the data dir")
    ap.add_argument("--no-ingest", action="store_true", help="ask on the store in --data-dir (built with --keep)")
    args = ap.parse_args()

    from extraction.readers import read_paths
    from extraction.records import article_id
    from kg.config import Settings
    from kg.ingest import ingest_articles
    from kg.store.falkor import FalkorStore

    bodies, sample = load(args.split, args.pairs, args.seed)
    gold = {(h, b): GOLD[s] for h, b, s in sample}
    fnc = {(h, b): s for h, b, s in sample}
    counts = dict(Counter(s for *_x, s in sample))
    print(f"FNC-1 {args.split} slice: {len(sample)} pairs ({counts}), {len(bodies)} bodies")
    model = load_model()
    print(f"article stance model: {MODEL_PATH if model else 'none (sentence rules only)'}")

    report(
        "keyword baseline (refutation word + 3 shared content words)",
        {k: baseline(k[0], bodies[k[1]]) for k in gold},
        gold,
        fnc,
    )

    if args.no_ingest and args.data_dir is None:
        ap.error("--no-ingest needs --data-dir")
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="claimgraph-bench-stance-"))
    settings = Settings(data_dir=data_dir, graph_name="bench_stance", graph_uri="")
    store = FalkorStore(data_dir, settings.graph_name)
    try:
        store.ensure_schema()
        src = data_dir / "fnc_bodies.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for b, text in bodies.items():
                fh.write(json.dumps({"text": text, "title": f"FNC body {b}"}) + "\n")
        article_of = {article_id(text): b for b, text in bodies.items()}
        t0 = time.perf_counter()
        new = len(bodies) if args.no_ingest else ingest_articles(store, read_paths([src]), settings).new
        t1 = time.perf_counter()
        pred = ask_all(store, settings, sample, article_of, args.show)
        t2 = time.perf_counter()
        print(
            f"\ningested {new} bodies in {t1 - t0:.1f} s; "
            f"asked {2 * len({h for h, *_ in sample})} questions in {t2 - t1:.1f} s"
        )
        report("ClaimGraph (kg ask: 'Who disputed that H?' / 'Who reported that H?')", pred, gold, fnc)
        if args.dump:
            with open(args.dump, "w", encoding="utf-8") as fh:
                for (h, b), label in pred.items():
                    row = {"headline": h, "body": b, "fnc": fnc[(h, b)], "gold": gold[(h, b)], "pred": label}
                    fh.write(json.dumps(row) + "\n")
    finally:
        release_store(store, data_dir, args.keep, args.data_dir)


if __name__ == "__main__":
    main()
