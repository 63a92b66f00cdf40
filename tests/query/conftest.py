"""Fixtures for the query layer: the hand-built story graph, written once per module."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from kg.store.falkor import FalkorStore
from storygraph import write_story


@pytest.fixture(scope="module")
def story(server_dir) -> Iterator[FalkorStore]:
    s = FalkorStore(server_dir, f"story_{uuid.uuid4().hex[:10]}")
    s.ensure_schema()
    write_story(s)
    yield s
    s.delete_graph()
    s.close()
