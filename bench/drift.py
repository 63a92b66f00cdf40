"""Precision and recall of the drift findings (kg/drift.py) on a hand-labelled set.

    .venv/bin/python bench/drift.py [--labels bench/data/drift_labels.json]

The labels (``bench/data/drift_labels.json``) point at statements by article id and sentence
offsets in ``../shared`` (Reuters, BBC, the seeds); this script reads exactly those articles, in
corpus order, ingests them into a throwaway embedded store (drift runs after each write group, as
in ``kg ingest``), and scores "hardened" and "softened" two ways:

* **end to end**: a labelled claim is predicted hardened when a claim the pipeline stored for any
  of its statements is flagged hardened (claim grouping, hedge extraction and drift together);
* **by its links, end to end**: predicted hardened only when a stored ``HARDENS`` (``SOFTENS``) link
  joins two of its labelled statements (the pair that shows it, as the app and ``kg ask`` show it),
  so a claim grouped with another story's drift does not count;
* **on the labelled grouping**: for the labelled claims whose statements really are one claim,
  drift's analysis runs on exactly those stored statements (hedge extraction and drift only).

Baseline in the same run: a claim with both hedged and unhedged statements in different articles,
whatever their order ("any mix"). No asserts: figures only.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extraction.readers import read_paths
from extraction.records import ArticleRecord
from kg import drift
from kg.config import Settings
from kg.ingest import IngestOptions, ingest_articles
from kg.store import embedded, open_store
from kg.store.base import GraphStore
from ontology import checked

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "bench" / "data" / "drift_labels.json"
FINDINGS = ("hardened", "softened")

STATEMENT_CLAIMS = checked(
    """UNWIND $pointers AS p
MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim)
WHERE a.id = p.article AND s.start = p.start
RETURN p.article AS article, p.start AS start, c.id AS claim,
  coalesce(c.hardened, false) AS hardened, coalesce(c.softened, false) AS softened"""
)


LINKED = checked(
    """UNWIND $pointers AS p
MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[r:HARDENS|SOFTENS]->(t:Statement)<-[:CONTAINS]-(b:Article)
WHERE a.id = p.article AND s.start = p.start
RETURN type(r) AS type, b.id AS article, t.start AS start"""
)

LINK_OF = {"hardened": "HARDENS", "softened": "SOFTENS"}

SENTENCES = checked("UNWIND $ids AS sid MATCH (s:Statement) WHERE s.id = sid RETURN s.id AS id, s.sentence AS sentence")


def articles(path: Path, wanted: set[str], lines: set[int], tmp: Path) -> Iterator[ArticleRecord]:
    """The labelled articles of one corpus, in corpus order (ingestion order decides undated ones).

    A jsonl corpus is cut to the labelled lines first (the ids are checked after reading), so the
    bench does not read 19,000 stories to find 200."""
    if lines and path.suffix == ".jsonl":
        cut = tmp / path.name
        with path.open(encoding="utf-8") as src, cut.open("w", encoding="utf-8") as dst:
            dst.writelines(line for n, line in enumerate(src, 1) if n in lines)
        path = cut
    for item in read_paths([path]):
        if isinstance(item, ArticleRecord) and item.id in wanted:
            yield item


def score(pred: list[bool], gold: list[bool]) -> tuple[float, float, int, int, int]:
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp, fp, fn


def any_mix(said: list[drift.Said]) -> bool:
    carried = [s for s in said if s.carries]
    hedged = {s.article for s in carried if s.hedged}
    plain = {s.article for s in carried if not s.hedged}
    return bool(hedged and plain and (hedged | plain) - (hedged & plain))


def ingest(store: GraphStore, settings: Settings, labels: dict[str, Any], tmp: Path) -> int:
    wanted: dict[str, set[str]] = {}
    lines: dict[str, set[int]] = {}
    for c in labels["claims"]:
        wanted.setdefault(c["corpus"], set()).update(s[0] for s in c["statements"])
        lines.setdefault(c["corpus"], set()).update(c.get("lines", []))
    new = 0
    for corpus, ids in wanted.items():
        found = articles(SHARED / labels["corpora"][corpus], ids, lines[corpus], tmp)
        report = ingest_articles(store, found, settings, options=IngestOptions.from_settings(settings))
        new += report.new
    return new


def show(
    c: dict[str, Any], stored: dict[str, list[drift.Said]], rows: list[dict[str, Any]], texts: dict[str, str]
) -> None:
    """One end-to-end 'hardened' error: the labelled claim and the stored statements (and stored
    findings) of the claims it landed in."""
    print(
        f"\n{'hardened missed' if c['label'] == 'hardened' else 'hardened false'}: {c['id']} ({c.get('note', '')[:90]})"
    )
    flags = {r["claim"]: r for r in rows}
    for cid, said in stored.items():
        print(f"  claim {cid} hardened={flags[cid]['hardened']} softened={flags[cid]['softened']}")
        for s in sorted(said, key=lambda s: s.key):
            who = "hearsay" if s.hearsay else s.by_type or "-"
            print(
                f"    {s.published[:10] or s.seq} {s.stance:8} {s.kind:9} {who:9} {s.hedges}",
                repr(texts.get(s.id, "")[:100]),
            )


def evaluate(store: GraphStore, labels: dict[str, Any], errors: bool = False) -> dict[str, dict[str, list[bool]]]:
    """Per finding: gold, end-to-end, on-labelled-grouping and baseline predictions."""
    out: dict[str, dict[str, list[bool]]] = {
        f: {"gold": [], "pipeline": [], "links": [], "gold_grouping": [], "gold_same": [], "baseline": []}
        for f in FINDINGS
    }
    for c in labels["claims"]:
        pointers = [{"article": a, "start": s} for a, s, _ in c["statements"]]
        rows = store.query(STATEMENT_CLAIMS, {"pointers": pointers})
        claim_ids = sorted({r["claim"] for r in rows})
        stored = drift.read_claims(store, claim_ids) if claim_ids else {}
        keys = {(p["article"], p["start"]) for p in pointers}
        mine = [s for said in stored.values() for s in said if (s.article, s.start) in keys]
        mine = list({s.id: s for s in mine}.values())
        found = drift.analyse("labelled", mine)
        linked = {r["type"] for r in store.query(LINKED, {"pointers": pointers}) if (r["article"], r["start"]) in keys}
        for f in FINDINGS:
            out[f]["gold"].append(c["label"] == f)
            out[f]["pipeline"].append(any(r[f] for r in rows))
            out[f]["links"].append(LINK_OF[f] in linked)
            if errors and f == "hardened" and out[f]["pipeline"][-1] != out[f]["gold"][-1]:
                ids = [s.id for said in stored.values() for s in said]
                texts = {r["id"]: r["sentence"] for r in store.query(SENTENCES, {"ids": ids})}
                show(c, stored, rows, texts)
            out[f]["baseline"].append(any(any_mix(said) for said in stored.values()))
            if c["same_claim"]:
                out[f]["gold_same"].append(c["label"] == f)
                out[f]["gold_grouping"].append(getattr(found, f))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--errors", action="store_true", help="print each end-to-end 'hardened' error with its statements")
    args = ap.parse_args()
    labels = json.loads(args.labels.read_text())
    claims = labels["claims"]
    counts = {k: sum(1 for c in claims if c["label"] == k) for k in ("hardened", "softened", "stable")}
    print(
        f"labelled claims: {len(claims)} ({counts}); one claim as a reader judges: "
        f"{sum(c['same_claim'] for c in claims)}"
    )
    with tempfile.TemporaryDirectory(prefix="claimgraph-bench-drift-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "store", graph_name="bench", graph_uri="")
        store = open_store(settings)
        try:
            started = time.perf_counter()
            new = ingest(store, settings, labels, Path(tmp))
            print(f"ingested {new} articles in {time.perf_counter() - started:.1f} s (drift included)")
            result = evaluate(store, labels, args.errors)
        finally:
            store.close()
            embedded.stop(settings.data_dir)
    print(f"{'finding':10} {'measure':34} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for f in FINDINGS:
        r = result[f]
        rows = [
            ("drift, end to end", r["pipeline"], r["gold"]),
            ("drift links, end to end", r["links"], r["gold"]),
            ("baseline 'any mix', end to end", r["baseline"], r["gold"]),
            ("drift, on the labelled grouping", r["gold_grouping"], r["gold_same"]),
        ]
        for name, pred, gold in rows:
            p, rc, tp, fp, fn = score(pred, gold)
            print(f"{f:10} {name:34} {p:9.2f} {rc:7.2f} {tp:4d} {fp:4d} {fn:4d}")


if __name__ == "__main__":
    main()
