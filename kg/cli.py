"""The ``kg`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli_common import err, fail, open_store_or_fail
from kg.config import get_settings
from kg.store import StoreError

app = typer.Typer(help="ClaimGraph: trace who claimed what in the news.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Manage the embedded FalkorDB store.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()


@db_app.command("start")
def db_start() -> None:
    """Start the embedded store (reused if already running)."""
    from kg.store import embedded

    s = get_settings()
    if s.uses_neo4j:
        fail("KG_GRAPH_URI is set: the store is Neo4j, there is no embedded server to start")
    try:
        info = embedded.start(s.data_dir)
    except StoreError as exc:
        fail(exc)
    console.print(f"embedded store running on 127.0.0.1:{info.port} (pid {info.pid}, data {info.data_dir})")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded store, saving a snapshot."""
    from kg.store import embedded

    stopped = embedded.stop(get_settings().data_dir)
    console.print("embedded store stopped" if stopped else "embedded store was not running")


@db_app.command("status")
def db_status() -> None:
    """Say whether the embedded store is running."""
    from kg.store import embedded

    s = get_settings()
    if s.uses_neo4j:
        console.print(f"store: Neo4j at {s.redacted_uri()}")
        return
    info = embedded.status(s.data_dir.expanduser().resolve())
    if info:
        console.print(f"running on 127.0.0.1:{info.port} (pid {info.pid}, data {info.data_dir})")
    else:
        console.print(f"not running (data {s.data_dir})")
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(None, help="Files or folders (.txt .md .html .jsonl), or http(s) URLs."),
    feeds: list[str] = typer.Option(None, "--feed", help="An RSS/Atom feed or sitemap URL: ingest its items."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-w",
        min=1,
        help="Extraction processes, each running nlp.pipe (KG_INGEST_WORKERS). Default: all cores.",
    ),
    batch_size: int | None = typer.Option(
        None, "--batch-size", min=1, help="Documents per nlp.pipe batch / per Dask task (KG_INGEST_PIPE_BATCH)."
    ),
    chunk: int | None = typer.Option(
        None, "--chunk", min=1, help="Articles per store lookup and per batched write (KG_INGEST_CHUNK)."
    ),
    dask: str | None = typer.Option(
        None, "--dask", metavar="SCHEDULER", help="Run extraction on an existing Dask cluster, e.g. tcp://host:8786."
    ),
    encode_in_workers: bool | None = typer.Option(
        None,
        "--encode-in-workers/--encode-in-writer",
        help="Who encodes claim texts for resolution (KG_INGEST_ENCODE_IN_WORKERS). The workers take that "
        "work off the one writer but encode every claim text. Default: the workers with --dask, else the writer.",
    ),
) -> None:
    """Extract claims from articles and store them in the graph (safe to interrupt and rerun)."""
    import time

    from rich.progress import TimeRemainingColumn

    from kg.ingest import IngestInterrupted, IngestOptions, IngestReport, count_inputs
    from kg.web.collect import ingest_inputs

    if not paths and not feeds:
        fail("nothing to ingest: give files, folders, URLs or --feed URL")
    s = get_settings()
    options = IngestOptions.from_settings(
        s, workers=workers, pipe_batch=batch_size, chunk=chunk, dask=dask, encode_in_workers=encode_in_workers
    )
    store = open_store_or_fail()
    started = time.monotonic()
    try:
        total = None if quiet or feeds else count_inputs(paths or [])
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    interrupted = False
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=total, rate="")

        def step(n: int) -> None:
            progress.advance(task, n)
            elapsed = progress.tasks[0].elapsed or 0
            done = progress.tasks[0].completed
            progress.update(task, rate=f"{done / elapsed:.1f} articles/s" if elapsed else "")

        try:
            report = ingest_inputs(store, list(paths or []), feeds, s, on_progress=step, options=options)
        except IngestInterrupted as exc:
            report, interrupted = exc.report, True
        except KeyboardInterrupt:  # before ingestion started
            report, interrupted = IngestReport(), True
        except StoreError as exc:
            fail(exc)
        progress.update(task, total=progress.tasks[0].completed)
    for error in report.errors:
        err.print(f"[yellow]failed[/yellow] {escape(str(error))}")
    w = report.written
    seconds = time.monotonic() - started
    console.print(
        f"articles: {report.new} new, {report.duplicate} duplicate, {report.failed} failed "
        f"in {seconds:.1f} s ({report.new / seconds if seconds else 0:.1f} new articles/s; "
        f"resolving {report.resolve_seconds:.1f} s, drift findings {report.drift_seconds:.1f} s, "
        f"writing {report.write_seconds:.1f} s); "
        f"written: {w.entities} entities, {w.outlets} outlets, {w.claims} claims, "
        f"{w.statements} statements, {w.relations} relations, {w.mentions} mentions; {report.cpu_line()}; "
        f"claim texts encoded: {report.writer_encoded} by the writer, {report.worker_encoded} by the workers"
    )
    store.close()
    if interrupted:
        err.print(
            f"[yellow]interrupted[/yellow]: {report.new} new articles were stored completely; "
            "run the same command again to finish (stored articles are skipped)"
        )
        raise typer.Exit(130)
    if report.errors:
        raise typer.Exit(1)


@app.command()
def stats(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Counts per node label and relationship type."""
    from kg.stats import graph_stats

    store = open_store_or_fail()
    data = graph_stats(store)
    store.close()
    if as_json:
        print(json.dumps(data, indent=2))
        return
    console.print(f"store: {store.describe()}")
    for title, counts in (("label", data["labels"]), ("relationship", data["relationships"])):
        table = Table(title=f"per {title}")
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in counts.items():
            table.add_row(name, str(count))
        console.print(table)


@app.command("drift")
def drift_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Recompute hedge drift, source drift, citation chains and repeats after denials for every claim.

    Ingestion keeps them current for the claims it touches; this is for graphs stored before.
    """
    from kg import drift

    store = open_store_or_fail()
    with store.exclusive():
        claims = drift.refresh_all(store)
    counts = {finding: len(ids) for finding, ids in drift.flags(store).items()}
    store.close()
    if as_json:
        print(json.dumps({"claims": claims, **counts}))
        return
    console.print(f"{claims} claims: " + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items()))


@app.command()
def extract(jsonl: Path = typer.Option(..., "--jsonl", help='Lines of {"doc": ID, "text": ...}.')) -> None:
    """Run the extractor and print one JSON line per document (no store needed)."""
    from extraction.pipeline import extract_doc, load_pipeline
    from extraction.readers import ReadError, json_lines
    from extraction.records import ArticleRecord

    nlp = load_pipeline(get_settings().spacy_model)
    failed = 0

    def rows():
        nonlocal failed
        for item in json_lines(jsonl, ("text",)):
            if isinstance(item, ReadError):
                failed += 1
                err.print(f"[yellow]failed[/yellow] {escape(str(item))}")
                continue
            lineno, row = item
            doc_id = str(row.get("doc") or row.get("id") or lineno)
            yield row["text"], ArticleRecord(id=doc_id, text=row["text"], outlet=str(row.get("outlet") or ""))

    for doc, art in nlp.pipe(rows(), as_tuples=True, batch_size=32):
        sys.stdout.write(json.dumps(extract_doc(doc, art).to_json(), ensure_ascii=False) + "\n")
    if failed:
        raise typer.Exit(1)


def _register_commands() -> None:
    from kg.api.cli import register as register_api
    from kg.export.cli import register as register_export
    from kg.match_cli import register as register_match
    from kg.query.cli import register as register_query
    from kg.web.cli import register as register_web

    register_query(app)
    register_export(app)
    register_web(app)
    register_api(app)
    register_match(app)


_register_commands()


def main() -> None:
    try:
        app()
    except StoreError as exc:  # a store problem met outside the commands' own handling: one line, no traceback
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
