"""Which intent a question asks: an ordered table of rules, the first that fits wins.

Each row of ``RULES`` is a ``Rule``: a name, the intent it gives, the ``Matcher`` phrase patterns
(names of groups in ``question_patterns.json``) that fire it, a small predicate over the question's
``Features`` that fires it too, and a setter for the cue, stances or speakers. After a row fires,
the rows of ``REFINEMENTS`` for that intent may narrow it (a named speaker turns "claimants" into
"statements_by").

To add a question shape:
  1. put any new words or multi-word cues in ``kg/query/question_patterns.json`` (lemma lists under
     ``words``, spaCy Matcher patterns under ``phrases``) and read them in ``kg/query/words.py``;
  2. add a ``Rule(...)`` row to ``RULES`` at the priority it needs (rows above it win), with a new
     intent constant in ``kg/query/parse.py`` and a handler in ``kg.query.engine.HANDLERS``;
  3. add an example question for the row to ``tests/query/test_intent_rules.py`` (a test fails
     for any row without one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Token

from extraction import cues
from extraction.records import STANCES
from kg.query import parse
from kg.query import words as W
from kg.query.linking import Mention

ALL_STANCES = STANCES


@dataclass
class Features:
    """What the rules look at, computed once per question (cached properties on demand)."""

    doc: Doc
    mentions: list[Mention]
    clause: tuple[int, int] | None
    outside: list[Token]
    wh: str
    lemmas: set[str] = field(default_factory=set)  # lemmas outside the claim clause
    phrases: set[str] = field(default_factory=set)  # phrase groups matched outside the claim clause
    say_cue: Token | None = None
    claim_noun: Token | None = None

    def first(self, lemmas: frozenset[str] | set[str]) -> Token | None:
        """First token outside the claim with one of ``lemmas`` (a claim noun is asked about, not a cue)."""
        return next((t for t in self.outside if parse._lemma(t) in lemmas and not parse._is_claim_noun(t)), None)

    def has(self, lemmas: frozenset[str] | set[str]) -> bool:
        return bool(self.lemmas & lemmas)

    def has_verb(self, lemmas: frozenset[str] | set[str]) -> bool:
        """One of ``lemmas`` outside the claim, used as a verb or participle (not 'the firm')."""
        return any(parse._lemma(t) in lemmas and t.pos_ in ("VERB", "AUX", "ADJ") for t in self.outside)

    @cached_property
    def groups(self) -> int:
        """How many distinct graph entities the question names."""
        return len({m.ids[0] for m in self.mentions})

    @cached_property
    def deny_cue(self) -> Token | None:
        return self.first(W.DENY) or self._push_back or self._dispute_phrase

    @property
    def _dispute_phrase(self) -> Token | None:
        """'challenged', 'called it a hoax', 'said it was false': a QUESTION_DISPUTE pattern outside the claim."""
        inside = set(range(*self.clause)) if self.clause else set()
        starts = [s for s, e in cues.find(self.doc).get("QUESTION_DISPUTE", []) if not inside & set(range(s, e))]
        return self.doc[starts[0]] if starts else None

    @property
    def _push_back(self) -> Token | None:
        """'pushed back on', 'brushed off': a phrase pattern's first token."""
        return next((t for t in self.outside if ("push_back", t.i) in self._phrase_starts), None)

    @cached_property
    def _phrase_starts(self) -> set[tuple[str, int]]:
        return {(name, start) for name, start, _ in W.phrase_matches(self.doc)}

    @cached_property
    def say_any(self) -> Token | None:
        return self.first(W.SAY | W.RESPOND | {"accord"})

    @cached_property
    def rel_cue(self) -> Token | None:
        cue = next(
            (
                t
                for t in self.outside
                if parse._lemma(t) in W.RELATION_CUES and t.pos_ in ("VERB", "NOUN", "AUX", "PROPN", "ADJ")
            ),
            None,
        )
        # "made an offer for E": a light verb hands the relation to its object noun
        if cue is not None and parse._lemma(cue) in W.words("light_verbs"):
            return next((c for c in cue.children if c.dep_ == "dobj" and parse._lemma(c) in W.RELATION_CUES), cue)
        return cue

    @cached_property
    def unknown(self) -> list[str]:
        """Names the question uses (spaCy NER) that link to nothing in the graph."""
        taken = {i for m in self.mentions for i in range(m.start, m.end)}
        return [
            e.text
            for e in self.doc.ents
            if e.label_ in W.words("name_labels")
            and not taken & set(range(e.start, e.end))
            and sum(1 for t in e if t.pos_ == "PROPN") >= 2  # one odd word may be a misspelt name ("Nvidea")
        ]

    @cached_property
    def stance_noun(self) -> Token | None:
        """'S's denial', 'S's claims', 'S's comment': a statement noun with a named possessor."""
        nouns = W.DENY | W.CLAIM_NOUNS | W.RESPOND
        return next(
            (t for t in self.outside if parse._lemma(t) in nouns and t.pos_ == "NOUN" and self.possessors(t)), None
        )

    def possessors(self, noun: Token) -> list[Mention]:
        owners = {c.i for c in noun.children if c.dep_ == "poss"}
        return [m for m in self.mentions if any(m.start <= i < m.end for i in owners)]

    @cached_property
    def thing(self) -> Token | None:
        """'which company ...', 'what chips ...': the noun a wh-word asks about, when it names a kind of entity.

        Not when that noun is the speaker ('which company denied ...': a deniers question).
        """
        wh = next((t for t in self.doc[:2] if parse._lemma(t) in ("which", "what")), None)
        if wh is None:
            return None
        noun = wh.head if wh.dep_ == "det" else None
        if noun is None or parse._lemma(noun) not in W.THING_TYPES:
            noun = next((t for t in self.doc[wh.i + 1 : wh.i + 5] if parse._lemma(t) in W.THING_TYPES), None)
        if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
            return None
        speaks = W.SAY | W.DENY | W.RESPOND | W.CARRY | W.CITE | W.words("speech_heads")
        if noun.dep_ in ("nsubj", "nsubjpass") and parse._lemma(noun.head) in speaks:
            return None
        if self._titles(noun):  # "what did the lawyer Jane Smith say": a title of a named person
            return None
        return noun

    def _titles(self, noun: Token) -> bool:
        """The noun is a title of a name the question links ('the lawyer J. Smith', 'J. Smith, the lawyer')."""
        linked = {i for m in self.mentions for i in range(m.start, m.end)}
        if noun.i + 1 in linked or noun.i in linked:
            return True
        return any(c.dep_ == "appos" and c.i in linked for c in noun.children) or (
            noun.dep_ == "appos" and noun.head.i in linked
        )

    @cached_property
    def speaker_kind(self) -> tuple[str, ...]:
        """'which company denied ...', 'which oil firm declined ...': the entity labels the speaker must have."""
        wh = next((t for t in self.doc[:2] if parse._lemma(t) in ("which", "what")), None)
        noun = wh.head if wh is not None and wh.dep_ == "det" else None
        if noun is None or parse._lemma(noun) not in W.THING_TYPES or noun.dep_ not in ("nsubj", "nsubjpass"):
            return ()
        return W.THING_TYPES[parse._lemma(noun)]

    @cached_property
    def make_claim(self) -> bool:
        """'who made the claim': 'make' with a claim noun is a reporting verb, not a relation."""
        return self.claim_noun is not None and self.rel_cue is not None and parse._lemma(self.rel_cue) == "make"

    @cached_property
    def poss_agents(self) -> list[Mention]:
        if self.claim_noun is None:
            return []
        return parse._agents(self.doc, self.claim_noun, self.mentions, self.clause)

    @cached_property
    def about_topic(self) -> bool:
        """'claims about E' (not 'who made claims about E')."""
        return self.claim_noun is not None and self.has(W.ABOUT_PREPS) and self.wh not in ("who", "whom")


def features(doc: Doc, mentions: list[Mention]) -> Features:
    """Split the question into the claim clause (quoted or 'that ...') and the words around it."""
    clause = parse._cue_clause(doc) or parse._quoted_span(doc) or parse._clause_span(doc)
    outside = [t for t in doc if not (clause and clause[0] <= t.i < clause[1])]
    inside = set(range(*clause)) if clause else set()
    phrases = {name for name, s, e in W.phrase_matches(doc) if not inside & set(range(s, e))}
    f = Features(
        doc, mentions, clause, outside, wh=next((parse._lemma(t) for t in doc[:4] if parse._lemma(t) in W.WH), "")
    )
    f.phrases = phrases
    f.lemmas = {parse._lemma(t) for t in outside}
    say_cue = f.first(W.SAY | W.DENY | W.RESPOND | {"accord"})
    if say_cue is not None and any(s == say_cue.i for name, s, _ in W.phrase_matches(doc) if name == "tell_me"):
        f.outside = [t for t in outside if t.i != say_cue.i]  # "tell me what S said": 'tell' is no cue
        say_cue = f.first(W.SAY | W.DENY | W.RESPOND | {"accord"})
    f.say_cue = say_cue
    f.claim_noun = next((t for t in f.outside if parse._is_claim_noun(t)), None)
    return f


Setter = Callable[[Features, parse.Parsed], "Token | None"]


def _no_cue(f: Features, p: parse.Parsed) -> Token | None:
    return None


@dataclass(frozen=True)
class Rule:
    """One row: ``intent`` when a phrase group in ``phrases`` matched or ``when`` holds."""

    name: str
    intent: str
    when: Callable[[Features], bool]
    phrases: tuple[str, ...] = ()
    then: Setter = _no_cue  # sets stances etc.; returns the cue token

    def fires(self, f: Features) -> bool:
        return bool(f.phrases & set(self.phrases)) or self.when(f)


# ------------------------------------------------------------------------------ predicates


def _origin(f: Features) -> bool:
    if f.has(W.ORIGIN_WORDS) and (
        f.say_cue or f.claim_noun or f.has(W.words("origin_strong")) or f.wh in ("where", "who", "when")
    ):
        return True
    return "break" in f.lemmas and f.has(W.words("break_objects"))


def _outlets(f: Features) -> bool:
    if parse._outlet_focus(f.outside) or (f.has(W.CITE) and f.has(W.SOURCE_NOUNS)):
        return True
    if f.wh == "where" and (f.say_cue is not None or f.has(W.CARRY)):
        return True
    asked = f.claim_noun is not None or f.clause is not None or f.stance_noun is not None
    return f.has(W.CARRY) and asked and f.wh in ("who", "which", "what")


def _articles(f: Features) -> bool:
    if f.wh == "where" and f.has(W.words("where_mention")):
        return True
    return (
        f.has(W.ARTICLE_NOUNS)
        and (f.has(W.MENTION_VERBS) or f.wh in ("which", "what"))
        and not (f.clause and f.say_cue)
        and not f.has(W.CLAIM_NOUNS - W.ARTICLE_NOUNS)
    )


def _deniers(f: Features) -> bool:
    return f.deny_cue is not None and (f.say_any is None or f.deny_cue.i <= f.say_any.i or not f.clause)


def _unsourced(f: Features) -> bool:
    """'Which claims have no named source?', 'Which claims rest on anonymous sources?'"""
    if f.claim_noun is None and not f.has(W.CLAIM_NOUNS):  # "claims" parsed as a verb still counts
        return False
    unnamed = f.has(W.words("unnamed_words")) or (f.has(W.NEGATION) and "name" in f.lemmas)
    return f.has(W.words("unsourced_words")) or (f.has(W.SOURCE_NOUNS) and unnamed)


def _after_denial(f: Features) -> bool:
    """'Who repeated X after it was denied?': a repeat verb, then 'after' / 'despite' and a denial anywhere."""
    return (
        f.has(W.words("repeat_words"))
        and any(t.lower_ in W.words("after_words") for t in f.doc)
        and any(parse._lemma(t) in W.DENY for t in f.doc)
    )


def _claims_open(f: Features) -> bool:
    return bool(f.mentions) and (
        f.has(W.ABOUT_PREPS) or f.wh in ("what", "who", "tell", "") or f.has(W.words("know_words"))
    )


def _verify(f: Features) -> bool:
    """'Is it true that X?', 'Is the claim that X disputed?', 'Was X confirmed?': a yes/no question
    (it opens with a form of 'be') about a claim, asking whether it holds."""
    if f.wh or not len(f.doc) or f.doc[0].pos_ != "AUX" or parse._lemma(f.doc[0]) != "be":
        return False
    verify = W.words("verify_words")
    # "is the claim that X disputed?": the word may close the question, after the claim clause
    last = next((t for t in reversed(f.doc) if not t.is_punct), f.doc[0])
    asks = last.lower_ in verify or any(t.lower_ in verify for t in f.outside)
    return asks and (f.clause is not None or f.claim_noun is not None or bool(f.mentions))


# --------------------------------------------------------------------------------- setters


def _set_no_comment(f: Features, p: parse.Parsed) -> Token | None:
    p.stances = ("no_comment",)
    p.speaker_types = f.speaker_kind  # "which oil firm declined to comment": only firms answer
    return f.first(W.RESPOND | W.SILENT | {"decline", "refuse"})


def _has_commented(f: Features) -> bool:
    """'Has S commented on X?', 'Did S respond?': a yes/no question whose verb is a response and S its subject."""
    if f.wh or not len(f.doc) or f.doc[0].pos_ != "AUX":
        return False
    return bool(parse._agents(f.doc, f.first(W.RESPOND | W.words("confirm")), f.mentions, f.clause))


def _set_has_commented(f: Features, p: parse.Parsed) -> Token | None:
    cue = f.first(W.RESPOND | W.words("confirm"))
    p.agents = parse._agents(f.doc, cue, f.mentions, f.clause)
    p.stances = ALL_STANCES
    return cue


def _set_things(f: Features, p: parse.Parsed) -> Token | None:
    noun = f.thing
    assert noun is not None
    p.thing_types = W.THING_TYPES[parse._lemma(noun)]
    p.stances = ALL_STANCES
    if f.rel_cue is not None:  # the relation, when the graph has one, answers first
        p.relation_types = W.RELATION_CUES[parse._lemma(f.rel_cue)]
        before = [m for m in f.mentions if m.end <= f.rel_cue.i]
        p.relation_dir = "out" if before and f.rel_cue.pos_ != "NOUN" else "in"
    return noun  # the kind of thing is no claim word


def _set_unknown(f: Features, p: parse.Parsed) -> Token | None:
    p.claim_text = "; ".join(f.unknown)
    return None


def _set_all_stances(f: Features, p: parse.Parsed) -> Token | None:
    p.stances = ALL_STANCES
    return None


def _set_outlets(f: Features, p: parse.Parsed) -> Token | None:
    """Outlets that carried a claim, those an outlet cited, or those that carried S's denial ("S's denial")."""
    cue = f.first(W.CARRY | W.SAY | W.CITE)
    p.agents = [m for m in parse._agents(f.doc, cue, f.mentions, f.clause) if m.kind in ("Outlet", "Source")]
    p.stances = ALL_STANCES
    p.wants_cited = cue is not None and parse._lemma(cue) in W.CITE  # "what sources did they cite": the cited first
    noun = f.stance_noun
    if noun is not None:
        p.agents += [m for m in f.possessors(noun) if m not in p.agents]
        if parse._lemma(noun) in W.DENY:
            p.stances = ("denies",)
    return cue


def _set_claim_noun(f: Features, p: parse.Parsed) -> Token | None:
    return f.claim_noun


def _set_deniers(f: Features, p: parse.Parsed) -> Token | None:
    p.stances = ("denies",)
    return f.deny_cue


def _set_claimants(f: Features, p: parse.Parsed) -> Token | None:
    cue = f.say_any or (f.rel_cue if f.make_claim else f.claim_noun)
    if cue is not None and parse._lemma(cue) in W.RESPOND:
        p.stances = ALL_STANCES
    elif any(t.dep_ == "neg" for t in f.doc):  # "who said X would not happen": the one who denied it happens
        p.stances = ("asserts", "denies")
    return cue


def _set_relation(f: Features, p: parse.Parsed) -> Token | None:
    cue = f.rel_cue
    assert cue is not None
    p.relation_types = W.RELATION_CUES[parse._lemma(cue)]
    # "What does E make?": E is the subject; "Who makes E?", "E's CEO", "the maker of E": the object
    before = [m for m in f.mentions if m.end <= cue.i and not parse._in(m, f.clause)]
    p.relation_dir = "out" if (before and cue.pos_ != "NOUN") or parse._lemma(cue) in W.words("located") else "in"
    return cue


# ---------------------------------------------------------------------------------- the table

RULES: tuple[Rule, ...] = (
    # a name the graph does not hold: say so rather than answer about something else
    Rule("unknown_name", parse.UNKNOWN, lambda f: bool(f.unknown), then=_set_unknown),
    Rule("after_denial", parse.AFTER_DENIAL, _after_denial),
    # verbs only: "which oil firm bought ..." names a kind of company, not a claim that firmed up
    Rule("hardened", parse.HARDENED, lambda f: f.has_verb(W.words("harden_words")), phrases=("drop_hedge",)),
    Rule("softened", parse.SOFTENED, lambda f: f.has_verb(W.words("soften_words"))),
    Rule("unsourced", parse.UNSOURCED, _unsourced),
    Rule("no_comment", parse.NO_COMMENT, lambda f: parse._no_comment(f.outside), then=_set_no_comment),
    Rule("has_commented", parse.HAS_COMMENTED, _has_commented, then=_set_has_commented),
    Rule(
        "connection_how",
        parse.CONNECTION,
        lambda f: f.groups >= 2 and f.has(W.CONNECT_WORDS) and f.wh in ("how", "what", "") and not f.clause,
    ),
    Rule("verify", parse.VERIFY, _verify, then=_set_all_stances),
    Rule("contested", parse.CONTESTED, lambda f: parse._contested(f.outside, f.wh), phrases=("contested",)),
    Rule(
        "timeline",
        parse.TIMELINE,
        lambda f: f.has(W.TIMELINE_WORDS) or (f.wh == "when" and not f.has(W.words("first_words"))),
        phrases=("timeline",),
        then=_set_all_stances,
    ),
    Rule("origin", parse.ORIGIN, _origin, phrases=("origin",), then=_set_all_stances),
    Rule(
        "where_mentioned",
        parse.ARTICLES,
        lambda f: f.wh == "where" and f.has(W.words("appear_verbs")) and not f.clause,
    ),
    Rule("outlets", parse.OUTLETS, _outlets, then=_set_outlets),
    Rule(
        "comentions",
        parse.COMENTIONS,
        lambda f: f.has(W.COMENTION_WORDS) or (f.has(W.words("appear_with")) and "with" in f.lemmas),
    ),
    Rule("articles", parse.ARTICLES, _articles),
    Rule("connection", parse.CONNECTION, lambda f: f.groups >= 2 and f.has(W.CONNECT_WORDS) and not f.clause),
    Rule("things", parse.THINGS, lambda f: f.thing is not None and bool(f.mentions or f.clause), then=_set_things),
    Rule(
        "claims_about_topic",
        parse.CLAIMS_ABOUT,
        lambda f: f.about_topic and bool(f.mentions) and f.deny_cue is None,
        then=_set_claim_noun,
    ),
    Rule("deniers", parse.DENIERS, _deniers, then=_set_deniers),
    Rule(
        "claims_of_possessor",  # "Microsoft's claims": becomes statements_by with the possessor as speaker
        parse.CLAIMANTS,
        lambda f: bool(f.poss_agents) and f.deny_cue is None and f.say_any is None and not f.about_topic,
        then=_set_claim_noun,
    ),
    Rule(
        "claimants",
        parse.CLAIMANTS,
        lambda f: f.say_any is not None or f.make_claim or (f.claim_noun is not None and f.wh in ("who", "whom")),
        then=_set_claimants,
    ),
    Rule("relation", parse.RELATION, lambda f: f.rel_cue is not None and bool(f.mentions), then=_set_relation),
    Rule(
        "claims_with_noun",
        parse.CLAIMS_ABOUT,
        lambda f: f.claim_noun is not None and bool(f.mentions),
        then=_set_claim_noun,
    ),
    Rule("claims_open", parse.CLAIMS_ABOUT, _claims_open),
    Rule("fallback", parse.FALLBACK, lambda f: True),
)


# ----------------------------------------------------------------------------- refinements


def _asks_for_source(f: Features) -> bool:
    """'who said that ...', 'according to whom': the question wants the speaker, not one speaker's words."""
    if f.wh in ("who", "whom", "whose") or (f.wh == "" and f.clause is not None):
        return True
    if f.wh == "which" and not (f.claim_noun is not None and f.claim_noun.i <= 2):
        return True
    return "accord" in f.lemmas or "asks_source" in f.phrases


@dataclass(frozen=True)
class Refinement:
    """After ``intents`` fired: ``when(features, parsed, agents)`` turns it into ``intent``."""

    name: str
    intents: tuple[str, ...]
    when: Callable[[Features, parse.Parsed, list[Mention]], bool]
    intent: Callable[[str], str]
    keeps_agents: bool = False


REFINEMENTS: tuple[Refinement, ...] = (
    Refinement(
        "named_speaker",  # "What did S say?", "Did S deny X?"
        (parse.CLAIMANTS, parse.DENIERS),
        lambda f, p, agents: bool(agents) and not (_asks_for_source(f) and f.clause),
        lambda intent: parse.STATEMENTS_BY if intent == parse.CLAIMANTS else parse.DENIALS_BY,
        keeps_agents=True,
    ),
    Refinement(
        "denied_claims",  # "Which claims were denied?"
        (parse.DENIERS,),
        lambda f, p, agents: (
            f.claim_noun is not None
            and f.claim_noun.i <= 2
            and not f.clause
            and not agents
            and f.wh in ("which", "what")
        ),
        lambda intent: parse.CONTESTED,
    ),
    Refinement(
        "said_about",  # "What is being said about E?"
        (parse.CLAIMANTS,),
        lambda f, p, agents: (
            f.wh == "what" and not agents and not f.clause and bool(f.mentions) and f.has(W.ABOUT_PREPS)
        ),
        lambda intent: parse.CLAIMS_ABOUT,
    ),
)


def _refine(f: Features, p: parse.Parsed, cue: Token | None) -> None:
    if p.intent not in (parse.CLAIMANTS, parse.DENIERS):
        return
    agents = parse._agents(f.doc, cue, f.mentions, f.clause)
    for row in REFINEMENTS:
        if p.intent in row.intents and row.when(f, p, agents):
            if row.keeps_agents:
                p.agents = agents
                if p.intent == parse.CLAIMANTS:
                    p.stances = ALL_STANCES
            p.intent = row.intent(p.intent)
            return


_DROP = (
    W.SAY
    | W.DENY
    | W.RESPOND
    | W.CARRY
    | W.CITE
    | W.ORIGIN_WORDS
    | W.TIMELINE_WORDS
    | W.CONTESTED_WORDS
    | W.OUTLET_NOUNS
    | W.CONNECT_WORDS
    | W.COMENTION_WORDS
    | W.SILENT
    | W.NEGATION
    | W.MENTION_VERBS
)


def pick(f: Features) -> Rule:
    """The first row of ``RULES`` that fires (the last row always does)."""
    return next(rule for rule in RULES if rule.fires(f))


def interpret(text: str, doc: Doc, mentions: list[Mention]) -> parse.Parsed:
    """Pick the intent and split the question into speaker, claim and topic."""
    f = features(doc, mentions)
    rule = pick(f)
    p = parse.Parsed(text=text, doc=doc, intent=rule.intent, mentions=mentions)
    cue = rule.then(f, p)
    _refine(f, p, cue)
    p.cue = cue.text if cue is not None else ""
    drop = {t.i for t in f.outside if parse._lemma(t) in _DROP}
    if cue is not None:
        drop.add(cue.i)
    if p.speaker_types:  # "which company denied": the kind is the answer's, not the claim's
        drop.update(t.i for t in f.outside if parse._lemma(t) in W.THING_TYPES and t.dep_ in ("nsubj", "nsubjpass"))
    for m in p.agents:
        drop.update(range(m.start, m.end))
    clause = f.clause
    claim_tokens = [t for t in doc if clause[0] <= t.i < clause[1]] if clause else list(doc)
    p.claim_text = doc[clause[0] : clause[1]].text if clause else p.claim_text
    p.claim_words = parse.content_words(claim_tokens, drop)
    agent_ids = {i for m in p.agents for i in m.ids}
    p.topics = [m for m in mentions if not set(m.ids) & agent_ids]
    return p
