"""Who may write: a bearer token, generated once and kept 0600 next to the store's password.

On a loopback address only local users reach the API, so by default (``KG_API_REQUIRE_TOKEN=auto``)
the token is asked for only when the server is bound beyond loopback.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

from kg.private_files import make_private_dir, write_private

TOKEN_FILE = "api-token"
MODES = ("auto", "always", "never")


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere


def token_required(host: str, mode: str) -> bool:
    if mode not in MODES:
        raise ValueError(f"KG_API_REQUIRE_TOKEN must be one of {', '.join(MODES)}, not {mode!r}")
    return mode == "always" or (mode == "auto" and not is_loopback(host))


def token_path(data_dir: Path) -> Path:
    return data_dir.expanduser() / TOKEN_FILE


def api_token(data_dir: Path) -> str:
    """The API's write token, created on first use (0600, in the 0700 data dir)."""
    data_dir = data_dir.expanduser()
    make_private_dir(data_dir)
    path = token_path(data_dir)
    token = path.read_text(errors="replace").strip() if path.exists() else ""
    if len(token) < 32:
        token = secrets.token_urlsafe(32)
        write_private(path, token)
    os.chmod(path, 0o600)
    return token


def bearer_ok(header: str | None, token: str) -> bool:
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(given.strip().encode(), token.encode())
