"""URLs and feeds -> article records for ``kg.ingest``, each story once.

A story is known by its canonical URL (tracking parameters and fragments dropped; after
redirects; the page's own ``rel=canonical``, which is how an AMP copy names its original).
A URL whose key is already stored, or was already taken in this run, is skipped before it is
fetched; a page whose declared canonical URL is known is skipped after. Articles also keep
their content id, so the same text under two canonical URLs is still stored once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

from extraction.readers import ReadError, ReadLimits, read_paths
from extraction.records import ArticleRecord
from kg.config import Settings, get_settings
from kg.ingest import IngestInterrupted, IngestOptions, IngestReport, ProgressFn, ingest_articles
from kg.store.base import GraphStore
from kg.web.feeds import FeedError, parse_feed
from kg.web.fetch import Fetcher, FetchError, FetchPolicy
from kg.web.page import PageError, parse_page
from kg.web.urls import canonical_url, is_web_url
from ontology import checked

KNOWN_URIS = checked("UNWIND $uris AS u MATCH (a:Article) WHERE a.uri = u RETURN DISTINCT a.uri AS uri")
MAX_SITEMAPS = 50  # child sitemaps read from one sitemap index

Item = ArticleRecord | ReadError


def lint_statements(dialect: object = None) -> list[tuple[str, str]]:
    return [("known_uris", KNOWN_URIS)]


def known_uris(store: GraphStore, uris: Iterable[str]) -> set[str]:
    wanted = sorted(set(uris))
    return {r["uri"] for r in store.query(KNOWN_URIS, {"uris": wanted})} if wanted else set()


def limits_from(s: Settings) -> ReadLimits:
    return ReadLimits(max_file_bytes=s.max_file_bytes, max_article_chars=s.max_article_chars)


class Collector:
    """Fetches pages for one run, remembering every story key it has taken or skipped."""

    def __init__(self, store: GraphStore, fetcher: Fetcher, limits: ReadLimits, on_skip: Callable[[], None]) -> None:
        self.store, self.fetcher, self.limits, self.on_skip = store, fetcher, limits, on_skip
        self.seen: set[str] = set()
        self.skipped = 0  # stories already stored or already taken in this run
        self.taken: list[str] = []  # the URLs that gave an article (for watch's state)

    def _known(self, *keys: str) -> bool:
        keys = tuple(k for k in keys if k)
        if any(k in self.seen for k in keys) or known_uris(self.store, keys):
            self.seen.update(keys)
            self.skipped += 1
            self.on_skip()
            return True
        return False

    def article(self, url: str) -> Item | None:
        """The article at ``url``; None when the story is already known; a ReadError naming the URL."""
        try:
            key = canonical_url(url)
        except ValueError as exc:
            return ReadError(url, str(exc))
        if self._known(key):
            return None
        try:
            got = self.fetcher.get(url)
            record, _ = parse_page(got.body, got.final_url, self.limits)
        except (FetchError, PageError) as exc:
            return ReadError(url, str(exc))
        final = canonical_url(got.final_url)
        if self._known(record.uri, final):
            self.seen.add(key)
            return None
        self.seen.update((key, final, record.uri))
        self.taken.append(url)
        return record

    def articles(self, urls: Iterable[str]) -> Iterator[Item]:
        for url in urls:
            item = self.article(url)
            if item is not None:
                yield item

    def feed_urls(self, feed_url: str, depth: int = 0) -> list[str] | ReadError:
        """Entry URLs of an RSS/Atom feed or sitemap (a sitemap index is followed one level)."""
        try:
            got = self.fetcher.get(feed_url)
            content = parse_feed(got.body, got.final_url)
        except (FetchError, FeedError) as exc:
            return ReadError(feed_url, str(exc))
        urls = [item.url for item in content.items]
        for child in content.sitemaps[:MAX_SITEMAPS] if depth == 0 else []:
            found = self.feed_urls(child, depth + 1)
            urls += found if isinstance(found, list) else []
        return urls

    def feeds(self, feed_urls: Iterable[str]) -> Iterator[Item]:
        for feed_url in feed_urls:
            found = self.feed_urls(feed_url)
            if isinstance(found, ReadError):
                yield found
            else:
                yield from self.articles(found)


def ingest_inputs(
    store: GraphStore,
    inputs: list[str | Path],
    feeds: list[str] | None = None,
    settings: Settings | None = None,
    on_progress: ProgressFn | None = None,
    options: IngestOptions | None = None,
) -> IngestReport:
    """``kg ingest`` with URLs: files and folders as before, http(s) URLs fetched, feeds expanded.

    Stories skipped by URL count as duplicates in the report, like articles skipped by content.
    """
    s = settings or get_settings()
    progress = on_progress or (lambda n: None)
    limits = limits_from(s)
    files = [p for p in inputs if not is_web_url(str(p))]
    urls = [str(p) for p in inputs if is_web_url(str(p))]
    with Fetcher(FetchPolicy.from_settings(s)) as fetcher:
        collector = Collector(store, fetcher, limits, on_skip=lambda: progress(1))
        items = chain(read_paths(files, limits), collector.articles(urls), collector.feeds(feeds or []))
        try:
            report = ingest_articles(store, items, s, on_progress=progress, options=options)
        except IngestInterrupted as exc:
            exc.report.duplicate += collector.skipped
            raise
    report.duplicate += collector.skipped
    return report
