"""The answer a question gets: plain dataclasses whose ``to_json`` is the ``kg ask --json`` contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleRef:
    """The article a piece of evidence comes from; ``outlet`` falls back to the title when unknown."""

    id: str
    uri: str = ""
    title: str = ""
    outlet: str = ""
    published: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "uri": self.uri, "title": self.title, "outlet": self.outlet, "published": self.published}


@dataclass
class Evidence:
    """One supporting sentence with its character offsets in the article text."""

    article: ArticleRef
    sentence: str
    start: int = -1
    end: int = -1
    stance: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article.to_json(),
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "stance": self.stance,
        }


@dataclass
class Item:
    """One ranked answer item: the entity, outlet or claim the question asks for."""

    name: str
    kind: str
    score: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "score": round(float(self.score), 4),
            "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass
class Answer:
    """A question's full answer: intent, linked entities, the Cypher run, its parameters and items."""

    question: str
    intent: str
    entities: list[dict[str, Any]] = field(default_factory=list)  # {"name", "kind", "id"}
    cypher: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    answer: str = ""
    items: list[Item] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "intent": self.intent,
            "entities": [dict(e) for e in self.entities],
            "cypher": self.cypher,
            "params": dict(self.params),
            "answer": self.answer,
            "items": [i.to_json() for i in self.items],
        }
