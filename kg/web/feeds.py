"""What a feed points at: RSS/Atom entries (feedparser) or sitemap URLs (``urlset`` / ``sitemapindex``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import feedparser
from lxml import etree

from kg.web.urls import canonical_url

SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})


class FeedError(ValueError):
    """A feed that cannot be read (the reason is the message)."""


@dataclass
class FeedItem:
    url: str  # canonical link of the entry
    title: str = ""


@dataclass
class FeedContent:
    kind: str  # rss | atom | sitemap | sitemapindex
    items: list[FeedItem] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # child sitemaps of a sitemap index


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _sitemap_root(body: bytes) -> etree._Element | None:
    """The root element when ``body`` is a sitemap; None for anything else. Never resolves entities."""
    head = body[:2048].lstrip()
    if b"urlset" not in head and b"sitemapindex" not in head:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed sitemap ({exc})") from None
    return root if _local(root.tag) in SITEMAP_ROOTS else None


def _locs(root: etree._Element, parent: str) -> list[str]:
    return [
        (loc.text or "").strip()
        for el in root
        if _local(el.tag) == parent
        for loc in el
        if _local(loc.tag) == "loc" and (loc.text or "").strip()
    ]


def _reason(exc: object) -> str:
    get = getattr(exc, "getMessage", None)
    return str(get() if callable(get) else exc) or type(exc).__name__


def _canonical_or_none(url: str, base: str) -> str | None:
    try:
        return canonical_url(url, base=base)
    except ValueError:
        return None


def _sitemap(root: etree._Element, base_url: str) -> FeedContent:
    kind = _local(root.tag)
    urls = _locs(root, "url" if kind == "urlset" else "sitemap")
    links = list(dict.fromkeys(u for u in (_canonical_or_none(x, base_url) for x in urls) if u))
    if kind == "sitemapindex":
        return FeedContent(kind, sitemaps=links)
    return FeedContent(kind, items=[FeedItem(u) for u in links])


def _entry_link(entry: dict) -> str:
    return entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), "")


def _syndication(body: bytes, base_url: str) -> FeedContent:
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    items: dict[str, FeedItem] = {}
    for entry in parsed.entries:
        link = _entry_link(entry)
        url = _canonical_or_none(link, base_url) if link else None
        if url and url not in items:
            items[url] = FeedItem(url, str(entry.get("title") or ""))
    if not items and (parsed.get("bozo") or not parsed.get("version")):  # a broken feed, not an empty one
        problem = parsed.get("bozo_exception")
        raise FeedError(f"malformed feed ({_reason(problem) if problem else 'no RSS, Atom or sitemap found'})")
    kind = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    return FeedContent(kind, items=list(items.values()))


def parse_feed(body: bytes, base_url: str) -> FeedContent:
    """Entries of an RSS/Atom feed or URLs of a sitemap, as canonical URLs, in document order, once each."""
    root = _sitemap_root(body)
    return _sitemap(root, base_url) if root is not None else _syndication(body, base_url)
