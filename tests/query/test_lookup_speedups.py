"""The answer layer's indexed look-ups give what the plain scans they replace give (#17).

``FuzzyKeys.closest`` (a bigram index) against ``process.extractOne`` over every key, and
``sentence_around`` (each name searched once over the text) against reading every sentence with
every name, on names and texts from the BBC corpus.
"""

from __future__ import annotations

import json
import random
import re

import pytest
from kgtest import BBC
from rapidfuzz import fuzz, process

from extraction.records import norm_name
from kg.query.fuzzy_keys import FuzzyKeys
from kg.query.match import _sentences, sentence_around

NAME = re.compile(r"[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*)*")
CUTOFF = 86.0


@pytest.fixture(scope="module")
def texts() -> list[str]:
    with BBC.open() as fh:  # ../shared is part of the test set-up: missing, the test fails
        return [json.loads(line)["body"] for _, line in zip(range(400), fh, strict=False)]


def _scan(key: str, keys: list[str]) -> tuple[str, float] | None:
    """The reference: the best ratio over every key, the first key on a tie."""
    hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=CUTOFF)
    return (hit[0], hit[1]) if hit else None


def _misspelt(key: str, rng: random.Random) -> str:
    chars = list(key)
    for _ in range(rng.randint(0, 3)):
        at = rng.randrange(len(chars) + 1)
        op = rng.random()
        if op < 0.33 and len(chars) > 1:
            chars.pop(min(at, len(chars) - 1))
        elif op < 0.66:
            chars.insert(at, rng.choice("abcdefghijklmnopqrstuvwxyz "))
        else:
            chars[min(at, len(chars) - 1)] = rng.choice("aeiou")
    return "".join(chars)


def test_closest_is_the_scan(texts: list[str]) -> None:
    keys = list(dict.fromkeys(k for t in texts for k in map(norm_name, NAME.findall(t)) if k))
    assert len(keys) > 3000
    index = FuzzyKeys(keys)
    rng = random.Random(7)
    asked = [_misspelt(rng.choice(keys), rng) for _ in range(600)] + ["a", "ab", "zzzzzzzz", ""]
    found = 0
    for key in asked:
        expected = _scan(key, keys)
        assert index.closest(key, CUTOFF) == expected, key
        found += expected is not None
    assert 100 < found < len(asked)  # both outcomes are exercised


def test_closest_takes_the_first_key_on_a_tie() -> None:
    index = FuzzyKeys(["acme corp", "acme corx", "acme corz"])
    assert index.closest("acme cor", CUTOFF) == _scan("acme cor", ["acme corp", "acme corx", "acme corz"])
    assert index.closest("acme cor", CUTOFF)[0] == "acme corp"


def _every_sentence(text: str, names: list[str]) -> tuple[str, int, int]:
    """The reference: each sentence casefolded on its own and searched for each name."""
    patterns = [re.compile(rf"(?<!\w){re.escape(n.casefold())}(?!\w)") for n in {n for n in names if n}]
    best, best_hits = None, 0
    for start, end in _sentences(text):
        hits = sum(1 for p in patterns if p.search(text[start:end].casefold()))
        if hits > best_hits:
            best, best_hits = (start, end), hits
    if best is None:
        return "", -1, -1
    start, end = best[0], min(best[1], best[0] + 600)
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    return raw.strip(), start + lead, start + lead + len(raw.strip())


def test_sentence_around_is_every_sentence_read(texts: list[str]) -> None:
    rng = random.Random(3)
    odd = [
        "Die Straße ist lang. Der STRASSE Weg.\nStraße! Ärger bei Straße.",
        "U.S. Steel said so. U.S. Steel rose. Steel fell.",
        "He said: 'It is over.' Then Acme Corp. Inc left.",
    ]
    cases = 0
    for text in texts[:200] + odd:
        found = NAME.findall(text) or ["nothing"]
        for _ in range(3):
            names = rng.sample(found, min(len(found), rng.randint(1, 5)))
            names += [n.lower() for n in names[:2]] + ["", "strasse", "u.s. steel", "corp. inc"]
            assert sentence_around(text, names) == _every_sentence(text, names), (text[:60], names)
            cases += 1
    assert cases > 600


def test_sentence_around_offsets_after_a_lengthening_casefold() -> None:
    text = "Die Straße ist lang. Acme kam spät."
    sentence, start, end = sentence_around(text, ["acme"])
    assert sentence == "Acme kam spät." and text[start:end] == sentence


def test_a_name_across_a_sentence_break_names_neither_sentence() -> None:
    assert sentence_around("He works at U.S. Steel makes rails.", ["u.s. steel"]) == ("", -1, -1)
