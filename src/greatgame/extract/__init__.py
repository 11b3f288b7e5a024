"""Extraction layer: a pure function of one document (parallel-safe)."""
# Bump when extraction changes what it produces: documents extracted by an
# older version are extracted again on the next ingest, even if unchanged.
EXTRACTOR_VERSION = "4"

from .model import Extraction, Mention, NewEntity, RoleStatement
from .pipeline import extract, model_name, nlp

__all__ = ["EXTRACTOR_VERSION", "Extraction", "Mention", "NewEntity", "RoleStatement", "extract", "model_name", "nlp"]
