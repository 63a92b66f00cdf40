"""What the graph needs indexed; the dialect module turns this into each backend's DDL."""

from __future__ import annotations

from dataclasses import dataclass

from ontology import L, P


@dataclass(frozen=True)
class IndexSpec:
    label: str
    prop: str
    kind: str  # unique | range | fulltext

    @property
    def name(self) -> str:
        return f"cg_{self.label.lower()}_{self.prop}_{self.kind}"


SCHEMA: tuple[IndexSpec, ...] = (
    IndexSpec(L.Article, P.id, "unique"),
    IndexSpec(L.Outlet, P.id, "unique"),
    IndexSpec(L.Entity, P.id, "unique"),
    IndexSpec(L.Claim, P.id, "unique"),
    IndexSpec(L.Statement, P.id, "unique"),
    IndexSpec(L.Source, P.id, "unique"),
    IndexSpec(L.Entity, P.norm, "range"),
    IndexSpec(L.Outlet, P.norm, "range"),
    IndexSpec(L.Article, P.seq, "range"),
    IndexSpec(L.Statement, P.stance, "range"),
    # drift's flags: "which claims hardened / softened / have no named source" start from them (#17)
    IndexSpec(L.Claim, P.hardened, "range"),
    IndexSpec(L.Claim, P.softened, "range"),
    IndexSpec(L.Claim, P.unsourced, "range"),
    # how often a disputed claim was asserted or disputed (the writer's): "which claims are contested" (#17)
    IndexSpec(L.Claim, P.argued, "range"),
    IndexSpec(L.Claim, P.text, "fulltext"),
    IndexSpec(L.Statement, P.sentence, "fulltext"),
    IndexSpec(L.Entity, P.name, "fulltext"),
)


def fulltext_spec(label: str) -> IndexSpec:
    for spec in SCHEMA:
        if spec.kind == "fulltext" and spec.label == label:
            return spec
    raise KeyError(f"no full-text index on {label}")
