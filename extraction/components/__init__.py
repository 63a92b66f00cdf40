"""spaCy components of ClaimGraph, registered on import (``@Language.factory``)."""

from extraction.components import attribution  # noqa: F401
