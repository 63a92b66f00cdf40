"""Where a warm ``kg ask`` spends its time: per question, per template, store vs Python.

    .venv/bin/python bench/askprofile.py DATA_DIR [GRAPH] [--repeat R] [--records] [--json OUT]
    .venv/bin/python bench/askprofile.py --compare A.json B.json

Asks bench/ask.py's questions on the store already in ``DATA_DIR`` (``kg ingest`` or bench/scale.py
with ``--keep-steps`` built it; nothing is ingested or written), each after a warm-up on another
question, and records for every timed run the whole answer's ms and the ms each catalogue template
took in ``store.query`` (named as in ``catalogue.lint_statements``, ``drift``'s reads and the
linking tables). The rest of the answer is the query layer's Python (parse, linking, matching).
``--json`` saves the records; ``--compare`` prints, for two such files (a small and a large graph,
measured in the same sitting), the intents and templates whose cost grew most. ``--records`` instead
asks each question once and ``GRAPH.PROFILE``s every statement it sent: the records the store produced
per question and template, a figure the machine's load does not move.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchkit import pct

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def template_names(dialect: Any) -> dict[str, str]:
    """Statement text -> template name, for every read the query layer may send."""
    from kg import drift
    from kg.query import catalogue

    names = {text: name for name, text in catalogue.lint_statements(dialect)}
    names.update({text: f"drift:{name}" for name, text in drift.lint_statements(dialect)})
    return names


def _server_ms(reply: Any) -> float:
    """FalkorDB's own "Query internal execution time" from a reply's statistics (0 when absent)."""
    with contextlib.suppress(Exception):
        for line in reply[-1]:
            text = line.decode() if isinstance(line, bytes) else str(line)
            if "execution time" in text:
                return float(text.split(":")[1].split()[0])
    return 0.0


class TimedStore:
    """A store whose ``query`` records the wall ms each template took and the server's own execution
    ms (load on a shared machine inflates the first, hardly the second); the rest is delegated."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.names = template_names(store.dialect)
        self.spent: dict[str, float] = defaultdict(float)
        self.server: dict[str, float] = defaultdict(float)
        self._last = 0.0
        conn = getattr(getattr(store, "_db", None), "connection", None)
        if conn is not None:
            send = conn.execute_command

            def execute(*args: Any, **kw: Any) -> Any:
                reply = send(*args, **kw)
                self._last = _server_ms(reply)
                return reply

            conn.execute_command = execute

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def query(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        t, self._last = time.perf_counter(), 0.0
        name = self.names.get(statement, "other")
        try:
            return self._store.query(statement, params)
        finally:
            self.spent[name] += (time.perf_counter() - t) * 1000
            self.server[name] += self._last


def profile(store: Any, settings: Any, questions: list[str], repeat: int) -> list[dict[str, Any]]:
    """One record per question: intent, the timed runs' ms and the mean ms per template."""
    from kg.query import answer_question

    timed = TimedStore(store)
    out = []
    for n, q in enumerate(questions):
        answer_question(timed, questions[n - 1], settings)  # warm-up on a different question
        timed.spent.clear()
        timed.server.clear()
        runs, cpu, intent = [], [], ""
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            answer = answer_question(timed, q, settings)
            runs.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            intent = answer.intent
        out.append(
            {
                "question": q,
                "intent": intent,
                "ms": runs,
                "cpu": cpu,
                "templates": {k: v / repeat for k, v in timed.spent.items()},
                "server": {k: v / repeat for k, v in timed.server.items()},
                "items": len(answer.items),
            }
        )
    return out


def summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    runs = [ms for r in records for ms in r["ms"]]
    db = [sum(r["templates"].values()) for r in records]
    cpu = [ms for r in records for ms in r.get("cpu", [0.0])]
    server = [sum(r.get("server", {}).values()) for r in records]
    return {
        "median": statistics.median(runs),
        "p95": pct(runs, 0.95),
        "max": max(runs),
        "db_median": statistics.median(db),
        "db_p95": pct(db, 0.95),
        "cpu_median": statistics.median(cpu),
        "cpu_p95": pct(cpu, 0.95),
        "server_median": statistics.median(server),
        "server_p95": pct(server, 0.95),
    }


def show(records: list[dict[str, Any]]) -> None:
    s = summary(records)
    print(
        f"{len(records)} questions: median {s['median']:.1f} ms, p95 {s['p95']:.1f} ms, max {s['max']:.1f} ms; "
        f"store share per question median {s['db_median']:.1f} ms, p95 {s['db_p95']:.1f} ms; "
        f"client CPU median {s['cpu_median']:.1f} ms, p95 {s['cpu_p95']:.1f}; server execution median "
        f"{s['server_median']:.1f} ms, p95 {s['server_p95']:.1f}"
    )
    per_t, per_s = _by(records, "template"), _by(records, "server")
    print(f"{'template':<34}{'questions':>10}{'median ms':>11}{'p95 ms':>9}{'server p95':>11}{'total ms':>10}")
    for k, v in sorted(per_t.items(), key=lambda kv: -sum(kv[1])):
        srv = pct(per_s.get(k) or [0.0], 0.95)
        print(f"{k:<34}{len(v):>10}{statistics.median(v):>11.2f}{pct(v, 0.95):>9.2f}{srv:>11.2f}{sum(v):>10.1f}")


def _by(records: list[dict[str, Any]], key: str) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(list)
    for r in records:
        if key == "intent":
            out[r["intent"]] += r["ms"]
        elif key == "intent cpu":
            out[r["intent"]] += r.get("cpu", [])
        else:
            for k, v in r["templates" if key == "template" else "server"].items():
                out[k].append(v)
    return out


def compare(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> None:
    """Side by side: overall, per intent, per template, and the questions that grew most."""
    sa, sb = summary(a), summary(b)
    print(f"{'':<34}{'A':>18}{'B':>18}{'B/A':>7}")
    for k in ("median", "p95", "db_median", "db_p95", "cpu_median", "cpu_p95", "server_median", "server_p95"):
        print(f"{k:<34}{sa[k]:>18.1f}{sb[k]:>18.1f}{sb[k] / max(sa[k], 1e-9):>7.2f}")
    for key in ("intent", "intent cpu", "template", "server"):
        ga, gb = _by(a, key), _by(b, key)
        print(f"\n{key:<34}{'A median / p95':>18}{'B median / p95':>18}{'p95 B/A':>8}")
        for k in sorted(gb, key=lambda k: -pct(gb[k], 0.95)):
            va = ga.get(k) or [float("nan")]
            print(
                f"{k:<34}{statistics.median(va):>9.1f}{pct(va, 0.95):>9.1f}"
                f"{statistics.median(gb[k]):>9.1f}{pct(gb[k], 0.95):>9.1f}{pct(gb[k], 0.95) / pct(va, 0.95):>8.2f}"
            )
    old = {r["question"]: statistics.median(r["ms"]) for r in a}
    grown = sorted(b, key=lambda r: old.get(r["question"], 0) - statistics.median(r["ms"]))[:15]
    print("\nquestions that grew most (median ms A -> B, top templates in B):")
    for r in grown:
        top = sorted(r["templates"].items(), key=lambda kv: -kv[1])[:3]
        tops = ", ".join(f"{k} {v:.1f}" for k, v in top)
        was, now = old.get(r["question"], 0), statistics.median(r["ms"])
        print(f"  {was:6.1f} -> {now:6.1f} [{r['intent']}] {r['question'][:70]}")
        print(f"         {tops}")


PROBES = ("statement_hits",)  # a word's capped hit count: probed once per word and graph version


def _profiled(store: Any, graph: str, statement: str, params: dict[str, Any]) -> tuple[int, float]:
    """Records produced (summed over the plan's operations) and execution ms of one GRAPH.PROFILE."""
    import re

    from kg.store.falkor import _params_header

    reply = store._db.connection.execute_command("GRAPH.PROFILE", graph, _params_header(params) + statement)
    lines = [x.decode() if isinstance(x, bytes) else str(x) for x in reply]
    recs = sum(int(m.group(1)) for line in lines if (m := re.search(r"Records produced: (\d+)", line)))
    ms = sum(float(m.group(1)) for line in lines if (m := re.search(r"Execution time: ([\d.]+) ms", line)))
    return recs, ms


def records(store: Any, settings: Any, graph: str, questions: list[str]) -> list[dict[str, Any]]:
    """Per question, every statement it sends, GRAPH.PROFILE'd: the records the store produces (which
    do not depend on the machine's load, unlike any time) and the server's ms, by template."""
    from kg.query import answer_question

    names, sent = template_names(store.dialect), []
    send = store.query

    def query(statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        sent.append((statement, dict(params or {})))
        return send(statement, params)

    store.query = query
    out = []
    for q in questions:
        sent.clear()
        answer = answer_question(store, q, settings)
        calls = [(names.get(st, "other"), *_profiled(store, graph, st, p)) for st, p in list(sent)]
        out.append(
            {"question": q, "intent": answer.intent, "calls": calls, "items": [i.name for i in answer.items[:5]]}
        )
    return out


def show_records(rows: list[dict[str, Any]]) -> None:
    per_q = [sum(n for t, n, _ in r["calls"] if t not in PROBES) for r in rows]
    print(
        f"{len(rows)} questions, records produced per question (word probes left out): median "
        f"{statistics.median(per_q):.0f}, p95 {pct(per_q, 0.95):.0f}, max {max(per_q)}"
    )
    for n, r in sorted(zip(per_q, rows, strict=True), key=lambda x: -x[0])[:15]:
        by: dict[str, int] = defaultdict(int)
        for t, recs, _ in r["calls"]:
            by[t] += recs
        top = ", ".join(f"{t} {v}" for t, v in sorted(by.items(), key=lambda kv: -kv[1])[:3])
        print(f"  {n:7d} [{r['intent']}] {r['question'][:60]} :: {top}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", type=Path, nargs="?")
    ap.add_argument("graph", nargs="?", default="scale")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--compare", type=Path, nargs=2, default=None)
    ap.add_argument("--records", action="store_true", help="records produced per question (GRAPH.PROFILE), not times")
    args = ap.parse_args()
    if args.compare:
        compare(*(json.loads(p.read_text()) for p in args.compare))
        return
    from ask import questions

    from kg.config import Settings
    from kg.store.falkor import FalkorStore

    settings = Settings(data_dir=args.data_dir, graph_name=args.graph, graph_uri="")
    store = FalkorStore(args.data_dir, args.graph)
    try:
        if args.records:
            out = records(store, settings, args.graph, questions())
            show_records(out)
        else:
            out = profile(store, settings, questions(), args.repeat)
            show(out)
    finally:
        store.close()
    if args.json:
        args.json.write_text(json.dumps(out))


if __name__ == "__main__":
    main()
