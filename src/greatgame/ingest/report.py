"""What an ingest did, document by document, and how its errors are worded."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import DocumentError


@dataclass
class IngestReport:
    """What an ingest did, document by document."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def stored(self) -> bool:
        """Whether any document was written (added or replaced)."""
        return bool(self.added or self.replaced)

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "errors": [str(e) for e in self.errors]}


def one_line(exc: BaseException) -> str:
    """An error message on one line (DuckDB's and others' may run over several)."""
    return " ".join(str(exc).split())


def extraction_failed(exc: BaseException) -> str:
    """How an unexpected error of the extractor (a bug, not a ``GreatgameError``) is reported."""
    return f"extraction failed ({type(exc).__name__}: {one_line(exc)})"


def took_longer(what: str, limit: float | None) -> str:
    """How a document past its time limit is reported: "extraction took longer than 0.3 s"."""
    return f"{what} took longer than {limit:g} s"
