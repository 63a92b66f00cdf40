"""One key per story URL: the same page reached with tracking parameters or a fragment is one URL."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

import courlan

SCHEMES = ("http", "https")


def is_web_url(text: str) -> bool:
    """True for an absolute http(s) URL (what ``kg ingest`` fetches instead of reading a file)."""
    return text.strip().lower().startswith(("http://", "https://"))


def canonical_url(url: str, base: str | None = None) -> str:
    """``url`` (resolved against ``base``) with a lower-case host, no default port, no fragment and
    no tracking parameters (``utm_*``, ``fbclid``, ``ref``, ... : courlan's table); raises ValueError
    for anything that is not an absolute http(s) URL."""
    raw = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(raw)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise ValueError("not an http(s) URL")
    normalized = courlan.normalize_url(raw, strict=False)
    parts = urlsplit(normalized)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def origin(url: str) -> str:
    """scheme://host[:port] of ``url``: the unit robots.txt and the rate limit apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
