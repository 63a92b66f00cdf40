"""Bulk ingestion: read -> skip known ids -> parse in parallel -> resolve in order -> batched writes.

* Inputs are streamed; every stage holds a bounded number of articles (one lookup chunk, two
  batches per worker in flight, one write group), so memory does not grow with the corpus.
* Articles already in the store (or already on their way to it in this run) are skipped by id
  before any parsing. Each write group is written with MERGE on stable ids, the Article node and
  its relationships last, so a stored article is complete: after Ctrl-C or ``kill -9`` the same
  command finishes the job, nothing lost and nothing duplicated.
* Extraction runs in worker processes (a ``ProcessPoolExecutor`` whose initializer loads the
  model once) that each run ``nlp.pipe`` and ``extract_doc`` and send back small Extraction
  records, so the writer process does no parsing and deserialises no Docs; or on a Dask cluster
  (``--dask``: the same worker function); or in this process with one worker. Either way claims
  are resolved against the whole corpus (``CorpusState``, seeded from the store) here, in the
  single writer process, in input order; the claim texts' vectors it compares are encoded here as
  needed, or ahead by the workers (``encode_in_workers``, the default on Dask), so the one process
  everything waits for does not run the encoder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extraction.corpus import CorpusState, KnownClaim, KnownEntity, encodable_texts
from extraction.readers import ReadError, ReadLimits, iter_files, open_regular, read_paths
from extraction.records import ArticleRecord, Extraction
from kg import drift, resolution_state
from kg.config import Settings, get_settings
from kg.store.base import GraphStore
from kg.writer import WriteCounts, existing_article_ids, prepare_writes
from ontology import checked

if TYPE_CHECKING:
    import numpy as np

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
    return [("known_claims", KNOWN_CLAIMS), ("known_entities", KNOWN_ENTITIES), ("state_stamp", resolution_state.STAMP)]


def corpus_state(store: GraphStore, settings: Settings) -> CorpusState:
    """Corpus-level state: the one the last completed run saved for what is stored now, else
    seeded from what the store holds."""
    saved = resolution_state.load(store, settings)
    if saved is not None:
        return saved
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

    workers: int = 1  # extraction processes (local path only; 1: in this process)
    pipe_batch: int = 32  # documents per nlp.pipe batch, and per Dask task
    chunk: int = 250  # articles per store lookup and per write group
    disable: tuple[str, ...] = ()  # spaCy components to skip
    dask: str | None = None  # scheduler address: run extraction on that cluster
    # Workers also encode the claim texts, so the writer's resolution does not (None: only on Dask).
    encode_in_workers: bool | None = None

    @classmethod
    def from_settings(cls, s: Settings, **overrides: Any) -> IngestOptions:
        values: dict[str, Any] = {
            "workers": s.ingest_workers if s.ingest_workers > 0 else cpu_count(),
            "encode_in_workers": s.ingest_encode_in_workers,
            "pipe_batch": max(1, s.ingest_pipe_batch),
            "chunk": max(1, s.ingest_chunk),
            "disable": tuple(c.strip() for c in s.ingest_disable.split(",") if c.strip()),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def worker_encoding(self) -> bool:
        """Whether the workers encode the claim texts. By default only on a Dask cluster: there the
        one writer is what the cores wait for, while on one machine the workers would spend more CPU
        than they save it (they encode every claim text, the writer only those that meet a candidate)."""
        return bool(self.dask) if self.encode_in_workers is None else self.encode_in_workers


@dataclass
class IngestReport:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    errors: list[ReadError] = field(default_factory=list)
    written: WriteCounts = field(default_factory=WriteCounts)
    resolve_seconds: float = 0.0  # corpus-wide resolution (loading and saving its state included), in the writer
    write_seconds: float = 0.0  # batched writes, in the writer process
    drift_seconds: float = 0.0  # drift findings for the claims each write group touched (kg/drift.py)
    # CPU seconds of the writer's main thread per stage (read: reading inputs, skipping known ids and
    # handing batches to the workers; resolve, write, drift as above), and of the whole writer process
    cpu: dict[str, float] = field(default_factory=dict)
    process_cpu: float = 0.0
    # claim texts run through the encoder for resolution: by the writer, and ahead by the workers
    writer_encoded: int = 0
    worker_encoded: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @contextlib.contextmanager
    def timed(self, stage: str, wall: str | None = None) -> Iterator[None]:
        """Add the block's main-thread CPU seconds to ``cpu[stage]`` (and its wall seconds to ``wall``)."""
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[stage] = self.cpu.get(stage, 0.0) + time.thread_time() - cpu0
            if wall:
                setattr(self, wall, getattr(self, wall) + time.perf_counter() - wall0)

    def cpu_line(self) -> str:
        """'writer CPU 12.3 s: read 0.1, resolve 9.0, ...' (the rest: the pool's result threads, start-up)."""
        parts = [f"{k} {v:.1f}" for k, v in self.cpu.items()]
        parts.append(f"other {max(0.0, self.process_cpu - sum(self.cpu.values())):.1f}")
        return f"writer process CPU {self.process_cpu:.1f} s: " + ", ".join(parts)


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


# --- extraction backends: batches of ArticleRecord -> batches of Extraction | ReadError, in order --


def _failed(art: ArticleRecord, exc: BaseException) -> ReadError:
    return ReadError(art.source_path or art.id, f"extraction failed: {type(exc).__name__}: {exc}")


@dataclass(slots=True)
class Encoded:
    """An extraction and its claim texts' vectors (``encodable_texts``), from a worker that encodes."""

    extraction: Extraction
    texts: list[str]
    vectors: np.ndarray  # float16, one row per text

    @classmethod
    def of(cls, ex: Extraction) -> Encoded:
        from extraction.embedding import encoder  # onnxruntime: loaded by the workers that encode

        texts = encodable_texts(ex)
        return cls(ex, texts, encoder().encode(texts).astype("float16"))


def extract_batch(
    articles: list[ArticleRecord], model: str, disable: tuple[str, ...] = (), encode: bool = False
) -> list[Any]:
    """Parse and extract a batch (in this process, a pool worker or a Dask worker); the pipeline
    loads once per process.

    Returns Extraction records (small, picklable) instead of Docs, so the writer process only
    resolves and writes; with ``encode``, ``Encoded`` ones carrying their claim texts' vectors.
    A batch spaCy cannot parse is retried one article at a time.
    """
    from extraction.pipeline import extract_doc, load_pipeline

    nlp = load_pipeline(model)
    skip = [c for c in disable if c in nlp.pipe_names]
    try:
        docs = list(nlp.pipe((a.text for a in articles), batch_size=len(articles), disable=skip))
    except Exception:
        if len(articles) == 1:
            return [_failed(articles[0], sys.exc_info()[1] or RuntimeError("parse failed"))]
        return [r for a in articles for r in extract_batch([a], model, disable, encode)]
    out: list[Extraction | Encoded | ReadError] = []
    for doc, art in zip(docs, articles, strict=True):
        try:
            ex = extract_doc(doc, art)
            out.append(Encoded.of(ex) if encode else ex)
        except Exception as exc:
            out.append(_failed(art, exc))
    return out


Batches = Iterator[list[Any]]


def _in_order(
    submit: Callable[[list[ArticleRecord]], Any], batches: Iterable[list[ArticleRecord]], limit: int
) -> Batches:
    """Submit batches, at most ``limit`` in flight, and yield their results in input order; a
    batch still in flight when the consumer stops is cancelled."""
    futures: deque[Any] = deque()
    try:
        for batch in batches:
            futures.append(submit(batch))
            while len(futures) >= limit:
                yield futures.popleft().result()
        while futures:
            yield futures.popleft().result()
    finally:
        for fut in futures:
            with contextlib.suppress(Exception):
                fut.cancel()


def extract_here(articles: Iterable[ArticleRecord], model: str, opts: IngestOptions) -> Batches:
    """One process: parse and extract in this one, batch by batch."""
    for batch in _chunks(articles, opts.pipe_batch):
        yield extract_batch(batch, model, opts.disable, opts.worker_encoding)


def _load_model(model: str) -> None:
    from extraction.pipeline import load_pipeline

    load_pipeline(model)


def _watch(parent: int, stop: Any) -> None:
    """In a pool worker: exit when the run stops (Ctrl-C, an error) or the parent dies (kill -9)."""
    while not stop.wait(0.5):
        if os.getppid() != parent:
            break
    os._exit(0)


def _init_worker(model: str, parent: int, stop: Any) -> None:
    """Pool initializer: Ctrl-C is the parent's to handle; load the model (a cache hit after fork)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch, args=(parent, stop), daemon=True, name="kg-watch-parent").start()
    from extraction.pipeline import load_pipeline

    load_pipeline(model)  # it keeps numpy's BLAS to one thread: the workers already fill the cores


def extract_pool(articles: Iterable[ArticleRecord], model: str, opts: IngestOptions) -> Batches:
    """``opts.workers`` processes (``ProcessPoolExecutor``), each running ``nlp.pipe`` +
    ``extract_doc`` on batches; two batches per worker in flight, results in input order.

    The model is loaded before the workers fork, so they share its pages and start at once. A
    worker ignores Ctrl-C and exits when the run stops or its parent dies, so nothing outlives
    the command.
    """
    _load_model(model)
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    stop = ctx.Event()
    pool = ProcessPoolExecutor(opts.workers, ctx, initializer=_init_worker, initargs=(model, os.getpid(), stop))
    try:
        yield from _in_order(
            lambda b: pool.submit(extract_batch, b, model, opts.disable, opts.worker_encoding),
            _chunks(articles, opts.pipe_batch),
            2 * opts.workers,
        )
    except BrokenProcessPool as exc:
        raise RuntimeError(
            "an extraction worker died; stored articles are kept, run the same command again to resume"
        ) from exc
    finally:
        stop.set()  # workers exit now, even in the middle of a batch
        pool.shutdown(wait=True, cancel_futures=True)


def extract_dask(articles: Iterable[ArticleRecord], address: str, model: str, opts: IngestOptions) -> Batches:
    """Tasks of ``pipe_batch`` articles on an existing cluster; results come back in input order.

    At most two tasks per worker thread are in flight, so memory stays bounded on both sides.
    """
    from distributed import Client

    client = Client(address, set_as_default=False)
    try:
        yield from _in_order(
            lambda b: client.submit(extract_batch, b, model, opts.disable, opts.worker_encoding, pure=False),
            _chunks(articles, opts.pipe_batch),
            2 * max(1, sum(client.nthreads().values())),
        )
    finally:
        client.close()


def extract(articles: Iterable[ArticleRecord], model: str, opts: IngestOptions) -> Batches:
    """The backend ``opts`` asks for: a Dask cluster, a local process pool, or this process."""
    if opts.dask:
        return extract_dask(articles, opts.dask, model, opts)
    if opts.workers > 1:
        return extract_pool(articles, model, opts)
    return extract_here(articles, model, opts)


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


def _resolved(
    state: CorpusState, batch: list[Extraction | Encoded | ReadError], report: IngestReport, progress: ProgressFn
) -> Iterator[Extraction]:
    """A batch's extractions resolved against the corpus, here, in input order (failures reported)."""
    for result in batch:
        if isinstance(result, ReadError):
            report.errors.append(result)
            report.failed += 1
            progress(1)
            continue
        with report.timed("resolve", "resolve_seconds"):
            if isinstance(result, Encoded):  # the worker encoded its claim texts: resolution need not
                state.matcher.remember(result.texts, result.vectors)
                report.worker_encoded += len(result.texts)
                result = result.extraction
            encoded = state.matcher.encoded
            resolved = state.resolve(result)
            report.writer_encoded += state.matcher.encoded - encoded
        yield resolved


def _timed_iter(items: Iterator[Any], report: IngestReport, stage: str) -> Iterator[Any]:
    """``items``, with the main thread's CPU spent producing each one added to ``report.cpu[stage]``."""
    while True:
        with report.timed(stage):
            item = next(items, _END)
        if item is _END:
            return
        yield item


_END = object()


Group = tuple[list[Extraction], list[tuple[str, dict[str, Any]]], WriteCounts]


class _GroupWriter:
    """Stores write groups in input order in one background thread, so the writer resolves the
    next group while the store writes this one and refreshes its drift findings.

    Without it the writer's one serial path was resolve, then write, then drift, and on a large
    graph the store's part grew to half of it while the workers waited. The rows are built in
    the caller's thread (``prepare_writes``: a snapshot, so re-typing recent articles later
    changes nothing written, as before); here only the store's work runs. One group waits at
    most, so memory stays at a few groups. What was stored is handed back to the caller's thread
    (``stored``), which alone reports progress. An error stops the writing and is raised in the
    caller's thread at its next call; groups after it are not written (a resumed run does them).
    """

    def __init__(self, store_group: Callable[[Group], None]) -> None:
        self._store_group = store_group
        self._todo: queue.Queue[Group | None] = queue.Queue(maxsize=1)
        self._stored: queue.SimpleQueue[list[Extraction]] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kg-store-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (group := self._todo.get()) is not None:
            if self._error is None and not self._stop.is_set():
                try:
                    self._store_group(group)
                    self._stored.put(group[0])
                except BaseException as exc:  # handed to the caller's thread
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def submit(self, group: Group) -> None:
        self._raise()
        self._todo.put(group)

    def stored(self) -> Iterator[list[Extraction]]:
        """Groups stored since the last call, in order."""
        while True:
            try:
                yield self._stored.get_nowait()
            except queue.Empty:
                return

    def close(self, finish: bool) -> None:
        """Wait for the groups handed over (``finish``), or only for the one being written: the
        waiting one is dropped, as a group not yet flushed was before. A second call does nothing."""
        if self._thread.is_alive():
            if not finish:
                self._stop.set()
                with contextlib.suppress(queue.Empty):
                    self._todo.get_nowait()
            self._todo.put(None)
            self._thread.join()
        if finish:
            self._raise()


@contextlib.contextmanager
def _long_lived_objects() -> Iterator[Callable[[], None]]:
    """Keep the garbage collector off what the run holds for good; yields the call that marks it.

    The writer keeps a large, growing resolution state (claim postings, word features, vectors).
    Each full collection walks all of it, and object-heavy steps (reading query results, taking
    workers' records) trigger them: on the whole BBC corpus they were a fifth of the writer's CPU.
    ``gc.freeze`` after each write group moves what survived it out of the collector's sight;
    frozen objects are still freed by reference counting, and the end of the run unfreezes them
    (only if nothing else in the process had frozen objects before: then this does nothing).
    """
    if gc.get_freeze_count():
        yield lambda: None
        return
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


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
    cpu0 = time.process_time()
    pending: set[str] = set()
    todo = _plan(store, items, opts.chunk, report, pending, progress)
    buffer: list[Extraction] = []
    stack = contextlib.ExitStack()
    settle: Callable[[], None] = lambda: None  # noqa: E731 (replaced once the run holds its state)
    statements = drift.StatementCache()  # claims drift read in this run are not read whole again

    def store_group(group: Group) -> None:  # in the _GroupWriter's thread
        extractions, writes, counts = group
        with report.timed("write", "write_seconds"):
            store.write_all(writes)
        report.written.add(counts)
        with report.timed("drift", "drift_seconds"):
            drift.refresh_articles(store, [ex.article.id for ex in extractions], statements)  # the claims it touched

    writer = _GroupWriter(store_group)

    def settled() -> None:
        """Account for the groups the store has taken (in this thread: progress callbacks may
        belong to a UI that only this thread may touch)."""
        for extractions in writer.stored():
            report.new += len(extractions)
            pending.difference_update(ex.article.id for ex in extractions)
            progress(len(extractions))
            settle()

    def flush() -> None:
        if buffer:
            with report.timed("prepare"):
                writes, counts = prepare_writes(buffer, s.batch_size)
            writer.submit((list(buffer), writes, counts))
            buffer.clear()
        settled()

    try:
        first = next(todo, None)
        if first is None:  # everything known or failed: no model to load, no workers to start
            return report
        if opts.workers > 1 and not opts.dask:
            with report.timed("model"):  # once, before the workers fork: they share its pages
                _load_model(s.spacy_model)
        settle = stack.enter_context(_long_lived_objects())  # the model, for a start
        state: CorpusState | None = None
        with contextlib.closing(extract(chain([first], todo), s.spacy_model, opts)) as batches:
            for batch in _timed_iter(batches, report, "read"):
                if state is None:
                    # Loaded once the workers run: forked before it exists, they do not carry its
                    # pages (each worker's RSS counted the whole state), and they parse meanwhile.
                    with report.timed("state", "resolve_seconds"):  # loading the state counts as resolving
                        state = corpus_state(store, s)
                    settle()
                for extraction in _resolved(state, batch, report, progress):
                    buffer.append(extraction)
                    if len(buffer) >= opts.chunk:
                        flush()
                settled()
            flush()
        writer.close(finish=True)
        settled()
        if state is not None:
            with report.timed("state", "resolve_seconds"):
                resolution_state.save(state, store, s)  # only after a complete run: the next one starts from it
    except KeyboardInterrupt as exc:
        writer.close(finish=False)
        settled()
        raise IngestInterrupted(report) from exc
    finally:
        writer.close(finish=False)
        stack.close()
        todo.close()
        report.process_cpu = time.process_time() - cpu0
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
