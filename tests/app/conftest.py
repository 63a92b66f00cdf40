"""App fixtures: point the app at this test's graph through the environment, as a user would."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from kg.config import Settings, get_settings

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"


@pytest.fixture
def app_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The app's ``get_settings()`` sees this test's data dir and graph; caches start empty."""
    monkeypatch.delenv("KG_GRAPH_URI", raising=False)
    monkeypatch.setenv("KG_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("KG_GRAPH_NAME", settings.graph_name)
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield settings
    st.cache_resource.clear()  # closes the app's store connection
    get_settings.cache_clear()


@pytest.fixture
def make_app(app_env: Settings) -> Callable[..., AppTest]:
    """Run the app once. Streamlit installs the script as ``sys.modules["__main__"]`` and does not
    put the old one back; pytest's is restored at once, so a process spawned later in the test
    does not re-import ``app.py`` (tests/conftest.py restores it again after every test)."""
    main = sys.modules["__main__"]

    def make(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=180)
        at.query_params.update(query)
        try:
            if page:
                at.run()
                at.switch_page(page)
            return at.run()
        finally:
            sys.modules["__main__"] = main

    return make
