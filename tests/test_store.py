"""The embedded store: a real FalkorDB server, persistence, read-only queries, security."""

from __future__ import annotations

import os
import stat
import subprocess

import psutil
import pytest
import redis

from kg.config import Settings
from kg.store import embedded, open_store
from kg.store.falkor import FalkorStore
from kg.writer import OUTLET_WRITE


def test_writes_round_trip_awkward_strings(store: FalkorStore) -> None:
    name = 'O\'Brien "quoted" back\\slash ' + "x" * 20_000
    store.write_rows(OUTLET_WRITE, [{"id": "outlet:t", "name": name, "norm": "t", "aliases": [name]}])
    rows = store.query("MATCH (o:Outlet {id: $id}) RETURN o.name AS name", {"id": "outlet:t"})
    assert rows == [{"name": name}]


def test_query_returns_plain_values(store: FalkorStore) -> None:
    """Rows are read from the compact result set directly: every value kind comes back as plain Python."""
    store.write("CREATE (:Article {id: 'q1', seq: 3, score: 1.5, ok: true, tags: ['a', 'b'], none: []})")
    rows = store.query(
        "MATCH (a:Article {id: $id}) RETURN a.id AS id, a.seq AS seq, a.score AS score, a.ok AS ok, "
        "a.tags AS tags, a.none AS none, a.missing AS missing, labels(a) AS labels, a AS node, "
        "{n: a.seq, l: [a.seq, null]} AS map, [a.ok, 'x', 2.5] AS mixed",
        {"id": "q1"},
    )
    node = {"id": "q1", "seq": 3, "score": 1.5, "ok": True, "tags": ["a", "b"], "none": []}
    assert rows == [
        {
            "id": "q1",
            "seq": 3,
            "score": 1.5,
            "ok": True,
            "tags": ["a", "b"],
            "none": [],
            "missing": None,
            "labels": ["Article"],
            "node": node,
            "map": {"n": 3, "l": [3, None]},
            "mixed": [True, "x", 2.5],
        }
    ]
    assert store.query("MATCH (a:Article {id: 'nothing'}) RETURN a.id AS id") == []
    with pytest.raises(redis.exceptions.ResponseError):
        store.query("MATCH (a:Article) RETURN 1 / 0 AS x")


def test_query_is_read_only(store: FalkorStore) -> None:
    with pytest.raises(redis.exceptions.ResponseError):
        store.query("CREATE (:Outlet {id: 'x'})")
    assert store.query("MATCH (n) RETURN count(n) AS c") == [{"c": 0}]


def test_concurrent_merges_do_not_duplicate(store: FalkorStore, settings: Settings) -> None:
    """Uniqueness without GRAPH.CONSTRAINT: parallel MERGEs of the same ids make one node each."""
    from concurrent.futures import ThreadPoolExecutor

    rows = [{"id": f"outlet:{i}", "name": str(i), "norm": str(i), "aliases": []} for i in range(200)]

    def writer(_: int) -> None:
        s = FalkorStore(settings.data_dir, settings.graph_name)
        s.write_rows(OUTLET_WRITE, rows, batch_size=25)
        s.close()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(writer, range(4)))
    assert store.query("MATCH (o:Outlet) RETURN count(o) AS c, count(DISTINCT o.id) AS d") == [{"c": 200, "d": 200}]


def test_no_constraint_command_reaches_the_append_only_file(store: FalkorStore, server_dir) -> None:
    """A GRAPH.CONSTRAINT replayed from the AOF aborts FalkorDB 4.16 at start-up (PR #2212)."""
    store.ensure_schema()
    for path in (server_dir / "appendonlydir").glob("*.aof"):
        assert b"GRAPH.CONSTRAINT" not in path.read_bytes().upper()


def test_ensure_schema_is_idempotent(store: FalkorStore) -> None:
    store.ensure_schema()
    store.ensure_schema()
    kinds = store._existing_indexes()
    assert ("Claim", "text", "FULLTEXT") in kinds
    assert ("Article", "id", "RANGE") in kinds


def test_data_survives_restart_and_kill(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, graph_name="persist")
    store = open_store(settings)
    store.write_rows(
        OUTLET_WRITE, [{"id": f"outlet:{i}", "name": str(i), "norm": str(i), "aliases": []} for i in range(300)]
    )
    store.close()
    assert embedded.stop(tmp_path)
    assert embedded.status(tmp_path) is None
    store = open_store(settings)  # restarts on demand
    assert store.query("MATCH (o:Outlet) RETURN count(o) AS c") == [{"c": 300}]
    store.write_rows(OUTLET_WRITE, [{"id": "outlet:late", "name": "late", "norm": "late", "aliases": []}])
    info = embedded.status(tmp_path)
    assert info is not None
    import time

    time.sleep(1.2)  # appendfsync everysec
    os.kill(info.pid, 9)
    store.close()
    store = open_store(settings)
    assert store.query("MATCH (o:Outlet) RETURN count(o) AS c") == [{"c": 301}]
    store.close()
    embedded.stop(tmp_path)


def test_server_is_private(server_dir) -> None:
    info = embedded.status(server_dir)
    assert info is not None
    mode = stat.S_IMODE(os.stat(server_dir / "password").st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(server_dir / "redis.conf").st_mode) == 0o600
    with pytest.raises(redis.exceptions.AuthenticationError):
        redis.Redis(host="127.0.0.1", port=info.port).ping()
    listeners = {
        c.laddr.ip for c in psutil.net_connections("inet") if c.status == "LISTEN" and c.laddr.port == info.port
    }
    assert listeners == {"127.0.0.1"}  # the server listens, and on loopback only
    pw = embedded.password(server_dir)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=False).stdout
    assert pw not in ps


def test_one_server_per_data_dir(server_dir) -> None:
    first = embedded.status(server_dir)
    again = embedded.start(server_dir)
    assert first is not None and again.pid == first.pid


def test_an_entity_written_again_with_another_type_stays_one_node(store: FalkorStore) -> None:
    """Ids carry no type: a later article typing the same name differently merges into the stored
    node (which keeps its first type) instead of breaking the unique id constraint."""
    from extraction.records import ArticleRecord, EntityRecord, Extraction, Span, entity_id
    from kg.writer import write_extractions

    def article(doc: str, etype: str) -> Extraction:
        ent = EntityRecord(entity_id("Zentrix"), "Zentrix", etype, ["Zentrix"], [Span(0, 7, "Zentrix")])
        return Extraction(ArticleRecord(id=doc, text="Zentrix said so."), entities=[ent])

    write_extractions(store, [article("a", "Person")])
    write_extractions(store, [article("b", "Organization")])
    rows = store.query("MATCH (e:Entity) RETURN e.id AS id, e.type AS type, labels(e) AS labels")
    assert [(r["id"], r["type"], sorted(r["labels"])) for r in rows] == [("zentrix", "Person", ["Entity", "Person"])]
    mentions = store.query("MATCH (:Article)-[:MENTIONS]->(e:Entity) RETURN count(*) AS n")
    assert mentions[0]["n"] == 2


def test_no_command_reaches_a_server_replaying_its_append_only_file(tmp_path) -> None:
    """Redis can crash when a client command arrives while it replays a MULTI block of its append-only
    file, so start() waits for the server's own "ready" line before it sends anything."""
    info = embedded.start(tmp_path)
    client = redis.Redis(host="127.0.0.1", port=info.port, password=embedded.password(tmp_path), protocol=2)
    for group in range(150):  # write groups as the writer sends them: MULTI blocks of graph writes
        pipe = client.pipeline(transaction=True)
        for i in range(32):
            pipe.execute_command("GRAPH.QUERY", "g", f"CREATE (:N {{k: {group * 32 + i}, s: '{'x' * 300}'}})")
        pipe.execute()
    pipe = client.pipeline(transaction=True)
    pipe.execute_command("GRAPH.QUERY", "g", "UNWIND range(1, 300000) AS i CREATE (:M {i: i})")
    pipe.execute()
    client.close()
    os.kill(info.pid, 9)  # no clean shutdown: the restart replays the whole append-only file
    psutil.Process(info.pid).wait(10)
    info = embedded.start(tmp_path)
    client = redis.Redis(host="127.0.0.1", port=info.port, password=embedded.password(tmp_path), protocol=2)
    try:
        assert client.execute_command("GRAPH.QUERY", "g", "MATCH (n:N) RETURN count(n)")[1] == [[4800]]
        assert "errorstat_LOADING" not in client.info("errorstats")  # nothing was sent while it loaded
        assert b"Ready to accept connections" in (tmp_path / "server.log").read_bytes()
    finally:
        client.close()
        embedded.stop(tmp_path)
