"""Run a writer function (``write_rdf``, ``write_claimreview``) in a thread and stream what it writes.

Memory stays bounded by a short queue; if the client goes away, the writer is stopped at its next write.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TextIO

log = logging.getLogger("kg.api")
_DONE = object()


class _Gone(Exception):
    """The client stopped reading."""


class _QueueWriter:
    def __init__(self, q: queue.Queue, stop: threading.Event) -> None:
        self._q, self._stop = q, stop

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        while not self._stop.is_set():
            try:
                self._q.put(data, timeout=0.5)
                return len(text)
            except queue.Full:
                continue
        raise _Gone

    def flush(self) -> None:
        pass


def stream_writer(produce: Callable[[TextIO], object], max_chunks: int = 32) -> Iterator[bytes]:
    """Bytes as ``produce(fh)`` writes them to ``fh``; an error ends the stream (it is logged)."""
    q: queue.Queue = queue.Queue(maxsize=max_chunks)
    stop = threading.Event()

    def run() -> None:
        try:
            produce(_QueueWriter(q, stop))  # type: ignore[arg-type]
        except _Gone:
            pass
        except Exception:
            log.exception("export stopped by an error")
        finally:
            while not stop.is_set():
                try:
                    q.put(_DONE, timeout=0.5)
                    break
                except queue.Full:
                    continue

    worker = threading.Thread(target=run, name="kg-export-stream", daemon=True)
    worker.start()
    try:
        while (item := q.get()) is not _DONE:
            yield item
    finally:
        stop.set()
