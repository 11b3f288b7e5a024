"""Exception classes: every error greatgame raises on purpose is one of these.

Each carries a one-line message that names the file (or record) and the reason,
so the CLI can print it as is.
"""
from __future__ import annotations

from pathlib import Path


class GreatgameError(Exception):
    """Base class of greatgame's own errors."""


class DocumentError(GreatgameError):
    """A document could not be read or stored."""

    def __init__(self, source: str | Path, reason: str):
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


class UnsupportedFormat(DocumentError):
    """The file is of a kind greatgame does not read."""


class MalformedDocument(DocumentError):
    """The file claims a format but its content does not follow it."""


class OntologyError(GreatgameError):
    """A shipped ontology file is inconsistent (a bug in the package data)."""


class KnowledgeBaseError(GreatgameError):
    """The knowledge-base file cannot be opened or migrated."""


class NotFound(GreatgameError):
    """A requested document or entity is not in the knowledge base."""


# ------------------------------------------------------------------ ingest (greatgame.ingest)

class DocumentTimeout(BaseException):
    """Raised when reading or extracting one document runs past its time limit.

    Not a ``GreatgameError``: a ``BaseException``, like ``KeyboardInterrupt``, so
    that no ``except Exception`` inside the extractor can swallow it and run on
    unbounded. The ingest reports it as that document's error ("extraction took
    longer than N s"); it never escapes an ingest.
    """
