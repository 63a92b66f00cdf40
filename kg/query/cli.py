"""``kg ask``: a question in plain English, answered from the graph with cited evidence."""

from __future__ import annotations

import json

import typer


def register(app: typer.Typer) -> None:
    """Add the query commands to the ``kg`` app."""

    @app.command()
    def ask(
        question: str = typer.Argument(..., help="The question, in plain English."),
        as_json: bool = typer.Option(False, "--json", help="Print the answer as one JSON object."),
        no_cypher: bool = typer.Option(False, "--no-cypher", help="Plain mode: do not print the Cypher."),
    ) -> None:
        """Answer a question from the graph, citing the sentences it rests on and showing the Cypher."""
        from rich.console import Console

        from kg.cli_common import fail, open_store_or_fail
        from kg.config import get_settings
        from kg.query import answer_question
        from kg.query.render import print_answer
        from kg.store import StoreError

        store = open_store_or_fail()
        try:
            answer = answer_question(store, question, get_settings())
        except StoreError as exc:
            fail(exc)
        finally:
            store.close()
        if as_json:
            print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        else:
            print_answer(answer, Console(), show_cypher=not no_cypher)
