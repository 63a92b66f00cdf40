"""Entity-to-entity relations with their evidence sentence, from dependency paths kept as data.

The paths in ``relation_patterns.RULES`` are compiled once per vocabulary into one spaCy
DependencyMatcher and run over the whole Doc. A match links two tokens; each must lie in an entity
mention of the article (or be a proper noun the small NER model missed, which then becomes an
entity of the type the rule needs, or "he"/"the company" naming one clear antecedent). The rule
types the relation by the two entity types: "Smith, a spokesman for Acme" is WORKS_FOR, "Dumas,
the mayor of Lyon" LIVES_IN. Two cheap extras cover products ("Acme's Foo 9" -> MAKES) and any
other subject-verb-object link between entities (typed by ``VERB_TYPES``, else RELATED_TO).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from spacy.parts_of_speech import IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from extraction.entities import OUTLET, EntityTable, clean_name, display_name, match_key
from extraction.path_matcher import Parse, PathMatcher
from extraction.records import EntityRecord, RelationRecord, Span, entity_id, outlet_id
from extraction.relation_datelines import find_datelines
from extraction.relation_datelines import span_at as _span_at
from extraction.relation_model import (
    DECIDED,
    MAX_MENTIONS,
    NONE,
    PAIR_LABELS,
    DocView,
    Mention,
    RelationModel,
    load_model,
    pair_features,
)
from extraction.relation_patterns import (
    CHIEF_OF,
    DEMONYM_STEM,
    INNER_PLACE_LINK,
    LEADER_ROLES,
    NOT_LEADER,
    PENDING_MARKERS,
    REGION_END,
    RULES,
    SUBJECT_LINKS,
    VERB_TYPES,
    WORDS,
)
from extraction.statements import resolve_anaphor

_ANAPHORS = {"he": "he", "she": "she", "him": "he", "her": "she", "it": "it"}
_ORG_NOUNS = frozenset(["company", "firm", "group", "agency", "bank", "carrier", "maker", "startup", "organization"])
_SKIP_VERBS = frozenset(["say", "tell", "report", "be", "have"])
_AGENT_TYPES = frozenset(["Organization", "Person", "Place", "Group"])


@dataclass(frozen=True, slots=True)
class CompiledPath:
    rule: int  # index into RULES: lower wins when two rules link the same pair
    nodes: tuple[str, ...]  # node names in the order the matcher returns their tokens
    s: int  # position of S and O in ``nodes``
    o: int


def _expand(path: str) -> list[str]:
    """Replace ``A SUBJ B`` by each way a verb gets its subject (SUBJECT_LINKS)."""
    edges = [e.strip() for e in path.split(";")]
    at = next((i for i, e in enumerate(edges) if " SUBJ " in e), None)
    if at is None:
        return [path]
    verb, subj = (x.strip() for x in edges[at].split(" SUBJ "))
    names = {"V": verb, "S": subj, "H": verb.split(":")[0] + "_h"}
    out = []
    for link in SUBJECT_LINKS:
        linked = []
        for edge in link.split(";"):
            left, op, right = edge.split()
            linked.append(f"{names.get(left, left)} {op} {names.get(right, right)}")
        out.append("; ".join([*edges[:at], *linked, *edges[at + 1 :]]))
    return out


_POS = frozenset(["PROPN", "NOUN", "VERB", "ADJ"])


def _attrs(constraint: str) -> dict:
    if constraint in _POS:
        return {"POS": constraint}
    words = WORDS.get(constraint) or tuple(constraint.split("|"))
    return {"LEMMA": {"IN": list(words)}} if len(words) > 1 else {"LEMMA": words[0]}


def _rank(attrs: dict) -> int:
    """How few tokens a node's attributes let through: the best-ranked node anchors the path."""
    return 3 if "LEMMA" in attrs else (2 if "POS" in attrs else (1 if "DEP" in attrs else 0))


def compile_path(path: str) -> tuple[list[dict], tuple[str, ...]]:
    """A path string (see relation_patterns) -> a DependencyMatcher pattern and its node names.

    The pattern is anchored on its most selective node (a word class rather than any token), so
    matching starts from few candidates.
    """
    edges = []
    attrs: dict[str, dict] = {}
    for raw in path.split(";"):
        left, op, right = raw.split()
        rel = op if op in {">>", "<<", "."} else op[0]
        dep = "" if op in {">>", "<<", "."} else op[1:]
        lname, _, lcons = left.partition(":")
        rname, _, rcons = right.partition(":")
        for name, cons in ((lname, lcons), (rname, rcons)):
            attrs.setdefault(name, {})
            if cons:
                attrs[name].update(_attrs(cons))
        if dep:
            deps = dep.split("|")
            attrs[rname if rel == ">" else lname]["DEP"] = {"IN": deps} if len(deps) > 1 else deps[0]
        edges.append((lname, rel, rname))
    for name in ("S", "O"):
        if name not in attrs:
            raise ValueError(f"relation path without {name}: {path}")
    root = max(attrs, key=lambda n: _rank(attrs[n]))
    pattern = [{"RIGHT_ID": root, "RIGHT_ATTRS": attrs[root]}]
    known = [root]
    todo = list(edges)
    while todo:
        edge = next((e for e in todo if (e[0] in known) != (e[2] in known)), None)
        if edge is None:
            raise ValueError(f"relation path is not a tree: {path}")
        lname, rel, rname = edge
        if lname in known:
            pattern.append({"LEFT_ID": lname, "REL_OP": rel, "RIGHT_ID": rname, "RIGHT_ATTRS": attrs[rname]})
            known.append(rname)
        else:
            pattern.append({"LEFT_ID": rname, "REL_OP": _FLIP[rel], "RIGHT_ID": lname, "RIGHT_ATTRS": attrs[lname]})
            known.append(lname)
        todo.remove(edge)
    return pattern, tuple(known)


_FLIP = {">": "<", "<": ">", ">>": "<<", "<<": ">>", ".": ";", ";": "."}


def compiled_paths() -> list[tuple[str, int, list[dict], tuple[str, ...]]]:
    """(key, rule index, DependencyMatcher pattern, node names) for every path of every rule."""
    out = []
    for r, rule in enumerate(RULES):
        for p, path in enumerate(rule["paths"]):
            for v, expanded in enumerate(_expand(path)):
                pattern, nodes = compile_path(expanded)
                out.append((f"{rule['name']}#{p}.{v}", r, pattern, nodes))
    return out


@lru_cache(maxsize=1)
def _matcher() -> tuple[PathMatcher, dict[str, CompiledPath]]:
    """Every rule's paths in one matcher (compiled once)."""
    matcher = PathMatcher()
    meta: dict[str, CompiledPath] = {}
    for key, rule_index, pattern, nodes in compiled_paths():
        matcher.add(key, pattern, _path_flags(RULES[rule_index]))
        meta[key] = CompiledPath(rule_index, nodes, nodes.index("S"), nodes.index("O"))
    return matcher, meta


@dataclass(slots=True)
class _End:
    """One end of a relation: entity id, its type and the mention's character span."""

    eid: str
    type: str
    start: int
    end: int
    text: str


def _name_tokens(tok: Token) -> list[Token]:
    """A proper noun with its flat name parts: 'John' 'Smith', 'Acme' 'Corp'."""
    while tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i == tok.i + 1:
        tok = tok.head
    left = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    toks = sorted([*left, tok], key=lambda t: t.i)
    return toks if all(b.i - a.i == 1 for a, b in pairwise(toks)) else [tok]


def _add_entity(table: EntityTable, text: str, start: int, end: int, etype: str, indexed: bool = True) -> _End:
    """A name the NER missed, found in a relation context: into the table, merged by match key.

    ``indexed`` False keeps the mention out of ``table.spans``: a place inside an organisation's
    name, whose tokens stay the organisation's.
    """
    name = text[start:end]
    key = match_key(name, etype)
    disp = display_name(Counter([clean_name(name)]), etype)
    rec = table.by_key.get(key)
    keyed = rec is None
    if rec is not None and etype == OUTLET and rec.type not in {OUTLET, "Organization"}:
        rec = table.by_id(outlet_id(disp))  # "BANGKOK, Thailand (AP)" with AP read as a place elsewhere
    if rec is None:
        rec = EntityRecord(id=(outlet_id if etype == OUTLET else entity_id)(disp), name=disp, type=etype)
        if keyed:
            table.by_key[key] = rec
        table.records.append(rec)
    alias = clean_name(name)
    if alias and alias not in rec.aliases:
        rec.aliases.append(alias)
    rec.mentions.append(Span(start, end, name))
    if indexed:
        insort(table.spans, (start, end, rec.id))
    return _End(rec.id, rec.type, start, end, name)


class _Resolver:
    """Token -> entity end; caches types, adds missed names, resolves clear anaphors."""

    def __init__(self, table: EntityTable, text: str) -> None:
        self.table = table
        self.text = text
        self.types = {r.id: r.type for r in table.records}

    def end(self, tok: Token, new: str = "") -> _End | None:
        """The entity at ``tok``; a missed proper noun becomes a ``new`` entity when the rule allows."""
        hit = _span_at(self.table, tok.idx, tok.idx + len(tok))
        if hit:
            s, e, eid = hit
            etype = self.types.get(eid) or self.table.type_of(eid)
            return None if etype == OUTLET else _End(eid, etype, s, e, self.text[s:e])
        if new and tok.pos_ == "PROPN" and tok.text[:1].isupper():
            toks = _name_tokens(tok)
            s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
            found = _add_entity(self.table, self.text, s, e, new)
            self.types[found.eid] = found.type
            return found
        word = _ANAPHORS.get(tok.lower_) or (tok.lemma_.lower() if tok.lemma_.lower() in _ORG_NOUNS else "")
        if not word or (word in _ORG_NOUNS and not any(c.lower_ == "the" for c in tok.lefts)):
            return None
        eid = resolve_anaphor(
            self.table, word, tok.idx, self.text, tok.sent.start_char if word in _ANAPHORS.values() else None
        )
        if eid is None:
            return None
        etype = self.types.get(eid) or self.table.type_of(eid)
        return _End(eid, etype, tok.idx, tok.idx + len(tok), tok.text)


def _role(tok: Token) -> str:
    """The role noun with its modifiers: 'chief executive', 'agricultural engineer'."""
    mods = [c for c in tok.lefts if c.dep_ in {"amod", "compound"} and c.ent_type_ == "" and c.pos_ != "PROPN"]
    toks = sorted([*mods, tok], key=lambda t: t.i)
    return " ".join(t.text for t in toks).lower()


def _pending(verb: Token) -> bool:
    """'would buy', 'agreed to buy', 'plans to buy': a bid, not a done deal."""
    if any(c.dep_ == "aux" and c.lower_ in PENDING_MARKERS for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in PENDING_MARKERS


def _leads(words: list[str]) -> bool:
    """'chairman', 'chief executive' lead; 'deputy chairman', 'chief economist' do not."""
    if NOT_LEADER.intersection(words):
        return False
    return (words[-1] in LEADER_ROLES and (words[-1] != "chief" or len(words) == 1)) or (
        words[0] == "chief" and words[-1] in CHIEF_OF
    )


def _in_list(tok: Token) -> bool:
    """'India, China, Brazil and Russia': a name in a list is no apposition of its neighbour."""
    return tok.dep_ == "conj" or any(c.dep_ in {"conj", "cc"} for c in tok.children)


def _predicate(pred: str, nodes: dict[str, Token]) -> str:
    role = nodes.get("T")
    if pred == "WORKS_FOR" and role is not None and _leads(_role(role).split()):
        return "LEADS"
    verb = nodes.get("V")
    if pred == "ACQUIRES" and verb is not None and verb.pos_ in {"VERB", "AUX"} and _pending(verb):
        return "BIDS_FOR"
    return pred


def _with_conjuncts(tok: Token) -> list[Token]:
    """'in Umbria and Lazio': a relation to one conjunct holds for the others."""
    return [tok, *(c for c in tok.children if c.dep_ == "conj")]


class _Collector:
    def __init__(self, text: str, parse: Parse) -> None:
        self.text = text
        self.parse = parse
        self.best: dict[tuple[str, str, int], tuple[int, RelationRecord]] = {}
        self.hits: dict[tuple[int, int], list[str]] = {}  # (subject start, object start) -> "rule:PRED"

    def add(self, rank: int, s: _End, pred: str, o: _End, anchor: Token, verb: str = "", role: str = "") -> None:
        if s.eid == o.eid:
            return
        name = RULES[rank]["name"] if rank < len(RULES) else "verb"
        self.hits.setdefault((s.start, o.start), []).append(f"{name}:{pred}")
        sent_start, sent_end = self.parse.sentence(anchor.i)
        key = (s.eid, o.eid, sent_start)
        old = self.best.get(key)
        if old is not None and old[0] <= rank:
            return
        self.best[key] = (
            rank,
            RelationRecord(
                subject=s.eid,
                predicate=pred,
                object=o.eid,
                evidence=Span(sent_start, sent_end, self.text[sent_start:sent_end]),
                verb=verb,
                role=role,
                subject_span=Span(s.start, s.end, s.text),
                object_span=Span(o.start, o.end, o.text),
            ),
        )

    def records(self) -> list[RelationRecord]:
        return [rec for _rank, rec in sorted(self.best.values(), key=lambda x: (x[1].evidence.start, x[0]))]


_CONJ_LIST = frozenset(get_string_id(d) for d in ("conj", "cc"))
_CONJ = get_string_id("conj")
_PROPN = IDS["PROPN"]
_ANAPHOR_IDS = frozenset(get_string_id(w) for w in _ANAPHORS)
_NAMED, _LISTED = 1, 2  # token flags for the matcher (``_token_flags``)
_LEMMAS_SEEN: set[int] = set()  # lemma hashes already looked at by _org_lemmas
_ORG_LEMMAS: set[int] = set()  # those whose lower case is an organisation noun


def _org_lemmas(doc: Doc, lemmas: list[int]) -> set[int]:
    """The lemma hashes among ``lemmas`` whose lower case is an organisation noun ('the company')."""
    present = set(lemmas)
    for lemma in present.difference(_LEMMAS_SEEN):
        _LEMMAS_SEEN.add(lemma)
        if doc.vocab.strings[lemma].lower() in _ORG_NOUNS:
            _ORG_LEMMAS.add(lemma)
    return present & _ORG_LEMMAS


def _may_name(doc: Doc, parse: Parse, spans: list[tuple[int, int, str]]) -> list[bool]:
    """Per token: could ``_Resolver.end`` find an entity there (a mention, a proper noun, 'he',
    'the company')? A superset, read from the parse's integer columns."""
    lemmas, pos = parse.columns[0], parse.columns[1]
    orgs = _org_lemmas(doc, lemmas)
    maybe = [p == _PROPN or w in _ANAPHOR_IDS or m in orgs for m, p, w in zip(lemmas, pos, parse.lower, strict=True)]
    idx, length = parse.idx, parse.length
    for start, end, _eid in spans:
        k = max(bisect_right(idx, start) - 1, 0)
        while k < parse.n and idx[k] < end:
            maybe[k] = maybe[k] or idx[k] + length[k] > start
            k += 1
    return maybe


def _token_flags(doc: Doc, parse: Parse, spans: list[tuple[int, int, str]]) -> list[int]:
    """Per token, NAMED if it or a conjunct (``_with_conjuncts``) may name an entity, plus LISTED
    if it is in a list (``_in_list``): the matcher drops the matches ``_pattern_relations`` would
    find nothing in, before any Token object is made."""
    maybe = _may_name(doc, parse, spans)
    named = list(maybe)
    listed = [False] * parse.n
    heads = parse.heads
    for j, dep in enumerate(parse.columns[2]):
        if dep in _CONJ_LIST:
            h = heads[j]
            if h != j:
                listed[h] = True
                named[h] = named[h] or (dep == _CONJ and maybe[j])
            listed[j] = listed[j] or dep == _CONJ
    return [_NAMED * n + _LISTED * x for n, x in zip(named, listed, strict=True)]


def _path_flags(rule: dict) -> dict[str, frozenset[int]]:
    """Which token flags a rule's S and O allow: a subject that may name an entity; an object too
    unless the subject may be a new name (added to the table even when no object is found); in a
    weak rule neither in a list."""
    weak = bool(rule.get("weak"))
    out = {"S": frozenset([_NAMED] if weak else [_NAMED, _NAMED | _LISTED])}
    if "S" not in rule.get("new", {}):
        out["O"] = out["S"]
    elif weak:
        out["O"] = frozenset([0, _NAMED])
    return out


def _pattern_relations(doc: Doc, resolver: _Resolver, out: _Collector) -> None:
    matcher, meta = _matcher()
    parse = out.parse
    flags = _token_flags(doc, parse, resolver.table.spans)
    for match_id, token_ids in matcher.match(parse, flags):
        path = meta[match_id]
        rule = RULES[path.rule]
        nodes = {name: doc[i] for name, i in zip(path.nodes, token_ids, strict=True)}
        for stok in _with_conjuncts(nodes["S"]):
            s = resolver.end(stok, rule.get("new", {}).get("S", ""))
            if s is None:
                continue
            for otok in _with_conjuncts(nodes["O"]):
                o = resolver.end(otok, rule.get("new", {}).get("O", ""))
                pred = rule["types"].get(f"{s.type} {o.type}") if o else None
                if o is None or pred is None:
                    continue
                if o.type == "Place":  # "born in Milan, Ohio": in Ohio too
                    for inner in (c for c in otok.children if c.dep_ == "appos"):
                        wider = resolver.end(inner)
                        if wider is not None and wider.type == "Place":
                            out.add(path.rule, s, pred, wider, nodes["O"])
                pred = _predicate(pred, nodes)
                verb = nodes["V"].lemma_.lower() if "V" in nodes else ""
                role = _role(nodes["T"]) if "T" in nodes else ""
                out.add(path.rule, s, pred, o, nodes["O"], verb, role)


def _product_relations(doc: Doc, table: EntityTable, resolver: _Resolver, out: _Collector) -> None:
    """'Acme's Foo 9' and 'Acme Foo 9': the organisation MAKES the product."""
    rank = len(RULES)
    for rec in table.records:
        if rec.type != "Organization":
            continue
        for m in rec.mentions:
            span = out.parse.char_span(doc, m.start, m.end)
            if span is None:
                continue
            root = span.root
            targets = []
            if span.end < len(doc) and doc[span.end].tag_ == "POS":
                targets = list(doc[span.end + 1 : max(root.head.i + 1, span.end + 1)])
            elif root.dep_ == "compound":
                targets = [root.head]
            for t in targets:
                o = resolver.end(t) if _span_at(table, t.idx, t.idx + len(t)) else None
                if o is not None and o.type == "Product":
                    s = _End(rec.id, rec.type, m.start, m.end, m.text)
                    out.add(rank, s, "MAKES", o, root, "'s" if targets[0] is not root.head else "")
                    break


def _svo_relations(doc: Doc, table: EntityTable, resolver: _Resolver, out: _Collector) -> None:
    """Any other 'entity verb entity' link, typed by the verb (RELATED_TO keeps it)."""
    rank = len(RULES) + 1
    for s_, e_, _eid in list(table.spans):
        tok = out.parse.char_span(doc, s_, e_)
        root = tok.root if tok is not None else None
        if root is None or root.dep_ != "nsubj" or root.head.pos_ not in {"VERB", "AUX"}:
            continue
        s = resolver.end(root)
        verb = root.head
        lemma = verb.lemma_.lower()
        if s is None or s.type not in _AGENT_TYPES or lemma in _SKIP_VERBS:
            continue
        pred = VERB_TYPES.get(lemma, "RELATED_TO")
        if pred == "RELATED_TO" and s.type not in {"Organization", "Person"}:
            continue
        for c in verb.children:
            objs = [c] if c.dep_ in {"dobj", "attr"} else [g for g in c.children if g.dep_ == "pobj"]
            for t in objs if c.dep_ in {"dobj", "attr", "prep"} else []:
                o = resolver.end(t) if _span_at(table, t.idx, t.idx + len(t)) else None
                if o is not None and not (lemma == "invest" and c.lower_ != "in"):
                    out.add(rank, s, pred, o, verb, verb.lemma_)


def _places_by_key(table: EntityTable) -> dict[str, EntityRecord]:
    return {match_key(a, "Place"): r for r in table.records if r.type == "Place" for a in [r.name, *r.aliases]}


def _inner_place(span: SpacySpan, places: dict[str, EntityRecord]) -> SpacySpan | None:
    """'U.S. Congress' -> 'U.S.', 'University of Texas' -> 'Texas': a run of proper nouns leading the
    name (or after its 'of') that the article names as a place elsewhere."""
    toks = [t for t in span if not (t.i == span.start and t.pos_ == "DET")]
    links = [k for k, t in enumerate(toks[:-1]) if t.lower_ == INNER_PLACE_LINK]
    tries = [(links[0] + 1, len(toks))] if links else []
    tries += [(0, k) for k in range(len(toks) - 1, 0, -1)]
    for a, b in tries:
        part = toks[a:b]
        if all(t.pos_ == "PROPN" for t in part) and match_key(_text(part), "Place") in places:
            return span.doc[part[0].i : part[-1].i + 1]
    return None


def _text(toks: list[Token]) -> str:
    return "".join(t.text_with_ws for t in toks).strip()


def _demonym_place(span: SpacySpan, places: dict[str, EntityRecord]) -> EntityRecord | None:
    """'the Chinese Government' ... 'China', 'Angolan' ... 'Angola': an organisation named by an
    adjective that is a place's name plus a suffix (the place's stem, all but at most its last
    letter, DEMONYM_STEM letters at least)."""
    first = next((t for t in span if t.pos_ != "DET"), None)
    if first is None or first.i == span.end - 1 or first.pos_ not in {"ADJ", "PROPN"} or not first.is_title:
        return None
    word = first.lower_
    for key, rec in places.items():
        stem = key[: max(len(key) - 1, DEMONYM_STEM)]
        if " " not in key and len(key) >= DEMONYM_STEM and word != key and word.startswith(stem):
            return rec
    return None


def _inner_place_relations(doc: Doc, table: EntityTable, out: _Collector) -> None:
    """An organisation named after its place ('Boston University', 'the Chinese Government') is
    BASED_IN that place, when the article names the place."""
    places = _places_by_key(table)
    if not places:
        return
    rank = next(i for i, r in enumerate(RULES) if r["name"] == "place_in_name")
    for rec in [r for r in table.records if r.type == "Organization"]:
        for m in list(rec.mentions):
            span = out.parse.char_span(doc, m.start, m.end)
            if span is None or len(span) < 2:
                continue
            org = _End(rec.id, rec.type, m.start, m.end, m.text)
            inner = _inner_place(span, places)
            named = places[match_key(inner.text, "Place")] if inner is not None else _demonym_place(span, places)
            sent_start, sent_end = out.parse.sentence(span.root.i)
            at = [x for x in named.mentions if sent_start <= x.start < sent_end] if named else []
            if at:  # the place's own mention in the sentence
                out.add(rank, org, "BASED_IN", _End(named.id, "Place", at[0].start, at[0].end, at[0].text), span.root)
            elif inner is not None:
                place = _add_entity(table, out.text, inner.start_char, inner.end_char, "Place", indexed=False)
                out.add(rank, org, "BASED_IN", place, span.root)


def _listed(city: Token, far: SpacySpan) -> bool:
    """'France, Germany, Spain and Italy': names in a list are not in each other."""
    doc, region = city.doc, far.root
    if city.i > 0 and doc[city.i - 1].text == ",":
        return True
    nxt = doc[far.end + 1] if far.end + 1 < len(doc) and doc[far.end].text == "," else None
    if nxt is not None and (nxt.ent_type_ in {"GPE", "LOC"} or nxt.dep_ == "cc"):
        return True
    if region.dep_ != "conj":
        return False
    return sum(c.dep_ == "conj" for c in city.children) > 1 or any(c.dep_ == "cc" for c in city.children)


def _region_relations(doc: Doc, table: EntityTable, resolver: _Resolver, out: _Collector) -> None:
    """'DAYTON, Ohio (AP)', 'in Boston, Massachusetts.', 'of Toledo, Ohio,': a place, a comma and a
    place, then a bracket, a dash, a comma or the end, and no list: the first is in the second."""
    rank = next(i for i, r in enumerate(RULES) if r["name"] == "city_region")
    for start, end, eid in list(table.spans):
        span = out.parse.char_span(doc, start, end)
        if span is None or span.end + 1 >= len(doc) or doc[span.end].text != ",":
            continue
        city, region = resolver.end(span.root), resolver.end(doc[span.end + 1])
        if city is None or region is None or city.type != "Place" or region.type != "Place" or region.eid == eid:
            continue
        far = out.parse.char_span(doc, region.start, region.end)
        after = doc[far.end] if far is not None and far.end < len(doc) else None
        if after is not None and not after.is_sent_start and after.text not in REGION_END:
            continue
        if far is not None and not _listed(span.root, far):
            out.add(rank, city, "LOCATED_IN", region, far.root)


def _line_end(table: EntityTable, text: str, toks: list[Token], etype: str) -> _End:
    """A dateline's place or outlet: the mention there when its type fits and it stays inside the
    tokens ('Moscow ITAR-TASS' read as one place is neither), else a new entity."""
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    hit = _span_at(table, start, end)
    if hit is not None and start <= hit[0] and hit[1] <= end:
        hit_type = table.type_of(hit[2])
        if hit_type == etype or (etype == OUTLET and hit_type == "Organization"):
            return _End(hit[2], hit_type, hit[0], hit[1], text[hit[0] : hit[1]])
    return _add_entity(table, text, start, end, etype, indexed=hit is None)


def _dateline_relations(doc: Doc, table: EntityTable, out: _Collector) -> None:
    """'BANGKOK, Thailand (AP)': the outlet REPORTS_FROM the places; 'Beijing XINHUA in English':
    the outlet is BASED_IN the place (``relation_datelines``)."""
    lines = find_datelines(doc, table, out.parse)
    if not lines:
        return
    rank = next(i for i, r in enumerate(RULES) if r["name"] == "dateline")
    for line in lines:
        outlet = _line_end(table, out.text, line.outlet, OUTLET)
        for run in line.places:
            out.add(rank, outlet, line.predicate, _line_end(table, out.text, run, "Place"), run[0])


def rule_pass(doc: Doc, table: EntityTable, text: str) -> _Collector:
    """The relations the rules find; the pair model (and its training) starts from them."""
    resolver = _Resolver(table, text)
    out = _Collector(text, Parse(doc))
    if len(table.spans) or _PROPN in out.parse.columns[1][:200]:
        _pattern_relations(doc, resolver, out)
        _product_relations(doc, table, resolver, out)
        _svo_relations(doc, table, resolver, out)
        _inner_place_relations(doc, table, out)
        _region_relations(doc, table, resolver, out)
    _dateline_relations(doc, table, out)
    return out


Candidate = tuple[Mention, Mention, list[str], str, str]  # subject, object, features, label, default predicate


@dataclass(slots=True)
class _Pair:
    """One ordered pair of mentions in a sentence; its features are computed when asked for."""

    a: Mention
    b: Mention
    label: str  # the model's label for these types
    default: str  # the predicate it becomes
    rules: list[str]
    ments: list[Mention]
    view: DocView
    doc: Doc

    def features(self) -> list[str]:
        return pair_features(self.doc, self.a, self.b, self.rules, self.ments, self.view)


def _pairs(doc: Doc, table: EntityTable, out: _Collector) -> Iterator[_Pair]:
    """Every ordered pair of mentions in a sentence whose types one of the model's labels allows."""
    types = {r.id: r.type for r in table.records}
    spans = sorted(table.spans)
    starts = [sp[0] for sp in spans]
    view = None
    for sent in doc.sents:
        lo, hi = bisect_left(starts, sent.start_char), bisect_left(starts, sent.end_char)
        if hi - lo < 2 or hi - lo > MAX_MENTIONS:
            continue
        view = view or DocView(doc)
        view.load(max(sent.start - 1, 0), min(sent.end + 1, len(doc)))  # with the words just outside
        ments = []
        for s, e, eid in spans[lo:hi]:
            span = out.parse.char_span(doc, s, e)
            if span is not None and types.get(eid) in _MODEL_TYPES:
                ments.append(Mention(s, e, eid, types[eid], span.root))
        for a in ments:
            for b in ments:
                pair = PAIR_LABELS.get((a.type, b.type))
                if pair is None or a.eid == b.eid or a.root.i == b.root.i:
                    continue
                rules = out.hits.get((a.start, b.start), []) + [
                    "rev:" + h for h in out.hits.get((b.start, a.start), [])
                ]
                yield _Pair(a, b, pair[0], pair[1], rules, ments, view, doc)


def relation_candidates(doc: Doc, table: EntityTable, out: _Collector) -> list[Candidate]:
    """Every ordered pair of mentions in a sentence whose types one of the model's labels allows,
    with its features (what the model is trained on)."""
    return [(p.a, p.b, p.features(), p.label, p.default) for p in _pairs(doc, table, out)]


_MODEL_TYPES = frozenset(t for pair in PAIR_LABELS for t in pair)
_REFINES = {"LEADS": "WORKS_FOR", "MEMBER_OF": "WORKS_FOR", "FROM": "LIVES_IN"}


def _both_listed(a: Token, b: Token, label: str) -> bool:
    """Two names in lists are no pair the model adds; for places one is enough ('Germany, along
    with France, Spain and Italy': Germany is not in France)."""
    return (_in_list(a) or _in_list(b)) if label == "Located_In" else (_in_list(a) and _in_list(b))


def _apply_model(doc: Doc, table: EntityTable, out: _Collector, model: RelationModel, text: str) -> None:
    """The model decides the five common types: keeps, drops or adds them pair by pair."""
    for pair in _pairs(doc, table, out):
        a, b, label, default = pair.a, pair.b, pair.label, pair.default
        sent_start, sent_end = out.parse.sentence(a.root.i)
        key = (a.eid, b.eid, sent_start)
        old = out.best.get(key)
        weak = old is not None and (old[0] >= len(RULES) or RULES[old[0]].get("weak", False))
        if old is not None and weak and old[1].predicate in DECIDED:
            if model.label(pair.features(), label) == NONE:
                del out.best[key]
            elif _REFINES.get(old[1].predicate, old[1].predicate) != default:
                old[1].predicate = default
        elif old is not None and old[1].predicate == "RELATED_TO":
            if model.label(pair.features(), label) != NONE:
                old[1].predicate = default  # the verb's link, now typed
        elif old is None and not _both_listed(a.root, b.root, label) and model.label(pair.features(), label) != NONE:
            out.best[key] = (
                len(RULES) + 2,
                RelationRecord(
                    subject=a.eid,
                    predicate=default,
                    object=b.eid,
                    evidence=Span(sent_start, sent_end, text[sent_start:sent_end]),
                    subject_span=Span(a.start, a.end, text[a.start : a.end]),
                    object_span=Span(b.start, b.end, text[b.start : b.end]),
                ),
            )


_IN_PLACE = frozenset(["BASED_IN", "LIVES_IN", "FROM", "LOCATED_IN", "REPORTS_FROM"])


def _widen_places(out: _Collector) -> None:
    """'Acme of Toledo, Ohio', 'born in Portland, Ore.': what is in a place is also in the region
    named right after it (a LOCATED_IN whose two mentions only a comma separates)."""
    regions: dict[int, list[RelationRecord]] = {}
    for _rank, rec in out.best.values():
        s, o = rec.subject_span, rec.object_span
        if rec.predicate == "LOCATED_IN" and s and o and out.text[s.end : o.start].strip() == ",":
            regions.setdefault(s.start, []).append(rec)
    for (subject, _obj, sent), (rank, rec) in list(out.best.items()):
        if rec.predicate not in _IN_PLACE or rec.object_span is None:
            continue
        for region in regions.get(rec.object_span.start, []):
            if region.object != subject and (subject, region.object, sent) not in out.best:
                wider = replace(rec, object=region.object, object_span=region.object_span)
                out.best[(subject, region.object, sent)] = (rank, wider)


def find_relations(
    doc: Doc, table: EntityTable, text: str | None = None, model: RelationModel | bool | None = True
) -> list[RelationRecord]:
    """Typed relations between the article's entities, one per pair and sentence, best rule first.

    ``model`` True loads the trained pair classifier when it was built (``make relation-model``);
    False or None: the rules alone.
    """
    text = doc.text if text is None else text
    out = rule_pass(doc, table, text)
    clf = load_model() if model is True else (model or None)
    if clf is not None:
        _apply_model(doc, table, out, clf, text)
    _widen_places(out)
    return out.records()
