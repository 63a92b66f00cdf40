"""The pipeline parses with numpy's BLAS on one thread (#17): on a parse's small matrices more
threads only spin, taking a core from the other workers or the store server a question queries next."""

from __future__ import annotations

import os

import pytest
from threadpoolctl import ThreadpoolController

from kg.config import get_settings
from kg.query.engine import _nlp


def _blas_threads() -> list[int]:
    return [lib.num_threads for lib in ThreadpoolController().select(user_api="blas").lib_controllers]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: BLAS runs one thread anyway")
def test_a_process_that_loads_the_pipeline_keeps_blas_to_one_thread() -> None:
    nlp = _nlp(get_settings())
    assert _blas_threads(), "numpy's BLAS is not visible to threadpoolctl"
    assert set(_blas_threads()) == {1}
    assert nlp("Who denied it?")[0].text == "Who"
