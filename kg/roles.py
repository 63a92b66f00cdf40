"""One rule for what a statement does to a claim, when a claim is contested, and in which order news came.

The browse read models (``kg.browse``), the question engine (``kg.query.engine``) and the app's claim
page all read these, so "contested" or "first" means the same on every screen. The Cypher ``CASE``
that computes a role inside a query is built from the same stance lists.
"""

from __future__ import annotations

from typing import Any

from extraction.records import DISPUTING

ROLES: tuple[str, ...] = ("asserting", "relaying", "denying", "no_comment")
SUPPORTING: tuple[str, ...] = ("asserting", "relaying")


def role_of(stance: str, relayed: bool, statement_kind: str | None) -> str:
    """A statement's role: a denial or dispute denies; a no-comment is silence; one that cites an
    outlet (or is the outlet's own voice) relays; anything else asserts."""
    if stance in DISPUTING:
        return "denying"
    if stance == "no_comment":
        return "no_comment"
    if relayed or statement_kind == "outlet":
        return "relaying"
    return "asserting"


def role_cypher(statement: str = "s", cited_ids: str = "cited_ids") -> str:
    """``role_of`` as a Cypher CASE over a Statement variable and the list of outlet ids it cites."""
    disputing = ", ".join(f"'{s}'" for s in DISPUTING)
    return f"""CASE WHEN {statement} IS NULL THEN null
  WHEN {statement}.stance IN [{disputing}] THEN 'denying'
  WHEN {statement}.stance = 'no_comment' THEN 'no_comment'
  WHEN size({cited_ids}) > 0 OR {statement}.type = 'outlet' THEN 'relaying'
  ELSE 'asserting' END"""


def contested(counts: dict[str, int]) -> bool:
    """Denied by someone and asserted or relayed by someone else (``counts``: role -> sources)."""
    return counts.get("denying", 0) > 0 and sum(counts.get(r, 0) for r in SUPPORTING) > 0


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def time_key(published: Any, seq: Any) -> tuple[int, str, int]:
    """Sort by article date where known, else by ingestion order (dated articles first)."""
    published = str(published or "")
    return (0 if published else 1, published, _int(seq))
