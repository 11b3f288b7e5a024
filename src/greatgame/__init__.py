"""greatgame: a sourced knowledge base of the great-power contest in Central Asia.

A notebook session (docs/api.md runs one as a doctest)::

    import greatgame
    kb = greatgame.open("kb.duckdb")
    greatgame.ingest(kb, ["../shared/corpus/seeds"])
    greatgame.import_reference(kb, ["../shared/data/reference", "../shared/data/facts"])
    index = greatgame.influence_index(kb)
    outlook = greatgame.simulate(kb, "baseline", until=2030)
    greatgame.write_briefing(kb, "brief.html")

The layers stay importable for finer control: ``greatgame.documents``, ``extract``, ``kb``,
``data``, ``influence``, ``report``, ``web``. ``greatgame.ingest`` and ``greatgame.simulate`` are
packages that can be called: ``greatgame.ingest(kb, paths)`` is ``greatgame.ingest.ingest(kb, paths)``
and ``greatgame.simulate(kb, "baseline")`` is ``greatgame.simulate.simulate(kb, "baseline")``.
"""
from .api import import_reference, influence_index, resolve, write_briefing
from .documents.model import Document
from .errors import (AmbiguousName, DataError, DocumentError, GreatgameError, InfluenceError, KnowledgeBaseError,
                     NotFound, ScenarioError, SimulationError, UnknownName)
from .kb import KnowledgeBase, open
from .kb.rows import DocumentRow, EntityRow, EventRow, FigureRow, MentionRow, QuoteRow

__version__ = "0.1.0"

# Loaded on first use: ``greatgame.simulate`` (pandas, the index, the model) and ``greatgame.ingest`` with the
# extraction's types (spaCy), so that ``import greatgame`` and every CLI command that neither simulates nor
# extracts (``simulate`` itself among them) start without them.
_LAZY = {"simulate": (".simulate", None), "ingest": (".ingest", None),
         "Extraction": (".extract.model", "Extraction"), "Figure": (".extract.model", "Figure"),
         "Mention": (".extract.model", "Mention"), "IngestReport": (".ingest.report", "IngestReport")}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        mod = importlib.import_module(module, __name__)
        return mod if attr is None else getattr(mod, attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    # open a knowledge base, fill it, measure, simulate, publish
    "open", "ingest", "import_reference", "influence_index", "simulate", "write_briefing", "resolve",
    # record types
    "KnowledgeBase", "Document", "Extraction", "Mention", "Figure", "IngestReport",
    "DocumentRow", "EntityRow", "MentionRow", "EventRow", "QuoteRow", "FigureRow",
    # errors
    "GreatgameError", "DocumentError", "KnowledgeBaseError", "NotFound", "DataError", "InfluenceError",
    "SimulationError", "ScenarioError", "UnknownName", "AmbiguousName",
    "__version__",
]
