"""Safe text for Streamlit markdown/HTML: graph text is data, never markup."""

from __future__ import annotations

# Characters markdown (and Streamlit's math and emoji extensions) would interpret.
_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|$~<>:=^&\"'"}


def esc(text: str | None) -> str:
    """Escape ``text`` for st.markdown, with or without ``unsafe_allow_html``."""
    return "".join(_SPECIAL.get(ch, ch) for ch in text or "")


def shorten(text: str | None, width: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def highlight(text: str, marks: list[tuple[int, int, str]]) -> str:
    """HTML for ``text`` with each (start, end, css class) span in a <mark>.

    Spans may nest or overlap (a cue inside the content): later and shorter spans win where
    they meet, so every character gets one class and the HTML stays flat.
    """
    classes: list[str | None] = [None] * len(text)
    for start, end, cls in sorted(marks, key=lambda m: -(m[1] - m[0])):  # longest first, shorter on top
        for i in range(max(0, start), min(len(text), end)):
            classes[i] = cls
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and classes[j] == classes[i]:
            j += 1
        chunk = esc(text[i:j])
        out.append(f'<mark class="cg-{classes[i]}">{chunk}</mark>' if classes[i] else chunk)
        i = j
    return "".join(out)


def find_marks(text: str, needles: list[str], cls: str) -> list[tuple[int, int, str]]:
    """Case-insensitive spans of each needle in ``text`` (first occurrence each)."""
    marks = []
    low = text.casefold()
    for needle in needles:
        n = (needle or "").strip()
        if len(n) < 2:
            continue
        i = low.find(n.casefold())
        if i >= 0:
            marks.append((i, i + len(n), cls))
    return marks
