"""Plain-text rendering of an Answer for the terminal: the answer, numbered citations, the Cypher."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.syntax import Syntax

from kg.query.answer import Answer

_MAX_ITEMS = 15
_MAX_EVIDENCE = 3


def print_answer(answer: Answer, console: Console, show_cypher: bool = True) -> None:
    """Answer first, then ranked items with numbered citations, then the citations and the Cypher."""
    console.print(f"[bold]{escape(answer.answer)}[/bold]")
    if answer.entities:
        linked = ", ".join(f"{e['name']} ({e['kind']})" for e in answer.entities)
        console.print(f"[dim]intent: {answer.intent} · linked: {escape(linked)}[/dim]")
    else:
        console.print(f"[dim]intent: {answer.intent}[/dim]")
    citations: list[str] = []
    if answer.items:
        console.print()
    for rank, item in enumerate(answer.items[:_MAX_ITEMS], start=1):
        refs: list[str] = []
        for ev in item.evidence[:_MAX_EVIDENCE]:
            art = ev.article
            where = art.outlet or art.title or art.id
            date = f", {art.published[:10]}" if art.published else ""
            stance = f" [{ev.stance}]" if ev.stance else ""
            offsets = f" @{ev.start}-{ev.end}" if ev.start >= 0 else ""
            citations.append(f"{where}{date}{stance}{offsets}: “{ev.sentence.strip()}”")
            refs.append(f"[{len(citations)}]")
        console.print(f"{rank}. [bold]{escape(item.name)}[/bold] [dim]({escape(item.kind)})[/dim] {' '.join(refs)}")
    if len(answer.items) > _MAX_ITEMS:
        console.print(f"[dim]… and {len(answer.items) - _MAX_ITEMS} more (use --json for all)[/dim]")
    if citations:
        console.print("\n[bold]Evidence[/bold]")
        for n, text in enumerate(citations, start=1):
            console.print(f"[{n}] {escape(text)}", soft_wrap=True, highlight=False)
    if show_cypher and answer.cypher:
        console.print("\n[bold]Cypher[/bold] [dim](parameters: " + escape(_short_params(answer)) + ")[/dim]")
        console.print(Syntax(answer.cypher, "cypher", word_wrap=True, theme="ansi_dark"))


def _short_params(answer: Answer) -> str:
    parts = []
    for k, v in answer.params.items():
        text = repr(v)
        parts.append(f"{k}={text if len(text) < 80 else text[:77] + '...'}")
    return ", ".join(parts)
