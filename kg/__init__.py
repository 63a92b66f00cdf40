"""ClaimGraph: graph store, ingestion, questions, export and the ``kg`` command line."""

import extraction  # noqa: F401  (thinc without torch, before any kg module imports spaCy)

__version__ = "0.1.0"
