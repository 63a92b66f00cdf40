"""Relation extraction on CoNLL04: per-type P/R/F1 through ``kg extract``, with the pairing baseline.

    .venv/bin/python bench/relations.py [--split dev|train|PATH] [--limit N] [--errors N]

Each sentence goes through ``kg extract --jsonl`` (a subprocess, exactly what a user runs) and its
relations are mapped onto CoNLL04's five types (``TO_CONLL``). A predicted relation is correct when
its type, subject mention and object mention match a gold relation: **relaxed** when the mentions
overlap the gold entity spans, **exact** when their boundaries are equal. Each gold relation is
matched at most once. The baseline, scored in the same run on the same extracted entities, pairs
every two entity mentions of a sentence whose types a CoNLL04 relation allows (person-organisation
-> Work_For, organisation-place -> OrgBased_In, person-place -> Live_In, place-place -> Located_In,
person-person -> Kill). Tune on train only; dev is for reporting.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONLL = ROOT.parent / "shared" / "eval" / "conll04"

# ClaimGraph predicate -> CoNLL04 relation type (predicates not listed are not scored).
TO_CONLL: dict[str, str] = {
    "WORKS_FOR": "Work_For",
    "LEADS": "Work_For",
    "MEMBER_OF": "Work_For",
    "KILLED": "Kill",
    "BASED_IN": "OrgBased_In",
    "REPORTS_FROM": "OrgBased_In",  # CoNLL04 marks a dateline's outlet OrgBased_In its place
    "LIVES_IN": "Live_In",
    "FROM": "Live_In",
    "LOCATED_IN": "Located_In",
}
DATELINE_ONLY = frozenset(["REPORTS_FROM"])  # left out in one table, to show what datelines add
# Entity-type pairs a CoNLL04 relation allows (the baseline pairs every one of them).
ALLOWED: dict[tuple[str, str], str] = {
    ("Person", "Organization"): "Work_For",
    ("Organization", "Place"): "OrgBased_In",
    ("Person", "Place"): "Live_In",
    ("Place", "Place"): "Located_In",
    ("Person", "Person"): "Kill",
}
TYPES = ("Work_For", "Kill", "OrgBased_In", "Live_In", "Located_In")

Triple = tuple[str, tuple[int, int], tuple[int, int]]


def _split_path(split: str) -> Path:
    return Path(split) if split not in {"dev", "train"} else CONLL / f"conll04_{split}.jsonl"


def gold_triples(row: dict) -> list[Triple]:
    ents = row["entities"]
    return [
        (
            r["type"],
            (ents[r["head"]]["start"], ents[r["head"]]["end"]),
            (ents[r["tail"]]["start"], ents[r["tail"]]["end"]),
        )
        for r in row["relations"]
    ]


def _mentions(out: dict) -> dict[str, list[tuple[int, int]]]:
    return {e["id"]: [(m["start"], m["end"]) for m in e["mentions"]] for e in out["entities"]}


def predicted_triples(out: dict, skip: frozenset[str] = frozenset()) -> list[Triple]:
    """Our relations as CoNLL04 triples (predicates in ``skip`` left out); mention spans from the
    record, else the entity's first mention."""
    mentions = _mentions(out)
    found: list[Triple] = []
    for r in out["relations"]:
        kind = None if r["predicate"] in skip else TO_CONLL.get(r["predicate"])
        if kind is None:
            continue
        spans = []
        for end in ("subject", "object"):
            span = r.get(f"{end}_span")
            spans.append((span["start"], span["end"]) if span else (mentions.get(r[end]) or [(-1, -1)])[0])
        triple = (kind, spans[0], spans[1])
        if triple not in found:
            found.append(triple)
    return found


def baseline_triples(out: dict) -> list[Triple]:
    """Every ordered pair of mentions whose entity types a relation allows."""
    typed = [(e["type"], (m["start"], m["end"])) for e in out["entities"] for m in e["mentions"]]
    return [(ALLOWED[(ta, tb)], a, b) for ta, a in typed for tb, b in typed if a != b and (ta, tb) in ALLOWED]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _strip(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Gold spans sometimes keep a trailing ' ,' or '.': compare without outer punctuation and space."""
    s, e = span
    while e > s and not text[e - 1].isalnum():
        e -= 1
    while s < e and not text[s].isalnum():
        s += 1
    return s, e


def score(text: str, gold: list[Triple], pred: list[Triple], exact: bool, tally: dict[str, Counter]) -> list[Triple]:
    """Add tp/fp/fn per type to ``tally``; return the false positives."""
    left = list(gold)
    wrong: list[Triple] = []
    for p in pred:
        hit = None
        for g in left:
            if p[0] != g[0]:
                continue
            if exact:
                ok = all(_strip(text, p[i]) == _strip(text, g[i]) for i in (1, 2))
            else:
                ok = _overlap(p[1], g[1]) and _overlap(p[2], g[2])
            if ok:
                hit = g
                break
        if hit is None:
            tally[p[0]]["fp"] += 1
            wrong.append(p)
        else:
            left.remove(hit)
            tally[p[0]]["tp"] += 1
    for g in left:
        tally[g[0]]["fn"] += 1
    return wrong


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_extract(rows: list[dict]) -> tuple[list[dict], float]:
    """``kg extract --jsonl`` on the sentences, in a subprocess; (outputs in order, seconds)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({"doc": row["doc"], "text": row["text"]}) + "\n")
        path = fh.name
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kg.cli", "extract", "--jsonl", path],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
    finally:
        os.unlink(path)
    took = time.perf_counter() - t0
    by_doc = {o["doc"]: o for o in map(json.loads, done.stdout.splitlines())}
    return [by_doc[row["doc"]] for row in rows], took


def _table(name: str, tally: dict[str, Counter]) -> None:
    total = Counter()
    for t in TYPES:
        total.update(tally[t])
    print(f"\n{name}")
    print(f"  {'type':<12} {'P':>6} {'R':>6} {'F1':>6}   tp   fp   fn")
    for t in (*TYPES, "overall"):
        c = total if t == "overall" else tally[t]
        p, r, f = prf(c)
        print(f"  {t:<12} {p:6.3f} {r:6.3f} {f:6.3f} {c['tp']:4d} {c['fp']:4d} {c['fn']:4d}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", help="dev, train or a path to a CoNLL04-style jsonl file")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--errors", type=int, default=0, help="print N false positives and N misses (relaxed)")
    args = ap.parse_args()

    path = _split_path(args.split)
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    rows = rows[: args.limit] if args.limit else rows
    outs, took = run_extract(rows)
    print(f"{path.name}: {len(rows)} sentences, {sum(len(r['relations']) for r in rows)} gold relations")
    print(f"kg extract: {took:.1f}s for the whole split (model load included)")
    names = ("relaxed", "exact", "base_relaxed", "base_exact", "no_dateline")
    tallies = {name: {t: Counter() for t in TYPES} for name in names}
    errors: list[str] = []
    for row, out in zip(rows, outs, strict=True):
        gold, pred, base = gold_triples(row), predicted_triples(out), baseline_triples(out)
        text = row["text"]
        wrong = score(text, gold, pred, False, tallies["relaxed"])
        score(text, gold, pred, True, tallies["exact"])
        score(text, gold, base, False, tallies["base_relaxed"])
        score(text, gold, base, True, tallies["base_exact"])
        score(text, gold, predicted_triples(out, DATELINE_ONLY), False, tallies["no_dateline"])
        if args.errors:
            for k, a, b in wrong:
                errors.append(f"FP {k}: {text[a[0] : a[1]]!r} -> {text[b[0] : b[1]]!r} | {text}")
            for k, a, b in gold:
                if not any(p[0] == k and _overlap(p[1], a) and _overlap(p[2], b) for p in pred):
                    errors.append(f"FN {k}: {text[a[0] : a[1]]!r} -> {text[b[0] : b[1]]!r} | {text}")
    _table("ClaimGraph, boundary-relaxed (mentions overlap)", tallies["relaxed"])
    _table("ClaimGraph, exact boundaries", tallies["exact"])
    _table("ClaimGraph without REPORTS_FROM (datelines' outlets), relaxed", tallies["no_dateline"])
    _table("Baseline: every entity pair a relation allows, relaxed", tallies["base_relaxed"])
    _table("Baseline, exact boundaries", tallies["base_exact"])
    if errors:
        fps = [e for e in errors if e.startswith("FP")][: args.errors]
        fns = [e for e in errors if e.startswith("FN")][: args.errors]
        print("\n" + "\n".join(fps + fns))


if __name__ == "__main__":
    main()
