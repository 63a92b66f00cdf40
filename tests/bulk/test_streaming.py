"""The ingestion loop itself: cheap input counting, streaming, in-run duplicates, corpus-wide
resolution in input order, seeding from complete articles only, per-article extraction errors."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from extraction import pipeline as pipeline_mod
from extraction.corpus import CorpusState
from extraction.records import ArticleRecord, article_id
from kg import ingest as ingest_mod
from kg.config import Settings
from kg.ingest import IngestOptions, corpus_state, count_inputs, ingest_articles, ingest_paths
from kg.store.falkor import FalkorStore
from kg.writer import CLAIM_WRITE

from .conftest import bbc_subset, needs_bbc, snapshot

PEOPLE = ["Maria Lopez", "John Carter", "Aiko Tanaka", "Peter Olsen", "Grace Mensah", "Omar Haddad"]


def _articles(n: int) -> list[ArticleRecord]:
    out = []
    for i in range(n):
        who = PEOPLE[i % len(PEOPLE)]
        text = (
            f"{who} said on Tuesday that the city council would approve budget plan number {i}. "
            f"The council denied that plan {i} would raise taxes, a spokesman told reporters."
        )
        out.append(ArticleRecord(id=article_id(text), text=text, source_path=f"mem:{i}"))
    return out


def test_count_inputs_counts_files_and_jsonl_lines_without_parsing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "b.md").write_text("two")
    (tmp_path / "skip.bin").write_text("not an input")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "rows.jsonl").write_text("\n".join(json.dumps({"text": f"t{i}"}) for i in range(5)))  # no final newline
    (sub / "more.ndjson").write_text("{}\n{}\n")
    assert count_inputs([tmp_path]) == 2 + 5 + 2
    assert count_inputs([tmp_path / "a.txt", tmp_path / "missing.txt"]) == 2  # a bad path is one (failed) input


def test_input_is_streamed_not_read_ahead(store: FalkorStore, settings: Settings, monkeypatch) -> None:
    articles = _articles(40)
    pulled = 0
    pulled_at_write: list[int] = []

    def source():
        nonlocal pulled
        for art in articles:
            pulled += 1
            yield art

    real_prepare = ingest_mod.prepare_writes

    def spy(extractions, batch_size=2000):  # a write group is handed to the store's thread
        pulled_at_write.append(pulled)
        return real_prepare(extractions, batch_size)

    monkeypatch.setattr(ingest_mod, "prepare_writes", spy)
    report = ingest_articles(store, source(), settings, options=IngestOptions(workers=1, pipe_batch=4, chunk=5))
    assert report.new == 40
    assert len(pulled_at_write) == 8  # one write group per 5 articles
    # at the first write only a lookup chunk plus one spaCy batch more had been read, not the whole input
    assert pulled_at_write[0] <= 5 + 5 + 4


def test_duplicates_in_one_run_are_parsed_once(store: FalkorStore, settings: Settings, monkeypatch) -> None:
    articles = _articles(6)
    stream = [*articles[:4], articles[0], *articles[4:], articles[1], articles[0]]  # repeats inside and across chunks
    parsed: list[str] = []
    real = pipeline_mod.extract_doc

    def spy(doc, art):
        parsed.append(art.id)
        return real(doc, art)

    monkeypatch.setattr(pipeline_mod, "extract_doc", spy)
    report = ingest_articles(store, stream, settings, options=IngestOptions(workers=1, pipe_batch=2, chunk=3))
    assert (report.new, report.duplicate) == (6, 3)
    assert sorted(parsed) == sorted(a.id for a in articles)
    assert store.query("MATCH (a:Article) RETURN count(a) AS n")[0]["n"] == 6


@pytest.mark.parametrize("workers", [1, 2])
def test_claims_are_resolved_by_one_corpus_state_in_input_order(
    store: FalkorStore, settings: Settings, monkeypatch, workers: int
) -> None:
    articles = _articles(12)
    seen: list[tuple[int, str]] = []
    real = CorpusState.resolve

    def spy(self, extraction):
        seen.append((id(self), extraction.article.id))
        return real(self, extraction)

    monkeypatch.setattr(CorpusState, "resolve", spy)
    options = IngestOptions(workers=workers, pipe_batch=2, chunk=4)
    report = ingest_articles(store, articles, settings, options=options)
    assert report.new == 12 and not report.errors
    assert [aid for _, aid in seen] == [a.id for a in articles]
    assert len({sid for sid, _ in seen}) == 1  # one state for the whole run, not one per write group


def test_resolution_is_seeded_from_complete_articles_only(store: FalkorStore, settings: Settings) -> None:
    report = ingest_articles(store, _articles(3), settings, options=IngestOptions(workers=1))
    assert report.new == 3
    stored = {r["id"] for r in store.query("MATCH (:Statement)-[:ABOUT]->(c:Claim) RETURN DISTINCT c.id AS id")}
    assert stored
    # a claim a killed run wrote before its articles (no article refers to it) is not seeded
    store.write_rows(
        CLAIM_WRITE, [{"id": "claim:orphan", "text": "x", "hedged": False, "entities": [], "subject": [], "object": []}]
    )
    state = corpus_state(store, settings)
    assert set(state.claims) == stored
    assert "claim:orphan" not in state.claims
    assert state.entities  # entities mentioned by the stored articles


def test_an_extraction_failure_is_reported_and_the_rest_stored(
    store: FalkorStore, settings: Settings, monkeypatch
) -> None:
    articles = _articles(4)
    real = pipeline_mod.extract_doc

    def flaky(doc, art):
        if art.id == articles[2].id:
            raise ValueError("boom")
        return real(doc, art)

    monkeypatch.setattr(pipeline_mod, "extract_doc", flaky)
    report = ingest_articles(store, articles, settings, options=IngestOptions(workers=1, chunk=2))
    assert report.new == 3 and report.failed == 1
    assert "mem:2" in str(report.errors[0]) and "boom" in str(report.errors[0])


def test_extractions_survive_pickling(nlp) -> None:
    """Dask (and any process pool) ships Extraction records between processes."""
    art = _articles(1)[0]
    ex = pipeline_mod.extract_doc(nlp(art.text), art)
    assert ex.entities and ex.attributions
    assert pickle.loads(pickle.dumps(ex)) == ex


def test_a_second_run_starts_from_the_state_the_first_saved(
    store: FalkorStore, settings: Settings, monkeypatch
) -> None:
    """The resolution state is not rebuilt from the store after a completed run; it is when the
    store no longer holds exactly what that run left (another writer, a run cut short)."""
    articles = _articles(5)
    assert ingest_articles(store, articles[:3], settings, options=IngestOptions(workers=1)).new == 3
    queried: list[str] = []
    real = store.query

    def spy(statement, params=None):
        queried.append(statement)
        return real(statement, params)

    monkeypatch.setattr(store, "query", spy)
    state = corpus_state(store, settings)
    assert ingest_mod.KNOWN_CLAIMS not in queried
    stored = {r["id"] for r in real("MATCH (:Statement)-[:ABOUT]->(c:Claim) RETURN DISTINCT c.id AS id")}
    assert stored and set(state.claims) == stored

    # a write the saved state did not see (here: articles stored by a run whose state is dropped)
    other = settings.model_copy(update={"data_dir": settings.data_dir / "elsewhere"})
    other.data_dir.mkdir(exist_ok=True)
    monkeypatch.setattr(store, "query", real)
    assert ingest_articles(store, articles[3:], other, options=IngestOptions(workers=1)).new == 2
    monkeypatch.setattr(store, "query", spy)
    queried.clear()
    rebuilt = corpus_state(store, settings)
    assert ingest_mod.KNOWN_CLAIMS in queried
    assert set(rebuilt.claims) == {
        r["id"] for r in real("MATCH (:Statement)-[:ABOUT]->(c:Claim) RETURN DISTINCT c.id AS id")
    }


@needs_bbc
def test_workers_that_encode_the_claim_texts_leave_the_same_graph(
    store: FalkorStore, other_store: FalkorStore, settings: Settings, tmp_path: Path
) -> None:
    """``--encode-in-workers``: the pool's workers send each claim text's vector with the extraction,
    and the writer resolves without the encoder, to the same claims."""
    corpus = bbc_subset(tmp_path / "bbc.jsonl", 24, start=3)
    here = ingest_paths(store, [corpus], settings, options=IngestOptions(workers=2, pipe_batch=4, chunk=10))
    ahead = IngestOptions(workers=2, pipe_batch=4, chunk=10, encode_in_workers=True)
    there = ingest_paths(other_store, [corpus], settings, options=ahead)
    assert here.new == there.new == 24 and not there.errors
    assert snapshot(store) == snapshot(other_store)
    assert here.writer_encoded > 0 and here.worker_encoded == 0
    assert there.writer_encoded == 0 and there.worker_encoded >= here.writer_encoded


@pytest.mark.parametrize(
    ("env", "dask", "flag", "expected"),
    [
        (None, None, None, False),  # one machine: the writer encodes what meets a candidate
        (None, "tcp://scheduler:8786", None, True),  # a cluster: the workers relieve the one writer
        ("true", None, None, True),
        (None, "tcp://scheduler:8786", False, False),  # --encode-in-writer wins over the default
        ("false", None, True, True),  # the command line wins over KG_INGEST_ENCODE_IN_WORKERS
    ],
)
def test_who_encodes_the_claim_texts(monkeypatch, env, dask, flag, expected) -> None:
    if env is not None:
        monkeypatch.setenv("KG_INGEST_ENCODE_IN_WORKERS", env)
    opts = IngestOptions.from_settings(Settings(), dask=dask, encode_in_workers=flag)
    assert opts.worker_encoding is expected
