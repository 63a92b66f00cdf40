"""The suite never touches the user's data dir and leaves no server running, even when interrupted.

Each case runs pytest in a subprocess with ``HOME`` pointed at a fresh temp dir and its
``--basetemp`` under this test's own ``tmp_path``, then looks for what it left behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from isolation import servers_under

from .conftest import ROOT, base_env

TESTS = ROOT / "tests"

# Generated test files: run with this suite's conftest loaded as a plugin (``-p conftest``).
MISBEHAVING = """
import os, subprocess, sys
from pathlib import Path
from kg.store import embedded

def test_cli_on_the_default_store():
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    subprocess.run([sys.executable, "-m", "kg.cli", "db", "start"], env=env, check=True, timeout=120)

def test_in_process_store_outside_the_temp_root():
    embedded.start(Path(os.environ["ELSEWHERE"]))
"""

SLOW = """
import time
from kg.store import embedded

def test_holds_a_server(tmp_path):
    embedded.start(tmp_path / "store")
    (tmp_path.parent / "started").write_text("yes")
    time.sleep(300)
"""


def _pytest(tmp_path: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    """A pytest command line and environment: a fresh HOME, basetemp under ``tmp_path``."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in base_env().items() if k != "XDG_DATA_HOME"}
    env.update(HOME=str(home), PYTHONPATH=os.pathsep.join([str(ROOT), str(TESTS)]), ELSEWHERE=str(tmp_path / "else"))
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'bt'}", *args]
    return cmd, env


def _generated(tmp_path: Path, name: str, text: str) -> list[str]:
    folder = tmp_path / "gen"
    folder.mkdir(exist_ok=True)
    (folder / "pytest.ini").write_text("[pytest]\n")
    (folder / name).write_text(text)
    return ["-p", "conftest", "-c", str(folder / "pytest.ini"), str(folder / name)]


def _assert_nothing_left(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert not (home / ".local" / "share" / "claimgraph").exists(), "a store was created in the user's data dir"
    assert not servers_under(tmp_path), f"servers left running: {servers_under(tmp_path)}"


def test_a_slice_of_the_suite_leaves_no_store_and_no_server(tmp_path: Path) -> None:
    cmd, env = _pytest(
        tmp_path,
        str(TESTS / "test_store.py::test_one_server_per_data_dir"),
        str(TESTS / "test_store.py::test_server_is_private"),
        str(TESTS / "reliability" / "test_security.py::test_no_password_in_logs_or_output"),
    )
    run = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=540, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "3 passed" in run.stdout, run.stdout[-2000:]
    assert list((tmp_path / "bt").rglob("server.log")), "the slice should have started servers (control)"
    _assert_nothing_left(tmp_path)


def test_a_test_that_uses_the_default_store_fails(tmp_path: Path) -> None:
    cmd, env = _pytest(tmp_path, *_generated(tmp_path, "test_misbehaving.py", MISBEHAVING))
    run = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out[-3000:]
    assert "test_cli_on_the_default_store" in out and "used the default data dir" in out, out[-3000:]
    assert "test_in_process_store_outside_the_temp_root" in out and "tests use their own data dir" in out
    assert not (tmp_path / "else").exists()  # refused before anything was written there
    _assert_nothing_left(tmp_path)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_session_stops_its_servers(tmp_path: Path, sig: signal.Signals) -> None:
    cmd, env = _pytest(tmp_path, *_generated(tmp_path, "test_slow.py", SLOW))
    proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 180
        while not (tmp_path / "bt" / "started").exists():
            assert proc.poll() is None and time.monotonic() < deadline, "the inner session never started its server"
            time.sleep(0.2)
        assert servers_under(tmp_path), "the server should be running before the interrupt (control)"
        proc.send_signal(sig)
        out, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0, out[-2000:]
    _assert_nothing_left(tmp_path)
