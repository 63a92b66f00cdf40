"""Readers and the spaCy pipeline: articles in, plain typed records out (no database code)."""
