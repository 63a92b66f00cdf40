"""Run the real app (``streamlit run app.py``) on a free port, and a headless Debian Chromium to drive it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(data_dir: Path, graph_name: str, log_path: Path, timeout: float = 120) -> Iterator[str]:
    """Serve ``app.py`` against one graph; yields the base URL; the server is killed on exit."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update({"KG_DATA_DIR": str(data_dir), "KG_GRAPH_NAME": graph_name, "KG_INGEST_WORKERS": "1"})
    cmd = [
        str(ROOT / ".venv" / "bin" / "streamlit"),
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log_path}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not come up in {timeout:.0f}s; see {log_path}")
                time.sleep(0.5)
            yield url
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)


@contextmanager
def chromium(width: int = 1440, height: int = 1000) -> Iterator:
    """A Playwright page in Debian's Chromium (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def ask(page, question: str, timeout_ms: int = 240_000) -> None:
    """Type a question into the Ask page's chat box and wait until its answer is on screen."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=timeout_ms)
    before = page.get_by_test_id("stChatMessage").count()
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= n + 2",
        arg=before,
        timeout=timeout_ms,
    )
    wait_idle(page, timeout_ms)


def wait_idle(page, timeout_ms: int = 120_000) -> None:
    """Wait until Streamlit has finished the script run: no running status, no skeletons, no stale elements."""
    page.wait_for_timeout(400)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
              && !document.querySelector('[data-testid="stSkeleton"]')
              && !document.querySelector('[data-stale="true"]')""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(400)


@contextmanager
def claim_drift_page(settings, claim_id: str, log_name: str) -> Iterator[tuple]:
    """The Claim provenance page of one claim in Chromium, once its "How it changed" part is drawn:
    (page, the main column's text). Fails when Debian's chromium is missing."""
    from urllib.parse import quote

    import pytest

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run 'make browser'")
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    with app_server(settings.data_dir, settings.graph_name, artifacts / log_name) as url, chromium() as page:
        page.goto(f"{url}/claim?claim={quote(claim_id, safe='')}")
        page.get_by_text("How it changed").wait_for(timeout=180_000)
        wait_idle(page)
        yield page, page.get_by_test_id("stMain").inner_text()
