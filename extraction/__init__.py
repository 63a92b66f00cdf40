"""Readers and the spaCy pipeline: articles in, plain typed records out (no database code)."""

import sys


def hide_torch() -> None:
    """Keep torch out of runtime processes: spaCy's thinc imports it whenever it is installed
    (1.4 CPU s and ~230 MB in every worker, writer and ``kg`` process), yet no pipeline here runs
    it. torch is installed only to build the claim encoder (``extraction.encoder_tune``), which
    takes it back. A process that imported torch before this keeps it."""
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]


hide_torch()
