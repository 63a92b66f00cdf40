"""The model's layers multiply matrices through numpy's BLAS instead of thinc's bundled BLIS.

thinc's ``NumpyOps`` multiplies with cython-blis, whose BLIS picks its kernels by CPU model and
falls back to portable C kernels on a model it does not know (it says "selecting sub-configuration
'generic'" with ``BLIS_ARCH_DEBUG=1``; so on the AMD EPYC this project is measured on). numpy's
OpenBLAS picks its kernels by instruction set: on the matrices of en_core_web_sm (5,000 tokens x
96-288 wide) it runs at 60-90 GFLOP/s against BLIS's 23-31, one thread each. The tok2vec layers
and the parser's and NER's input layers are most of a parse, so a story parses in ~30 % less CPU.

``NumpyOps(use_blis=False)`` is thinc's own switch: its ``gemm`` becomes ``numpy.dot``; every
other operation stays thinc's. The sums are the same products added by other kernels, so a vector
may differ in its last bits; the annotations (tags, lemmas, parse, entities) were identical on
2,500 Reuters and 500 BBC stories, and ``tests/extraction/test_fast_annotations.py`` compares
them against spaCy's own pipeline. The parser's transition loop keeps its BLIS calls (compiled
into spaCy).
"""

from __future__ import annotations

from spacy.language import Language
from thinc.api import NumpyOps

_OPS = NumpyOps(use_blis=False)


def use_numpy_gemm(nlp: Language) -> None:
    """Give every layer of the pipeline's models the numpy-backed ops, in place."""
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:  # only CPU numpy ops (a GPU's stay)
                node.ops = _OPS


def one_blas_thread() -> None:
    """Keep numpy's BLAS to one thread in this process (``load_pipeline`` calls it): an ingest worker
    shares the cores with the other workers and the writer, and a question's parse with the store
    server; BLAS threads waiting on each other on a parse's small matrices only burn CPU (warm asks at
    18,767 Reuters stories on a loaded 2-core machine took 5x the wall time with them)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
