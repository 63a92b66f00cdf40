"""Files only this user may read: the data dir (0700) and secrets or state written into it (0600).

One home for the store's password, the API token and ``kg watch``'s state.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, text: str) -> None:
    """Write atomically (a crash leaves the old file or the new one, never half of one), mode 0600."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def make_private_dir(data_dir: Path) -> None:
    """Create ``data_dir`` (and its parents) readable by this user only; an existing one is left as it is."""
    if not data_dir.exists():
        data_dir.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.chmod(data_dir, 0o700)
