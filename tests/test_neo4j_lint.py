"""Every statement the Neo4j backend can send, linted by Neo4j's own parser and checker."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from kgtest import ROOT

from kg.cypher_inventory import neo4j_statements
from ontology import vocabulary

LINT = ROOT / "tools" / "cypher-lint" / "lint.js"
ERROR, WARNING = 1, 2


def lint(statements: list[tuple[str, str]]) -> dict[str, list[dict]]:
    if not shutil.which("node") or not (LINT.parent / "node_modules").exists():
        pytest.fail("the Neo4j linter is not installed: run 'make lint-tools'")
    v = vocabulary()
    payload = {
        "schema": {
            "labels": v.labels.all(),
            "relationshipTypes": v.rels.all(),
            "propertyKeys": v.props.all(),
        },
        "statements": [
            {"name": name, "query": q, "parameters": {p: "x" for p in re.findall(r"\$(\w+)", q)}}
            for name, q in statements
        ],
    }
    out = subprocess.run(
        ["node", str(LINT)], input=json.dumps(payload), capture_output=True, text=True, check=True, cwd=LINT.parent
    )
    return {r["name"]: r["diagnostics"] for r in json.loads(out.stdout)}


def problems(diagnostics: list[dict]) -> list[str]:
    return [d["message"] for d in diagnostics if d["severity"] in (ERROR, WARNING)]


def test_every_neo4j_statement_lints_clean() -> None:
    statements = neo4j_statements()
    assert len(statements) > 20
    results = lint(statements)
    bad = {name: problems(d) for name, d in results.items() if problems(d)}
    assert not bad, json.dumps(bad, indent=2)


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (a:Artcle) RETURN a",  # misspelled label
        "MATCH (a:Article)-[:PUBLISHED]->(o:Outlet) RETURN a",  # unknown relationship type
        "MATCH (a:Article) RETURN b",  # undefined variable
        "MATCH (a:Article RETURN a",  # syntax error
        "CALL db.idx.fulltext.queryNodes('Claim', $q) YIELD node RETURN node",  # FalkorDB-only
    ],
)
def test_lint_catches_a_broken_statement(query: str) -> None:
    assert problems(lint([("broken", query)])["broken"])
