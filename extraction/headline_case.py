"""Headline capitals: text whose every word is capitalised ("Senator Says Plan Will Fail") tells the
tagger nothing about names, so the small model reads every word as a proper noun and misses the verbs
("Says", "Warns", "Denies"). Such a line is read again with those capitals lowered; lowering keeps every
character's place, so spans found in the lowered text are spans of the original.

Shared by the query parser (a question written like a headline) and the article pipeline (an article's
opening lines written like a headline, lowered before the one parse: no second parse).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from typing import Any

from spacy.tokens import Doc, Token

# At least HEADLINE_WORDS words of four letters or more, HEADLINE_SHARE of them capitalised (the first word
# aside). On the FNC-1 tune headlines, 134 of 319 are written so.
HEADLINE_WORDS = 4
HEADLINE_SHARE = 0.75
# An all-capital word this short is an acronym ("ISIS", "NBC"), a longer one a shouted word ("BREAKING").
ACRONYM_LETTERS = 4
# An article's opening lines read as headlines: at most this many lines before the first blank line, each
# at most MAX_WORDS words (a longer line is body text).
MAX_LINES = 3
MAX_WORDS = 30
HEADLINE_END = "cg_headline_end"  # Doc.user_data key: where the opening lines read in lower case end


def headline_cased(tokens: Sequence[Token]) -> bool:
    """Whether ``tokens`` (a Doc or Span) are written in headline capitals (the first word aside)."""
    words = [t for t in tokens[1:] if t.is_alpha and len(t) >= 4]
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    return capitalised >= HEADLINE_WORDS and capitalised >= HEADLINE_SHARE * len(words)


def headline_capital(t: Token) -> bool:
    """A capital that says nothing: "Priest", "BREAKING"; not "iPhone", "McDonald", "NBC"."""
    text = t.text
    if not text[:1].isupper() or not t.is_alpha:
        return False
    return text[1:].islower() or len(text) == 1 or (text.isupper() and len(text) > ACRONYM_LETTERS)


def sentence_cased(tokens: Sequence[Token], keep: Callable[[str], bool] | None = None) -> str:
    """``tokens``' text with headline capitals lowered but the first word's and those ``keep`` accepts
    (same length, so offsets hold): read again, the tagger and NER find names by what they are."""
    out = [tokens[0].text_with_ws] if len(tokens) else []
    for t in tokens[1:]:
        low = t.text.lower()
        lower = headline_capital(t) and len(low) == len(t.text) and not (keep and keep(t.text))
        out.append((low if lower else t.text) + t.whitespace_)
    return "".join(out)


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    """``word`` with no letter or digit right before or after it (``[^\\W_]`` is ``str.isalnum``: "_" is a
    boundary). The check on the character before is a look-behind placed after the word, so the pattern
    opens with the word's letters and the search jumps from one occurrence to the next (an opening
    look-behind makes it try every position: 20 times slower on an article's body)."""
    return re.compile(rf"{re.escape(word)}(?<![^\W_]{'.' * len(word)})(?![^\W_])", re.DOTALL)


def _whole_word(text: str, word: str) -> bool:
    """Whether ``word`` occurs in ``text`` as a whole word (headline words repeat: patterns are cached)."""
    return _word_pattern(word).search(text) is not None


def written_as_name(body: str, word: str) -> bool:
    """A headline word the article's body writes capitalised and never in lower case is a name ("Clinton")."""
    return _whole_word(body, word) and not _whole_word(body, word.lower())


_LINE = re.compile(r"[^\n]*\n?")


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Character spans of the opening lines before the first blank line, when a body follows them."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _LINE.finditer(text):
        line = m.group()
        if not line.strip() or not line.endswith("\n") or len(out) == MAX_LINES:
            break
        if len(line.split()) > MAX_WORDS:
            return []
        out.append((pos, pos + len(line.rstrip("\n"))))
        pos = m.end()
    return out if out and text[pos:].strip() else []


def lowered_headlines(text: str, tokenizer: Callable[[str], Doc]) -> tuple[str, int]:
    """``text`` with its opening headline-cased lines sentence-cased (same length), and where the last of
    them ends (0: none); names its body writes capitalised keep their capitals. Only the opening lines are
    tokenized here."""
    spans = headline_lines(text)
    if not spans:
        return text, 0
    body = text[spans[-1][1] :]
    keep = partial(written_as_name, body)
    parts: list[str] = []
    last = 0
    for start, end in spans:
        line = tokenizer(text[start:end])
        lowered = sentence_cased(line, keep) if headline_cased(line) else ""
        if len(lowered) == end - start:
            parts += [text[last:start], lowered]
            last = end
    return ("".join([*parts, text[last:]]), last) if parts else (text, 0)


def _break_after_lines(doc: Doc, ends: list[int]) -> None:
    """Start a sentence at the first word after each opening line read in lower case: a headline has no
    full stop, and the parser (which keeps sentence starts set before it) would run it into the next line."""
    ends = sorted(ends)
    k = 0
    for tok in doc:
        while k < len(ends) and tok.idx >= ends[k]:
            if not tok.is_space and tok.i > 0:
                tok.is_sent_start = True
                k += 1
            else:
                break
        if k == len(ends):
            return


class HeadlineTokenizer:
    """spaCy's tokenizer, fed the text with its opening headline lines sentence-cased: the article is parsed
    once, and every offset stays the original's (callers slice the article's own text for names). Where the
    lowered lines end is left in ``doc.user_data[HEADLINE_END]`` for the attribution component."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if "\n" not in text:
            return self.tokenizer(text)
        lowered, end = lowered_headlines(text, self.tokenizer)
        doc = self.tokenizer(lowered)
        if end:
            doc.user_data[HEADLINE_END] = end
            _break_after_lines(doc, [e for _s, e in headline_lines(text) if e <= end])
        return doc

    def __getattr__(self, name: str) -> Any:  # to_disk, pipe, vocab, ...: the wrapped tokenizer's
        if name == "tokenizer":
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
