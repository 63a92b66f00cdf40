"""Helpers for the reliability tests: run ``kg`` as a real subprocess, own throw-away stores."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import embedded

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT.parent / "shared" / "corpus" / "bbc_news.jsonl"


def kg_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def run_kg(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``kg ARGS`` to completion; never hangs the suite."""
    return subprocess.run(
        kg_cmd(*args), capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout, check=False
    )


def assert_clean(proc: subprocess.CompletedProcess[str]) -> None:
    """No Python traceback reached the user."""
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out and 'File "' not in out, out[-3000:]


def stats(env: dict[str, str]) -> dict[str, dict[str, int]]:
    proc = run_kg(env, "stats", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def server_pids(data_dir: Path) -> list[int]:
    """Every live redis-server whose working directory is ``data_dir`` (what the server is really using)."""
    data_dir = data_dir.resolve()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if "redis-server" not in (entry / "comm").read_text() or Path(os.readlink(entry / "cwd")) != data_dir:
                continue
            state = next(line for line in (entry / "status").read_text().splitlines() if line.startswith("State:"))
        except (OSError, StopIteration):
            continue
        if "Z" not in state.split()[1]:
            pids.append(int(entry.name))
    return pids


def kill_servers(data_dir: Path) -> None:
    for pid in server_pids(data_dir):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while server_pids(data_dir) and time.monotonic() < deadline:
        time.sleep(0.05)


def base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("KG_")}


@pytest.fixture
def own_dir(tmp_path: Path) -> Iterator[Path]:
    """A data dir whose server this test may kill; every server on it is gone afterwards."""
    data_dir = tmp_path / "store"
    data_dir.mkdir()
    yield data_dir
    with contextlib.suppress(Exception):
        embedded.stop(data_dir, timeout=10)
    kill_servers(data_dir)


@pytest.fixture
def own_env(own_dir: Path) -> dict[str, str]:
    env = base_env()
    env.update({"KG_DATA_DIR": str(own_dir), "KG_GRAPH_NAME": "rel"})
    return env


def bbc_sample(path: Path, n: int, start: int = 0, step: int = 1) -> Path:
    """``n`` BBC articles as a jsonl file (read from the shared corpus, never copied into the repo)."""
    with BBC.open(encoding="utf-8") as src:
        rows = [line for i, line in enumerate(src) if i >= start and (i - start) % step == 0]
    path.write_text("".join(rows[:n]), encoding="utf-8")
    return path


# --- tiny fake TCP servers on 127.0.0.1 (there is no Neo4j here) ---------------------------------


def _pack_str(text: str) -> bytes:
    data = text.encode()
    if len(data) < 16:
        return bytes([0x80 | len(data)]) + data
    return bytes([0xD0, len(data)]) + data if len(data) < 256 else bytes([0xD1]) + len(data).to_bytes(2, "big") + data


def _bolt_message(signature: int, meta: dict[str, str]) -> bytes:
    body = bytes([0xB1, signature, 0xA0 | len(meta)])
    body += b"".join(_pack_str(k) + _pack_str(v) for k, v in meta.items())
    return len(body).to_bytes(2, "big") + body + b"\x00\x00"


def _read_bolt_message(conn: socket.socket) -> bytes:
    payload = b""
    while True:
        size = int.from_bytes(_recv_exactly(conn, 2), "big")
        if size == 0:
            return payload
        payload += _recv_exactly(conn, size)


def _recv_exactly(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        part = conn.recv(n - len(data))
        if not part:
            raise ConnectionError("closed")
        data += part
    return data


def _serve_bolt_refusing_auth(conn: socket.socket) -> None:
    """Speak just enough Bolt 5.x to turn the credentials down, as a real server would."""
    hello = _recv_exactly(conn, 20)
    proposals = [hello[4 + 4 * i : 8 + 4 * i] for i in range(4)]
    major, minor = next(((p[3], p[2]) for p in proposals if p[3] == 5), (0, 0))
    if not major:
        return
    # answer 5.4 when offered (plain FAILURE metadata); else the top of the first 5.x range
    chosen = next((4 for p in proposals if p[3] == 5 and p[2] - p[1] <= 4 <= p[2]), minor)
    conn.sendall(bytes([0, 0, chosen, 5]))
    while True:
        message = _read_bolt_message(conn)
        signature = message[1] if len(message) > 1 else 0
        if signature == 0x01:  # HELLO
            conn.sendall(_bolt_message(0x70, {"server": "Neo4j/5.20.0", "connection_id": "bolt-1"}))
        elif signature == 0x02:  # GOODBYE
            return
        elif signature == 0x0F:  # RESET
            conn.sendall(_bolt_message(0x70, {}))
        else:  # LOGON (or anything else): the credentials are wrong
            conn.sendall(
                _bolt_message(
                    0x7F,
                    {
                        "code": "Neo.ClientError.Security.Unauthorized",
                        "message": "The client is unauthorized due to authentication failure.",
                    },
                )
            )


def _serve(conn: socket.socket, mode: str, stop: threading.Event) -> None:
    with contextlib.suppress(OSError, ConnectionError), conn:
        conn.settimeout(30)
        if mode == "garbage":
            conn.recv(1024)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 7\r\n\r\ngarbage")
        elif mode == "silent":
            conn.recv(1024)
            stop.wait(60)
        elif mode == "bolt-auth-fails":
            _serve_bolt_refusing_auth(conn)


@contextlib.contextmanager
def fake_server(mode: str) -> Iterator[int]:
    """Listen on 127.0.0.1: ``garbage`` answers nonsense, ``silent`` never answers,
    ``bolt-auth-fails`` speaks Bolt and refuses any credentials. Yields the port."""
    stop = threading.Event()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)

    def accept_loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            threading.Thread(target=_serve, args=(conn, mode, stop), daemon=True).start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield int(sock.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        sock.close()


def closed_port() -> int:
    """A localhost port nothing listens on (bound then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- a small real corpus and the graph one clean run makes of it --------------------------------

N = 30  # articles: enough for several write groups, small enough to stay quick on a shared machine
TUNING = {"KG_INGEST_CHUNK": "5", "KG_INGEST_WORKERS": "1"}  # 6 write groups; one extraction process


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``N`` BBC articles spread over the corpus (every 37th), as one jsonl file."""
    return bbc_sample(tmp_path_factory.mktemp("bbc") / "bbc.jsonl", N, start=3, step=37)


@pytest.fixture(scope="session")
def uninterrupted(sample: Path, server_dir: Path) -> dict[str, dict[str, int]]:
    """Graph counts after one clean, uninterrupted ``kg ingest`` of the sample: the reference."""
    env = {**base_env(), **TUNING, "KG_DATA_DIR": str(server_dir), "KG_GRAPH_NAME": f"ref_{uuid.uuid4().hex[:8]}"}
    proc = run_kg(env, "ingest", "-q", str(sample))
    assert proc.returncode == 0, proc.stderr
    counts = stats(env)
    assert counts["labels"]["Article"] == N
    return counts


def graph_env(data_dir: Path, prefix: str) -> dict[str, str]:
    return {**base_env(), **TUNING, "KG_DATA_DIR": str(data_dir), "KG_GRAPH_NAME": f"{prefix}_{uuid.uuid4().hex[:8]}"}
