"""SHACL validation of an export with pyshacl against ``ontology/shapes.ttl``.

pyshacl needs the whole data graph in memory, so validation (unlike export) is bounded by the
size of the graph; validate a ``--claim`` export or a file when the store is very large.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kg.export.rdf import parse_rdf
from ontology import SHAPES_PATH


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str
    path: str
    message: str
    value: str
    severity: str  # Violation | Warning | Info
    shape: str


@dataclass
class ValidationReport:
    conforms: bool  # no result of severity Violation (warnings are reported but pass)
    results: list[Violation]

    @property
    def violations(self) -> list[Violation]:
        return [r for r in self.results if r.severity == "Violation"]


@cache
def shapes_graph() -> Graph:
    g = Graph()
    g.parse(SHAPES_PATH, format="turtle")
    return g


def parse_file(path: Path) -> Graph:
    return parse_rdf(str(path))


def _short(term: object) -> str:
    return "" if term is None else str(term)


def validate_graph(data: Graph) -> ValidationReport:
    _, results_graph, _ = validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True, abort_on_first=False
    )
    out: list[Violation] = []
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        severity = results_graph.value(result, SH.resultSeverity)
        path = results_graph.value(result, SH.resultPath)
        out.append(
            Violation(
                focus=_short(results_graph.value(result, SH.focusNode)),
                path=_short(path) if isinstance(path, URIRef) else ("(path)" if path is not None else ""),
                message=str(results_graph.value(result, SH.resultMessage) or ""),
                value=_short(results_graph.value(result, SH.value)),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                shape=_short(results_graph.value(result, SH.sourceShape)),
            )
        )
    out.sort(key=lambda v: (v.severity != "Violation", v.focus, v.path, v.message))
    return ValidationReport(conforms=not any(v.severity == "Violation" for v in out), results=out)
