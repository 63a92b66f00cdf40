"""``kg export``, ``kg validate`` and ``kg import-rdf``."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from kg.cli_common import err, fail, open_store_or_fail
from kg.store.base import GraphStore

EXPORT_FORMATS = ("ttl", "nt", "jsonld", "claimreview", "neo4j-csv")


def lint_statements(dialect) -> list[tuple[str, str]]:
    from kg.export import claimreview, importer, reader

    return [*reader.lint_statements(), *claimreview.lint_statements(), *importer.lint_statements()]


@contextlib.contextmanager
def _output(out: Path | None) -> Iterator[TextIO]:
    """stdout, or a file written under a temporary name and renamed when complete."""
    if out is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _progress(quiet: bool, what: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
        transient=False,
    )


def _selection(store: GraphStore, claim: str | None):
    from kg.export.reader import claim_neighbourhood

    if claim is None:
        return None
    sel = claim_neighbourhood(store, claim)
    if sel is None:
        fail(f"no claim with id {claim!r}")
    return sel


def export_command(
    fmt: str = typer.Option("ttl", "--format", "-f", help="ttl | nt | jsonld | claimreview | neo4j-csv"),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write here instead of stdout (a directory for neo4j-csv)."
    ),
    claim: str | None = typer.Option(None, "--claim", help="Only this claim's neighbourhood."),
    page_size: int = typer.Option(500, "--page-size", min=1, help="Nodes read (and held) per page."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Export the graph as RDF (Turtle, N-Triples, JSON-LD) or as schema.org ClaimReview JSON-LD."""
    from kg.export import claimreview
    from kg.export.rdf import write_rdf
    from kg.export.reader import ReadStats, count_nodes, iter_chunks

    if fmt not in EXPORT_FORMATS:
        fail(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    store = open_store_or_fail()
    try:
        if fmt == "claimreview":
            ids = [claim] if claim is not None else None
            if claim is not None:
                _selection(store, claim)  # fails with a message when the claim does not exist
            total = 1 if ids else claimreview.count_claims(store)
            with _progress(quiet, "claims") as progress, _output(out) as fh:
                task = progress.add_task("claims", total=total)
                claims = claimreview.iter_claims(
                    store, ids, page_size=page_size, on_progress=lambda n: progress.advance(task, n)
                )
                report = claimreview.write_claimreview(claims, fh)
            err.print(f"{report.claims} claims ({report.contested} with a denial)")
            return
        if fmt == "neo4j-csv":
            _export_csv(store, out, claim, page_size, quiet)
            return
        selection = _selection(store, claim)
        stats = ReadStats()
        total = count_nodes(store, selection)
        with _progress(quiet, f"export {fmt}") as progress, _output(out) as fh:
            task = progress.add_task("export", total=total)
            chunks = iter_chunks(store, selection, page_size, lambda n: progress.advance(task, n), stats)
            rep = write_rdf(chunks, fh, fmt)
        err.print(f"{rep.triples} triples from {stats.nodes} nodes and {stats.edges} relationships")
        _warn_skipped(rep.skipped, stats.unlabelled)
    finally:
        store.close()


def _export_csv(store: GraphStore, out: Path | None, claim: str | None, page_size: int, quiet: bool) -> None:
    """neo4j-admin import CSV files in the ``out`` directory, and the command line that loads them."""
    from kg.export.csv_export import import_command, write_neo4j_csv
    from kg.export.reader import ReadStats, count_nodes, iter_chunks

    if out is None:
        fail("--format neo4j-csv writes several files: give a directory with --out")
    if out.exists() and not out.is_dir():
        fail(f"{out} is not a directory")
    selection = _selection(store, claim)
    stats = ReadStats()
    with _progress(quiet, "export neo4j-csv") as progress:
        task = progress.add_task("export", total=count_nodes(store, selection))
        chunks = iter_chunks(store, selection, page_size, lambda n: progress.advance(task, n), stats)
        try:
            report = write_neo4j_csv(chunks, out)
        except (ValueError, OSError) as exc:
            fail(f"could not write the CSV files in {out}: {exc}")
    err.print(f"{len(report.files)} files from {stats.nodes} nodes and {stats.edges} relationships in {out}")
    err.print(f"load into an empty database with:\n{import_command(out, report)}", soft_wrap=True, highlight=False)
    if stats.unlabelled:
        err.print(f"[yellow]left out {stats.unlabelled} nodes or relationship ends without an id label[/yellow]")


def _warn_skipped(skipped, unlabelled: int) -> None:
    for kind, names in (("property keys", skipped.keys), ("labels", skipped.labels), ("types", skipped.types)):
        if names:
            err.print(f"[yellow]not in the ontology, left out:[/yellow] {kind} {', '.join(sorted(names))}")
    if unlabelled:
        err.print(f"[yellow]left out {unlabelled} nodes or relationship ends without an id label[/yellow]")


def _compact(iri: str) -> str:
    from kg.export.mapping import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def validate_command(
    file: Path | None = typer.Argument(
        None, help="An export (.ttl .nt .jsonld); default: a fresh export of the store."
    ),
    claim: str | None = typer.Option(None, "--claim", help="Validate only this claim's neighbourhood of the store."),
    show_warnings: bool = typer.Option(True, "--warnings/--no-warnings", help="Also print warnings."),
) -> None:
    """Validate an export against ontology/shapes.ttl with pyshacl; exit code 1 on violations."""
    from kg.export.validate import parse_file, validate_graph

    if file is not None:
        if not file.exists():
            fail(f"{file} does not exist")
        try:
            data = parse_file(file)
        except Exception as exc:  # rdflib raises many parser-specific types
            fail(f"could not parse {file}: {exc}")
        source = str(file)
    else:
        from kg.export.rdf import load_graph_from_chunks
        from kg.export.reader import iter_chunks

        store = open_store_or_fail()
        try:
            data, _ = load_graph_from_chunks(iter_chunks(store, _selection(store, claim)))
        finally:
            store.close()
        source = "the store"
    report = validate_graph(data)
    shown = [r for r in report.results if show_warnings or r.severity == "Violation"]
    for r in shown:
        colour = "red" if r.severity == "Violation" else "yellow"
        path = f" {_compact(r.path)}" if r.path else ""
        value = f" (value: {r.value[:80]})" if r.value else ""
        line = f"{r.focus}{path}: {r.message}{value}"
        err.print(f"[{colour}]{r.severity}[/{colour}] {escape(line)}", highlight=False, soft_wrap=True)
    n_viol = len(report.violations)
    n_warn = len(report.results) - n_viol
    verdict = "conforms" if report.conforms else "does not conform"
    print(f"{source}: {len(data)} triples, {verdict}: {n_viol} violations, {n_warn} warnings")
    if not report.conforms:
        raise typer.Exit(1)


def import_command(
    file: Path = typer.Argument(..., help="A ClaimGraph RDF export (.ttl .nt .jsonld)."),
) -> None:
    """Load a ClaimGraph RDF export back into the store (MERGE on ids, so it is safe to repeat)."""
    from kg.export.importer import import_graph
    from kg.export.validate import parse_file

    if not file.exists():
        fail(f"{file} does not exist")
    try:
        data = parse_file(file)
    except Exception as exc:
        fail(f"could not parse {file}: {exc}")
    store = open_store_or_fail()
    try:
        store.ensure_schema()
        report = import_graph(store, data)
    finally:
        store.close()
    print(f"imported {report.nodes} nodes and {report.edges} relationships from {len(data)} triples")
    if report.ignored:
        err.print(f"[yellow]ignored {report.ignored} triples that are not part of a ClaimGraph export[/yellow]")


def register(app: typer.Typer) -> None:
    """Add the export commands to the ``kg`` app."""
    app.command("export")(export_command)
    app.command("validate")(validate_command)
    app.command("import-rdf")(import_command)
