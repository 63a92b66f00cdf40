"""The model's entity recognizer with its greedy decoding in numpy: the same entities, a third of the CPU.

spaCy's NER picks one BILUO move a token, from scores of the token's state. Its compiled loop
(spaCy 3.8's wheels for Python 3.11 are built with Cython's profiling hooks) takes and drops the
GIL in each of the 74 moves' validity checks at every token: on Reuters stories 43 % of the NER's
CPU was ``pthread_mutex_lock`` / ``unlock`` (``perf record``), and the NER cost 11 of a worker's 26
ms a story. Here the same scores are computed in batches and the moves chosen by the same rules:

* a state's features are the current token and, while an entity is open, its first token and the
  previous token (spaCy's ``set_context_tokens`` for three features). So every token's state with no
  entity open is known before decoding: one batch. An open entity's states follow from where it
  began, so they are computed for each token that could begin one, a few tokens ahead;
* the hidden layer is the model's own ``precompute_hiddens`` (the same feature sums, bias and
  maxout as spaCy's loop) and the output layer the same BLIS ``sgemm`` spaCy's loop calls, so
  every score is the same float;
* the move is the first highest-scoring valid one, under ``ner.pyx``'s validity rules for a
  document without preset entities (a move may not begin an entity on a space or across a
  sentence start, and an open entity must end before one).

A batch with preset entity annotations, a beam, or a model of another shape goes through spaCy's
own code. ``tests/extraction/test_fast_ner.py`` compares the entities with spaCy's (and
``test_fast_annotations.py`` every annotation).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from blis.py import gemm
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span

AHEAD = 4  # an open entity's states computed at once (longer entities compute more on demand)
_NO_ID = -1  # a feature with no token: the model's padding vector


class _Moves(NamedTuple):
    """The move table by kind: ``begin[k]``, ``inside[k]``, ``last[k]``, ``unit[k]`` are the moves
    of entity label ``labels[k]``; ``out`` is O; ``opens`` maps a B or U move to (is U, k)."""

    labels: tuple[str, ...]
    begin: np.ndarray
    inside: np.ndarray
    last: np.ndarray
    unit: np.ndarray
    out: int
    opens: dict[int, tuple[bool, int]]


def _move_table(names: list[str]) -> _Moves | None:
    """The moves by kind and label, or None for a move set these rules do not cover."""
    by: dict[str, dict[str, int]] = {kind: {} for kind in "BILU"}
    out = None
    for i, name in enumerate(names):
        kind, _, label = name.partition("-")
        if name == "O":
            out = i
        elif kind in by and label:
            by[kind][label] = i
        elif name != "U-":  # "U-" (a blocked token) is never valid without preset entities
            return None
    labels = tuple(by["B"])
    if out is None or any(tuple(by[k]) != labels for k in "ILU"):
        return None
    cols = {k: np.array([by[k][lab] for lab in labels], dtype=np.intp) for k in "BILU"}
    opens = {int(m): (kind == "U", k) for kind in "BU" for k, m in enumerate(cols[kind])}
    return _Moves(labels, cols["B"], cols["I"], cols["L"], cols["U"], out, opens)


class _Batch(NamedTuple):
    """What decoding needs of a batch of documents, as arrays over all its tokens."""

    starts: np.ndarray  # each document's first token
    ends: np.ndarray  # one past each document's last token
    can_begin: np.ndarray  # an entity may begin here (not a space, the next token in the same sentence)
    can_go_on: np.ndarray  # an open entity may take the next token too (same document and sentence)
    is_space: np.ndarray


def _batch(docs: list[Doc]) -> _Batch | None:
    """The token arrays, or None when a document carries entity annotations already."""
    lengths = np.array([len(d) for d in docs], dtype=np.intp)
    ends = np.cumsum(lengths)
    arrays = [d.to_array([ENT_IOB, SENT_START, IS_SPACE]) for d in docs if len(d)]
    rows = np.concatenate(arrays) if arrays else np.zeros((0, 3), dtype=np.uint64)
    if rows[:, 0].any():
        return None
    sent_start = rows[:, 1].astype(np.int64) == 1
    last = np.zeros(len(rows), dtype=bool)
    last[ends[lengths > 0] - 1] = True
    next_starts = np.append(sent_start[1:], True)
    go_on = ~last & ~next_starts
    is_space = rows[:, 2].astype(bool)
    return _Batch(ends - lengths, ends, go_on & ~is_space, go_on, is_space)


class FastEntityRecognizer(EntityRecognizer):
    """``EntityRecognizer`` whose greedy decoding runs over arrays (see the module docstring)."""

    _table: tuple[int, _Moves | None] = (-1, None)  # (the move count it was built for, the table)

    def _moves_table(self) -> _Moves | None:
        """The move table, built again if labels were added since (None: spaCy's own decoding)."""
        n = self.moves.n_moves
        if self._table[0] != n:
            names = [self.moves.get_class_name(i) for i in range(n)]
            self._table = (n, _move_table(names) if self.cfg.get("beam_width", 1) == 1 else None)
        return self._table[1]

    def predict(self, docs: Any) -> Any:
        docs = [docs] if isinstance(docs, Doc) else list(docs)
        table = self._moves_table()
        batch = _batch(docs) if table is not None and any(len(d) for d in docs) else None
        if batch is None:
            return super().predict(docs)
        step = self.model.predict(docs)
        try:
            if step.vec2scores is None or step.state2vec.nP < 2 or not step._class_mask.all():
                return super().predict(docs)
            return _Decoded(_Decoder(step, table, batch).entities())
        finally:
            step.clear_memory()

    def set_annotations(self, docs: Any, states: Any) -> None:
        if not isinstance(states, _Decoded):
            return super().set_annotations(docs, states)
        for doc, found in zip(docs, states, strict=True):
            # what spaCy's set_annotations does for a document without presets: entities, the rest O
            doc.set_ents([Span(doc, s, e, label=label) for s, e, label in found], default="outside")


class _Decoded(list):
    """Entities found per document, as (start, end, label); what ``predict`` hands ``set_annotations``."""


class _Decoder:
    """Greedy BILUO decoding of one batch, with spaCy's scores and validity rules."""

    def __init__(self, step: Any, table: _Moves, batch: _Batch) -> None:
        self.hidden = step.state2vec.predict  # token ids (n, 3) -> hidden layer (n, width)
        self.W = step.vec2scores.get_param("W")
        self.b = step.vec2scores.get_param("b")
        self.table = table
        self.batch = batch

    def scores(self, ids: np.ndarray) -> np.ndarray:
        """The output layer as spaCy's loop computes it: BLIS ``sgemm``, then the bias."""
        out = gemm(self.hidden(ids), self.W, trans2=True, beta=0.0)
        out += self.b
        return out

    def closed_moves(self) -> np.ndarray:
        """Each token's move when no entity is open there: the first best of B, U and O."""
        t, b = self.table, self.batch
        n = len(b.is_space)
        ids = np.full((n, 3), _NO_ID, dtype=np.int32)
        ids[:, 0] = np.arange(n, dtype=np.int32)
        scores = self.scores(ids)
        valid = np.zeros(scores.shape, dtype=bool)
        valid[:, t.out] = True
        valid[np.ix_(b.can_begin, t.begin)] = True
        valid[np.ix_(~b.is_space, t.unit)] = True
        return np.where(valid, scores, -np.inf).argmax(axis=1)

    def open_scores(self, start: int, tokens: np.ndarray) -> np.ndarray:
        """Scores of the states at ``tokens`` inside an entity that began at ``start``."""
        ids = np.empty((len(tokens), 3), dtype=np.int32)
        ids[:, 0] = tokens
        ids[:, 1] = start
        ids[:, 2] = tokens - 1
        return self.scores(ids)

    def entity_end(self, start: int, k: int) -> int:
        """One past the last token of the entity of label column ``k`` begun at ``start``: at each
        next token, I (go on) where valid and scored at least as high as L (end here), which comes
        after it in the move order; the entity ends by its sentence's or document's last token."""
        inside, last = int(self.table.inside[k]), int(self.table.last[k])
        go_on, first = self.batch.can_go_on, inside < last
        j = start + 1
        while True:
            stop = j
            while stop < j + AHEAD - 1 and go_on[stop]:
                stop += 1
            tokens = np.arange(j, stop + 1, dtype=np.int32)
            for tok, row in zip(tokens.tolist(), self.open_scores(start, tokens), strict=True):
                s_in, s_last = row[inside], row[last]
                if not go_on[tok] or not (s_in >= s_last if first else s_in > s_last):
                    return tok + 1
            j = stop + 1

    def entities(self) -> list[list[tuple[int, int, str]]]:
        t, b = self.table, self.batch
        moves = self.closed_moves()
        out = []
        for start, end in zip(b.starts.tolist(), b.ends.tolist(), strict=True):
            found, pos = [], start
            for tok in (np.flatnonzero(moves[start:end] != t.out) + start).tolist():
                if tok < pos:
                    continue
                is_unit, k = t.opens[int(moves[tok])]
                stop = tok + 1 if is_unit else self.entity_end(tok, k)
                found.append((tok - start, stop - start, t.labels[k]))
                pos = stop
            out.append(found)
        return out


@Language.factory("claimgraph_fast_ner", default_config={"source": "ner"})
def make_fast_ner(nlp: Language, name: str, source: str) -> FastEntityRecognizer:
    """A ``FastEntityRecognizer`` deciding with the model and moves of the pipeline's ``source``
    component (shared, not copied)."""
    stock = nlp.get_pipe(source)
    cfg = stock.cfg
    return FastEntityRecognizer(
        nlp.vocab,
        stock.model,
        name,
        stock.moves,
        update_with_oracle_cut_size=cfg["update_with_oracle_cut_size"],
        beam_width=cfg["beam_width"],
        beam_density=cfg["beam_density"],
        beam_update_prob=cfg["beam_update_prob"],
        incorrect_spans_key=cfg["incorrect_spans_key"],
        scorer=stock.scorer,
    )


def use_fast_ner(nlp: Language) -> None:
    """Put a ``FastEntityRecognizer`` in place of each of spaCy's entity recognizers, under its name.
    One that listens to a shared tok2vec component keeps spaCy's (its listener is wired by name)."""
    from spacy.pipeline.tok2vec import Tok2VecListener

    for name, proc in nlp.pipeline:
        if type(proc) is not EntityRecognizer or any(isinstance(n, Tok2VecListener) for n in proc.model.walk()):
            continue
        fast = f"{name}_fast"
        nlp.add_pipe("claimgraph_fast_ner", name=fast, after=name, config={"source": name})
        nlp.remove_pipe(name)
        nlp.rename_pipe(fast, name)
