"""``kg match --jsonl IN``: would ingestion put these two statements under one claim?

Each input line ``{"id", "a", "b"}`` holds two statement contents; each output line
``{"id", "same", "score"}`` is decided by ``extraction.corpus.same_claim``: the code, encoder and
threshold (``KG_CLAIM_MATCH_THRESHOLD``) that ingestion's claim resolution uses.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import typer


def read_pairs(path: Path, errors: list[str]) -> Iterator[tuple[str, str, str]]:
    """(id, a, b) per good line; a bad line adds "file:line: reason" to ``errors`` and is skipped."""
    from extraction.readers import ReadError, json_lines

    for item in json_lines(path, ("a", "b")):
        if isinstance(item, ReadError):
            errors.append(str(item))
            continue
        lineno, row = item
        yield str(row.get("id", lineno)), row["a"], row["b"]


def register(app: typer.Typer) -> None:
    @app.command()
    def match(jsonl: Path = typer.Option(..., "--jsonl", help='Lines of {"id": ID, "a": TEXT, "b": TEXT}.')) -> None:
        """Say for each pair whether ingestion would make it one claim (one JSON line per pair)."""
        from rich.console import Console

        from extraction.claim_match import ClaimMatcher
        from extraction.corpus import same_claim
        from kg.cli_common import fail
        from kg.config import get_settings

        err = Console(stderr=True, soft_wrap=True)
        if not jsonl.is_file():
            fail(f"{jsonl}: no such file")
        matcher = ClaimMatcher(get_settings().claim_match_threshold)
        errors: list[str] = []
        failed = 0
        for pid, a, b in read_pairs(jsonl, errors):
            failed += _report(err, errors)
            same, score = same_claim(a, b, matcher)
            sys.stdout.write(json.dumps({"id": pid, "same": same, "score": round(score, 4)}) + "\n")
        failed += _report(err, errors)
        if failed:
            raise typer.Exit(1)


def _report(err, errors: list[str]) -> int:
    """Print and clear the pending line errors (in input order); how many there were."""
    n = len(errors)
    for e in errors:
        err.print(f"[yellow]failed[/yellow] {e}")
    errors.clear()
    return n
