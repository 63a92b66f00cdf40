"""Replay the writer's work on pre-extracted Reuters stories, to see in minutes how its per-article
cost grows with the corpus (#17), without re-running spaCy.

    .venv/bin/python bench/replay.py [--limit N] [--window W] [--store] [--chunk C]
                                     [--cache DIR] [--assign FILE] [--state FILE] [--profile FILE]

The stories of ``../shared/corpus/reuters21578.jsonl`` are extracted once (``kg.ingest.extract_batch``,
two processes) into pickles of 1,000 in ``--cache`` (missing ones are made first; that is the slow
part, ~20 min of CPU for all 19,043). Then the first ``--limit`` extractions go through
``CorpusState.resolve`` in input order, as ``kg ingest``'s writer does; with ``--store`` every
``--chunk`` of them is also written (``write_extractions``) and its drift refreshed
(``drift.refresh_articles``) in a temporary embedded store. Printed per window of ``--window``
articles: the writer's CPU ms per article by stage (resolution split into candidate search, word
scoring, the encoder and the rest: entity votes, frames), the store server's CPU ms per article,
and the claims known so far. Compare an early window with a late one to see growth.

``--assign FILE`` saves statement id -> claim id after resolution (JSON), and the end of the run
prints the number of claims and the statements-per-claim histogram: run before and after a change
to resolution, then ``--compare A B`` tells how many statements changed claim. ``--state FILE``
saves the resolution state after every window as ``kg ingest`` does after a run (``kg/resolution_state.py``:
the first save whole, later ones append the changes) and, for comparison, whole: CPU seconds and size.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REUTERS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl"
PER_PICKLE = 1000
WRAPPED = ("_candidates", "_bounded", "vectors")  # methods the replay times (Clock.wrap)
STAGES = (
    "candidates",
    "bound",
    "encoder",
    "resolve_other",
    "write",
    "drift",
    "neighbours",
    "read",
    "analyse",
    "server",
)


def _extract(batch: list[Any]) -> list[Any]:
    from kg.config import get_settings
    from kg.ingest import extract_batch

    return extract_batch(batch, get_settings().spacy_model)


def make_cache(cache: Path, limit: int) -> None:
    """Extract the stories the missing pickles hold (two processes, batches of 32)."""
    from extraction.readers import read_jsonl_file

    arts = [a for a in read_jsonl_file(REUTERS) if hasattr(a, "text")][:limit]
    cache.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(2) as pool:
        for start in range(0, len(arts), PER_PICKLE):
            dst = cache / f"reuters_{start // PER_PICKLE:02d}.pkl"
            if dst.exists():
                continue
            part = arts[start : start + PER_PICKLE]
            out = [r for b in pool.map(_extract, [part[i : i + 32] for i in range(0, len(part), 32)]) for r in b]
            tmp = dst.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(out, fh)
            os.replace(tmp, dst)
            print(f"extracted {start + len(part)}", file=sys.stderr, flush=True)


def extractions(cache: Path, limit: int) -> Iterator[Any]:
    from extraction.records import Extraction

    n = 0
    for i in range((limit + PER_PICKLE - 1) // PER_PICKLE):
        with (cache / f"reuters_{i:02d}.pkl").open("rb") as fh:
            for ex in pickle.load(fh):
                if n >= limit:
                    return
                if isinstance(ex, Extraction):
                    n += 1
                    yield ex


class Clock:
    """CPU seconds per stage, for the current window and in total."""

    def __init__(self) -> None:
        self.window: Counter[str] = Counter()
        self.total: Counter[str] = Counter()

    def add(self, stage: str, seconds: float) -> None:
        self.window[stage] += seconds
        self.total[stage] += seconds

    def wrap(self, obj: Any, name: str, stage: str) -> None:
        """Time every call of ``obj.name`` (an instance attribute shadows the method)."""
        fn: Callable[..., Any] = getattr(obj, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(stage, time.process_time() - t)

        setattr(obj, name, timed)


def row(label: str, n: int, cpu: Counter[str], claims: int) -> str:
    per = {k: 1000 * cpu[k] / max(n, 1) for k in (*STAGES, "resolve")}
    return (
        f"{label:>13} | resolve {per['resolve']:6.2f} (cands {per['candidates']:5.2f} bound {per['bound']:5.2f} "
        f"enc {per['encoder']:5.2f} other {per['resolve_other']:5.2f}) | write {per['write']:5.2f} "
        f"drift {per['drift']:6.2f} (neighbours {per['neighbours']:5.2f} read {per['read']:5.2f} analyse "
        f"{per['analyse']:5.2f}) | server {per['server']:6.2f} | writer "
        f"{per['resolve'] + per['write'] + per['drift']:6.2f} CPU ms/article | claims {claims}, "
        f"texts encoded {cpu['texts'] / max(n, 1):.2f}/article"
    )


class Store:
    """A temporary embedded store, its server's CPU, and the writer's two store stages."""

    def __init__(self, clock: Clock, cache: bool, check: bool) -> None:
        import psutil

        from kg.store import embedded
        from kg.store.falkor import FalkorStore

        self.dir = Path(tempfile.mkdtemp(prefix="claimgraph-replay-"))
        info = embedded.start(self.dir)
        self.server = psutil.Process(info.pid)
        self.store = FalkorStore(self.dir, "replay")
        self.store.ensure_schema()
        self.clock = clock
        self.check = check
        self.statements: Any = None
        self.mismatches = 0
        from kg import drift

        if cache:
            self.statements = drift.StatementCache()

        for name, stage in (("neighbours", "neighbours"), ("read_claims", "read"), ("analyse", "analyse")):
            clock.wrap(drift, name, stage)
        self.server_cpu = self._server()

    def _server(self) -> float:
        t = self.server.cpu_times()
        return t.user + t.system

    def flush(self, buffer: list[Any]) -> None:
        from kg import drift
        from kg.writer import write_extractions

        t = time.process_time()
        write_extractions(self.store, buffer)
        t2 = time.process_time()
        ids = [ex.article.id for ex in buffer]
        found = drift.refresh_articles(self.store, ids, *([self.statements] if self.statements else []))
        self.clock.add("write", t2 - t)
        self.clock.add("drift", time.process_time() - t2)
        if self.check:
            self.mismatches += self._check(ids, found)
        now = self._server()
        self.clock.add("server", now - self.server_cpu)
        self.server_cpu = now

    def _check(self, ids: list[str], found: list[Any]) -> int:
        """How many of these findings differ from a refresh of the same articles that reads every
        claim afresh from the store (it rewrites the same findings when they agree)."""
        from kg import drift

        fresh = {f.claim: f for f in drift.refresh_articles(self.store, ids)}
        bad = 0
        for f in found:
            g = fresh.get(f.claim)
            if g is None or f.row() != g.row() or sorted(f.links) != sorted(g.links):
                bad += 1
                if os.environ.get("REPLAY_SHOW") and bad <= 2:
                    print("cached:", f.row(), sorted(f.links), "\nfresh: ", g and g.row(), g and sorted(g.links))
        return bad

    def close(self) -> None:
        import shutil

        from kg.store import embedded

        self.store.close()
        embedded.stop(self.dir)
        shutil.rmtree(self.dir, ignore_errors=True)


def replay(args: argparse.Namespace) -> dict[str, str]:
    from extraction.corpus import CorpusState

    clock = Clock()
    state = CorpusState()
    state.matcher.vectors(["warm up the encoder"])
    clock.wrap(state, "_candidates", "candidates")
    clock.wrap(state, "_bounded", "bound")
    clock.wrap(state.matcher, "vectors", "encoder")
    store = Store(clock, not args.no_cache, args.check) if args.store else None
    assign: dict[str, str] = {}
    buffer: list[Any] = []
    done = start = 0
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    try:
        for ex in extractions(args.cache, args.limit):
            t, encoded = time.process_time(), state.matcher.encoded
            if profiler and done >= args.limit - args.window:
                profiler.enable()
            state.resolve(ex)
            if profiler:
                profiler.disable()
            clock.add("resolve", time.process_time() - t)
            clock.add("texts", state.matcher.encoded - encoded)
            assign.update({att.id: att.claim for att in ex.attributions if att.claim})
            buffer.append(ex)
            done += 1
            if store and len(buffer) >= args.chunk:
                store.flush(buffer)
            if len(buffer) >= args.chunk:
                buffer.clear()
            if done % args.window == 0:
                _print_window(clock, start, done, len(state.claims))
                start = done
                if args.state:
                    _save_state(state, args.state, done)
        if store and buffer:
            store.flush(buffer)
        if done > start:
            _print_window(clock, start, done, len(state.claims))
    finally:
        if store:
            store.close()
            if args.check:
                print(f"drift findings that differ from a fresh read: {store.mismatches}")
    print(row("all", done, clock.total, len(state.claims)))
    if profiler:
        import pstats

        profiler.dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(25)
    return assign


def _print_window(clock: Clock, start: int, done: int, claims: int) -> None:
    w = clock.window
    w["resolve_other"] = w["resolve"] - w["candidates"] - w["bound"] - w["encoder"]
    clock.total["resolve_other"] += w["resolve_other"]
    print(row(f"{start:,}-{done:,}", done - start, w, claims), flush=True)
    clock.window = Counter()


def _save_state(state: Any, path: Path, done: int) -> None:
    """Save the state as ``kg ingest`` does after a run (its changes appended to the file), and
    whole, as every save did before: CPU seconds and MiB of each."""
    from kg import resolution_state

    timers = [
        (obj, name, obj.__dict__.pop(name))
        for obj in (state, state.matcher)
        for name in list(vars(obj))
        if name in WRAPPED
    ]
    t = time.process_time()
    resolution_state.write(path, [done], state)
    appended = time.process_time() - t
    whole = path.with_name(path.name + ".whole")
    t = time.process_time()
    with whole.open("wb") as fh:
        pickle.dump(([done], state), fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(
        f"{'':>13} | state saved: {appended:.2f} CPU s (file {path.stat().st_size / 2**20:.1f} MiB); "
        f"whole: {time.process_time() - t:.2f} CPU s ({whole.stat().st_size / 2**20:.1f} MiB)",
        flush=True,
    )
    whole.unlink()
    for obj, name, timer in timers:  # the Clock's timers are no part of the state
        setattr(obj, name, timer)


def histogram(assign: dict[str, str]) -> str:
    sizes = Counter(assign.values())
    bins: Counter[str] = Counter()
    for n in sizes.values():
        bins["1" if n == 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-9" if n <= 9 else "10+"] += 1
    return f"{len(sizes)} claims over {len(assign)} statements; statements per claim: " + ", ".join(
        f"{k}: {bins[k]}" for k in ("1", "2", "3-4", "5-9", "10+")
    )


def compare(a_path: Path, b_path: Path) -> None:
    """How many statements sit in a different group in B than in A (claims compared as sets of statements)."""
    a, b = (json.loads(p.read_text()) for p in (a_path, b_path))
    print("A:", histogram(a))
    print("B:", histogram(b))

    def groups(assign: dict[str, str]) -> dict[str, frozenset[str]]:
        members: dict[str, set[str]] = defaultdict(set)
        for sid, cid in assign.items():
            members[cid].add(sid)
        frozen = {cid: frozenset(m) for cid, m in members.items()}
        return {sid: frozen[cid] for sid, cid in assign.items()}

    ga, gb = groups(a), groups(b)
    moved = [sid for sid in ga if sid in gb and ga[sid] != gb[sid]]
    print(f"statements whose claim group differs: {len(moved)} of {len(ga)}")
    merged_a = sum(1 for g in set(ga.values()) if len(g) > 1)
    merged_b = sum(1 for g in set(gb.values()) if len(g) > 1)
    print(f"multi-statement claims: A {merged_a}, B {merged_b}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=19_043)
    ap.add_argument("--window", type=int, default=1000)
    ap.add_argument("--chunk", type=int, default=250, help="articles per write group (kg ingest's default)")
    ap.add_argument("--store", action="store_true", help="also write and refresh drift in a temporary store")
    ap.add_argument("--no-cache", action="store_true", help="drift reads claims whole each group (no StatementCache)")
    ap.add_argument("--check", action="store_true", help="compare every drift refresh with one from a fresh read")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "claimgraph-replay-reuters")
    ap.add_argument("--assign", type=Path, help="save statement -> claim ids here (JSON)")
    ap.add_argument("--state", type=Path, help="save the resolution state here after every window (timed)")
    ap.add_argument("--profile", type=Path, help="cProfile the last window's resolution into this file")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"), help="compare two --assign files")
    args = ap.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    make_cache(args.cache, args.limit)
    assign = replay(args)
    print(histogram(assign))
    if args.assign:
        args.assign.write_text(json.dumps(assign))


if __name__ == "__main__":
    main()
