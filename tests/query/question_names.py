"""Questions read against a small hand-made name table: real spaCy parses, no database."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from kg.query.linking import Mention, NameTable, Node, link_mentions, name_keys


def question_reader(names: dict[str, str]) -> Callable[[str], tuple[Doc, list[Mention]]]:
    """``question -> (doc, mentions)`` with ``names`` (name -> kind) as the graph's only names."""
    from extraction.pipeline import load_pipeline
    from kg.config import get_settings

    nlp = load_pipeline(get_settings().spacy_model)
    table = NameTable()
    for name, kind in names.items():
        node = Node(name.lower(), name, kind)
        for key in name_keys(name)[0]:
            table.add(key, node)
    table.finish()

    def read(question: str) -> tuple[Doc, list[Mention]]:
        doc = nlp(question)
        return doc, link_mentions(doc, table)

    return read
