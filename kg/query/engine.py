"""Question -> parse -> link -> intent -> read-only template -> ranked, cited answer.

One handler per intent; each runs catalogue templates with ``store.query`` (read-only on both
backends) and turns rows into ``Item``s with ``Evidence``. User text only ever travels as a
parameter value.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extraction import cues
from extraction.records import DISPUTING, STANCES
from extraction.stance import negated_root, token_range
from extraction.words import is_content
from kg.query import catalogue, followup, fulltext, linking, parse
from kg.query.answer import Answer, ArticleRef, Evidence, Item
from kg.query.linking import Mention, link_mentions, name_table, rank_nodes
from kg.query.match import mentions_in, overlap, score_row, sentence_around, stem, stems
from kg.roles import role_of, time_key
from kg.store.base import GraphStore, StoreError
from kg.store.dialect import fulltext_escape

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000  # longer questions are read up to here
NO_PARSE = (
    "I could not read a question there. Ask, for example: “Who denied that X happened?”, "
    "“What did Y say?”, “Which outlets carried the claim that ...?” or “Which claims are contested?”"
)
MATCH_FLOOR = 0.34
# A question's claim keeps the candidates scoring this share of the best one (those with the stance
# asked about: the lower share), and at most this many claims (plus that many with the stance).
KEEP_SHARE = 0.5
KEEP_STANCE_SHARE = 0.6
CLAIMS_KEPT = 40
STANCE_CLAIMS_KEPT = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
# Curly single quotes and apostrophes read as the straight one: the parser takes the curly contraction of
# "isn’t" / "ISN’T" for punctuation, not "not" (a question's negation would be lost).
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'"})
# spaCy's tokenizer exceptions split "isn't" and "Isn't" into "is" + "n't", never "ISN'T": a contraction in
# capitals is read in lower case.
_CAPITAL_CONTRACTION = re.compile(r"\b[A-Z]+N'T\b")


def clean_question(question: str) -> str:
    """Normalise odd input: control characters out, whitespace collapsed, length capped."""
    text = unicodedata.normalize("NFKC", str(question or ""))
    text = text.translate(_APOSTROPHES)
    text = _CAPITAL_CONTRACTION.sub(lambda m: m.group().lower(), text)
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:MAX_QUESTION_CHARS]


class Run:
    """Runs templates for one answer and remembers the Cypher and parameters it showed."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.cypher: list[str] = []
        self.params: dict[str, Any] = {}

    def query(self, statement: str, params: dict[str, Any], show: bool = True) -> list[dict[str, Any]]:
        if show:
            if statement not in self.cypher:
                self.cypher.append(statement)
            self.params.update(params)
        return self.store.query(statement, params)

    def fulltext(self, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Full-text search; a query the index rejects finds nothing rather than failing the answer."""
        try:
            return self.store.query(statement, params)
        except StoreError:
            raise
        except Exception as exc:
            log.debug("full-text query failed: %s", exc)
            return []


# --------------------------------------------------------------------------------- rows -> evidence


def _article(row: dict[str, Any]) -> ArticleRef:
    return ArticleRef(
        id=str(row.get("aid") or ""),
        uri=str(row.get("uri") or ""),
        title=str(row.get("title") or ""),
        outlet=str(row.get("outlet") or row.get("article_outlet") or ""),
        published=str(row.get("published") or ""),
    )


def evidence_of(row: dict[str, Any]) -> Evidence:
    return Evidence(
        article=_article(row),
        sentence=str(row.get("sentence") or ""),
        start=int(row["start"]) if row.get("start") is not None else -1,
        end=int(row["end"]) if row.get("end") is not None else -1,
        stance=str(row.get("stance") or ""),
    )


def short_title(title: str, limit: int = 90) -> str:
    title = re.sub(r"\s+", " ", title or "").strip()
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def carrier(row: dict[str, Any]) -> tuple[str, str]:
    """Who carried an article: its outlet, else its title (the seed files carry no outlet)."""
    name = row.get("outlet") or row.get("article_outlet")
    if name:
        return str(name), "Outlet"
    return short_title(str(row.get("title") or row.get("aid") or "an untitled article")), "Article"


def speaker(row: dict[str, Any]) -> tuple[str, str]:
    """Who made a statement: its source node ("spokesman for X" when it spoke for one), else the printer."""
    if row.get("src_name"):
        labels = [lab for lab in (row.get("src_labels") or []) if lab != "Entity"]
        return str(row.get("speaker") or row["src_name"]), labels[0] if labels else "Entity"
    if row.get("source_text"):
        return str(row["source_text"]), "Source"
    return carrier(row)


def date_key(row: dict[str, Any]) -> tuple[int, str, int]:
    return time_key(row.get("published"), row.get("seq"))


def when_said(row: dict[str, Any]) -> str:
    return str(row.get("published") or "")[:10] or "undated"


def short_quote(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”"


def name_list(items: list[Item], limit: int = 6) -> str:
    names = [i.name for i in items[:limit]]
    more = len(items) - len(names)
    text = ", ".join(names)
    return f"{text} and {more} more" if more > 0 else text


Scorer = Callable[[dict[str, Any]], float]


def _by_sid(scores: dict[str, float]) -> Scorer:
    return lambda row: scores.get(str(row.get("sid")), 0.0)


def group_items(
    rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], tuple[str, str]], score: Scorer
) -> list[Item]:
    """Group evidence rows into items by ``key`` (name, kind), best-scored and best-supported first."""
    groups: OrderedDict[tuple[str, str], Item] = OrderedDict()
    seen: set[tuple[tuple[str, str], str]] = set()
    for row in sorted(rows, key=lambda r: (-score(r), date_key(r))):
        k = key(row)
        item = groups.setdefault(k, Item(name=k[0], kind=k[1], score=0.0))
        item.score = max(item.score, score(row))
        if (k, str(row.get("sid"))) not in seen:
            seen.add((k, str(row.get("sid"))))
            item.evidence.append(evidence_of(row))
    items = list(groups.values())
    for item in items:
        item.score = round(item.score + 0.01 * min(len(item.evidence), 20), 4)
    items.sort(key=lambda i: (-i.score, -len(i.evidence), i.name))
    return items


def of_kind(items: list[Item], kinds: tuple[str, ...]) -> list[Item]:
    """The items of the asked kinds ("which company ...") first, the rest after (an entity's type may be wrong)."""
    return sorted(items, key=lambda i: i.kind not in kinds) if kinds else items


# ------------------------------------------------------------------------------ claim matching


def _name_words(text: str) -> list[str]:
    """A linked name's words for the full-text search, without its stop words ("the TWA", "Bank of
    England"): an OR query with "the" in it hits every statement, so its cost grew with the corpus.
    A stop word written in capitals ("US") is the name itself; a name of stop words only keeps them."""
    words = text.split()
    return [w for w in words if is_content(w) or (w.isupper() and len(w) > 1)] or words


def search_words(parsed: parse.Parsed, with_topics: bool = True) -> list[str]:
    words = list(parsed.claim_words)
    if with_topics:
        for m in parsed.topics:
            words += _name_words(m.text)
    escaped: list[str] = []
    for w in words:
        for part in fulltext_escape(w).split():
            if part.lower() not in escaped and len(part) > 1:
                escaped.append(part.lower())
    return escaped[:24]


@dataclass
class Match:
    """What a claim question matched: claim ids, loose statement ids, and a score for each."""

    claims: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)  # matched directly, outside the claims
    claim_scores: dict[str, float] = field(default_factory=dict)
    statement_scores: dict[str, float] = field(default_factory=dict)
    best_text: str = ""
    covering: list[str] = field(default_factory=list)  # one statement per article whose text carries the claim
    best: float = 0.0  # the best candidate's score
    stance_fit: dict[str, float] = field(default_factory=dict)  # statements kept by their fit with the stance asked

    def fit(self, row: dict[str, Any]) -> float:
        return max(self.score(row), self.stance_fit.get(str(row.get("sid")), 0.0))

    def __bool__(self) -> bool:
        return bool(self.claims or self.statements or self.covering)

    def score(self, row: dict[str, Any]) -> float:
        return max(self.statement_scores.get(str(row.get("sid")), 0.0), self.claim_scores.get(str(row.get("cid")), 0.0))


def _candidates(run: Run, parsed: parse.Parsed) -> dict[str, dict[str, Any]]:
    """Statements that may fit: full-text hits on claims and statements, and claims involving the entities."""
    words = search_words(parsed)
    candidates: dict[str, dict[str, Any]] = {}
    ft = catalogue.fulltext_templates(run.store.dialect)
    q = fulltext.bounded_query(run, words)
    if q:
        for row in run.fulltext(ft.claims, {"q": q, "limit": 60}) + run.fulltext(ft.statements, {"q": q, "limit": 100}):
            candidates.setdefault(str(row["sid"]), row)
    ids = [i for m in parsed.topics for i in m.ids]
    if ids:
        for row in run.query(catalogue.CANDIDATES_BY_ENTITY, {"ids": ids, "limit": 150}, show=False):
            candidates.setdefault(str(row["sid"]), row)
    return candidates


def _topics_in_articles(run: Run, rows: list[dict[str, Any]], topics: list[Mention]) -> dict[str, frozenset[str]]:
    """Article id -> the ids of the question's entities that article mentions."""
    aids = sorted({str(r["aid"]) for r in rows if r.get("aid")})
    ids = [i for m in topics for i in m.ids]
    if not aids or not ids:
        return {}
    found = run.query(catalogue.ARTICLE_TOPICS, {"articles": aids, "ids": ids}, show=False)
    return {str(r["aid"]): frozenset(str(i) for i in r.get("ids") or []) for r in found}


def _pronoun_scores(
    run: Run, parsed: parse.Parsed, candidates: dict[str, dict[str, Any]], stances: tuple[str, ...]
) -> dict[str, float]:
    """A statement with the stance asked about may name the question's entities only by a pronoun
    ("Acme denied that it is behind the purchase"): its fit with the entities' names counted once,
    as entities its article mentions, not again as words. Used to keep such a statement, not to rank it."""
    if set(stances) == set(ALL_STANCES) or not parsed.topics:
        return {}
    query_stems = stems(" ".join(parsed.claim_words))
    words_only = (query_stems - stems(" ".join(m.text for m in parsed.topics))) or query_stems
    rows = {sid: row for sid, row in candidates.items() if row.get("stance") in stances}
    named = _topics_in_articles(run, list(rows.values()), parsed.topics)
    return {
        sid: score_row(row, words_only, parsed.topics, named.get(str(row.get("aid")), frozenset()))
        for sid, row in rows.items()
    }


def _unanchored(parsed: parse.Parsed, query: frozenset[str]) -> bool:
    """Two or more claim words, no linked entity and no capitalised word (an unlinked name, perhaps
    misspelt, still anchors a one-word match)."""
    named = any(t.text[:1].isupper() and t.i > 0 and t.lower_ in parsed.claim_words for t in parsed.doc)
    return len(query) >= 2 and not parsed.topics and not named


def _shared(row: dict[str, Any], query: frozenset[str]) -> int:
    """How many of the question's word stems a candidate's claim, content or sentence holds."""
    return len(query & stems(f"{row.get('claim') or ''} {row.get('content') or ''} {row.get('sentence') or ''}"))


# An article whose opening (its first OPENING_CHARS characters) holds this share of the claim's word
# stems (at least ARTICLE_MIN_WORDS of them) and names the claim's entities carries the claim even when no
# single statement words it the same way ("urinating" in the question, "relieve himself" in the sentence);
# of the candidates' articles, the ARTICLES_READ best are read. On the FNC-1 tune slice, 0.5 of the whole
# text reaches 242 of 298 related bodies and none of 100 unrelated ones; reading 40 openings of 3,000
# characters instead of 60 whole texts costs 0.01 of disputes/reports F1 and a third of the added time.
ARTICLE_COVER = 0.5
ARTICLE_MIN_WORDS = 3
ARTICLES_READ = 40
OPENING_CHARS = 3000  # of each article's text


def covering_statements(
    run: Run,
    parsed: parse.Parsed,
    candidates: dict[str, dict[str, Any]],
    scores: dict[str, float],
    stances: tuple[str, ...],
) -> dict[str, float]:
    """For each candidate article whose text carries the claim, its best statement (one with a stance asked
    about when it has one): the article's own statement of the story it tells."""
    query = stems(" ".join(parsed.claim_words))
    if len(query) < ARTICLE_MIN_WORDS:
        return {}
    best_of: dict[str, str] = {}
    for sid, row in candidates.items():
        aid, key = str(row.get("aid") or ""), (row.get("stance") in stances, scores[sid])
        old = best_of.get(aid)
        if aid and (old is None or key > (candidates[old].get("stance") in stances, scores[old])):
            best_of[aid] = sid
    aids = sorted(best_of, key=lambda a: -scores[best_of[a]])[:ARTICLES_READ]
    out: dict[str, float] = {}
    for row in run.query(catalogue.ARTICLE_OPENINGS, {"articles": aids, "chars": OPENING_CHARS}, show=False):
        text = str(row.get("text") or "")
        named = not parsed.topics or any(mentions_in(text, m) for m in parsed.topics)
        if named and overlap(query, text) >= ARTICLE_COVER:
            sid = best_of[str(row["aid"])]
            out[sid] = scores[sid]
    return out


def match_statements(run: Run, parsed: parse.Parsed, stances: tuple[str, ...], articles: bool = False) -> Match:
    """Claims (and claim-less statements) that fit the question's claim words and entities; with
    ``articles``, also the articles whose text carries the claim (``Match.covering``)."""
    candidates = _candidates(run, parsed)
    match = Match()
    if not candidates:
        return match
    query_stems = stems(" ".join(parsed.claim_words))
    scores = {sid: score_row(row, query_stems, parsed.topics) for sid, row in candidates.items()}
    if _unanchored(parsed, query_stems):  # common words only: one shared word is chance ("penguins can fly")
        scores = {sid: sc if _shared(candidates[sid], query_stems) >= 2 else 0.0 for sid, sc in scores.items()}
    if articles:
        covering = covering_statements(run, parsed, candidates, scores, stances)
        match.covering = list(covering)
        match.statement_scores.update(covering)
    pronoun = _pronoun_scores(run, parsed, candidates, stances)
    best = max(scores.values())
    if max([best, *pronoun.values()]) < MATCH_FLOOR:
        return match
    match.best = best
    keep = max(MATCH_FLOOR, KEEP_SHARE * best)
    keep_stance = max(MATCH_FLOOR, KEEP_STANCE_SHARE * best)
    for sid, row in candidates.items():
        sc = scores[sid]
        stance_fit = max(sc, pronoun.get(sid, 0.0)) if row.get("stance") in stances else 0.0
        if not (sc >= keep or stance_fit >= keep_stance):
            continue
        if stance_fit > sc:
            match.stance_fit[sid] = stance_fit
        if row.get("cid"):
            cid = str(row["cid"])
            match.claim_scores[cid] = max(match.claim_scores.get(cid, 0.0), sc)
        else:
            match.statement_scores[sid] = sc
    ranked = sorted(match.claim_scores, key=lambda c: -match.claim_scores[c])
    with_stance = {str(r["cid"]) for r in candidates.values() if r.get("cid") and r.get("stance") in stances}
    match.claims = list(
        dict.fromkeys(ranked[:CLAIMS_KEPT] + [c for c in ranked if c in with_stance][:STANCE_CLAIMS_KEPT])
    )
    match.claim_scores = {c: match.claim_scores[c] for c in match.claims}
    match.statements = sorted(match.statement_scores, key=lambda x: -match.statement_scores[x])[:100]
    best_sid = max(scores, key=lambda x: scores[x])
    best_row = candidates[best_sid]
    match.best_text = str(best_row.get("claim") or best_row.get("content") or best_row.get("sentence") or "")
    return match


def evidence_rows(run: Run, match: Match, stances: tuple[str, ...]) -> list[dict[str, Any]]:
    if not match:
        return []
    statements = list(dict.fromkeys(match.statements + match.covering))
    params = {"claims": match.claims, "statements": statements, "stances": list(stances)}
    return run.query(catalogue.STATEMENTS_FOR_MATCH, params)


def rows_by_id(run: Run, statement_ids: list[str], stances: tuple[str, ...]) -> list[dict[str, Any]]:
    if not statement_ids:
        return []
    return run.query(catalogue.STATEMENTS_BY_ID, {"statements": statement_ids, "stances": list(stances)})


ALL_STANCES = STANCES
_STANCE_VERB = {
    "asserts": "asserted",
    "denies": "denied",
    "disputes": "disputed",
    "no_comment": "declined to comment on",
}


def with_kin(stances: tuple[str, ...]) -> tuple[str, ...]:
    """A question about denials reaches every disputing statement (the article's own voice included)."""
    if "denies" in stances and "disputes" not in stances:
        return (*stances, "disputes")
    return stances


# A source's denial answers "who disputed X" only when it fits X at least this share of the best match:
# a negated quote about something else in the same story ("the crew did not expect the storm to last",
# he said) is no dispute of X. On the FNC-1 tune slice, the denials below it were 3 disputing bodies
# against 23 agreeing or discussing ones.
DISPUTE_SHARE = 0.6


def about_the_claim(row: dict[str, Any], fit: float, best: float) -> bool:
    """Whether a disputing row is about the asked claim: the article's own voice always is (its debunk
    points at the story it tells); a source's denial when it fits the claim (``DISPUTE_SHARE``)."""
    if row.get("stance") not in DISPUTING or row.get("source_kind") == "outlet":
        return True
    return fit >= max(MATCH_FLOOR, DISPUTE_SHARE * best)


def own_voice_disputes(run: Run, match: Match, have: set[str], parsed: parse.Parsed) -> list[dict[str, Any]]:
    """Articles that carry the matched claim and debunk their story in their own voice ("the story is a
    hoax"): the debunk points at the article's story, which the matched statements tell. A source's
    denial in such an article counts only when it is about the claim (``about_the_claim``)."""
    if not match:
        return []
    carrying = Match(match.claims, match.statements[:20], covering=match.covering)
    carried = [str(r["sid"]) for r in evidence_rows(run, carrying, STANCES)]
    if not carried:
        return []
    params = {"statements": carried[:300], "stances": list(DISPUTING), "limit": 300}
    near = {str(r["sid"]) for r in run.query(catalogue.STANCE_NEAR_STATEMENTS, params, show=False)} - have
    query_stems = stems(" ".join(parsed.claim_words))
    return [
        r
        for r in rows_by_id(run, sorted(near), DISPUTING)
        if about_the_claim(r, score_row(r, query_stems, parsed.topics), match.best)
    ]


def claim_label(parsed: parse.Parsed, best_text: str) -> str:
    if best_text:
        return short_quote(best_text, 140)
    return short_quote(parsed.claim_text or " ".join(parsed.claim_words) or parsed.text, 140)


# ---------------------------------------------------------------------------------- handlers


# A claim that is itself a denial or a debunk ("X refutes reports that Y", "Y is a hoax", "Y is not real"):
# the pattern labels of ``stance_patterns.jsonl`` that make a clause dispute what it names.
_SELF_DISPUTING = ("DENY_VERB", "DENIAL", "DEBUNK")


def _claim_range(parsed: parse.Parsed) -> tuple[int, int] | None:
    """Token indices of the question's claim in its parse (None when the claim text is not found)."""
    start = parsed.doc.text.find(parsed.claim_text) if parsed.claim_text else -1
    return token_range(parsed.doc, start, start + len(parsed.claim_text)) if start >= 0 else None


def _negations(parsed: parse.Parsed, span: tuple[int, int], hits: cues.Hits) -> list[Any]:
    """The negation of the claim's main verb; in a headline with a label ("Duped again: X is not dead"),
    of the part after the label's colon when the label's verb comes first."""
    negs = negated_root(parsed.doc, *span, hits)
    colon = next((t.i for t in parsed.doc[span[0] : span[1]] if t.text == ":"), None)
    if negs or colon is None or span[1] - colon < _MIN_AFTER_LABEL:
        return negs
    return negated_root(parsed.doc, colon + 1, span[1], hits)


_MIN_AFTER_LABEL = 4  # tokens after a headline label's colon that make a claim of their own


@dataclass(frozen=True)
class ClaimNegation:
    """How the question's claim is negated, read once per question: the negations of its main verb,
    and whether a denial or debunk word disputes it."""

    negations: tuple[Any, ...] = ()
    disputing: bool = False

    @property
    def negated(self) -> bool:
        return bool(self.negations) or self.disputing


def claim_negation(parsed: parse.Parsed) -> ClaimNegation:
    """The question's claim's negation (see ``negated_claim`` and ``negated_predicate``)."""
    span = _claim_range(parsed)
    if span is None:
        return ClaimNegation()
    hits = cues.find(parsed.doc)
    disputing = any(cues.within(hits, k, *span) for k in _SELF_DISPUTING)
    return ClaimNegation(tuple(_negations(parsed, span, hits)), disputing)


def negated_claim(parsed: parse.Parsed, negation: ClaimNegation | None = None) -> bool:
    """Whether the question's claim is a negated or disputing restatement ("Who said X did not Y?",
    "... that Y is a hoax?", "... that S refuted Y?"): stored statements put such words under the
    positive claim as a dispute, so the question's stance flips (those disputing Y say it; those
    asserting Y dispute it)."""
    return (claim_negation(parsed) if negation is None else negation).negated


_PREDICATE_DEPS = ("acomp", "attr", "oprd")  # "is not [dead]", "there are no [cases]"


def negated_predicate(parsed: parse.Parsed, negation: ClaimNegation | None = None) -> str:
    """The stem of what a negated claim says did not happen: the negated verb ("did not [crawl]"), or a
    copula's complement ("is not [dead]"); "" for a claim negated by a denial or debunk word instead."""
    negation = claim_negation(parsed) if negation is None else negation
    if not negation.negations or negation.disputing:  # "Rumor debunked: X is not Y"
        return ""
    root = negation.negations[0].head
    comp = next((c for c in root.children if c.dep_ in _PREDICATE_DEPS), None)
    word = (comp if comp is not None and root.lemma_ == "be" else root).lower_
    return stem(word) if is_content(word) else ""  # "did not do it", "is not": no word to look for


def states_predicate(
    rows: list[dict[str, Any]], parsed: parse.Parsed, negation: ClaimNegation | None = None
) -> list[dict[str, Any]]:
    """Of the asserting rows that would dispute a negated claim, those that state what it negates
    ("X is dead" against "X is not dead"): a statement sharing only the story's other words (an agreeing
    article's "X's reps spoke on Sunday") does not contradict it. On the FNC-1 tune slice, such rows
    made 6 agreeing or discussing bodies disputers of negated headlines, against 2 disagreeing ones."""
    pred = negated_predicate(parsed, negation)
    if not pred:
        return rows
    return [
        r for r in rows if pred in stems(f"{r.get('claim') or ''} {r.get('content') or ''} {r.get('sentence') or ''}")
    ]


_FLIPPED = {"asserts": DISPUTING, "denies": ("asserts",), "disputes": ("asserts",)}


def flipped_stances(stances: tuple[str, ...]) -> tuple[str, ...]:
    """The stances that answer a question about a negated claim (no_comment stays as asked)."""
    return tuple(dict.fromkeys(x for st in stances for x in _FLIPPED.get(st, (st,))))


def without_debunking_articles(
    run: Run, match: Match, rows: list[dict[str, Any]], parsed: parse.Parsed
) -> list[dict[str, Any]]:
    """Asserting rows that dispute a negated claim, minus those in articles that themselves dispute the
    positive claim: there the assertion is the story being taken apart, and the article agrees with
    the negated claim."""
    debunking = {str(r.get("aid")) for r in evidence_rows(run, match, DISPUTING)}
    debunking |= {str(r.get("aid")) for r in own_voice_disputes(run, match, set(), parsed)}
    return [r for r in rows if str(r.get("aid")) not in debunking]


def sources_of_claim(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    """claimants / deniers / no_comment: who took the stance on the claim the question names."""
    stances = with_kin(parsed.stances)
    negation = claim_negation(parsed) if "no_comment" not in stances else ClaimNegation()
    negated = negation.negated
    if negated:
        stances = flipped_stances(stances)
    if not parsed.claim_words and not parsed.topics:  # "Who declined to comment?": every such statement
        rows = run.query(catalogue.STATEMENTS_WITH_STANCE, {"stances": list(stances), "limit": 100})
        answer.items = of_kind(group_items(rows, speaker, lambda r: 1.0), parsed.speaker_types)
        verb = _STANCE_VERB[stances[0]] if len(stances) == 1 else "spoke about"
        answer.answer = (
            f"{len(answer.items)} source(s) {verb} something in the graph: {name_list(answer.items)}."
            if answer.items
            else f"No statement in the graph {verb} anything."
        )
        return
    match = match_statements(run, parsed, stances, articles=True)
    rows = evidence_rows(run, match, stances)
    if "disputes" in stances:
        rows += own_voice_disputes(run, match, {str(r["sid"]) for r in rows}, parsed)
    if negated and "asserts" in stances:
        rows = states_predicate(without_debunking_articles(run, match, rows, parsed), parsed, negation)
    rows = [r for r in rows if about_the_claim(r, match.fit(r), match.best)]
    label = claim_label(parsed, match.best_text)
    if len({r.get("cid") or r.get("sid") for r in rows}) > 1:
        label = f"claims matching {short_quote(parsed.claim_text or ' '.join(parsed.claim_words), 100)}"
    agent_ids = {i for m in parsed.agents for i in m.ids}  # "Did S deny X?": S first

    def score(row: dict[str, Any]) -> float:
        return match.score(row) + (1.0 if row.get("src_id") in agent_ids else 0.0)

    answer.items = of_kind(group_items(rows, speaker, score), parsed.speaker_types)
    verb = _STANCE_VERB[stances[0]] if len(stances) == 1 else "spoke about"
    if answer.items:
        answer.answer = f"{len(answer.items)} source(s) {verb} {label}: {name_list(answer.items)}."
    elif match:
        answer.answer = f"No statement in the graph {verb} that. Closest claim, as a suggestion only: {label}."
    else:
        answer.answer = "No claim in the graph matches that question."


def _statements_of_source(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    """statements_by / denials_by: what a source said (or denied), optionally about a topic."""
    stances = with_kin(parsed.stances)
    ids = [i for m in parsed.agents for i in m.ids]
    rows = run.query(catalogue.STATEMENTS_BY_SOURCE, {"ids": ids, "stances": list(stances)})
    query_stems = stems(" ".join(parsed.claim_words))
    topics = [m for m in parsed.topics if m not in parsed.agents]
    scores = {str(r["sid"]): score_row(r, query_stems, topics) if (query_stems or topics) else 1.0 for r in rows}
    if query_stems or topics:
        fitting = [r for r in rows if scores[str(r["sid"])] >= MATCH_FLOOR]
        rows = fitting or rows
    answer.items = group_items(
        rows, lambda r: (str(r.get("claim") or r.get("content") or r.get("sentence")), "Claim"), _by_sid(scores)
    )
    who = parsed.agents[0].name
    verb = "denied" if stances == with_kin(("denies",)) else "said"
    if answer.items:
        lines = "; ".join(
            f"{_STANCE_VERB.get(i.evidence[0].stance, 'said') if i.evidence else 'said'} {short_quote(i.name, 120)}"
            for i in answer.items[:4]
        )
        n = sum(len(i.evidence) for i in answer.items)
        answer.answer = f"{who} made {n} statement(s) on {len(answer.items)} claim(s): {lines}."
    else:
        answer.answer = f"No statement in the graph has {who} as the one who {verb} it."


def _outlet_rows(run: Run, parsed: parse.Parsed) -> tuple[list[dict[str, Any]], Match]:
    """The statements an outlets question is about: a named source's own, else those matching the claim."""
    if parsed.agents and not parsed.claim_words and not parsed.topics:
        ids = [i for m in parsed.agents for i in m.ids]
        rows = run.query(catalogue.STATEMENTS_BY_SOURCE, {"ids": ids, "stances": list(parsed.stances)})
        return rows, Match(statement_scores={str(r["sid"]): 1.0 for r in rows})
    match = match_statements(run, parsed, parsed.stances)
    return evidence_rows(run, match, parsed.stances), match


def _relayed(row: dict[str, Any]) -> list[str]:
    """Whom a statement's carrier relayed: the outlets it cites, and its speaker when an outlet or unnamed source."""
    names = [str(n) for n in row.get("cited") or []]
    src, kind = speaker(row)
    if kind in ("Source", "Outlet") and src != carrier(row)[0]:
        names.append(src)
    return names


def _cited_items(rows: list[dict[str, Any]], carriers: list[Item]) -> list[Item]:
    """The outlets and sources the carriers cited that carried nothing themselves, one item each."""
    items: list[Item] = []
    seen = {i.name for i in carriers}
    for row in rows:
        for name in [*(row.get("cited") or []), speaker(row)[0]]:
            if name not in seen and name != carrier(row)[0]:
                seen.add(name)
                items.append(Item(name=str(name), kind="cited", score=0.0, evidence=[evidence_of(row)]))
    return items


def _outlets(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    """Which outlets (or articles) carried the claim, and whom each one cited."""
    rows, match = _outlet_rows(run, parsed)
    if not rows and parsed.topics and not parsed.claim_words:
        _articles(run, parsed, answer)
        return
    carriers = group_items(rows, carrier, match.score)
    cited: dict[str, set[str]] = {}
    for row in rows:
        cited.setdefault(carrier(row)[0], set()).update(_relayed(row))
    answer.items = carriers + _cited_items(rows, carriers)
    if parsed.wants_cited:  # "what sources did they cite": outlets relayed (CITES) first, most relayed first
        relayed = group_items([r for r in rows if r.get("cited")], lambda r: (str(r["cited"][0]), "cited"), match.score)
        answer.items = relayed + [i for i in answer.items if i.name not in {r.name for r in relayed}]
    label = claim_label(parsed, match.best_text)
    if carriers:
        parts = []
        for item in carriers[:8]:
            srcs = sorted(cited.get(item.name, set()))
            parts.append(f"{item.name} (citing {', '.join(srcs)})" if srcs else item.name)
        answer.answer = f"{len(carriers)} outlet(s) or article(s) carried {label}: " + "; ".join(parts) + "."
    else:
        answer.answer = "No article in the graph carries a claim matching that question."


# an origin chain's item kinds, by the statement's role (kg.roles): relays repeat the claim too
_CHAIN_KIND = {"asserting": "repeat", "relaying": "repeat", "denying": "denial", "no_comment": "no_comment"}
_ROLE_ORDER = {"repeat": 0, "denial": 1, "no_comment": 2}


def _primary_source(rows: list[dict[str, Any]], first: dict[str, Any]) -> tuple[Item, str]:
    """The source those repeating the claim relay most (earliest on ties), else the first report's speaker."""
    asserting = [r for r in rows if r.get("stance") == "asserts"] or rows
    cited_count: dict[str, int] = {}
    for row in asserting:
        for name in row.get("cited") or []:
            cited_count[str(name)] = cited_count.get(str(name), 0) + 1
    if not cited_count:
        name, _ = speaker(first)
        return Item(name, "primary_source", 1.0, [evidence_of(first)]), f"The primary source is {name}."
    primary = max(
        cited_count,
        key=lambda n: (cited_count[n], -min(date_key(r)[2] for r in rows if n in (r.get("cited") or []))),
    )
    relayers = [r for r in asserting if primary in (r.get("cited") or [])]
    item = Item(primary, "primary_source", 1.0, [evidence_of(r) for r in relayers[:5]])
    return item, f"The primary source, relayed by {len(relayers)} statement(s), is {primary}."


def _chain_items(rows: list[dict[str, Any]], first: dict[str, Any]) -> list[Item]:
    """Everyone after the first report, grouped by role (repeats, then denials, then no comments), in date order."""
    items: list[Item] = []
    for row in rows:
        if str(row.get("sid")) == str(first.get("sid")):
            continue
        role = _CHAIN_KIND[role_of(str(row.get("stance")), False, None)]
        name = speaker(row)[0] if role != "repeat" else carrier(row)[0]
        same = next((i for i in items if i.name == name and i.kind == role), None)
        if same is not None:
            same.evidence.append(evidence_of(row))
        else:
            items.append(Item(name, role, 0.0, [evidence_of(row)]))
    items.sort(key=lambda i: _ROLE_ORDER.get(i.kind, 3))  # stable: date order within a role
    for n, item in enumerate(items):
        item.score = round(0.8 - 0.01 * n, 4)
    return items


def _origin(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    """The earliest statement, the primary source relayed by others, and the chain that followed."""
    match = match_statements(run, parsed, ALL_STANCES)
    rows = sorted(evidence_rows(run, match, ALL_STANCES), key=date_key)
    if not rows:
        answer.answer = "No claim in the graph matches that question, so its origin cannot be traced."
        return
    first = next((r for r in rows if r.get("stance") == "asserts"), rows[0])
    primary, primary_text = _primary_source(rows, first)
    first_name = carrier(first)[0]
    chain_items = _chain_items(rows, first)
    answer.items = [primary, Item(first_name, "first_report", 0.9, [evidence_of(first)]), *chain_items]
    repeats = [i for i in chain_items if i.kind == "repeat"]
    denials = [i for i in chain_items if i.kind == "denial"]
    chain = f"first report: {first_name} ({when_said(first)})"
    if repeats:
        chain += f" → repeated by {name_list(repeats, 5)}"
    if denials:
        chain += f" → denied by {name_list(denials, 5)}"
    answer.answer = f"{claim_label(parsed, match.best_text)} — {primary_text} Chain: {chain}."


_DENIAL_WORDS = frozenset(
    [
        "deny",
        "denied",
        "denies",
        "denial",
        "reject",
        "rejected",
        "dismiss",
        "dismissed",
        "refute",
        "claim",
        "claims",
        "allegation",
        "allegations",
    ]
)


def _assertions_for(run: Run, claim: dict[str, Any]) -> list[str]:
    """Asserting statements elsewhere whose claim says what this denied claim says (claim nodes may differ)."""
    text = str(claim.get("claim") or "")
    words = [w for w in fulltext_escape(text).lower().split() if w not in _DENIAL_WORDS][:16]
    query_stems = stems(" ".join(words))
    if len(query_stems) < 2:
        return []
    ft = catalogue.fulltext_templates(run.store.dialect)
    # stop words would make the search hit every statement (its cost grew with the corpus); they never count below
    q = fulltext.bounded_query(run, [w for w in words if is_content(w)])
    hits: list[tuple[float, str]] = []
    for row in run.fulltext(ft.statements, {"q": q, "limit": 40}):
        if row.get("stance") != "asserts" or str(row.get("cid")) == str(claim["cid"]):
            continue
        main = f"{row.get('claim') or ''} {row.get('content') or ''}"
        shared = query_stems & stems(main)
        ratio = len(shared) / len(query_stems)
        if (len(shared) >= 3 and ratio >= 0.4) or (len(shared) >= 2 and ratio >= 0.6):
            hits.append((len(shared) / len(query_stems), str(row["sid"])))
    return [sid for _, sid in sorted(hits, reverse=True)[:3]]


ARGUED_FLOORS = (8, 4, 2, 1)  # how often a contested claim was argued, read from the most down
_COUNTS_KEPT: set[str] = set()  # stores whose claims carry the writer's stance counts (once seen, for good)


def stance_counts_kept(run: Run) -> bool:
    """Whether the claims carry the stance counts the writer keeps (``Claim.asserted`` / ``disputed``):
    a graph stored before it did has none until ``kg drift`` counts them, and is tallied the old way."""
    key = linking.store_key(run.store)
    if key not in _COUNTS_KEPT:
        rows = run.query(catalogue.CONTESTED_COUNTS_KEPT, {"disputing": list(DISPUTING)}, show=False)
        if rows and int(rows[0].get("counted") or 0) < int(rows[0].get("claims") or 0):
            return False
        _COUNTS_KEPT.add(key)
    return True


def _contested_claims(run: Run, parsed: parse.Parsed) -> list[dict[str, Any]]:
    """Denied claims (about the question's entities, if it names any), most-argued first, one row per claim."""
    ids = [i for m in parsed.topics for i in m.ids]
    params: dict[str, Any] = {"asserts": "asserts", "disputing": list(DISPUTING), "denied_only": True, "limit": 40}
    if ids:
        params["ids"] = ids
    if not stance_counts_kept(run):
        rows = run.query(catalogue.CONTESTED_ABOUT_UNCOUNTED if ids else catalogue.CONTESTED_UNCOUNTED, params)
    elif ids:
        rows = run.query(catalogue.CONTESTED_ABOUT, params)
    else:  # the most-argued first: a lower floor only while fewer than the limit come back
        for floor in ARGUED_FLOORS:
            rows = run.query(catalogue.CONTESTED, params | {"floor": floor})
            if len(rows) >= params["limit"]:
                break
    claims = list({str(c["cid"]): c for c in rows}.values())  # CONTESTED_ABOUT's two parts may share a claim
    claims.sort(
        key=lambda c: (-(int(c.get("asserted") or 0) + int(c.get("denied") or 0)), -int(c.get("statements") or 0))
    )
    return claims[:40]


# A contested claim shows at most this many statements (its denials first); how often it was asserted
# and denied comes from its counts, so a claim asserted in hundreds of stories costs what a small one does.
EVIDENCE_PER_CLAIM = 10


@dataclass
class _Tally:
    """Per claim text: statements, assertions and denials (a denial's paired assertions moved to it)."""

    statements: dict[str, int] = field(default_factory=dict)
    asserted: dict[str, int] = field(default_factory=dict)
    denied: dict[str, int] = field(default_factory=dict)

    def add(self, text: str, statements: int, asserted: int, denied: int = 0) -> None:
        for counts, n in ((self.statements, statements), (self.asserted, asserted), (self.denied, denied)):
            counts[text] = counts.get(text, 0) + n


def _tally(claims: list[dict[str, Any]], paired: list[dict[str, Any]], owner: dict[str, str]) -> _Tally:
    """The claims' own counts, with each paired assertion moved from its own claim to the denial it answers."""
    by_cid = {str(c["cid"]): str(c["claim"]) for c in claims}
    tally = _Tally()
    for c in claims:
        counts = (int(c.get(k) or 0) for k in ("statements", "asserted", "denied"))
        tally.add(str(c["claim"]), *counts)
    for row in {str(r["sid"]): r for r in paired}.values():
        asserts = int(row.get("stance") == "asserts")
        own = by_cid.get(str(row.get("cid") or ""))
        if own is not None:
            tally.add(own, -1, -asserts)
        tally.add(by_cid[owner[str(row["sid"])]], 1, asserts)
    return tally


def _contested_items(run: Run, parsed: parse.Parsed, claims: list[dict[str, Any]]) -> tuple[list[Item], _Tally]:
    """Evidence items per contested claim (at most ``EVIDENCE_PER_CLAIM`` statements of each), and how
    many statements assert and deny each (a denial's pairing included)."""
    owner: dict[str, str] = {}  # assertion statement id -> the denied claim it answers
    for c in claims[:15]:  # pairing costs one full-text query per denied claim
        if int(c.get("asserted") or 0) == 0:
            for sid in _assertions_for(run, c):
                owner.setdefault(sid, str(c["cid"]))
    params = {"claims": [str(c["cid"]) for c in claims], "disputing": list(DISPUTING), "per_claim": EVIDENCE_PER_CLAIM}
    paired = rows_by_id(run, list(owner), ALL_STANCES)
    rows = run.query(catalogue.CLAIM_EVIDENCE, params) + paired
    by_cid = {str(c["cid"]): c for c in claims}
    by_text: dict[str, dict[str, Any]] = {}
    for c in claims:
        by_text.setdefault(str(c["claim"]), c)

    def key(row: dict[str, Any]) -> tuple[str, str]:
        cid = owner.get(str(row.get("sid"))) or str(row.get("cid") or "")
        return str((by_cid.get(cid) or {}).get("claim") or row.get("claim") or ""), "Claim"

    tally = _tally(claims, paired, owner)
    items = group_items(rows, key, lambda r: 0.0)
    items.sort(key=lambda i: (-tally.statements.get(i.name, len(i.evidence)), i.name))  # most statements first
    query_stems = stems(" ".join(parsed.claim_words))
    for item in items:
        denied = int((by_text.get(item.name) or {}).get("denied") or 0)
        item.score = float(min(tally.asserted.get(item.name, 0), 9) * 10 + denied)
        item.score += 100 * overlap(query_stems, item.name)  # "is it disputed that X": X's claim first
        item.evidence.sort(key=lambda e: {"denies": 0, "disputes": 0, "asserts": 1}.get(e.stance, 2))
    return items, tally


def _contested(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    """Claims asserted by some and denied by others: on one claim node, or a denial matched to assertions."""
    claims = _contested_claims(run, parsed)
    if not claims:
        about = f" involving {' / '.join(m.name for m in parsed.topics)}" if parsed.topics else ""
        answer.answer = f"No claim{about} in the graph has been denied by anyone, so none is contested."
        return
    items, tally = _contested_items(run, parsed, claims)
    contested = sorted((i for i in items if tally.asserted.get(i.name)), key=lambda i: -i.score)
    denied_only = [i for i in items if not tally.asserted.get(i.name)]
    answer.items = contested + denied_only
    if contested:
        lines = "; ".join(
            f"{short_quote(i.name, 100)} (asserted {tally.asserted[i.name]}×, denied {tally.denied.get(i.name, 0)}×)"
            for i in contested[:5]
        )
        answer.answer = f"{len(contested)} contested claim(s), asserted by some and denied by others: {lines}."
        if denied_only:
            answer.answer += f" {len(denied_only)} more claim(s) were denied with no assertion found."
    else:
        lines = "; ".join(short_quote(i.name, 100) for i in denied_only[:5])
        answer.answer = (
            f"No claim is both asserted and denied in the graph; {len(denied_only)} claim(s) were denied: {lines}."
        )


def _article_items(rows: list[dict[str, Any]], names: list[str], score_key: str | None) -> list[Item]:
    items: list[Item] = []
    for row in rows:
        sentence, start, end = sentence_around(str(row.get("text") or ""), names)
        name = short_title(str(row.get("title") or row.get("aid")), 120)
        kind = "Article"
        ev = Evidence(article=_article(row), sentence=sentence, start=start, end=end, stance="")
        score = float(row.get(score_key) or 0) if score_key else 0.0
        items.append(Item(name=name, kind=kind, score=score, evidence=[ev]))
    return items


def _mention_names(mentions: list[Mention]) -> list[str]:
    names: list[str] = []
    for m in mentions:
        names.append(m.text)
        for node in m.nodes:
            names.append(node.name)
            names.extend(node.keys)
    return names


def _articles(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    targets = parsed.topics or parsed.mentions
    if not targets:  # "articles about tariffs": no entity to follow, so search the statements
        fallback_answer(run, parsed, answer)
        return
    ids = [i for m in targets for i in m.ids]
    rows = run.query(catalogue.ARTICLES_MENTIONING, {"ids": ids, "limit": 50})
    answer.items = _article_items(rows, _mention_names(targets), "mentions")
    who = " / ".join(m.name for m in targets)
    if answer.items:
        answer.answer = f"{len(answer.items)} article(s) mention {who}: {name_list(answer.items, 5)}."
    else:
        answer.answer = f"No article in the graph mentions {who}."


def _comentions(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    targets = parsed.topics or parsed.mentions
    if not targets:
        answer.answer = "The question names nothing the graph knows, so nothing co-occurs with it."
        return
    ids = [i for m in targets for i in m.ids]
    rows = run.query(catalogue.CO_MENTIONED, {"ids": ids, "limit": 25})
    aids = sorted({a for r in rows for a in (r.get("aids") or [])})
    arts = (
        {str(a["aid"]): a for a in run.query(catalogue.ARTICLES_BY_ID, {"articles": aids}, show=False)} if aids else {}
    )
    items: list[Item] = []
    for r in rows:
        labels = [lab for lab in (r.get("labels") or []) if lab != "Entity"]
        evs: list[Evidence] = []
        for aid in r.get("aids") or []:
            art = arts.get(str(aid))
            if not art:
                continue
            sentence, start, end = sentence_around(str(art.get("text") or ""), [str(r.get("name") or "")])
            evs.append(Evidence(article=_article(art), sentence=sentence, start=start, end=end))
        items.append(
            Item(str(r.get("name") or r.get("id")), labels[0] if labels else "Entity", float(r["articles"]), evs)
        )
    answer.items = items
    who = " / ".join(m.name for m in targets)
    if items:
        answer.answer = f"{len(items)} entities appear in articles with {who}; most often: {name_list(items, 8)}."
    else:
        answer.answer = f"Nothing else is mentioned in the articles that mention {who}."


def relation_items(
    run: Run, rows: list[dict[str, Any]], want_dir: str | None, types: list[str] | None = None
) -> list[Item]:
    """Rows -> items; with ``types``, the asked relation type ranks first ("who leads": LEADS, then WORKS_FOR)."""
    aids = sorted({str(r["aid"]) for r in rows if r.get("aid")})
    arts = (
        {str(a["aid"]): a for a in run.query(catalogue.ARTICLES_BY_ID, {"articles": aids}, show=False)} if aids else {}
    )
    items: OrderedDict[str, Item] = OrderedDict()
    for r in rows:
        art = arts.get(str(r.get("aid")), {"aid": r.get("aid")})
        ev = Evidence(
            article=_article(art),
            sentence=str(r.get("sentence") or ""),
            start=-1 if r.get("start") is None else int(r["start"]),
            end=-1 if r.get("end") is None else int(r["end"]),
        )
        if want_dir is None:
            subj, obj = (r["xname"], r["yname"]) if r["dir"] == "out" else (r["yname"], r["xname"])
            name = f"{subj} {str(r['rel']).replace('_', ' ').lower()} {obj}"
            kind = str(r["rel"])
        else:
            labels = [lab for lab in (r.get("ylabels") or []) if lab != "Entity"]
            name, kind = str(r["yname"]), labels[0] if labels else "Entity"
        score = 1.0 if want_dir is None or r["dir"] == want_dir else 0.5
        if types and r["rel"] in types:
            score -= 0.01 * types.index(r["rel"])
        item = items.setdefault(name, Item(name, kind, score))
        item.score = max(item.score, score)
        item.evidence.append(ev)
    out = list(items.values())
    out.sort(key=lambda i: (-i.score, -len(i.evidence), i.name))
    return out


def _relation(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    targets = [m for m in parsed.mentions if m.kind != "Outlet"] or parsed.mentions
    ids = [i for m in targets for i in m.ids]
    types = list(parsed.relation_types)
    rows = run.query(catalogue.RELATIONS, {"ids": ids, "types": [*types, "RELATED_TO"]})
    cue = stem(parsed.cue.split()[0]) if parsed.cue else ""
    # RELATED_TO keeps its verb: "supplied" counts for "who supplies", "visited" does not
    rows = [
        r for r in rows if r["rel"] != "RELATED_TO" or (cue and stem(str(r.get("verb") or "").split(" ")[0]) == cue)
    ]
    items = relation_items(run, rows, parsed.relation_dir, types)
    preferred = [i for i in items if i.score > 0.9]
    answer.items = preferred + [i for i in items if i.score <= 0.9]
    rel = "/".join(t.replace("_", " ").lower() for t in types)
    who = " / ".join(m.name for m in targets)
    if preferred:
        if parsed.relation_dir == "in":
            answer.answer = f"{name_list(preferred)} {rel} {who}, per the graph."
        else:
            answer.answer = f"{who} {rel} {name_list(preferred)}, per the graph."
    elif items:
        other = f"{who} {rel} {name_list(items)}" if parsed.relation_dir == "in" else f"{name_list(items)} {rel} {who}"
        answer.answer = f"The graph records no such relation in the direction asked; the other way round, {other}."
    else:  # no relation edge: the entities named in the statements that match the question
        from kg.query.shapes import things

        things(run, parsed, answer, note=f"No {rel} relation for {who} is in the graph. ")


def _connection(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    groups: OrderedDict[str, Mention] = OrderedDict()
    for m in parsed.mentions:
        groups.setdefault(m.ids[0], m)
    first, *rest = list(groups.values())
    ids, others = first.ids, [i for m in rest for i in m.ids]
    items: list[Item] = []
    rel_rows = run.query(catalogue.DIRECT_RELATIONS, {"ids": ids, "others": others})
    items += relation_items(run, rel_rows, None)
    sids = [str(r["sid"]) for r in run.query(catalogue.SHARED_CLAIMS, {"ids": ids, "others": others})]
    sids += [str(r["sid"]) for r in run.query(catalogue.SOURCE_CLAIMS, {"ids": ids, "others": others})]
    sids += [str(r["sid"]) for r in run.query(catalogue.SOURCE_CLAIMS, {"ids": others, "others": ids}, show=False)]
    claim_rows = rows_by_id(run, list(dict.fromkeys(sids)), ALL_STANCES)
    claim_items = group_items(
        claim_rows, lambda r: (str(r.get("claim") or r.get("content") or ""), "Claim"), lambda r: 0.0
    )
    for it in claim_items:
        it.score = 0.8
    items += claim_items
    art_rows = run.query(catalogue.SHARED_ARTICLES, {"ids": ids, "others": others, "limit": 20})
    names = _mention_names([first]) + _mention_names(rest)
    art_items = _article_items(art_rows, names, None)
    for it in art_items:
        it.kind, it.score = "co-mention", 0.5
    items += art_items
    answer.items = items
    b = " / ".join(m.name for m in rest)
    parts = []
    if rel_rows:
        parts.append(f"directly related ({name_list(items[: len(relation_items(run, rel_rows, None))], 4)})")
    if claim_items:
        parts.append(f"linked by {len(claim_items)} claim(s)")
    if art_items:
        parts.append(f"mentioned together in {len(art_items)} article(s)")
    if parts:
        answer.answer = f"{first.name} and {b} are " + "; ".join(parts) + "."
    else:
        answer.answer = f"The graph holds no connection between {first.name} and {b}."


def _timeline(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    claim_like = parsed.claim_text or any(parse._lemma(t) in parse.CLAIM_NOUNS for t in parsed.doc) or not parsed.topics
    if parsed.claim_words and claim_like:
        match = match_statements(run, parsed, ALL_STANCES)
        best_text = match.best_text
        rows = sorted(evidence_rows(run, match, ALL_STANCES), key=date_key)
        if rows:
            items = []
            for n, row in enumerate(rows):
                name, _ = carrier(row)
                items.append(
                    Item(
                        f"{when_said(row)} · {name}",
                        str(row.get("stance") or "asserts"),
                        round(1.0 - n * 0.001, 4),
                        [evidence_of(row)],
                    )
                )
            answer.items = items
            answer.answer = (
                f"Timeline of {claim_label(parsed, best_text)} ({len(rows)} statement(s), "
                "by article date, else ingestion order): "
                f"first {items[0].name}, last {items[-1].name}."
            )
            return
    targets = parsed.topics or parsed.mentions
    if not targets:
        answer.answer = "No claim or entity in the graph matches that question, so there is no timeline."
        return
    ids = [i for m in targets for i in m.ids]
    rows = sorted(run.query(catalogue.ARTICLES_TIMELINE, {"ids": ids, "limit": 100}), key=date_key)
    items = _article_items(rows, _mention_names(targets), None)
    for n, (item, row) in enumerate(zip(items, rows, strict=False)):
        item.name = f"{when_said(row)} · {item.name}"
        item.score = round(1.0 - n * 0.001, 4)
    answer.items = items
    who = " / ".join(m.name for m in targets)
    if items:
        answer.answer = (
            f"{who} appears in {len(items)} article(s), in order (article date, else ingestion order): "
            f"{name_list(items, 4)}."
        )
    else:
        answer.answer = f"No article in the graph mentions {who}."


def _claims_about(run: Run, parsed: parse.Parsed, answer: Answer) -> None:
    targets = parsed.topics or parsed.mentions
    ids = [i for m in targets for i in m.ids]
    rows = run.query(catalogue.STATEMENTS_ABOUT_ENTITY, {"ids": ids, "stances": list(ALL_STANCES)})
    query_stems = stems(" ".join(parsed.claim_words))
    scores = {str(r["sid"]): score_row(r, query_stems, targets) for r in rows}
    items = group_items(rows, lambda r: (str(r.get("claim") or r.get("content") or ""), "Claim"), _by_sid(scores))
    who = " / ".join(m.name for m in targets)
    if items:
        answer.items = items
        answer.answer = (
            f"{len(items)} claim(s) in the graph involve {who}: "
            + "; ".join(short_quote(i.name, 100) for i in items[:4])
            + "."
        )
    else:
        fallback_answer(run, parsed, answer, note=f"No claim node involves {who}. ")


def fallback_answer(run: Run, parsed: parse.Parsed, answer: Answer, note: str = "") -> None:
    """No intent fits (or it found nothing): the best-matching statements, saying so."""
    answer.intent = parse.FALLBACK if not note else answer.intent
    match = match_statements(run, parsed, ALL_STANCES)
    rows = evidence_rows(run, match, ALL_STANCES)
    # not an answer: the closest statements, labelled as suggestions
    items = group_items(
        rows, lambda r: (str(r.get("claim") or r.get("content") or r.get("sentence") or ""), "suggestion"), match.score
    )
    if items:
        answer.items = items
        answer.answer = (
            (note or "Nothing in the graph answers that directly. ")
            + f"Closest statement(s), as suggestions ({len(items)}): "
            + "; ".join(short_quote(i.name, 100) for i in items[:3])
            + "."
        )
        return
    targets = parsed.topics or parsed.mentions
    if targets:
        ids = [i for m in targets for i in m.ids]
        arts = run.query(catalogue.ARTICLES_MENTIONING, {"ids": ids, "limit": 20})
        answer.items = _article_items(arts, _mention_names(targets), "mentions")
        if answer.items:
            who = " / ".join(m.name for m in targets)
            answer.answer = (note or "No statement in the graph matches the question; ") + (
                f"{'These' if note else 'these'} {len(answer.items)} article(s) mention {who}."
            )
            return
    answer.answer = (note or "") + "Nothing in the graph matches that question."


HANDLERS: dict[str, Callable[[Run, parse.Parsed, Answer], None]] = {
    parse.CLAIMANTS: sources_of_claim,
    parse.DENIERS: sources_of_claim,
    parse.NO_COMMENT: sources_of_claim,
    parse.STATEMENTS_BY: _statements_of_source,
    parse.DENIALS_BY: _statements_of_source,
    parse.OUTLETS: _outlets,
    parse.ORIGIN: _origin,
    parse.CONTESTED: _contested,
    parse.ARTICLES: _articles,
    parse.COMENTIONS: _comentions,
    parse.CLAIMS_ABOUT: _claims_about,
    parse.RELATION: _relation,
    parse.CONNECTION: _connection,
    parse.TIMELINE: _timeline,
    parse.FALLBACK: fallback_answer,
}

from kg.query import drift_answers  # noqa: E402 - its handlers use the helpers above

HANDLERS.update(drift_answers.HANDLERS)


def handler(intent: str) -> Callable[[Run, parse.Parsed, Answer], None]:
    """The handler for ``intent``: the newer shapes' (kg.query.shapes) first, then these."""
    from kg.query.shapes import HANDLERS as SHAPES  # imports this module: looked up lazily

    return SHAPES.get(intent) or HANDLERS.get(intent, fallback_answer)


_QUESTION_PIPES = {"tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"}


def _nlp(settings: Any):
    from extraction.pipeline import load_pipeline
    from kg.config import get_settings

    return load_pipeline((settings or get_settings()).spacy_model)


_NEEDS_NOTHING = (
    parse.CONTESTED,
    parse.NO_COMMENT,
    parse.DENIERS,
    parse.HARDENED,
    parse.SOFTENED,
    parse.UNSOURCED,
)


def _read(store: GraphStore, text: str, settings: Any) -> parse.Parsed | None:
    if not re.search(r"[^\W\d_]{2,}", text):
        return None
    nlp = _nlp(settings)
    disable = [name for name in nlp.pipe_names if name not in _QUESTION_PIPES]
    doc = nlp(text, disable=disable)
    if parse.headline_cased(doc):  # capitals say nothing: read it in lower case, keep what still reads as a name
        doc = nlp(parse.sentence_cased(doc), disable=disable)
        mentions = [m for m in link_mentions(doc, name_table(store)) if parse.named_in_lower_case(doc, m)]
    else:
        mentions = link_mentions(doc, name_table(store))
    rank_nodes(store, mentions)
    return parse.interpret(text, doc, mentions)


def parse_question(store: GraphStore, question: str, settings: Any = None, previous: str = "") -> parse.Parsed | None:
    """Parse and link ``question`` (a follow-up of ``previous``, if given); None when there is nothing to read."""
    parsed = _read(store, clean_question(question), settings)
    if parsed is None:
        return None
    if previous:
        before = _read(store, clean_question(previous), settings)
        parsed, follows = followup.resolve(parsed, before)
        parsed.follows = clean_question(previous) if follows else ""
    if not parsed.mentions and not parsed.claim_words and parsed.intent not in _NEEDS_NOTHING:
        return None
    return parsed


def answer_question(store: GraphStore, question: str, settings: Any = None, previous: str = "") -> Answer:
    """Answer ``question`` from the graph; odd input gets the no-parse message, never an exception.

    ``previous``: the question asked before in the same conversation, for follow-ups ("and who denied it?").
    """
    parsed = parse_question(store, question, settings, previous)
    if parsed is None:
        return Answer(question=str(question or ""), intent=parse.UNPARSED, answer=NO_PARSE)
    answer = Answer(question=str(question), intent=parsed.intent, entities=[m.to_json() for m in parsed.mentions])
    run = Run(store)
    try:
        handler(parsed.intent)(run, parsed, answer)
    except StoreError:
        raise
    except Exception:  # a defect in one handler must not cost the user the answer: fall back, say so
        log.exception("answering %r as %s failed; falling back", parsed.text[:200], parsed.intent)
        answer = Answer(question=str(question), intent=parse.FALLBACK, entities=answer.entities)
        run = Run(store)
        fallback_answer(run, parsed, answer, note=f"(The {parsed.intent} answer failed; showing the best matches.) ")
        answer.intent = parse.FALLBACK
    if parsed.follows:
        answer.answer = f"(Read as a follow-up of {short_quote(parsed.follows, 100)}.) {answer.answer}"
    answer.cypher = ";\n\n".join(run.cypher)
    answer.params = run.params
    return answer
