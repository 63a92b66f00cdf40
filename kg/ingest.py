"""Ingestion: read -> skip known ids -> parse with spaCy -> extract -> batched writes.

Articles already in the store are skipped by id before any parsing, and each batch is
written with MERGE on stable ids, so an interrupted run can simply be started again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from extraction.corpus import CorpusState, KnownClaim, KnownEntity
from extraction.pipeline import extract_doc, load_pipeline
from extraction.readers import ReadError, read_paths
from extraction.records import ArticleRecord, Extraction
from kg.config import Settings, get_settings
from kg.store.base import GraphStore
from kg.writer import WriteCounts, existing_article_ids, write_extractions
from ontology import checked

KNOWN_CLAIMS = checked(
    "MATCH (c:Claim) OPTIONAL MATCH (c)-[:INVOLVES]->(e:Entity) "
    "RETURN c.id AS id, c.text AS text, collect(e.id) AS entities"
)
KNOWN_ENTITIES = checked("MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.type AS type, e.norm AS norm")


def lint_statements(dialect) -> list[tuple[str, str]]:
    return [("known_claims", KNOWN_CLAIMS), ("known_entities", KNOWN_ENTITIES)]


def corpus_state(store: GraphStore, settings: Settings) -> CorpusState:
    """Corpus-level state seeded from what the store already holds."""
    state = CorpusState(settings.claim_match_threshold)
    state.seed(
        claims=(KnownClaim(r["id"], r["text"] or "", list(r["entities"] or [])) for r in store.query(KNOWN_CLAIMS)),
        entities=(
            KnownEntity(r["id"], r["name"] or "", r["type"] or "", r["norm"] or "") for r in store.query(KNOWN_ENTITIES)
        ),
    )
    return state


@dataclass
class IngestReport:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    errors: list[ReadError] = field(default_factory=list)
    written: WriteCounts = field(default_factory=WriteCounts)

    @property
    def ok(self) -> bool:
        return not self.errors


ProgressFn = Callable[[int], None]


def _chunks(items: Iterable[ArticleRecord | ReadError], size: int) -> Iterator[list[ArticleRecord | ReadError]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest_articles(
    store: GraphStore,
    items: Iterable[ArticleRecord | ReadError],
    settings: Settings | None = None,
    chunk_size: int = 200,
    on_progress: ProgressFn | None = None,
) -> IngestReport:
    s = settings or get_settings()
    nlp = load_pipeline(s.spacy_model)
    state = corpus_state(store, s)
    report = IngestReport()
    for chunk in _chunks(items, chunk_size):
        articles: list[ArticleRecord] = []
        seen: set[str] = set()
        for item in chunk:
            if isinstance(item, ReadError):
                report.errors.append(item)
                report.failed += 1
            elif item.id in seen:
                report.duplicate += 1
            else:
                seen.add(item.id)
                articles.append(item)
        known = existing_article_ids(store, [a.id for a in articles])
        todo = [a for a in articles if a.id not in known]
        report.duplicate += len(articles) - len(todo)
        extractions: list[Extraction] = []
        for doc, art in nlp.pipe(((a.text, a) for a in todo), as_tuples=True, batch_size=32):
            extractions.append(state.resolve(extract_doc(doc, art)))
        if extractions:
            report.written.add(write_extractions(store, extractions, s.batch_size))
        report.new += len(extractions)
        if on_progress:
            on_progress(len(chunk))
    return report


def ingest_paths(
    store: GraphStore, paths: list[str | Path], settings: Settings | None = None, on_progress: ProgressFn | None = None
) -> IngestReport:
    return ingest_articles(store, read_paths(paths), settings, on_progress=on_progress)
