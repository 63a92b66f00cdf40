"""The embedded store: a real FalkorDB server, persistence, read-only queries, security."""

from __future__ import annotations

import os
import stat
import subprocess

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


def test_query_is_read_only(store: FalkorStore) -> None:
    with pytest.raises(redis.exceptions.ResponseError):
        store.query("CREATE (:Outlet {id: 'x'})")
    assert store.query("MATCH (n) RETURN count(n) AS c") == [{"c": 0}]


def test_unique_constraint_rejects_duplicates(store: FalkorStore) -> None:
    store.write("CREATE (:Outlet {id: 'outlet:a'})")
    with pytest.raises(redis.exceptions.ResponseError):
        store.write("CREATE (:Outlet {id: 'outlet:a'})")


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
    out = subprocess.run(["ss", "-ltnp"], capture_output=True, text=True, check=False).stdout
    listeners = [line for line in out.splitlines() if f":{info.port} " in line]
    if listeners:
        assert all("127.0.0.1:" in line for line in listeners)
    pw = embedded.password(server_dir)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=False).stdout
    assert pw not in ps


def test_one_server_per_data_dir(server_dir) -> None:
    first = embedded.status(server_dir)
    again = embedded.start(server_dir)
    assert first is not None and again.pid == first.pid
