"""End to end: the seed articles through ingestion into the real store; ``kg extract`` output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from kgtest import FNC, ROOT, SEEDS, fnc_story, requires

from extraction.records import STANCES
from kg.config import Settings
from kg.ingest import ingest_paths
from kg.store.falkor import FalkorStore
from ontology import checked

STORIES = [2, 6, 10]  # three FNC-1 stories on unrelated topics (a kidnapping deal, a meteorite, a film role)

DENIALS_BY_ORG = checked(
    "MATCH (s:Statement)-[:BY]->(e:Organization) WHERE s.stance = 'denies' RETURN e.name AS name, s.content AS content"
)
HEDGED = checked("MATCH (s:Statement) WHERE s.hedged = true RETURN s.hedges AS hedges")
CITED = checked("MATCH (s:Statement)-[:CITES]->(o:Outlet) RETURN DISTINCT o.name AS name")
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
    assert hedged, "no hedged statement"
    assert any("reportedly" in h["hedges"] for h in hedged) and any("allegedly" in h["hedges"] for h in hedged)

    cited = {r["name"] for r in store.query(CITED)}
    assert {"Bloomberg", "CNBC"} <= cited

    assert store.query(NO_COMMENT), "the no-comment statement is missing"
    assert store.query(ANONYMOUS), "no unnamed source"

    own = store.query(BY_OWN_OUTLET)
    assert any(r["outlet"] == "Daily Planet" and "reportedly" in r["hedges"] and r["kind"] == "outlet" for r in own)

    assert_consistent_graph(store)


STATEMENTS = checked(
    "MATCH (s:Statement) OPTIONAL MATCH (a:Article)-[:CONTAINS]->(s) OPTIONAL MATCH (s)-[:ABOUT]->(c:Claim) "
    "OPTIONAL MATCH (s)-[:BY]->(x) RETURN s.id AS id, s.stance AS stance, s.hedged AS hedged, s.hedges AS hedges, "
    "s.sentence AS sentence, s.start AS start, s.end AS end, s.article AS article, "
    "collect(DISTINCT a.id) AS articles, collect(DISTINCT c.id) AS claims, collect(DISTINCT x.id) AS sources"
)
CLAIM_SUPPORT = checked("MATCH (c:Claim) OPTIONAL MATCH (s:Statement)-[:ABOUT]->(c) RETURN c.id AS id, count(s) AS n")
CLAIMS_BY_OUTLET = checked(
    "MATCH (a:Article)-[:PUBLISHED_BY]->(o:Outlet) OPTIONAL MATCH (a)-[:CONTAINS]->(:Statement)-[:ABOUT]->(c:Claim) "
    "RETURN o.name AS outlet, collect(DISTINCT c.id) AS claims"
)
ARTICLE_TEXTS = checked("MATCH (a:Article) RETURN a.id AS id, a.text AS text")


def assert_consistent_graph(store: FalkorStore) -> None:
    """What holds for any story: offsets point into the article, every statement belongs to one
    article and at most one claim and one source, a statement is hedged exactly when it names
    its hedges, no claim is left without a statement."""
    texts = {r["id"]: r["text"] for r in store.query(ARTICLE_TEXTS)}
    statements = store.query(STATEMENTS)
    assert statements, "a news story without a single attributed statement"
    for s in statements:
        assert s["articles"] == [s["article"]], s
        assert texts[s["article"]][s["start"] : s["end"]] == s["sentence"], s
        assert s["stance"] in STANCES, s
        assert len(s["claims"]) <= 1 and len(s["sources"]) <= 1, s
        assert s["hedged"] == bool(s["hedges"]), s
        assert all(h and h.strip() == h for h in s["hedges"] or []), s
    assert all(r["n"] >= 1 for r in store.query(CLAIM_SUPPORT))
    for row in store.query(OFFSETS):
        assert row["text"][row["cs"] : row["ce"]] == row["cue"]
        assert row["text"][row["xs"] : row["xe"]] == row["content"]


@requires(FNC)
@pytest.mark.parametrize("story", STORIES)
def test_any_story_lands_consistently(store: FalkorStore, settings: Settings, tmp_path: Path, story: int) -> None:
    """Several articles of one story, plus the first republished by another outlet with a line
    added at the end: the graph is consistent, and the copy's statements join the same claims."""
    rows = fnc_story(story)
    copy = {**rows[0], "outlet": "Copy Desk", "text": rows[0]["text"] + "\n\nThis article first appeared elsewhere."}
    src = tmp_path / "story.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in [*rows, copy]))
    report = ingest_paths(store, [src], settings)
    assert report.new == len(rows) + 1 and not report.errors
    assert_consistent_graph(store)
    claims = {r["outlet"]: set(r["claims"]) for r in store.query(CLAIMS_BY_OUTLET)}
    original = claims[rows[0]["outlet"]]
    assert original, "the first article should carry at least one claim"
    assert original <= claims["Copy Desk"], (original, claims["Copy Desk"])


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
            assert a["stance"] in {"asserts", "denies", "disputes", "no_comment"}
            for part in ("cue", "content"):
                assert text[a[part]["start"] : a[part]["end"]] == a[part]["text"]
            if a["source"] is not None:
                assert set(a["source"]) == {
                    "start",
                    "end",
                    "text",
                    "entity",
                    "form",
                    "unnamed_kind",
                    "speaks_for",
                    "role",
                }
                assert text[a["source"]["start"] : a["source"]["end"]] == a["source"]["text"]
    stances = {a["cue"]["text"]: a["stance"] for a in rows[0]["attributions"]}
    assert stances.get("denied") == "denies"
    quote = rows[1]["attributions"][0]
    assert quote["content"]["text"] == '"We will appeal,"' and quote["source"]["text"].startswith("Jane Roe")
