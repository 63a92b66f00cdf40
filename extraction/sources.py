"""Who said it: a statement's source phrase -> entity, unnamed source of a kind, and affiliation.

The attribution component finds the source phrase; this module decides what it refers to, with
no downloaded model: names link to the article's entities; pronouns ("he", "it", "they"),
relative pronouns ("X, who said") and definite descriptions ("the company", "the newspaper",
"its board", "the bank's chief financial officer") resolve to an earlier mention of a compatible
type, chosen by salience (the previous speaker, then the nearest subject, then the nearest
mention); unnamed sources ("analysts", "people familiar with the matter", "Korean media") keep
their kind; a speaker and the organisation they speak for ("a spokesman for X", "X spokesman Y",
"Y, X's chief financial officer") are kept together. When nothing fits, the statement keeps an
unnamed source rather than a wrong name. Every decision with many cases is a table below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from extraction.entities import EntityTable
from extraction.lexicon import CUE_VERBS
from extraction.records import AttributionRecord, RelationRecord, SourceSpan
from ontology import vocabulary

PERSON = "Person"
ORG = "Organization"
OUTLET = "Outlet"
PLACE = "Place"
GROUP = "Group"
SPEAKS_FOR = vocabulary().rels.SPEAKS_FOR

# Pronoun -> entity types it can refer to (gender is not modelled: he/she both mean a person).
PRONOUN_TYPES: dict[str, tuple[str, ...]] = {
    "he": (PERSON,),
    "she": (PERSON,),
    "him": (PERSON,),
    "her": (PERSON,),
    "his": (PERSON,),
    "it": (ORG, OUTLET),
    "its": (ORG, OUTLET),
    "they": (ORG,),
    "their": (ORG,),
    "them": (ORG,),
}
PERSONAL = frozenset(PRONOUN_TYPES)

# Gender evidence for a named person, from the article itself (no name lists): a title before the name,
# or the pronoun that is the subject of what the person says ("Jane Roe said she would ...").
PRONOUN_GENDER: dict[str, str] = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
TITLE_GENDER: dict[str, str] = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "lady": "f",
    "dame": "f",
}
RELATIVE = frozenset(["who", "which", "that", "whom", "whose"])

# Head noun of a definite description -> entity types it can refer back to.
# Relational nouns that name another party than the possessor: "its rival" is not the company.
OTHER_PARTY_HEADS = frozenset(
    [
        "rival",
        "competitor",
        "partner",
        "customer",
        "client",
        "supplier",
        "parent",
        "subsidiary",
        "unit",
        "affiliate",
        "ally",
        "opponent",
        "critic",
        "creditor",
        "lender",
        "shareholder",
        "stockholder",
        "investor",
        "union",
        "neighbour",
        "neighbor",
    ]
)
# Heads naming a public body: they refer back to a place (its government) or to an organisation
# whose name says it is such a body ("the Trade Ministry"), never to a company.
GOVERNMENT_HEADS = frozenset(
    [
        "ministry",
        "government",
        "administration",
        "department",
        "cabinet",
        "authority",
        "authorities",
        "regulator",
        "commission",
        "council",
        "parliament",
        "legislature",
        "court",
        "state",
    ]
)
DESCRIPTION_TYPES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        [
            "company",
            "firm",
            "group",
            "business",
            "concern",
            "corporation",
            "conglomerate",
            "maker",
            "manufacturer",
            "producer",
            "giant",
            "startup",
            "bank",
            "lender",
            "insurer",
            "carrier",
            "airline",
            "retailer",
            "utility",
            "operator",
            "refiner",
            "miner",
            "chipmaker",
            "automaker",
            "brewer",
            "distiller",
            "exporter",
            "importer",
            "trader",
            "broker",
            "brokerage",
            "fund",
            "partnership",
            "subsidiary",
            "unit",
            "parent",
            "organisation",
            "organization",
            "association",
            "union",
            "federation",
            "cartel",
            "board",
            "management",
            "lab",
            "club",
            "team",
        ],
        (ORG,),
    ),
    **dict.fromkeys(
        [
            "newspaper",
            "paper",
            "daily",
            "weekly",
            "magazine",
            "journal",
            "tabloid",
            "broadcaster",
            "network",
            "publication",
            "report",
            "outlet",
            "station",
            "channel",
        ],
        (OUTLET,),
    ),
    "agency": (ORG, OUTLET),  # a government agency or a news agency
    **dict.fromkeys(GOVERNMENT_HEADS, (ORG, PLACE)),
    **dict.fromkeys(
        [
            "minister",
            "president",
            "chairman",
            "chairwoman",
            "premier",
            "chancellor",
            "governor",
            "senator",
            "secretary",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "executive",
            "official",
            "analyst",
            "economist",
            "lawyer",
            "director",
        ],
        (PERSON,),
    ),
}

# Head noun of an unnamed source -> its kind ("Korean media" is media, not a Group entity).
UNNAMED_KINDS: dict[str, str] = {
    **dict.fromkeys(["source", "sources", "insider", "insiders"], "sources"),
    **dict.fromkeys(
        ["media", "press", "newspapers", "papers", "magazines", "tabloids", "broadcasters", "outlets"], "media"
    ),
    **dict.fromkeys(["people", "person"], "people"),
    **dict.fromkeys(
        ["analyst", "analysts", "economist", "economists", "expert", "experts", "observer", "observers"], "analysts"
    ),
    **dict.fromkeys(["trader", "traders", "dealer", "dealers", "banker", "bankers", "investor", "investors"], "market"),
    **dict.fromkeys(["official", "officials", "diplomat", "diplomats", "aide", "aides"], "officials"),
    **dict.fromkeys(
        ["spokesman", "spokeswoman", "spokesperson", "spokesmen", "representative", "representatives"], "spokesperson"
    ),
    **dict.fromkeys(["executive", "executives", "employee", "employees", "staff"], "staff"),
    **dict.fromkeys(["critic", "critics", "someone", "report", "reports"], "other"),
}

# Role nouns: a speaker who speaks for an organisation ("a spokesman for X", "X's chief financial officer").
ROLE_HEADS = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "representative",
        "officer",
        "executive",
        "chairman",
        "chairwoman",
        "director",
        "president",
        "head",
        "chief",
        "ceo",
        "cfo",
        "coo",
        "cto",
        "founder",
        "manager",
        "adviser",
        "advisor",
        "lawyer",
        "attorney",
        "economist",
        "analyst",
        "strategist",
        "official",
        "minister",
        "secretary",
        "governor",
        "treasurer",
        "partner",
        "board",
    ]
)
# Heads whose phrase is said by the entity named inside it ("the U.S. government", "an Acme statement").
HOLDER_HEADS = frozenset(["statement", "chief", "ceo", "founder", "spokesperson", "spokesman", "spokeswoman"])
# Prepositions that attach a role to the organisation it serves ("spokesman for X", "head of X").
AFFILIATION_PREPS = frozenset(["for", "of", "at", "with"])
# Modifiers that belong to a role's name ("chief financial officer", "senior vice president").
ROLE_MODS = frozenset(["compound", "amod", "nmod"])

# Heads of a report phrase: "a report by X", "a published report" are the outlet's statement.
REPORT_HEADS = frozenset(
    ["report", "reports", "coverage", "story", "article", "reporting", "analysis", "post", "posts"]
)

_WORD = re.compile(r"[A-Za-z']+")
_LOOKBACK = 1500  # characters searched back for a description's antecedent


@dataclass
class Resolution:
    """What a source phrase refers to; ``form`` says how it was written."""

    entity: str | None = None
    kind: str = "anonymous"  # named | anonymous | outlet (as in AttributionRecord.source_kind)
    form: str = ""  # name | pronoun | description | unnamed
    unnamed_kind: str = ""  # sources | media | people | analysts | officials | spokesperson | ...
    speaks_for: str | None = None  # organisation entity the speaker speaks for
    role: str = ""  # "spokesman", "chief financial officer"
    cited: list[str] = field(default_factory=list)


@dataclass
class Context:
    """The article-wide facts resolution needs: entities, text, parse, earlier speakers."""

    table: EntityTable
    text: str
    doc: Doc | None = None
    speakers: list[tuple[int, str]] = field(default_factory=list)  # (char offset, entity id) of resolved sources
    sent_starts: list[int] = field(default_factory=list)
    _genders: dict[str, str] | None = field(default=None, repr=False)

    def gender_of(self, eid: str) -> str:
        """'m', 'f' or '' (unknown or contradictory evidence) for a person entity."""
        if self._genders is None:
            self._genders = person_genders(self)
        return self._genders.get(eid, "")

    def type_of(self, eid: str) -> str:
        return self.table.type_of(eid)

    def token_at(self, char: int) -> Token | None:
        if self.doc is None:
            return None
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def main_entity(self, types: tuple[str, ...], before: int) -> str | None:
        """The most mentioned entity of ``types`` before ``before`` (ties: the first mentioned)."""
        counts: dict[str, int] = {}
        for s, _e, eid in self.table.spans:
            if s < before and self.type_of(eid) in types:
                counts[eid] = counts.get(eid, 0) + 1
        if not counts:
            return None
        best = max(counts.values())
        return next(eid for s, _e, eid in self.table.spans if counts.get(eid) == best)


def _gender_votes(doc: Doc, s: int, e: int) -> list[str]:
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or not len(span):
        return []
    votes = []
    if span.start > 0:
        title = doc[span.start - 1].lower_.rstrip(".")
        if title in TITLE_GENDER:
            votes.append(TITLE_GENDER[title])
    root = span.root
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in CUE_VERBS:
        for clause in root.head.children:
            if clause.dep_ != "ccomp":
                continue
            for c in clause.children:
                if c.dep_ == "nsubj" and c.lower_ in PRONOUN_GENDER:
                    votes.append(PRONOUN_GENDER[c.lower_])
    return votes


def person_genders(ctx: Context) -> dict[str, str]:
    """Gender of each person entity the article gives evidence for; mixed evidence counts as unknown."""
    if ctx.doc is None:
        return {}
    seen: dict[str, set[str]] = {}
    for s, e, eid in ctx.table.spans:
        if ctx.type_of(eid) == PERSON:
            seen.setdefault(eid, set()).update(_gender_votes(ctx.doc, s, e))
    return {eid: next(iter(g)) for eid, g in seen.items() if len(g) == 1}


def _fits_gender(ctx: Context, eid: str, word: str) -> bool:
    want = PRONOUN_GENDER.get(word)
    have = ctx.gender_of(eid) if want else ""
    return not (want and have and have != want)


def candidates(ctx: Context, types: tuple[str, ...], lo: int, hi: int) -> list[str]:
    """Entities of ``types`` mentioned in [lo, hi), nearest first, without repeats."""
    out: list[str] = []
    for s, e, eid in reversed(ctx.table.spans):
        if e <= hi and s >= lo and ctx.type_of(eid) in types and eid not in out:
            out.append(eid)
    return out


def _window_start(ctx: Context, before: int, sentences: int) -> int:
    starts = [s for s in ctx.sent_starts if s <= before]
    return starts[-1 - sentences] if len(starts) > sentences else 0


def _is_subject(ctx: Context, eid: str, lo: int, hi: int) -> bool:
    for s, _e, i in ctx.table.spans:
        if i == eid and lo <= s < hi:
            tok = ctx.token_at(s)
            if (tok is not None and tok.dep_ in {"nsubj", "nsubjpass"}) or (
                tok is not None and tok.head.dep_ == "nsubj"
            ):
                return True
    return False


def resolve_pronoun(ctx: Context, word: str, before: int, strict: bool = False) -> str | None:
    """'he', 'it', 'they': the previous speaker if it fits, else the one fitting entity nearby.

    ``strict`` (claim subjects) takes only the one fitting entity since the previous sentence.
    """
    types = PRONOUN_TYPES.get(word)
    if not types:
        return None
    lo = _window_start(ctx, before, 2 - strict) if ctx.sent_starts else max(0, before - 600)
    near = [eid for eid in candidates(ctx, types, lo, before) if _fits_gender(ctx, eid, word)]
    if len(near) == 1 or strict:
        return near[0] if len(near) == 1 else None
    recent = [eid for pos, eid in reversed(ctx.speakers) if lo <= pos < before and _fits_gender(ctx, eid, word)]
    for eid in recent:
        if ctx.type_of(eid) in types:
            return eid
    if not near:
        return None
    subjects = [eid for eid in near if _is_subject(ctx, eid, lo, before)]
    return subjects[0] if len(subjects) == 1 or (subjects and subjects[0] == near[0]) else None


def resolve_description(
    ctx: Context, head: str, before: int, strict: bool = False, modifiers: tuple[str, ...] = ()
) -> str | None:
    """'the company', 'the bank', 'the newspaper': a compatible earlier entity, named by the head if one is.

    Noun modifiers narrow the referent: 'the harbour board' is only an entity whose name holds 'harbour'.

    ``strict`` (claim subjects, where a wrong link makes a wrong claim) takes only an entity that
    is both the nearest and the most mentioned one.
    """
    types = DESCRIPTION_TYPES.get(head)
    if not types:
        return None
    if strict:
        return _nearest_and_most_mentioned(ctx, types, before)
    lo = max(0, before - _LOOKBACK)
    near = candidates(ctx, types, lo, before)
    if head in GOVERNMENT_HEADS:
        near = [eid for eid in near if ctx.type_of(eid) == PLACE or GOVERNMENT_HEADS & set(_name_words(ctx, eid))]
    if modifiers:
        near = [eid for eid in near if set(modifiers) <= set(_name_words(ctx, eid))]
    named = [eid for eid in near if head in _name_words(ctx, eid)]
    if named:
        return named[0]
    if not near or (types == (PERSON,) and len(near) > 1):
        return None
    main = ctx.main_entity(types, before)
    if len(near) == 1 or main == near[0]:
        return near[0]
    return main if main in near[:2] else near[0]


def resolve_anaphor(
    table: EntityTable, word: str, before: int, text: str, window_start: int | None = None
) -> str | None:
    """The clear candidate for a pronoun or 'the company' (relations use it): one fitting entity since
    ``window_start`` for a pronoun; for a description, the nearest one if it is also the most mentioned."""
    ctx = Context(table, text)
    types = PRONOUN_TYPES.get(word) or DESCRIPTION_TYPES.get(word)
    if not types:
        return None
    lo = window_start if window_start is not None else max(0, before - 600)
    near = candidates(ctx, types, lo, before)
    if len(near) == 1:
        return near[0]
    if not near or word in PRONOUN_TYPES:
        return None
    return _nearest_and_most_mentioned(ctx, types, before)


def _nearest_and_most_mentioned(ctx: Context, types: tuple[str, ...], before: int) -> str | None:
    """The nearest entity of ``types`` in the last 600 characters, if it is also the most mentioned there."""
    lo = max(0, before - 600)
    near = candidates(ctx, types, lo, before)
    if len(near) <= 1:
        return near[0] if near else None
    counts = {c: sum(1 for s, _e, i in ctx.table.spans if i == c and lo <= s < before) for c in near}
    return near[0] if counts[near[0]] > max(v for c, v in counts.items() if c != near[0]) else None


def _name_words(ctx: Context, eid: str) -> list[str]:
    rec = ctx.table.by_id(eid)
    return rec.name.lower().split() if rec else []


def resolve_word(ctx: Context, word: str, before: int, strict: bool = False) -> str | None:
    """A pronoun or a description head, whichever ``word`` is."""
    if word in PRONOUN_TYPES:
        return resolve_pronoun(ctx, word, before, strict)
    return resolve_description(ctx, word, before, strict)


def _tokens(ctx: Context, s: int, e: int) -> list[Token]:
    if ctx.doc is None:
        return []
    span = ctx.doc.char_span(s, e, alignment_mode="expand")
    return list(span) if span is not None else []


def _role_phrase(tok: Token) -> str:
    """'chief financial officer' from its head 'officer' (left modifiers that are not names)."""
    mods = [c for c in tok.lefts if c.dep_ in ROLE_MODS and c.pos_ != "PROPN" and not c.ent_type_]
    first = min([tok, *[m.left_edge for m in mods if not any(t.ent_type_ for t in m.subtree)]], key=lambda t: t.i)
    return tok.doc[first.i : tok.i + 1].text.lower()


def _owner_of(ctx: Context, role: Token) -> str | None:
    """The organisation a role noun serves: 'for X', "X's", 'X spokesman', 'its', "the bank's"."""
    for c in role.children:
        if c.dep_ == "prep" and c.lower_ in AFFILIATION_PREPS:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                found = _org_at(ctx, obj)
                if found:
                    return found
    for c in role.lefts:
        if c.dep_ in {"poss", "compound", "nmod"}:
            found = _org_at(ctx, c)
            if found:
                return found
    return None


def _org_at(ctx: Context, tok: Token) -> str | None:
    """The organisation (or outlet, or government's place) a token names or refers back to."""
    eid = ctx.table.at(tok.idx, tok.idx + len(tok))
    if eid is None:
        for c in tok.children:
            if c.dep_ in {"compound", "appos"} and c.pos_ == "PROPN":
                eid = ctx.table.at(c.idx, c.idx + len(c))
                if eid:
                    break
    if eid is None:
        eid = resolve_word(ctx, tok.lower_ if tok.lower_ in PRONOUN_TYPES else tok.lemma_.lower(), tok.idx)
    return eid if eid and ctx.type_of(eid) in {ORG, OUTLET, PLACE} else None


def _person_in(ctx: Context, toks: list[Token]) -> str | None:
    for t in toks:
        eid = ctx.table.at(t.idx, t.idx + len(t))
        if eid and ctx.type_of(eid) == PERSON:
            return eid
    return None


def affiliation(ctx: Context, toks: list[Token], head: Token) -> tuple[str | None, str | None, str]:
    """(person, organisation, role) when the source phrase names a role serving an organisation."""
    roles = [t for t in toks if t.lemma_.lower() in ROLE_HEADS and t.pos_ in {"NOUN", "PROPN"}]
    if head in toks and head.lemma_.lower() in ROLE_HEADS:
        roles.insert(0, head)
    for role in roles:
        org = _owner_of(ctx, role)
        if org:
            return _person_in(ctx, toks), org, _role_phrase(role)
    return None, None, ""


def _unnamed_kind(head: Token | None, ctx: Context) -> str:
    """The kind of an unnamed source whose head is a common noun ('analysts', 'Korean media')."""
    if head is None or head.pos_ == "PROPN":
        return ""
    kind = UNNAMED_KINDS.get(head.lower_) or UNNAMED_KINDS.get(head.lemma_.lower(), "")
    if not kind:
        return ""
    eid = ctx.table.at(head.idx, head.idx + len(head))
    # "Korean media" tagged as one name is still media of a kind, not an entity
    return kind if eid is None or ctx.type_of(eid) == GROUP or head.lower_ in _name_words(ctx, eid) else ""


def _outlets(ctx: Context, s: int, e: int) -> list[str]:
    return [eid for eid in ctx.table.within(s, e) if eid.startswith("outlet:")]


def _form_of(low: list[str], head: str) -> str:
    if len(low) == 1 and (low[0] in PERSONAL or low[0] in RELATIVE):
        return "pronoun"
    if low and low[0] in {"the", "this", "its", "his", "her", "their"} and head in DESCRIPTION_TYPES:
        return "description"
    return ""


def _relative_antecedent(ctx: Context, head: Token | None) -> str | None:
    """'X, who said ...': the entity the relative clause hangs on."""
    if head is None or head.lower_ not in RELATIVE:
        return None
    verb = head.head
    while verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        verb = verb.head
    if verb.dep_ != "relcl":
        return None
    ante = verb.head
    eid = ctx.table.at(ante.idx, ante.idx + len(ante))
    if eid is None:
        eid = next(
            (ctx.table.at(c.idx, c.idx + len(c)) for c in ante.children if c.dep_ in {"compound", "appos"}), None
        )
    return eid


def _appositive_name(ctx: Context, head: Token | None, s: int, e: int) -> str | None:
    """'its rival Dunmore Systems', 'the ministry's spokesman, Ana Ruiz': the name beside the head noun."""
    if head is None:
        return None
    for c in head.children:
        if c.dep_ == "appos" and s <= c.idx < e:
            eid = ctx.table.at(c.idx, c.idx + len(c))
            if eid is not None:
                return eid
    return None


def _named(ctx: Context, att: dict[str, Any], head: Token | None, s: int, e: int) -> str | None:
    """The entity the source phrase names at its head, beside it, or (for 'the U.S. government') inside it."""
    hs = att.get("source_head_span")
    eid = (ctx.table.at(*hs) if hs else None) or _appositive_name(ctx, head, s, e)
    lemma = head.lemma_.lower() if head is not None else ""
    if eid is None and (PLACE in DESCRIPTION_TYPES.get(lemma, ()) or lemma in HOLDER_HEADS):
        eid = next((i for i in ctx.table.within(s, e) if not i.startswith("outlet:")), None)
    return eid


def resolve_source(att: dict[str, Any], ctx: Context) -> tuple[SourceSpan | None, Resolution]:
    """Resolve one attribution's source phrase; records the result as a salient speaker."""
    if att["source"] is None:
        return None, Resolution(kind="outlet")
    s, e = att["source"]
    src_text = ctx.text[s:e]
    res = _resolve(att, ctx, s, e)
    if res.entity:
        res.kind = "named"
        ctx.speakers.append((s, res.entity))
        res.cited = [o for o in res.cited if o != res.entity]
    span = SourceSpan(
        s,
        e,
        src_text,
        res.entity,
        form=res.form,
        unnamed_kind=res.unnamed_kind,
        speaks_for=res.speaks_for,
        role=res.role,
    )
    return span, res


def _as_report(res: Resolution, ctx: Context, head_word: str, outlets: list[str], s: int) -> bool:
    """'a report by X', 'a published report': the outlet's statement."""
    if head_word not in REPORT_HEADS:
        return False
    res.entity = outlets[0] if outlets else resolve_description(ctx, "report", s)
    res.cited = outlets[1:]
    res.form = res.form or "description"
    return True


def _as_affiliated(res: Resolution, ctx: Context, toks: list[Token], head: Token | None, lemma: str) -> bool:
    """'a spokesman for X', 'X's CFO Y': the speaker and the organisation they speak for."""
    if head is None or not toks:
        return False
    person, org, role = affiliation(ctx, toks, head)
    if not org:
        return False
    res.entity, res.speaks_for, res.role = person or org, org, role
    res.form = "name" if person else "unnamed"
    res.unnamed_kind = "" if person else UNNAMED_KINDS.get(lemma, "spokesperson")
    return True


def _resolve(att: dict[str, Any], ctx: Context, s: int, e: int) -> Resolution:
    low = [w.lower() for w in _WORD.findall(ctx.text[s:e])]
    outlets = _outlets(ctx, s, e)
    hs = att.get("source_head_span")
    head = ctx.token_at(hs[0]) if hs else None
    head_word = (att.get("source_head_text") or "").lower()
    lemma = head.lemma_.lower() if head is not None else head_word
    res = Resolution(cited=outlets, form=_form_of(low, lemma))
    if not low or _as_report(res, ctx, head_word, outlets, s):
        return res
    toks = _tokens(ctx, s, e)
    if _as_affiliated(res, ctx, toks, head, lemma):
        return res
    kind = _unnamed_kind(head, ctx)
    if kind and _appositive_name(ctx, head, s, e):  # "a spokesman, Ana Ruiz": the name, not a kind
        kind = ""
    if kind and not (low[0] in {"the", "this"} and lemma in DESCRIPTION_TYPES):
        res.form, res.unnamed_kind = "unnamed", kind
        return res
    res.entity = _named(ctx, att, head, s, e) if not kind else None
    if res.entity:
        res.form = res.form or "name"
        return res
    modifiers = tuple(t.lower_ for t in toks if t.dep_ == "compound" and t.head == head)
    res.entity = _relative_antecedent(ctx, head) or _anaphor(ctx, low, lemma, s, modifiers)
    if res.entity is None and kind:
        res.form, res.unnamed_kind = "unnamed", kind
    return res


def _anaphor(ctx: Context, low: list[str], lemma: str, s: int, modifiers: tuple[str, ...] = ()) -> str | None:
    """'he' / 'it' / 'the company' / 'its board' / "the bank's chairman"."""
    if len(low) == 1 and low[0] in PRONOUN_TYPES:
        return resolve_pronoun(ctx, low[0], s)
    if low[0] in {"its", "their"} and lemma not in OTHER_PARTY_HEADS:  # "its board": the organisation itself
        return resolve_pronoun(ctx, low[0], s)
    if low[0] in {"the", "this"} and len(low) <= 3 and lemma in DESCRIPTION_TYPES:
        return resolve_description(ctx, lemma, s, modifiers=modifiers)
    return None


def speaks_for_relations(statements: list[AttributionRecord], table: EntityTable) -> list[RelationRecord]:
    """SPEAKS_FOR person -> organisation, one per pair, evidence the first statement's sentence."""
    out: dict[tuple[str, str], RelationRecord] = {}
    for st in statements:
        src = st.source
        if src is None or not src.speaks_for or not src.entity or src.entity == src.speaks_for:
            continue
        if table.type_of(src.entity) != PERSON:
            continue
        key = (src.entity, src.speaks_for)
        out.setdefault(key, RelationRecord(src.entity, SPEAKS_FOR, src.speaks_for, st.sentence, role=src.role))
    return list(out.values())
