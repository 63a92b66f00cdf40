"""Entities of one article: NER mentions fixed by context and voting, merged into canonical entities.

The small NER model is inconsistent (one name tagged ORG five times and GPE once, a product
name tagged PERSON, a mention missed altogether). Here every mention votes for a type; surface
variants (case, possessive, leading "The", dots, common abbreviations, corporate suffixes,
a person's surname) merge into one entity with aliases; outlets are recognised by a gazetteer
of well-known news outlets and by outlet-like names in reporting context.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from extraction.lexicon import (
    AMBIGUOUS_OUTLETS,
    NOT_ENTITIES,
    ORG_ATTRIBUTE_NOUNS,
    ORG_NOUNS,
    OUTLET_NAMES,
    OUTLET_SUFFIXES,
    PLACE_NAMES,
)
from extraction.records import EntityRecord, Span, entity_id, outlet_id
from extraction.records import norm_name as _norm_name

OUTLET = "Outlet"

NER_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "PRODUCT": "Product",
    "NORP": "Group",
    "EVENT": "Event",
    "WORK_OF_ART": "Work",
    "LAW": "Work",
}

# Match keys (after norm_name) of common abbreviations -> canonical display name.
CANONICAL: dict[str, str] = {
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "united kingdom": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "eu": "European Union",
    "european union": "European Union",
    "un": "United Nations",
    "united nations": "United Nations",
    "uae": "United Arab Emirates",
    "united arab emirates": "United Arab Emirates",
    "prc": "China",
    "people's republic of china": "China",
    "mainland china": "China",
}

_CORP_SUFFIX = re.compile(
    r"[,\s]+(?:inc|incorporated|corp|corporation|co|ltd|limited|llc|plc|ag|sa|gmbh|nv|bv|oyj)\.?$", re.IGNORECASE
)
_POSSESSIVE = re.compile(r"\s*(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_PRODUCT_HEADS = frozenset(
    [
        "chip",
        "chips",
        "processor",
        "processors",
        "gpu",
        "gpus",
        "model",
        "models",
        "architecture",
        "platform",
        "device",
        "devices",
        "phone",
        "phones",
        "server",
        "servers",
        "system",
        "systems",
        "accelerator",
        "accelerators",
        "unit",
        "units",
        "software",
        "app",
        "series",
        "card",
        "cards",
    ]
)
_OUTLET_BEFORE = re.compile(
    r"(?:\b(?:by|in|from|to|per|told|with|on|at|via|cited in|according to|reported by|reports? from)\s+)$", re.I
)
_OUTLET_NOUN_BEFORE = re.compile(
    r"\b(?:outlets?|media|newspapers?|publications?|websites?|site|magazines?|broadcasters?|tabloids?|"
    r"news agency|daily)(?:\s+(?:like|such as|including|called))?\s+$",
    re.I,
)
_OUTLET_NOUN_AFTER = re.compile(r"^\s+(?:newspaper|magazine|news agency|news site|website|tabloid|daily)\b", re.I)
_DOMAIN = re.compile(r"(?<![\w.@/])[A-Z][A-Za-z0-9-]{1,30}\.(?:com|net|org|io|news|co\.uk|in|cn|tw|ua|ru)\b")
_OUTLET_AFTER = re.compile(
    r"^(?:\s*(?:'s|’s)?\s*(?:reported|reports|report|said|says|wrote|writes|noted|notes|detailed|details|"
    r"coverage|story|article|first reported|has reported|was first))\b",
    re.I,
)
# type preference when votes tie
_TYPE_ORDER = ["Outlet", "Organization", "Person", "Place", "Product", "Group", "Event", "Work"]


@cache
def _outlet_norms() -> dict[str, str]:
    """norm key -> display name of every gazetteer outlet."""
    out: dict[str, str] = {}
    for name in sorted(OUTLET_NAMES, key=len, reverse=True):
        out.setdefault(norm_name(name), name)
    return out


@cache
def _outlet_regex() -> re.Pattern[str]:
    names = sorted((n for n in OUTLET_NAMES if n), key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w&])")


@lru_cache(maxsize=65536)
def norm_name(name: str) -> str:
    """records.norm_name, cached (names repeat across mentions and articles)."""
    return _norm_name(name)


@lru_cache(maxsize=65536)
def clean_name(text: str) -> str:
    """Surface form without possessive, surrounding punctuation and line breaks."""
    t = re.sub(r"\s+", " ", text).strip(" \t\n\"“”'‘’,;:()[]")
    t = _POSSESSIVE.sub("", t).strip()
    if t.endswith(".") and t[:-1].count(".") == 0:  # keep the dot of "U.S." but not a full stop
        t = t[:-1]
    return t.strip()


@lru_cache(maxsize=65536)
def match_key(name: str, etype: str) -> str:
    """Key that groups surface variants of one entity."""
    t = clean_name(name)
    if etype in {"Organization", "Outlet", "Product"}:
        t = _CORP_SUFFIX.sub("", t)
    key = norm_name(t)
    canon = CANONICAL.get(key)
    return norm_name(canon) if canon else key


def display_name(forms: Counter, etype: str) -> str:
    """Most frequent surface form; the canonical expansion for known abbreviations."""
    best = max(forms.items(), key=lambda kv: (kv[1], not kv[0].isupper(), len(kv[0])))[0]
    canon = CANONICAL.get(norm_name(best))
    if canon:
        return canon
    if etype != OUTLET:
        best = _LEADING_THE.sub("", best) if best[:4].lower() == "the " and len(best.split()) > 1 else best
        best = _CORP_SUFFIX.sub("", best) if etype in {"Organization", "Product"} else best
    return best


def is_outlet_name(name: str, label: str, text: str, start: int, end: int) -> str | None:
    """Display name if ``name`` is a news outlet here (gazetteer, or outlet-like name in context)."""
    cname = clean_name(name)
    known = _outlet_norms().get(norm_name(cname))
    if known:
        if known in AMBIGUOUS_OUTLETS and not _outlet_context(text, start, end):
            return None
        return known
    words = cname.split()
    if not words:
        return None
    outlet_noun = bool(_OUTLET_NOUN_BEFORE.search(text[max(0, start - 40) : start])) or bool(
        _OUTLET_NOUN_AFTER.match(text[end : end + 20])
    )
    if outlet_noun or (_DOMAIN.fullmatch(cname) and _outlet_context(text, start, end)):
        return cname
    if (
        label == "ORG"
        and len(words) >= 2
        and words[-1] in OUTLET_SUFFIXES
        and all(w[:1].isupper() for w in words)
        and (words[0] == "The" or _outlet_context(text, start, end))
    ):
        return cname
    return None


def _outlet_context(text: str, start: int, end: int) -> bool:
    """'reported by X', 'X reported': the words around a name say it is a news source (read only
    when a decision needs it: the regexes cost more than the rest of the test)."""
    return bool(_OUTLET_BEFORE.search(text[max(0, start - 25) : start])) or bool(
        _OUTLET_AFTER.match(text[end : end + 30])
    )


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str
    weight: float = 1.0


@dataclass
class EntityTable:
    """Canonical entities of one article and where each is mentioned."""

    records: list[EntityRecord] = field(default_factory=list)
    by_key: dict[str, EntityRecord] = field(default_factory=dict)
    spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, entity id), sorted
    _ids: dict[str, EntityRecord] = field(default_factory=dict, repr=False)

    def at(self, start: int, end: int) -> str | None:
        """Entity id of the first mention overlapping [start, end)."""
        for s, e, eid in self.spans:
            if s < end and start < e:
                return eid
            if s >= end:
                break
        return None

    def within(self, start: int, end: int) -> list[str]:
        """Entity ids mentioned inside [start, end), in order, without repeats."""
        out: list[str] = []
        for s, e, eid in self.spans:
            if s >= start and e <= end and eid not in out:
                out.append(eid)
        return out

    def type_of(self, eid: str) -> str:
        rec = self.by_id(eid)
        return rec.type if rec else ""

    def by_id(self, eid: str) -> EntityRecord | None:
        """The record with id ``eid`` (an index built on first use)."""
        if len(self._ids) != len(self.records):
            self._ids = {r.id: r for r in self.records}
        return self._ids.get(eid)


def _org_by_noun(ent: SpacySpan) -> bool:
    """'the Chinese AI startup X', 'companies like X', 'X, a chipmaker'."""
    doc = ent.doc
    prev = [t.lower_ for t in doc[max(0, ent.start - 2) : ent.start]]
    if (prev and prev[-1] in ORG_NOUNS) or (
        len(prev) == 2 and prev[-1] in {"like", "including"} and prev[0] in ORG_NOUNS
    ):
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in ORG_NOUNS for c in ent.root.children)


def _org_attribute(ent: SpacySpan) -> bool:
    """'X's CEO', 'X chips', 'X hardware'."""
    doc = ent.doc
    root = ent.root
    head = root.head
    nxt = doc[ent.end] if ent.end < len(doc) else None
    return (nxt is not None and nxt.tag_ == "POS" and head.lower_ in ORG_ATTRIBUTE_NOUNS) or (
        root.dep_ == "compound" and head.lower_ in ORG_ATTRIBUTE_NOUNS
    )


def _dateline_city(ent: SpacySpan) -> bool:
    """'DAYTON, Ohio (AP)': a name in capitals opening a sentence, then a comma and a place, is a
    dateline's city (the small NER model often reads it as an organisation)."""
    doc = ent.doc
    if not ent.text.isupper() or not doc[ent.start].is_sent_start or ent.end + 1 >= len(doc):
        return False
    return doc[ent.end].text == "," and doc[ent.end + 1].ent_type_ in {"GPE", "LOC"}


def _context_type(ent: SpacySpan, etype: str, name: str, agent: bool) -> tuple[str, float]:
    """Re-type a mention from its context: 'the startup X', 'X chips', "X's CEO", 'X said'."""
    if etype == "Group":
        return etype, 1.0
    if name in PLACE_NAMES or norm_name(name) in CANONICAL or _dateline_city(ent):
        return "Place", 5.0
    doc = ent.doc
    root = ent.root
    if ent.start >= 2 and doc[ent.start - 1].tag_ == "POS" and doc[ent.start - 2].ent_type_ == "ORG":
        return "Product", 2.0  # "Acme's Foo"
    if _org_by_noun(ent):
        return "Organization", 5.0
    if etype == "Person":
        if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.lower_ in _PRODUCT_HEADS:
            return "Product", 1.5
        return etype, 1.0
    if _org_attribute(ent) or (agent and etype in {"Place", "Product", "Work", "Event"}):
        return "Organization", 1.5
    return etype, 1.0


def _trim_mention(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep the longest line of a mention that crosses a line break (headline fragments)."""
    name = text[start:end]
    if "\n" not in name:
        return start, end
    best = max(re.finditer(r"[^\n]+", name), key=lambda m: len(m.group()))
    return start + best.start(), start + best.end()


def fast_ents(doc: Doc) -> list[SpacySpan]:
    """``doc.ents`` via one array read (the property builds a Token object per token)."""
    if not len(doc):
        return []
    arr = doc.to_array([ENT_IOB, ENT_TYPE])
    begins = np.nonzero(arr[:, 0] == 3)[0].tolist()  # IOB code 3 = B
    out = []
    n = len(doc)
    iob = arr[:, 0].tolist()  # plain ints: indexing a numpy array one element at a time is slow
    labels = arr[:, 1].tolist()
    for b in begins:
        e = b + 1
        while e < n and iob[e] == 1:  # 1 = I
            e += 1
        out.append(SpacySpan(doc, b, e, label=labels[b]))
    return out


def _split_possessives(ents) -> list[SpacySpan]:
    """'Acme's Foo' tagged as one name is two: the owner and the thing."""
    out: list[SpacySpan] = []
    for ent in ents:
        pos = [t.i for t in ent if t.tag_ == "POS" and ent.start < t.i < ent.end - 1]
        if not pos:
            out.append(ent)
            continue
        doc = ent.doc
        out.append(SpacySpan(doc, ent.start, pos[0], label=ent.label_))
        out.append(SpacySpan(doc, pos[0] + 1, ent.end, label="PRODUCT"))
    return out


_HEADING_END = set('.!?"”:;,')


def heading_lines(text: str) -> list[tuple[int, int]]:
    """Spans of short title-case lines without final punctuation (headlines, section titles)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        words = line.split()
        if not words or len(words) > 16 or line[-1] in _HEADING_END:
            continue
        caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
        if caps >= 0.6 * len(words):
            out.append(m.span())
    return out


def _ent_bounds(ent: SpacySpan, text: str) -> tuple[int, int] | None:
    """The mention's characters without a trailing possessive / punctuation or leading punctuation.
    Brackets count as punctuation (spaCy's ``is_bracket``: "<" and ">" are symbols to ``is_punct``),
    as wire copy marks company names "<Acme Widget Co Ltd>" and the tagger may take the ">" in."""
    toks = list(ent)
    while toks and (toks[-1].tag_ == "POS" or toks[-1].is_punct or toks[-1].is_bracket):
        toks = toks[:-1]
    while toks and (toks[0].is_punct or toks[0].is_space or toks[0].is_bracket):
        toks = toks[1:]
    if not toks:
        return None
    return _trim_mention(text, toks[0].idx, toks[-1].idx + len(toks[-1]))


def _not_a_name(name: str, cname: str) -> bool:
    return (
        not any(ch.isalpha() for ch in name)
        or len(cname.split()) > 6
        or ":" in name
        or cname in NOT_ENTITIES
        or _LEADING_THE.sub("", cname) in NOT_ENTITIES
    )


def _ner_mentions(doc: Doc, agents: frozenset[int], text: str) -> list[Mention]:
    mentions: list[Mention] = []
    for ent in _split_possessives(fast_ents(doc)):
        etype = NER_TYPES.get(ent.label_)
        bounds = _ent_bounds(ent, text) if etype else None
        if bounds is None:
            continue
        start, end = bounds
        name = text[start:end]
        cname = clean_name(name)
        if _not_a_name(name, cname):
            continue
        if is_outlet_name(name, ent.label_, text, start, end):
            mentions.append(Mention(start, end, name, OUTLET, 3.0))
        else:
            agent = any(start <= a < end for a in agents)
            ctype, weight = _context_type(ent, etype, cname, agent)
            mentions.append(Mention(start, end, name, ctype, weight))
    return mentions


def _missed_outlets(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Outlets the NER missed ("The Information", "Yahoo Finance", a site's domain)."""
    found: list[Mention] = []
    for m in _outlet_regex().finditer(text):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            continue
        name = m.group()
        if name in AMBIGUOUS_OUTLETS and not is_outlet_name(name, "", text, s, e):
            continue
        found.append(Mention(s, e, name, OUTLET, 3.0))
        taken.append((s, e))
    for m in _DOMAIN.finditer(text):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            continue
        name = is_outlet_name(m.group(), "", text, s, e)
        if name:
            found.append(Mention(s, e, name, OUTLET, 3.0))
            taken.append((s, e))
    return found


def collect_mentions(doc: Doc, agents: frozenset[int] = frozenset(), text: str | None = None) -> list[Mention]:
    """NER mentions with context votes; ``agents`` are char offsets of statement-source heads."""
    text = doc.text if text is None else text
    mentions = _ner_mentions(doc, agents, text)
    return mentions + _missed_outlets(text, [(m.start, m.end) for m in mentions])


def _occurrences(text: str, name: str) -> list[int]:
    """Start offsets of ``name`` as a whole word (str.find: no regex compiled per name)."""
    out = []
    i = text.find(name)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + len(name)] if i + len(name) < len(text) else " "
        if not (before.isalnum() or before in "&_") and not (after.isalnum() or after in "&_"):
            out.append(i)
        i = text.find(name, i + 1)
    return out


def _surname_merges(keys_by_type: dict[str, set[str]]) -> dict[str, str]:
    """Single-word person keys that are the surname of exactly one full name in the article."""
    merges: dict[str, str] = {}
    persons = keys_by_type.get("Person", set())
    singles = {k for t, ks in keys_by_type.items() if t not in {"Place", OUTLET} for k in ks if " " not in k}
    for k in singles:
        full = [f for f in persons if " " in f and f.split()[-1] == k]
        if len(full) == 1:
            merges[k] = full[0]
    return merges


_SHORT_FORM_TYPES = frozenset(["Organization", OUTLET, "Person", "Product"])
_LONG_FORM_TYPES = frozenset(["Organization", OUTLET])
# Words that make a longer name a part of the shorter one, not its full form ("Volvo Finance",
# "Senate Armed Services Committee", "Trust Fund Bureau Law").
_PART_WORDS = frozenset(
    [
        *("committee", "subcommittee", "unit", "units", "subsidiary", "division", "finance", "receivables"),
        *("law", "act", "bill", "agriculture", "dealing", "market", "markets", "mortgage", "assets", "services"),
    ]
)
_FUZZY_MIN = 94  # rapidfuzz ratio for two spellings of one long name ("Nordwel Petroleum")


def _full_form(extra: str) -> bool:
    """The words a full name adds to a short one name no part, model, number or place ("Acme USA" is a unit)."""
    words = extra.split()
    if CANONICAL.get(extra.strip()) in PLACE_NAMES or clean_name(extra).title() in PLACE_NAMES:
        return False
    return not any(w in _PART_WORDS or any(ch.isdigit() for ch in w) for w in words)


def _short_form_merges(types: dict[str, str], taken: dict[str, str]) -> dict[str, str]:
    """'Acme' -> 'Acme Petroleum' when exactly one organisation's name starts with it.

    Two organisations sharing the word ("Beta International", "Beta Capital") keep "Beta" apart,
    places and known abbreviations never merge, and near-identical long spellings merge by
    rapidfuzz ratio within one type and one first word.
    """
    longs = [k for k, t in types.items() if t in _LONG_FORM_TYPES and " " in k]
    merges: dict[str, str] = {}
    for k, t in types.items():
        if k in taken or t not in _SHORT_FORM_TYPES or k in CANONICAL or clean_name(k).title() in PLACE_NAMES:
            continue
        if t == "Person" and " " in k:
            continue
        fuller = [f for f in longs if f != k and f.startswith(k + " ") and _full_form(f[len(k) :])]
        if len(fuller) == 1:
            merges[k] = fuller[0]
    for a, b in combinations(sorted(longs, key=lambda k: (-len(k), k)), 2):
        if a in merges or b in merges or types[a] != types[b] or a.split()[0] != b.split()[0]:
            continue
        if min(len(a), len(b)) >= 8 and fuzz.ratio(a, b) >= _FUZZY_MIN:
            merges[b] = a
    return {k: merges.get(v, v) for k, v in merges.items()}


# The small NER model tags many one-word company names PERSON; a one-word "person" the article never
# gives a first name ("Rivera" beside "Jensen Rivera") is as likely an organisation, so its PERSON
# votes count half against the organisation votes of context ("the startup X", "X's shares").
_LONE_PERSON_WEIGHT = 0.5


def _votes(mentions: list[Mention]) -> dict[str, Counter]:
    keys = [match_key(m.text, m.type) for m in mentions]
    surnames = {k.rsplit(" ", 1)[-1] for m, k in zip(mentions, keys, strict=True) if m.type == "Person" and " " in k}
    votes: dict[str, Counter] = defaultdict(Counter)
    for m, key in zip(mentions, keys, strict=True):
        if not key:
            continue
        lone = m.type == "Person" and " " not in key and key not in surnames
        votes[key][m.type] += m.weight * _LONE_PERSON_WEIGHT if lone else m.weight
    return votes


def _without_heading_only(mentions: list[Mention], text: str) -> list[Mention]:
    """Drop names seen only in headings (outlets and places excepted)."""
    headings = heading_lines(text)
    if not headings:
        return mentions
    body_keys = {match_key(m.text, m.type) for m in mentions if not any(a <= m.start < b for a, b in headings)}
    return [
        m
        for m in mentions
        if m.type in {OUTLET, "Place"}
        or match_key(m.text, m.type) in body_keys
        or not any(a <= m.start < b for a, b in headings)
    ]


def _merge_map(types: dict[str, str], text: str = "") -> dict[str, str]:
    keys_by_type: dict[str, set[str]] = defaultdict(set)
    for k, t in types.items():
        keys_by_type[t].add(k)
    merge = _surname_merges(keys_by_type)
    merge.update(_short_form_merges(types, merge))
    merge.update(_last_word_merges(keys_by_type, merge, text))
    return merge


def _common_word(word: str, text: str) -> bool:
    """The article writes ``word`` in lower case somewhere ('UK Coal ... coal output')."""
    if word in ORG_NOUNS:
        return True  # 'Menatep Group' ... 'the group'
    return word in text and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _last_word_merges(keys_by_type: dict[str, set[str]], taken: dict[str, str], text: str) -> dict[str, str]:
    """'Babcock' -> 'Deutsche Babcock': a one-word organisation key that ends exactly one organisation's
    longer name and starts none (a first word is the short form's job; two such names keep it apart).
    A word the article also writes in lower case ('coal', 'group') is a common noun, not a short name."""
    orgs = keys_by_type.get("Organization", set())
    longs = [f for f in orgs if " " in f and " and " not in f and "," not in f]
    merges: dict[str, str] = {}
    # a lone word the NER took for a person ('Babcock') when no person's name ends with it
    singles = orgs | {k for k in keys_by_type.get("Person", set()) if " " not in k}
    for k in singles - taken.keys():
        if " " in k or k in CANONICAL or clean_name(k).title() in PLACE_NAMES or _common_word(k, text):
            continue
        ends = [f for f in longs if f.split()[-1] == k]
        if len(ends) == 1 and not any(f.split()[0] == k for f in longs) and ends[0] not in taken:
            merges[k] = ends[0]
    return merges


def _add_missed(grouped: dict[str, list[Mention]], mentions: list[Mention], types: dict[str, str], text: str) -> None:
    """Mentions the NER missed: other occurrences of a known name, same capitalisation (str.find, no regex per name)."""
    name_key: dict[str, str] = {}
    for key, ms in grouped.items():
        for m in ms:
            name = clean_name(m.text)
            if len(name) >= 3 and name[:1].isupper():
                name_key.setdefault(name, key)
    if not name_key:
        return
    covered = [(m.start, m.end) for m in mentions]
    starts = {a for a, _ in covered}
    for name, key in sorted(name_key.items(), key=lambda kv: -len(kv[0])):
        for s in _occurrences(text, name):
            e = s + len(name)
            if s in starts or any(a < e and s < b for a, b in covered):
                continue
            grouped[key].append(Mention(s, e, name, types.get(key, grouped[key][0].type), 0.5))
            covered.append((s, e))


def _record_for(table: EntityTable, key: str, ms: list[Mention], etype: str) -> EntityRecord:
    # a merged short form ("Acme" into "Acme Group") never names the entity: ids stay stable across articles
    own = [m for m in ms if match_key(m.text, m.type) == key] or ms
    name = display_name(Counter(clean_name(m.text) for m in own), etype)
    if etype == OUTLET:
        name = _outlet_norms().get(norm_name(name), name)
        eid = outlet_id(name)
    else:
        eid = entity_id(name)
    rec = table.by_key.get(key)
    if rec is None:
        rec = EntityRecord(id=eid, name=name, type=etype)
        table.by_key[key] = rec
        table.records.append(rec)
    return rec


def build_entities(doc: Doc, agents: frozenset[int] = frozenset(), text: str | None = None) -> EntityTable:
    """Vote on types, merge variants, add mentions the NER missed; return the article's entities.

    ``text`` is the Doc's text when the caller has it (``doc.text`` rebuilds it token by token).
    """
    text = doc.text if text is None else text
    mentions = collect_mentions(doc, agents, text)
    votes = _votes(mentions)
    mentions = _without_heading_only(mentions, text)
    types = {k: _winner(v) for k, v in votes.items()}
    merge = _merge_map(types, text)
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        key = match_key(m.text, m.type)
        if key:
            grouped[merge.get(key, key)].append(m)
    _add_missed(grouped, mentions, types, text)
    table = EntityTable()
    for key, ms in grouped.items():
        etype = types.get(key) or _winner(Counter(m.type for m in ms))
        if any(m.type == OUTLET for m in ms):
            etype = OUTLET if votes[key][OUTLET] >= sum(votes[key].values()) / 2 else etype
        rec = _record_for(table, key, ms, etype)
        for m in sorted(ms, key=lambda m: m.start):
            alias = clean_name(m.text)
            if alias and alias not in rec.aliases:
                rec.aliases.append(alias)
            rec.mentions.append(Span(m.start, m.end, m.text))
            table.spans.append((m.start, m.end, rec.id))
    table.spans.sort()
    return table


def _winner(votes: Counter) -> str:
    return max(votes.items(), key=lambda kv: (kv[1], -_TYPE_ORDER.index(kv[0]) if kv[0] in _TYPE_ORDER else -99))[0]
