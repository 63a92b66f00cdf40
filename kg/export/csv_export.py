"""The graph as CSV files in ``neo4j-admin database import`` format, streamed from export pages.

One node file per primary label (``nodes_<Label>.csv``: ``id:ID(<Label>)``, ``:LABEL``, typed
properties) and one relationship file per (type, start label, end label)
(``rels_<TYPE>_<Start>_<End>.csv``: ``:START_ID(<Start>)``, ``:END_ID(<End>)``, ``:TYPE``, typed
properties). Ids live in one id space per primary label, as the store's unique constraints do.

A header must name every property column before the first row, and a label's keys are only known
once its last node is read: rows are spooled as JSON lines to temporary files (one per output
file) and written out under the final header at the end, so memory stays one export page.
Lists use ``ARRAY_DELIMITER`` (U+001F, a control character text never holds); a missing value is
an empty field, which neo4j-admin reads as no property. Fields are quoted RFC 4180-style (a quote
doubled); text with line breaks needs ``--multiline-fields=true``.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.export.mapping import Chunk

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_ARG = "U+001F"  # how neo4j-admin's --array-delimiter spells it
_SCALAR_TYPES: tuple[tuple[type, str], ...] = ((bool, "boolean"), (int, "long"), (float, "double"), (str, "string"))


def value_type(value: Any) -> str:
    """neo4j-admin's type for one value (``string[]`` for a list of strings)."""
    if isinstance(value, list):
        inner = {value_type(v) for v in value} or {"string"}
        return f"{inner.pop()}[]" if len(inner) == 1 else "string[]"
    for py, name in _SCALAR_TYPES:
        if isinstance(value, py):
            return name
    return "string"


def _merge_type(old: str | None, new: str) -> str:
    """One column type for every value of a key (long and double give double; else string)."""
    if old is None or old == new:
        return new
    if {old, new} == {"long", "double"}:
        return "double"
    if {old, new} == {"long[]", "double[]"}:
        return "double[]"
    return "string[]" if old.endswith("[]") and new.endswith("[]") else "string"


def format_value(value: Any, column_type: str) -> str:
    """The field text for a value under its column's type."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(format_value(v, column_type.removesuffix("[]")) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if column_type == "string" and not isinstance(value, str):
        return json.dumps(value)
    text = str(value)
    if ARRAY_DELIMITER in text:
        raise ValueError(f"a value holds the array delimiter U+001F: {text[:60]!r}")
    return text


@dataclass
class _Spool:
    """One output file being collected: fixed leading columns, the property columns seen so far."""

    fixed: list[str]
    fh: IO[str]
    types: dict[str, str] = field(default_factory=dict)
    rows: int = 0

    def add(self, fixed: list[str], props: dict[str, Any]) -> None:
        kept = {k: v for k, v in props.items() if v is not None}
        for key, value in kept.items():
            self.types[key] = _merge_type(self.types.get(key), value_type(value))
        self.fh.write(json.dumps([fixed, kept]) + "\n")
        self.rows += 1


@dataclass
class CsvReport:
    files: dict[str, int] = field(default_factory=dict)  # file name -> data rows
    nodes: dict[str, str] = field(default_factory=dict)  # file name -> primary label
    relationships: dict[str, str] = field(default_factory=dict)  # file name -> relationship type


class Neo4jCsvWriter:
    """Collect chunks into spools, then write every CSV under its final header."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.spools: dict[str, _Spool] = {}
        self.report = CsvReport()
        self._tmp = tempfile.TemporaryDirectory(prefix=".kg-csv-", dir=out_dir)

    def _spool(self, name: str, fixed: list[str]) -> _Spool:
        if name not in self.spools:
            fh = open(os.path.join(self._tmp.name, name + ".jsonl"), "w+", encoding="utf-8")  # noqa: SIM115
            self.spools[name] = _Spool(fixed, fh)
        return self.spools[name]

    def add(self, chunk: Chunk) -> None:
        for node in chunk.nodes:
            name = f"nodes_{node.label}.csv"
            self.report.nodes[name] = node.label
            props = {k: v for k, v in node.props.items() if k != "id"}
            labels = ARRAY_DELIMITER.join(sorted(set(node.labels) | {node.label}))
            self._spool(name, [f"id:ID({node.label})", ":LABEL"]).add([node.id, labels], props)
        for edge in chunk.edges:
            name = f"rels_{edge.type}_{edge.src_label}_{edge.dst_label}.csv"
            self.report.relationships[name] = edge.type
            fixed = [f":START_ID({edge.src_label})", f":END_ID({edge.dst_label})", ":TYPE"]
            self._spool(name, fixed).add([edge.src, edge.dst, edge.type], edge.props)

    def finish(self) -> CsvReport:
        """Write each CSV under a temporary name and rename it when complete."""
        try:
            for name, spool in sorted(self.spools.items()):
                self._write(name, spool)
        finally:
            self.close()
        return self.report

    def _write(self, name: str, spool: _Spool) -> None:
        keys = sorted(spool.types)
        header = spool.fixed + [f"{k}:{spool.types[k]}" for k in keys]
        target = self.out_dir / name
        tmp = target.with_name(f".{name}.tmp")
        spool.fh.seek(0)
        with tmp.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            for line in spool.fh:
                fixed, props = json.loads(line)
                writer.writerow(fixed + [format_value(props.get(k), spool.types[k]) for k in keys])
        os.replace(tmp, target)
        self.report.files[name] = spool.rows

    def close(self) -> None:
        for spool in self.spools.values():
            spool.fh.close()
        self._tmp.cleanup()


def write_neo4j_csv(chunks: Iterable[Chunk], out_dir: Path) -> CsvReport:
    """Write the chunks' nodes and relationships as neo4j-admin CSV files in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = Neo4jCsvWriter(out_dir)
    try:
        for chunk in chunks:
            writer.add(chunk)
    except BaseException:
        writer.close()
        raise
    return writer.finish()


def import_command(out_dir: Path, report: CsvReport, database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command line for the written files."""
    args = [f"--nodes={out_dir / n}" for n in sorted(report.nodes)]
    args += [f"--relationships={out_dir / n}" for n in sorted(report.relationships)]
    opts = f"--array-delimiter={ARRAY_DELIMITER_ARG} --multiline-fields=true --overwrite-destination=true"
    return f"neo4j-admin database import full {opts} " + " ".join(args) + f" {database}"
