"""Keep the suite away from the user's own store, and leave no server behind.

The session points ``HOME``, ``XDG_DATA_HOME`` and ``KG_DATA_DIR`` into pytest's temporary root,
so a test (or a ``kg`` subprocess) that falls back to the default settings lands there, not in
``~/.local/share/claimgraph``. Servers are "ours" when their working directory (redis ``chdir``s
to its data dir) lies under that root: the finaliser stops exactly those, never a server that
another suite or a user started.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_data_dir

from kg.store import embedded


def redis_servers() -> dict[int, Path]:
    """Every live redis-server on this machine with its working directory (Linux ``/proc``)."""
    found: dict[int, Path] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if "redis-server" not in (entry / "comm").read_text():
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cwd = Path(os.readlink(entry / "cwd"))
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            found[int(entry.name)] = cwd
    return found


def servers_under(root: Path) -> dict[int, Path]:
    """The redis-servers working somewhere under ``root``."""
    root = root.resolve()
    return {pid: cwd for pid, cwd in redis_servers().items() if cwd == root or root in cwd.parents}


def stop_servers_under(root: Path, timeout: float = 10.0) -> list[Path]:
    """Stop every server under ``root``: a clean shutdown first, SIGKILL for any that will not go."""
    dirs = sorted(set(servers_under(root).values()))
    for data_dir in dirs:
        with contextlib.suppress(Exception):
            embedded.stop(data_dir, timeout=timeout)
    deadline = time.monotonic() + timeout
    while (left := servers_under(root)) and time.monotonic() < deadline:
        for pid in left:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    return dirs


class Isolation:
    """The temporary home of one test session and the checks made after each test."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.home = self.root / "home"
        self.default_data = self.root / "default-data"  # what KG_DATA_DIR says when a test does not choose
        self.user_data = Path(user_data_dir("claimgraph")).resolve()  # the real user's, before HOME moves
        self.user_servers = {pid for pid, cwd in redis_servers().items() if cwd == self.user_data}
        self._saved: dict[str, str | None] = {}

    def enter(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        env = {
            "HOME": str(self.home),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "KG_DATA_DIR": str(self.default_data),
        }
        for key, value in env.items():
            self._saved[key] = os.environ.get(key)
            os.environ[key] = value
        os.environ.pop("KG_GRAPH_URI", None)  # and never a real Neo4j by default

    def leave(self) -> None:
        for key, value in self._saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def default_dirs(self) -> list[Path]:
        """Where the default settings put a store inside the session: neither may ever exist."""
        return [self.default_data, Path(user_data_dir("claimgraph")).resolve()]

    def allows(self, data_dir: Path) -> bool:
        """A test may start a server only in a directory of its own under the session root."""
        data_dir = data_dir.expanduser().resolve()
        return self.root in data_dir.parents and data_dir not in self.default_dirs()

    def suspects(self) -> list[str]:
        """Live processes other than this one that inherited the session's default settings
        (a worker pool or cluster started without a data dir of its own): where to look."""
        marker = f"KG_DATA_DIR={self.default_data}".encode()
        found = []
        for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
                    found.append(f"pid {entry.name}: {cmd[:160]}")
            except OSError:
                continue
        return found[:5]

    def leaks(self) -> list[str]:
        """What the last test left where only the defaults would put it; cleans it up."""
        found = []
        for data_dir in self.default_dirs():
            if data_dir.exists():
                suspects = self.suspects()
                stopped = stop_servers_under(data_dir)
                found.append(
                    f"{data_dir} (the default data dir{', a server was running' if stopped else ''}; "
                    f"processes with the default settings: {suspects or 'none left'})"
                )
                shutil.rmtree(data_dir, ignore_errors=True)
        new = {pid for pid, cwd in redis_servers().items() if cwd == self.user_data} - self.user_servers
        if new:
            found.append(f"{self.user_data}: the user's own data dir got a new server (pid {sorted(new)})")
            self.user_servers |= new  # not ours to stop: report it once
        return found

    def guard_start(self, start: Callable[[Path], embedded.ServerInfo]) -> Callable[[Path], embedded.ServerInfo]:
        """``embedded.start`` that refuses a data dir outside the session root."""

        def guarded(data_dir: Path) -> embedded.ServerInfo:
            if not self.allows(data_dir):
                raise AssertionError(
                    f"a test started a store in {data_dir}: tests use their own data dir under {self.root}"
                )
            return start(data_dir)

        return guarded
