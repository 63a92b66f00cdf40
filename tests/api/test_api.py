"""The HTTP API through a real uvicorn process and httpx: the same answers as the CLI, auth,
paging, streaming export, and errors as JSON with a reason (never a traceback)."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rdflib
from apiserver import MAX_BODY, Api
from newsserver import STORIES

from kg.api.auth import bearer_ok, is_loopback, token_required

QUESTION = "Who denied that the harbour board received a warning about the lifeboats?"


def story_text(key: str) -> str:
    s = STORIES[key]
    return s["headline"] + "\n\n" + "\n\n".join(s["paragraphs"])


@pytest.fixture(scope="module")
def seeded(api: Api) -> Api:
    with api.client(auth=True) as c:
        for key in ("orchard", "bridge", "market"):
            r = c.post("/articles", json={"text": story_text(key), "outlet": STORIES[key]["outlet"]})
            assert r.status_code == 201, r.text
        r = c.post("/articles", json={"url": f"{api.site.base}/news/ferry.html?utm_source=api"})
        assert r.status_code == 201, r.text
        api.ferry_id = r.json()["articles"][0]
    return api


def assert_error(r, status: int, words: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["status"] == status and words in body["error"], body
    assert "Traceback" not in r.text
    return body


def test_writes_need_the_token(api: Api) -> None:
    with api.client() as c:
        assert_error(c.post("/articles", json={"text": "Someone said something."}), 401, "Bearer")
        bad = c.post("/articles", json={"text": "x"}, headers={"Authorization": "Bearer not-the-token"})
        assert_error(bad, 401, "Bearer")
    mode = stat.S_IMODE((Path(api.env["KG_DATA_DIR"]) / "api-token").stat().st_mode)
    assert mode == 0o600


def test_posting_an_article_returns_the_ingest_summary(seeded: Api) -> None:
    with seeded.client(auth=True) as c:
        again = c.post("/articles", json={"text": story_text("orchard")})
        assert again.status_code == 200
        body = again.json()
        assert (body["new"], body["duplicate"], body["failed"]) == (0, 1, 0) and len(body["articles"]) == 1
        amp = c.post("/articles", json={"url": f"{seeded.site.base}/amp/ferry.html"})
        assert amp.status_code == 200 and amp.json()["duplicate"] == 1
        missing = c.post("/articles", json={"url": f"{seeded.site.base}/gone.html"})
        assert_error(missing, 422, f"{seeded.site.base}/gone.html: HTTP 404")
        assert_error(c.post("/articles", json={"text": "a", "url": "http://x.example/"}), 422, "either 'text' or 'url'")
        assert_error(c.post("/articles", json={"text": "   "}), 422, "empty article")


def test_ask_answers_like_kg_ask_json(seeded: Api) -> None:
    with seeded.client() as c:
        r = c.post("/ask", json={"question": QUESTION})
    assert r.status_code == 200, r.text
    cli = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ask", QUESTION, "--json"],
        env=seeded.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert r.json() == json.loads(cli.stdout)
    assert r.json()["intent"] == "deniers"
    assert any("board" in item["name"].lower() for item in r.json()["items"])


def test_ask_reads_a_follow_up_against_the_previous_question(seeded: Api) -> None:
    with seeded.client() as c:
        alone = c.post("/ask", json={"question": "And who denied it?"}).json()
        follow = c.post("/ask", json={"question": "And who denied it?", "previous": QUESTION}).json()
    assert follow["intent"] == "deniers"
    assert "follow-up" in follow["answer"] and "follow-up" not in alone["answer"]
    assert follow["items"], follow["answer"]


def test_claims_filters_and_paging(seeded: Api) -> None:
    with seeded.client() as c:
        everything = c.get("/claims", params={"limit": 500}).json()["items"]
        assert len(everything) >= 4
        denied = c.get("/claims", params={"stance": "denies"}).json()["items"]
        assert denied and all("denies" in row["stances"] for row in denied)
        assert len(denied) < len(everything)
        first = c.get("/claims", params={"limit": 2}).json()
        second = c.get("/claims", params={"limit": 2, "offset": 2}).json()
        assert first["next_offset"] == 2 and len(first["items"]) == 2
        assert {r["id"] for r in first["items"]}.isdisjoint(r["id"] for r in second["items"])
        entity = next(e for row in everything for e in row["entity_ids"])
        by_entity = c.get("/claims", params={"entity": entity}).json()["items"]
        assert by_entity and all(entity in row["entity_ids"] for row in by_entity)
        outlet = next(o for row in everything for o in row["outlet_ids"])
        by_outlet = c.get("/claims", params={"outlet": outlet}).json()["items"]
        assert by_outlet and all(outlet in row["outlet_ids"] for row in by_outlet)
        hedged = c.get("/claims", params={"hedged": "false"}).json()["items"]
        assert all(not row["hedged"] for row in hedged)
        assert_error(c.get("/claims", params={"stance": "shouts"}), 422, "stance")
        assert_error(c.get("/claims", params={"limit": 0}), 422, "limit")


def test_claim_provenance_source_and_article(seeded: Api) -> None:
    with seeded.client() as c:
        row = c.get("/claims", params={"stance": "denies"}).json()["items"][0]
        claim = c.get(f"/claims/{row['id']}").json()
        assert claim["claim"]["id"] == row["id"] and claim["statements"]
        prov = c.get(f"/claims/{row['id']}/provenance").json()
        assert prov["denial"] and all(s["stance"] == "denies" for s in prov["denial"])
        step = next(s for s in claim["statements"] if s["source_id"])
        source = c.get(f"/sources/{step['source_id']}")
        assert source.status_code == 200, source.text
        assert source.json()["id"] == step["source_id"] and source.json()["statements"]
        article = c.get(f"/articles/{step['article_id']}").json()
        assert step["sentence"] in article["text"]
        ferry = c.get(f"/articles/{seeded.ferry_id}").json()
        assert (ferry["author"], ferry["uri"]) == (STORIES["ferry"]["author"], f"{seeded.site.base}/news/ferry.html")
        for path in ("/claims/claim:nope", "/claims/claim:nope/provenance", "/sources/nobody", "/articles/00ff"):
            assert_error(c.get(path), 404, "no ")


def test_errors_are_json_with_a_reason(api: Api) -> None:
    with api.client(auth=True) as c:
        assert_error(c.get("/no/such/endpoint"), 404, "Not Found")
        assert_error(c.post("/ask", content=b"{not json", headers={"content-type": "application/json"}), 422, "JSON")
        assert_error(c.post("/ask", json={"q": "missing field"}), 422, "question")
        assert_error(c.post("/ask", json={"question": "x" * 20_000}), 422, "question")
        big = {"text": "word " * (MAX_BODY // 4)}
        assert_error(c.post("/articles", json=big), 413, "request body too large")
        chunked = c.post("/articles", content=iter([b'{"text": "', b"y" * MAX_BODY, b'"}']))
        assert_error(chunked, 413, "request body too large")
        assert_error(c.delete("/claims"), 405, "Method Not Allowed")


def test_export_is_streamed_in_every_format(seeded: Api) -> None:
    with seeded.client() as c:
        cli = subprocess.run(
            [sys.executable, "-m", "kg.cli", "export", "--format", "nt", "-q"],
            env=seeded.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        with c.stream("GET", "/export", params={"format": "nt"}) as r:
            assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
            assert "content-length" not in r.headers  # streamed, not built in memory first
            nt = "".join(r.iter_text())
        assert sorted(nt.splitlines()) == sorted(cli.stdout.splitlines())
        ttl = c.get("/export", params={"format": "ttl"}).text
        assert len(rdflib.Graph().parse(data=ttl, format="turtle")) == len(nt.splitlines())
        review = c.get("/export", params={"format": "claimreview"}).json()
        assert review["@graph"] and all(x["@type"] == "Claim" for x in review["@graph"])
        claim = review["@graph"][0]["identifier"]
        one = c.get("/export", params={"format": "jsonld", "claim": claim}).json()
        assert one["@graph"]
        assert_error(c.get("/export", params={"format": "pdf"}), 422, "format")
        assert_error(c.get("/export", params={"claim": "claim:nope"}), 404, "no claim")


def test_eight_concurrent_clients_get_answers(seeded: Api) -> None:
    questions = [
        QUESTION,
        "Which claims are contested?",
        "What did Northline Railway say?",
        "Who said the frost destroyed the harvest?",
    ]

    def ask(i: int) -> int:
        with seeded.client() as c:
            return c.post("/ask", json={"question": questions[i % len(questions)]}).status_code

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(ask, range(32))) == [200] * 32


def test_claims_follow_new_articles(seeded: Api) -> None:
    text = (
        "Museum plans to reopen its east wing in May\n\n"
        "The director of the Westmere Museum, Hanne Loftus, said the east wing would reopen in May. "
        "The city council denied that it had cut the museum's funding."
    )
    with seeded.client(auth=True) as c:
        before = c.get("/claims").json()["total"]
        assert c.post("/articles", json={"text": text}).status_code == 201
        after = c.get("/claims", params={"q": "east wing"}).json()
        assert c.get("/claims").json()["total"] > before
        assert after["items"] and all("east wing" in row["text"].lower() for row in after["items"])


def test_docs_are_served(api: Api) -> None:
    with api.client() as c:
        assert c.get("/docs").status_code == 200
        spec = c.get("/openapi.json").json()
    assert {"/ask", "/claims", "/claims/{claim_id}", "/articles", "/export"} <= set(spec["paths"])


def test_token_is_needed_beyond_loopback_only() -> None:
    assert token_required("0.0.0.0", "auto") and token_required("192.168.1.4", "auto")
    assert not token_required("127.0.0.1", "auto") and not token_required("::1", "auto")
    assert not token_required("localhost", "auto") and token_required("localhost", "always")
    assert not token_required("0.0.0.0", "never")
    assert is_loopback("127.0.0.2") and not is_loopback("example.org")
    assert bearer_ok("Bearer abc", "abc") and not bearer_ok("Basic abc", "abc") and not bearer_ok(None, "abc")
    with pytest.raises(ValueError):
        token_required("127.0.0.1", "sometimes")


def test_beyond_loopback_posted_urls_stay_outside_the_local_network(api: Api, settings, store) -> None:
    """Bound to 0.0.0.0: the token is required and a posted URL on a local address is refused unfetched."""
    from fastapi.testclient import TestClient

    from kg.api.app import create_app

    app = create_app(settings.model_copy(update={"api_require_token": "auto"}), host="0.0.0.0", store=store)
    hits = len(api.site.hits)
    with TestClient(app) as c:
        assert c.post("/articles", json={"url": f"{api.site.base}/news/bridge.html"}).status_code == 401
        r = c.post(
            "/articles",
            json={"url": f"{api.site.base}/news/bridge.html"},
            headers={"Authorization": f"Bearer {app.state.token}"},
        )
    assert_error(r, 422, "non-public address (127.0.0.1)")
    assert len(api.site.hits) == hits
