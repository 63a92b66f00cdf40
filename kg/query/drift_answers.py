"""Answers from the drift findings (kg/drift.py): which claims hardened or softened as they were
repeated, which have no named source, and who repeated a claim after it was denied.

Each answer lists claims (or the outlets that repeated one) with the statements that show the
finding as numbered evidence: the earlier statement first, then the later one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kg import drift
from kg.query import engine as E
from kg.query import parse
from kg.query import words as W
from kg.query.answer import Answer, Item

STANCES = ("asserts", "reports", "denies", "disputes", "no_comment")  # every stance a statement may carry
_DRIFT_VERB = {"HARDENS": "hardened", "SOFTENS": "softened"}


def _topic_ids(parsed: parse.Parsed) -> list[str]:
    return [i for m in parsed.topics for i in m.ids]


def _evidence_by_id(run: E.Run, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {str(r["sid"]): r for r in E.rows_by_id(run, list(dict.fromkeys(ids)), STANCES)}


def _pair_items(run: E.Run, pairs: list[dict[str, Any]]) -> list[Item]:
    """One item per claim, its evidence the earlier and then the later statement of each pair."""
    rows = _evidence_by_id(run, [p[k] for p in pairs for k in ("earlier", "later")])
    items: dict[str, Item] = {}
    for p in pairs:
        item = items.setdefault(str(p["cid"]), Item(name=str(p["claim"] or p["cid"]), kind="Claim"))
        for key in ("earlier", "later"):
            row = rows.get(str(p[key]))
            if row is not None and all(
                e.start != row.get("start") or e.article.id != row.get("aid") for e in item.evidence
            ):
                item.evidence.append(E.evidence_of(row))
    out = sorted(items.values(), key=lambda i: (-len(i.evidence), i.name))
    for n, item in enumerate(out):
        item.score = float(len(out) - n)
    return out


def _hedge_drift(rel: str):
    def handler(run: E.Run, parsed: parse.Parsed, answer: Answer) -> None:
        ids = _topic_ids(parsed)
        params: dict[str, Any] = {"limit": 200, **({"ids": ids} if ids else {})}
        pairs = run.query(drift.PAIRS[(rel, bool(ids))], params)
        answer.items = _pair_items(run, pairs)
        verb = _DRIFT_VERB[rel]
        about = f" involving {' / '.join(m.name for m in parsed.topics)}" if ids else ""
        if not answer.items:
            answer.answer = f"No claim{about} in the graph {verb} as it was repeated."
            return
        first = answer.items[0]
        steps = " → ".join(
            f"{e.article.outlet or E.short_title(e.article.title, 40)} ({e.article.published[:10] or 'undated'})"
            for e in first.evidence[:2]
        )
        example = E.short_quote(first.name, 100)
        answer.answer = f"{len(answer.items)} claim(s){about} {verb} as they were repeated, for example {example}: "
        answer.answer += f"{steps}. Each claim's evidence is the earlier statement, then the later one."

    return handler


def _unsourced(run: E.Run, parsed: parse.Parsed, answer: Answer) -> None:
    ids = _topic_ids(parsed)
    params: dict[str, Any] = {"limit": 100, "stances": sorted(drift.ASSERTING), **({"ids": ids} if ids else {})}
    claims = run.query(drift.UNSOURCED[bool(ids)], params)
    rows = _evidence_by_id(run, [s for c in claims for s in c["sids"] or []])
    items = []
    for n, c in enumerate(claims):
        item = Item(name=str(c["claim"] or c["cid"]), kind="Claim", score=float(len(claims) - n))
        item.evidence = [E.evidence_of(rows[s]) for s in c["sids"] or [] if s in rows]
        items.append(item)
    answer.items = items
    about = f" involving {' / '.join(m.name for m in parsed.topics)}" if ids else ""
    if not items:
        answer.answer = f"Every claim{about} in the graph traces back to a named source."
        return
    roots = sum(1 for c in claims if c.get("root_kind") == "unnamed")
    answer.answer = (
        f"{len(items)} claim(s){about} have no named source: {roots} rest on unnamed sources, the others on "
        f"outlets' own words with no source given. Most repeated: {E.short_quote(items[0].name, 100)}."
    )


def _claim_only(parsed: parse.Parsed) -> parse.Parsed:
    """The question's claim words without the 'after it was denied' part."""
    drop = W.DENY | W.words("after_words") | W.words("repeat_words")
    return replace(parsed, claim_words=[w for w in parsed.claim_words if w not in drop])


def _after_denial(run: E.Run, parsed: parse.Parsed, answer: Answer) -> None:
    match = E.match_statements(run, _claim_only(parsed), ("asserts", "denies"))
    if not match.claims:
        answer.answer = "No claim in the graph matches that question."
        return
    links = run.query(drift.IGNORED_DENIALS, {"claims": match.claims, "limit": 200})
    rows = _evidence_by_id(run, [x[k] for x in links for k in ("later", "earlier")])
    later = [rows[x["later"]] for x in links if x["later"] in rows]
    answer.items = E.group_items(later, E.carrier, lambda r: match.score(r))
    label = E.claim_label(parsed, match.best_text)
    if not answer.items:
        answer.answer = f"Nobody repeated {label} after a denial was published without mentioning it."
        return
    denials = {x["earlier"] for x in links}
    first = min((rows[d] for d in denials if d in rows), key=E.date_key, default=None)
    denied = f" after {E.speaker(first)[0]} denied it ({E.when_said(first)})" if first else " after it was denied"
    who = E.name_list(answer.items)
    answer.answer = f"{len(answer.items)} outlet(s) repeated {label}{denied}, without mentioning the denial: {who}."


HANDLERS = {
    parse.HARDENED: _hedge_drift("HARDENS"),
    parse.SOFTENED: _hedge_drift("SOFTENS"),
    parse.UNSOURCED: _unsourced,
    parse.AFTER_DENIAL: _after_denial,
}
