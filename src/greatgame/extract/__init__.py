"""Extraction layer: a pure function of one document (parallel-safe)."""
# Bump when extraction changes what it produces: documents extracted by an
# older version are extracted again on the next ingest, even if unchanged.
EXTRACTOR_VERSION = "6"

from .model import DateMention, Event, Extraction, Mention, NewEntity, Quote, RoleStatement, Stance


def __getattr__(name: str):
    # the pipeline and the step registry (spaCy) load on first use, so that reading stored extractions
    # (``extract.model``: the knowledge base, the simulation) does not load spaCy
    if name in ("extract", "model_name", "nlp"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "extraction_step":
        from .registry import extraction_step

        return extraction_step
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["EXTRACTOR_VERSION", "DateMention", "Event", "Extraction", "Mention", "NewEntity", "Quote",
           "RoleStatement", "Stance", "extract", "extraction_step", "model_name", "nlp"]
