"""Stream chunks of triples as N-Triples, Turtle or JSON-LD without building one big document.

Each chunk becomes a small rdflib ``Graph`` that is serialised and written at once, so memory
holds one chunk (one page of nodes, see ``reader.PAGE_SIZE``) whatever the size of the graph.
Turtle gets its prefixes once at the top; JSON-LD is one ``{"@context", "@graph": [...]}``
document whose ``@graph`` items are written chunk by chunk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from rdflib import Graph

from kg.export.mapping import PREFIXES, Chunk, Skipped, chunk_triples

FORMATS = ("nt", "ttl", "jsonld")
JSONLD_CONTEXT: dict[str, str] = dict(PREFIXES)
_PREFIX_LINE = re.compile(r"^(?:@prefix\s+(\S*):\s*<([^>]*)>\s*\.|PREFIX\s+(\S*):\s*<([^>]*)>)\s*$")


@dataclass
class ExportReport:
    triples: int = 0
    chunks: int = 0
    skipped: Skipped = field(default_factory=Skipped)


def chunk_graph(chunk: Chunk, skipped: Skipped) -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    for triple in chunk_triples(chunk, skipped):
        g.add(triple)
    return g


def _turtle_body(g: Graph) -> str:
    """A chunk's Turtle without the prefix lines already written in the header."""
    lines = g.serialize(format="turtle").splitlines()
    body: list[str] = []
    for line in lines:
        m = _PREFIX_LINE.match(line)
        if m and PREFIXES.get(m.group(1) or m.group(3) or "") == (m.group(2) or m.group(4)):
            continue
        body.append(line)
    return "\n".join(body).strip("\n")


def _jsonld_items(g: Graph) -> list[dict]:
    doc = json.loads(g.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True))
    if isinstance(doc, list):
        return doc
    if "@graph" in doc:
        return list(doc["@graph"])
    doc.pop("@context", None)
    return [doc] if doc else []


def write_rdf(chunks: Iterable[Chunk], out: TextIO, fmt: str) -> ExportReport:
    """Write every chunk to ``out`` in ``fmt`` as it arrives; return the triple count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    report = ExportReport()
    first = True
    if fmt == "ttl":
        out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()))
    elif fmt == "jsonld":
        out.write('{\n"@context": ' + json.dumps(JSONLD_CONTEXT, indent=1) + ',\n"@graph": [\n')
    for chunk in chunks:
        g = chunk_graph(chunk, report.skipped)
        if not len(g):
            continue
        report.triples += len(g)
        report.chunks += 1
        if fmt == "nt":
            out.write("".join(sorted(g.serialize(format="nt").splitlines(keepends=True))))  # one triple a line
        elif fmt == "ttl":
            out.write("\n" + _turtle_body(g) + "\n")
        else:
            for item in _jsonld_items(g):
                out.write(("" if first else ",\n") + json.dumps(item, ensure_ascii=False))
                first = False
    if fmt == "jsonld":
        out.write("\n]\n}\n")
    return report


def load_graph_from_chunks(chunks: Iterable[Chunk]) -> tuple[Graph, ExportReport]:
    """The export as an in-memory graph (for validation, which needs it all at once)."""
    report = ExportReport()
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for chunk in chunks:
        report.chunks += 1
        for triple in chunk_triples(chunk, report.skipped):
            g.add(triple)
    report.triples = len(g)
    return g, report
