"""How a claim changes as it travels: hedge drift, source drift, citation chains, repeats after a denial.

Derived from what is stored per statement (stance, hedges, source kind, BY, CITES, the article's
date or ingestion order), never from the text, so it follows whatever extraction stores. Run after
each write group for the claims that group touched (``refresh_articles``): the cost follows the
size of those claims, not of the graph.

Findings, per claim, over its statements in time order (``published`` where known, else ingestion
order; offset inside an article), grouped by article:

* **hardened**: an article states the claim without a hedge, in its own voice (a headline counts)
  or a named source's words, right after articles that only stated it hedged ("allegedly", "may")
  or through unnamed sources ("according to people familiar"); each such statement ``HARDENS``
  the first weak one before it. **softened** is the reverse, counting hedge words only
  (``SOFTENS``). A sentence is as weak as its weakest statement, and one that also disputes the
  claim carries nothing. Two wordings are compared only when they name someone in common. A
  statement of another claim with the same subject and object, by the same speaker, counts too
  (claim grouping can keep "may upgrade X's debt" and "raised X's debentures" apart).
* **source drift**: the claim, first attributed to unnamed or second-hand sources, is later stated
  as fact in an outlet's own voice (no hedge, no citation): ``DROPS_SOURCE``.
* **citation chain**: a statement citing outlet A ``RELAYS`` A's own statement of the claim when A's
  article is stored; the chain runs outlet -> relayed outlets -> the source at the root (a named
  source, an outlet's report, unnamed sources, or none named).
* **after denial**: a statement repeating the claim after a denial was published, in an article
  that carries no dispute of it: ``IGNORES_DENIAL``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from kg.store.base import GraphStore, batched
from ontology import L, checked

ASSERTING = frozenset({"asserts", "reports"})  # stances that carry the claim
DISPUTING = frozenset({"denies", "disputes"})  # stances that dispute it
LINKS: tuple[str, ...] = ("HARDENS", "SOFTENS", "DROPS_SOURCE", "IGNORES_DENIAL", "RELAYS")
ROOT_RANK = {"named": 3, "outlet": 2, "unnamed": 1, "none": 0}
SOURCE, OUTLET = str(L.Source), str(L.Outlet)  # read once: the namespace looks each name up
HEARSAY_EXCEPT = frozenset({"", "unnamed", "spokesperson"})  # Source kinds that are no hedge
CACHE = 32768  # wordings whose names and gists are kept (each is read again for every pair it is in)
MAX_CHAIN = 8  # relay hops followed before giving up (cycles are cut anyway)
MIN_SHARED_NAMES = 2  # names two wordings share that make them one claim whatever the matcher says
ECHO_WORDS = 8  # words two wordings by two speakers share in runs, to be one claim retold (``_echoes``)
ECHO_SHARE = 0.8  # ... or this share of the shorter wording's words (one wording inside the other)
ECHO_SCORE = 0.85  # or the claim matcher's score on their gists, naming someone in common
RARE_ENTITY = 6  # an entity named by more claims than this links no neighbours (see RARE_NEIGHBOURS)
# A subject and object pair more claims than this share links no ``neighbours``: two countries or
# "cts" and "revs" join hundreds of claims on Reuters, where one speaker's hedged and firm statements
# are other news (sampled links through pairs of more than 8 claims: none a restatement), and reading
# them made each write group's drift grow with the corpus (#17).
RARE_PAIR = 8
# An entity more claims than this name as subject or object is not expanded to find those sharing
# a pair with it (``NEIGHBOURS``: the other entity of the pair is, when fewer name it); Reuters'
# countries reach thousands. Flat cost per claim, where reading from the smaller side alone grew 4x
# from 5,000 to 18,767 stories (there 325 of the 2,097 pairs 2 to RARE_PAIR claims share lose their links).
RARE_HUB = 100


CLAIMS_OF_ARTICLES = checked(
    """UNWIND $ids AS aid
MATCH (a:Article)-[:CONTAINS]->(:Statement)-[:ABOUT]->(c:Claim) WHERE a.id = aid
RETURN DISTINCT c.id AS id"""
)

CLAIM_PAGE = checked("MATCH (c:Claim) WHERE c.id > $after RETURN c.id AS id ORDER BY c.id LIMIT $limit")

# What drift reads of a statement (``_said``), after the MATCH that finds the statements.
_SAID = """
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
OPTIONAL MATCH (s)-[:BY]->(b)
OPTIONAL MATCH (s)-[:CITES]->(x:Outlet)
RETURN c.id AS claim, s.id AS id, s.stance AS stance, coalesce(s.hedges, []) AS hedges, s.type AS kind,
  s.start AS start, a.id AS article, coalesce(a.published, '') AS published, a.seq AS seq,
  o.id AS outlet_id, o.name AS outlet, a.name AS article_outlet, a.title AS title,
  b.id AS by_id, b.name AS by_name, labels(b) AS by_labels, b.type AS by_type, s.content AS content,
  s.antecedent AS antecedent, c.frames AS frames, c.statements AS total, collect(DISTINCT x.id) AS cited_ids,
  collect(DISTINCT x.name) AS cited_names"""

STATEMENTS = checked(
    """UNWIND $ids AS cid
MATCH (s:Statement)-[:ABOUT]->(c:Claim) WHERE c.id = cid
MATCH (a:Article)-[:CONTAINS]->(s)"""
    + _SAID
)

# The statements of a write group's articles (``StatementCache``).
STATEMENTS_OF_ARTICLES = checked(
    """UNWIND $ids AS aid
MATCH (a:Article)-[:CONTAINS]->(s:Statement)-[:ABOUT]->(c:Claim) WHERE a.id = aid"""
    + _SAID
)


def _pair_neighbours(first: str, then: str, near: str, far: str) -> str:
    """Claims sharing a subject and an object with each claim, reached from ``near``, the one of the
    two entities fewer claims name (``claims``, kept by the writer; unknown counts as none), when at
    most ``$hub`` do; a pair that more than ``$most`` claims share links none (RARE_PAIR). The far
    entity is compared after the traversal (``WITH ... WHERE t = far``): FalkorDB's "Expand Into"
    cost ~40 µs a row there, 4x the traversal and the filter."""
    return f"""UNWIND $ids AS cid
MATCH (c:Claim)-[:OBJECT]->(o:Entity) WHERE c.id = cid
MATCH (c)-[:SUBJECT]->(s:Entity)
WITH c, o, s, coalesce({near}.claims, 0) AS fewer, coalesce({far}.claims, 0) AS more
WHERE fewer <= $hub AND {"fewer <= more" if near == "o" else "fewer < more"}
MATCH ({near})<-[:{first}]-(n:Claim)-[:{then}]->(t:Entity)
WITH c, o, s, n, t WHERE t = {far}
WITH c, o, s, collect(DISTINCT n.id)[0..$most + 1] AS ns
WHERE size(ns) <= $most
UNWIND ns AS nid
WITH c, nid WHERE nid <> c.id
RETURN DISTINCT c.id AS claim, nid AS neighbour"""


# Each (claim, subject, object) is read from one side: the object when as few claims name it as name
# the subject, else the subject; a pair of two entities more than ``$hub`` claims name (RARE_HUB:
# "U.S." and "Japan") is not expanded.
NEIGHBOURS = checked(
    _pair_neighbours("OBJECT", "SUBJECT", "o", "s") + "\nUNION\n" + _pair_neighbours("SUBJECT", "OBJECT", "s", "o")
)


def _rare_neighbours(mine: str, theirs: str) -> str:
    """Claims joined through an entity ``e`` that at most ``$most`` claims reach by ``theirs``; each
    entity's claims are read once per group, however many of the group's claims name it. An entity
    the writer counted more claims naming (``claims``) is not expanded at all: it would be cut anyway."""
    guard = "\nWHERE coalesce(e.claims, 0) <= $most" if theirs == _NAMED_BY else ""
    return checked(
        f"""UNWIND $ids AS cid
MATCH (c:Claim) WHERE c.id = cid
MATCH {mine}
WITH e, collect(DISTINCT c.id) AS mine{guard}
MATCH {theirs}
WITH e, mine, collect(DISTINCT n.id)[0..$most + 1] AS ns
WHERE size(ns) <= $most
UNWIND mine AS cid
UNWIND ns AS nid
WITH cid, nid WHERE nid <> cid
RETURN DISTINCT cid AS claim, nid AS neighbour"""
    )


_NAMES = "(c)-[:SUBJECT|OBJECT]->(e:Entity)"
_SPEAKS = "(c)<-[:ABOUT]-(:Statement)-[:BY]->(e:Entity)"
_NAMED_BY = "(e)<-[:SUBJECT|OBJECT]-(n:Claim)"
_SPOKEN_BY = "(e)<-[:BY]-(:Statement)-[:ABOUT]->(n:Claim)"
# Claims naming one rare entity as subject or object (either role), or naming as subject or object
# a rare entity that is the other's speaker (both ways: "the U.S. Treasury's weekly auction is
# expected to produce ...", dealers said; then the Treasury said "its weekly auction produced ...").
# There a restatement worded apart by another speaker can be ("is being led by his two sons, Avi
# and Joel", then "Mr Glazer's latest move is being led by ... Avi and Joel"). An entity many claims
# name (a country, a big agency) says nothing about two wordings being one claim, and reading all
# its claims would make drift grow with the corpus: past ``$most`` claims it is skipped.
RARE_NEIGHBOURS = (
    _rare_neighbours(_NAMES, _NAMED_BY),
    _rare_neighbours(_SPEAKS, _NAMED_BY),
    _rare_neighbours(_NAMES, _SPOKEN_BY),
)

CLEAR_LINKS = checked(
    """UNWIND $ids AS cid
MATCH (c:Claim)<-[:ABOUT]-(s:Statement)-[r:HARDENS|SOFTENS|DROPS_SOURCE|IGNORES_DENIAL|RELAYS]->(:Statement)
WHERE c.id = cid
DELETE r"""
)

CROSS_LINKS = checked(
    """UNWIND $ids AS cid
MATCH (c:Claim)<-[:ABOUT]-(s:Statement)-[r:HARDENS|SOFTENS]->(t:Statement)-[:ABOUT]->(d:Claim)
WHERE c.id = cid AND d.id <> cid
RETURN c.id AS claim, type(r) AS type, s.id AS src, t.id AS dst, d.id AS other"""
)

# Only the claims whose findings changed are set: a SET re-indexes the claim in every index of its
# label (its text's full-text index included) even when every value is the same.
SET_FINDINGS = checked(
    """UNWIND $rows AS row
MATCH (c:Claim) WHERE c.id = row.id
WITH c, row
WHERE NOT coalesce(c.hardened = row.hardened AND c.softened = row.softened AND c.source_drift = row.source_drift
  AND c.after_denial = row.after_denial AND c.unsourced = row.unsourced AND c.chain = row.chain
  AND c.chain_length = row.chain_length AND c.root_source = row.root_source AND c.root_kind = row.root_kind, false)
SET c.hardened = row.hardened, c.softened = row.softened, c.source_drift = row.source_drift,
  c.after_denial = row.after_denial, c.unsourced = row.unsourced, c.chain = row.chain,
  c.chain_length = row.chain_length, c.root_source = row.root_source, c.root_kind = row.root_kind"""
)


def _link_statement(rel: str) -> str:
    return checked(
        f"""UNWIND $rows AS row
MATCH (a:Statement) WHERE a.id = row.src
MATCH (b:Statement) WHERE b.id = row.dst
MERGE (a)-[:{rel}]->(b)"""
    )


ADD_LINKS: dict[str, str] = {rel: _link_statement(rel) for rel in LINKS}


def lint_statements(dialect: Any = None) -> list[tuple[str, str]]:
    return [
        ("claims_of_articles", CLAIMS_OF_ARTICLES),
        ("claim_page", CLAIM_PAGE),
        ("statements", STATEMENTS),
        ("statements_of_articles", STATEMENTS_OF_ARTICLES),
        ("neighbours", NEIGHBOURS),
        *((f"rare_neighbours:{n}", q) for n, q in enumerate(RARE_NEIGHBOURS)),
        ("clear_links", CLEAR_LINKS),
        ("cross_links", CROSS_LINKS),
        ("set_findings", SET_FINDINGS),
        *((f"link:{rel}", q) for rel, q in ADD_LINKS.items()),
        *_READS.items(),
    ]


# ---------------------------------------------------------------- records


@dataclass
class Said:
    """One stored statement about a claim, with what drift needs to know about it."""

    id: str
    stance: str
    hedges: list[str]
    kind: str  # named | anonymous | outlet (the article's own outlet)
    article: str
    published: str
    seq: int
    start: int
    outlet_id: str | None
    outlet: str
    by_id: str | None = None
    by_name: str = ""
    by_labels: list[str] = field(default_factory=list)
    content: str = ""
    by_type: str = ""  # an unnamed source's kind (sources, analysts, officials, ...); "unnamed" when unknown
    cited_ids: list[str] = field(default_factory=list)
    cited_names: list[str] = field(default_factory=list)
    antecedent: str = ""  # the earlier words the content's "the acquisition" points back to
    frames: list[str] = field(default_factory=list)  # its claim's "subject|verb|object" keys
    grade: str | None = field(default=None, compare=False)  # its sentence's grade in its own claim, once read

    @property
    def key(self) -> tuple[int, str, int, int]:
        """Time order: dated articles by date, then undated ones by ingestion order; offset inside one."""
        return (0 if self.published else 1, self.published, self.seq, self.start)

    @property
    def carries(self) -> bool:
        return self.stance in ASSERTING

    @property
    def disputes(self) -> bool:
        return self.stance in DISPUTING

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)

    @property
    def by_unnamed(self) -> bool:
        return SOURCE in self.by_labels or self.kind == "anonymous"

    @property
    def hearsay(self) -> bool:
        """Carried by unnamed sources of a kind ("people familiar", "officials", "analysts"): the
        attribution hedges it. Not a speaker the extractor only failed to name ("he", "the minister"),
        nor a spokesperson speaking on the record."""
        return SOURCE in self.by_labels and self.by_type not in HEARSAY_EXCEPT

    @property
    def untyped(self) -> bool:
        """Carried by an unnamed Source of no known kind, without a hedge word."""
        return SOURCE in self.by_labels and self.by_type == "unnamed" and not self.hedged

    @property
    def by_outlet(self) -> bool:
        return OUTLET in self.by_labels

    @property
    def own_voice(self) -> bool:
        """The publishing outlet speaking for itself, citing nobody."""
        return self.kind == "outlet" and not self.cited_ids and not self.by_unnamed

    @property
    def second_hand(self) -> bool:
        return self.by_unnamed or bool(self.cited_ids)


@dataclass
class Findings:
    """What drift found for one claim; ``links`` are (type, from statement, to statement)."""

    claim: str
    hardened: bool = False
    softened: bool = False
    source_drift: bool = False
    after_denial: bool = False
    unsourced: bool = True
    chain: list[str] = field(default_factory=list)
    root_source: str = ""
    root_kind: str = "none"
    links: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def chain_length(self) -> int:
        return max(0, len(self.chain) - 1)

    def pointing_from(self, statement_id: str) -> list[tuple[str, str]]:
        """(type, earlier statement) for the links that leave this statement."""
        return [(t, b) for t, a, b in self.links if a == statement_id]

    def row(self) -> dict[str, Any]:
        return {
            "id": self.claim,
            "hardened": self.hardened,
            "softened": self.softened,
            "source_drift": self.source_drift,
            "after_denial": self.after_denial,
            "unsourced": self.unsourced,
            "chain": list(self.chain),
            "chain_length": self.chain_length,
            "root_source": self.root_source,
            "root_kind": self.root_kind,
        }


# ---------------------------------------------------------------- analysis (no store)


def _by_article(said: list[Said]) -> list[list[Said]]:
    """Statements in time order, grouped by article (articles in time order)."""
    groups: dict[str, list[Said]] = {}
    for s in sorted(said, key=lambda s: s.key):
        groups.setdefault(s.article, []).append(s)
    return list(groups.values())


def _sentences(group: list[Said]) -> list[list[Said]]:
    """An article's statements carrying the claim, per sentence; a sentence that also disputes the
    claim ("X said it has no evidence that ...", read as both) carries nothing."""
    by_sentence: dict[int, list[Said]] = {}
    for s in group:
        by_sentence.setdefault(s.start, []).append(s)
    return [
        [s for s in sent if s.carries]
        for sent in by_sentence.values()
        if any(s.carries for s in sent) and not any(s.disputes for s in sent)
    ]


def _grade(sentence: list[Said]) -> str:
    """How firmly one sentence states the claim: "hedged" (hedge words), "second_hand" (unhedged but
    carried by unnamed sources: the attribution hedges it), "unknown" (carried only by unnamed
    sources whose kind the extractor could not tell: hearsay or a speaker it failed to name, so no
    evidence either way) or "firm" (no hedge, in the outlet's own voice, a named source's or a
    relayed outlet's words). Any weaker statement of the same
    sentence weakens it: a reader sees the hedge whichever statement it was recorded on."""
    if any(s.hedged for s in sentence):
        return "hedged"
    if any(s.hearsay for s in sentence):
        return "second_hand"
    if all(s.untyped for s in sentence):
        return "unknown"
    return "firm"


# Per article (its best sentence wins: a headline stating it as fact over a hedged body): whether it
# counts as weak for hardening and as hedged for softening.
# "unknown" sentences are left out of hardening: they neither start nor end a run. Softening counts
# hedge words only, so there an "unknown" sentence is simply unhedged.
WEAK = {"hedged": True, "second_hand": True, "firm": False}
SOFT = {"hedged": True, "second_hand": False, "firm": False, "unknown": False}
ORDER = {"unknown": -1, "hedged": 0, "second_hand": 1, "firm": 2}
SOFT_ORDER = {**ORDER, "unknown": 1}


@lru_cache(maxsize=CACHE)
def _name_runs(text: str) -> frozenset[str]:
    """The names of a wording after its first word: runs of capitalised words ("Dana Credit Corp",
    "AFG Industries Inc", "Treasury"), lowercased, without a possessive; a comma or a lowercase
    word ends a run. Whom and what it names, whichever words carry the verb."""
    runs, run = set(), []
    for raw in [*text.split("\n\n", 1)[0].split()[1:], "."]:
        word = raw.strip(_PUNCT)
        for tail in POSSESSIVE:
            word = word.removesuffix(tail)
        if word[:1].isupper():
            run.append(word.lower())
        if run and (not word[:1].isupper() or raw.rstrip(_PUNCT) != raw.rstrip()):
            runs.add(" ".join(run))
            run = []
    return frozenset(runs)


@lru_cache(maxsize=CACHE)
def _names(text: str) -> frozenset[str]:
    """The words of a wording's names ("dana", "corp"): two wordings share a name when they share one."""
    return frozenset(w for run in _name_runs(text) for w in run.split())


_PUNCT = "\"'“”‘’<>()[],.;:!?"
POSSESSIVE = ("'s", "’s")


def _named(s: Said) -> frozenset[str]:
    return _names(_gist(s))


def _speaker(s: Said) -> frozenset[str]:
    return _names(f"- {s.by_name}") if s.by_name else frozenset()


def _share_name(a: Said, b: Said) -> bool:
    """Whether two wordings name someone in common, one's speaker counting for the other's words
    ("its weekly auction", said by the Treasury, and "the Treasury's weekly auction"). Two wordings
    naming nobody in common ("proceeds will be used for general corporate purposes", twice) may be
    about two companies: drift cannot tell, so it does not compare them."""
    na, nb = _named(a), _named(b)
    return bool(na & (nb | _speaker(b)) or nb & _speaker(a))


def _same_words(a: Said, b: Said) -> bool:
    """Whether two statements grouped under one claim say the same thing (the claim matcher on their
    own contents, naming someone in common): a group can chain A ~ B ~ C where A and C differ ("may
    downgrade X's debt" and "downgraded Y's debt"), and drift compares the two ends. Unknown content
    counts as the same."""
    if not (a.content and b.content):
        return True
    if not _share_name(a, b):
        return False
    if len(_name_runs(_gist(a)) & _name_runs(_gist(b))) >= MIN_SHARED_NAMES:
        return True  # naming the same people or firms twice is enough ("led by his two sons, Avi and Joel")
    matcher = _matcher()
    return matcher.same(matcher.score(_gist(a), _gist(b)))


def _matcher() -> Any:
    global _MATCHER
    if _MATCHER is None:
        from extraction.claim_match import ClaimMatcher

        _MATCHER = ClaimMatcher()
    return _MATCHER


def _gist(s: Said) -> str:
    return _gist_of(s.content, tuple(s.hedges))


@lru_cache(maxsize=CACHE)
def _gist_of(content: str, hedges: tuple[str, ...]) -> str:
    """What a statement says, for comparing a hedged and a firm wording: its content up to the
    first paragraph break (a content can run on into the next paragraph), without the hedge words
    extraction recorded on it ("may downgrade X" and "downgraded X" differ by the hedge only)."""
    words = content.split("\n\n", 1)[0].split()
    for hedge in hedges:
        cut = hedge.lower().split()
        lower = [w.lower() for w in words]
        at = next((i for i in range(len(words) - len(cut) + 1) if lower[i : i + len(cut)] == cut), None)
        if cut and at is not None:
            del words[at : at + len(cut)]
    return " ".join(words)


_MATCHER: Any = None


def _steps(
    graded: list[tuple[str, list[list[Said]]]], weak: dict[str, bool], rel: str, earlier: bool
) -> Iterator[tuple[str, str, str]]:
    """Links ``rel`` from the statements of an article whose best grade flips ``weak`` (to strong when
    ``earlier`` is True, else to weak) to the first statement of the run of articles before it that
    says the same thing."""
    run: bool | None = None
    members: list[Said] = []
    for best, sentences in graded:
        state = weak[best]
        flipped = [s for sent in sentences if weak[_grade(sent)] == state for s in sent]
        if members and run is not None and state != run and run == earlier:
            for s in flipped:
                target = next((w for w in members if _same_words(w, s)), None)
                if target is not None:
                    yield (rel, s.id, target.id)
        if state != run:
            run, members = state, []
        members += flipped


def hedge_steps(groups: list[list[Said]]) -> Iterator[tuple[str, str, str]]:
    """HARDENS / SOFTENS links where an article states the claim more or less firmly than the ones before.

    **Hardened**: articles that only stated the claim hedged or through unnamed sources ("allegedly",
    "according to people familiar with the matter"), then an article stating it without a hedge in
    its own voice or a named source's words (a headline stating it as fact over a hedged body
    counts). **Softened**: the reverse, counting hedge words only (a later "analysts said" relays,
    it does not hedge). A link points at the first statement of the earlier run, so the first
    hedged report and the first firm restatement stand side by side.
    """
    yield from _steps(_graded(groups, WEAK, ORDER), WEAK, "HARDENS", True)
    yield from _steps(_graded(groups, SOFT, SOFT_ORDER), SOFT, "SOFTENS", False)


def _graded(
    groups: list[list[Said]], weak: dict[str, bool], order: dict[str, int]
) -> list[tuple[str, list[list[Said]]]]:
    """Per article, its best grade and its sentences whose grade ``weak`` knows (the others are left
    out: they neither start nor end a run)."""
    graded = []
    for group in groups:
        sentences = [x for x in _sentences(group) if _grade(x) in weak]
        if sentences:
            graded.append((max((_grade(x) for x in sentences), key=order.__getitem__), sentences))
    return graded


def _grades(said: list[Said]) -> dict[str, str]:
    """Each statement carrying the claim -> its sentence's grade, read inside its own claim."""
    return {s.id: _grade(sent) for group in _by_article(said) for sent in _sentences(group) for s in sent}


def _known_grades(said: list[Said]) -> dict[str, str]:
    """``_grades`` per claim, as ``read_claims`` left them on the statements (else graded here)."""
    if all(s.grade is not None for s in said):
        return {s.id: s.grade for s in said if s.grade}
    return _grades(said)


def _when(s: Said) -> tuple[int, str, int]:
    return s.key[:3]


def cross_steps(
    said: list[Said], related: list[Said], same: Callable[[Said, Said], bool] | None = None
) -> Iterator[tuple[str, str, str]]:
    """HARDENS / SOFTENS from this claim's statements to those of claims with its subject and object
    (``neighbours``) that one speaker restates: claim grouping can keep a hedged and a firm wording
    apart ("Acme Ratings said it may upgrade 1.2 billion dlrs of debt of Ostrava Telephone Co", then
    "said it raised to Aaa ... debentures of Ostrava Telephone Co"). A firm statement hardens the
    first weak one before it in another article; a hedged one softens the first unhedged one.
    ``same`` tells a restatement (default ``_restates``; ``_echoes`` for claims sharing only a rare entity)."""
    if not related:
        return
    same = same or _restates
    own, other = _grades(said), _known_grades(related)
    earlier = sorted((s for s in related if s.id in other), key=lambda s: s.key)
    for s in sorted((s for s in said if s.id in own), key=lambda s: s.key):
        rule = CROSS.get(own[s.id])
        if rule is None:
            continue
        rel, wanted = rule
        target = next(
            (
                t
                for t in earlier
                if _when(t) < _when(s) and t.article != s.article and wanted[other[t.id]] and same(s, t)
            ),
            None,
        )
        if target is not None:
            yield (rel, s.id, target.id)


def _restates(a: Said, b: Said) -> bool:
    """Two statements of two claims with one subject and one object: the same named speaker, naming
    someone in common (a rating agency's "may upgrade X's debt", then its "raised X's debentures"),
    or one resuming the event the other states (``_resumes``)."""
    return (bool(a.by_id) and a.by_id == b.by_id and not a.by_unnamed and _share_name(a, b)) or _resumes(a, b)


def _frame_parts(frames: list[str]) -> list[tuple[str, str, str]]:
    return [tuple(f.split("|", 2)) for f in frames if f.count("|") == 2]  # type: ignore[misc]


def _same_event(x: Said, y: Said) -> bool:
    """One agent, the same kind of predicate of the same kind of event ("acme|close|acquisition",
    "acme|complete|acquisition"): frame words from ``extraction/data/event_frames.jsonl``."""
    from extraction.event_anaphora import same_kind

    return any(
        sx == sy and same_kind("PREDICATE", vx, vy) and same_kind("EVENT", ox, oy)
        for sx, vx, ox in _frame_parts(x.frames)
        for sy, vy, oy in _frame_parts(y.frames)
    )


def _resumes(a: Said, b: Said) -> bool:
    """One statement names an earlier event only by a description ("the acquisition is expected to
    close", its ``antecedent`` "its proposed acquisition of Beta Corp of Springfield"), the other
    says the same of the same event: one agent and the same kind of predicate and event in their
    claims' frames, and the other names the antecedent's names (two, or all of them when fewer)."""
    for x, y in ((a, b), (b, a)):
        if not x.antecedent or not _same_event(x, y):
            continue
        runs = _name_runs(f"- {x.antecedent}")
        other = _named(y) | _speaker(y)
        if runs and sum(1 for r in runs if set(r.split()) & other) >= min(MIN_SHARED_NAMES, len(runs)):
            return True
    return False


def _echoes_or_resumes(a: Said, b: Said) -> bool:
    return _echoes(a, b) or _resumes(a, b)


def _words(text: str) -> list[str]:
    return [w for w in (raw.strip(_PUNCT).lower() for raw in text.split()) if w]


def _echoes(a: Said, b: Said) -> bool:
    """Two wordings, whoever says them, that name the same people or firms at least twice and share
    ``ECHO_WORDS`` words in runs of two or more ("is being led by his two sons, Avi and Joel" and
    "Mr Glazer's latest move is being led by Mr Glazer's two sons, Avi and Joel"), or most of the
    shorter one's words: one claim retold.
    Two names alone ("Japanese", "U.S.") are not enough: many stories name both."""
    ga, gb = _gist(a), _gist(b)
    if not (a.content and b.content):
        return False
    if len(_name_runs(ga) & _name_runs(gb)) < MIN_SHARED_NAMES:
        return _share_name(a, b) and _matcher().score(ga, gb) >= ECHO_SCORE
    wa, wb = _words(ga), _words(gb)
    blocks = SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks()
    common = sum(m.size for m in blocks if m.size >= 2)
    if common >= min(ECHO_WORDS, ECHO_SHARE * min(len(wa), len(wb))):
        return True
    return _share_name(a, b) and _matcher().score(ga, gb) >= ECHO_SCORE


# A later statement's grade -> the link it makes and which earlier grades it makes it to (as in
# ``hedge_steps``: hardening from hedged or second-hand words, softening from any unhedged ones).
CROSS = {
    "firm": ("HARDENS", {**WEAK, "unknown": False}),
    "hedged": ("SOFTENS", {grade: not hedged for grade, hedged in SOFT.items()}),
}


def source_steps(groups: list[list[Said]]) -> Iterator[tuple[str, str, str]]:
    """DROPS_SOURCE: the first article stating the claim as fact in its own voice, after others
    had only attributed it to unnamed or second-hand sources."""
    first_second_hand: Said | None = None
    for group in groups:
        carried = [s for s in group if s.carries]
        facts = [s for s in carried if s.own_voice and not s.hedged]
        if facts and first_second_hand is not None:
            yield from (("DROPS_SOURCE", s.id, first_second_hand.id) for s in facts)
            return
        if facts:
            return  # stated as fact from the start: nothing was laundered
        if first_second_hand is None:
            first_second_hand = next((s for s in carried if s.second_hand), None)


def denial_steps(groups: list[list[Said]]) -> Iterator[tuple[str, str, str]]:
    """IGNORES_DENIAL: statements carrying the claim in an article published after a denial,
    when that article carries no dispute of the claim itself."""
    first_denial: Said | None = None
    for group in groups:
        if first_denial is not None and not any(s.disputes for s in group):
            yield from (("IGNORES_DENIAL", s.id, first_denial.id) for s in group if s.carries)
        if first_denial is None:
            first_denial = next((s for s in group if s.disputes), None)


def _root(s: Said) -> tuple[str, str]:
    """(name, kind) of the source a statement itself names, when the chain stops at it."""
    if s.by_unnamed:
        return s.by_name or "unnamed sources", "unnamed"
    if s.by_outlet and s.by_id != s.outlet_id:
        return s.by_name, "outlet"
    if s.by_id and not s.by_outlet:
        return s.by_name, "named"
    if s.cited_names:
        return s.cited_names[0], "outlet"
    return "", "none"


def chain_of(s: Said, by_outlet: dict[str, list[Said]], seen: frozenset[str] = frozenset()) -> tuple[list[str], str]:
    """Outlet names from ``s``'s outlet back through the outlets it relays, then the root source;
    and the root's kind. Follows a cited outlet into its own stored statement of the claim."""
    names = [s.outlet]
    relayed = next(
        (
            t
            for cid in s.cited_ids
            for t in by_outlet.get(cid, [])
            if t.article != s.article and t.id not in seen and t.carries
        ),
        None,
    )
    if relayed is not None and len(seen) < MAX_CHAIN:
        rest, kind = chain_of(relayed, by_outlet, seen | {s.id})
        return names + rest, kind
    if s.cited_names and s.cited_names[0] != s.outlet:
        names.append(s.cited_names[0])
    name, kind = _root(s)
    if name and name != names[-1]:
        names.append(name)
    return names, kind


def relay_links(said: list[Said], by_outlet: dict[str, list[Said]]) -> Iterator[tuple[str, str, str]]:
    for s in said:
        for cid in s.cited_ids:
            t = next((t for t in by_outlet.get(cid, []) if t.article != s.article and t.carries), None)
            if t is not None:
                yield ("RELAYS", s.id, t.id)
                break


def analyse(
    claim: str,
    said: Iterable[Said],
    related: Iterable[Said] = (),
    echoed: Iterable[Said] = (),
    kept: Iterable[tuple[str, str, str]] = (),
) -> Findings:
    """Every finding for one claim from its stored statements (and, for hedge drift, the statements
    of the claims with its subject and object: ``related``; of claims sharing a rare entity:
    ``echoed``; or the links those gave it before: ``kept``)."""
    said = list(said)
    groups = _by_article(said)
    found = Findings(claim)
    carried = [s for g in groups for s in g if s.carries]
    by_outlet: dict[str, list[Said]] = {}
    for s in carried:
        if s.outlet_id:
            by_outlet.setdefault(s.outlet_id, []).append(s)
    across = len(groups) > 1  # hedge, source and denial steps link one article to an earlier one
    links = [
        *(hedge_steps(groups) if across else ()),
        *cross_steps(said, list(related)),
        *cross_steps(said, list(echoed), _echoes_or_resumes),
        *kept,
        *(source_steps(groups) if across else ()),
        *(denial_steps(groups) if across else ()),
        *relay_links(carried, by_outlet),
    ]
    found.links = links
    kinds = {rel for rel, _, _ in links}
    found.hardened = "HARDENS" in kinds
    found.softened = "SOFTENS" in kinds
    found.source_drift = "DROPS_SOURCE" in kinds
    found.after_denial = "IGNORES_DENIAL" in kinds
    best: tuple[int, int] | None = None
    found.unsourced = bool(carried)
    for s in carried:
        names, kind = chain_of(s, by_outlet)
        score = (len(names), ROOT_RANK[kind])
        if ROOT_RANK[kind] >= ROOT_RANK["outlet"]:
            found.unsourced = False
        if best is None or score > best:
            best = score
            found.chain, found.root_kind = names, kind
            found.root_source = names[-1] if kind != "none" else ""
    return found


# ---------------------------------------------------------------- store


def _short(title: str | None, width: int = 60) -> str:
    """An article's title standing in for its unknown outlet, cut to a readable length."""
    text = " ".join((title or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _said(r: dict[str, Any]) -> Said:
    return Said(
        id=r["id"],
        stance=r["stance"] or "asserts",
        hedges=[h for h in (r["hedges"] or []) if h],
        kind=r["kind"] or "",
        article=r["article"],
        published=r["published"] or "",
        seq=int(r["seq"] or 0),
        start=int(r["start"] if r["start"] is not None else 0),
        outlet_id=r["outlet_id"],
        outlet=r["outlet"] or r["article_outlet"] or _short(r["title"]) or r["article"],
        by_id=r["by_id"],
        by_name=r["by_name"] or "",
        by_labels=list(r["by_labels"] or []),
        by_type=r.get("by_type") or "",
        content=r.get("content") or "",
        cited_ids=[x for x in (r["cited_ids"] or []) if x],
        cited_names=[x for x in (r["cited_names"] or []) if x],
        antecedent=r.get("antecedent") or "",
        frames=list(r.get("frames") or []),
    )


def _prepared(said: list[Said]) -> list[Said]:
    """A claim's statements in time order, one sentence's by id (the findings never depend on the
    order the store returns rows in: one sentence's two statements once gave two chains, read
    twice), each graded within the claim."""
    said.sort(key=lambda s: (s.key, s.id))
    grades = _grades(said)
    for s in said:
        s.grade = grades.get(s.id, "")
    return said


def read_claims(store: GraphStore, claim_ids: list[str]) -> dict[str, list[Said]]:
    out: dict[str, list[Said]] = {cid: [] for cid in claim_ids}
    for r in store.query(STATEMENTS, {"ids": claim_ids}):
        out.setdefault(r["claim"], []).append(_said(r))
    for said in out.values():
        _prepared(said)
    return out


Near = tuple[list[str], list[str]]  # a claim's neighbours: (same subject and object, a rare entity shared)


def near_claims(store: GraphStore, claim_ids: list[str], echo: bool = True) -> dict[str, Near]:
    """Claim -> its ``neighbours`` and (when ``echo``) its ``echo_neighbours``."""
    if not claim_ids:
        return {}
    same, echoes = neighbours(store, claim_ids), echo_neighbours(store, claim_ids) if echo else {}
    return {cid: (same.get(cid, []), echoes.get(cid, [])) for cid in claim_ids}


def kept_links(store: GraphStore, near: dict[str, Near]) -> dict[str, list[tuple[str, str, str]]]:
    """The stored HARDENS / SOFTENS links from these claims to claims outside them and their
    ``neighbours``: the links ``echo_neighbours`` gave them, kept when they are refreshed without
    reading those again."""
    out: dict[str, set[tuple[str, str, str]]] = {}
    drop: set[tuple[str, str, str]] = set()
    for r in store.query(CROSS_LINKS, {"ids": sorted(near)}):
        link = (r["type"], r["src"], r["dst"])
        out.setdefault(r["claim"], set()).add(link)
        if r["other"] in near[r["claim"]][0]:
            drop.add(link)
    return {cid: sorted(links - drop) for cid, links in out.items()}


class StatementCache:
    """The statements of the claims one ingestion run has read, by claim, so a claim a later write
    group touches again is not read whole again: only its new statements are (``add``).

    Exact because a stored statement never changes while ingestion holds the graph (it only adds
    statements, and every write group's articles go through ``add`` before the claims are read); a
    claim all of whose statements (``Claim.statements``, counted by the writer) a group wrote is
    held from the start.
    Kept for one run only; the least recently used claims are dropped past ``limit`` statements."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self.size = 0
        self._claims: OrderedDict[str, list[Said]] = OrderedDict()

    def add(self, store: GraphStore, article_ids: list[str]) -> list[str]:
        """Read the statements of these (just written) articles into the claims held; the claims
        they are about, in the order read."""
        new: dict[str, list[Said]] = {}
        totals: dict[str, int] = {}
        for r in store.query(STATEMENTS_OF_ARTICLES, {"ids": article_ids}):
            new.setdefault(r["claim"], []).append(_said(r))
            totals[r["claim"]] = r["total"] or 0
        for cid, said in new.items():
            held = self._claims.get(cid)
            if held is not None:
                known = {s.id for s in held}
                fresh = [s for s in said if s.id not in known]
                held.extend(fresh)
                _prepared(held)
                self.size += len(fresh)
            elif len(said) == totals[cid]:  # a new claim (the writer counts its statements): all read
                self._claims[cid] = _prepared(said)
                self.size += len(said)
        return list(new)

    def read(self, store: GraphStore, claim_ids: list[str]) -> dict[str, list[Said]]:
        """``read_claims``, from what is held where it can."""
        missing = [cid for cid in claim_ids if cid not in self._claims]
        out = read_claims(store, missing) if missing else {}
        for cid, said in out.items():
            self._claims[cid] = said
            self.size += len(said)
        for cid in claim_ids:
            if cid in self._claims:
                self._claims.move_to_end(cid)
                out[cid] = self._claims[cid]
        while self.size > self.limit and len(self._claims) > 1:
            self.size -= len(self._claims.popitem(last=False)[1])
        return out


def refresh(
    store: GraphStore,
    claim_ids: Iterable[str],
    batch: int = 500,
    known: dict[str, Near] | None = None,
    echo: bool = True,
    cache: StatementCache | None = None,
) -> list[Findings]:
    """Recompute and store the findings of these claims (their old drift links are replaced);
    ``known`` holds the neighbours already read for some of them. Without ``echo``, the claims not
    in ``known`` keep the links their ``echo_neighbours`` gave them instead of reading those again.
    ``cache`` holds the statements read earlier in the run."""
    ids = sorted(set(claim_ids))
    known = known or {}
    results: list[Findings] = []
    for part in batched(({"id": i} for i in ids), batch):
        chunk = [p["id"] for p in part]
        fresh = near_claims(store, [c for c in chunk if c not in known], echo)
        kept = {} if echo else kept_links(store, fresh)
        near = {**fresh, **{c: known[c] for c in chunk if c in known}}
        wanted = sorted({*chunk, *(n for pair in near.values() for ns in pair for n in ns)})
        said = cache.read(store, wanted) if cache else read_claims(store, wanted)

        def of(ns: list[str], said: dict[str, list[Said]] = said) -> list[Said]:
            return [s for n in ns for s in said.get(n, [])]

        found = [
            analyse(cid, said.get(cid, []), *map(of, near.get(cid, ([], []))), kept=kept.get(cid, ())) for cid in chunk
        ]
        writes: list[tuple[str, dict[str, Any]]] = [
            (CLEAR_LINKS, {"ids": chunk}),
            (SET_FINDINGS, {"rows": [f.row() for f in found]}),
        ]
        for rel in LINKS:
            rows = [{"src": a, "dst": b} for f in found for t, a, b in f.links if t == rel]
            if rows:
                writes.append((ADD_LINKS[rel], {"rows": rows}))
        store.write_all(writes)
        results += found
    return results


def neighbours(store: GraphStore, claim_ids: list[str]) -> dict[str, list[str]]:
    """Claim -> the other claims with its subject and its object: where a restatement kept apart by
    claim grouping can be ("may upgrade" / "raised": one agency, one company)."""
    return _pairs(store.query(NEIGHBOURS, {"ids": claim_ids, "most": RARE_PAIR, "hub": RARE_HUB}))


def echo_neighbours(store: GraphStore, claim_ids: list[str]) -> dict[str, list[str]]:
    """Claim -> the other claims naming one of its rare entities (``RARE_NEIGHBOURS``): where another
    speaker's restatement of it can be."""
    params = {"ids": claim_ids, "most": RARE_ENTITY}
    return _pairs([r for q in RARE_NEIGHBOURS for r in store.query(q, params)])


def _pairs(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["claim"], []).append(r["neighbour"])
    return out


def refresh_articles(store: GraphStore, article_ids: list[str], cache: StatementCache | None = None) -> list[Findings]:
    """After a write group: recompute only the claims these articles have statements about, and
    their ``neighbours`` (a new firm statement can harden a neighbour's hedged one). Their
    ``echo_neighbours`` are read, not recomputed: a link starts at the later statement, which is
    the new one when articles come in time order (``refresh_all`` catches up on the others). With a
    ``cache`` (one per ingestion run), claims read by an earlier group are not read whole again."""
    if not article_ids:
        return []
    if cache is not None:
        claim_ids = cache.add(store, article_ids)
    else:  # a fresh read: statements are held for this call only
        claim_ids = [r["id"] for r in store.query(CLAIMS_OF_ARTICLES, {"ids": article_ids})]
        cache = StatementCache(limit=1 << 40)
    known = near_claims(store, claim_ids)
    said = cache.read(store, sorted({*claim_ids, *(n for same, _ in known.values() for n in same)}))
    return refresh(
        store, [*claim_ids, *_later_neighbours(said, known, article_ids)], known=known, echo=False, cache=cache
    )


def _later_neighbours(said: dict[str, list[Said]], near: dict[str, Near], article_ids: list[str]) -> list[str]:
    """The ``neighbours`` of a group's claims that hold a statement later than one the group added
    to a claim naming them: only those can change. A neighbour's findings read the group's new
    statements only as the earlier end of a link (``cross_steps``), so a neighbour all of whose
    statements come before them is left as it is; when articles come in time order that is nearly
    every one, and a claim sharing a common subject and object (two countries) has hundreds of
    neighbours, whose own neighbours refreshing them would read again."""
    new = set(article_ids)
    out: set[str] = set()
    for cid, (same, _) in near.items():
        first = min((_when(s) for s in said.get(cid, []) if s.article in new), default=None)
        for n in same:
            if first is None or any(_when(s) > first for s in said.get(n, [])):
                out.add(n)
    return sorted(out)


def refresh_all(store: GraphStore, page: int = 500) -> int:
    """Recompute every claim, a page at a time (for graphs stored before drift existed), after
    counting every entity's claims and every claim's statements by stance (for graphs stored
    before the writer kept them)."""
    from kg.writer import count_claim_statements, count_entity_claims

    count_entity_claims(store)
    count_claim_statements(store)
    after, total = "", 0
    while rows := store.query(CLAIM_PAGE, {"after": after, "limit": page}):
        ids = [r["id"] for r in rows]
        refresh(store, ids, batch=page)
        total += len(ids)
        after = ids[-1]
    return total


# ---------------------------------------------------------------- read models (app, questions, export)

FINDINGS = ("hardened", "softened", "source_drift", "after_denial", "unsourced")

CLAIM_FINDINGS = checked(
    """MATCH (c:Claim {id: $id})
RETURN c.id AS id, coalesce(c.hardened, false) AS hardened, coalesce(c.softened, false) AS softened,
  coalesce(c.source_drift, false) AS source_drift, coalesce(c.after_denial, false) AS after_denial,
  coalesce(c.unsourced, false) AS unsourced, coalesce(c.chain, []) AS chain,
  c.root_source AS root_source, coalesce(c.root_kind, 'none') AS root_kind"""
)

CLAIM_LINKS = checked(
    """MATCH (c:Claim {id: $id})<-[:ABOUT]-(s:Statement)
  -[r:HARDENS|SOFTENS|DROPS_SOURCE|IGNORES_DENIAL|RELAYS]->(t:Statement)
RETURN type(r) AS type, s.id AS src, t.id AS dst"""
)

LINKED_CLAIMS = checked(
    """UNWIND $ids AS sid
MATCH (s:Statement)-[:ABOUT]->(c:Claim) WHERE s.id = sid
RETURN DISTINCT c.id AS id"""
)

FLAGS = checked(
    """MATCH (c:Claim)
WHERE c.hardened OR c.softened OR c.source_drift OR c.after_denial OR c.unsourced
RETURN c.id AS id, coalesce(c.hardened, false) AS hardened, coalesce(c.softened, false) AS softened,
  coalesce(c.source_drift, false) AS source_drift, coalesce(c.after_denial, false) AS after_denial,
  coalesce(c.unsourced, false) AS unsourced"""
)


def _flag_query(finding: str) -> str:
    return checked(
        f"""MATCH (c:Claim) WHERE c.{finding} = true
OPTIONAL MATCH (s:Statement)-[:ABOUT]->(c)
WITH c, count(DISTINCT s) AS statements
RETURN c.id AS id, c.text AS text, statements, coalesce(c.chain, []) AS chain, c.root_kind AS root_kind
ORDER BY statements DESC, c.id LIMIT $limit"""
    )


FLAGGED: dict[str, str] = {finding: _flag_query(finding) for finding in FINDINGS}

_ABOUT = "MATCH (e:Entity)<-[:INVOLVES|SUBJECT|OBJECT]-(c:Claim) WHERE e.id IN $ids WITH DISTINCT c"
# The claim flag each link sets (``analyse``): a question about every claim starts from the flag's index and
# reads at most FLAGGED_READ flagged claims, so its cost does not grow with the corpus (#17).
FLAG_OF_LINK = {
    "HARDENS": "hardened",
    "SOFTENS": "softened",
    "DROPS_SOURCE": "source_drift",
    "IGNORES_DENIAL": "after_denial",
}
FLAGGED_READ = 2000


def _flagged(flag: str, order: str = "") -> str:
    return f"MATCH (c:Claim)\nWHERE c.{flag} = true\nWITH c {order}LIMIT {FLAGGED_READ}"


def _pairs_query(rel: str, about: bool) -> str:
    head = _ABOUT if about else _flagged(FLAG_OF_LINK[rel]) if rel in FLAG_OF_LINK else "MATCH (c:Claim)"
    return checked(
        f"""{head}
MATCH (c)<-[:ABOUT]-(later:Statement)-[:{rel}]->(earlier:Statement)
RETURN c.id AS cid, c.text AS claim, earlier.id AS earlier, later.id AS later
ORDER BY cid, earlier, later LIMIT $limit"""
    )


# Questions: the pairs that show hardening / softening, optionally for claims involving some entities.
PAIRS: dict[tuple[str, bool], str] = {
    (rel, about): _pairs_query(rel, about) for rel in LINKS for about in (False, True)
}


def _unsourced_query(about: bool) -> str:
    # a third of all claims are unsourced: the most-stated ones first (read off the claims, not expanded)
    head = _ABOUT if about else _flagged("unsourced", "ORDER BY c.statements DESC ")
    return checked(
        f"""{head}
MATCH (c)<-[:ABOUT]-(s:Statement)
WHERE c.unsourced = true AND s.stance IN $stances
WITH c, collect(s.id) AS sids, count(s) AS n
RETURN c.id AS cid, c.text AS claim, coalesce(c.chain, []) AS chain, c.root_kind AS root_kind, sids[0..3] AS sids, n
ORDER BY n DESC, cid LIMIT $limit"""
    )


UNSOURCED: dict[bool, str] = {about: _unsourced_query(about) for about in (False, True)}

IGNORED_DENIALS = checked(
    """UNWIND $claims AS cid
MATCH (c:Claim)<-[:ABOUT]-(s:Statement)-[:IGNORES_DENIAL]->(d:Statement)
WHERE c.id = cid
RETURN c.id AS cid, c.text AS claim, s.id AS later, d.id AS earlier
ORDER BY cid, later LIMIT $limit"""
)

_READS: dict[str, str] = {
    **{f"pairs:{rel}:{about}": q for (rel, about), q in PAIRS.items()},
    **{f"unsourced:{about}": q for about, q in UNSOURCED.items()},
    "ignored_denials": IGNORED_DENIALS,
    "claim_findings": CLAIM_FINDINGS,
    "claim_links": CLAIM_LINKS,
    "linked_claims": LINKED_CLAIMS,
    "flags": FLAGS,
    **{f"flagged:{k}": q for k, q in FLAGGED.items()},
}


def claim_drift(store: GraphStore, claim_id: str) -> Findings | None:
    """The stored findings of one claim, with its drift links."""
    rows = store.query(CLAIM_FINDINGS, {"id": claim_id})
    if not rows or rows[0].get("id") is None:
        return None
    r = rows[0]
    found = Findings(
        claim=r["id"],
        hardened=bool(r["hardened"]),
        softened=bool(r["softened"]),
        source_drift=bool(r["source_drift"]),
        after_denial=bool(r["after_denial"]),
        unsourced=bool(r["unsourced"]),
        chain=[x for x in (r["chain"] or []) if x],
        root_source=r["root_source"] or "",
        root_kind=r["root_kind"] or "none",
    )
    found.links = sorted((x["type"], x["src"], x["dst"]) for x in store.query(CLAIM_LINKS, {"id": claim_id}))
    return found


def linked_claims(store: GraphStore, found: Findings, own: set[str]) -> list[str]:
    """The other claims whose statements this claim's drift links point at (``cross_steps``), so a
    page can show both statements of the pair; ``own`` are the claim's own statement ids."""
    ids = sorted({b for _, _, b in found.links} - own)
    return [r["id"] for r in store.query(LINKED_CLAIMS, {"ids": ids})] if ids else []


def flags(store: GraphStore) -> dict[str, set[str]]:
    """Claim ids per finding, for filtering lists that were read elsewhere."""
    out: dict[str, set[str]] = {f: set() for f in FINDINGS}
    for r in store.query(FLAGS):
        for f in FINDINGS:
            if r[f]:
                out[f].add(r["id"])
    return out


def flagged(store: GraphStore, finding: str, limit: int = 200) -> list[dict[str, Any]]:
    """Claims with one finding, most-stated first."""
    if finding not in FLAGGED:
        raise ValueError(f"not a drift finding: {finding!r}")
    return store.query(FLAGGED[finding], {"limit": int(limit)})
