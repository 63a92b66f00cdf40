"""Fixtures for the API tests (defined in ``apiserver``)."""

from apiserver import api

__all__ = ["api"]
