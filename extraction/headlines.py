"""An article's headline lines as statements in the outlet's own voice.

A headline states its claim without a speech verb ("Startup uses banned parts in new model"), so
the attribution component finds nothing there; yet it is the outlet's firmest wording of the
claim, and the one that hardens most often. When the reader took the article's title from its
text (a text file's first line, an HTML title put before the body), the title line and the
heading lines right after it (subtitle, standfirst: short lines without a sentence's final
punctuation) each become an own-voice statement asserting what the line says.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

MAX_WORDS = 30  # a longer line is body text, whatever its punctuation
SENTENCE_END = tuple('.!?;"”’)')


def headline_lines(text: str, title: str) -> list[tuple[int, int]]:
    """Character spans of the title line and the heading lines after it; [] when the text does not
    start with the title (a JSON title kept apart from the body has no place in the text)."""
    title = " ".join(title.split())
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, words = pos, line.split()
        pos += len(line)
        if not words:
            continue
        stripped = line.strip()
        if not out and " ".join(words) != title:
            return []
        if out and (stripped.endswith(SENTENCE_END) or len(words) > MAX_WORDS):
            break
        lead = len(line) - len(line.lstrip())
        out.append((start + lead, start + lead + len(stripped)))
    return out


def _clip(att: dict[str, Any], end: int) -> None:
    """Cut a headline line off the front of a body statement that the parser ran into it (a line
    break without a full stop does not end a sentence for the parser)."""
    att["content"] = [[max(s, end), e] for s, e in att["content"] if e > end] or att["content"]
    att["sent"] = [max(att["sent"][0], min(end, att["cue"][0])), att["sent"][1]]


def headline_attributions(
    doc: Doc, title: str, atts: list[dict[str, Any]], text: str | None = None
) -> list[dict[str, Any]]:
    """Own-voice "asserts" attributions for the headline lines with no speech cue of their own; a
    body statement whose sentence ran into a headline line loses that line (sentence and content).

    ``text`` is the Doc's text when the caller has it (``doc.text`` rebuilds it token by token)."""
    text = doc.text if text is None else text
    out: list[dict[str, Any]] = []
    for start, end in headline_lines(text, title):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not any(t.is_alpha for t in span) or any(start <= a["cue"][0] < end for a in atts):
            continue
        body = end + len(text[end:]) - len(text[end:].lstrip())  # where the next line starts
        for a in atts:
            if a["cue"][0] >= end and a["sent"][0] < body:
                _clip(a, body)
        out.append(
            {
                "cue": [start, end],
                "source": None,
                "source_head_span": None,
                "source_head_text": "",
                "content": [[start, end]],
                "sent": [start, end],
                "kind": "own_voice",
                "lemma": "headline",
                "how": "headline",
                "stance": "asserts",
            }
        )
    return out
