"""Questions in plain English -> intent + linked entities -> read-only Cypher -> cited answer.

Public contract (used by the CLI and the app):
    answer_question(store, question, settings=None) -> Answer   (Answer.to_json() is the --json shape)
"""
