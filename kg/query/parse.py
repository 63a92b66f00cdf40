"""Read a parsed question: which intent it asks, who the source is, and what the claim text is.

Intents are picked from lemmas and a few dependency cues, so paraphrases ("who denied",
"which companies rejected", "by whom was ... disputed") land on the same intent. Only general
question and news vocabulary lives here; nothing about any one story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.query.linking import Mention

# --- intents --------------------------------------------------------------------------------
CLAIMANTS = "claimants"
STATEMENTS_BY = "statements_by"
DENIERS = "deniers"
DENIALS_BY = "denials_by"
NO_COMMENT = "no_comment"
OUTLETS = "outlets"
ORIGIN = "origin"
CONTESTED = "contested"
ARTICLES = "articles"
COMENTIONS = "comentions"
CLAIMS_ABOUT = "claims_about"
RELATION = "relation"
CONNECTION = "connection"
TIMELINE = "timeline"
FALLBACK = "fallback"
UNPARSED = "unparsed"

# --- general question and news vocabulary (lemmas) --------------------------------------------
SAY = frozenset(
    [
        "say",
        "claim",
        "report",
        "allege",
        "state",
        "assert",
        "suggest",
        "tell",
        "write",
        "announce",
        "argue",
        "note",
        "accuse",
        "maintain",
        "insist",
        "contend",
        "disclose",
        "reveal",
        "confirm",
        "indicate",
        "quote",
        "speak",
        "declare",
        "testify",
        "tweet",
        "post",
        "add",
        "explain",
        "warn",
        "describe",
        "mention",
    ]
)
DENY = frozenset(
    [
        "deny",
        "reject",
        "dismiss",
        "refute",
        "dispute",
        "rebut",
        "contradict",
        "repudiate",
        "disavow",
        "contest",
        "denial",
        "denier",
        "disagree",
    ]
)
RESPOND = frozenset(["comment", "respond", "react", "reply", "answer"])
SILENT = frozenset(["silent", "silence", "mum", "quiet"])
NEGATION = frozenset(["decline", "refuse", "not", "no", "never", "n't", "fail", "unwilling", "without", "unavailable"])
OUTLET_NOUNS = frozenset(
    [
        "outlet",
        "publication",
        "media",
        "newspaper",
        "paper",
        "site",
        "website",
        "publisher",
        "press",
        "magazine",
        "channel",
        "broadcaster",
        "newsroom",
        "journal",
        "tabloid",
    ]
)
CARRY = frozenset(["carry", "cover", "publish", "relay", "echo", "print", "air", "repeat", "run", "pick"])
CITE = frozenset(["cite", "quote"])
SOURCE_NOUNS = frozenset(["source"])
ORIGIN_WORDS = frozenset(
    [
        "originate",
        "origin",
        "originally",
        "original",
        "provenance",
        "earliest",
        "first",
        "initially",
        "begin",
        "start",
        "trace",
    ]
)
ORIGIN_PHRASES = ("come from", "came from", "break the story", "broke the story", "primary source")
TIMELINE_WORDS = frozenset(
    [
        "timeline",
        "chronology",
        "chronological",
        "chronologically",
        "evolve",
        "unfold",
        "progression",
        "sequence",
        "spread",
    ]
)
TIMELINE_PHRASES = ("over time", "in what order", "what order", "history of")
CONTESTED_WORDS = frozenset(
    [
        "contested",
        "disputed",
        "controversial",
        "conflicting",
        "contradictory",
        "contentious",
        "disagreement",
        "challenged",
    ]
)
CLAIM_NOUNS = frozenset(
    [
        "claim",
        "allegation",
        "accusation",
        "assertion",
        "statement",
        "rumor",
        "rumour",
        "story",
        "report",
        "reports",
        "allegations",
        "claims",
        "contention",
    ]
)
ARTICLE_NOUNS = frozenset(["article", "story", "piece", "coverage", "document", "text", "news", "item"])
MENTION_VERBS = frozenset(
    ["mention", "discuss", "cover", "feature", "reference", "name", "talk", "refer", "involve", "about", "include"]
)
COMENTION_WORDS = frozenset(["alongside", "together", "co", "cooccur", "comention", "co-mention", "co-occur"])
CONNECT_WORDS = frozenset(
    ["connect", "connection", "relate", "relation", "relationship", "link", "tie", "associate", "between"]
)
ABOUT_PREPS = frozenset(
    ["about", "regarding", "concerning", "on", "against", "involving", "involve", "concern", "re", "of", "around"]
)
WH = frozenset(["who", "whom", "whose", "what", "which", "where", "when", "how", "why"])
GENERIC = frozenset(
    [
        "claim",
        "allegation",
        "accusation",
        "assertion",
        "statement",
        "rumor",
        "rumour",
        "report",
        "story",
        "article",
        "outlet",
        "source",
        "publication",
        "media",
        "people",
        "person",
        "entity",
        "thing",
        "anyone",
        "anybody",
        "someone",
        "somebody",
        "one",
        "company",
        "organisation",
        "organization",
        "question",
        "news",
        "piece",
        "coverage",
        "fact",
        "information",
        "show",
        "give",
        "list",
        "tell",
        "find",
        "let",
        "know",
        "please",
        "detail",
        "everything",
    ]
)

# Role nouns a name can stand in apposition to as a speaker ("the company Acme said").
AGENT_NOUNS = frozenset(
    [
        "company",
        "firm",
        "group",
        "organisation",
        "organization",
        "giant",
        "maker",
        "manufacturer",
        "startup",
        "business",
        "government",
        "agency",
        "ministry",
        "department",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "executive",
        "boss",
        "chief",
        "analyst",
        "newspaper",
        "outlet",
        "network",
        "broadcaster",
        "lawyer",
        "minister",
        "president",
        "leader",
    ]
)

# Relation verbs and nouns -> ontology relationship types.
RELATION_CUES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ["make", "manufacture", "produce", "build", "design", "fabricate", "maker", "manufacturer", "producer"],
        ("MAKES",),
    ),
    **dict.fromkeys(["own", "owner", "possess"], ("OWNS", "CONTROLS")),
    **dict.fromkeys(["control"], ("CONTROLS", "OWNS")),
    **dict.fromkeys(["use", "utilize", "utilise", "rely", "deploy", "user"], ("USES",)),
    **dict.fromkeys(["acquire", "buy", "purchase", "buyer", "acquisition"], ("ACQUIRES",)),
    **dict.fromkeys(["supply", "provide", "supplier", "provider"], ("SUPPLIES", "SELLS")),
    **dict.fromkeys(["sell", "seller", "vendor"], ("SELLS", "SUPPLIES")),
    **dict.fromkeys(["invest", "investor", "fund", "back"], ("INVESTS_IN",)),
    **dict.fromkeys(["partner", "collaborate", "partnership"], ("PARTNERS_WITH",)),
    **dict.fromkeys(["sue", "lawsuit"], ("SUES",)),
    **dict.fromkeys(["ban", "prohibit", "restrict", "sanction", "block"], ("BANS",)),
    **dict.fromkeys(["employ", "employer", "employee"], ("WORKS_FOR",)),
    **dict.fromkeys(["run"], ("LEADS", "CONTROLS", "OWNS")),
    **dict.fromkeys(
        ["lead", "head", "chair", "ceo", "boss", "chief", "leader", "founder", "found"], ("LEADS", "WORKS_FOR")
    ),
    **dict.fromkeys(["locate", "base", "headquarter", "headquarters"], ("LOCATED_IN",)),
}

_QUOTE = re.compile(
    r"[\"\u201c\u201d\u00ab\u00bb]([^\"\u201c\u201d\u00ab\u00bb]{3,})[\"\u201c\u201d\u00ab\u00bb]|'([^']{8,})'"
)


@dataclass
class Parsed:
    text: str
    doc: Doc
    intent: str
    mentions: list[Mention]
    agents: list[Mention] = field(default_factory=list)  # who spoke (the S of "what did S say")
    topics: list[Mention] = field(default_factory=list)  # mentions inside the claim / subject of the question
    claim_text: str = ""
    claim_words: list[str] = field(default_factory=list)  # content words to match claims with
    relation_types: tuple[str, ...] = ()
    relation_dir: str = "in"  # "in": the linked entity is the object ("who makes X"); "out": the subject
    stances: tuple[str, ...] = ("asserts",)
    cue: str = ""


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _quoted_span(doc: Doc) -> tuple[int, int] | None:
    m = _QUOTE.search(doc.text)
    if not m:
        return None
    start, end = m.span(1) if m.group(1) else m.span(2)
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def _clause_span(doc: Doc) -> tuple[int, int] | None:
    """The claim clause: a 'that'/'whether' clause, or the complement of a reporting verb."""
    for t in doc:
        if _lemma(t) in ("that", "whether", "if") and t.dep_ == "mark" and t.head.i > t.i:
            return (t.i + 1, t.head.right_edge.i + 1)
    for t in doc:
        if t.dep_ == "ccomp" and (_lemma(t.head) in SAY | DENY) and t.i > t.head.i:
            if _lemma(doc[t.left_edge.i]) in WH:  # "tell me what S said" is an embedded question, not a claim
                continue
            return (t.left_edge.i, t.right_edge.i + 1)
    return None


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    return any(p in text for p in phrases)


def _no_comment(tokens: list[Token]) -> bool:
    lemmas = [_lemma(t) for t in tokens]
    for i, lem in enumerate(lemmas):
        if lem in SILENT:
            return True
        if lem in RESPOND or lem == "comment":
            window = lemmas[max(0, i - 4) : i]
            if any(w in NEGATION for w in window) or (i + 1 < len(lemmas) and lemmas[i - 1 : i] == ["no"]):
                return True
    return False


def _contested(tokens: list[Token], wh: str) -> bool:
    """'contested/disputed claims' (an adjective or passive), not 'who disputed X' (a verb with a subject)."""
    for t in tokens:
        if _lemma(t) == "disagree" and wh not in ("who", "whom"):
            return True
        if t.lower_ not in CONTESTED_WORDS:
            continue
        if t.pos_ == "ADJ" or t.dep_ in ("amod", "acomp", "oprd", "attr", "ccomp", "xcomp", "conj"):
            return True
        if t.tag_ == "VBN" and (any(c.dep_ == "auxpass" for c in t.children) or t.dep_ != "ROOT") and wh != "who":
            return True
    return False


def _outlet_focus(tokens: list[Token]) -> bool:
    """The question asks for outlets ("which outlets", "what media", "newspapers that ran ..."),
    rather than naming one as a thing ("the campaign website was blocked")."""
    for t in tokens:
        if _lemma(t) not in OUTLET_NOUNS:
            continue
        if t.i <= 2 or t.dep_ in ("nsubj", "nsubjpass") or any(_lemma(c) in WH for c in t.children):
            return True
        if t.head.lemma_.lower() in OUTLET_NOUNS and any(_lemma(c) in WH for c in t.head.children):
            return True
    return False


def _is_claim_noun(t: Token) -> bool:
    """'claims' as a noun, also where the small model tags it a verb but parses it as a subject or object."""
    if _lemma(t) not in CLAIM_NOUNS:
        return False
    return t.pos_ in ("NOUN", "PROPN") or t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr")


def _in(mention: Mention, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= mention.start < span[1]


def _agents(doc: Doc, cue: Token | None, mentions: list[Mention], claim: tuple[int, int] | None) -> list[Mention]:
    """Mentions that are the speaker: subject of the cue, 'by'/'from' agent, or possessor of a cue noun."""
    if cue is None:
        return []
    out: list[Mention] = []
    for m in mentions:
        if _in(m, claim):
            continue
        for root in doc[m.start : m.end]:
            head = root.head
            if m.start <= head.i < m.end:
                continue
            # "the company Microsoft said": climb from an apposition or compound to its noun
            if (
                root.dep_ in ("appos", "compound", "nmod")
                and _lemma(head) in AGENT_NOUNS
                and head.dep_ in ("nsubj", "nsubjpass")
                and head.i != cue.i
            ):
                root, head = head, head.head
            if (
                (head.i == cue.i and root.dep_ in ("nsubj", "nsubjpass", "poss", "compound", "npadvmod"))
                or (root.dep_ == "pobj" and _lemma(head) in ("by", "from") and head.head.i in (cue.i, cue.head.i))
                or (root.dep_ == "poss" and _lemma(head) in CLAIM_NOUNS | DENY | SAY)
                or (m.end <= cue.i and root.dep_ in ("nsubj", "nsubjpass") and head.i in (cue.i, cue.head.i))
            ):
                out.append(m)
                break
        else:
            # "What sources did Yahoo Finance cite?": the name sits between an auxiliary and the cue
            between = doc[m.end : cue.i]
            if (
                m.start > 0
                and m.end <= cue.i
                and doc[m.start - 1].pos_ == "AUX"
                and all(t.pos_ in ("ADV", "PART") for t in between)
            ):
                out.append(m)
    return out


def content_words(tokens: list[Token], drop: set[int]) -> list[str]:
    """Lower-cased content words of ``tokens`` (minus cue words and question scaffolding)."""
    words: list[str] = []
    for t in tokens:
        if t.i in drop or t.is_punct or t.is_space or (t.like_num and len(t.text) < 2):
            continue
        low = t.text.lower()
        lem = _lemma(t)
        if t.is_stop or lem in WH or low in WH or lem in GENERIC or not re.search(r"\w", low):
            continue
        words.append(low)
    return words


def interpret(text: str, doc: Doc, mentions: list[Mention]) -> Parsed:
    """Pick the intent and split the question into speaker, claim and topic."""
    quoted = _quoted_span(doc)
    clause = quoted or _clause_span(doc)
    outside = [t for t in doc if not (clause and clause[0] <= t.i < clause[1])]
    lemmas_out = {_lemma(t) for t in outside}
    low_text = " ".join(t.lower_ for t in outside)
    wh = next((_lemma(t) for t in doc[:4] if _lemma(t) in WH), "")
    entity_groups = {m.ids[0] for m in mentions}
    p = Parsed(text=text, doc=doc, intent=FALLBACK, mentions=mentions)

    def first(words: frozenset[str] | set[str]) -> Token | None:
        # a claim noun ("claims", "report") is the thing asked about, not a reporting verb
        return next((t for t in outside if _lemma(t) in words and not _is_claim_noun(t)), None)

    cue: Token | None = None
    say_cue = first(SAY | DENY | RESPOND | {"accord"})
    if (
        say_cue is not None
        and _lemma(say_cue) == "tell"
        and say_cue.i + 1 < len(doc)
        and doc[say_cue.i + 1].lower_ in ("me", "us")
    ):
        outside = [t for t in outside if t.i != say_cue.i]
        say_cue = first(SAY | DENY | RESPOND | {"accord"})
    claim_noun = next((t for t in outside if _is_claim_noun(t)), None)

    if _no_comment(outside):
        p.intent, p.stances = NO_COMMENT, ("no_comment",)
        cue = first(RESPOND | SILENT | {"decline", "refuse"})
    elif len(entity_groups) >= 2 and lemmas_out & CONNECT_WORDS and wh in ("how", "what", "") and not clause:
        p.intent = CONNECTION
    elif _contested(outside, wh) or _has_phrase(low_text, ("asserted and denied", "both asserted")):
        p.intent = CONTESTED
    elif (
        lemmas_out & TIMELINE_WORDS
        or _has_phrase(low_text, TIMELINE_PHRASES)
        or (wh == "when" and not lemmas_out & {"first", "earliest"})
    ):
        p.intent = TIMELINE
        p.stances = ("asserts", "denies", "no_comment")
    elif (
        (
            lemmas_out & ORIGIN_WORDS
            and (
                say_cue
                or claim_noun
                or lemmas_out & {"originate", "origin", "provenance"}
                or wh in ("where", "who", "when")
            )
        )
        or _has_phrase(low_text, ORIGIN_PHRASES)
        or ("break" in lemmas_out and lemmas_out & {"story", "news"})
    ):
        p.intent = ORIGIN
        p.stances = ("asserts", "denies", "no_comment")
    elif wh == "where" and lemmas_out & {"mention", "appear", "discuss", "feature", "name"} and not clause:
        p.intent = ARTICLES
    elif (
        _outlet_focus(outside)
        or (wh == "where" and (say_cue or lemmas_out & CARRY))
        or (lemmas_out & CARRY and (claim_noun is not None or clause is not None) and wh in ("who", "which", "what"))
        or (lemmas_out & CITE and lemmas_out & SOURCE_NOUNS)
    ):
        p.intent = OUTLETS
        cue = first(CARRY | SAY | CITE)
        p.agents = [m for m in _agents(doc, cue, mentions, clause) if m.kind in ("Outlet", "Source")]
    elif lemmas_out & COMENTION_WORDS or (
        lemmas_out & {"mention", "appear", "feature", "name"} and "with" in lemmas_out
    ):
        p.intent = COMENTIONS
    elif (
        lemmas_out & ARTICLE_NOUNS
        and (lemmas_out & MENTION_VERBS or wh in ("which", "what"))
        and not (clause and say_cue)
        and not lemmas_out & (CLAIM_NOUNS - ARTICLE_NOUNS)
    ) or (wh == "where" and lemmas_out & {"mention", "appear", "discuss", "cover"}):
        p.intent = ARTICLES
    elif len(entity_groups) >= 2 and lemmas_out & CONNECT_WORDS and not clause:
        p.intent = CONNECTION
    else:
        deny_cue = first(DENY) or next(
            (
                t
                for t in outside
                if _lemma(t) in ("push", "brush", "shoot")
                and t.i + 1 < len(doc)
                and doc[t.i + 1].lower_ in ("back", "off", "down")
            ),
            None,
        )
        say_any = first(SAY | RESPOND | {"accord"})
        rel_cue = next(
            (t for t in outside if _lemma(t) in RELATION_CUES and t.pos_ in ("VERB", "NOUN", "AUX", "PROPN", "ADJ")),
            None,
        )
        make_claim = claim_noun is not None and rel_cue is not None and _lemma(rel_cue) == "make"
        poss_agents = _agents(doc, claim_noun, mentions, clause) if claim_noun is not None else []
        about_topic = claim_noun is not None and bool(lemmas_out & ABOUT_PREPS) and wh not in ("who", "whom")
        if about_topic and mentions and deny_cue is None:
            p.intent = CLAIMS_ABOUT
            cue = claim_noun
        elif deny_cue is not None and (say_any is None or deny_cue.i <= say_any.i or not clause):
            cue = deny_cue
            p.stances = ("denies",)
            p.intent = DENIERS
        elif poss_agents and deny_cue is None and say_any is None and not about_topic:
            cue = claim_noun
            p.intent = CLAIMANTS  # becomes statements_by below, with the possessor as the speaker
        elif say_any is not None or make_claim or (claim_noun is not None and wh in ("who", "whom")):
            cue = say_any or (rel_cue if make_claim else claim_noun)
            p.intent = CLAIMANTS
            if cue is not None and _lemma(cue) in RESPOND:
                p.stances = ("asserts", "denies", "no_comment")
        elif rel_cue is not None and mentions:
            cue = rel_cue
            p.intent = RELATION
            p.relation_types = RELATION_CUES[_lemma(rel_cue)]
        elif claim_noun is not None and mentions:
            p.intent = CLAIMS_ABOUT
            cue = claim_noun
        elif mentions and (
            lemmas_out & ABOUT_PREPS or wh in ("what", "who", "tell", "") or lemmas_out & {"know", "tell"}
        ):
            p.intent = CLAIMS_ABOUT
        p.cue = cue.text if cue is not None else ""
        if p.intent in (CLAIMANTS, DENIERS):
            agents = _agents(doc, cue, mentions, clause)
            asks_for_source = (wh == "" and clause is not None) or (
                wh in ("who", "whom", "whose")
                or (wh == "which" and not (claim_noun is not None and claim_noun.i <= 2))
                or "accord" in lemmas_out
                or _has_phrase(low_text, ("by whom", "anyone", "anybody", "someone"))
            )
            if agents and not (asks_for_source and clause):
                p.agents = agents
                if p.intent == CLAIMANTS:
                    p.intent, p.stances = STATEMENTS_BY, ("asserts", "denies", "no_comment")
                else:
                    p.intent = DENIALS_BY
            elif (
                p.intent == DENIERS
                and claim_noun is not None
                and claim_noun.i <= 2
                and not clause
                and not agents
                and wh in ("which", "what")
            ):
                p.intent = CONTESTED
            elif (
                p.intent == CLAIMANTS
                and wh == "what"
                and not agents
                and not clause
                and mentions
                and lemmas_out & ABOUT_PREPS
            ):
                p.intent = CLAIMS_ABOUT  # "what is being said about E"
        if p.intent == RELATION and cue is not None:
            # "What does E make?": E is the subject; "Who makes E?", "E's CEO", "the maker of E": the object
            before = [m for m in mentions if m.end <= cue.i and not _in(m, clause)]
            p.relation_dir = "out" if before and cue.pos_ != "NOUN" else "in"
            if _lemma(cue) in ("locate", "base", "headquarter", "headquarters"):
                p.relation_dir = "out"

    p.cue = p.cue or (cue.text if cue is not None else "")
    drop = {
        t.i
        for t in outside
        if _lemma(t)
        in SAY
        | DENY
        | RESPOND
        | CARRY
        | CITE
        | ORIGIN_WORDS
        | TIMELINE_WORDS
        | CONTESTED_WORDS
        | OUTLET_NOUNS
        | CONNECT_WORDS
        | COMENTION_WORDS
        | SILENT
        | NEGATION
        | MENTION_VERBS
    }
    if cue is not None:
        drop.add(cue.i)
    for m in p.agents:
        drop.update(range(m.start, m.end))
    claim_tokens = [t for t in doc if clause and clause[0] <= t.i < clause[1]] if clause else list(doc)
    p.claim_text = doc[clause[0] : clause[1]].text if clause else ""
    p.claim_words = content_words(claim_tokens, drop)
    agent_ids = {i for m in p.agents for i in m.ids}
    p.topics = [m for m in mentions if not set(m.ids) & agent_ids]
    return p
