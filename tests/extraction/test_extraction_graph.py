"""End to end: the seed articles through ingestion into the real store; ``kg extract`` output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kgtest import ROOT, SEEDS, requires

from kg.config import Settings
from kg.ingest import ingest_paths
from kg.store.falkor import FalkorStore
from ontology import checked

DENIALS_BY_ORG = checked(
    "MATCH (s:Statement)-[:BY]->(e:Organization) WHERE s.stance = 'denies' RETURN e.name AS name, s.content AS content"
)
HEDGED = checked("MATCH (s:Statement) WHERE s.hedged = true RETURN s.hedges AS hedges")
CITED = checked("MATCH (s:Statement)-[:CITES]->(o:Outlet) RETURN DISTINCT o.name AS name")
SHARED_CLAIMS = checked(
    "MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim) "
    "WITH c, count(DISTINCT a) AS articles, collect(DISTINCT s.stance) AS stances "
    "WHERE articles >= 3 RETURN c.text AS text, articles, stances ORDER BY articles DESC"
)
NO_COMMENT = checked("MATCH (s:Statement)-[:BY]->(e:Entity) WHERE s.stance = 'no_comment' RETURN e.name AS name")
BY_OWN_OUTLET = checked(
    "MATCH (a:Article)-[:PUBLISHED_BY]->(o:Outlet), (a)-[:CONTAINS]->(s:Statement)-[:BY]->(o) "
    "RETURN o.name AS outlet, s.hedges AS hedges, s.type AS kind"
)
ANONYMOUS = checked("MATCH (s:Statement)-[:BY]->(x:Source) RETURN x.name AS name")
OFFSETS = checked(
    "MATCH (a:Article)-[:CONTAINS]->(s:Statement) RETURN a.text AS text, s.cue AS cue, s.cue_start AS cs, "
    "s.cue_end AS ce, s.content AS content, s.content_start AS xs, s.content_end AS xe"
)


@requires(SEEDS)
def test_seed_stances_and_sources_land_in_the_graph(store: FalkorStore, settings: Settings, tmp_path: Path) -> None:
    extra = tmp_path / "wire.jsonl"
    extra.write_text(
        json.dumps(
            {
                "text": "Globex has reportedly hired hundreds of engineers in Berlin to build a new chip.",
                "outlet": "Daily Planet",
            }
        )
        + "\n"
    )
    report = ingest_paths(store, [SEEDS, extra], settings)
    assert report.new == 6 and not report.errors

    denials = store.query(DENIALS_BY_ORG)
    assert denials, "no denial by an organisation"
    assert any("no evidence" in d["content"] for d in denials)

    hedged = store.query(HEDGED)
    assert len(hedged) >= 5
    assert any("reportedly" in h["hedges"] for h in hedged) and any("allegedly" in h["hedges"] for h in hedged)

    cited = {r["name"] for r in store.query(CITED)}
    assert {"Bloomberg", "CNBC"} <= cited

    shared = store.query(SHARED_CLAIMS)
    assert shared, "no claim is carried by statements from three or more articles"
    top = shared[0]
    assert top["articles"] >= 4
    assert "asserts" in top["stances"] and "denies" in top["stances"]

    assert store.query(NO_COMMENT), "the no-comment statement is missing"
    assert store.query(ANONYMOUS), "no unnamed source"

    own = store.query(BY_OWN_OUTLET)
    assert any(r["outlet"] == "Daily Planet" and "reportedly" in r["hedges"] and r["kind"] == "outlet" for r in own)

    for row in store.query(OFFSETS):
        assert row["text"][row["cs"] : row["ce"]] == row["cue"]
        assert row["text"][row["xs"] : row["xe"]] == row["content"]


def test_kg_extract_jsonl_shape(cli_env: dict[str, str], tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    texts = [
        "Globex denied the report on Monday, a spokesperson said.",
        '"We will appeal," said Jane Roe, a lawyer for Initech.',
    ]
    src.write_text("".join(json.dumps({"doc": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    out = subprocess.run(
        [sys.executable, "-m", "kg.cli", "extract", "--jsonl", str(src)],
        capture_output=True,
        text=True,
        env=cli_env,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["doc"] for r in rows] == ["d0", "d1"]
    for row, text in zip(rows, texts, strict=True):
        assert set(row) >= {"doc", "entities", "attributions", "relations"}
        assert row["attributions"]
        for a in row["attributions"]:
            assert set(a) >= {"source", "cue", "content", "stance", "hedges", "claim"}
            assert a["stance"] in {"asserts", "denies", "no_comment"}
            for part in ("cue", "content"):
                assert text[a[part]["start"] : a[part]["end"]] == a[part]["text"]
            if a["source"] is not None:
                assert set(a["source"]) == {"start", "end", "text", "entity"}
                assert text[a["source"]["start"] : a["source"]["end"]] == a["source"]["text"]
    stances = {a["cue"]["text"]: a["stance"] for a in rows[0]["attributions"]}
    assert stances.get("denied") == "denies"
    quote = rows[1]["attributions"][0]
    assert quote["content"]["text"] == '"We will appeal,"' and quote["source"]["text"].startswith("Jane Roe")
