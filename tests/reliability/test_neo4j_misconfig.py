"""A misconfigured Neo4j backend gives one clear line naming the setting, never a traceback or a secret.

There is no Neo4j server here: unreachable is a closed localhost port, a listener that answers
garbage, and one that never answers; "wrong password" is a fake listener that speaks just enough
Bolt to refuse the credentials the way Neo4j does (a real server's refusal is not tested here).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from .conftest import assert_clean, base_env, closed_port, fake_server, run_kg

SECRET = "hunter2-Secret-9f3a"  # must never be printed


@contextlib.contextmanager
def _uri(case: str):
    if case in ("closed-bolt", "closed-neo4j"):
        scheme = case.split("-")[1]
        yield f"{scheme}://127.0.0.1:{closed_port()}"
    elif case in ("garbage", "silent", "bolt-auth-fails"):
        with fake_server(case) as port:
            yield f"bolt://127.0.0.1:{port}"
    else:
        yield {
            "http-scheme": "http://127.0.0.1:7474",
            "bad-scheme": "bolt+bogus://127.0.0.1:7687",
            "no-scheme": "127.0.0.1:7687",
            "bad-port": "bolt://127.0.0.1:99999",
            "bad-ipv6": "bolt://[::1:7687",
            "credentials-in-uri": f"neo4j://neo4j:{SECRET}@127.0.0.1:7687",
        }[case]


CASES = {
    "closed-bolt": ("cannot reach", "KG_GRAPH_URI"),
    "closed-neo4j": ("cannot reach", "KG_GRAPH_URI"),
    "garbage": ("cannot reach", "KG_GRAPH_URI"),
    "silent": ("cannot reach", "KG_GRAPH_URI"),
    "bolt-auth-fails": ("refused the credentials", "KG_GRAPH_PASSWORD"),
    "http-scheme": ("must start with neo4j:// or bolt://", "KG_GRAPH_URI"),
    "bad-scheme": ("must start with neo4j:// or bolt://", "KG_GRAPH_URI"),
    "no-scheme": ("must start with neo4j:// or bolt://", "KG_GRAPH_URI"),
    "bad-port": ("not a valid URI", "KG_GRAPH_URI"),
    "bad-ipv6": ("not a valid URI", "KG_GRAPH_URI"),
    "credentials-in-uri": ("must not contain credentials", "KG_GRAPH_URI"),
}

# `kg ingest` opens the store the same way as `kg stats`; check it on one case of each kind (each run costs ~2 s)
INGEST_TOO = {"closed-neo4j", "silent", "bolt-auth-fails", "http-scheme", "credentials-in-uri"}


@pytest.mark.parametrize("case", list(CASES))
def test_misconfigured_neo4j_is_one_clear_line(case: str, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Acme Corp said on Monday that it would open a factory in Ohio.\n")
    phrase, setting = CASES[case]
    with _uri(case) as uri:
        env = base_env()
        env.update(
            {
                "KG_GRAPH_URI": uri,
                "KG_GRAPH_PASSWORD": SECRET,
                "KG_GRAPH_TIMEOUT": "3",
                "KG_DATA_DIR": str(tmp_path / "unused"),  # must never start an embedded store
            }
        )
        commands = [("stats",)]
        if case in INGEST_TOO:
            commands.append(("ingest", "-q", str(article)))
        for args in commands:
            proc = run_kg(env, *args, timeout=90)
            assert_clean(proc)
            assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
            lines = [line for line in proc.stderr.splitlines() if line.strip()]
            assert len(lines) == 1, proc.stderr
            assert lines[0].startswith("error: ") and phrase in lines[0] and setting in lines[0], lines[0]
            assert SECRET not in proc.stdout + proc.stderr
            assert not (tmp_path / "unused" / "server.json").exists()
