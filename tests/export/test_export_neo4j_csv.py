"""``kg export --format neo4j-csv``: neo4j-admin import files, read back with Python's csv module."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from export_graphs import CLAIM_ID, contested_extractions
from kgtest import SEEDS, requires

from kg.export.csv_export import ARRAY_DELIMITER, write_neo4j_csv
from kg.export.reader import iter_chunks
from kg.ingest import ingest_paths
from kg.stats import graph_stats
from kg.writer import write_extractions

TRICKY = 'O\'Brien, "the" chief;\nsaid it | twice'


def read_dir(out: Path) -> tuple[dict[tuple[str, str], dict[str, str]], list[dict[str, str]]]:
    """Nodes keyed by (id space, id) and relationships, with the id-space columns normalised."""
    nodes: dict[tuple[str, str], dict[str, str]] = {}
    rels: list[dict[str, str]] = []
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        for row in body:
            rec = dict(zip(header, row, strict=True))
            if path.name.startswith("nodes_"):
                space = header[0].removeprefix("id:ID(").removesuffix(")")
                key = (space, rec[header[0]])
                assert key not in nodes, key
                nodes[key] = rec
            else:
                rec["start"] = (header[0].removeprefix(":START_ID(").removesuffix(")"), rec[header[0]])
                rec["end"] = (header[1].removeprefix(":END_ID(").removesuffix(")"), rec[header[1]])
                rels.append(rec)
    return nodes, rels


@requires(SEEDS)
def test_seed_graph_as_neo4j_csv(store, settings, tmp_path: Path) -> None:
    report = ingest_paths(store, [SEEDS], settings)
    assert report.new == 5 and not report.errors
    store.write("MATCH (o:Outlet) WITH o ORDER BY o.id LIMIT 1 SET o.name = $t, o.aliases = [$t, 'x']", {"t": TRICKY})
    stats = graph_stats(store)

    out = tmp_path / "csv"
    rep = write_neo4j_csv(iter_chunks(store, page_size=7), out)
    nodes, rels = read_dir(out)
    assert not list(out.glob(".*")), "temporary files left behind"

    labels = Counter(label for rec in nodes.values() for label in rec[":LABEL"].split(ARRAY_DELIMITER))
    assert dict(labels) == stats["labels"]
    assert dict(Counter(r[":TYPE"] for r in rels)) == stats["relationships"]
    assert sum(rep.files.values()) == len(nodes) + len(rels)
    assert all(r["start"] in nodes and r["end"] in nodes for r in rels)  # every endpoint exists

    outlet = next(rec for rec in nodes.values() if rec.get("name:string") == TRICKY)
    assert outlet["aliases:string[]"].split(ARRAY_DELIMITER) == [TRICKY, "x"]
    typed = {h for rec in nodes.values() for h in rec if ":" in h and not h.startswith((":", "id:ID"))}
    assert {h.rsplit(":", 1)[1] for h in typed} <= {"string", "long", "double", "boolean", "string[]", "long[]"}


def _export(cli_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``kg export --format neo4j-csv -q`` with ``args``, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "export", "--format", "neo4j-csv", "-q", *args],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_writes_the_files_and_the_import_command(store, cli_env, tmp_path: Path) -> None:
    write_extractions(store, contested_extractions())
    out = tmp_path / "neo"
    run = _export(cli_env, "--out", str(out))
    assert run.returncode == 0, run.stderr
    nodes, rels = read_dir(out)
    stats = graph_stats(store)
    assert len(nodes) == sum(
        stats["labels"][label]
        for label in ("Article", "Claim", "Entity", "Outlet", "Source", "Statement")
        if label in stats["labels"]
    )
    assert len(rels) == sum(stats["relationships"].values())
    assert "neo4j-admin database import full" in run.stderr
    for name in (p.name for p in out.glob("*.csv")):
        assert f"={out / name}" in run.stderr.replace("\n", "")
    one = tmp_path / "one"
    claim = _export(cli_env, "--out", str(one), "--claim", CLAIM_ID)
    assert claim.returncode == 0, claim.stderr
    sub_nodes, sub_rels = read_dir(one)
    assert ("Claim", CLAIM_ID) in sub_nodes and 0 < len(sub_nodes) < len(nodes)
    assert all(r["start"] in sub_nodes and r["end"] in sub_nodes for r in sub_rels)
    no_dir = _export(cli_env)
    assert no_dir.returncode == 2 and "--out" in no_dir.stderr


@pytest.mark.parametrize(
    ("value", "column", "text"),
    [([1, 2.5], "double[]", f"1{ARRAY_DELIMITER}2.5"), (True, "boolean", "true"), (None, "string", "")],
)
def test_field_formatting(value, column, text) -> None:
    from kg.export.csv_export import format_value

    assert format_value(value, column) == text


def test_a_value_holding_the_array_delimiter_is_refused() -> None:
    from kg.export.csv_export import format_value

    with pytest.raises(ValueError, match="U\\+001F"):
        format_value(f"a{ARRAY_DELIMITER}b", "string")
