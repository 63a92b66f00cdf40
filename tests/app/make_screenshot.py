"""Regenerate the README screenshot (docs/screenshot.png): the Ask page answering a question.

    .venv/bin/python tests/app/make_screenshot.py [QUESTION]

Uses a throwaway embedded store with the seed articles (or the bundled samples) ingested,
serves the app on a free port and photographs it in Debian's headless Chromium.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from app_server import ROOT, app_server, ask, chromium, wait_idle

from kg.config import Settings
from kg.ingest import IngestOptions, ingest_paths
from kg.store import embedded, open_store

SEEDS = ROOT.parent / "shared" / "articles" / "seeds"
QUESTION = "Who denied that DeepSeek used smuggled Nvidia chips?"


def main(question: str = QUESTION, out: Path = ROOT / "docs" / "screenshot.png") -> None:
    with tempfile.TemporaryDirectory(prefix="claimgraph-shot-") as tmp:
        settings = Settings(data_dir=Path(tmp), graph_name="screenshot", graph_uri="")
        store = open_store(settings)
        try:
            folder = SEEDS if SEEDS.is_dir() else ROOT / "samples"
            ingest_paths(store, [folder], settings, options=IngestOptions.from_settings(settings, workers=1))
            with (
                app_server(settings.data_dir, settings.graph_name, Path(tmp) / "server.log") as url,
                chromium(1440, 1100) as page,
            ):
                page.goto(url)
                page.get_by_test_id("stChatInputTextArea").wait_for(timeout=180_000)
                wait_idle(page)
                ask(page, question)
                page.evaluate(
                    "() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })"
                )
                page.wait_for_timeout(500)
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
        finally:
            store.close()
            embedded.stop(settings.data_dir)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(*(sys.argv[1:2] or [QUESTION]))
