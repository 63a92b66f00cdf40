"""Entity-to-entity relations with their evidence sentence.

Two cheap patterns over linked entities only (never every token): possessive/compound
products ("Acme's Foo 9", "Acme Foo 9" -> Acme MAKES Foo 9; "Acme CEO Jane Roe" -> LEADS) and
subject-verb-object triples whose subject and object are entities, typed by the verb.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extraction.entities import OUTLET, EntityTable
from extraction.records import RelationRecord, Span

VERB_TYPES: dict[str, str] = {
    **dict.fromkeys(
        ["make", "manufacture", "produce", "design", "build", "develop", "fabricate", "launch", "release", "unveil"],
        "MAKES",
    ),
    **dict.fromkeys(["own"], "OWNS"),
    **dict.fromkeys(["control", "run", "operate"], "CONTROLS"),
    **dict.fromkeys(["use", "utilize", "utilise", "deploy", "employ", "adopt", "rely"], "USES"),
    **dict.fromkeys(["acquire", "buy", "purchase", "obtain"], "ACQUIRES"),
    **dict.fromkeys(["supply", "provide", "ship", "deliver"], "SUPPLIES"),
    **dict.fromkeys(["sell", "export"], "SELLS"),
    **dict.fromkeys(["invest", "fund", "back", "finance"], "INVESTS_IN"),
    **dict.fromkeys(["partner", "collaborate", "ally", "team"], "PARTNERS_WITH"),
    **dict.fromkeys(["sue"], "SUES"),
    **dict.fromkeys(["ban", "block", "prohibit", "restrict", "sanction", "blacklist"], "BANS"),
    **dict.fromkeys(["join"], "WORKS_FOR"),
    **dict.fromkeys(["lead", "head", "chair"], "LEADS"),
}
LEADER_TITLES = frozenset(
    [
        "ceo",
        "chief",
        "chairman",
        "chairwoman",
        "chair",
        "president",
        "founder",
        "co-founder",
        "cofounder",
        "head",
        "director",
        "boss",
    ]
)
WORKER_TITLES = frozenset(
    ["spokesperson", "spokesman", "spokeswoman", "engineer", "analyst", "executive", "employee", "researcher"]
)
_MAKER_TYPES = {"Organization"}
_AGENT_TYPES = {"Organization", "Person", "Place", "Group"}


def _ent_at(table: EntityTable, tok: Token) -> str | None:
    return table.at(tok.idx, tok.idx + len(tok))


def _evidence(tok: Token) -> Span:
    sent = tok.sent
    return Span(sent.start_char, sent.end_char, sent.text)


def _object_entities(table: EntityTable, verb: Token) -> list[tuple[str, str]]:
    """(entity id, preposition) for the verb's object and prepositional objects."""
    out: list[tuple[str, str]] = []
    for c in verb.children:
        if c.dep_ in {"dobj", "attr"}:
            for t in c.subtree:
                if t.dep_ in {"dobj", "compound", "attr", "appos", "conj", "pobj"} or t is c:
                    eid = _ent_at(table, t)
                    if eid:
                        out.append((eid, ""))
                        break
        elif c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    eid = _ent_at(table, g)
                    if eid:
                        out.append((eid, c.lower_))
    return out


def find_relations(doc: Doc, table: EntityTable) -> list[RelationRecord]:
    rels: list[RelationRecord] = []
    seen: set[tuple[str, str, str, int]] = set()

    def add(subj: str, pred: str, obj: str, tok: Token, verb: str) -> None:
        if subj == obj or subj.startswith("outlet:") or obj.startswith("outlet:"):
            return
        ev = _evidence(tok)
        key = (subj, pred, obj, ev.start)
        if key not in seen:
            seen.add(key)
            rels.append(RelationRecord(subject=subj, predicate=pred, object=obj, evidence=ev, verb=verb))

    for rec in table.records:
        if rec.type == OUTLET:
            continue
        for m in rec.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            # "Acme's Foo 9": possessive org modifying a product
            if rec.type in _MAKER_TYPES and span.end < len(doc) and doc[span.end].tag_ == "POS":
                owner_head = root.head
                obj = None
                for t in doc[span.end + 1 : max(owner_head.i + 1, span.end + 1)]:
                    eid = _ent_at(table, t)
                    if eid and table.type_of(eid) == "Product":
                        obj = eid
                        break
                if obj:
                    add(rec.id, "MAKES", obj, root, "'s")
                elif owner_head.lower_ in LEADER_TITLES | WORKER_TITLES:
                    _titled(table, owner_head, rec.id, add)
            # "Acme Foo 9" / "Acme CEO Jane Roe": org as compound modifier
            if rec.type in _MAKER_TYPES and root.dep_ == "compound":
                head = root.head
                obj = _ent_at(table, head)
                if obj and obj != rec.id and table.type_of(obj) == "Product":
                    add(rec.id, "MAKES", obj, root, "")
                elif head.lower_ in LEADER_TITLES | WORKER_TITLES:
                    _titled(table, head, rec.id, add)
            # subject-verb-object
            if root.dep_ == "nsubj" and root.head.pos_ in {"VERB", "AUX"} and rec.type in _AGENT_TYPES:
                verb = root.head
                lemma = verb.lemma_.lower()
                if lemma in {"say", "tell", "report", "be"}:
                    continue
                pred = VERB_TYPES.get(lemma, "RELATED_TO")
                if pred == "RELATED_TO" and rec.type not in {"Organization", "Person"}:
                    continue
                for obj, prep in _object_entities(table, verb):
                    p = pred
                    if lemma in {"base", "locate", "headquarter"} or (prep == "in" and pred == "RELATED_TO"):
                        p = "LOCATED_IN" if table.type_of(obj) == "Place" else pred
                    if lemma == "work" and prep == "for":
                        p = "WORKS_FOR"
                    if lemma == "invest" and prep != "in":
                        continue
                    add(rec.id, p, obj, verb, verb.lemma_)
    return rels


def _titled(table: EntityTable, title: Token, org: str, add) -> None:
    """'Acme CEO Jane Roe' / "Acme's chief executive, Jane Roe": the person leads or works for the org."""
    pred = "LEADS" if title.lower_ in LEADER_TITLES else "WORKS_FOR"
    for t in [title.head, *title.head.children] if title.dep_ == "compound" else list(title.children):
        pid = _ent_at(table, t)
        if pid and table.type_of(pid) == "Person":
            add(pid, pred, org, title, title.text)
            return
