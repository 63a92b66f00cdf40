"""A question is parsed with numpy's BLAS on one thread (#17): on a question's few tokens more
threads only spin, taking a core from the store server the answer queries next."""

from __future__ import annotations

import pytest
from threadpoolctl import ThreadpoolController

from kg.query import engine


def _blas_threads() -> list[int]:
    return [lib.num_threads for lib in ThreadpoolController().select(user_api="blas").lib_controllers]


def test_a_question_is_parsed_on_one_blas_thread_and_the_process_keeps_its_own() -> None:
    before = _blas_threads()
    if not before or max(before) < 2:
        pytest.skip("numpy's BLAS runs one thread here already")
    seen: list[list[int]] = []

    def pipeline(text: str, disable: list[str]) -> str:
        seen.append(_blas_threads())
        return text

    assert engine._parse(pipeline, "Who denied it?", []) == "Who denied it?"
    assert seen == [[1] * len(before)]
    assert _blas_threads() == before
