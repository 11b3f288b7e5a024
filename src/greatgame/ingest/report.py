"""What an ingest did, document by document, and how its errors are worded."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import DocumentError


@dataclass
class IngestReport:
    """What an ingest did, document by document.

    ``added``, ``replaced``, ``unchanged``: document ids. A document whose
    content (text and publication date) is already stored under another id is
    not stored again: it is listed in ``duplicates`` as (its id, the stored
    id), and the stored id counts as ``unchanged``. ``removed``: ids taken out
    of the knowledge base (by ``sync``, because their files are gone, or an old
    version of a document whose content is now another's). ``warnings``: one
    line each, naming the file (a ``published`` value that is not a date).
    """

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _counted: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def stored(self) -> bool:
        """Whether any document was written or removed."""
        return bool(self.added or self.replaced or self.removed)

    def note(self, status: str, doc_id: str) -> None:
        """List a document as ``added``, ``replaced`` or ``unchanged``; a document already listed is not
        listed again as unchanged (the stored copy of a duplicate)."""
        if status == "unchanged" and doc_id in self._counted:
            return
        self._counted.add(doc_id)
        getattr(self, status).append(doc_id)

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "errors": [str(e) for e in self.errors],
                "duplicates": [{"id": new, "same_as": old} for new, old in self.duplicates],
                "removed": self.removed, "warnings": self.warnings}


def one_line(exc: BaseException) -> str:
    """An error message on one line (DuckDB's and others' may run over several)."""
    return " ".join(str(exc).split())


def extraction_failed(exc: BaseException) -> str:
    """How an unexpected error of the extractor (a bug, not a ``GreatgameError``) is reported."""
    return f"extraction failed ({type(exc).__name__}: {one_line(exc)})"


def took_longer(what: str, limit: float | None) -> str:
    """How a document past its time limit is reported: "extraction took longer than 0.3 s"."""
    return f"{what} took longer than {limit:g} s"
