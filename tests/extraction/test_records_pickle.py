"""Records cross from the extraction workers to the writer as pickles of their constructor's arguments."""

from __future__ import annotations

import copyreg
import io
import pickle

from extraction.pipeline import extract_doc
from extraction.records import ArticleRecord, AttributionRecord, Span

TEXT = (
    "Acme Corp said on Monday it would buy Widget Inc for $2 billion. "
    '"The deal is not true," a Widget spokesman told Reuters, who declined to comment further.'
)


def test_an_extraction_pickles_through_its_constructor_and_back_unchanged(nlp) -> None:
    article = ArticleRecord(id="a1", text=TEXT, title="Acme to buy Widget", outlet="Reuters")
    ex = extract_doc(nlp(TEXT), article)
    assert ex.entities and ex.attributions and ex.claims
    blob = pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL)
    assert b"copyreg" not in blob and b"__setstate__" not in blob
    assert pickle.loads(blob) == ex
    assert Span(1, 2, "x").__reduce__() == (Span, (1, 2, "x"))


class _OldPickler(pickle.Pickler):
    """Writes records as pickle did before they had ``__reduce__``: the class, then its state."""

    def reducer_override(self, obj):
        if isinstance(obj, Span | AttributionRecord):
            return copyreg.__newobj__, (type(obj),), obj.__getstate__()
        return NotImplemented


def test_records_pickled_the_old_way_still_load() -> None:
    # a resolution state written before this change still loads
    rec = AttributionRecord(id="s1", cue=Span(0, 4, "said"), content=Span(5, 9, "that"), sentence=Span(0, 9, "x"))
    buf = io.BytesIO()
    _OldPickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(rec)
    assert buf.getvalue() != pickle.dumps(rec, protocol=pickle.HIGHEST_PROTOCOL)  # the old form (NEWOBJ + state)
    assert pickle.loads(buf.getvalue()) == rec
