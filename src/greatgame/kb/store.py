"""The knowledge base: an embedded DuckDB file and the queries over it, one table family per module.

``KnowledgeBase`` is composed of ``base.Base`` (connection, migrations,
transactions, the catalogue), ``documents`` (documents and what is extracted
from them), ``evidence`` (events, quotes, figures, disagreements),
``reference`` (reference datasets), ``search`` (full-text search), ``names`` (names to ids) and
``follow`` (what ``greatgame follow`` remembers between polls). It reads
no files: ``greatgame.ingest`` reads and extracts documents and hands each
extraction to ``KnowledgeBase.store``.
"""
from __future__ import annotations

from pathlib import Path

from .base import default_path
from .documents import DocumentsMixin
from .evidence import EvidenceMixin
from .follow import FollowMixin
from .names import NamesMixin
from .reference import ReferenceMixin
from .search import SearchMixin

__all__ = ["KnowledgeBase", "default_path", "open"]


class KnowledgeBase(DocumentsMixin, EvidenceMixin, ReferenceMixin, SearchMixin, NamesMixin, FollowMixin):
    """A greatgame knowledge base. Open with ``greatgame.open(path)``."""

    def __enter__(self) -> KnowledgeBase:
        return self


def open(path: str | Path | None = None, read_only: bool = False) -> KnowledgeBase:  # noqa: A001
    """Open (creating and migrating if needed) the knowledge base at ``path``."""
    return KnowledgeBase(path, read_only=read_only)
