"""ClaimGraph: graph store, ingestion, questions, export and the ``kg`` command line."""

import extraction  # noqa: F401  (hides torch from spaCy before any kg module imports it)

__version__ = "0.1.0"
