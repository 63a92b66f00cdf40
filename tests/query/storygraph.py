"""A small, hand-built claim graph written through the real writer.

Records are built by hand (not by the extractor) so the query layer's templates and intents are
tested independently of extraction quality. The story mirrors the seed articles' shape: one claim
relayed by several outlets, citing an original report, denied by one company, no comment from another.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from graphkit import entity, span

from extraction.records import (
    ArticleRecord,
    AttributionRecord,
    ClaimRecord,
    EntityRecord,
    Extraction,
    RelationRecord,
    SourceSpan,
    Span,
    article_id,
    entity_id,
    outlet_id,
    short_hash,
)
from kg.store.falkor import FalkorStore
from kg.writer import write_extractions


@dataclass
class Say:
    """One statement: ``sentence`` must contain ``source`` (if any), ``cue`` and ``content``."""

    sentence: str
    source: str | None
    cue: str
    content: str
    stance: str = "asserts"
    claim: str | None = None  # key into CLAIMS
    cites: list[str] = field(default_factory=list)  # outlet names
    kind: str = "named"
    hedges: list[str] = field(default_factory=list)


@dataclass
class Doc:
    title: str
    outlet: str
    published: str
    entities: list[tuple[str, str]]  # (name, type); type "Outlet" makes an outlet
    says: list[Say] = field(default_factory=list)
    relations: list[tuple[str, str, str, str]] = field(default_factory=list)  # subj, PRED, obj, sentence
    filler: str = ""


ENT_TYPES = {
    "Deepseek": "Organization",
    "DeepSeek": "Organization",
    "Nvidia": "Organization",
    "Blackwell": "Product",
    "China": "Place",
    "Jensen Huang": "Person",
    "Microsoft": "Organization",
    "Windows": "Product",
    "Huawei": "Organization",
    "Ascend": "Product",
}

CLAIMS: dict[str, tuple[str, list[str]]] = {
    "smuggle": (
        "Deepseek used smuggled Nvidia Blackwell chips to train its next AI model",
        ["Deepseek", "Nvidia", "Blackwell"],
    ),
    "share": ("Nvidia's share of the China AI chip market fell to zero", ["Nvidia", "China"]),
    "windows": ("Windows sales rose ten percent this year", ["Windows"]),
    "ascend": ("Huawei Ascend chips are slower than Nvidia chips", ["Huawei", "Ascend", "Nvidia"]),
}

DOCS: list[Doc] = [
    Doc(
        "Deepseek trained its new model on smuggled Blackwell chips",
        "The Information",
        "2025-12-01",
        [("Deepseek", "Organization"), ("Nvidia", "Organization"), ("Blackwell", "Product"), ("China", "Place")],
        [
            Say(
                "Deepseek used thousands of smuggled Nvidia Blackwell chips to train its next model, "
                "people familiar with the matter said.",
                "people familiar with the matter",
                "said",
                "Deepseek used thousands of smuggled Nvidia Blackwell chips to train its next model",
                claim="smuggle",
                kind="anonymous",
            ),
        ],
        [
            (
                "Deepseek",
                "USES",
                "Blackwell",
                "Deepseek used thousands of smuggled Nvidia Blackwell chips to train its next model, "
                "people familiar with the matter said.",
            )
        ],
    ),
    Doc(
        "Report: Deepseek smuggled Nvidia chips into China",
        "Yahoo Finance",
        "2025-12-02",
        [("DeepSeek", "Organization"), ("Nvidia", "Organization"), ("China", "Place"), ("The Information", "Outlet")],
        [
            Say(
                "DeepSeek reportedly used smuggled Nvidia chips to train its AI model, according to The Information.",
                "The Information",
                "according to",
                "DeepSeek reportedly used smuggled Nvidia chips to train its AI model",
                claim="smuggle",
                cites=["The Information"],
                hedges=["reportedly"],
            ),
            Say(
                "Nvidia denied the report, saying it has no evidence of DeepSeek using its chips.",
                "Nvidia",
                "denied",
                "it has no evidence of DeepSeek using its chips",
                stance="denies",
                claim="smuggle",
            ),
            Say(
                "DeepSeek declined to comment on the report.",
                "DeepSeek",
                "declined to comment",
                "the report",
                stance="no_comment",
                claim="smuggle",
            ),
        ],
    ),
    Doc(
        "Nvidia says it complies with export controls",
        "CNBC",
        "2025-12-03",
        [
            ("Nvidia", "Organization"),
            ("Jensen Huang", "Person"),
            ("China", "Place"),
            ("Blackwell", "Product"),
            ("Bloomberg", "Outlet"),
        ],
        [
            Say(
                "Nvidia rejected claims that Deepseek used smuggled Blackwell chips, as Bloomberg had reported.",
                "Nvidia",
                "rejected",
                "Deepseek used smuggled Blackwell chips",
                stance="denies",
                claim="smuggle",
                cites=["Bloomberg"],
            ),
            Say(
                "Jensen Huang said Nvidia's share of the China AI chip market fell to zero.",
                "Jensen Huang",
                "said",
                "Nvidia's share of the China AI chip market fell to zero",
                claim="share",
            ),
        ],
        [
            ("Nvidia", "MAKES", "Blackwell", "Nvidia makes the Blackwell chips that are banned from sale in China."),
            ("Jensen Huang", "LEADS", "Nvidia", "Jensen Huang, chief executive of Nvidia, spoke in Taipei."),
        ],
        filler="Nvidia makes the Blackwell chips that are banned from sale in China. "
        "Jensen Huang, chief executive of Nvidia, spoke in Taipei.",
    ),
    Doc(
        "Deepseek Smuggles Nvidia Chips to Defy AI Hardware Sanctions",
        "",
        "",
        [
            ("Deepseek", "Organization"),
            ("Nvidia", "Organization"),
            ("Huawei", "Organization"),
            ("Ascend", "Product"),
            ("China", "Place"),
        ],
        [
            Say(
                "Deepseek has allegedly acquired thousands of Nvidia chips, "
                "smuggling them into China to train its AI model.",
                None,
                "allegedly",
                "acquired thousands of Nvidia chips, smuggling them into China to train its AI model",
                claim="smuggle",
                kind="outlet",
                hedges=["allegedly"],
            ),
            Say(
                "Analysts said Huawei Ascend chips are slower than Nvidia chips.",
                "Analysts",
                "said",
                "Huawei Ascend chips are slower than Nvidia chips",
                claim="ascend",
                kind="anonymous",
            ),
        ],
        [("Huawei", "MAKES", "Ascend", "Analysts said Huawei Ascend chips are slower than Nvidia chips.")],
    ),
    Doc(
        "Microsoft sales boost",
        "BBC News",
        "2005-01-10",
        [("Microsoft", "Organization"), ("Windows", "Product")],
        [
            Say(
                "Microsoft said Windows sales rose ten percent this year.",
                "Microsoft",
                "said",
                "Windows sales rose ten percent this year",
                claim="windows",
            ),
        ],
        [("Microsoft", "MAKES", "Windows", "Microsoft said Windows sales rose ten percent this year.")],
    ),
]


def build(doc: Doc) -> Extraction:
    body = " ".join(s.sentence for s in doc.says)
    text = f"{doc.title}\n\n{body} {doc.filler}".strip()
    art = ArticleRecord(id=article_id(text), text=text, title=doc.title, published=doc.published, outlet=doc.outlet)
    ents: dict[str, EntityRecord] = {}
    for name, type_ in doc.entities:
        rec = entity(name, type_, text)
        ents[rec.id] = rec

    def ent_of(name: str) -> str | None:
        for rec in ents.values():
            if rec.name == name:
                return rec.id
        return None

    claims: dict[str, ClaimRecord] = {}
    atts: list[AttributionRecord] = []
    for say in doc.says:
        s0 = text.index(say.sentence)
        sent = Span(s0, s0 + len(say.sentence), say.sentence)
        cue = span(text, say.cue, s0)
        content = span(text, say.content, s0)
        source = None
        if say.source:
            sp = span(text, say.source, s0)
            source = SourceSpan(sp.start, sp.end, sp.text, ent_of(say.source))
        cid = None
        if say.claim:
            ctext, cents = CLAIMS[say.claim]
            cid = "claim:" + say.claim
            ids = [e for e in (ent_of(n) or entity_id(n) for n in cents) if e in ents]
            claims.setdefault(cid, ClaimRecord(id=cid, text=ctext, subject=ids[0] if ids else None, entities=ids))
        atts.append(
            AttributionRecord(
                id="st:" + short_hash(art.id, str(s0), say.cue),
                cue=cue,
                content=content,
                sentence=sent,
                source=source,
                stance=say.stance,
                hedges=list(say.hedges),
                cites=[outlet_id(c) for c in say.cites],
                claim=cid,
                source_kind=say.kind,
            )
        )
    rels = []
    for subj, pred, obj, sentence in doc.relations:
        s0 = text.index(sentence)
        rels.append(
            RelationRecord(
                subject=ent_of(subj) or "",
                predicate=pred,
                object=ent_of(obj) or "",
                evidence=Span(s0, s0 + len(sentence), sentence),
                verb=pred.lower(),
            )
        )
    return Extraction(
        article=art, entities=list(ents.values()), attributions=atts, claims=list(claims.values()), relations=rels
    )


def write_story(store) -> list[Extraction]:
    """Write the story graph; articles in date order so ingestion order agrees with dates."""
    extractions = [build(d) for d in DOCS]
    write_extractions(store, extractions)
    return extractions


@pytest.fixture(scope="module", name="story")
def story_graph(server_dir) -> Iterator[FalkorStore]:
    """The story graph in a graph of its own, written once per test module."""
    s = FalkorStore(server_dir, f"story_{uuid.uuid4().hex[:10]}")
    s.ensure_schema()
    write_story(s)
    yield s
    s.delete_graph()
    s.close()
