"""Link the names a question uses to graph entities and outlets (exact keys first, then rapidfuzz).

The name table (every entity, outlet and unnamed-source name and alias, by match key) is read once
per store and graph and re-read when the number of entities or outlets changes.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rapidfuzz import fuzz, process
from spacy.tokens import Doc

from extraction.records import norm_name
from kg.query import catalogue
from kg.query.fuzzy_keys import FuzzyKeys
from kg.query.words import AGENT_NOUNS, STATEMENT_NOUNS
from kg.store.base import GraphStore

_MAX_NGRAM = 6
_FUZZY_CUTOFF = 86.0


@dataclass
class Node:
    """One linkable graph node (an entity or an outlet)."""

    id: str
    name: str
    kind: str  # entity type label, or "Outlet"
    keys: list[str] = field(default_factory=list)  # every match key (normalised name and aliases)


@dataclass
class Mention:
    """A question span linked to one or more graph nodes that share a name."""

    start: int  # token index in the question Doc
    end: int  # exclusive
    text: str
    nodes: list[Node]
    score: float = 100.0

    @property
    def ids(self) -> list[str]:
        return [n.id for n in self.nodes]

    @property
    def name(self) -> str:
        return self.nodes[0].name

    @property
    def kind(self) -> str:
        return self.nodes[0].kind

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "kind": self.kind, "id": self.nodes[0].id}


HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "chancellor",
        "minister",
        "senator",
        "judge",
    ]
)


def name_keys(name: str) -> tuple[list[str], list[str]]:
    """Strong keys (the normalised name, without an honorific) and weak keys (a person's surname)."""
    key = norm_name(name)
    strong = [key] if key else []
    words = key.split()
    if len(words) > 1 and words[0] in HONORIFICS:
        strong.append(" ".join(words[1:]))
        words = words[1:]
    weak = [words[-1]] if len(words) > 1 and len(words[-1]) > 2 else []
    return strong, weak


@dataclass
class NameTable:
    by_key: dict[str, list[Node]] = field(default_factory=dict)
    weak: dict[str, list[Node]] = field(default_factory=dict)  # surnames, unnamed sources: used when nothing else fits
    keys: list[str] = field(default_factory=list)
    squashed: dict[str, str] = field(default_factory=dict)  # key without spaces -> key
    source_keys: list[str] = field(default_factory=list)  # weak keys of unnamed sources
    version: tuple[int, int] = (0, 0)

    def add(self, key: str, node: Node, weak: bool = False) -> None:
        if not key:
            return
        nodes = (self.weak if weak else self.by_key).setdefault(key, [])
        if all(n.id != node.id for n in nodes):
            nodes.append(node)
        if key not in node.keys:
            node.keys.append(key)
        if not weak:
            self.squashed.setdefault(key.replace(" ", ""), key)

    def finish(self) -> None:
        """The lookups built once every name is added: keys in table order, and unnamed sources."""
        self.keys = list(self.by_key)
        self.source_keys = [k for k, nodes in self.weak.items() if any(n.kind == "Source" for n in nodes)]

    @cached_property
    def fuzzy(self) -> FuzzyKeys:
        """Built on the first close-spelling look-up: most questions name what the graph knows exactly."""
        return FuzzyKeys(self.keys)


_TABLES: dict[str, NameTable] = {}
_LOCK = threading.Lock()


def store_key(store: GraphStore) -> str:
    """What the per-store caches of the query layer are keyed by."""
    describe = getattr(store, "describe", None)
    return describe() if callable(describe) else str(id(store))


def cached_version(store: GraphStore) -> tuple[int, int] | None:
    """The graph version the store's name table was last read at (no query), None before the first."""
    table = _TABLES.get(store_key(store))
    return table.version if table is not None else None


def _version(store: GraphStore) -> tuple[int, int]:
    counts = []
    for template in (catalogue.ENTITY_COUNT, catalogue.OUTLET_COUNT):
        rows = store.query(template)
        counts.append(int(rows[0].get("n") or 0) if rows else 0)
    return (counts[0], counts[1])


def name_table(store: GraphStore) -> NameTable:
    """The store's name table, reloaded when entities or outlets were added since the last load."""
    key = store_key(store)
    with _LOCK:
        table = _TABLES.get(key)
        version = _version(store)  # one cheap count: a graph that grew is re-read at once
        if table is not None and table.version == version:
            return table
        table = NameTable(version=version)
        for row in store.query(catalogue.ENTITY_NAMES):
            node = Node(str(row["id"]), str(row.get("name") or row["id"]), str(row.get("type") or "Entity"))
            for alias in [row.get("name"), *(row.get("aliases") or [])]:
                if alias:
                    strong, weak = name_keys(str(alias))
                    for k in strong:
                        table.add(k, node)
                    if node.kind == "Person":
                        for k in weak:
                            table.add(k, node, weak=True)
            table.add(str(row.get("norm") or ""), node)
        for row in store.query(catalogue.SOURCE_NAMES):
            node = Node(str(row["id"]), str(row.get("name") or row["id"]), "Source")
            for k in name_keys(str(row.get("name") or ""))[0]:
                table.add(k, node, weak=True)
        for row in store.query(catalogue.OUTLET_NAMES):
            node = Node(str(row["id"]), str(row.get("name") or row["id"]), "Outlet")
            for alias in [row.get("name"), *(row.get("aliases") or [])]:
                if alias:
                    table.add(norm_name(str(alias)), node)
        table.finish()
        _TABLES[key] = table
        return table


_WORDY = re.compile(r"\w", re.UNICODE)


def _candidate_ok(span_tokens: list[Any]) -> bool:
    """A span worth looking up: has a word character, does not start or end with a function word."""
    first, last = span_tokens[0], span_tokens[-1]
    if not _WORDY.search("".join(t.text for t in span_tokens)):
        return False
    if first.is_punct or last.is_punct:
        return False
    if len(span_tokens) > 1 and (last.is_stop or first.pos_ in ("ADP", "AUX", "PRON", "CCONJ", "PART")):
        return False
    if len(span_tokens) == 1:
        t = first
        # a lone function word ("us", "it", "who") only links when written like a name ("US")
        if (t.is_stop or t.pos_ in ("PRON", "AUX", "ADP", "DET", "CCONJ", "PART")) and not (
            t.text.isupper() and len(t.text) > 1
        ):
            return False
        if len(t.text) < 2:
            return False
    return True


def _is_namey(tokens: list[Any]) -> bool:
    return any(t.pos_ == "PROPN" or t.ent_type_ or (t.text[:1].isupper() and t.i > 0) for t in tokens)


def _weak_nodes(toks: list[Any], key: str, nodes: list[Node] | None, table: NameTable) -> list[Node]:
    """Surnames and unnamed sources join a strong match, or stand alone."""
    namey = _is_namey(toks) or sum(1 for t in toks if not t.is_stop) >= 2
    # "the company's denial" is a possessive phrase, not the name of an unnamed source
    possessive = any(t.tag_ == "POS" for t in toks) and toks[-1].lemma_.lower() in STATEMENT_NOUNS
    # a surname alone links when written as a name, not as a common noun ("which oil firm")
    common = len(toks) == 1 and toks[0].pos_ == "NOUN" and not _is_namey(toks)
    extra = [w for w in table.weak[key] if (namey and not possessive) or (w.kind != "Source" and not common)]
    return list(nodes or []) + [w for w in extra if all(w.id != n.id for n in nodes or [])]


def _closest(key: str, table: NameTable) -> tuple[str, float] | None:
    """The closest spelling of any key (``fuzz.ratio`` at or above the cutoff; the first in table order on a tie)."""
    return table.fuzzy.closest(key, _FUZZY_CUTOFF)


def _lookup(span: Any, table: NameTable) -> tuple[list[Node] | None, float]:
    """The nodes a question span names: exact key, key without spaces, weak keys, else a close spelling."""
    toks = list(span)
    key = norm_name(span.text)
    nodes = table.by_key.get(key)
    if not nodes and key.replace(" ", "") in table.squashed:
        nodes = table.by_key[table.squashed[key.replace(" ", "")]]
    if key in table.weak:
        nodes = _weak_nodes(toks, key, nodes, table)
    # a close spelling only for a span that is all name ("Jane Roe", not "Jane Roe said")
    if not nodes and len(toks) <= 3 and len(key) >= 5 and all(_is_namey([t]) for t in toks) and table.keys:
        hit = _closest(key, table)
        if hit:
            return table.by_key[hit[0]], float(hit[1])
    if not nodes and len(toks) >= 2 and toks[-1].lemma_.lower() in AGENT_NOUNS and _is_namey(toks[:-1]):
        return _unnamed_source(key, table)
    return nodes, 100.0


def _unnamed_source(key: str, table: NameTable) -> tuple[list[Node] | None, float]:
    """'the Russian newspapers' for the unnamed source 'Russia's newspapers': a close spelling among
    unnamed sources only, for a span that ends in a kind of speaker."""
    hit = process.extractOne(key, table.source_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    if not hit:
        return None, 100.0
    return [n for n in table.weak[hit[0]] if n.kind == "Source"], float(hit[1])


def _inner_words(doc: Doc) -> dict[int, int]:
    """Each word of the question's multi-word names but their first, with that first word. Alone, an inner
    word names something else when the name is unknown: "Finance" and "Group" of an unknown "X Finance
    Group" are not the "Finance Ministry" or the "Group of Seven". It links only after a span ending in the
    name's first word linked (two names the parser ran together, "the Texaco Pennzoil"); a known name links
    whole, or by a longer part ("Deutsche Bank" of "Deutsche Bank Securities"), before single words."""
    inner: dict[int, int] = {}
    for ent in doc.ents:
        words = [t.i for t in ent if t.pos_ != "DET"]
        inner.update((i, words[0]) for i in words[1:])
    return inner


def link_mentions(doc: Doc, table: NameTable) -> list[Mention]:
    """Greedy longest-first linking of question spans to graph names; no overlapping mentions.

    In a question written with capitals, a lone lower-case word ("times", "budget") is a word, not a name.
    """
    cased = any(ch.isupper() for ch in doc.text[1:])
    taken: set[int] = set()
    mentions: list[Mention] = []
    n = len(doc)
    inner = _inner_words(doc)
    ends: set[int] = set()  # the last word of each linked span
    for size in range(min(_MAX_NGRAM, n), 0, -1):
        for i in range(0, n - size + 1):
            if any(j in taken for j in range(i, i + size)):
                continue
            toks = [doc[j] for j in range(i, i + size)]
            if not _candidate_ok(toks):
                continue
            if cased and size == 1 and toks[0].text.islower() and toks[0].pos_ != "PROPN":
                continue
            if size == 1 and i in inner and inner[i] not in ends:
                continue
            nodes, score = _lookup(doc[i : i + size], table)
            if nodes:
                mentions.append(Mention(i, i + size, doc[i : i + size].text, list(nodes), score))
                taken.update(range(i, i + size))
                ends.add(i + size - 1)
    mentions.sort(key=lambda m: m.start)
    return mentions


def rank_nodes(store: GraphStore, mentions: list[Mention]) -> None:
    """Put the most-mentioned node first where one name links several nodes (e.g. two types)."""
    ambiguous = [m for m in mentions if len(m.nodes) > 1]
    if not ambiguous:
        return
    ids = sorted({i for m in ambiguous for i in m.ids})
    counts = {r["id"]: int(r["articles"] or 0) for r in store.query(catalogue.MENTION_COUNTS, {"ids": ids})}
    for m in ambiguous:
        m.nodes.sort(key=lambda node: (node.kind != "Outlet", -counts.get(node.id, 0)))
