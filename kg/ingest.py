"""Bulk ingestion: read -> skip known ids -> parse in parallel -> resolve in order -> batched writes.

* Inputs are streamed; every stage holds a bounded number of articles (one lookup chunk, two
  batches per worker in flight, one write group), so memory does not grow with the corpus.
* Articles already in the store (or already on their way to it in this run) are skipped by id
  before any parsing. Each write group is written with MERGE on stable ids, the Article node and
  its relationships last, so a stored article is complete: after Ctrl-C or ``kill -9`` the same
  command finishes the job, nothing lost and nothing duplicated.
* Extraction runs in worker processes that each run ``nlp.pipe`` and ``extract_doc`` and send
  back small Extraction records (``pool``, the default: the writer process does no parsing and
  deserialises no Docs), or with ``nlp.pipe(n_process=N)`` and ``extract_doc`` in this process
  (``KG_INGEST_MODE=pipe``), or on a Dask cluster (``--dask``: the same worker function). Either
  way claims are resolved against the whole corpus (``CorpusState``, seeded from the store) here,
  in the single writer process, in input order.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import multiprocessing
import multiprocessing.queues
import os
import queue
import signal
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from extraction.corpus import CorpusState, KnownClaim, KnownEntity
from extraction.readers import ReadError, ReadLimits, iter_files, open_regular, read_paths
from extraction.records import ArticleRecord, Extraction
from kg import drift
from kg.config import Settings, get_settings
from kg.store.base import GraphStore
from kg.writer import WriteCounts, existing_article_ids, write_extractions
from ontology import checked

# Seed corpus-level resolution only from what complete (stored) articles reference: nodes left
# behind by a write group that a kill cut short are invisible here, so a resumed run resolves
# every claim exactly as an uninterrupted run would, and re-MERGEs those nodes by the same ids.
KNOWN_CLAIMS = checked(
    "MATCH (:Article)-[:CONTAINS]->(:Statement)-[:ABOUT]->(c:Claim) WITH DISTINCT c "
    "OPTIONAL MATCH (c)-[:INVOLVES]->(e:Entity) "
    "RETURN c.id AS id, c.text AS text, c.frames AS frames, collect(e.id) AS entities"
)
KNOWN_ENTITIES = checked(
    "MATCH (:Article)-[:MENTIONS]->(e:Entity) WITH DISTINCT e "
    "RETURN e.id AS id, e.name AS name, e.type AS type, e.norm AS norm"
)


def lint_statements(dialect) -> list[tuple[str, str]]:
    return [("known_claims", KNOWN_CLAIMS), ("known_entities", KNOWN_ENTITIES)]


def corpus_state(store: GraphStore, settings: Settings) -> CorpusState:
    """Corpus-level state seeded from what the store already holds."""
    state = CorpusState(settings.claim_match_threshold)
    state.seed(
        claims=(
            KnownClaim(r["id"], r["text"] or "", list(r["entities"] or []), frames=list(r["frames"] or []))
            for r in store.query(KNOWN_CLAIMS)
        ),
        entities=(
            KnownEntity(r["id"], r["name"] or "", r["type"] or "", r["norm"] or "") for r in store.query(KNOWN_ENTITIES)
        ),
    )
    return state


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class IngestOptions:
    """How to run extraction. ``from_settings`` reads the ``KG_INGEST_*`` settings."""

    workers: int = 1  # nlp.pipe n_process (local path only)
    pipe_batch: int = 32  # documents per nlp.pipe batch, and per Dask task
    chunk: int = 250  # articles per store lookup and per write group
    disable: tuple[str, ...] = ()  # spaCy components to skip
    dask: str | None = None  # scheduler address: run extraction on that cluster
    mode: str = "pool"  # pool: workers parse and extract; pipe: nlp.pipe(n_process), extract here

    @classmethod
    def from_settings(cls, s: Settings, **overrides: Any) -> IngestOptions:
        values: dict[str, Any] = {
            "workers": s.ingest_workers if s.ingest_workers > 0 else cpu_count(),
            "pipe_batch": max(1, s.ingest_pipe_batch),
            "chunk": max(1, s.ingest_chunk),
            "disable": tuple(c.strip() for c in s.ingest_disable.split(",") if c.strip()),
            "mode": s.ingest_mode,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass
class IngestReport:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    errors: list[ReadError] = field(default_factory=list)
    written: WriteCounts = field(default_factory=WriteCounts)
    resolve_seconds: float = 0.0  # corpus-wide resolution, in the writer process
    write_seconds: float = 0.0  # batched writes, in the writer process
    drift_seconds: float = 0.0  # drift findings for the claims each write group touched (kg/drift.py)

    @property
    def ok(self) -> bool:
        return not self.errors


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during ingestion; ``report`` says what was stored (run the same command to resume)."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__("interrupted")
        self.report = report


ProgressFn = Callable[[int], None]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


# --- counting inputs (for the progress bar's total and ETA) -----------------------------------


def _count_lines(path: Path) -> int:
    """Lines in a jsonl file, counted in 1 MiB blocks (blank lines included: an estimate)."""
    lines, last = 0, b"\n"
    try:
        with open_regular(path) as fh:  # a FIFO or device named .jsonl must not block the count
            while block := fh.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
    except (OSError, ValueError):
        return 1
    return lines + (last != b"\n")


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many articles the paths hold, cheaply: one per file, one per jsonl line; texts are not read."""
    total = 0
    for item in iter_files(paths):
        if isinstance(item, Path) and item.suffix.lower() in {".jsonl", ".ndjson"}:
            total += _count_lines(item)
        else:
            total += 1
    return total


# --- worker processes: die with the parent, leave Ctrl-C to it --------------------------------

_PARENT_PID: int | None = None


def _after_fork_in_child() -> None:
    """In spaCy's forked workers: ignore SIGINT (the parent stops them) and die if the parent dies."""
    if _PARENT_PID is None:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: no orphans after kill -9
    if os.getppid() != _PARENT_PID:  # the parent died before prctl took effect
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@contextlib.contextmanager
def _worker_guard() -> Iterator[None]:
    """While extracting: forked workers ignore Ctrl-C and die with this process; on Ctrl-C this
    process stops them before raising, because spaCy's clean-up waits for its workers (which,
    holding inherited pipe ends, could otherwise block forever on a full pipe)."""
    global _PARENT_PID
    before = set(multiprocessing.active_children())
    parent = os.getpid()

    def on_sigint(signum: int, frame: Any) -> None:
        if os.getpid() != parent:
            return
        warnings.filterwarnings("ignore", message=r"\[W127\]")  # spaCy: "not all workers completed"
        workers = set(multiprocessing.active_children()) - before
        for proc in workers:
            proc.terminate()
        for proc in workers:
            proc.join(5)
        if workers:  # spaCy's input queues may still hold texts nobody will read: do not wait for them at exit
            for obj in gc.get_objects():
                if isinstance(obj, multiprocessing.queues.Queue):
                    obj.cancel_join_thread()
        raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, on_sigint) if main else None
    _PARENT_PID = parent
    try:
        yield
    finally:
        _PARENT_PID = None
        if main:
            signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)


# --- extraction backends: Iterator[ArticleRecord] -> Iterator[Extraction | ReadError], in order --


def _failed(art: ArticleRecord, exc: BaseException) -> ReadError:
    return ReadError(art.source_path or art.id, f"extraction failed: {type(exc).__name__}: {exc}")


def extract_local(
    articles: Iterable[ArticleRecord], model: str, opts: IngestOptions
) -> Iterator[Extraction | ReadError]:
    """``nlp.pipe`` with ``n_process`` workers; only the text and the id travel to the workers."""
    from extraction.pipeline import extract_doc, load_pipeline  # spaCy loads only when there is work

    nlp = load_pipeline(model)
    disable = [c for c in opts.disable if c in nlp.pipe_names]
    flight: dict[str, ArticleRecord] = {}

    def feed() -> Iterator[tuple[str, str]]:
        for art in articles:
            flight[art.id] = art
            yield art.text, art.id

    docs = nlp.pipe(feed(), as_tuples=True, batch_size=opts.pipe_batch, n_process=max(1, opts.workers), disable=disable)
    try:
        for doc, aid in docs:
            art = flight.pop(aid)
            try:
                yield extract_doc(doc, art)
            except Exception as exc:
                yield _failed(art, exc)
    finally:
        docs.close()


def extract_batch(articles: list[ArticleRecord], model: str, disable: tuple[str, ...] = ()) -> list[Any]:
    """Parse and extract a batch in a worker (pool or Dask); the pipeline loads once per process.

    Returns Extraction records (small, picklable) instead of Docs, so the writer process only
    resolves and writes. A batch spaCy cannot parse is retried one article at a time.
    """
    from extraction.pipeline import extract_doc, load_pipeline

    nlp = load_pipeline(model)
    skip = [c for c in disable if c in nlp.pipe_names]
    try:
        docs = list(nlp.pipe((a.text for a in articles), batch_size=len(articles), disable=skip))
    except Exception:
        if len(articles) == 1:
            return [_failed(articles[0], sys.exc_info()[1] or RuntimeError("parse failed"))]
        return [r for a in articles for r in extract_batch([a], model, disable)]
    out: list[Extraction | ReadError] = []
    for doc, art in zip(docs, articles, strict=True):
        try:
            out.append(extract_doc(doc, art))
        except Exception as exc:
            out.append(_failed(art, exc))
    return out


def _pool_worker(model: str, disable: tuple[str, ...], tasks: Any, results: Any) -> None:
    while (task := tasks.get()) is not None:
        seq, batch = task
        results.put((seq, extract_batch(batch, model, disable)))


def extract_pool(
    articles: Iterable[ArticleRecord], model: str, opts: IngestOptions
) -> Iterator[Extraction | ReadError]:
    """``opts.workers`` forked processes, each running ``nlp.pipe`` + ``extract_doc`` on batches.

    At most two batches per worker are in flight; results are re-ordered to input order. The
    model is loaded before forking, so workers share its pages and start at once.
    """
    from extraction.pipeline import load_pipeline

    load_pipeline(model)
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    procs = [
        ctx.Process(
            target=_pool_worker, args=(model, opts.disable, tasks, results), daemon=True, name=f"kg-extract-{i}"
        )
        for i in range(opts.workers)
    ]
    for proc in procs:
        proc.start()
    batches = _chunks(articles, opts.pipe_batch)
    done: dict[int, list[Any]] = {}
    sent = expected = 0
    exhausted = clean = False
    try:
        while True:
            while not exhausted and sent - expected < 2 * opts.workers:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                else:
                    tasks.put((sent, batch))
                    sent += 1
            if expected == sent:
                break
            while expected not in done:
                try:
                    seq, out = results.get(timeout=1.0)
                except queue.Empty:
                    dead = [p for p in procs if not p.is_alive()]
                    if dead:
                        raise RuntimeError(
                            f"an extraction worker died (exit code {dead[0].exitcode}); stored articles are kept, "
                            "run the same command again to resume"
                        ) from None
                    continue
                done[seq] = out
            yield from done.pop(expected)
            expected += 1
        for _ in procs:
            tasks.put(None)
        for proc in procs:
            proc.join(30)
        clean = True
    finally:
        if not clean:  # interrupted or failed: stop the workers now, do not wait for queued work
            for proc in procs:
                if proc.is_alive():
                    proc.terminate()
            for proc in procs:
                proc.join(5)
            tasks.cancel_join_thread()
            results.cancel_join_thread()
        tasks.close()
        results.close()


def extract_dask(
    articles: Iterable[ArticleRecord], address: str, model: str, opts: IngestOptions
) -> Iterator[Extraction | ReadError]:
    """Tasks of ``pipe_batch`` articles on an existing cluster; results come back in input order.

    At most two tasks per worker thread are in flight, so memory stays bounded on both sides.
    """
    from distributed import Client

    client = Client(address, set_as_default=False)
    futures: deque[Any] = deque()
    try:
        limit = 2 * max(1, sum(client.nthreads().values()))
        for batch in _chunks(articles, opts.pipe_batch):
            futures.append(client.submit(extract_batch, batch, model, opts.disable, pure=False))
            while len(futures) >= limit:
                yield from futures.popleft().result()
        while futures:
            yield from futures.popleft().result()
    finally:
        if futures:
            with contextlib.suppress(Exception):
                client.cancel(list(futures))
        client.close()


# --- the run --------------------------------------------------------------------------------


def _plan(
    store: GraphStore,
    items: Iterable[ArticleRecord | ReadError],
    chunk: int,
    report: IngestReport,
    pending: set[str],
    progress: ProgressFn,
) -> Iterator[ArticleRecord]:
    """Articles that need parsing: errors are reported, known and in-flight ids skipped."""
    for part in _chunks(items, chunk):
        articles: list[ArticleRecord] = []
        seen: set[str] = set()
        skipped = 0
        for item in part:
            if isinstance(item, ReadError):
                report.errors.append(item)
                report.failed += 1
                skipped += 1
            elif item.id in seen or item.id in pending:
                report.duplicate += 1
                skipped += 1
            else:
                seen.add(item.id)
                articles.append(item)
        known = existing_article_ids(store, [a.id for a in articles])
        report.duplicate += len(known)
        progress(skipped + len(known))
        for art in articles:
            if art.id not in known:
                pending.add(art.id)
                yield art


def ingest_articles(
    store: GraphStore,
    items: Iterable[ArticleRecord | ReadError],
    settings: Settings | None = None,
    chunk_size: int | None = None,
    on_progress: ProgressFn | None = None,
    options: IngestOptions | None = None,
) -> IngestReport:
    """Ingest a stream of articles; raises ``IngestInterrupted`` (with the report so far) on Ctrl-C.

    One ingestion per graph at a time (``store.exclusive()``): a concurrent run waits, then skips
    what this one stored, so overlapping runs never extract or resolve the same article twice.
    """
    with store.exclusive():
        return _ingest_articles(store, items, settings, chunk_size, on_progress, options)


def _ingest_articles(
    store: GraphStore,
    items: Iterable[ArticleRecord | ReadError],
    settings: Settings | None,
    chunk_size: int | None,
    on_progress: ProgressFn | None,
    options: IngestOptions | None,
) -> IngestReport:
    s = settings or get_settings()
    opts = options or IngestOptions.from_settings(s)
    if chunk_size:
        opts = dataclasses.replace(opts, chunk=chunk_size)
    progress = on_progress or (lambda n: None)
    report = IngestReport()
    pending: set[str] = set()
    todo = _plan(store, items, opts.chunk, report, pending, progress)
    buffer: list[Extraction] = []

    def flush() -> None:
        if buffer:
            started = time.perf_counter()
            report.written.add(write_extractions(store, buffer, s.batch_size))
            report.write_seconds += time.perf_counter() - started
            started = time.perf_counter()
            drift.refresh_articles(store, [ex.article.id for ex in buffer])  # only the claims this group touched
            report.drift_seconds += time.perf_counter() - started
            report.new += len(buffer)
            pending.difference_update(ex.article.id for ex in buffer)
            progress(len(buffer))
            buffer.clear()

    try:
        first = next(todo, None)
        if first is None:  # everything known or failed: no model to load, no workers to start
            return report
        state = corpus_state(store, s)
        articles = chain([first], todo)
        if opts.dask:
            results = extract_dask(articles, opts.dask, s.spacy_model, opts)
        elif opts.workers > 1 and opts.mode == "pool":
            results = extract_pool(articles, s.spacy_model, opts)
        else:
            results = extract_local(articles, s.spacy_model, opts)
        with _worker_guard(), contextlib.closing(results):
            for result in results:
                if isinstance(result, ReadError):
                    report.errors.append(result)
                    report.failed += 1
                    progress(1)
                    continue
                started = time.perf_counter()
                buffer.append(state.resolve(result))  # here, in input order: corpus-wide matching
                report.resolve_seconds += time.perf_counter() - started
                if len(buffer) >= opts.chunk:
                    flush()
            flush()
    except KeyboardInterrupt as exc:
        raise IngestInterrupted(report) from exc
    finally:
        todo.close()
    return report


def ingest_paths(
    store: GraphStore,
    paths: list[str | Path],
    settings: Settings | None = None,
    on_progress: ProgressFn | None = None,
    options: IngestOptions | None = None,
) -> IngestReport:
    s = settings or get_settings()
    limits = ReadLimits(max_file_bytes=s.max_file_bytes, max_article_chars=s.max_article_chars)
    return ingest_articles(store, read_paths(paths, limits), s, on_progress=on_progress, options=options)
