"""Plain typed records: what extraction produces and what the store writes.

No database code here: each record gives its own properties as a plain row (``to_row``), keyed as
the ontology names them; the writer only adds the links between records and batches the rows.
Offsets are Python character offsets into ``ArticleRecord.text``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Container
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, cast, get_args

# asserts: the source states it; denies: the source denies or rejects it; disputes: the article debunks
# it in its own voice (hoax, no evidence, ...); no_comment: the source declines to say.
Stance = Literal["asserts", "denies", "disputes", "no_comment"]
STANCES: tuple[str, ...] = get_args(Stance)
DISPUTING: tuple[str, ...] = ("denies", "disputes")


class _Compact:
    """Pickled as its constructor's arguments: the records cross from the extraction workers to
    the writer (and into the resolution state), and a slots dataclass's own ``__getstate__`` /
    ``__setstate__`` cost 2-3x this. Pickles written the old way still load."""

    __slots__ = ()
    __match_args__: tuple[str, ...] = ()  # a dataclass's fields, in order (set by @dataclass)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), tuple([getattr(self, name) for name in self.__match_args__])


def as_stance(value: str) -> Stance:
    """``value`` as a Stance; a value outside the four is a bug upstream, not data to store."""
    if value not in STANCES:
        raise ValueError(f"unknown stance {value!r} (expected one of {', '.join(STANCES)})")
    return cast(Stance, value)


@dataclass(frozen=True, slots=True)
class Span(_Compact):
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceSpan(_Compact):
    """Who made a statement. ``entity`` is the linked entity id (or None if unnamed).

    ``form`` says how the source was written (name, pronoun, description, unnamed); an unnamed
    source keeps its kind ("analysts", "media"); a speaker for an organisation keeps it and the role.
    """

    start: int
    end: int
    text: str
    entity: str | None = None
    form: str = ""
    unnamed_kind: str = ""
    speaks_for: str | None = None
    role: str = ""


@dataclass(slots=True)
class ArticleRecord(_Compact):
    id: str
    text: str
    title: str = ""
    uri: str = ""
    published: str = ""  # ISO-8601 date or datetime, '' when unknown
    outlet: str = ""  # display name of the publishing outlet, '' when unknown
    source_path: str = ""
    author: str = ""  # by-line, '' when unknown

    def to_row(self) -> dict[str, Any]:
        """The Article node's own properties (the writer adds its order, time and links)."""
        return {
            "id": self.id,
            "uri": self.uri,
            "title": self.title,
            "published": self.published,
            "text": self.text,
            "source_path": self.source_path,
            "outlet_name": self.outlet,
            "author": self.author,
        }


@dataclass(slots=True)
class EntityRecord(_Compact):
    """One canonical entity in an article, with every surface form seen."""

    id: str  # the normalised name, stable across articles and types: see entity_id()
    name: str
    type: str  # an ontology entity label: Person, Organization, Place, Product, Outlet, ...
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)

    def to_row(self) -> dict[str, Any]:
        """The node's properties; its aliases start with its name (rows of one id merge their aliases)."""
        return {
            "id": self.id,
            "name": self.name,
            "norm": norm_name(self.name),
            "type": self.type,
            "aliases": list(dict.fromkeys([self.name, *self.aliases])),
        }


@dataclass(slots=True)
class ClaimRecord(_Compact):
    id: str
    text: str
    subject: str | None = None  # entity id
    object: str | None = None  # entity id
    entities: list[str] = field(default_factory=list)  # every linked entity id in the content
    hedged: bool = False
    frames: list[str] = field(default_factory=list)  # "subject|verb|object" keys for cross-article matching

    def to_row(self, written: Container[str]) -> dict[str, Any]:
        """The Claim row, linked only to the entities in ``written`` (those the same batch writes)."""
        return {
            "id": self.id,
            "text": self.text,
            "hedged": self.hedged,
            "frames": list(self.frames),
            "entities": [e for e in self.entities if e in written],
            "subject": [self.subject] if self.subject in written else [],
            "object": [self.object] if self.object in written else [],
        }


@dataclass(slots=True)
class AttributionRecord(_Compact):
    """One Statement: source + cue + content in one sentence, with its stance."""

    id: str
    cue: Span
    content: Span
    sentence: Span
    source: SourceSpan | None = None
    stance: Stance = "asserts"
    hedges: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)  # outlet entity ids this statement relays
    claim: str | None = None  # ClaimRecord.id
    source_kind: str = "named"  # named | anonymous | outlet (the article's own outlet)
    content_parts: list[Span] = field(default_factory=list)  # content pieces when a cue interrupts it
    own_voice: bool = False  # the article's own words (its lead, a debunk), not an attribution to anyone
    antecedent: str = ""  # the earlier words a content's "the acquisition" points back to (event_anaphora)

    def to_row(self, article: str) -> dict[str, Any]:
        """The Statement node's own properties (the writer adds who said it and what it is about)."""
        src = self.source
        return {
            "id": self.id,
            "article": article,
            "cue": self.cue.text,
            "cue_start": self.cue.start,
            "cue_end": self.cue.end,
            "stance": self.stance,
            "hedges": list(self.hedges),
            "hedged": bool(self.hedges),
            "sentence": self.sentence.text,
            "start": self.sentence.start,
            "end": self.sentence.end,
            "content": self.content.text,
            "content_start": self.content.start,
            "content_end": self.content.end,
            "source_text": src.text if src else "",
            "source_start": src.start if src else -1,
            "source_end": src.end if src else -1,
            "kind": self.source_kind,
            "antecedent": self.antecedent or None,
        }


@dataclass(slots=True)
class RelationRecord(_Compact):
    subject: str  # entity id
    predicate: str  # an ontology entity-relation type, e.g. MAKES
    object: str  # entity id
    evidence: Span  # the sentence
    verb: str = ""  # the verb or noun that expresses it ("acquire", "assassin"), '' when none
    role: str = ""  # the subject's role when stated ("chief executive", "spokesman")
    subject_span: Span | None = None  # the mentions the relation links, inside the evidence sentence
    object_span: Span | None = None

    def to_row(self, article: str) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "object": self.object,
            "article": article,
            "start": self.evidence.start,
            "end": self.evidence.end,
            "sentence": self.evidence.text,
            "verb": self.verb,
            "role": self.role,
        }


@dataclass(slots=True)
class Extraction(_Compact):
    article: ArticleRecord
    entities: list[EntityRecord] = field(default_factory=list)
    attributions: list[AttributionRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``kg extract`` output contract (one object per document)."""
        return {
            "doc": self.article.id,
            "entities": [asdict(e) for e in self.entities],
            "attributions": [asdict(a) for a in self.attributions],
            "claims": [asdict(c) for c in self.claims],
            "relations": [asdict(r) for r in self.relations],
        }


_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Canonical form for hashing: NFC, unified quotes, collapsed whitespace."""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return _WS.sub(" ", t).strip()


def article_id(text: str) -> str:
    """Content hash: the same article ingested twice gets the same id."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:32]


def norm_name(name: str) -> str:
    """Match key for names: case-folded, possessive and leading article dropped, dots removed."""
    t = normalise_text(name)
    t = re.sub(r"(?:'s|')$", "", t)
    t = re.sub(r"^(?:the)\s+", "", t, flags=re.IGNORECASE)
    t = t.replace(".", "")
    return _WS.sub(" ", t).strip().casefold()


OUTLET_PREFIX = "outlet:"
DISAMBIGUATOR = "~"  # between a name and what tells two entities of that name apart ("jordan~person")


def entity_id(name: str) -> str:
    """An entity's id is its normalised name: re-typing the entity changes no reference to it."""
    return norm_name(name)


def disambiguated(eid: str, type_: str) -> str:
    """The id of a second entity of the same name, kept apart by its type ("jordan~person")."""
    return f"{entity_norm(eid)}{DISAMBIGUATOR}{type_.lower()}"


def entity_norm(eid: str) -> str:
    """The normalised name inside an entity or outlet id."""
    return eid.removeprefix(OUTLET_PREFIX).partition(DISAMBIGUATOR)[0]


def outlet_id(name: str) -> str:
    """Outlets are nodes of their own label; their ids live apart from entity ids."""
    return OUTLET_PREFIX + norm_name(name)


def short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
