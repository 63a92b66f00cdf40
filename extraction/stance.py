"""Stance and polarity of statements, the article's own voice, and what a denial points at.

Every decision reads the pattern hits of ``extraction.cues`` (data, not word lists here) and the
parse:

* a statement's stance: no_comment (a no-comment phrase at the cue), denies (a denial verb, or a
  denial / debunking phrase or a negated main verb in what the source said), else asserts;
* polarity: a negated restatement ("X did not Y", "no evidence that X") is stored under the
  positive claim ("X did Y", "X") as a dispute, never as a second asserting claim;
* the article's own voice: a sentence that debunks in the outlet's words ("the story is a hoax",
  "there is no evidence that ...") is a statement of the article (stance ``disputes``), and a
  no-comment sentence without a speech verb ("calls were not returned") is a no-comment statement;
* targets: "denied the reports", "declined to comment on the statement", a bare "refused to
  comment" point at a claim made before (same or preceding sentences) or the article's main claim.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from spacy.tokens import Doc, Span, Token

from extraction import cues
from extraction.article_stance import ArticleStanceModel, article_disputes
from extraction.components.attribution import token_segments as segments
from extraction.cues import Hits, within
from extraction.records import AttributionRecord

_NEG = {"neg"}
_SUBJ = {"nsubj", "nsubjpass", "expl"}
_CLAUSE = {"ccomp", "acl", "relcl", "advcl", "pcomp", "pobj", "xcomp"}
_PRONOUN_TARGETS = {"it", "this", "that", "these", "those", "so"}
TARGET_WINDOW = 2  # sentences back in which a denial's target is looked for
_MIN_CLAIM_WORDS = 4


def token_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token indices [lo, hi) covering the character span (empty when it cannot be aligned)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else (0, 0)


def _roots(doc: Doc, lo: int, hi: int) -> list[Token]:
    return [t for t in doc[lo:hi] if t.head.i < lo or t.head.i >= hi or t.head.i == t.i]


def negated_root(doc: Doc, lo: int, hi: int, hits: Hits) -> list[Token]:
    """The negation tokens of the content's main verb ("did not", "never"), else []."""
    if hi <= lo or within(hits, "UNCONFIRMED", lo, hi):
        return []
    for root in _roots(doc, lo, hi):
        if root.pos_ in {"VERB", "AUX"}:
            negs = [c for c in root.children if c.dep_ in _NEG and lo <= c.i < hi]
            conditional = any(within(hits, "CONDITION", c.i, c.i + 1) for t in root.children for c in t.children)
            if negs and not conditional and not any(c.lower_ == "only" for c in root.children):
                return negs  # "would not resume unless ..." is a condition, not a denial
            return []
    return []


def _clause_of(doc: Doc, tok: Token, after: int, lo: int, hi: int) -> tuple[int, int] | None:
    """A clause (or "of"/"that" phrase) hanging off ``tok`` after token ``after``, of four words or more."""
    for c in tok.children:
        if c.i < after or not (lo <= c.i < hi):
            continue
        if c.dep_ in _CLAUSE or (c.dep_ == "prep" and c.lower_ in {"of", "that", "about"}):
            sub = [t.i for t in c.subtree if lo <= t.i < hi]
            first = min(sub)
            while first < max(sub) and doc[first].dep_ in {"mark", "prep", "punct"} and doc[first].i <= c.i:
                first += 1
            if max(sub) + 1 - first >= _MIN_CLAIM_WORDS - 1:
                return first, max(sub) + 1
    return None


def complement_after(doc: Doc, start: int, end: int, lo: int, hi: int) -> tuple[int, int] | None:
    """The clause a disputing phrase governs: "no evidence [that X]", "the claim [that X] is false"."""
    for tok in doc[start:end]:
        found = _clause_of(doc, tok, end, lo, hi)
        if found:
            return found
    for tok in doc[start:end]:  # "the claim that X is false", "reports that X are a hoax": the subject's clause
        for subj in (c for c in tok.children if c.dep_ in _SUBJ and c.i < start):
            found = _clause_of(doc, subj, subj.i + 1, lo, hi)
            if found:
                return found
    head = doc[start].head
    if head.i < start and head.pos_ in {"NOUN", "PROPN"}:
        return _clause_of(doc, head, head.i + 1, lo, hi)
    return None


def statement_stance(att: dict[str, Any], doc: Doc, hits: Hits) -> tuple[str, list[Token]]:
    """(stance, negation tokens to drop from the claim) of one attribution from the component."""
    lo, hi = token_range(doc, *att["cue"])
    s_lo, s_hi = token_range(doc, *att["sent"])
    if any(s < min(s_hi, hi + 10) and e > max(s_lo, lo - 3) for s, e in hits.get("NO_COMMENT", [])):
        return "no_comment", []
    disputing = "denies" if att.get("source") is not None else "disputes"
    if att["lemma"] in cues.words("DENY_VERB") or within(hits, "DENIAL", lo, hi):
        return disputing, []
    for cs, ce in att["content"]:
        c_lo, c_hi = token_range(doc, cs, ce)
        if within(hits, "DENIAL", c_lo, min(c_hi, c_lo + 40)) or within(hits, "DEBUNK", c_lo, min(c_hi, c_lo + 40)):
            return disputing, []
    if _cue_judged(doc, lo, hi, s_lo, s_hi, hits):  # "reports that X are a hoax": the sentence debunks them
        return disputing, []
    c_lo, c_hi = token_range(doc, *att["content"][0])
    negs = negated_root(doc, c_lo, c_hi, hits) if att.get("source") is not None else []
    if negs and att["kind"] not in {"adverb", "passive"}:
        return disputing, negs
    return "asserts", []


def _cue_judged(doc: Doc, lo: int, hi: int, s_lo: int, s_hi: int, hits: Hits) -> bool:
    """The cue is the subject of a debunking predicate in its sentence ("reports that X are false")."""
    for s, e in within(hits, "DEBUNK", s_lo, s_hi) + within(hits, "DENIAL", s_lo, s_hi):
        if any(lo <= c.i < hi for t in doc[s:e] for c in t.children if c.dep_ in _SUBJ):
            return True
    return False


def positive_text(doc: Doc, lo: int, hi: int, drop: list[Token]) -> str:
    """The content's words without the negation of its main verb ("did not go" -> "did go")."""
    skip = {t.i for t in drop}
    out: list[str] = []
    for t in doc[lo:hi]:
        if t.i in skip:
            if out and not out[-1].endswith(" "):
                out[-1] += " "
            continue
        if t.i + 1 in skip and not t.whitespace_:  # "wo|n't" -> "will", "ca|n't" -> "can"
            out.append(t.norm_)
            continue
        out.append(t.text_with_ws)
    return "".join(out).strip()


def disputed_clause(doc: Doc, lo: int, hi: int, hits: Hits) -> tuple[int, int] | None:
    """Inside a disputing content or sentence, the clause that states what is disputed."""
    for label in ("DENIAL", "DEBUNK"):
        for s, e in within(hits, label, lo, hi):
            found = complement_after(doc, s, e, lo, hi)
            if found:
                return found
    return None


def points_back(doc: Doc, lo: int, hi: int, hits: Hits) -> bool:
    """A disputing content whose subject only refers to a claim: "the story is a hoax", "that is not true"."""
    for root in _roots(doc, lo, hi):
        subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None:
            return subj.lower_ in _PRONOUN_TARGETS or bool(within(hits, "TARGET", subj.i, subj.i + 1))
    return False


def needs_target(doc: Doc, lo: int, hi: int, hits: Hits) -> bool:
    """A content that only points at a claim: "the reports", "such usage", "on the statement", "it", nothing."""
    toks = [t for t in doc[lo:hi] if not t.is_punct]
    if len(toks) < _MIN_CLAIM_WORDS - 1:
        return True
    roots = _roots(doc, lo, hi)
    if not roots or len(toks) > 20:
        return False
    root = roots[0]
    if root.dep_ == "prep":  # "on the statement", "about it"
        root = next((c for c in root.children if c.dep_ == "pobj"), root)
    if root.pos_ not in {"NOUN", "PRON"} or any(c.dep_ in {"acl", "ccomp", "relcl"} for c in root.children):
        return False
    of = [g for c in root.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for noun in (root, *of):  # "the reports", "knowledge of any such usage"
        if noun.lower_ in _PRONOUN_TARGETS or within(hits, "TARGET", noun.i, noun.i + 1):
            return len(toks) <= 8 or any(c.lower_ in _PRONOUN_TARGETS | {"such"} for c in noun.children)
    return False


def _subject_source(root: Token, hits: Hits) -> Token | None:
    """Who is silent: the subject, or "calls to X" / "requests for comment from X"."""
    subj = next((c for c in root.children if c.dep_ in _SUBJ), None)
    if subj is None and root.head is not root:
        subj = next((c for c in root.head.children if c.dep_ in _SUBJ), None)
    if subj is None:
        return None
    if within(hits, "INQUIRY", subj.i, subj.i + 1):
        for t in subj.subtree:
            if t.dep_ == "pobj" and t.head.lower_ in {"to", "from", "for"} and t.pos_ in {"PROPN", "NOUN"}:
                return t
        return None
    return subj


def _span_ids(tok: Token) -> tuple[int, int]:
    sub = sorted(t.i for t in tok.subtree if not (t.dep_ == "relcl" or t.head.dep_ == "relcl"))
    lo, hi = tok.i, tok.i
    ids = set(sub)
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    return lo, hi + 1


def _synthetic(doc: Doc, sent: Span, cue: tuple[int, int], src: Token | None, kind: str, stance: str) -> dict[str, Any]:
    """An attribution dict like the component's, for a sentence the component has no speech verb in."""
    keep = {t.i for t in sent if not t.is_space and (kind == "own_voice" or not cue[0] <= t.i < cue[1])}
    if src is not None:
        s_lo, s_hi = _span_ids(src)
        keep -= set(range(s_lo, s_hi))
    parts = segments(doc, keep) or [(doc[cue[0]].idx, doc[cue[1] - 1].idx + len(doc[cue[1] - 1]))]
    c0, c1 = doc[cue[0]], doc[cue[1] - 1]
    att: dict[str, Any] = {
        "cue": [c0.idx, c1.idx + len(c1)],
        "source": None,
        "source_head_span": None,
        "source_head_text": "",
        "content": [list(p) for p in parts],
        "sent": [sent.start_char, sent.end_char],
        "kind": kind,
        "lemma": doc[cue[0]].lemma_.lower(),
        "how": kind,
        "stance": stance,
    }
    if src is not None:
        s_lo, s_hi = _span_ids(src)
        last = doc[s_hi - 1]
        att["source"] = [doc[s_lo].idx, last.idx + len(last)]
        att["source_head_span"] = [src.idx, src.idx + len(src)]
        att["source_head_text"] = src.text
    return att


def _said_by_someone(char: int, atts: list[dict[str, Any]], sent: Span) -> bool:
    """Whether a debunking word at ``char`` is in a statement's source, cue or content: the source's words. A
    debunk outside them in the same sentence is the article's own ("the hoax, which a satire site
    wrote claiming that X, has been dispelled")."""
    for a in atts:
        if not (a["sent"][0] < sent.end_char and sent.start_char < a["sent"][1]):
            continue
        if a.get("source") is None or any(lo <= char < hi for lo, hi in [a["cue"], a["source"], *a["content"]]):
            return True
    return False


def voice_attributions(doc: Doc, atts: list[dict[str, Any]], hits: Hits) -> list[dict[str, Any]]:
    """Statements the component has no speech verb for: the article debunking in its own voice, and
    no-comment sentences ("calls to X were not returned", "X was not available for comment")."""
    taken = [tuple(a["sent"]) for a in atts]
    out: list[dict[str, Any]] = []
    used_sents: set[int] = set()

    def covered(sent: Span) -> bool:
        return sent.start in used_sents or any(s < sent.end_char and sent.start_char < e for s, e in taken)

    for s, e in hits.get("NO_COMMENT", []):
        sent = doc[s].sent
        if covered(sent):
            continue
        root = next((t for t in doc[s:e] if t.head.i < s or t.head.i >= e or t.head is t), doc[s])
        out.append(_synthetic(doc, sent, (s, e), _subject_source(root, hits), "no_comment", "no_comment"))
        used_sents.add(sent.start)
    for s, e in sorted(hits.get("DEBUNK", []) + hits.get("DENIAL", [])):
        sent = doc[s].sent
        if sent.start in used_sents or doc[s].is_space or _said_by_someone(doc[s].idx, atts, sent):
            continue
        out.append(_synthetic(doc, sent, (s, e), None, "own_voice", "disputes"))
        used_sents.add(sent.start)
    return out


def lead_attributions(doc: Doc, atts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article states its story in its own voice: an "asserts" statement for each lead sentence
    that no other statement covers (used when the text has no headline line of its own)."""
    taken = [tuple(a["sent"]) for a in atts]
    return [
        _synthetic(doc, sent, (sent.root.i, sent.root.i + 1), None, "own_voice", "asserts")
        for sent in lead_sentences(doc)
        if not any(s < sent.end_char and sent.start_char < e for s, e in taken)
    ]


LEAD_SENTENCES = 1  # how many opening sentences state the article's story in its own voice


def lead_sentences(doc: Doc) -> list[Span]:
    """The article's opening statements: its first sentences of five words or more."""
    wordy = (sent for sent in doc.sents if sum(1 for t in sent if t.is_alpha) >= 5)
    return list(islice(wordy, LEAD_SENTENCES))  # the first ones: the rest are not read


def main_claim_sentence(doc: Doc) -> Span | None:
    """The article's lead: its first sentence with five or more words (the claim a debunk is about)."""
    return next(iter(lead_sentences(doc)), None)


def story_stance(
    records: list[AttributionRecord],
    doc: Doc,
    hits: Hits,
    sent_starts: list[int],
    model: ArticleStanceModel | None = None,
) -> None:
    """When the article debunks the story it tells (``article_stance``; ``model`` defaults to the
    trained one), its own-voice statement of that story (the headline or lead) disputes it."""
    story = next((r for r in records if r.own_voice and r.stance == "asserts" and r.claim), None)
    if story is not None and article_disputes(doc, hits, records, sent_starts, model):
        story.stance = "disputes"
