"""``kg watch``: poll feeds, ingest only what is new, and remember what was seen across restarts.

Each feed is fetched with ``If-None-Match`` / ``If-Modified-Since`` from the last answer, so an
unchanged feed costs one 304. Entry URLs already handled are kept in a state file (0600, in the
data dir, one per graph); entries whose story is already stored are skipped by canonical URL
before any fetch anyway, so even a lost state file does not re-ingest anything. An entry that
failed is retried on the next cycles (the feed's validators are not kept until it succeeds or
has failed ``MAX_ATTEMPTS`` times).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kg.config import Settings
from kg.ingest import IngestOptions, ingest_articles
from kg.private_files import make_private_dir, write_private
from kg.store.base import GraphStore
from kg.web.collect import Collector, limits_from
from kg.web.feeds import FeedError, parse_feed
from kg.web.fetch import Fetcher, FetchError, FetchPolicy

MAX_ATTEMPTS = 3  # an entry failing this many times is given up (and said so)
MAX_SEEN = 5000  # entry URLs remembered per feed (feeds list their latest items)
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
Say = Callable[[str], None]


def parse_every(text: str) -> float:
    """``90s``, ``15m``, ``2h``, ``1d`` or plain seconds -> seconds (at least 1)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not match:
        raise ValueError(f"cannot read the interval {text!r}: use e.g. 90s, 15m, 2h")
    seconds = float(match.group(1)) * UNITS[match.group(2) or "s"]
    if seconds < 1:
        raise ValueError("the interval must be at least 1 second")
    return seconds


@dataclass
class FeedState:
    etag: str = ""
    last_modified: str = ""
    seen: list[str] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)


@dataclass
class WatchState:
    path: Path
    feeds: dict[str, FeedState] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> WatchState:
        """The saved state; an unreadable file starts afresh (the store still prevents re-ingesting)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            feeds = {url: FeedState(**data) for url, data in raw.get("feeds", {}).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            feeds = {}
        return cls(path, feeds)

    def save(self) -> None:
        make_private_dir(self.path.parent)
        write_private(self.path, json.dumps({"feeds": {u: asdict(f) for u, f in self.feeds.items()}}, indent=1))


def state_path(settings: Settings) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in settings.graph_name)
    return settings.data_dir.expanduser() / f"watch-{safe}.json"


@dataclass
class Cycle:
    number: int
    feeds: int = 0
    not_modified: int = 0
    feed_errors: int = 0
    new_items: int = 0
    stored: int = 0
    duplicate: int = 0
    failed: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return (
            f"{stamp} cycle {self.number}: {self.feeds} feeds ({self.not_modified} not modified, "
            f"{self.feed_errors} failed), {self.new_items} new items: {self.stored} stored, "
            f"{self.duplicate} duplicate, {self.failed} failed in {self.seconds:.1f} s"
        )


class Watcher:
    """Polls a fixed list of feeds into one store; ``cycle()`` is one round, ``run()`` loops."""

    def __init__(self, store: GraphStore, feeds: list[str], settings: Settings, say: Say, warn: Say) -> None:
        self.store, self.feeds, self.settings, self.say, self.warn = store, feeds, settings, say, warn
        self.state = WatchState.load(state_path(settings))
        self.fetcher = Fetcher(FetchPolicy.from_settings(settings))
        self.options = IngestOptions.from_settings(settings, workers=1, chunk=25)  # few items a cycle: no forks

    def close(self) -> None:
        self.fetcher.close()

    def _entries(self, feed: str, report: Cycle) -> tuple[list[str], FeedState, tuple[str, str]] | None:
        fs = self.state.feeds.setdefault(feed, FeedState())
        try:
            got = self.fetcher.get(feed, fs.etag, fs.last_modified)
            if got.not_modified:
                report.not_modified += 1
                return None
            content = parse_feed(got.body, got.final_url)
        except (FetchError, FeedError) as exc:
            report.feed_errors += 1
            self.warn(f"failed {feed}: {exc}")
            return None
        urls = [i.url for i in content.items]
        for child in content.sitemaps:
            found = Collector(self.store, self.fetcher, limits_from(self.settings), lambda: None).feed_urls(child, 1)
            urls += found if isinstance(found, list) else []
        seen = set(fs.seen)
        return [u for u in dict.fromkeys(urls) if u not in seen], fs, (got.etag, got.last_modified)

    def _poll(self, feed: str, report: Cycle) -> None:
        found = self._entries(feed, report)
        if found is None:
            return
        new, fs, validators = found
        report.new_items += len(new)
        collector = Collector(self.store, self.fetcher, limits_from(self.settings), on_skip=lambda: None)
        result = ingest_articles(self.store, collector.articles(new), self.settings, options=self.options)
        report.stored += result.new
        report.duplicate += result.duplicate + collector.skipped
        report.failed += result.failed
        failed = {e.path: e.reason for e in result.errors}
        for error in result.errors:
            self.warn(f"failed {error}")
        for url in new:
            if url in failed:
                fs.failures[url] = fs.failures.get(url, 0) + 1
                if fs.failures[url] < MAX_ATTEMPTS:
                    continue
                self.warn(f"giving up on {url} after {MAX_ATTEMPTS} attempts")
            fs.failures.pop(url, None)
            fs.seen.append(url)
        fs.seen = fs.seen[-MAX_SEEN:]
        if not fs.failures:  # keep the old validators while something is to be retried
            fs.etag, fs.last_modified = validators
        self.state.save()

    def cycle(self, number: int) -> Cycle:
        started = time.monotonic()
        report = Cycle(number, feeds=len(self.feeds))
        for feed in self.feeds:
            self._poll(feed, report)
        report.seconds = time.monotonic() - started
        return report

    def run(self, every: float, cycles: int | None = None) -> int:
        """Poll every ``every`` seconds (``cycles`` rounds, or until Ctrl-C); returns the cycles done."""
        number = 0
        while True:
            number += 1
            self.say(self.cycle(number).line())
            if cycles is not None and number >= cycles:
                return number
            time.sleep(every)
