"""ClaimGraph: graph store, ingestion, questions, export and the ``kg`` command line."""

__version__ = "0.1.0"
