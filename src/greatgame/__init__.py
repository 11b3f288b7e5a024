"""greatgame: a sourced knowledge base of the great-power contest in Central Asia.

>>> import greatgame
>>> from greatgame.ingest import ingest
>>> kb = greatgame.open("kb.duckdb")
>>> ingest(kb, ["../shared/corpus/seeds"])
>>> kb.entities(kind="person")
"""
from .errors import DocumentError, GreatgameError, KnowledgeBaseError, NotFound
from .ingest.report import IngestReport
from .kb import KnowledgeBase
from .kb import open

__version__ = "0.1.0"
__all__ = ["DocumentError", "GreatgameError", "IngestReport", "KnowledgeBase", "KnowledgeBaseError",
           "NotFound", "open", "__version__"]
