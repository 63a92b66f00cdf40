"""Fixtures for the live-news tests: a real local news site, fast pacing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from newsserver import NewsSite, standard_site

from kg.config import Settings


@pytest.fixture
def site() -> Iterator[NewsSite]:
    s = standard_site()
    yield s
    s.close()


@pytest.fixture
def web_settings(settings: Settings) -> Settings:
    """The test graph's settings with quick pacing and a short timeout (the slow page takes 3 s)."""
    return settings.model_copy(update={"fetch_host_interval": 0.05, "fetch_timeout": 1.5, "fetch_max_bytes": 2 << 20})


@pytest.fixture
def web_env(cli_env: dict[str, str]) -> dict[str, str]:
    return {**cli_env, "KG_FETCH_HOST_INTERVAL": "0.05", "KG_FETCH_TIMEOUT": "1.5", "KG_FETCH_MAX_BYTES": str(2 << 20)}
