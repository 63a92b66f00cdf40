"""``kg export``, ``kg validate`` and ``kg import-rdf`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from export_graphs import CLAIM_ID, contested_extractions

from kg.export.mapping import node_iri
from kg.export.rdf import parse_rdf
from kg.writer import write_extractions


def kg(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], env=env, capture_output=True, text=True, timeout=300)


def test_export_validate_and_a_broken_file(store, cli_env, tmp_path: Path) -> None:
    extractions = contested_extractions()
    write_extractions(store, extractions)
    out = tmp_path / "graph.nt"
    run = kg(cli_env, "export", "--format", "nt", "--out", str(out), "-q")
    assert run.returncode == 0, run.stderr
    g = parse_rdf(str(out))
    assert f"{len(g)} triples" in run.stderr

    ok = kg(cli_env, "validate", str(out))
    assert ok.returncode == 0, ok.stderr
    assert "conforms: 0 violations" in ok.stdout

    denial = next(a for a in extractions[1].attributions if a.stance == "denies")
    s = node_iri("Statement", denial.id)
    bad = tmp_path / "bad.nt"
    bad.write_text(
        out.read_text().replace(
            f'<{s}> <https://w3id.org/claimgraph/ontology#stance> "denies" .',
            f'<{s}> <https://w3id.org/claimgraph/ontology#stance> "maybe" .',
        )
    )
    assert bad.read_text() != out.read_text()
    broken = kg(cli_env, "validate", str(bad))
    assert broken.returncode == 1
    assert "1 violations" in broken.stdout
    assert str(s) in broken.stderr and "stance is one of asserts, denies, disputes, no_comment" in broken.stderr

    fresh = kg(cli_env, "validate")  # default: a fresh export of the store
    assert fresh.returncode == 0 and "the store" in fresh.stdout, fresh.stderr


def test_claimreview_and_claim_neighbourhood_from_the_command_line(store, cli_env, tmp_path: Path) -> None:
    write_extractions(store, contested_extractions())
    run = kg(cli_env, "export", "--format", "claimreview", "-q")
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert [c["identifier"] for c in doc["@graph"]] == [CLAIM_ID]
    assert "1 claims (1 with a denial)" in run.stderr

    ttl = tmp_path / "claim.ttl"
    run = kg(cli_env, "export", "--format", "ttl", "--claim", CLAIM_ID, "--out", str(ttl), "-q")
    assert run.returncode == 0, run.stderr
    assert (node_iri("Claim", CLAIM_ID), None, None) in parse_rdf(str(ttl))

    missing = kg(cli_env, "export", "--claim", "claim:nope")
    assert missing.returncode == 2 and "no claim with id" in missing.stderr


def test_import_rdf_loads_an_export(store, cli_env, tmp_path: Path) -> None:
    write_extractions(store, contested_extractions())
    out = tmp_path / "graph.jsonld"
    assert kg(cli_env, "export", "-f", "jsonld", "-o", str(out), "-q").returncode == 0
    store.delete_graph()
    store.ensure_schema()
    run = kg(cli_env, "import-rdf", str(out))
    assert run.returncode == 0, run.stderr
    again = tmp_path / "again.jsonld"
    assert kg(cli_env, "export", "-f", "jsonld", "-o", str(again), "-q").returncode == 0
    from rdflib.compare import isomorphic

    assert isomorphic(parse_rdf(str(out)), parse_rdf(str(again)))
