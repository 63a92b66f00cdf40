"""Shared fixtures: one real FalkorDB server per test session, a fresh graph per test."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from isolation import Isolation, stop_servers_under
from kgtest import BBC, POLNEAR, ROOT, SEEDS, SHARED, requires  # noqa: F401 - re-exported for old imports

from kg.config import Settings, get_settings
from kg.store import embedded
from kg.store.falkor import FalkorStore

# A suite started in the background by a non-interactive shell (`make test &`) inherits SIGINT
# ignored, and so would every `kg` process the Ctrl-C tests interrupt: they model a terminal's Ctrl-C.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Never touch a developer's real store from tests.
os.environ.pop("KG_GRAPH_URI", None)


@pytest.fixture(scope="session", autouse=True)
def isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Isolation]:
    """HOME, XDG_DATA_HOME and KG_DATA_DIR point into the session's temp root; every server
    started under that root is stopped at the end, also after a failure or Ctrl-C."""
    iso = Isolation(tmp_path_factory.getbasetemp())
    iso.enter()
    get_settings.cache_clear()
    start = embedded.start
    embedded.start = iso.guard_start(start)
    try:
        yield iso
    finally:
        embedded.start = start
        stop_servers_under(iso.root)
        iso.leave()
        get_settings.cache_clear()


@pytest.fixture(autouse=True)
def no_default_store(isolated: Isolation) -> Iterator[None]:
    """Fail the test that left a store where only the default settings would put it.

    Also puts pytest's ``sys.modules["__main__"]`` back: Streamlit's AppTest replaces it with
    ``app.py`` for good, and every process spawned afterwards (Dask workers) would re-import that
    file as ``__mp_main__`` with the session's default settings."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main
    if leaks := isolated.leaks():
        pytest.fail("this test used the default data dir instead of its own: " + "; ".join(leaks))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Belt and braces for an interrupted session: no server under our temp root outlives it."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None and getattr(factory, "_basetemp", None) is not None:
        stop_servers_under(factory.getbasetemp())


def pytest_configure(config: pytest.Config) -> None:
    """SIGTERM (a CI timeout) ends the session like Ctrl-C, so the finalisers above still run."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    def default_in_child() -> None:  # a worker forked from this process is stopped by SIGTERM as in production
        if signal.getsignal(signal.SIGTERM) is interrupt:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTERM, interrupt)
        os.register_at_fork(after_in_child=default_in_child)


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
