"""Shared fixtures: one real FalkorDB server per test session, a fresh graph per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from kgtest import BBC, POLNEAR, ROOT, SEEDS, SHARED, requires  # noqa: F401 - re-exported for old imports

from kg.config import Settings
from kg.store import embedded
from kg.store.falkor import FalkorStore

# Never touch a developer's real store from tests.
os.environ.pop("KG_GRAPH_URI", None)


@pytest.fixture(scope="session")
def server_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("falkordb")
    embedded.start(data_dir)
    yield data_dir
    embedded.stop(data_dir)


@pytest.fixture
def settings(server_dir: Path) -> Settings:
    """Settings pointing at the session's server with a graph of this test's own."""
    return Settings(data_dir=server_dir, graph_name=f"t_{uuid.uuid4().hex[:12]}", graph_uri="")


@pytest.fixture
def store(settings: Settings) -> Iterator[FalkorStore]:
    s = FalkorStore(settings.data_dir, settings.graph_name)
    s.ensure_schema()
    yield s
    s.delete_graph()
    s.close()


@pytest.fixture(scope="session")
def nlp():
    from extraction.pipeline import load_pipeline

    return load_pipeline(Settings().spacy_model)


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """Environment for running ``kg`` as a subprocess against this test's graph."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update({"KG_DATA_DIR": str(settings.data_dir), "KG_GRAPH_NAME": settings.graph_name})
    return env
