"""One embedded server per data dir, whatever state a crash or a race left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.config import Settings
from kg.store import embedded, open_store
from kg.writer import OUTLET_WRITE

from .conftest import ROOT, fake_server, run_kg, server_pids, stats

START = (
    "import sys; from pathlib import Path; from kg.store import embedded; "
    "i = embedded.start(Path(sys.argv[1])); print(i.pid, i.port)"
)


def _write_outlets(data_dir: Path, n: int, graph: str = "rel") -> None:
    store = open_store(Settings(data_dir=data_dir, graph_name=graph))
    rows = [{"id": f"outlet:{i}", "name": f"Outlet {i}", "norm": f"outlet {i}", "aliases": []} for i in range(n)]
    store.write_rows(OUTLET_WRITE, rows)
    store.close()


def test_concurrent_starts_share_one_server(own_dir: Path) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", START, str(own_dir)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        for _ in range(4)
    ]
    answers = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(answers) == 1, answers  # every process got the same pid and port
    pid = int(answers.pop().split()[0])
    assert server_pids(own_dir) == [pid]


def test_store_killed_next_command_restarts_with_data(own_env: dict[str, str], own_dir: Path) -> None:
    _write_outlets(own_dir, 250)
    old_pid = json.loads((own_dir / "server.json").read_text())["pid"]
    os.kill(old_pid, signal.SIGKILL)  # no time to flush anything: the AOF write(2) already happened
    assert stats(own_env)["labels"]["Outlet"] == 250
    assert server_pids(own_dir) == [json.loads((own_dir / "server.json").read_text())["pid"]] != [old_pid]


@pytest.mark.parametrize("listener", ["garbage", "silent"])
def test_stale_server_json_with_reused_pid_and_foreign_port(
    own_env: dict[str, str], own_dir: Path, listener: str
) -> None:
    """server.json names a live process that is not ours and a port where something else listens."""
    _write_outlets(own_dir, 40)
    os.kill(json.loads((own_dir / "server.json").read_text())["pid"], signal.SIGKILL)
    bystander = subprocess.Popen(["sleep", "120"])
    try:
        with fake_server(listener) as port:
            (own_dir / "server.json").write_text(json.dumps({"port": port, "pid": bystander.pid}))
            assert embedded.status(own_dir) is None
            assert stats(own_env)["labels"]["Outlet"] == 40
        assert bystander.poll() is None  # never signalled a process that is not ours
        info = embedded.status(own_dir)
        assert info is not None and info.pid != bystander.pid and server_pids(own_dir) == [info.pid]
    finally:
        bystander.kill()
        bystander.wait()


@pytest.mark.parametrize("damage", ["deleted", "garbage", "dead-pid"])
def test_unrecorded_running_server_is_replaced_not_doubled(own_dir: Path, damage: str) -> None:
    """A server still running on the data dir but lost from server.json: stop it cleanly, start one."""
    _write_outlets(own_dir, 30)
    _write_outlets(own_dir, 1, graph="late")  # acknowledged just before: a clean SIGTERM keeps it
    orphan = json.loads((own_dir / "server.json").read_text())["pid"]
    if damage == "deleted":
        (own_dir / "server.json").unlink()
    elif damage == "garbage":
        (own_dir / "server.json").write_text("{not json")
    else:
        (own_dir / "server.json").write_text(json.dumps({"port": 1, "pid": 999_999_999}))
    info = embedded.start(own_dir)
    assert info.pid != orphan and server_pids(own_dir) == [info.pid]
    store = open_store(Settings(data_dir=own_dir, graph_name="rel"))
    assert store.query("MATCH (o:Outlet) RETURN count(o) AS c") == [{"c": 30}]
    store.close()
    late = open_store(Settings(data_dir=own_dir, graph_name="late"))
    assert late.query("MATCH (o:Outlet) RETURN count(o) AS c") == [{"c": 1}]
    late.close()


def test_db_stop_stops_an_unrecorded_server(own_env: dict[str, str], own_dir: Path) -> None:
    embedded.start(own_dir)
    (own_dir / "server.json").unlink()
    assert server_pids(own_dir)
    proc = run_kg(own_env, "db", "stop")
    assert proc.returncode == 0 and "stopped" in proc.stdout
    assert server_pids(own_dir) == []


def test_fresh_graph_recovers_from_kill_using_its_indexes(own_dir: Path) -> None:
    """Creating a graph's indexes rewrites the append-only file, so they are in its snapshot part:
    replaying MERGEs before their index exists scans the whole label per row (minutes for 50,000
    nodes, see bench/recovery.py); with it, seconds."""
    store = open_store(Settings(data_dir=own_dir, graph_name="rel"))
    admin = store._db.connection
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (
        admin.info("persistence")["aof_rewrites"] >= 1 and not admin.info("persistence")["aof_rewrite_in_progress"]
    ):
        time.sleep(0.05)
    assert admin.info("persistence")["aof_rewrites"] >= 1
    rows = [{"id": f"outlet:{i}", "name": f"O {i}", "norm": f"o {i}", "aliases": []} for i in range(5000)]
    store.write_rows(OUTLET_WRITE, rows, 1000)
    store.close()
    os.kill(json.loads((own_dir / "server.json").read_text())["pid"], signal.SIGKILL)
    store = open_store(Settings(data_dir=own_dir, graph_name="rel"))
    assert store.query("MATCH (o:Outlet) RETURN count(o) AS c") == [{"c": 5000}]
    kinds = store._existing_indexes()
    store.close()
    assert ("Outlet", "id", "RANGE") in kinds
