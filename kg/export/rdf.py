"""Stream chunks of triples as N-Triples, Turtle or JSON-LD without building one big document.

Each chunk (one page of nodes with their relationships, see ``reader.PAGE_SIZE``) is turned
into a set of triples, formatted and written at once, so memory holds one chunk whatever the
size of the graph. Turtle gets its prefixes once at the top; JSON-LD is one
``{"@context", "@graph": [...]}`` document whose ``@graph`` node objects are written chunk by
chunk (a subject never spans two chunks, so each node object is complete).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TextIO

import rdflib
from rdflib import RDF, XSD, Graph, Literal
from rdflib.term import Node as Term

from kg.export.mapping import PREFIXES, Chunk, Skipped, Triple, chunk_triples

FORMATS = ("nt", "ttl", "jsonld")
PARSERS = {"nt": "nt", "ttl": "turtle", "jsonld": "json-ld", "json": "json-ld"}
JSONLD_CONTEXT: dict[str, str] = dict(PREFIXES)
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_BARE = {XSD.integer: re.compile(r"^[+-]?\d+$"), XSD.boolean: re.compile(r"^(?:true|false)$")}
_NS_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@dataclass
class ExportReport:
    triples: int = 0
    chunks: int = 0
    skipped: Skipped = field(default_factory=Skipped)


# Small per-term writers: the chunk's triples are formatted straight to text (rdflib's
# serialisers go through an in-memory Graph and are 3-10x slower); every format is checked
# by parsing it back with rdflib in tests/export.


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'


@lru_cache(maxsize=4096)
def _compact(iri: str) -> str | None:
    for prefix, ns in _NS_BY_LENGTH:
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return None


def _nt_term(term: Term) -> str:
    if isinstance(term, Literal):
        lex = _quote(str(term))
        if term.language:
            return f"{lex}@{term.language}"
        return f"{lex}^^<{term.datatype}>" if term.datatype else lex
    return f"<{term}>"


def _ttl_term(term: Term) -> str:
    if isinstance(term, Literal):
        lex = _quote(str(term))
        if term.language:
            return f"{lex}@{term.language}"
        if term.datatype in _BARE and _BARE[term.datatype].match(str(term)):
            return str(term)  # Turtle's short forms: 42, true
        if term.datatype:
            return f"{lex}^^{_compact(str(term.datatype)) or f'<{term.datatype}>'}"
        return lex
    return _compact(str(term)) or f"<{term}>"


def _jsonld_value(term: Term) -> Any:
    if isinstance(term, Literal):
        if term.language:
            return {"@value": str(term), "@language": term.language}
        if term.datatype:
            return {"@value": str(term), "@type": _compact(str(term.datatype)) or str(term.datatype)}
        return str(term)
    return {"@id": str(term)}


def _by_subject(triples: set[Triple]) -> dict[Term, dict[Term, list[Term]]]:
    grouped: dict[Term, dict[Term, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):  # str order: fast, stable
        grouped[s][p].append(o)
    return grouped


def _turtle(triples: set[Triple]) -> str:
    blocks = []
    for s, preds in _by_subject(triples).items():
        parts = []
        for p in sorted(preds, key=lambda p: (p != RDF.type, str(p))):
            verb = "a" if p == RDF.type else _ttl_term(p)
            parts.append(f"{verb} " + ",\n        ".join(_ttl_term(o) for o in preds[p]))
        blocks.append(f"{_ttl_term(s)}\n    " + " ;\n    ".join(parts) + " .\n")
    return "\n".join(blocks)


def _jsonld_nodes(triples: set[Triple]) -> Iterator[dict[str, Any]]:
    for s, preds in _by_subject(triples).items():
        node: dict[str, Any] = {"@id": str(s)}
        for p, objs in preds.items():
            if p == RDF.type:
                node["@type"] = [_compact(str(o)) or str(o) for o in objs]
            else:
                node[_compact(str(p)) or str(p)] = [_jsonld_value(o) for o in objs]
        yield node


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
        triples = set(chunk_triples(chunk, report.skipped))  # chunks never share subjects: see mapping
        if not triples:
            continue
        report.triples += len(triples)
        report.chunks += 1
        if fmt == "nt":
            out.write("".join(sorted(f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)} .\n" for s, p, o in triples)))
        elif fmt == "ttl":
            out.write("\n" + _turtle(triples))
        else:
            for node in _jsonld_nodes(triples):
                out.write(("" if first else ",\n") + json.dumps(node, ensure_ascii=False))
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


@contextlib.contextmanager
def _lexical_literals() -> Iterator[None]:
    """rdflib rewrites some literals while parsing ("...Z" becomes "...+00:00"); keep them as written."""
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def parse_rdf(source: str | None = None, data: str | None = None, fmt: str | None = None) -> Graph:
    """Parse an export (file path or text; format by name or file suffix), literals as written."""
    if fmt is None and source is not None:
        fmt = source.rsplit(".", 1)[-1].lower()
    g = Graph()
    with _lexical_literals():
        g.parse(source=source, data=data, format=PARSERS.get(fmt or "", fmt))
    return g
