"""Extraction layer: a pure function of one document (parallel-safe)."""
# Bump when extraction changes what it produces: documents extracted by an
# older version are extracted again on the next ingest, even if unchanged.
EXTRACTOR_VERSION = "4"

from .model import DateMention, Event, Extraction, Mention, NewEntity, Quote, RoleStatement, Stance
from .pipeline import extract, model_name, nlp
from .registry import extraction_step

__all__ = ["EXTRACTOR_VERSION", "DateMention", "Event", "Extraction", "Mention", "NewEntity", "Quote",
           "RoleStatement", "Stance", "extract", "extraction_step", "model_name", "nlp"]
