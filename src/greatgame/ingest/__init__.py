"""Ingest: read documents, extract what they say, store it in a knowledge base.

>>> import greatgame
>>> from greatgame.ingest import ingest
>>> kb = greatgame.open("kb.duckdb")
>>> report = ingest(kb, ["../shared/corpus/seeds"])

``ingest`` is one two-phase loop (``loop``): phase 1 reads and extracts each
document under the time and size limits (``limits``, and the readers' caps;
in a child process off the main thread, ``isolation``), phase 2 stores it, one
transaction per document, into an ``IngestReport`` (``report``), after
removing, with ``sync``, the documents whose files are gone (``sync``).
``ingest_distributed`` (``distributed``) runs phase 1's extraction on Dask
workers, each in its own child process; the web upload runs the phases one
after the other (``extract_documents``, then ``store_documents``). Every child
process an ingest starts is ended with it (``children``).
"""
from .._face import make_callable
from .distributed import ingest_distributed
from .limits import DocumentTimeout, doc_timeout
from .loop import Extracted, Extractor, extract_documents, extract_in_process, ingest, store_documents
from .report import IngestReport

__all__ = ["DocumentTimeout", "Extracted", "Extractor", "IngestReport", "doc_timeout", "extract_documents",
           "extract_in_process", "ingest", "ingest_distributed", "store_documents"]

# ``greatgame.ingest(kb, paths)`` calls ``ingest``; the package stays a package.
make_callable(__name__, ingest)
