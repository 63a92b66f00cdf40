"""Handlers for the question shapes added to the rule table after the first ones.

"Who declined to comment on X", "Has S commented on X?", "Which <kind of thing> ...?", "Is it true
that X?" and "Which outlets reported the story?". Each runs catalogue templates through the
engine's ``Run`` (read-only, parameterized) and cites evidence; ``engine.HANDLERS`` picks them up.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import zip_longest
from typing import Any

from extraction.records import norm_name
from kg.query import catalogue, fulltext, parse
from kg.query import engine as E
from kg.query.answer import Answer, Item
from kg.query.match import mentions_in, names_in, overlap, stems

_STANCE_ORDER = {"no_comment": 0, "denies": 1, "disputes": 2, "asserts": 3}
_VERDICT = {
    "no_comment": "declined to comment",
    "denies": "denied it",
    "disputes": "disputed it",
    "asserts": "commented",
}


def _named_bonus(row: dict[str, Any]) -> float:
    """A named source (an entity) outranks a pronoun or an unnamed one in ties."""
    labels = [lab for lab in (row.get("src_labels") or []) if lab not in ("Entity", "Source")]
    return 0.05 if row.get("src_name") and labels else 0.0


def _fit(row: dict[str, Any], query: frozenset[str], topics: list[parse.Mention], context: tuple[float, bool]) -> float:
    """How well a statement fits the question's words and entities, read with its article.

    ``context``: how well the best full-text hit in the same article fits the words, and whether the
    article mentions the question's entities (a no-comment sentence rarely repeats what it is about).
    """
    near, in_topic_article = context
    hay = f"{row.get('sentence') or ''} {row.get('content') or ''} {row.get('title') or ''}"
    parts = []
    if query:
        parts.append(max(overlap(query, hay), 0.9 * near))
    if topics:
        parts.append(1.0 if in_topic_article else sum(1 for m in topics if mentions_in(hay, m)) / len(topics))
    return sum(parts) / len(parts) if parts else 1.0


def _stance_rows(
    run: E.Run, parsed: parse.Parsed, stances: tuple[str, ...]
) -> tuple[list[dict[str, Any]], dict[str, tuple[float, bool]]]:
    """Statements with ``stances`` in articles about the question's entities or its words, with their context."""
    context: dict[str, tuple[float, bool]] = {}
    ids = [i for m in parsed.topics for i in m.ids]
    rows: dict[str, dict[str, Any]] = {}
    if ids:
        params = {"ids": ids, "stances": list(stances), "limit": 300}
        for row in run.query(catalogue.STANCE_IN_ARTICLES_MENTIONING, params):
            rows[str(row["sid"])] = row
            context[str(row["sid"])] = (0.0, True)
    query = stems(" ".join(parsed.claim_words))
    q = fulltext.bounded_query(run, E.search_words(parsed, with_topics=False))
    if q:
        ft = catalogue.fulltext_templates(run.store.dialect)
        hits = {
            str(r["sid"]): overlap(query, str(r.get("sentence") or ""))
            for r in run.fulltext(ft.statements, {"q": q, "limit": 200})
        }
        near = run.query(
            catalogue.STANCE_NEAR_STATEMENTS,
            {"statements": list(hits), "stances": list(stances), "limit": 500},
            show=False,
        )
        for r in near:
            sid = str(r["sid"])
            best, topical = context.get(sid, (0.0, False))
            context[sid] = (max(best, hits.get(str(r["hid"]), 0.0)), topical)
        missing = [sid for sid in context if sid not in rows]
        for row in E.rows_by_id(run, missing[:150], stances):
            rows[str(row["sid"])] = row
    return list(rows.values()), context


def _about(parsed: parse.Parsed) -> str:
    words = [m.name for m in parsed.topics] + [
        w for w in parsed.claim_words if all(w not in m.text.lower().split() for m in parsed.topics)
    ]
    return " ".join(words) or "that"


def no_comment_on(run: E.Run, parsed: parse.Parsed, answer: Answer) -> None:
    """Who declined to comment on X: no-comment statements in articles about X or naming X's words."""
    if not parsed.claim_words and not parsed.topics:
        E.sources_of_claim(run, parsed, answer)
        return
    rows, context = _stance_rows(run, parsed, parsed.stances)
    query = stems(" ".join(parsed.claim_words))
    scores = {str(r["sid"]): _fit(r, query, parsed.topics, context[str(r["sid"])]) for r in rows}
    kept = [r for r in rows if scores[str(r["sid"])] >= E.MATCH_FLOOR]
    items = E.group_items(kept, E.speaker, lambda r: scores[str(r["sid"])] + _named_bonus(r))
    answer.items = E.of_kind(items, parsed.speaker_types)
    about = _about(parsed)
    if answer.items:
        answer.answer = f"{len(answer.items)} source(s) declined to comment on {about}: {E.name_list(answer.items)}."
    else:
        answer.answer = f"No statement in the graph declines to comment on {about}."


def has_commented(run: E.Run, parsed: parse.Parsed, answer: Answer) -> None:
    """Has S commented on X: S's statements on X, no-comments and denials first; yes / no / declined."""
    ids = [i for m in parsed.agents for i in m.ids]
    rows = run.query(catalogue.STATEMENTS_BY_SOURCE, {"ids": ids, "stances": list(E.ALL_STANCES)})
    query = stems(" ".join(parsed.claim_words + [w for m in parsed.topics for w in m.text.split()]))
    scores = {str(r["sid"]): _fit(r, query, [], (0.0, False)) if query else 1.0 for r in rows}
    relevant = [
        r
        for r in rows
        if scores[str(r["sid"])] >= E.MATCH_FLOOR or r.get("stance") in ("no_comment", "denies", "disputes")
    ]
    relevant.sort(key=lambda r: (_STANCE_ORDER.get(str(r.get("stance")), 3), -scores[str(r["sid"])]))
    who = parsed.agents[0].name
    about = _about(parsed)
    if not relevant:
        answer.answer = f"The graph holds no statement by {who} on {about}: no comment, denial or confirmation."
        return
    counts: dict[str, int] = {}
    for r in relevant:
        counts[str(r.get("stance"))] = counts.get(str(r.get("stance")), 0) + 1
    verdict = _VERDICT.get(str(relevant[0].get("stance")), "commented")
    item = Item(who, verdict, 1.0, [E.evidence_of(r) for r in relevant[:20]])
    answer.items = [item]
    tally = ", ".join(
        f"{_VERDICT.get(s, s)} {n}×" for s, n in sorted(counts.items(), key=lambda kv: _STANCE_ORDER.get(kv[0], 9))
    )
    answer.answer = (
        f"{who} {verdict} on {about}, per the graph ({tally}): {E.short_quote(item.evidence[0].sentence, 160)}"
    )


def _related_things(run: E.Run, parsed: parse.Parsed) -> list[Item]:
    """Entities of the asked kind joined to the question's entity by the asked relation, if the graph has one."""
    ids = [i for m in parsed.topics for i in m.ids]
    if not parsed.relation_types or not ids:
        return []
    types = list(parsed.relation_types)
    rows = run.query(catalogue.RELATIONS, {"ids": ids, "types": types})
    items = E.relation_items(run, rows, parsed.relation_dir, types)
    return [i for i in items if i.score > 0.9 and (not parsed.thing_types or i.kind in parsed.thing_types)]


def things(run: E.Run, parsed: parse.Parsed, answer: Answer, note: str = "") -> None:
    """Which <kind of thing> ...: the entities of that kind named in the statements that match the question."""
    kinds = " or ".join(t.lower() for t in parsed.thing_types) or "entity"
    related = [] if note else _related_things(run, parsed)
    if related:  # answered from relation edges: a relation answer
        answer.intent = parse.RELATION
        answer.items = related
        answer.answer = f"{_names_of(related)}, per the graph's relations."
        return
    match = E.match_statements(run, parsed, E.ALL_STANCES)
    rows = E.evidence_rows(run, match, E.ALL_STANCES)
    aids = sorted({str(r["aid"]) for r in rows if r.get("aid")})
    entities = run.query(catalogue.ENTITIES_IN_ARTICLES, {"articles": aids}) if aids else []
    asked = {i for m in parsed.mentions for i in m.ids}
    by_article: dict[str, list[dict[str, Any]]] = {}
    for e in entities:
        if str(e["id"]) not in asked and (not parsed.thing_types or e.get("type") in parsed.thing_types):
            by_article.setdefault(str(e["aid"]), []).append(e)
    found: dict[str, Item] = {}
    for row in rows:
        sentence = norm_name(str(row.get("sentence") or ""))
        for e in by_article.get(str(row.get("aid")), []):
            if names_in(sentence, [e.get("name"), *(e.get("aliases") or [])]):
                item = found.setdefault(str(e["id"]), Item(str(e["name"]), str(e.get("type") or "Entity"), 0.0, []))
                item.score = round(item.score + match.score(row), 4)
                item.evidence.append(E.evidence_of(row))
    items = sorted(found.values(), key=lambda i: (-i.score, -len(i.evidence), i.name))
    if not items:
        E.fallback_answer(
            run, parsed, answer, note=note + f"No {kinds} is named in the statements that match the question. "
        )
        return
    answer.items = items
    answer.answer = note + (
        f"{_names_of(items)}: the {kinds} named in {len({str(r['sid']) for r in rows})} matching statement(s)."
    )


_SIDE = {"asserts": "supports", "denies": "disputes", "disputes": "disputes", "no_comment": "no comment"}


def verify(run: E.Run, parsed: parse.Parsed, answer: Answer) -> None:
    """Is it true that X: who supports and who disputes X, with evidence on both sides; never a verdict."""
    match = E.match_statements(run, parsed, E.with_kin(("denies",)))
    rows = E.evidence_rows(run, match, E.ALL_STANCES)
    label = E.claim_label(parsed, match.best_text)
    if not rows:
        answer.answer = (
            f"No statement in the graph asserts or disputes {label}, so the graph holds no evidence either way."
        )
        return
    items = E.group_items(rows, lambda r: (E.speaker(r)[0], _SIDE.get(str(r.get("stance")), "supports")), match.score)
    tally = {side: [i for i in items if i.kind == side] for side in ("supports", "disputes", "no comment")}
    # both sides up front: the best supporter, the best disputer, the next of each ...
    paired = [i for pair in zip_longest(tally["supports"], tally["disputes"]) for i in pair if i is not None]
    answer.items = paired + tally["no comment"]
    parts = [f"{side} ({len(v)}): {E.name_list(v, 4)}" for side, v in tally.items() if v]
    if tally["disputes"] and tally["supports"]:
        verdict = "It is disputed."
    else:
        verdict = "No one in the graph disputes it." if tally["supports"] else "No one in the graph asserts it."
    answer.answer = f"On {label}, the graph holds statements, not a verdict: " + "; ".join(parts) + f". {verdict}"


def _names_of(items: list[Item]) -> str:
    return E.name_list(items, 5)


def unknown(run: E.Run, parsed: parse.Parsed, answer: Answer) -> None:
    """The question names something the graph does not hold: no evidence, said plainly."""
    answer.answer = (
        f"Nothing in the graph is named {parsed.claim_text}, so there is no evidence on that question. "
        "Check the spelling, or ingest articles that cover it."
    )


HANDLERS: dict[str, Callable[[E.Run, parse.Parsed, Answer], None]] = {
    parse.NO_COMMENT: no_comment_on,
    parse.HAS_COMMENTED: has_commented,
    parse.THINGS: things,
    parse.UNKNOWN: unknown,
    parse.VERIFY: verify,
}
