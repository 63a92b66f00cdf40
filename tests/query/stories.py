"""Several stories from the shared corpora (and the seeds) for question tests and bench/questions.py.

Each story is a cluster of articles on one event, picked by headline from the shared BBC and Reuters
corpora; questions about them are in ``question_bank.py``. Only ids live here, never article text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

STORIES: dict[str, tuple[str, list[str]]] = {
    # name: (corpus, article ids); corpus "seeds" means every file of the seed folder
    "seeds": ("seeds", []),
    "bbc_manutd": (
        "bbc",
        ["business/179", "business/209", "business/224", "business/229", "business/242", "business/293", "sport/124"],
    ),
    "bbc_lse": (
        "bbc",
        [
            "business/171",
            "business/203",
            "business/220",
            "business/264",
            "business/279",
            "business/316",
            "business/319",
            "business/392",
            "business/421",
            "business/454",
        ],
    ),
    "bbc_greek": (
        "bbc",
        [
            "sport/016",
            "sport/017",
            "sport/023",
            "sport/033",
            "sport/047",
            "sport/048",
            "sport/050",
            "sport/051",
            "sport/054",
            "sport/080",
            "sport/081",
            "sport/082",
        ],
    ),
    "bbc_yukos": (
        "bbc",
        [
            "business/003",
            "business/025",
            "business/077",
            "business/083",
            "business/127",
            "business/157",
            "business/164",
            "business/192",
            "business/314",
            "business/318",
            "business/332",
            "business/426",
        ],
    ),
    "reuters_twa": (
        "reuters",
        [f"reuters21578-{n}" for n in (1735, 1771, 1836, 1862, 1996, 2375, 2450, 2546, 2799, 2917, 2948, 3013, 3039)],
    ),
    "reuters_dart": ("reuters", [f"reuters21578-{n}" for n in (3205, 3242, 3313, 3912, 5352, 8115, 9230, 13021)]),
    "reuters_gencorp": (
        "reuters",
        [f"reuters21578-{n}" for n in (6410, 6463, 6630, 6665, 6815, 6819, 6928, 8204, 8361)],
    ),
    "reuters_texaco": (
        "reuters",
        [f"reuters21578-{n}" for n in (1370, 9650, 10981, 11520, 11542, 16306, 16352, 16731, 16733)],
    ),
    "reuters_harper": ("reuters", [f"reuters21578-{n}" for n in (3336, 3991, 5177, 5659, 6442, 8222, 8518, 12485)]),
}


def corpus_ids(corpus: str) -> set[str]:
    return {i for c, ids in STORIES.values() if c == corpus for i in ids}


def write_story_files(shared: Path, out_dir: Path, corpora: Iterable[str] = ("bbc", "reuters")) -> list[Path]:
    """The stories' articles as JSONL files under ``out_dir`` (plus the seed folder): the paths to ingest."""
    files = {"bbc": shared / "corpus" / "bbc_news.jsonl", "reuters": shared / "corpus" / "reuters21578.jsonl"}
    paths = [shared / "articles" / "seeds"]
    for corpus in corpora:
        wanted = corpus_ids(corpus)
        out = out_dir / f"stories_{corpus}.jsonl"
        with files[corpus].open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
            for line in src:
                if json.loads(line)["id"] in wanted:
                    dst.write(line)
        paths.append(out)
    return paths
