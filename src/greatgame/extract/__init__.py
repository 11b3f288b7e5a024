"""Extraction layer: a pure function of one document (parallel-safe)."""
from .model import Extraction, Mention, NewEntity, RoleStatement
from .pipeline import extract, model_name, nlp

__all__ = ["Extraction", "Mention", "NewEntity", "RoleStatement", "extract", "model_name", "nlp"]
