"""Export benchmark: triples/s and peak memory of ``kg export`` per format on synthetic graphs.

Builds graphs of ``--sizes`` articles through the real writer (synthetic records: 8 entities,
3 statements about 2 claims, 2 entity relations per article; no spaCy), in a fresh embedded
store under /tmp, then runs ``kg export -f FMT -o FILE -q`` (and ``claimreview``) in a fresh
process ``--runs`` times and prints the median wall time, triples/s and the process's peak RSS.
A flat peak RSS across sizes is the streaming claim: memory is bounded by one page of nodes.

Usage: ``.venv/bin/python bench/export.py [--sizes 1000,4000] [--runs 3]``.
The embedded server it starts is stopped at the end and its data dir removed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extraction.records import (  # noqa: E402
    ArticleRecord,
    AttributionRecord,
    ClaimRecord,
    EntityRecord,
    Extraction,
    RelationRecord,
    SourceSpan,
    Span,
)

RUN = r"""
import resource, sys
from kg.cli import main
sys.argv = ["kg", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def synthetic(i: int) -> Extraction:
    words = " ".join(f"word{(i * 7 + k) % 997}" for k in range(300))
    text = f"Report {i}\n\nEntity{i % 50} said that Entity{(i + 1) % 50} sold parts. {words}."
    art = ArticleRecord(
        id=f"a{i:08d}",
        text=text,
        title=f"Report {i}",
        uri=f"https://example.org/{i}",
        published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        outlet=f"Outlet {i % 20}",
    )
    ents = [
        EntityRecord(f"entity{(i + k) % 50}", f"Entity{(i + k) % 50}", "Organization", [], [Span(0, 5, "x")])
        for k in range(8)
    ]
    sent = Span(len(f"Report {i}\n\n"), text.index(" word"), text[len(f"Report {i}\n\n") : text.index(" word")])
    claims = [
        ClaimRecord(
            f"claim:{(i + k) % 400}", f"Claim number {(i + k) % 400}", subject=ents[0].id, entities=[ents[0].id]
        )
        for k in range(2)
    ]
    atts = [
        AttributionRecord(
            f"st:{i}:{k}",
            Span(sent.start + 9, sent.start + 13, "said"),
            sent,
            sent,
            SourceSpan(sent.start, sent.start + 8, "Entity", ents[k].id),
            stance=("asserts", "denies", "no_comment")[k],
            claim=claims[k % 2].id,
        )
        for k in range(3)
    ]
    rels = [
        RelationRecord(ents[0].id, "SELLS", ents[1].id, sent, "sell"),
        RelationRecord(ents[2].id, "USES", ents[3].id, sent, "use"),
    ]
    return Extraction(art, ents, atts, claims, rels)


def build(data_dir: Path, graph: str, n: int) -> None:
    from kg.store.falkor import FalkorStore
    from kg.writer import write_extractions

    store = FalkorStore(data_dir, graph)
    store.ensure_schema()
    for start in range(0, n, 500):
        write_extractions(store, [synthetic(i) for i in range(start, min(n, start + 500))])
    store.close()


def run_export(env: dict[str, str], fmt: str, out: Path) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", RUN, "export", "-f", fmt, "-o", str(out), "-q"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - t0
    rss = int(next(line.split()[1] for line in proc.stderr.splitlines() if line.startswith("MAXRSS_KB")))
    summary = next((line for line in proc.stderr.splitlines() if "triples" in line or "claims" in line), "")
    return wall, rss, summary


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,4000")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from kg.store import embedded

    data_dir = Path(tempfile.mkdtemp(prefix="kg-bench-export-"))
    embedded.start(data_dir)
    try:
        print(
            f"{'articles':>8} {'format':>11} {'median s':>9} {'triples/s':>10} {'peak RSS MB':>12} {'file MB':>8}  "
            "output"
        )
        for n in (int(s) for s in args.sizes.split(",")):
            graph = f"bench_{n}"
            build(data_dir, graph, n)
            env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
            env.update({"KG_DATA_DIR": str(data_dir), "KG_GRAPH_NAME": graph})
            for fmt in ("nt", "ttl", "jsonld", "claimreview"):
                out = data_dir / f"out.{fmt}"
                runs = [run_export(env, fmt, out) for _ in range(args.runs)]
                wall = statistics.median(r[0] for r in runs)
                rss = statistics.median(r[1] for r in runs) / 1024
                summary = runs[0][2]
                triples = int(summary.split()[0]) if "triples" in summary else 0
                rate = f"{triples / wall:,.0f}" if triples else "-"
                size = out.stat().st_size / 1e6
                print(f"{n:>8} {fmt:>11} {wall:>9.2f} {rate:>10} {rss:>12.0f} {size:>8.1f}  {summary}")
    finally:
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
