"""Uploads and pasted text -> article records, and ingestion with a progress bar and the CLI's report.

Reading is done by ``extraction.readers`` and extraction by ``kg.ingest``; this module only adapts
Streamlit's uploads to them and reports back.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import streamlit as st

from extraction.readers import SUFFIXES, ReadError, ReadLimits, read_file, read_paths
from extraction.records import ArticleRecord, article_id
from kg.app import resources
from kg.app.text import esc
from kg.ingest import IngestOptions, IngestReport, ingest_articles
from kg.store import GraphStore

UPLOAD_TYPES = sorted(s.lstrip(".") for s in SUFFIXES)
Item = ArticleRecord | ReadError


def _safe_name(name: str) -> str:
    base = Path(name).name or "upload.txt"
    return re.sub(r"[^\w.\- ]+", "_", base)[:120]


def read_uploads(files: Iterable) -> list[Item]:
    """Read uploaded files with the same readers as ``kg ingest``; errors name the uploaded file."""
    items: list[Item] = []
    with tempfile.TemporaryDirectory(prefix="claimgraph-upload-") as tmp:
        for i, f in enumerate(files):
            name = _safe_name(getattr(f, "name", f"upload-{i}.txt"))
            if Path(name).suffix.lower() not in SUFFIXES:
                items.append(ReadError(name, f"unsupported file type (use {', '.join(UPLOAD_TYPES)})"))
                continue
            path = Path(tmp) / f"{i:04d}-{name}"
            path.write_bytes(f.getvalue())
            prefix = str(path)
            for item in read_file(path, limits()):
                if isinstance(item, ReadError):
                    items.append(ReadError(name, item.reason, item.line))
                    continue
                item.source_path = item.source_path.replace(prefix, f"upload:{name}", 1)
                if item.uri.startswith("file:"):
                    item.uri = ""
                items.append(item)
    return items


def pasted_article(text: str, title: str = "", outlet: str = "", published: str = "", uri: str = "") -> list[Item]:
    """One article from pasted text (the first line is the title unless one is given)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return [ReadError("pasted text", "empty article (no text)")]
    limit = resources.settings().max_article_chars
    if len(text) > limit:
        return [ReadError("pasted text", f"article too long ({len(text):,} characters; the limit is {limit:,})")]
    if not title:
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")[:200]
    return [
        ArticleRecord(
            id=article_id(text),
            text=text,
            title=title.strip(),
            uri=uri.strip(),
            published=published.strip(),
            outlet=outlet.strip(),
            source_path="pasted text",
        )
    ]


def read_folder(folder: Path) -> list[Item]:
    return list(read_paths([folder], limits()))


def limits() -> ReadLimits:
    s = resources.settings()
    return ReadLimits(max_file_bytes=s.max_file_bytes, max_article_chars=s.max_article_chars)


def ingest_items(store: GraphStore, items: list[Item]) -> IngestReport:
    """Ingest with a progress bar; the same extraction and writes as ``kg ingest``."""
    total = max(1, len(items))
    resources.nlp()  # load (once) before the bar starts
    bar = st.progress(0.0, text=f"Ingesting {len(items)} item(s)…")
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        bar.progress(min(1.0, done / total), text=f"Ingested {min(done, total)} of {len(items)}")

    # One process: the app's server is multi-threaded, so no forked spaCy workers; small write
    # groups so the bar moves and the first articles are queryable early.
    options = IngestOptions.from_settings(resources.settings(), workers=1, chunk=max(1, min(25, total // 10 or 1)))
    report = ingest_articles(store, items, resources.settings(), on_progress=step, options=options)
    bar.progress(1.0, text=f"Done: {len(items)} item(s)")
    return report


def summary_line(report: IngestReport) -> str:
    """The same one-line summary ``kg ingest`` prints."""
    w = report.written
    return (
        f"articles: {report.new} new, {report.duplicate} duplicate, {report.failed} failed; "
        f"written: {w.entities} entities, {w.outlets} outlets, {w.claims} claims, "
        f"{w.statements} statements, {w.relations} relations, {w.mentions} mentions"
    )


def show_report(report: IngestReport) -> None:
    (st.warning if report.errors else st.success)(summary_line(report))  # numbers and fixed words only
    for error in report.errors:
        st.error(f"failed {esc(str(error))}")


def flash_report(report: IngestReport) -> None:
    """Keep the report for the next run (after ``st.rerun``), when the sidebar shows the new counts."""
    st.session_state["cg_flash"] = report


def show_flash() -> None:
    report = st.session_state.pop("cg_flash", None)
    if report is not None:
        show_report(report)
