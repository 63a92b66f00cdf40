"""Readers and the spaCy pipeline: articles in, plain typed records out (no database code)."""

import sys


def import_thinc_without_torch() -> None:
    """spaCy's thinc imports torch whenever it is installed (1.4 CPU s and ~230 MB in every worker,
    writer and ``kg`` process), yet no pipeline here runs it: torch is installed only to build the
    claim encoder (``extraction.encoder_tune``). thinc is imported once with torch out of reach, so
    it records "no torch"; torch stays importable for whoever asks for it later."""
    if "thinc" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]


import_thinc_without_torch()
