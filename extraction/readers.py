"""Read articles from txt, md, html and jsonl files (and folders of them).

Every problem becomes a ``ReadError`` naming the file (and line) and the reason; reading
goes on with the next file or line. Nothing here raises for bad input.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from extraction.records import ArticleRecord, article_id

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson"}
MAX_FILE_BYTES = 20 * 1024 * 1024  # one txt/md/html file, or one jsonl line; jsonl files are streamed
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's own default nlp.max_length


@dataclass(frozen=True)
class ReadLimits:
    """Size limits; inputs over them are refused with a ReadError, never truncated or split.

    ``max_file_bytes`` bounds one txt/md/html file and one jsonl line (jsonl files themselves
    may be any size: they are streamed); ``max_article_chars`` bounds one article's text.
    """

    max_file_bytes: int = MAX_FILE_BYTES
    max_article_chars: int = MAX_ARTICLE_CHARS


DEFAULT_LIMITS = ReadLimits()


@dataclass(frozen=True)
class ReadError:
    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8/UTF-16 (by BOM or NUL pattern), else cp1252/Latin-1.

    Raises ValueError for data that looks binary.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        even, odd = sample[0::2].count(b"\x00"), sample[1::2].count(b"\x00")
        if odd > len(sample) // 4 and even == 0:
            return data.decode("utf-16-le", errors="replace")
        if even > len(sample) // 4 and odd == 0:
            return data.decode("utf-16-be", errors="replace")
        raise ValueError("binary file (NUL bytes), not text")
    if b"\x00" in sample:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:4096]) // 50):
        raise ValueError("binary file (control characters), not text")
    return text


def _check_text(text: str, limits: ReadLimits) -> str | None:
    if not text.strip():
        return "empty article (no text)"
    if len(text) > limits.max_article_chars:
        return (
            f"article too long ({len(text):,} characters; the limit is {limits.max_article_chars:,}, "
            "KG_MAX_ARTICLE_CHARS)"
        )
    return None


def _first_line_title(text: str, markdown: bool) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.lstrip("#").strip() if markdown else line
    return ""


def _article(text: str, path: str, **meta: str) -> ArticleRecord:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return ArticleRecord(id=article_id(text), text=text, source_path=path, **meta)


def _too_large(size: int, limits: ReadLimits, what: str = "file") -> ValueError:
    mib = 1024 * 1024
    return ValueError(
        f"{what} too large ({size / mib:.1f} MiB; "
        f"the limit is {limits.max_file_bytes / mib:.3g} MiB, KG_MAX_FILE_BYTES)"
    )


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading only if it is a regular file (a FIFO or device would block or never end)."""
    mode = path.stat().st_mode  # follows links; raises for a loop or a dangling link
    if not stat.S_ISREG(mode):
        raise ValueError(f"not a regular file: it is {_KINDS.get(stat.S_IFMT(mode), 'a special file')}")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # never hang, even if it was swapped for a FIFO
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ValueError("not a regular file")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _read_bytes(path: Path, limits: ReadLimits) -> bytes:
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limits.max_file_bytes:
            raise _too_large(size, limits)
        data = fh.read(limits.max_file_bytes + 1)  # the size on disk can change under us
    if len(data) > limits.max_file_bytes:
        raise _too_large(len(data), limits)
    return data


def read_text_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[ArticleRecord | ReadError]:
    try:
        text = decode(_read_bytes(path, limits))
    except (OSError, ValueError) as exc:
        yield ReadError(str(path), _reason(exc))
        return
    problem = _check_text(text, limits)
    if problem:
        yield ReadError(str(path), problem)
        return
    markdown = path.suffix.lower() in {".md", ".markdown"}
    yield _article(text, str(path), title=_first_line_title(text, markdown), uri=path.resolve().as_uri())


def read_html_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[ArticleRecord | ReadError]:
    import trafilatura

    try:
        html = decode(_read_bytes(path, limits))
    except (OSError, ValueError) as exc:
        yield ReadError(str(path), _reason(exc))
        return
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        yield ReadError(str(path), "no article text found in the HTML")
        return
    problem = _check_text(text, limits)
    if problem:
        yield ReadError(str(path), problem)
        return
    title = (getattr(doc, "title", None) or "").strip() or _first_line_title(text, False)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    yield _article(
        text,
        str(path),
        title=title,
        uri=getattr(doc, "url", None) or path.resolve().as_uri(),
        published=getattr(doc, "date", None) or "",
        outlet=getattr(doc, "sitename", None) or "",
    )


def _lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | int]]:
    """Numbered lines; a line longer than ``limit`` bytes comes back as its length (skipped, not kept)."""
    lineno = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):  # drain the rest of the long line in bounded pieces
                raw = fh.readline(1 << 20)
                size += len(raw)
            yield lineno, size
            continue
        yield lineno, raw


def json_lines(
    path: Path, fields: tuple[str, ...] = (), limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[tuple[int, dict[str, Any]] | ReadError]:
    """(line number, object) for each JSON line that is an object whose ``fields`` are strings; a
    ReadError naming the file, the line and the reason for any other line (the caller goes on)."""
    try:
        fh = open_regular(path)
    except (OSError, ValueError) as exc:
        yield ReadError(str(path), _reason(exc))
        return
    with fh:
        for lineno, raw in _lines(fh, limits.max_file_bytes):
            if isinstance(raw, int):
                yield ReadError(str(path), str(_too_large(raw, limits, "JSON line")), lineno)
                continue
            if not raw.strip():
                continue
            try:
                row = json.loads(decode(raw))
            except (ValueError, UnicodeDecodeError, RecursionError) as exc:
                yield ReadError(str(path), f"malformed JSON line ({_reason(exc)})", lineno)
                continue
            if not isinstance(row, dict):
                yield ReadError(str(path), "JSON line is not an object", lineno)
                continue
            missing = next((f for f in fields if not isinstance(row.get(f), str)), None)
            if missing is not None:
                yield ReadError(str(path), f"JSON line has no {missing!r} string", lineno)
                continue
            yield lineno, row


def read_jsonl_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[ArticleRecord | ReadError]:
    for item in json_lines(path, ("text",), limits):
        if isinstance(item, ReadError):
            yield item
            continue
        lineno, row = item
        text = row["text"]
        problem = _check_text(text, limits)
        if problem:
            yield ReadError(str(path), problem, lineno)
            continue
        title = str(row.get("title") or "") or _first_line_title(text, False)
        yield _article(
            text,
            f"{path}:{lineno}",
            title=title,
            uri=str(row.get("url") or row.get("uri") or ""),
            published=str(row.get("published") or row.get("date") or ""),
            outlet=str(row.get("outlet") or row.get("publisher") or ""),
        )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc) or type(exc).__name__


def read_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[ArticleRecord | ReadError]:
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        yield from read_jsonl_file(path, limits)
    elif suffix in {".html", ".htm"}:
        yield from read_html_file(path, limits)
    else:
        yield from read_text_file(path, limits)


def _drain(errors: list[OSError]) -> Iterator[ReadError]:
    for exc in errors:
        yield ReadError(str(exc.filename), _reason(exc))
    errors.clear()


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Expand folders recursively (not following links); keep explicitly named files.

    Inside folders only known suffixes are read; a link inside a folder is read if it points
    at a file (a loop or a dangling link becomes a ReadError), never followed into a folder.
    """
    for p in paths:
        path = Path(p)
        try:
            if path.is_dir():
                walk_errors: list[OSError] = []
                for root, dirs, files in os.walk(path, followlinks=False, onerror=walk_errors.append):
                    dirs.sort()
                    for name in sorted(files):
                        f = Path(root) / name
                        if f.suffix.lower() in SUFFIXES and not name.startswith("."):
                            yield f
                    yield from _drain(walk_errors)
                yield from _drain(walk_errors)  # a folder that could not be listed last
            elif path.exists():
                yield path
            else:
                path.stat()  # raises with the real reason: missing, symlink loop, ...
                yield ReadError(str(path), "not a file or folder")
        except OSError as exc:
            yield ReadError(str(path), _reason(exc))


def read_paths(paths: Iterable[str | Path], limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[ArticleRecord | ReadError]:
    """Stream articles and errors from files and folders, in a stable order."""
    for item in iter_files(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield from read_file(item, limits)
        except OSError as exc:
            yield ReadError(str(item), _reason(exc))
