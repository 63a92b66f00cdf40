"""``kg watch`` against a real local feed: only new items, conditional GET, a restart that
re-ingests nothing, one line per cycle, a clean stop on Ctrl-C."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from newsserver import NewsSite, rss
from test_ingest_urls import kg

from kg.store.falkor import FalkorStore
from kg.web.watch import parse_every

CYCLE = re.compile(
    r"^\S+ cycle (\d+): (\d+) feeds \((\d+) not modified, (\d+) failed\), "
    r"(\d+) new items: (\d+) stored, (\d+) duplicate, (\d+) failed in [\d.]+ s$"
)


def cycles(stdout: str) -> list[tuple[int, ...]]:
    lines = [line for line in stdout.splitlines() if line.strip()]
    found = [CYCLE.match(line) for line in lines]
    assert all(found), stdout
    return [tuple(int(x) for x in m.groups()) for m in found if m]


def count_articles(store: FalkorStore) -> int:
    return store.query("MATCH (a:Article) RETURN count(a) AS n")[0]["n"]


def test_watch_ingests_only_new_items_across_restarts(
    site: NewsSite, web_env: dict[str, str], store: FalkorStore
) -> None:
    feed = f"{site.base}/feed.xml"
    first = kg(web_env, "watch", feed, "--every", "1s", "--cycles", "2")
    assert first.returncode == 0, first.stderr
    # cycle 1 stores the two items; cycle 2 is one conditional GET answered 304
    assert cycles(first.stdout) == [(1, 1, 0, 0, 2, 2, 0, 0), (2, 1, 1, 0, 0, 0, 0, 0)]
    assert count_articles(store) == 2
    assert site.hits[-1].path == "/feed.xml" and site.hits[-1].headers.get("if-none-match")
    assert site.hits[-1].status == 304

    site.hits.clear()
    restart = kg(web_env, "watch", feed, "--cycles", "1")  # a new process: the state file carries over
    assert cycles(restart.stdout) == [(1, 1, 1, 0, 0, 0, 0, 0)]
    assert site.paths() == ["/robots.txt", "/feed.xml"]

    site.set("/feed.xml", rss(site.base, ["bridge", "ferry", "orchard"]), "application/rss+xml")
    site.hits.clear()
    changed = kg(web_env, "watch", feed, "--cycles", "1")
    assert cycles(changed.stdout) == [(1, 1, 0, 0, 1, 1, 0, 0)]
    assert [p for p in site.paths() if p.startswith("/news/")] == ["/news/bridge.html"]
    assert count_articles(store) == 3


def test_a_lost_state_file_still_re_ingests_nothing(
    site: NewsSite, web_env: dict[str, str], store: FalkorStore
) -> None:
    feed = f"{site.base}/feed.xml"
    assert kg(web_env, "watch", feed, "--cycles", "1").returncode == 0
    state = Path(web_env["KG_DATA_DIR"]) / f"watch-{web_env['KG_GRAPH_NAME']}.json"
    assert oct(state.stat().st_mode & 0o777) == "0o600"
    assert json.loads(state.read_text())["feeds"][feed]["etag"]
    state.unlink()
    site.hits.clear()
    again = kg(web_env, "watch", feed, "--cycles", "1")
    assert cycles(again.stdout) == [(1, 1, 0, 0, 2, 0, 2, 0)]
    assert not [p for p in site.paths() if p.startswith("/news/")]  # known by canonical URL: not even fetched
    assert count_articles(store) == 2


def test_failed_items_are_retried_and_a_bad_feed_is_one_line(
    site: NewsSite, web_env: dict[str, str], store: FalkorStore
) -> None:
    site.set(
        "/mixed.xml",
        rss(site.base, ["ferry"]).replace("</channel>", f"<item><link>{site.base}/later.html</link></item></channel>"),
    )
    run = kg(web_env, "watch", f"{site.base}/mixed.xml", f"{site.base}/broken.xml", "--cycles", "2", "--every", "1s")
    assert cycles(run.stdout) == [(1, 2, 0, 1, 2, 1, 0, 1), (2, 2, 0, 1, 1, 0, 0, 1)]
    failures = [line for line in run.stderr.splitlines() if line.startswith("failed ")]
    assert failures.count(f"failed {site.base}/later.html: HTTP 404") == 2  # retried: the feed's ETag was not kept
    assert sum(line.startswith(f"failed {site.base}/broken.xml: malformed feed") for line in failures) == 2


def test_ctrl_c_stops_cleanly(site: NewsSite, web_env: dict[str, str], store: FalkorStore) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "watch", f"{site.base}/feed.xml", "--every", "1h"],
        env=web_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # the first cycle's line, then it sleeps for an hour
        assert CYCLE.match(line.strip()), line
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "stopped; what was seen is kept in" in err and "Traceback" not in err


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("90s", 90), ("2h", 7200), ("45", 45), ("1d", 86400)])
def test_intervals(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "0s", "-5m", "5 weeks"])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(ValueError):
        parse_every(text)
