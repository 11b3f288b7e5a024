"""greatgame: a sourced knowledge base of the great-power contest in Central Asia.

>>> import greatgame
>>> kb = greatgame.open("kb.duckdb")
>>> kb.ingest(["../shared/corpus/seeds"])
>>> kb.entities(kind="person")
"""
from .errors import DocumentError, GreatgameError, KnowledgeBaseError, NotFound
from .kb import IngestReport, KnowledgeBase
from .kb import open

__version__ = "0.1.0"
__all__ = ["DocumentError", "GreatgameError", "IngestReport", "KnowledgeBase", "KnowledgeBaseError",
           "NotFound", "open", "__version__"]
