"""Fetching, page metadata and feeds against a real local HTTP server (nothing mocked)."""

from __future__ import annotations

import itertools

import pytest
from newsserver import STORIES, NewsSite, article_html

from extraction.readers import ReadLimits
from kg.web.feeds import FeedError, parse_feed
from kg.web.fetch import Fetcher, FetchError, FetchPolicy, check_public
from kg.web.page import PageError, iso_date, parse_page
from kg.web.urls import canonical_url

UA = "ClaimGraph/0.1 (+https://w3id.org/claimgraph; tests)"


@pytest.fixture
def fetcher():
    with Fetcher(FetchPolicy(UA, timeout=1.5, max_bytes=2 << 20, host_interval=0.05)) as f:
        yield f


def test_canonical_url_drops_tracking_and_fragment() -> None:
    assert canonical_url("HTTP://News.Example:80/a/story.html?utm_source=x&id=3&fbclid=y#top") == (
        "http://news.example/a/story.html?id=3"
    )
    assert canonical_url("/b.html?ref=rss", base="https://n.example/a/") == "https://n.example/b.html"
    with pytest.raises(ValueError):
        canonical_url("ftp://n.example/x")


def test_page_metadata_from_jsonld_and_open_graph(site: NewsSite, fetcher: Fetcher) -> None:
    got = fetcher.get(f"{site.base}/news/ferry.html")
    record, meta = parse_page(got.body, got.final_url, ReadLimits())
    story = STORIES["ferry"]
    assert (record.title, record.outlet, meta.author) == (story["headline"], story["outlet"], story["author"])
    assert record.published == "2026-11-28T07:30:00+00:00"
    assert record.uri == f"{site.base}/news/ferry.html"
    assert "lifeboats were unusable" in record.text and "Subscribe to our newsletter" not in record.text
    assert site.hits[-1].headers["user-agent"] == UA


def test_open_graph_is_used_when_there_is_no_jsonld(site: NewsSite, fetcher: Fetcher) -> None:
    site.set("/plain.html", article_html("orchard", site.base, jsonld=False, canonical=f"{site.base}/c/orchard"))
    got = fetcher.get(f"{site.base}/plain.html")
    record, _ = parse_page(got.body, got.final_url, ReadLimits())
    assert record.outlet == "Valley Ledger"
    assert record.title == STORIES["orchard"]["headline"]
    assert record.uri == f"{site.base}/c/orchard"


def test_amp_copy_and_redirect_name_the_original(site: NewsSite, fetcher: Fetcher) -> None:
    amp = fetcher.get(f"{site.base}/amp/ferry.html")
    assert parse_page(amp.body, amp.final_url, ReadLimits())[0].uri == f"{site.base}/news/ferry.html"
    short = fetcher.get(f"{site.base}/go/bridge")
    assert short.final_url == f"{site.base}/news/bridge.html?utm_source=share"
    assert parse_page(short.body, short.final_url, ReadLimits())[0].uri == f"{site.base}/news/bridge.html"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/private/secret.html", "disallowed by robots.txt"),
        ("/missing.html", "HTTP 404"),
        ("/slow.html", "timed out after 1.5 s"),
        ("/huge.html", "response too large"),
    ],
)
def test_fetch_failures_have_a_reason(site: NewsSite, fetcher: Fetcher, path: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        fetcher.get(site.base + path)


def test_robots_disallow_means_no_request(site: NewsSite, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError):
        fetcher.get(f"{site.base}/private/secret.html")
    assert site.paths() == ["/robots.txt"]


def test_unreachable_robots_txt_allows_nothing(site: NewsSite, fetcher: Fetcher) -> None:
    site.set("/robots.txt", "down", "text/plain", status=503)
    with pytest.raises(FetchError, match=r"robots.txt unreachable \(HTTP 503\)"):
        fetcher.get(f"{site.base}/news/ferry.html")


def test_requests_to_one_host_are_paced(site: NewsSite) -> None:
    with Fetcher(FetchPolicy(UA, timeout=2, host_interval=0.3)) as slow:
        for key in ("ferry", "orchard", "bridge"):
            slow.get(f"{site.base}/news/{key}.html")
    times = [h.at for h in site.hits]  # robots.txt, then the three pages
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 3 and min(gaps) >= 0.2  # unpaced, they come milliseconds apart


def test_public_only_refuses_local_addresses(site: NewsSite) -> None:
    with Fetcher(FetchPolicy(UA, public_only=True)) as guarded, pytest.raises(FetchError, match="non-public address"):
        guarded.get(f"{site.base}/news/ferry.html")
    assert site.hits == []  # refused before any request, robots.txt included
    with pytest.raises(FetchError, match="non-public address"):
        check_public("http://169.254.169.254/latest/meta-data/")


def test_robots_crawl_delay_slows_that_host_down(site: NewsSite, fetcher: Fetcher) -> None:
    site.set("/robots.txt", "User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n", "text/plain")
    for key in ("ferry", "orchard"):
        fetcher.get(f"{site.base}/news/{key}.html")  # the fetcher's own interval is 0.05 s
    pages = [h.at for h in site.hits if h.path.startswith("/news/")]
    assert pages[1] - pages[0] >= 0.8


def test_conditional_get_comes_back_not_modified(site: NewsSite, fetcher: Fetcher) -> None:
    first = fetcher.get(f"{site.base}/feed.xml")
    assert first.etag and not first.not_modified
    again = fetcher.get(f"{site.base}/feed.xml", etag=first.etag)
    assert again.not_modified and again.body == b""
    assert site.hits[-1].headers["if-none-match"] == first.etag


def test_feeds_and_sitemaps_list_canonical_links(site: NewsSite, fetcher: Fetcher) -> None:
    rss = parse_feed(fetcher.get(f"{site.base}/feed.xml").body, site.base)
    assert rss.kind == "rss"
    assert [i.url for i in rss.items] == [f"{site.base}/news/ferry.html", f"{site.base}/news/orchard.html"]
    atom = parse_feed(fetcher.get(f"{site.base}/atom.xml").body, site.base)
    assert atom.kind == "atom" and len(atom.items) == 2
    sm = parse_feed(fetcher.get(f"{site.base}/sitemap.xml").body, site.base)
    assert sm.kind == "urlset" and [i.url.rsplit("/", 1)[1] for i in sm.items] == [
        "ferry.html",
        "bridge.html",
        "market.html",
    ]


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>unclosed", b"<html><body>not a feed</body></html>"])
def test_malformed_feed_is_an_error(body: bytes) -> None:
    with pytest.raises(FeedError, match="malformed feed"):
        parse_feed(body, "http://127.0.0.1/")


def test_sitemap_with_an_entity_is_not_expanded() -> None:
    body = (
        b"<?xml version='1.0'?><!DOCTYPE u [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>http://h.example/&x;</loc></url></urlset>"
    )
    found = parse_feed(body, "http://h.example/")
    assert all("root" not in i.url for i in found.items)


def test_page_without_text_is_refused() -> None:
    with pytest.raises(PageError, match="no article text"):
        parse_page(b"<html><body><script>var a = 1;</script></body></html>", "http://h.example/x", ReadLimits())


def test_dates_become_iso() -> None:
    assert iso_date("2026-11-30") == "2026-11-30"
    assert iso_date("Mon, 30 Nov 2026 08:15:00 GMT") == "2026-11-30T08:15:00+00:00"
    assert iso_date("not a date") == ""
