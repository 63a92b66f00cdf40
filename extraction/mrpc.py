"""The MRPC training split and its fixed parts: tuning (the encoder, the weights) and held out.

MRPC (``../shared/eval/mrpc/msr_paraphrase_train.txt``) holds news sentence pairs labelled "same
meaning" or not. Pairs go to one of ten buckets by a hash of the first sentence's id: buckets 0-2
are held out (only ``bench/match.py`` reads them, to report), bucket 9 fits the claim score's
weights on top of the fine-tuned encoder (``--fit``), and buckets 3-8 fine-tune the encoder
(``extraction/encoder_tune.py``). One module says so, so the build and the benchmark never mix
them up.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

MRPC = Path(__file__).resolve().parents[2] / "shared" / "eval" / "mrpc" / "msr_paraphrase_train.txt"
HELD_OUT = 3  # buckets 0..2 of 10
WEIGHTS_BUCKET = 9  # fits the score's weights on vectors of an encoder that never saw these pairs


@dataclass(frozen=True)
class Pair:
    id: str
    a: str
    b: str
    same: bool

    @property
    def bucket(self) -> int:
        return int(hashlib.sha1(self.id.split("-")[0].encode()).hexdigest(), 16) % 10

    @property
    def held_out(self) -> bool:
        return self.bucket < HELD_OUT

    @property
    def encoder_part(self) -> bool:
        """Whether the encoder is fine-tuned on this pair."""
        return not self.held_out and self.bucket != WEIGHTS_BUCKET


def read_pairs(path: Path = MRPC) -> list[Pair]:
    """Every pair of the MRPC file (tab-separated: label, id, id, sentence, sentence)."""
    pairs = []
    with path.open(encoding="utf-8-sig") as fh:
        next(fh)
        for line in fh:
            p = line.rstrip("\n").split("\t")
            if len(p) == 5:
                pairs.append(Pair(f"{p[1]}-{p[2]}", p[3], p[4], p[0] == "1"))
    return pairs
