"""Polite HTTP GET: a clear User-Agent, robots.txt, per-host pacing, a deadline and a size cap.

Every problem becomes a ``FetchError`` whose message is the reason in a few words, so callers
can print one line per failed URL and go on. Redirects are followed here, hop by hop, so each
hop is checked against its own host's robots.txt and pacing.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from kg.config import Settings
from kg.web.urls import SCHEMES, origin

REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: crawlers may ignore anything after 500 KiB
MAX_CRAWL_DELAY = 60.0  # a robots.txt Crawl-delay is obeyed up to this many seconds


class FetchError(Exception):
    """A URL that could not be fetched; ``str()`` is the reason."""


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    host_interval: float = 1.0
    robots: bool = True
    public_only: bool = False  # refuse hosts that resolve to loopback, private or link-local addresses

    @classmethod
    def from_settings(cls, s: Settings) -> FetchPolicy:
        return cls(s.fetch_user_agent, s.fetch_timeout, s.fetch_max_bytes, s.fetch_host_interval, s.fetch_robots)

    @property
    def robots_token(self) -> str:
        """The product token robots.txt groups are matched against (``ClaimGraph``)."""
        return self.user_agent.split("/", 1)[0].split()[0]


@dataclass
class Fetched:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    body: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _HostPace:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0
    crawl_delay: float = 0.0  # the host's robots.txt Crawl-delay, when longer than ours


class Fetcher:
    """One per run; thread-safe. Keeps robots.txt and pacing per origin for its lifetime."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy
        self._client = httpx.Client(
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
        )
        self._robots: dict[str, tuple[RobotFileParser, str]] = {}  # parser, unreachable reason
        self._paces: dict[str, _HostPace] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Fetched:
        """GET ``url`` following redirects; 304 comes back (``not_modified``), other 4xx/5xx raise."""
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not current.lower().startswith(tuple(f"{s}://" for s in SCHEMES)):
                raise FetchError(f"not an http(s) URL: {current}")
            if self.policy.public_only:
                check_public(current)
            if self.policy.robots:
                self._check_robots(current)
            status, resp_headers, body = self._request(current, headers, self.policy.max_bytes)
            if status in REDIRECTS and resp_headers.get("location"):
                current = urljoin(current, resp_headers["location"])
                continue
            if status >= 400:
                raise FetchError(f"HTTP {status}")
            return Fetched(
                url=url,
                final_url=current,
                status=status,
                body=body,
                content_type=resp_headers.get("content-type", ""),
                etag=resp_headers.get("etag", ""),
                last_modified=resp_headers.get("last-modified", ""),
            )
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _request(self, url: str, headers: dict[str, str], max_bytes: int) -> tuple[int, httpx.Headers, bytes]:
        """One paced request with a whole-response deadline; the body is read up to ``max_bytes``."""
        self._wait_turn(origin(url))
        deadline = time.monotonic() + self.policy.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                size = resp.headers.get("content-length", "")
                if size.isdigit() and int(size) > max_bytes:
                    raise FetchError(_too_large(int(size), max_bytes))
                chunks: list[bytes] = []
                read = 0
                for chunk in resp.iter_bytes():
                    read += len(chunk)
                    if read > max_bytes:
                        raise FetchError(_too_large(read, max_bytes, at_least=True))
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out after {self.policy.timeout:g} s")
                    chunks.append(chunk)
                return resp.status_code, resp.headers, b"".join(chunks)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.policy.timeout:g} s") from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except httpx.HTTPError as exc:
            raise FetchError(_network_reason(exc)) from None

    def _pace(self, host: str) -> _HostPace:
        with self._lock:
            return self._paces.setdefault(host, _HostPace())

    def _wait_turn(self, host: str) -> None:
        """Space requests to one origin ``host_interval`` seconds apart, or its robots.txt Crawl-delay
        when longer (other hosts are not held up)."""
        pace = self._pace(host)
        with pace.lock:
            now = time.monotonic()
            if pace.next_at > now:
                time.sleep(pace.next_at - now)
            pace.next_at = time.monotonic() + max(self.policy.host_interval, pace.crawl_delay)

    def _check_robots(self, url: str) -> None:
        host = origin(url)
        with self._lock:
            rules = self._robots.get(host)
        if rules is None:
            rules = self._load_robots(host)
            with self._lock:
                self._robots[host] = rules
        parser, problem = rules
        if problem:
            raise FetchError(f"robots.txt unreachable ({problem}), so not fetched")
        if not parser.can_fetch(self.policy.robots_token, url):
            raise FetchError("disallowed by robots.txt")

    def _load_robots(self, host: str) -> tuple[RobotFileParser, str]:
        """RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx, network) allows nothing."""
        parser = RobotFileParser(f"{host}/robots.txt")
        try:
            status, _, body = self._request(f"{host}/robots.txt", {}, ROBOTS_MAX_BYTES)
        except FetchError as exc:
            return parser, str(exc)
        if status >= 500:
            return parser, f"HTTP {status}"
        if status >= 300:
            parser.allow_all = True
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(self.policy.robots_token)
            self._pace(host).crawl_delay = min(MAX_CRAWL_DELAY, float(delay or 0))
        return parser, ""


def check_public(url: str) -> None:
    """Raise unless every address ``url``'s host resolves to is a public one (no SSRF into the local network)."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise FetchError("host name not resolved") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise FetchError(f"refused: {host} is a non-public address ({address}); see KG_API_FETCH_PRIVATE")


def _too_large(size: int, limit: int, at_least: bool = False) -> str:
    """A streamed body is cut as soon as it passes the limit, so how far past depends on chunk sizes:
    it is reported as over the limit, never as the bytes happened to be read."""
    mib = 1024 * 1024
    more = "over " if at_least else ""
    size = limit if at_least else size
    return f"response too large ({more}{size / mib:.1f} MiB; the limit is {limit / mib:.3g} MiB, KG_FETCH_MAX_BYTES)"


def _network_reason(exc: httpx.HTTPError) -> str:
    """A short reason without the library's stack: 'connection refused', 'name not resolved', ..."""
    text = str(exc) or type(exc).__name__
    for needle, reason in (
        ("refused", "connection refused"),
        ("Name or service not known", "host name not resolved"),
        ("nodename nor servname", "host name not resolved"),
        ("Temporary failure in name resolution", "host name not resolved"),
    ):
        if needle in text:
            return reason
    return f"{type(exc).__name__}: {text}"[:200]
