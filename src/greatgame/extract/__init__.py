"""Extraction layer: a pure function of one document (parallel-safe).

The records (``Extraction``, ``Event``, ...) import at once; ``extract``, ``nlp``, ``model_name`` and
``extraction_step`` load spaCy, so they are imported on first use: ``import greatgame`` (and every
command that reads a knowledge base) starts without the language model.
"""
# Bump when extraction changes what it produces: documents extracted by an
# older version are extracted again on the next ingest, even if unchanged.
EXTRACTOR_VERSION = "4"

from .model import DateMention, Event, Extraction, Mention, NewEntity, Quote, RoleStatement, Stance

_LAZY = {"extract": "pipeline", "model_name": "pipeline", "nlp": "pipeline", "extraction_step": "registry"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = ["EXTRACTOR_VERSION", "DateMention", "Event", "Extraction", "Mention", "NewEntity", "Quote",
           "RoleStatement", "Stance", "extract", "extraction_step", "model_name", "nlp"]
