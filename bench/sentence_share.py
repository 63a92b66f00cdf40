"""How many news sentences could a "parse only the interesting sentences" shortcut skip?

    .venv/bin/python bench/sentence_share.py [--n 300]

A sentence is interesting when it holds a reporting verb (a cue verb of ``extraction.lexicon``,
by lemma), at least two named entities, or a quotation mark. Prints the share of interesting
sentences in the first ``--n`` BBC articles: what the shortcut would still have to parse.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "corpus" / "bbc_news.jsonl"
QUOTES = set("\"“”‘’'")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    args = ap.parse_args()

    from extraction.lexicon import CUE_VERBS
    from extraction.pipeline import load_pipeline
    from kg.config import Settings

    nlp = load_pipeline(Settings().spacy_model)
    with BBC.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(args.n), fh, strict=False)]
    total = interesting = 0
    for doc in nlp.pipe(texts, batch_size=32):
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            total += 1
            cue = any(t.pos_ == "VERB" and t.lemma_.lower() in CUE_VERBS for t in sent)
            ents = len(sent.ents) >= 2
            quote = any(ch in QUOTES for ch in sent.text)
            interesting += cue or ents or quote
    share = interesting / total
    print(f"{len(texts)} BBC articles, {total:,} sentences: {share:.1%} hold a reporting verb, two entities or a quote")
    print(f"(a sentence filter would still parse those: it could skip at most {1 - share:.1%} of the sentences)")


if __name__ == "__main__":
    main()
