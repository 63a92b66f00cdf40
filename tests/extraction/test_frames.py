"""Claim frames: one frame for one claim however the sentence is shaped, two for two claims."""

from __future__ import annotations

from helpers import extract


def _frames(nlp, text: str) -> list[str]:
    return [f for c in extract(nlp, text).claims for f in c.frames]


def test_a_describing_adjective_is_part_of_the_object(nlp) -> None:
    # the object's adjective is what the two claims disagree on: one frame would make them one claim
    domestic = _frames(nlp, "Analysts said Varnel Systems used domestic chips for its servers.")
    imported = _frames(nlp, "Analysts said Varnel Systems used imported chips for its servers.")
    assert domestic and imported and not set(domestic) & set(imported)
    assert any(f.endswith("|use|domestic chip") for f in domestic)


def test_the_same_claim_in_two_shapes_keeps_one_frame(nlp) -> None:
    told = _frames(nlp, "The newspaper said Varnel Systems obtained thousands of smuggled processors.")
    retold = _frames(nlp, "Varnel Systems has obtained smuggled processors, according to two officials.")
    assert "varnel systems|obtain|smuggled processor" in set(told) & set(retold)
