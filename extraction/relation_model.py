"""A small linear classifier over entity pairs, for the five relation types that news states most.

The dependency-path rules (``relation_patterns``) are precise but miss what they do not spell out.
This model scores every pair of typed mentions in a sentence that a relation allows (person ->
organisation, organisation -> place, person -> place, place -> place, person -> person) from the
dependency path between them, the words between, and which rules fired. It is trained on the
CoNLL04 train split (``make relation-model``: never shipped, never trained on PolNeAR) and stored
as plain JSON weights, so scoring needs no scikit-learn. Without the file the rules decide alone.

    python -m extraction.relation_model TRAIN.jsonl OUT.json   # train (scikit-learn)
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from spacy.attrs import DEP, HEAD, IDX, IS_SPACE, LEMMA, ORTH, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Token

from extraction.relation_patterns import RULES

MODEL_PATH = Path(os.environ.get("KG_RELATION_MODEL", Path(__file__).parent / "models" / "relations.json"))

# Entity-type pair -> (label the model predicts, the predicate it becomes when no rule refines it).
PAIR_LABELS: dict[tuple[str, str], tuple[str, str]] = {
    ("Person", "Organization"): ("Work_For", "WORKS_FOR"),
    ("Organization", "Place"): ("OrgBased_In", "BASED_IN"),
    ("Person", "Place"): ("Live_In", "LIVES_IN"),
    ("Place", "Place"): ("Located_In", "LOCATED_IN"),
    ("Person", "Person"): ("Kill", "KILLED"),
}
# Rule predicates the model decides for (it may drop them); others (SUES, ACQUIRES...) stay rule-only.
DECIDED = frozenset(["WORKS_FOR", "LEADS", "MEMBER_OF", "BASED_IN", "LIVES_IN", "FROM", "LOCATED_IN", "KILLED"])
MAX_MENTIONS = 14  # per sentence; longer lists of names are not relation statements
NONE = "none"
STRONG = frozenset(r["name"] for r in RULES if not r.get("weak"))  # rules the model may not overrule


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # character offsets
    end: int
    eid: str
    type: str
    root: Token


_LOWER: dict[int, str] = {}  # string hash -> its lower case (lemmas seen so far)
_TEXT: dict[int, str] = {}  # string hash -> the string (dependency labels, words)


def _string(doc: Doc, h: int, cache: dict[int, str], lower: bool) -> str:
    s = cache.get(h)
    if s is None:
        s = doc.vocab.strings[h]
        s = cache[h] = s.lower() if lower else s
    return s


class DocView:
    """The token columns the pair features read, taken from a Doc once (``Doc.to_array``) rather
    than through a Token object per look-up: lemma (lower case), dependency, part of speech, head,
    offset, whether a space token, whether a long all-capitals word. The strings are filled in
    sentence by sentence (``load``), for the sentences that have pairs."""

    __slots__ = ("_doc", "_hashes", "caps", "dep", "head", "idx", "lemma", "n", "pos", "space")

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self.n = n = len(doc)
        self._hashes = doc.to_array([LEMMA, DEP, ORTH]).T.tolist() if n else [[], [], []]
        ints = doc.to_array([HEAD, POS, IDX, IS_SPACE]).astype("int64").T.tolist() if n else [[]] * 4
        self.head = [i + h for i, h in enumerate(ints[0])]
        self.pos = [POS_NAMES[p] for p in ints[1]]
        self.idx = ints[2]
        self.space = ints[3]
        self.lemma: list[str] = [""] * n
        self.dep: list[str] = [""] * n
        self.caps: list[bool] = [False] * n
        if doc.has_annotation("SENT_START"):
            return
        self.load(0, n)  # no sentences: one span for all

    def load(self, start: int, end: int) -> None:
        """Fill in the strings of tokens start..end-1 (a sentence and its neighbours: heads stay inside)."""
        doc, (lemmas, deps, orths) = self._doc, self._hashes
        self.lemma[start:end] = [_LOWER.get(h) or _string(doc, h, _LOWER, True) for h in lemmas[start:end]]
        self.dep[start:end] = [_TEXT.get(h) or _string(doc, h, _TEXT, False) for h in deps[start:end]]
        words = [_TEXT.get(h) or _string(doc, h, _TEXT, False) for h in orths[start:end]]
        self.caps[start:end] = [w.isupper() and len(w) > 3 for w in words]


def _chain(view: DocView, i: int) -> list[int]:
    out = [i]
    while view.head[out[-1]] != out[-1]:
        out.append(view.head[out[-1]])
    return out


def path_features(a: Token, b: Token, view: DocView | None = None) -> list[str]:
    """Dependency path a -> common ancestor -> b, unlexicalised and with the words on it."""
    if view is None:
        view = DocView(a.doc)
        view.load(0, view.n)
    up, down = _chain(view, a.i), _chain(view, b.i)
    down_ids = {t: k for k, t in enumerate(down)}
    k_up = next((k for k, t in enumerate(up) if t in down_ids), None)
    if k_up is None:
        return ["path=none"]
    k_down = down_ids[up[k_up]]
    dep, lemma = view.dep, view.lemma
    ups = [f"<{dep[t]}" for t in up[:k_up]]
    downs = [f">{dep[t]}" for t in reversed(down[:k_down])]
    inner = [lemma[t] for t in up[1 : k_up + 1]] + [lemma[t] for t in reversed(down[1:k_down])]
    lca = up[k_up]
    feats = [
        "path=" + " ".join(ups + downs),
        "plen=" + str(min(len(ups) + len(downs), 6)),
        "lca=" + lemma[lca],
        "lcapos=" + view.pos[lca],
    ]
    if len(inner) <= 4:
        feats.append("lexpath=" + " ".join([*ups, "|", *inner, "|", *downs]))
    feats += ["on=" + w for w in inner]
    return feats


def _context_features(view: DocView, a: Mention, b: Mention, ments: Sequence[Mention]) -> list[str]:
    """What lies around the pair: other mentions between them (a nearer one of the same type is
    usually the one related), the words just outside, and each mention's head word and shape."""
    first, last = (a, b) if a.start < b.start else (b, a)
    inside = [m for m in ments if first.end <= m.start and m.end <= last.start]
    feats = [f"nbtw={min(len(inside), 3)}", *{"mbtw=" + m.type for m in inside}]
    if any(m.type == b.type for m in inside) or any(m.type == a.type for m in inside):
        feats.append("nearer=same")
    left = first.root.i - 1
    right_i = _mention_end(view, last)
    feats.append("lw=" + (view.lemma[left] if left >= 0 else "^"))
    feats.append("rw=" + (view.lemma[right_i] if right_i < view.n else "$"))
    for name, m in (("a", a), ("b", b)):
        feats.append(f"{name}head={view.lemma[m.root.i]}")
        feats.append(f"{name}dep={view.dep[m.root.i]}")
        if view.caps[m.root.i]:
            feats.append(f"{name}caps")
    return feats


def _mention_end(view: DocView, m: Mention) -> int:
    """Index of the first token after the mention."""
    i = m.root.i
    while i < view.n and view.idx[i] < m.end:
        i += 1
    return i


def pair_features(
    doc: Doc, a: Mention, b: Mention, rules: Iterable[str], ments: Sequence[Mention] = (), view: DocView | None = None
) -> list[str]:
    """Everything the model sees about one ordered pair (a as subject, b as object)."""
    if view is None:
        view = DocView(doc)
        view.load(0, view.n)
    tp = f"{a.type}>{b.type}"
    first, last = (a, b) if a.start < b.start else (b, a)
    lo, hi = first.root.i, last.root.i
    between = [view.lemma[i] for i in range(lo + 1, max(hi, lo + 1)) if not view.space[i]]
    feats = ["tp=" + tp, "order=" + ("ab" if a is first else "ba"), "gap=" + str(min(len(between), 10))]
    feats += path_features(a.root, b.root, view)
    if len(between) <= 10:
        feats += ["btw=" + w for w in between]
        feats.append("btwseq=" + " ".join(between[:5]))
    feats += ["rule=" + r for r in rules]
    before = view.lemma[a.root.i - 1] if a.root.i > 0 else "^"
    feats.append("abefore=" + before)
    feats += _context_features(view, a, b, ments)
    return feats + [f"{tp}|{f}" for f in feats[1:]]  # each type pair weighs every cue on its own too


@dataclass
class RelationModel:
    """Linear scores per label from sparse binary features (weights learned by ``train``)."""

    labels: list[str]
    bias: list[float]
    weights: dict[str, list[float]]
    threshold: float = 0.5

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        scores = list(self.bias)
        for f in set(feats):
            w = self.weights.get(f)
            if w is not None:
                scores = [s + x for s, x in zip(scores, w, strict=True)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {label: e / total for label, e in zip(self.labels, exp, strict=True)}

    def label(self, feats: list[str], allowed: str) -> str:
        """``allowed`` if the model gives it more than ``threshold`` among {allowed, none}, else none.

        That share is the logistic of the two labels' score difference, so only that difference is
        summed (one weight per feature, from ``_margins``) and compared with the threshold's logit.
        """
        bias, weights = self._margins(allowed)
        margin = bias + sum(map(weights.get, set(feats), repeat(0.0)))
        t = self.threshold
        return allowed if t <= 0.0 or (t < 1.0 and margin >= math.log(t / (1.0 - t))) else NONE

    def _margins(self, allowed: str) -> tuple[float, dict[str, float]]:
        """Score of ``allowed`` minus that of none: the bias and each feature's weight (cached)."""
        cache = self.__dict__.setdefault("_margin_cache", {})
        if allowed not in cache:
            if allowed not in self.labels or NONE not in self.labels:
                cache[allowed] = (-math.inf, {})
            else:
                y, n = self.labels.index(allowed), self.labels.index(NONE)
                cache[allowed] = (
                    self.bias[y] - self.bias[n],
                    {f: w[y] - w[n] for f, w in self.weights.items() if w[y] != w[n]},
                )
        return cache[allowed]


@lru_cache(maxsize=2)
def load_model(path: str = str(MODEL_PATH)) -> RelationModel | None:
    """The trained model, or None when it was not built (the rules then decide alone)."""
    p = Path(path)
    if not p.is_file():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    return RelationModel(data["labels"], data["bias"], data["weights"], data.get("threshold", 0.5))


def kept_by_rule(feats: list[str]) -> bool:
    """A rule with a trigger word stated this pair's relation: the model cannot drop it."""
    return any(f.startswith("rule=") and f[5:].split(":")[0] in STRONG and f.split(":")[-1] in DECIDED for f in feats)


def _pair_counts(probs, classes: list[str], labels: list[str], allowed: list[str], t: float, fixed: list[bool]):
    """Per label: [tp, fp, fn] when a pair is said if a strong rule states it or the allowed label
    wins over none by a share >= t (as ``relations._apply_model`` decides)."""
    col = {c: i for i, c in enumerate(classes)}
    counts: dict[str, list[int]] = {}
    for p, gold, want, kept in zip(probs, labels, allowed, fixed, strict=True):
        yes, no = p[col[want]], p[col[NONE]]
        said = kept or yes / max(yes + no, 1e-12) >= t
        c = counts.setdefault(want, [0, 0, 0])
        c[0] += said and gold == want
        c[1] += said and gold != want
        c[2] += (not said) and gold == want
    return counts


def _f1(c: list[int]) -> float:
    return 2 * c[0] / max(2 * c[0] + c[1] + c[2], 1)


THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35)  # above, the model drops most of what the rules missed


def _choose(probs, classes: list[str], labels: list[str], allowed: list[str], fixed: list[bool]):
    """The threshold with the best cross-validated micro pair F1 over all labels, and that F1.

    One threshold for all labels: chosen per label on pairs, they swung between the grid's ends
    from one run to the next and scored worse on relations than one shared threshold.
    """
    best = (-1.0, 0.25)
    for t in THRESHOLDS:
        total = [0, 0, 0]
        for c in _pair_counts(probs, classes, labels, allowed, t, fixed).values():
            total = [x + y for x, y in zip(total, c, strict=True)]
        best = max(best, (_f1(total), t))
    return best


def train(rows: list[dict], out: Path) -> dict[str, float]:
    """Fit a logistic regression on CoNLL04-style rows parsed by our own pipeline; write JSON weights.

    The regularisation and the decision threshold are chosen by 3-fold cross-validation on the same
    (train) rows, so the dev split stays for reporting.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    feats, labels, allowed = labelled_pairs(rows)
    fixed = [kept_by_rule(f) for f in feats]
    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(f, 1) for f in feats])
    classes = sorted(set(labels))
    best = (-1.0, 1.0, 0.25)
    for c in (0.3, 1.0, 3.0):
        clf = LogisticRegression(C=c, max_iter=3000)
        probs = cross_val_predict(clf, x, labels, cv=3, method="predict_proba")
        f1, threshold = _choose(probs, classes, labels, allowed, fixed)
        if f1 > best[0]:
            best = (f1, c, threshold)
    f1, c, threshold = best
    clf = LogisticRegression(C=c, max_iter=3000).fit(x, labels)
    names = vec.get_feature_names_out()
    classes = [str(k) for k in clf.classes_]
    weights = {}
    for j, name in enumerate(names):
        w = [round(float(clf.coef_[k][j]), 4) for k in range(len(classes))]
        if any(abs(v) >= 1e-3 for v in w):
            weights[str(name)] = w
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    model = {"labels": classes, "bias": clf.intercept_.tolist(), "weights": weights, "threshold": threshold}
    tmp.write_text(json.dumps(model), encoding="utf-8")
    tmp.replace(out)
    positive = sum(1 for v in labels if v != NONE)
    return {
        "pairs": len(labels),
        "positive": positive,
        "features": len(weights),
        "C": c,
        "threshold": threshold,
        "cv_f1": round(float(f1), 3),
    }


def labelled_pairs(rows: list[dict]) -> tuple[list[list[str]], list[str], list[str]]:
    """Candidate pairs of each row, found as ``extract_doc`` finds them, with the gold label or none."""
    from extraction.entities import build_entities
    from extraction.pipeline import attributions_of, load_pipeline
    from extraction.relations import relation_candidates, rule_pass

    nlp = load_pipeline()
    feats: list[list[str]] = []
    labels: list[str] = []
    allowed_labels: list[str] = []
    for doc, row in nlp.pipe(((r["text"], r) for r in rows), as_tuples=True, batch_size=64):
        atts = attributions_of(doc)
        agents = frozenset(x["source_head_span"][0] for x in atts if x.get("source_head_span"))
        table = build_entities(doc, agents, row["text"])
        ents = row["entities"]
        gold = [
            (
                (ents[g["head"]]["start"], ents[g["head"]]["end"]),
                (ents[g["tail"]]["start"], ents[g["tail"]]["end"]),
                g["type"],
            )
            for g in row["relations"]
        ]
        for a, b, f, allowed, _pred in relation_candidates(doc, table, rule_pass(doc, table, row["text"])):
            hit = any(
                kind == allowed and a.start < h[1] and h[0] < a.end and b.start < t[1] and t[0] < b.end
                for h, t, kind in gold
            )
            feats.append(f)
            labels.append(allowed if hit else NONE)
            allowed_labels.append(allowed)
    return feats, labels, allowed_labels


def main(argv: list[str]) -> None:
    src, out = Path(argv[0]), Path(argv[1])
    rows = [json.loads(line) for line in src.open(encoding="utf-8") if line.strip()]
    print(f"relation model from {src.name}: {train(rows, out)} -> {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
