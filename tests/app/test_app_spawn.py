"""A process spawned after the app ran must not run the app (issue #19: a Dask worker started a
store on the session's default data dir because it re-imported ``app.py`` as ``__mp_main__``)."""

from __future__ import annotations

import multiprocessing
import runpy
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kg.config import get_settings

APP = Path(__file__).resolve().parents[2] / "app.py"


def test_importing_the_app_as_mp_main_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "store"
    monkeypatch.setenv("KG_DATA_DIR", str(data))
    get_settings.cache_clear()
    try:
        runpy.run_path(str(APP), run_name="__mp_main__")  # what a spawned child does with a __main__ file
    finally:
        get_settings.cache_clear()
    assert not data.exists(), "the app ran (and opened a store) on import"


def test_a_process_spawned_after_an_app_run_does_not_run_the_app(
    make_app: Callable[..., AppTest], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = sys.modules["__main__"]
    at = make_app()
    assert not at.exception
    assert sys.modules["__main__"] is main, "the app run left app.py installed as __main__"
    data = tmp_path / "spawned"
    monkeypatch.setenv("KG_DATA_DIR", str(data))  # what the child would open if it ran the app
    child = multiprocessing.get_context("spawn").Process(target=sys.getrecursionlimit)
    child.start()
    child.join(300)
    assert child.exitcode == 0
    assert not data.exists(), "the spawned child ran the app and opened a store"
