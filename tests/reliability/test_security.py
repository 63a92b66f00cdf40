"""The embedded store is private: loopback only, password required, secrets 0600, never printed."""

from __future__ import annotations

import socket
import stat
import subprocess
from pathlib import Path

import pytest

from kg.config import Settings
from kg.store import embedded

from .conftest import ROOT, assert_clean, closed_port, run_kg

URI_SECRET = "uri-Secret-7c1e"
PW_SECRET = "pw-Secret-0b9d"


def _listeners(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of every socket listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as fh:
            for line in list(fh)[1:]:
                fields = line.split()
                addr, hex_port = fields[1].rsplit(":", 1)
                if int(hex_port, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                    found.append(addr)
    return found


def _resp(port: int, *commands: bytes) -> list[bytes]:
    """Send raw RESP inline commands; return the first reply line of each."""
    replies = []
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock, sock.makefile("rb") as fh:
        for command in commands:
            sock.sendall(command + b"\r\n")
            replies.append(fh.readline().strip())
    return replies


def _other_addresses() -> list[str]:
    out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, check=False).stdout
    return [a for a in out.split() if not a.startswith("127.") and ":" not in a]


def test_listens_on_loopback_only(server_dir: Path) -> None:
    info = embedded.status(server_dir)
    assert info is not None
    assert _listeners(info.port) == ["0100007F"]  # 127.0.0.1, and nothing on 0.0.0.0 or IPv6
    for address in _other_addresses():
        with pytest.raises(OSError), socket.create_connection((address, info.port), timeout=3):
            pass


def test_refuses_clients_without_the_password(server_dir: Path) -> None:
    info = embedded.status(server_dir)
    assert info is not None
    pw = embedded.password(server_dir).encode()
    no_auth, wrong, graph_cmd = _resp(info.port, b"PING", b"AUTH not-the-password", b"GRAPH.LIST")
    assert no_auth.startswith(b"-NOAUTH")
    assert wrong.startswith(b"-WRONGPASS")
    assert graph_cmd.startswith(b"-NOAUTH")  # no graph command either
    assert _resp(info.port, b"AUTH " + pw, b"PING") == [b"+OK", b"+PONG"]  # the control: the password works


def test_secret_files_are_private(own_dir: Path) -> None:
    own_dir.rmdir()  # the store creates its data dir itself, as on first use
    embedded.start(own_dir)
    assert stat.S_IMODE(own_dir.stat().st_mode) == 0o700
    for name in ("password", "redis.conf", "server.json"):
        assert stat.S_IMODE((own_dir / name).stat().st_mode) == 0o600, name
    for path in own_dir.rglob("*"):  # the server's own files (AOF, log) are created with umask 077
        if path.is_file() and not path.name.endswith(".lock"):
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_fresh_data_dir_is_0700(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "store"
    embedded.password(data_dir)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


@pytest.mark.parametrize("content", ["", "   \n", "short"])
def test_weak_or_empty_password_file_is_replaced(own_dir: Path, content: str) -> None:
    (own_dir / "password").write_text(content)
    info = embedded.start(own_dir)
    pw = embedded.password(own_dir)
    assert len(pw) >= 32 and pw != content.strip()
    assert _resp(info.port, b"PING")[0].startswith(b"-NOAUTH")


def test_no_password_in_logs_or_output(own_env: dict[str, str], own_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Acme Corp said on Monday that it would open a factory in Ohio.\n")
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    outputs = []
    for args in (
        ("db", "start"),
        ("db", "status"),
        ("ingest", "-q", str(tmp_path)),
        ("stats",),
        ("stats", "--json"),
        ("db", "stop"),
        ("db", "status"),
    ):
        proc = run_kg(own_env, *args)
        assert_clean(proc)
        outputs.append(proc.stdout + proc.stderr)
    assert "1 new" in outputs[2] and "bad.jsonl:1" in outputs[2]  # the commands really ran
    pw = embedded.password(own_dir)
    assert all(pw not in out for out in outputs)
    for path in own_dir.rglob("*"):  # the log, the AOF and snapshot, server.json: only the 0600 pair holds it
        if path.is_file() and path.name not in {"password", "redis.conf"}:
            assert pw.encode() not in path.read_bytes(), path
    assert (own_dir / "server.log").stat().st_size > 0
    assert pw in (own_dir / "redis.conf").read_text()  # the control: the needle is the real password


def test_password_not_on_any_command_line(server_dir: Path) -> None:
    pw = embedded.password(server_dir)
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            assert pw.encode() not in cmdline.read_bytes()
        except OSError:
            continue


def test_settings_never_show_credentials() -> None:
    s = Settings(graph_uri="neo4j://admin:uri-Secret-1@db.example:7687/x?policy=a", graph_password="pw-Secret-2")
    for text in (repr(s), str(s), s.redacted_uri()):
        assert "uri-Secret-1" not in text and "pw-Secret-2" not in text and "admin" not in text
    assert s.redacted_uri() == "neo4j://db.example:7687/x"
    assert Settings(graph_uri="bolt://[::1]:7687").redacted_uri() == "bolt://[::1]:7687"
    assert Settings(graph_uri="bolt://u:p@[::1:7687").redacted_uri() == "bolt://(unparseable)"  # never raises


@pytest.mark.parametrize("uri_kind", ["credentials-in-uri", "unreachable"])
def test_app_shows_a_clear_error_without_secrets(uri_kind: str, tmp_path: Path, monkeypatch) -> None:
    """The app pointed at a Neo4j that is wrongly configured: one clear message, no secret, no traceback."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from kg.config import get_settings

    uri = (
        f"neo4j://admin:{URI_SECRET}@127.0.0.1:{closed_port()}"
        if uri_kind == "credentials-in-uri"
        else f"bolt://127.0.0.1:{closed_port()}"
    )
    monkeypatch.setenv("KG_GRAPH_URI", uri)
    monkeypatch.setenv("KG_GRAPH_PASSWORD", PW_SECRET)
    monkeypatch.setenv("KG_GRAPH_TIMEOUT", "3")
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path / "unused"))
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        shown = [e.value for e in at.error] + [m.value for m in at.markdown] + [c.value for c in at.caption]
        shown += [e.value for e in at.exception]
    finally:
        st.cache_resource.clear()
        get_settings.cache_clear()
    assert not at.exception, [e.value for e in at.exception]
    assert any("KG_GRAPH_URI" in e.value for e in at.error), [e.value for e in at.error]
    everything = "\n".join(map(str, shown))
    assert URI_SECRET not in everything and PW_SECRET not in everything
    assert not (tmp_path / "unused" / "server.json").exists()
