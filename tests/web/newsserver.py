"""A real local news site for tests: article pages with JSON-LD / Open Graph, an AMP copy, RSS,
Atom and sitemaps, robots.txt, redirects, 404s, a slow page, a huge page and a broken feed.

The stories are fictional and written for these tests. ``NewsSite`` runs a ThreadingHTTPServer
on 127.0.0.1 in a thread and records every request (path, time, headers), so tests can check
pacing, the User-Agent and conditional GETs.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

STORIES: dict[str, dict[str, Any]] = {
    "ferry": {
        "headline": "Harbour board accused of ignoring ferry safety reports",
        "outlet": "The Lakeside Courier",
        "author": "Mara Quint",
        "published": "2026-11-28T07:30:00+00:00",
        "paragraphs": [
            "The Westmere Harbour Board ignored three internal reports warning that the night ferry's "
            "lifeboats were unusable, according to documents seen by the Lakeside Courier.",
            '"We raised it in March, in June and again in September," said Ilse Brandvold, a former '
            "deck officer who wrote two of the reports. She said the board never replied.",
            "The harbour board denied that it had received any warning about the lifeboats and said the "
            "ferry passed its last inspection in October.",
            "Torvik Marine, which maintains the vessel, declined to comment on the reports.",
            "Passengers' groups said the board should publish every inspection since 2024. The regional "
            "transport minister, Aksel Dunmore, said he had asked for a full account by Friday.",
        ],
    },
    "orchard": {
        "headline": "Cooperative says frost wiped out half of the apple harvest",
        "outlet": "Valley Ledger",
        "author": "Tomas Rehn",
        "published": "2026-11-29T09:00:00Z",
        "paragraphs": [
            "The Brightwater Growers Cooperative said on Sunday that a late frost had destroyed half of "
            "this year's apple harvest across the valley.",
            '"Nothing like this has happened in forty years," said Petra Olsgaard, who chairs the '
            "cooperative. She said members would ask the regional council for emergency support.",
            "A spokesman for the regional council said it had not yet received a request and would "
            "study any application carefully.",
            "Independent agronomist Rune Halvik disputed the estimate, saying losses were likely closer "
            "to a quarter of the crop in most orchards.",
        ],
    },
    "bridge": {
        "headline": "Engineers warn that the old rail bridge needs urgent repairs",
        "outlet": "The Lakeside Courier",
        "author": "Jon Estvik",
        "published": "2026-11-30",
        "paragraphs": [
            "Engineers hired by the Northline Railway said the century-old bridge over the Kessel river "
            "needs urgent repairs to its steel piers.",
            '"The corrosion is worse than anyone expected," said Dagny Feldt, the engineering firm\'s '
            "lead inspector. She said trains should slow down until the work is done.",
            "Northline Railway rejected the call to reduce speeds and said the bridge remained safe for "
            "passenger traffic.",
        ],
    },
    "market": {
        "headline": "Fishmongers say new market rents will force stalls to close",
        "outlet": "Valley Ledger",
        "author": "Sigrid Moen",
        "published": "2026-12-01T06:15:00Z",
        "paragraphs": [
            "Fishmongers at the Westmere covered market said on Monday that rents set to rise in January "
            "would force at least six stalls to close.",
            '"We cannot pass these costs on to our customers," said Eirik Nass, who has run a stall there '
            "for twenty years.",
            "The city's property office denied that the increase was unusually steep and said rents had "
            "been frozen for five years.",
        ],
    },
}


def article_html(key: str, base: str, amp: bool = False, jsonld: bool = True, canonical: str | None = None) -> str:
    """A story page: JSON-LD NewsArticle, Open Graph, a canonical link, nav and footer clutter."""
    s = STORIES[key]
    canonical = canonical or f"{base}/news/{key}.html"
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "ignored site name", "url": base},
            {
                "@type": "NewsArticle",
                "headline": s["headline"],
                "datePublished": s["published"],
                "author": [{"@type": "Person", "name": s["author"]}],
                "publisher": {"@type": "NewsMediaOrganization", "name": s["outlet"]},
                "mainEntityOfPage": {"@id": canonical},
            },
        ],
    }
    head = [
        "<meta charset='utf-8'>",
        f"<title>{s['headline']} | {s['outlet']}</title>",
        f"<link rel='canonical' href='{canonical}'>",
        f"<meta property='og:title' content='{s['headline']}'>",
        f"<meta property='og:site_name' content='{s['outlet']}'>",
        f"<meta property='og:url' content='{canonical}'>",
    ]
    if jsonld:
        head.append(f"<script type='application/ld+json'>{json.dumps(ld)}</script>")
    if amp:
        head.insert(0, "<script async src='https://cdn.ampproject.org/v0.js'></script>")
    body = "".join(f"<p>{p}</p>\n" for p in s["paragraphs"])
    nav = "<nav><a href='/'>Home</a> <a href='/local'>Local</a> <a href='/sport'>Sport</a></nav>"
    foot = "<footer><p>Subscribe to our newsletter.</p><p>All rights reserved.</p></footer>"
    html_attr = " amp" if amp else ""
    return (
        f"<!doctype html><html{html_attr} lang='en'><head>{''.join(head)}</head><body>{nav}"
        f"<article><h1>{s['headline']}</h1><p class='byline'>By {s['author']}</p>\n{body}</article>{foot}"
        "</body></html>"
    )


def rss(base: str, keys: list[str]) -> str:
    items = "".join(
        f"<item><title>{STORIES[k]['headline']}</title><link>{base}/news/{k}.html?utm_source=rss&amp;utm_medium=feed</link>"
        f"<guid>{base}/news/{k}.html</guid></item>"
        for k in keys
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Courier</title>"
        f"<link>{base}/</link><description>news</description>{items}</channel></rss>"
    )


def atom(base: str, keys: list[str]) -> str:
    entries = "".join(
        f"<entry><title>{STORIES[k]['headline']}</title><link href='{base}/news/{k}.html'/>"
        f"<id>{base}/news/{k}.html</id><updated>2026-11-30T00:00:00Z</updated></entry>"
        for k in keys
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Ledger</title>"
        f"<id>{base}/</id><updated>2026-11-30T00:00:00Z</updated>{entries}</feed>"
    )


def sitemap(base: str, keys: list[str]) -> str:
    urls = "".join(f"<url><loc>{base}/news/{k}.html</loc></url>" for k in keys)
    return f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"


@dataclass
class Hit:
    path: str
    at: float
    headers: dict[str, str]
    status: int = 0


@dataclass
class NewsSite:
    """Routes are ``path -> (status, content type, body)``; edit ``routes`` to change the site live."""

    routes: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    slow_seconds: float = 3.0
    base: str = ""

    def __post_init__(self) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                hit = Hit(self.path, time.monotonic(), {k.lower(): v for k, v in self.headers.items()})
                outer.hits.append(hit)
                hit.status = outer.serve(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def set(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200):
        self.routes[path] = (status, content_type, body.encode("utf-8") if isinstance(body, str) else body)

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def serve(self, req: BaseHTTPRequestHandler) -> int:
        path = req.path
        if path.startswith("/go/"):  # a short link: 301 to the story with tracking parameters
            return self._send(req, 301, "text/plain", b"", {"Location": f"/news/{path[4:]}.html?utm_source=share"})
        if path == "/slow.html":
            time.sleep(self.slow_seconds)
        if path == "/huge.html":
            return self._huge(req)
        route = self.routes.get(path.split("?", 1)[0])
        if route is None:
            return self._send(req, 404, "text/plain", b"not found")
        status, ctype, body = route
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if req.headers.get("If-None-Match") == etag:
            return self._send(req, 304, ctype, b"", {"ETag": etag})
        return self._send(req, status, ctype, body, {"ETag": etag})

    def _send(self, req: BaseHTTPRequestHandler, status: int, ctype: str, body: bytes, extra: dict | None = None):
        req.send_response(status)
        req.send_header("Content-Type", ctype)
        for k, v in (extra or {}).items():
            req.send_header(k, v)
        if status != 304:
            req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        if body:
            req.wfile.write(body)
        return status

    def _huge(self, req: BaseHTTPRequestHandler) -> int:
        """Sent without a Content-Length, so only counting the bytes can stop it."""
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.send_header("Connection", "close")
        req.end_headers()
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        try:
            for _ in range(400):  # about 26 MB
                req.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return 200


def standard_site() -> NewsSite:
    """The site most tests use; see the module docstring."""
    site = NewsSite()
    b = site.base
    for key in STORIES:
        site.set(f"/news/{key}.html", article_html(key, b))
    site.set("/amp/ferry.html", article_html("ferry", b, amp=True))
    site.set("/private/secret.html", article_html("market", b))
    site.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.set("/feed.xml", rss(b, ["ferry", "orchard"]), "application/rss+xml")
    site.set("/atom.xml", atom(b, ["bridge", "orchard"]), "application/atom+xml")
    site.set("/sitemap.xml", sitemap(b, ["ferry", "bridge", "market"]), "application/xml")
    site.set("/broken.xml", "<rss><channel><item><title>unclosed", "application/rss+xml")
    site.set("/notes.txt", b"\x00\x01\x02binary", "application/octet-stream")
    return site
