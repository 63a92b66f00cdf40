"""A fetched HTML page -> an article record: text by trafilatura, metadata from the page itself.

Metadata is taken, in order of trust, from the page's JSON-LD (``NewsArticle`` and its kin),
then Open Graph / ``article:*`` / ``<meta name=author>``, then trafilatura's own guesses. The
page's canonical URL (``<link rel=canonical>``, else ``og:url``, else the JSON-LD ``url``, else the
URL it was fetched from) becomes the article's ``uri``: an AMP copy names its original there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
from dateutil import parser as dateparser

from extraction.readers import ReadLimits, decode
from extraction.records import ArticleRecord, article_id
from kg.web.urls import canonical_url

# JSON-LD types that describe one story (schema.org Article and the subtypes news sites use).
STORY_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)

# (metadata field, where to look in <meta>): the first present wins, after JSON-LD.
META_SOURCES: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title"),
    "outlet": ("og:site_name", "application-name"),
    "published": ("article:published_time", "og:article:published_time", "datePublished", "date", "dc.date"),
    "author": ("author", "article:author", "dc.creator"),
    "url": ("og:url",),
}


@dataclass
class PageMeta:
    title: str = ""
    outlet: str = ""
    published: str = ""
    author: str = ""
    url: str = ""  # the canonical URL the page declares, absolute, '' if none


class PageError(ValueError):
    """A page with no article in it (the reason is the message)."""


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD author/publisher: a string, an object with ``name``, or a list of them."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    return {str(x) for x in t} if isinstance(t, list) else {str(t)}


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD block, through lists and ``@graph``."""
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph", []))


def _jsonld_story(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except (ValueError, RecursionError):
            continue  # a broken block is ignored; the page's other metadata still counts
        for obj in _objects(data):
            if _types(obj) & STORY_TYPES:
                return obj
    return {}


def _jsonld_meta(story: dict[str, Any]) -> PageMeta:
    page = story.get("mainEntityOfPage")
    url = story.get("url") or (page.get("@id") if isinstance(page, dict) else page)
    return PageMeta(
        title=str(story.get("headline") or story.get("name") or "").strip(),
        outlet=next(iter(_names(story.get("publisher"))), ""),
        published=str(story.get("datePublished") or story.get("dateCreated") or "").strip(),
        author=", ".join(dict.fromkeys(_names(story.get("author")))),
        url=url if isinstance(url, str) else "",
    )


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value:
            found.setdefault(key, value)
    return found


def _tag_meta(tree: lxml.html.HtmlElement) -> PageMeta:
    tags = _meta_tags(tree)
    values = {f: next((tags[k.lower()] for k in keys if tags.get(k.lower())), "") for f, keys in META_SOURCES.items()}
    canonical = tree.xpath('//link[@href][contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href')
    if canonical:
        values["url"] = str(canonical[0]).strip()
    return PageMeta(**values)


def iso_date(text: str) -> str:
    """An ISO-8601 date-time (or date) for a page's date string; '' when it is not a date."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        when = dateparser.parse(text)
    except (ValueError, OverflowError):
        return ""
    return (
        when.isoformat()
        if (when.hour, when.minute, when.second) != (0, 0, 0) or "T" in text
        else when.date().isoformat()
    )


def _merge(*layers: PageMeta) -> PageMeta:
    """Field by field, the first layer that has a value."""
    out = PageMeta()
    for name in PageMeta.__dataclass_fields__:
        setattr(out, name, next((getattr(m, name) for m in layers if getattr(m, name)), ""))
    return out


def declared_meta(tree: lxml.html.HtmlElement) -> PageMeta:
    """What the page says about itself: JSON-LD first, then its meta tags and canonical link."""
    return _merge(_jsonld_meta(_jsonld_story(tree)), _tag_meta(tree))


def _guessed_meta(doc: Any) -> PageMeta:
    """trafilatura's metadata, for what the page does not declare."""
    return PageMeta(
        title=getattr(doc, "title", None) or "",
        outlet=getattr(doc, "sitename", None) or "",
        published=getattr(doc, "date", None) or "",
        author=getattr(doc, "author", None) or "",
        url=getattr(doc, "url", None) or "",
    )


def _canonical(declared: str, fetched_from: str) -> str:
    try:
        return canonical_url(declared, base=fetched_from) if declared else canonical_url(fetched_from)
    except ValueError:  # a declared canonical that is not http(s): keep the URL we fetched
        return canonical_url(fetched_from)


def parse_page(body: bytes, url: str, limits: ReadLimits) -> tuple[ArticleRecord, PageMeta]:
    """The article in an HTML page fetched from ``url``; raises PageError when there is none."""
    import trafilatura

    try:
        html = decode(body)
    except ValueError as exc:
        raise PageError(str(exc)) from None
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise PageError(f"not HTML ({exc})") from None
    declared = declared_meta(tree)  # before trafilatura, which prunes the tree
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    text = ((getattr(doc, "text", None) or "") if doc is not None else "").replace("\r\n", "\n")
    if not text.strip():
        raise PageError("no article text found in the page")
    meta = _merge(declared, _guessed_meta(doc))
    meta.published = iso_date(meta.published)
    meta.url = _canonical(meta.url, url)
    if len(text) > limits.max_article_chars:
        raise PageError(f"article too long ({len(text):,} characters; the limit is {limits.max_article_chars:,})")
    if meta.title and not text.startswith(meta.title):
        text = f"{meta.title}\n\n{text}"
    record = ArticleRecord(
        id=article_id(text),
        text=text,
        title=meta.title,
        uri=meta.url,
        published=meta.published,
        outlet=meta.outlet,
        source_path=url,
        author=meta.author,
    )
    return record, meta
