"""``kg ingest URL...`` and ``kg ingest --feed URL`` as a user runs them, against a real local site
and the real FalkorDB: metadata filled in, each story stored once, failures one line each."""

from __future__ import annotations

import subprocess
import sys

from newsserver import STORIES, NewsSite

from kg.store.falkor import FalkorStore

ARTICLES = (
    "MATCH (a:Article) OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet) "
    "RETURN a.uri AS uri, a.title AS title, a.published AS published, o.name AS outlet, a.author AS author ORDER BY uri"
)


def kg(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def failed_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("failed ")]


def test_urls_are_stored_once_with_metadata_and_failures_do_not_stop_the_batch(
    site: NewsSite, web_env: dict[str, str], store: FalkorStore
) -> None:
    b = site.base
    urls = [
        f"{b}/news/ferry.html",
        f"{b}/missing.html",  # 404, in the middle of the batch
        f"{b}/amp/ferry.html",  # the AMP copy names the original as canonical
        f"{b}/news/ferry.html?utm_source=newsletter#comments",  # tracking parameters and a fragment
        f"{b}/private/secret.html",  # robots.txt says no
        f"{b}/go/bridge",  # a redirect to the bridge story with tracking parameters
        f"{b}/slow.html",  # longer than KG_FETCH_TIMEOUT
        f"{b}/news/bridge.html",  # reached a second time, directly
        f"{b}/huge.html",  # over KG_FETCH_MAX_BYTES
    ]
    run = kg(web_env, "ingest", "-q", *urls)
    assert run.returncode == 1, run.stderr
    assert "articles: 2 new, 3 duplicate, 4 failed" in run.stdout
    lines = failed_lines(run.stderr)
    assert sorted(lines) == sorted(
        [
            f"failed {b}/missing.html: HTTP 404",
            f"failed {b}/private/secret.html: disallowed by robots.txt",
            f"failed {b}/slow.html: timed out after 1.5 s",
            f"failed {b}/huge.html: response too large (over 2.0 MiB; the limit is 2 MiB, KG_FETCH_MAX_BYTES)",
        ]
    )
    assert "Traceback" not in run.stderr
    rows = store.query(ARTICLES)
    assert rows == [
        {
            "uri": f"{b}/news/bridge.html",
            "title": STORIES["bridge"]["headline"],
            "published": "2026-11-30",
            "outlet": "The Lakeside Courier",
            "author": "Jon Estvik",
        },
        {
            "uri": f"{b}/news/ferry.html",
            "title": STORIES["ferry"]["headline"],
            "published": "2026-11-28T07:30:00+00:00",
            "outlet": "The Lakeside Courier",
            "author": "Mara Quint",
        },
    ]
    assert "/private/secret.html" not in site.paths()
    assert {h.headers["user-agent"] for h in site.hits} == {web_env.get("KG_FETCH_USER_AGENT") or _default_ua()}


def _default_ua() -> str:
    from kg.config import Settings

    return Settings().fetch_user_agent


def test_feed_items_already_stored_are_not_fetched_again(
    site: NewsSite, web_env: dict[str, str], store: FalkorStore
) -> None:
    b = site.base
    first = kg(web_env, "ingest", "-q", f"{b}/news/ferry.html")
    assert first.returncode == 0, first.stderr
    site.hits.clear()
    run = kg(web_env, "ingest", "-q", "--feed", f"{b}/feed.xml", "--feed", f"{b}/atom.xml", "--feed", f"{b}/broken.xml")
    assert run.returncode == 1, run.stderr
    assert "articles: 2 new, 2 duplicate, 1 failed" in run.stdout  # orchard twice, bridge; ferry was stored
    (line,) = failed_lines(run.stderr)
    assert line.startswith(f"failed {b}/broken.xml: malformed feed (")
    fetched = site.paths()
    assert "/news/ferry.html" not in fetched and fetched.count("/news/orchard.html") == 1
    titles = {r["title"] for r in store.query(ARTICLES)}
    assert titles == {STORIES[k]["headline"] for k in ("ferry", "orchard", "bridge")}


def test_sitemap_ingest_and_a_local_file_in_one_run(
    site: NewsSite, web_env: dict[str, str], store: FalkorStore, tmp_path
) -> None:
    local = tmp_path / "note.txt"
    local.write_text(
        "Council votes to keep the library open\n\nThe council said on Tuesday it would keep the library open."
    )
    index = f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap><loc>{site.base}/sitemap.xml</loc></sitemap></sitemapindex>"
    site.set("/sitemap-index.xml", index, "application/xml")
    run = kg(web_env, "ingest", "-q", str(local), "--feed", f"{site.base}/sitemap-index.xml")
    assert run.returncode == 0, run.stderr
    assert "articles: 4 new, 0 duplicate, 0 failed" in run.stdout
    again = kg(web_env, "ingest", "-q", str(local), "--feed", f"{site.base}/sitemap-index.xml")
    assert "articles: 0 new, 4 duplicate, 0 failed" in again.stdout
