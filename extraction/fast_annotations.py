"""The model's attribute ruler and rule lemmatizer, run over token arrays: same annotations, less CPU.

spaCy's ``AttributeRuler`` runs a ``Matcher`` of ~180 token patterns (the tag map, plus
``lemma_fixes.jsonl``) over every token and sets each match through a ``Span`` and a ``Token``;
its ``Lemmatizer`` builds a ``Token`` per token. In en_core_web_sm that was a quarter of the
pipeline's CPU on short news stories, more than the parser. Both are pure functions of a few
token attributes, so here they read those attributes as one array, look their answers up in a
memo keyed by them, and write the results back as one array:

* the ruler: a single-token pattern whose conditions are exact values or ``IN`` lists over
  ``ORTH``/``LOWER``/``TAG``/``DEP``/``IS_SPACE`` is decided by those values; every other pattern
  (several tokens, operators, other attributes) still goes through a spaCy ``Matcher``. Matches
  are applied in the ruler's own order (by pattern index: later patterns win);
* the lemmatizer (rule mode): a lemma is a function of the token's text, part of speech and
  morphology (spaCy's own cache key), so it is computed once per such triple by spaCy's own
  ``lemmatize``.

``accelerate(nlp)`` swaps the two components' classes for these subclasses (their patterns,
tables and settings stay as they are); a ruler that sets anything but token-level tags, parts of
speech, dependency labels, morphology or lemmas keeps spaCy's own code. ``tests/extraction/test_fast_annotations.py``
checks that parsed documents are byte-identical with and without.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, NamedTuple

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors, Warnings
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token

# Token attributes a single-token pattern may test to be decided from the arrays (the values the
# Matcher compares: string hashes, or 0/1 for the flag).
_TESTED = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
# Attributes a rule may set for the arrays to write them (token-level fields only: a lexeme-level
# one would change every token of that word, as spaCy's ``set_token_attrs`` does).
_SETTABLE = frozenset({POS, TAG, DEP, MORPH, LEMMA})


class _Cond(NamedTuple):
    """One token condition of a pattern: the tested value's column and what it must be."""

    col: int
    kind: str  # "in", "not_in" or "regex"
    values: frozenset[int] = frozenset()
    regex: re.Pattern[str] | None = None

    def holds(self, row: tuple[int, ...], strings: Any) -> bool:
        value = row[self.col]
        if self.kind == "in":
            return value in self.values
        if self.kind == "not_in":
            return value not in self.values
        return self.regex is not None and self.regex.search(strings[value]) is not None


def _hashes(vocab: Any, values: Any) -> frozenset[int] | None:
    if isinstance(values, list) and all(isinstance(v, str) for v in values):
        return frozenset(vocab.strings.add(v) for v in values)
    return None


def _cond(vocab: Any, attr: int, col: int, value: Any) -> _Cond | None:
    """One attribute's condition as the Matcher reads it: an exact value, ``IN``, ``NOT_IN`` or
    ``REGEX`` (None for anything else: operators, other predicates, values of another kind)."""
    if attr == IS_SPACE:
        return _Cond(col, "in", frozenset({int(value)})) if isinstance(value, bool) else None
    if isinstance(value, str):
        return _Cond(col, "in", frozenset({vocab.strings.add(value)}))
    if not (isinstance(value, dict) and len(value) == 1):
        return None
    ((op, arg),) = value.items()
    hashed = _hashes(vocab, arg)
    if op in ("IN", "NOT_IN") and hashed is not None:
        return _Cond(col, op.lower(), hashed)
    if op == "REGEX" and isinstance(arg, str):
        return _Cond(col, "regex", regex=re.compile(arg))
    return None


def _conds(vocab: Any, spec: dict[str, Any], cols: dict[int, int]) -> list[_Cond] | None:
    """A token spec as conditions on tested columns (adding the columns it needs); None when it
    uses anything the Matcher would read differently (operators, other attributes, other predicates)."""
    out = []
    for key, value in spec.items():
        attr = _TESTED.get(key.upper()) if isinstance(key, str) else None
        cond = _cond(vocab, attr, cols.setdefault(attr, len(cols)), value) if attr is not None else None
        if cond is None:
            return None
        out.append(cond)
    return out


def _first_token_index(
    patterns: list[tuple[int, list[list[_Cond]]]],
) -> tuple[dict[tuple[int, int], list[int]], list[int]]:
    """Patterns by one value their first token must have ((column, value) -> pattern numbers; the
    condition with the fewest values), and those with no such condition: a token's candidates are
    the patterns under its own values, so a new word is not tested against every pattern."""
    by_value: dict[tuple[int, int], list[int]] = {}
    unindexed = []
    for n, (_, conds) in enumerate(patterns):
        exact = [c for c in conds[0] if c.kind == "in"]
        if not exact:
            unindexed.append(n)
            continue
        best = min(exact, key=lambda c: len(c.values))
        for value in best.values:
            by_value.setdefault((best.col, value), []).append(n)
    return by_value, unindexed


class _Rules:
    """The ruler's patterns as conditions on a few token columns, decided from arrays; a pattern
    the conditions cannot express exactly stays in a spaCy Matcher."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.size = len(ruler.attrs)
        self.strings = ruler.vocab.strings
        self.cols = sorted({a for attrs in ruler.attrs for a in attrs})
        self.matcher = Matcher(ruler.vocab)
        cols: dict[int, int] = {}
        # (rule, conditions per token of the pattern); rule = the pattern's index in the ruler
        self.patterns: list[tuple[int, list[list[_Cond]]]] = []
        for i, rule in enumerate(ruler.patterns):
            rest = []
            for pattern in rule["patterns"]:
                conds = [_conds(ruler.vocab, spec, cols) for spec in pattern]
                if pattern and all(c is not None for c in conds):
                    self.patterns.append((i, conds))  # type: ignore[arg-type]
                else:
                    rest.append(pattern)
            if rest:
                self.matcher.add(str(i), rest)
        self.tested = sorted(cols, key=cols.get)  # type: ignore[arg-type]
        self.by_value, self.unindexed = _first_token_index(self.patterns)
        self.attrs = [{self.cols.index(a): v for a, v in attrs.items()} for attrs in ruler.attrs]
        self.indices = list(ruler.indices)
        self.by_key: dict[bytes, tuple[tuple[int, ...], tuple[tuple[int, int], ...]]] = {}
        self._shared: dict[tuple[Any, ...], Any] = {}
        self.merged_memo: dict[tuple[int, ...], list[tuple[int, int]]] = {}

    def starts(self, row: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """(pattern number, its length) of the patterns whose first token accepts a token with these
        values (not memoised: ``token_rules`` keeps what it needs of it per token value)."""
        candidates = set(self.unindexed)
        for col, value in enumerate(row):
            candidates.update(self.by_value.get((col, value), ()))
        patterns = self.patterns
        return tuple(
            (n, len(patterns[n][1]))
            for n in sorted(candidates)
            if all(c.holds(row, self.strings) for c in patterns[n][1][0])
        )

    def token_rules(self, arr: np.ndarray) -> tuple[list[tuple[int, ...]], dict[int, list[int]]]:
        """Per token, the single-token rules that set it (ascending), and token -> the rules of
        longer patterns that set it: the Matcher's matches over a document's tested values. A
        token's own rules are memoised by its values' bytes (uint64 hashes make slow integers)."""
        arr = np.ascontiguousarray(arr)
        keys = arr.view(np.dtype((np.void, arr.dtype.itemsize * arr.shape[1]))).ravel().tolist()
        own: list[tuple[int, ...]] = []
        longer: dict[int, list[int]] = {}
        n_tokens = len(keys)
        for i, key in enumerate(keys):
            found = self.by_key.get(key)
            if found is None:
                found = self._split(self.starts(tuple(arr[i].tolist())))
                found = self.by_key[key] = self._shared.setdefault(found, found)  # a few hundred distinct
            own.append(found[0])
            for n, length in found[1]:
                rule, conds = self.patterns[n]
                if i + length > n_tokens or not all(
                    c.holds(tuple(arr[i + j].tolist()), self.strings) for j in range(1, length) for c in conds[j]
                ):
                    continue
                index = self.indices[rule]
                longer.setdefault(i + index if index >= 0 else i + length + index, []).append(rule)
        return own, longer

    def _split(self, starts: tuple[tuple[int, int], ...]) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
        """(the rules of the one-token patterns, ascending; the longer patterns) of a token's ``starts``."""
        single = tuple(sorted({self.patterns[n][0] for n, length in starts if length == 1}))
        return single, tuple((n, length) for n, length in starts if length > 1)

    def merged(self, found: tuple[int, ...]) -> list[tuple[int, int]]:
        """(column, value) the rules ``found`` (ascending) leave on a token: later rules win."""
        out = self.merged_memo.get(found)
        if out is None:
            final: dict[int, int] = {}
            for rule in found:
                final.update(self.attrs[rule])
            out = self.merged_memo[found] = list(final.items())
        return out


class FastAttributeRuler(AttributeRuler):
    """``AttributeRuler`` deciding single-token patterns from token arrays (see the module docstring)."""

    _rules: _Rules | None = None

    def __call__(self, doc: Doc) -> Doc:
        rules = self._rules
        if rules is None or rules.size != len(self.attrs):  # patterns added since: compile again
            rules = self._rules = _Rules(self)
        if not len(doc) or not rules.cols:
            return doc
        own, longer = rules.token_rules(doc.to_array(rules.tested)) if rules.tested else ([()] * len(doc), {})
        if len(rules.matcher):
            for match_id, start, end in rules.matcher(doc, allow_missing=True, as_spans=False):
                rule = int(self.vocab.strings[match_id])
                index = rules.indices[rule]
                longer.setdefault(start + index if index >= 0 else end + index, []).append(rule)
        out = doc.to_array(rules.cols)
        for i, found in enumerate(own):
            more = longer.get(i)
            if more is not None:
                found = tuple(sorted(set(found).union(more)))
            for col, value in rules.merged(found) if found else ():
                out[i, col] = value
        doc.from_array(rules.cols, out)
        return doc


class FastLemmatizer(Lemmatizer):
    """Rule ``Lemmatizer`` computing each (text, part of speech, morphology) once (see the module docstring)."""

    _lemmas: dict[tuple[int, int, int], int] | None = None
    _index_sets: dict[str, frozenset[str]] | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule" or not len(doc):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        memo = self._lemmas
        if memo is None:
            memo = self._lemmas = {}
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        strings = self.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if self.overwrite or lemma == 0:
                key = (orth, pos, morph)
                value = memo.get(key)
                if value is None:
                    value = memo[key] = strings.add(self.rule_lemmatize(doc[i])[0])
                lemmas[i] = value
        doc.from_array([LEMMA], lemmas.astype(np.uint64))
        return doc

    def rule_lemmatize(self, token: Token) -> list[str]:
        """spaCy's ``Lemmatizer.rule_lemmatize`` (same steps, same lemmas, same cache) with the word
        index of a part of speech read as a set: spaCy tests ``form in index`` on the table's lists
        (57,000 nouns), which was most of the lemmatizer's CPU."""
        cache_key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        if cache_key in self.cache:
            return self.cache[cache_key]
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            if univ_pos == "":
                warnings.warn(Warnings.W108, stacklevel=2)
            return [string.lower()]
        if self.is_base_form(token):
            return [string.lower()]
        tables = [self.lookups.get_table(t, {}) for t in ("lemma_index", "lemma_exc", "lemma_rules")]
        if not any(table.get(univ_pos) for table in tables):
            return [string] if univ_pos == "propn" else [string.lower()]
        forms = _rule_forms(string, self._index(univ_pos), tables[1].get(univ_pos, {}), tables[2].get(univ_pos, {}))
        self.cache[cache_key] = forms
        return forms

    def _index(self, univ_pos: str) -> frozenset[str]:
        sets = self._index_sets
        if sets is None:
            sets = self._index_sets = {}
        found = sets.get(univ_pos)
        if found is None:
            found = sets[univ_pos] = frozenset(self.lookups.get_table("lemma_index", {}).get(univ_pos, {}))
        return found


def _rule_forms(orig: str, index: frozenset[str], exceptions: dict, rules: list) -> list[str]:
    """The lemmas spaCy's rules give ``orig`` (``rule_lemmatize``'s loop, in its order)."""
    string = orig.lower()
    forms: list[str] = []
    oov_forms = []
    for old, new in rules:
        if string.endswith(old):
            form = string[: len(string) - len(old)] + new
            if not form:
                pass
            elif form in index:
                forms.insert(0, form)
            elif not form.isalpha():
                forms.append(form)
            else:
                oov_forms.append(form)
    forms = list(dict.fromkeys(forms))  # duplicates out, order of the rules kept
    for form in exceptions.get(string, []):  # exceptions first
        if form not in forms:
            forms.insert(0, form)
    if not forms:
        forms.extend(oov_forms)
    if not forms:
        forms.append(orig)
    return forms


class FastEnglishLemmatizer(FastLemmatizer, EnglishLemmatizer):
    """English rule lemmatizer (its ``is_base_form``), one lemma per (text, part of speech, morphology)."""


_FAST = {AttributeRuler: FastAttributeRuler, Lemmatizer: FastLemmatizer, EnglishLemmatizer: FastEnglishLemmatizer}


def accelerate(nlp: Language) -> None:
    """Swap the pipeline's attribute ruler and rule lemmatizer for the array versions, in place
    (other components, and other languages' lemmatizers, are left as they are)."""
    for _, proc in nlp.pipeline:
        fast = _FAST.get(type(proc))
        if fast is FastAttributeRuler and not all(set(attrs) <= _SETTABLE for attrs in proc.attrs):
            continue  # a ruler setting lexeme-level attributes keeps spaCy's own code
        if fast is not None:
            proc.__class__ = fast
