"""Attribution quality on PolNeAR: cue, source and content P/R/F1, ours vs textacy's direct_quotations.

    .venv/bin/python bench/attribution.py [--split ../shared/eval/polnear/polnear_dev.jsonl] [--limit N]

Scoring (the same for both systems): predictions are matched to gold attributions one-to-one,
first by cue overlap, then (for the rest) by content overlap. Cue P/R/F1 counts cue-matched
pairs; source counts a matched pair whose source spans overlap (over predictions / gold items
that have a source); content is character-overlap P/R/F1 summed over matched pairs.
PolNeAR is univocal (a token belongs to at most one attribution), so for BOTH systems predictions
whose cue lies inside another prediction's content are dropped before scoring (they stay in the
graph). Documents textacy refuses (an exception inside ``direct_quotations``) are counted and
printed, and the baseline is also scored on the documents it accepted.
Source recall is also split by the kind of gold source: name, pronoun, description, unnamed.

Entity-merge check (``--merges``, on by default): hand-labelled name pairs from Reuters stories
(``bench/data/entity_merges.jsonl``: two names of one story that share a word, labelled the same
entity or not). It counts false merges (different entities given one id) and missed merges.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MERGES = ROOT / "bench" / "data" / "entity_merges.jsonl"
REUTERS = next(
    (p / "shared" / "corpus" / "reuters21578.jsonl" for p in ROOT.parents if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl",
)
DEFAULT_SPLIT = next(
    (p / "shared" / "eval" / "polnear" / "polnear_dev.jsonl" for p in ROOT.parents if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "eval" / "polnear" / "polnear_dev.jsonl",
)
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "who", "which", "that", "his", "her", "their", "its"}


@dataclass
class Item:
    cue: set[int]
    source: set[int]
    content: set[int]
    kind: str = ""  # gold only: name | pronoun | description | unnamed


def source_kind(text: str) -> str:
    """Rough kind of a gold source phrase, for the per-kind recall split."""
    words = [w.strip(".,’'\"“”()") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return ""
    if len(words) == 1 and words[0].lower().removesuffix("’s").removesuffix("'s") in _PRONOUNS:
        return "pronoun"
    if any(w[:1].isupper() for w in words[1:]) or (
        words[0][:1].isupper() and words[0].lower() not in {"the", "a", "an"}
    ):
        caps = [w for w in words if w[:1].isupper() and w.lower() not in {"the", "a", "an"}]
        if caps:
            return "name"
    if words[0].lower() in {"the", "this", "that", "his", "her", "its", "their"}:
        return "description"
    return "unnamed"


def _chars(spans) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        out.update(range(s, e))
    return out


def gold_items(row: dict) -> list[Item]:
    items = []
    for a in row["attributions"]:
        if not a["cue"]:
            continue
        items.append(
            Item(
                _chars((s["start"], s["end"]) for s in a["cue"]),
                _chars((s["start"], s["end"]) for s in a["source"]),
                _chars((s["start"], s["end"]) for s in a["content"]),
                source_kind(" ".join(row["text"][s["start"] : s["end"]] for s in a["source"])),
            )
        )
    return items


def univocal(items: list[Item]) -> list[Item]:
    """Keep outer attributions: drop one whose cue lies inside another's content."""
    return [p for p in items if not any(q is not p and p.cue and p.cue <= q.content for q in items)]


def our_items(extraction) -> list[Item]:
    items = []
    for a in extraction.attributions:
        if a.own_voice:  # the article's own words are no attribution in PolNeAR's sense
            continue
        parts = a.content_parts or [a.content]
        items.append(
            Item(
                _chars([(a.cue.start, a.cue.end)]),
                _chars([(a.source.start, a.source.end)]) if a.source else set(),
                _chars((p.start, p.end) for p in parts),
            )
        )
    return univocal(items)


class Refused(Exception):
    """textacy raised on this document."""


def textacy_items(doc) -> list[Item]:
    from textacy.extract.triples import direct_quotations

    items = []
    try:
        triples = list(direct_quotations(doc))
    except (ValueError, IndexError, AttributeError) as exc:
        raise Refused(f"{type(exc).__name__}: {str(exc).split(';')[0]}") from exc
    for speaker, cue, content in triples:
        items.append(
            Item(
                _chars((t.idx, t.idx + len(t)) for t in cue),
                _chars((t.idx, t.idx + len(t)) for t in speaker),
                _chars([(content.start_char, content.end_char)]),
            )
        )
    return univocal(items)


@dataclass
class Tally:
    n_pred: int = 0
    n_gold: int = 0
    cue_tp: int = 0
    src_pred: int = 0
    src_gold: int = 0
    src_tp: int = 0
    con_pred: int = 0
    con_gold: int = 0
    con_tp: int = 0
    kind_gold: dict[str, int] = field(default_factory=dict)
    kind_tp: dict[str, int] = field(default_factory=dict)

    def add(self, preds: list[Item], golds: list[Item]) -> None:
        self.n_pred += len(preds)
        self.n_gold += len(golds)
        self.src_pred += sum(1 for p in preds if p.source)
        self.src_gold += sum(1 for g in golds if g.source)
        self.con_pred += sum(len(p.content) for p in preds)
        self.con_gold += sum(len(g.content) for g in golds)
        pairs = match(preds, golds)
        for g in golds:
            if g.source:
                self.kind_gold[g.kind] = self.kind_gold.get(g.kind, 0) + 1
        for p, g, by_cue in pairs:
            self.cue_tp += by_cue
            if p.source and g.source and p.source & g.source:
                self.src_tp += 1
                self.kind_tp[g.kind] = self.kind_tp.get(g.kind, 0) + 1
            self.con_tp += len(p.content & g.content)

    def scores(self) -> dict[str, tuple[float, float, float]]:
        return {
            "cue": prf(self.cue_tp, self.n_pred, self.n_gold),
            "source": prf(self.src_tp, self.src_pred, self.src_gold),
            "content": prf(self.con_tp, self.con_pred, self.con_gold),
        }


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(preds: list[Item], golds: list[Item]) -> list[tuple[Item, Item, bool]]:
    """One-to-one: by cue overlap first, then by content overlap."""
    pairs: list[tuple[Item, Item, bool]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for by_cue in (True, False):
        cands = []
        for i, p in enumerate(preds):
            if i in used_p:
                continue
            for j, g in enumerate(golds):
                if j in used_g:
                    continue
                cue = len(p.cue & g.cue)
                con = len(p.content & g.content)
                if (by_cue and cue) or (not by_cue and con):
                    cands.append((cue, con, i, j))
        cands.sort(key=lambda c: (c[0], c[1]), reverse=True)
        for _cue, _con, i, j in cands:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            pairs.append((preds[i], golds[j], by_cue))
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", type=Path, default=DEFAULT_SPLIT)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--model", default="")
    ap.add_argument("--no-merges", action="store_true", help="skip the entity-merge check")
    args = ap.parse_args()

    from extraction.pipeline import extract_doc, load_pipeline
    from extraction.records import ArticleRecord
    from kg.config import Settings

    rows = [json.loads(line) for line in args.split.open(encoding="utf-8") if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    nlp = load_pipeline(args.model or Settings().spacy_model)
    ours, base = Tally(), Tally()
    ours_ok, base_ok = Tally(), Tally()  # the documents textacy accepted
    refused: list[str] = []
    t0 = time.perf_counter()
    articles = [ArticleRecord(id=r["doc"], text=r["text"]) for r in rows]
    for doc, (row, art) in nlp.pipe(((a.text, (r, a)) for r, a in zip(rows, articles, strict=True)), as_tuples=True):
        golds = gold_items(row)
        mine = our_items(extract_doc(doc, art))
        ours.add(mine, golds)
        try:
            theirs = textacy_items(doc)
        except Refused as exc:
            refused.append(f"{row['doc']}: {exc}")
            base.add([], golds)
            continue
        base.add(theirs, golds)
        ours_ok.add(mine, golds)
        base_ok.add(theirs, golds)
    elapsed = time.perf_counter() - t0
    print(f"PolNeAR {args.split.name}: {len(rows)} articles, {ours.n_gold} gold attributions ({elapsed:.1f}s)")
    print("Same post-processing for both systems (univocal: nested predictions dropped).")
    report([("claimgraph", ours), ("textacy direct_quotations", base)])
    print(f"\ntextacy refused {len(refused)} of {len(rows)} documents (scored as empty above):")
    for line in refused:
        print(f"  {line}")
    print(f"\nOn the {len(rows) - len(refused)} documents textacy accepted:")
    report([("claimgraph", ours_ok), ("textacy direct_quotations", base_ok)])
    print("\nSource recall by kind of gold source (claimgraph, all documents):")
    for kind in ("name", "pronoun", "description", "unnamed"):
        n = ours.kind_gold.get(kind, 0)
        print(f"  {kind:<12} {ours.kind_tp.get(kind, 0) / n if n else 0.0:6.3f}  (n={n})")
    if not args.no_merges and MERGES.is_file() and REUTERS.is_file():
        merge_check(nlp)


def merge_check(nlp, pairs_file: Path = MERGES, corpus: Path = REUTERS) -> None:
    """False and missed merges of the labelled name pairs, on the stories they come from."""
    from extraction.pipeline import extract_doc
    from extraction.records import ArticleRecord

    pairs = [json.loads(line) for line in pairs_file.open(encoding="utf-8") if line.strip()]
    wanted = {p["doc"] for p in pairs}
    texts = {}
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in wanted:
                texts[row["id"]] = row["text"]
    owner: dict[str, dict[str, str]] = {}
    for doc, did in nlp.pipe(((texts[d], d) for d in sorted(texts)), as_tuples=True):
        ents = extract_doc(doc, ArticleRecord(id=did, text=texts[did])).entities
        owner[did] = {alias: e.id for e in ents for alias in e.aliases}
    false_merges, missed, absent = [], [], []
    for p in pairs:
        ids = owner.get(p["doc"], {})
        a, b = ids.get(p["a"]), ids.get(p["b"])
        if a is None or b is None:
            absent.append(p)
        elif p["same"] and a != b:
            missed.append(p)
        elif not p["same"] and a == b:
            false_merges.append(p)
    n_same = sum(p["same"] for p in pairs)
    print(f"\nEntity-merge check ({pairs_file.name}): {len(pairs)} labelled pairs from {len(texts)} Reuters stories")
    print(f"  false merges  {len(false_merges)} of {len(pairs) - n_same} different pairs")
    print(f"  missed merges {len(missed)} of {n_same} same pairs")
    print(f"  name not found as an alias: {len(absent)}")
    for label, rows in (("false merge", false_merges), ("missed merge", missed), ("not found", absent)):
        for p in rows:
            print(f"    {label}: {p['doc']}: {p['a']!r} / {p['b']!r}")


def report(systems: list[tuple[str, Tally]]) -> None:
    print(f"{'system':<28}{'':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for name, tally in systems:
        print(f"{name:<28}(n={tally.n_pred})")
        for part, (p, r, f) in tally.scores().items():
            print(f"{'':<28}{part:>6}{p:8.3f}{r:8.3f}{f:8.3f}")


if __name__ == "__main__":
    main()
