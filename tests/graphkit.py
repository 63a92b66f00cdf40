"""One builder for the hand-made graphs the tests write through the real writer (import as
``from graphkit import ...``): records located by the text they quote, never by counted offsets."""

from __future__ import annotations

from typing import Any

from extraction.records import AttributionRecord, EntityRecord, SourceSpan, Span, entity_id, outlet_id


def span(text: str, needle: str, after: int = 0) -> Span:
    """The first occurrence of ``needle`` in ``text`` at or after ``after``."""
    start = text.index(needle, after)
    return Span(start, start + len(needle), needle)


def sentence_of(text: str, part: str) -> Span:
    """The sentence (cut at a line break or '. ') that holds ``part``."""
    start = text.index(part)
    s = text.rfind("\n", 0, start) + 1
    dot = text.rfind(". ", 0, start)
    s = max(s, dot + 2 if dot >= 0 else 0)
    e = text.find(". ", start)
    e = len(text) if e < 0 else e + 1
    return Span(s, e, text[s:e])


def entity(name: str, type_: str, text: str) -> EntityRecord:
    """An entity (or outlet) with its id made the way extraction makes it, mentioned wherever ``text`` names it."""
    eid = outlet_id(name) if type_ == "Outlet" else entity_id(name)
    mentions = []
    i = text.find(name)
    while i >= 0:
        mentions.append(Span(i, i + len(name), name))
        i = text.find(name, i + 1)
    return EntityRecord(eid, name, type_, [name], mentions)


def statement(
    aid: str,
    text: str,
    sentence: str | Span,
    cue: str,
    content: str,
    source: str | None = None,
    entity: str | None = None,
    **kw: Any,
) -> AttributionRecord:
    """A statement in ``sentence`` (its text, or its span); cue, content and source are found inside it."""
    sent = sentence if isinstance(sentence, Span) else span(text, sentence)
    src = None
    if source is not None:
        s = span(text, source, sent.start)
        src = SourceSpan(s.start, s.end, s.text, entity)
    return AttributionRecord(
        id=aid,
        cue=span(text, cue, sent.start),
        content=span(text, content, sent.start),
        sentence=sent,
        source=src,
        **kw,
    )
