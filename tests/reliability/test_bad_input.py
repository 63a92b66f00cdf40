"""Bad inputs are reported (path, line, reason) while the rest of the batch is stored."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from extraction.readers import ReadError, ReadLimits, read_paths
from kg.config import Settings
from kg.ingest import ingest_articles, ingest_paths
from kg.stats import graph_stats
from kg.store.falkor import FalkorStore

from .conftest import assert_clean, run_kg

GOOD = "Acme Corp said on Monday that it would open a factory in Ohio, according to a statement.\n"
SCRIPTS_ONLY = (
    "<html><head><script>var a = 1;</script><style>p {}</style></head><body><script>x()</script></body></html>"
)
ARTICLE_HTML = (
    "<html><head><title>Port strike ends</title></head><body><article><h1>Port strike ends</h1>"
    + "<p>Dock workers in Rotterdam ended a week-long strike on Friday, the union said in a statement.</p>" * 5
    + "</article></body></html>"
)


def _bad_batch(folder: Path) -> dict[str, str]:
    """Write a folder of good and bad inputs; return the decoded texts expected in the store."""
    (folder / "good.txt").write_text(GOOD)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text(" \n\t\n   \r\n")
    latin1 = "Café owners in Zürich said on Tuesday that rents had risen by a fifth."
    (folder / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    utf16 = "Société Générale said it would cut 900 jobs in Paris, a spokeswoman confirmed."
    (folder / "utf16.txt").write_bytes(utf16.encode("utf-16"))  # with a BOM
    utf16le = "Łódź city council said the tram line would reopen in May."
    (folder / "utf16le.md").write_bytes(utf16le.encode("utf-16-le"))  # no BOM
    with (folder / "huge.txt").open("wb") as fh:  # 50 MB: over the 20 MB per-file limit
        chunk = b"The ministry said the plan was sound. " * 27_000
        for _ in range(50):
            fh.write(chunk)
    rows = [
        json.dumps({"text": "Globex denied the report on Wednesday, a spokesman said."}),
        '{"text": "unterminated',
        json.dumps({"title": "no text here", "body": "the field is called body"}),
        json.dumps({"text": "Initech said it had hired 40 engineers in Austin, its chief executive said."}),
    ]
    (folder / "rows.jsonl").write_text("\n".join(rows) + "\n")
    (folder / "scripts.html").write_text(SCRIPTS_ONLY)
    (folder / "story.html").write_text(ARTICLE_HTML)
    os.mkfifo(folder / "pipe.txt")  # would block a naive reader forever
    os.mkfifo(folder / "pipe.jsonl")  # and the article count behind the progress bar
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.md").symlink_to(folder / "missing-target.md")
    return {"latin1": "Zürich", "utf16": "Société Générale", "utf16le": "Łódź", "html": "Rotterdam"}


def test_bad_inputs_reported_rest_stored(cli_env: dict[str, str], store: FalkorStore, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    expect = _bad_batch(folder)
    missing = tmp_path / "no-such-file.txt"
    proc = run_kg(cli_env, "ingest", str(folder), str(missing), timeout=240)  # with the progress bar
    assert_clean(proc)
    assert proc.returncode == 1, proc.stderr  # some input failed, the run itself did not
    failed = [line for line in proc.stderr.splitlines() if line.startswith("failed ")]
    by_where = {line.split(": ", 1)[0].removeprefix("failed "): line.split(": ", 1)[1] for line in failed}

    def reason(name: str, line: int | None = None) -> str:
        where = f"{folder / name}:{line}" if line else str(folder / name)
        assert where in by_where, f"{where} not reported in:\n{proc.stderr}"
        return by_where[where].lower()

    assert "binary" in reason("binary.txt")
    assert "empty" in reason("empty.txt")
    assert "empty" in reason("blank.md")
    assert (
        "too large" in reason("huge.txt")
        and "20" in reason("huge.txt")
        and "KG_MAX_FILE_BYTES".lower() in reason("huge.txt")
    )
    assert "malformed json" in reason("rows.jsonl", 2)
    assert "'text'" in reason("rows.jsonl", 3)
    assert "no article text" in reason("scripts.html")
    assert "fifo" in reason("pipe.txt") and "fifo" in reason("pipe.jsonl")
    assert "too many levels of symbolic links" in reason("loop.txt")
    assert "no such file" in reason("dangling.md")
    assert "no such file" in by_where[str(missing)].lower()
    assert len(failed) == 12, proc.stderr
    # good.txt, latin1, utf16, utf16le, story.html and rows 1 and 4 of the jsonl
    assert "7 new, 0 duplicate, 12 failed" in proc.stdout.replace("\n", " "), proc.stdout
    texts = [r["t"] for r in store.query("MATCH (a:Article) RETURN a.text AS t")]
    assert len(texts) == 7
    for needle in expect.values():
        assert sum(needle in t for t in texts) == 1, needle
    assert not any("\ufffd" in t for t in texts)  # decoded, not mangled


def test_limits_are_settings(store: FalkorStore, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "small.txt").write_text(GOOD)
    (tmp_path / "large.txt").write_text(GOOD * 40)  # ~3.6 KB
    (tmp_path / "rows.jsonl").write_text(json.dumps({"text": GOOD * 40}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    tight = settings.model_copy(update={"max_file_bytes": 2000})
    report = ingest_paths(store, [tmp_path], tight)
    reasons = {(Path(e.path).name, e.line): e.reason for e in report.errors}
    assert report.new == 1  # small.txt; rows.jsonl:2 is the same text, a duplicate
    assert "KG_MAX_FILE_BYTES" in reasons[("large.txt", None)]
    assert "KG_MAX_FILE_BYTES" in reasons[("rows.jsonl", 1)]  # one long line is refused, the next one read
    assert report.duplicate == 1
    short = settings.model_copy(update={"max_article_chars": 100})
    report = ingest_paths(store, [tmp_path / "large.txt"], short)
    assert report.new == 0 and "KG_MAX_ARTICLE_CHARS" in report.errors[0].reason
    assert graph_stats(store)["labels"]["Article"] == 1


def test_reader_never_blocks_on_special_files(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "explicit.jsonl")
    items = list(read_paths([tmp_path / "explicit.jsonl", "/dev/zero", "/dev/null"], ReadLimits()))
    assert all(isinstance(i, ReadError) for i in items), items
    assert [i.reason for i in items] == [
        "not a regular file: it is a named pipe (FIFO)",
        "not a regular file: it is a character device",
        "not a regular file: it is a character device",
    ]


def test_unreadable_files_as_unprivileged_user(store: FalkorStore, settings: Settings, nlp) -> None:
    """Tests run as root, which reads a chmod 000 file anyway: read as ``nobody`` in a forked child.

    The child takes the effective uid of ``nobody`` (which also drops root's capabilities, so
    permissions really apply) while it reads a folder holding an unreadable file and an
    unreadable subfolder next to a readable file, then takes root back to write to the store
    (whose 0700 data dir ``nobody`` could not enter) and ingests what it read.
    """
    base = Path(tempfile.mkdtemp(prefix="kg-unreadable-"))  # not under pytest's 0700 tmp dir
    try:
        base.chmod(0o755)
        (base / "ok.txt").write_text(GOOD)
        (base / "ok.txt").chmod(0o644)
        (base / "secret.txt").write_text("Nobody may read this, the owner said.")
        (base / "secret.txt").chmod(0o000)
        locked = base / "locked"
        locked.mkdir()
        (locked / "inner.txt").write_text("Hidden text, a source said.")
        locked.chmod(0o000)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: never returns into pytest
            code = 1
            try:
                os.close(read_end)
                os.setegid(65534)
                os.seteuid(65534)
                items = list(read_paths([base], ReadLimits()))
                os.seteuid(0)
                os.setegid(0)
                report = ingest_articles(store, items, settings)
                out = {"new": report.new, "errors": [[e.path, e.line, e.reason] for e in report.errors]}
                os.write(write_end, json.dumps(out).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0 and data, "the unprivileged child failed"
        result = json.loads(data)
        errors = {(Path(p).name, line): reason for p, line, reason in result["errors"]}
        assert result["new"] == 1
        assert errors == {("secret.txt", None): "Permission denied", ("locked", None): "Permission denied"}
        assert graph_stats(store)["labels"]["Article"] == 1
    finally:
        for p in (base / "locked", base / "secret.txt"):
            p.chmod(0o700)
        shutil.rmtree(base)
