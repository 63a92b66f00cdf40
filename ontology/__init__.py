"""The ClaimGraph ontology: Turtle on disk, vocabulary in Python."""

from ontology.namespace import CG, CG_NS
from ontology.vocab import SHAPES_PATH, TTL_PATH, L, P, R, checked, load_graph, vocabulary

__all__ = ["CG", "CG_NS", "SHAPES_PATH", "TTL_PATH", "L", "P", "R", "checked", "load_graph", "vocabulary"]
