"""Attribution spans -> Statements: source linking, stance, hedges, cited outlets and claims.

Input is the plain data the ``claimgraph_attributions`` component left on the Doc plus the
article's entity table; output is records. Pronoun and "the company" sources resolve to the
nearest fitting entity mentioned shortly before, and only when there is one clear candidate.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from spacy.tokens import Doc, Token

from extraction import cues, event_anaphora
from extraction.claim_text import canonical_text
from extraction.cues import within
from extraction.entities import EntityTable
from extraction.frames import claim_frames, is_anaphor
from extraction.headlines import headline_attributions
from extraction.lexicon import SOURCELESS_CUES
from extraction.narration import narration_attributions
from extraction.records import (
    ArticleRecord,
    AttributionRecord,
    ClaimRecord,
    Span,
    as_stance,
    normalise_text,
    short_hash,
)
from extraction.sources import PRONOUN_TYPES, Context, resolve_anaphor, resolve_source
from extraction.stance import (
    TARGET_WINDOW,
    disputed_clause,
    lead_attributions,
    main_claim_sentence,
    needs_target,
    points_back,
    positive_text,
    statement_stance,
    story_stance,
    token_range,
    voice_attributions,
)


def _in_adverbial_clause(tok: Token, lo: int, hi: int) -> bool:
    """Whether ``tok`` sits in an adverbial clause inside the span [lo, hi) ("..., because next time
    it may not be ..."): a hedge there qualifies that clause, not the claim."""
    while lo <= tok.i < hi and tok.head.i != tok.i:
        if tok.dep_ == "advcl" and lo <= tok.head.i < hi:
            return True
        tok = tok.head
    return False


def _hedges_noun(doc: Doc, i: int) -> bool:
    """Whether "possible" at token ``i`` leaves its statement open: after an article ("approval of a
    possible majority stake"), not "the worst possible time", "every possible effort", "possible bad
    loans" (a kind of loan), nor one item of a list ("talks on arms control and a possible summit"
    are firm about the talks)."""
    noun = doc[i].head
    coordinated = noun.dep_ == "conj" or any(c.dep_ == "conj" for c in noun.children)
    return i > 0 and "Art" in doc[i - 1].morph.get("PronType") and not coordinated


def hedges_in(doc: Doc, hits: cues.Hits, spans: list[Span]) -> list[str]:
    """The hedge phrases (HEDGE patterns: modal "may" but not the month, "is said to" but not "X
    said") that start inside these character spans, in text order, each once; a match inside a
    longer one ("expected to" in "is expected to") is not counted again, nor one inside an
    adverbial clause of the span."""
    found: list[tuple[int, int]] = []
    for span in spans:
        lo, hi = token_range(doc, span.start, span.end)
        hedges = within(hits, "HEDGE", lo, hi) + [
            (s, e) for s, e in within(hits, "HEDGE_NOUN", lo, hi) if _hedges_noun(doc, s)
        ]
        found += [(s, e) for s, e in hedges if not _in_adverbial_clause(doc[s], lo, hi)]
    kept = [(s, e) for s, e in found if not any(a <= s and e <= b and (a, b) != (s, e) for a, b in found)]
    words: list[str] = []
    for s, e in sorted(set(kept)):
        text = doc[s:e].text.lower()
        if text not in words:
            words.append(text)
    return words


def _clean_claim_text(text: str) -> str:
    t = normalise_text(text).strip(" \"'“”‘’,.;:")
    t = re.sub(r"^(?:that|whether|if)\s+", "", t, flags=re.I)
    return t.strip(" \"'“”‘’,.;:")


def claim_id(text: str) -> str:
    return "claim:" + short_hash(_clean_claim_text(text).casefold())


def _entity_of(tok: Token, table: EntityTable, text: str, att: dict[str, Any]) -> str | None:
    """The entity a claim's subject token names or (clearly) refers back to."""
    eid = table.at(tok.idx, tok.idx + len(tok))
    if eid is None:  # "the AI developer X": the name is an apposition or compound of the head
        for c in tok.children:
            if c.dep_ in {"appos", "compound"} and c.pos_ == "PROPN":
                eid = table.at(c.idx, c.idx + len(c))
                if eid:
                    break
    if eid or not is_anaphor(tok):
        return eid
    word = tok.lower_ if tok.lower_ in PRONOUN_TYPES else tok.lemma_.lower()
    window = att.get("prev_sent_start") if word in PRONOUN_TYPES else None
    return resolve_anaphor(table, word, tok.idx, text, window)


def _claim_for(
    claims: dict[str, ClaimRecord],
    claim_text: str,
    span: tuple[int, int],
    table: EntityTable,
    text: str,
    doc: Doc,
    att: dict[str, Any],
    hedged: bool,
    antecedent: event_anaphora.Antecedent | None = None,
) -> str:
    """The claim record for ``claim_text`` (found at character ``span``), created on first use. A
    content naming an earlier event only by a description ("the acquisition is expected to close")
    is about its ``antecedent``'s agent and entities."""
    cid = claim_id(claim_text)
    if cid in claims:
        return cid
    c_start, c_end = span
    ents = [e for e in table.within(c_start, c_end) if not e.startswith("outlet:")]
    subject, frames = claim_frames(doc, c_start, c_end, lambda t: _entity_of(t, table, text, att))
    if subject and subject.startswith("outlet:"):
        subject = None
    if antecedent is not None and not ents and subject is None:
        subject, ents = antecedent.agent, list(antecedent.entities)
        frames = [*frames, antecedent.frame] if antecedent.frame else frames
    subject = subject or (ents[0] if ents else None)
    if subject and subject not in ents:
        ents.insert(0, subject)
    name = next((r.name for r in table.records if r.id == subject), None)
    claims[cid] = ClaimRecord(
        id=cid,
        text=canonical_text(doc, c_start, c_end, claim_text, name, text),
        subject=subject,
        object=next((e for e in ents if e != subject), None),
        entities=ents,
        hedged=hedged,
        frames=frames,
    )
    return cid


def _claim_span(
    att: dict[str, Any], stance: str, negs: list[Token], doc: Doc, hits: cues.Hits, parts: list[Span], doc_text: str
) -> tuple[str, tuple[int, int]] | None:
    """(claim text, character span) a statement is about; None when it only points at a claim.
    ``doc_text`` is ``doc.text`` (which rebuilds the text token by token on every read)."""
    lo, hi = token_range(doc, parts[0].start, parts[-1].end)
    if stance == "asserts" and att["kind"] == "own_voice":
        ss, se = att.get("clause", att["sent"])
        return _clean_claim_text(doc_text[ss:se]), (ss, se)
    if stance == "asserts":
        return _clean_claim_text(" ".join(p.text for p in parts)), (parts[0].start, parts[-1].end)
    if att["kind"] == "own_voice":
        lo, hi = token_range(doc, *att["sent"])
    clause = disputed_clause(doc, lo, hi, hits)
    if clause is None and stance == "no_comment":
        clause = next(
            ((t.i + 1, t.right_edge.i + 1) for t in doc[lo:hi] if t.dep_ == "prep" and t.lower_ in {"on", "about"}),
            None,
        )
        if clause and needs_target(doc, *clause, hits):
            clause = None
    if clause is not None:
        span = doc[clause[0] : clause[1]]
        return _clean_claim_text(span.text), (span.start_char, span.end_char)
    judged = negs or any(within(hits, label, lo, hi) for label in ("DENIAL", "DEBUNK"))
    if judged and points_back(doc, lo, hi, hits):  # "the story is a hoax", "that is not true"
        return None
    if negs:
        return _clean_claim_text(positive_text(doc, lo, hi, negs)), (parts[0].start, parts[-1].end)
    if stance == "no_comment" or att["kind"] == "own_voice" or needs_target(doc, lo, hi, hits):
        return None
    return _clean_claim_text(" ".join(p.text for p in parts)), (parts[0].start, parts[-1].end)


def _resolve_targets(
    records: list[AttributionRecord],
    pending: list[tuple[AttributionRecord, dict[str, Any]]],
    claims: dict[str, ClaimRecord],
    sent_starts: list[int],
    table: EntityTable,
    text: str,
    doc: Doc,
) -> None:
    """Point "denied the reports" / "declined to comment" / "the story is a hoax" at their claim:
    the nearest claim stated shortly before (a source's denial), else the article's main claim."""
    main: str | None = None
    for rec, att in pending:
        k = bisect_right(sent_starts, rec.sentence.start) - 1
        window = sent_starts[max(0, k - TARGET_WINDOW)] if sent_starts else 0
        if att["kind"] != "own_voice":
            before = [
                r
                for r in records
                if r.claim and r.stance == "asserts" and window <= r.sentence.start and r.cue.start < rec.cue.start
            ]
            if before:
                rec.claim = max(before, key=lambda r: r.cue.start).claim
                continue
        lead = main_claim_sentence(doc)
        if lead is None or rec.sentence.start == lead.start_char:
            continue
        if main is None:
            stated = [r for r in records if r.claim and r.stance == "asserts" and r.sentence.start == lead.start_char]
            main = stated[0].claim if stated else None
            main = main or _claim_for(
                claims, _clean_claim_text(lead.text), (lead.start_char, lead.end_char), table, text, doc, {}, False
            )
        rec.claim = main


def _spans(att: dict[str, Any], text: str) -> tuple[Span, list[Span], Span, Span]:
    """(cue, content parts, whole content, sentence) of one attribution, as text spans."""
    cs, ce = att["cue"]
    parts = [Span(s, e, text[s:e]) for s, e in att["content"]]
    c_start = min(p.start for p in parts)
    c_end = max(p.end for p in parts)
    ss, se = att["sent"]
    sent_start, sent_end = min(ss, c_start, cs), max(se, c_end, ce)
    return (
        Span(cs, ce, text[cs:ce]),
        parts,
        Span(c_start, c_end, text[c_start:c_end]),
        Span(sent_start, sent_end, text[sent_start:sent_end]),
    )


def _statement_hedges(att: dict[str, Any], doc: Doc, hits: cues.Hits, cue: Span, parts: list[Span]) -> list[str]:
    """The hedges of one statement: the HEDGE patterns in its cue and content; a passive "is said"
    or a sourceless "reportedly" cue hedges it by itself."""
    hedges = hedges_in(doc, hits, [cue, *parts])
    if att["kind"] in {"adverb", "passive"} and not hedges:
        hedges.append(cue.text.lower().split()[-1] if att["kind"] == "adverb" else cue.text.lower())
    if att["lemma"] in SOURCELESS_CUES and att["lemma"] not in hedges:
        hedges.insert(0, att["lemma"])
    return hedges


def _relayed_outlets(table: EntityTable, sentence: Span, parts: list[Span], known: list[str | None]) -> list[str]:
    """Outlets named elsewhere in the sentence (outside the content, not the source): relayed."""
    out: list[str] = []
    for eid in table.within(sentence.start, sentence.end):
        if not eid.startswith("outlet:") or eid in known or eid in out:
            continue
        if any(p.start <= s < p.end for s, _e, i in table.spans if i == eid for p in parts):
            continue
        out.append(eid)
    return out


def build_statements(
    atts: list[dict[str, Any]],
    table: EntityTable,
    article: ArticleRecord,
    sent_starts: list[int] | None,
    doc: Doc,
    doc_text: str | None = None,
) -> tuple[list[AttributionRecord], list[ClaimRecord]]:
    """Statements and claims of one article; ``doc_text`` is ``doc.text`` when the caller has it."""
    text = article.text
    doc_text = doc.text if doc_text is None else doc_text
    ctx = Context(table, text, doc, sent_starts=list(sent_starts or []))
    hits = cues.find(doc)
    atts = atts + voice_attributions(doc, atts, hits)
    heads = headline_attributions(doc, article.title or "", atts, doc_text)
    atts += heads or lead_attributions(doc, atts)
    atts += narration_attributions(doc, atts)
    records: list[AttributionRecord] = []
    claims: dict[str, ClaimRecord] = {}
    pending: list[tuple[AttributionRecord, dict[str, Any]]] = []
    event_subjects = event_anaphora.event_subjects(doc) if atts else []
    for att in atts:
        if sent_starts:
            k = bisect_right(sent_starts, att["sent"][0]) - 1
            att["prev_sent_start"] = sent_starts[max(0, k - 1)]
        cue, parts, content, sentence = _spans(att, text)
        cs, ce, c_start = cue.start, cue.end, content.start
        source, resolution = resolve_source(att, ctx)
        kind, cited = resolution.kind, resolution.cited
        stance, negs = (att["stance"], []) if "stance" in att else statement_stance(att, doc, hits)
        hedges = _statement_hedges(att, doc, hits, cue, parts)
        cited += _relayed_outlets(table, sentence, parts, [source.entity if source else None, *cited])
        about = _claim_span(att, stance, negs, doc, hits, parts, doc_text)
        claim, antecedent = None, None
        if about is not None and len(about[0].split()) >= 3:
            antecedent = event_anaphora.resolve(
                doc, *about[1], table, lambda t: _entity_of(t, table, text, {}), event_subjects
            )
            claim = _claim_for(claims, about[0], about[1], table, text, doc, att, bool(hedges), antecedent)
        sid = "stmt:" + short_hash(article.id, str(cs), str(ce), str(c_start))
        rec = AttributionRecord(
            id=sid,
            cue=cue,
            content=content,
            sentence=sentence,
            source=source,
            stance=as_stance(stance),
            hedges=hedges,
            cites=cited,
            claim=claim,
            source_kind=kind,
            content_parts=parts,
            own_voice=att["kind"] == "own_voice",
            antecedent=antecedent.text if antecedent else "",
        )
        records.append(rec)
        if claim is None and stance != "asserts":
            pending.append((rec, att))
    if pending:
        _resolve_targets(records, pending, claims, sent_starts or [], table, text, doc)
    story_stance(records, doc, hits, sent_starts or [])
    return records, list(claims.values())
