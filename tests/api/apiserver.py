"""A real ``kg serve`` process (uvicorn) on a graph of its own, reached with httpx (fixture ``api``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

WEB = Path(__file__).resolve().parents[1] / "web"
sys.path.insert(0, str(WEB))  # the local news site of tests/web

from newsserver import NewsSite, standard_site  # noqa: E402

MAX_BODY = 200_000


@dataclass
class Api:
    base: str
    env: dict[str, str]
    token: str
    proc: subprocess.Popen
    site: NewsSite
    ferry_id: str = ""

    def client(self, auth: bool = False) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if auth else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=120)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(base: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kg serve exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(f"{base}/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("kg serve did not answer in time")


@pytest.fixture(scope="module")
def api(server_dir: Path) -> Iterator[Api]:
    """``kg serve`` with writes guarded by the token (``KG_API_REQUIRE_TOKEN=always``) on loopback."""
    site = standard_site()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(
        {
            "KG_DATA_DIR": str(server_dir),
            "KG_GRAPH_NAME": f"t_api_{uuid.uuid4().hex[:10]}",
            "KG_API_REQUIRE_TOKEN": "always",
            "KG_API_MAX_BODY_BYTES": str(MAX_BODY),
            "KG_FETCH_HOST_INTERVAL": "0.05",
            "KG_FETCH_TIMEOUT": "2",
        }
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, proc)
        token = (server_dir / "api-token").read_text().strip()
        yield Api(base, env, token, proc, site)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        from kg.store.falkor import FalkorStore

        store = FalkorStore(server_dir, env["KG_GRAPH_NAME"])
        store.delete_graph()
        store.close()
        site.close()
