"""What one ``kg ingest`` write group sends to Neo4j: statements, rows, parameter bytes, transactions.

    .venv/bin/python bench/neo4j_writes.py [--limit 250] [--chunk 250] [--batch 2000 20000]
                                           [--cache /tmp/gate/replay-cache] [--no-resolve]

No Neo4j server is needed (none runs here): the group is built exactly as the writer builds it
(``CorpusState.resolve`` in input order, then ``kg.writer.prepare_writes``) from Reuters
extractions pickled by ``bench/replay.py`` (made first when missing), and measured on the client
side. Parameter bytes are the JSON size of each statement's parameters, a fair proxy for the
PackStream bytes the driver sends. A group is one managed transaction (``Neo4jStore.write_all``),
so transactions per group is 1 whatever the batch size; the batch size only splits a statement's
rows into more statements of the same transaction.

Neo4j's guidance (Spark connector tuning; data ingestion guide, UNWIND): the fewer transactions
the better while the transaction fits the server heap, "around 20,000" rows per batch as an
aggressive value. The figures say whether the writer's 2,000-row batch is what bounds a Neo4j
transaction (it is not when no statement of a group has more rows than the batch).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def statement_name(statement: str) -> str:
    """A short name: the first label or relationship type the statement writes."""
    from kg import writer

    names = {writer.OUTLET_WRITE: "outlets", writer.SOURCE_WRITE: "sources", writer.CLAIM_WRITE: "claims"}
    names |= {writer.STATEMENT_WRITE: "statements", writer.ARTICLE_WRITE: "articles"}
    names |= {writer.CLAIM_COUNTS: "claim_counts", writer.ENTITY_CLAIMS: "entity_claims"}
    names |= {s: f"entity:{t}" for t, s in writer.ENTITY_WRITES.items()}
    names |= {s: f"rel:{t}" for t, s in writer.RELATION_WRITES.items()}
    return names.get(statement, statement.split("\n")[0][:40])


def param_bytes(params: dict[str, Any]) -> int:
    return len(json.dumps(params, default=str, separators=(",", ":")).encode())


def measure(groups: list[list[Any]], batch: int) -> dict[str, Any]:
    """Per statement name: rows, statements and bytes over all groups; per group: statements, bytes."""
    from kg.writer import prepare_writes

    rows: Counter[str] = Counter()
    stmts: Counter[str] = Counter()
    size: Counter[str] = Counter()
    largest: Counter[str] = Counter()
    per_group: list[tuple[int, int, int]] = []
    for group in groups:
        writes, _ = prepare_writes(group, batch)
        group_bytes = group_rows = 0
        for statement, params in writes:
            name = statement_name(statement)
            n = len(params.get("rows", params.get("ids", ())))
            b = param_bytes(params)
            rows[name] += n
            stmts[name] += 1
            size[name] += b
            largest[name] = max(largest[name], b)
            group_bytes += b
            group_rows += n
        per_group.append((len(writes), group_rows, group_bytes))
    return {"rows": rows, "stmts": stmts, "bytes": size, "largest": largest, "groups": per_group}


def report(m: dict[str, Any], batch: int, n_groups: int) -> None:
    print(f"\nbatch {batch} rows: per statement, over {n_groups} groups (mean per group)")
    print(f"{'statement':<22} {'rows/group':>10} {'stmts/group':>11} {'KiB/group':>9} {'largest KiB':>11}")
    for name in sorted(m["rows"], key=lambda k: -m["bytes"][k]):
        print(
            f"{name:<22} {m['rows'][name] / n_groups:10.1f} {m['stmts'][name] / n_groups:11.1f} "
            f"{m['bytes'][name] / n_groups / 1024:9.1f} {m['largest'][name] / 1024:11.1f}"
        )
    groups = m["groups"]
    stmts = sorted(g[0] for g in groups)
    rows = sorted(g[1] for g in groups)
    kib = sorted(g[2] / 1024 for g in groups)
    print(
        f"per group (= 1 transaction): statements median {stmts[len(stmts) // 2]} max {stmts[-1]}; rows median "
        f"{rows[len(rows) // 2]} max {rows[-1]}; parameters median {kib[len(kib) // 2]:.0f} KiB max {kib[-1]:.0f} KiB"
    )


def load(cache: Path, limit: int, resolve: bool) -> list[Any]:
    from replay import extractions, make_cache

    make_cache(cache, limit)
    exs = list(extractions(cache, limit))
    if resolve:
        from extraction.corpus import CorpusState

        state = CorpusState()
        for ex in exs:
            state.resolve(ex)
    return exs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=1000, help="Reuters stories (extractions) to group")
    ap.add_argument("--chunk", type=int, default=250, help="articles per write group (KG_INGEST_CHUNK)")
    ap.add_argument("--batch", type=int, nargs="+", default=[2000, 20000], help="rows per UNWIND statement")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/gate/replay-cache"))
    ap.add_argument("--no-resolve", action="store_true", help="skip claim resolution (claim ids unset)")
    args = ap.parse_args()
    exs = load(args.cache, args.limit, not args.no_resolve)
    groups = [exs[i : i + args.chunk] for i in range(0, len(exs), args.chunk)]
    print(f"{len(exs)} Reuters extractions in {len(groups)} write groups of {args.chunk} articles")
    for batch in args.batch:
        report(measure(groups, batch), batch, len(groups))


if __name__ == "__main__":
    main()
