"""Full-text search over documents, entities and quotes (DuckDB's fts extension, loaded from its PyPI package).

The index (table ``search_items`` and its BM25 index) is the knowledge base's
own: a write that changes what is searched (a document stored, replaced or
deleted, the ontology reloaded) drops it in the same transaction, and an
ingest that dropped it builds it again once its documents are stored
(``build_search_index``). The web server builds it when it starts on a
knowledge base without one, so that its searches never write. A search uses
the index as it finds it, and never rebuilds one; only where there is none (a
knowledge base never searched before, or written by ``store`` alone) does the
first search of a read-write knowledge base build it; a read-only one
(``reader()`` views included) finds no hits.
"""
from __future__ import annotations

import glob
import os
from functools import lru_cache

from ..errors import GreatgameError
from .base import Base
from .rows import SearchHit

INDEX_TABLE = "search_items"
INDEX_SCHEMA = f"fts_main_{INDEX_TABLE}"


@lru_cache(maxsize=1)
def extension_path() -> str:
    """The fts extension file shipped in the duckdb-extension-fts package."""
    import duckdb_extension_fts

    found = glob.glob(os.path.join(os.path.dirname(duckdb_extension_fts.__file__), "extensions", "**",
                                   "fts.duckdb_extension"), recursive=True)
    if not found:
        raise GreatgameError("the fts extension file is missing from duckdb-extension-fts")
    return found[0]


class SearchMixin(Base):
    """``search`` and the index behind it."""

    _fts_loaded = False

    def _load_fts(self) -> None:
        if not self._fts_loaded:
            path = extension_path().replace("'", "''")
            self.con.execute(f"LOAD '{path}'")
            self._fts_loaded = True

    def has_search_index(self) -> bool:
        return self.table_exists(INDEX_TABLE)

    def build_search_index(self) -> None:
        """(Re)build the search table and its BM25 index from documents, entities and quotes (one transaction)."""
        self._load_fts()
        with self._transaction():
            self.con.execute(f"DROP TABLE IF EXISTS {INDEX_TABLE}")
            self.con.execute(f"CREATE TABLE {INDEX_TABLE} (id INTEGER, kind TEXT, ref TEXT, title TEXT, body TEXT)")
            self.con.execute(
                f"INSERT INTO {INDEX_TABLE} SELECT row_number() OVER () , * FROM ("
                "SELECT 'document', id, coalesce(title, id), text FROM documents "
                "UNION ALL SELECT 'entity', id, name, name || ' ' || coalesce(CAST(aliases AS VARCHAR), '') "
                "FROM entities WHERE id IN (SELECT DISTINCT entity_id FROM mentions) "
                "UNION ALL SELECT 'quote', doc_id || '#' || seq, coalesce(speaker_id, ''), text FROM quotes)")
            self.con.execute(f"PRAGMA create_fts_index('{INDEX_TABLE}', 'id', 'title', 'body', overwrite=1)")

    def _search_changed(self) -> None:
        """Drop the index (inside the caller's transaction, if any): what it covers has changed.

        Dropped if it exists, without asking first: two statements that cost less than the question.
        """
        con = self._writer()
        con.execute(f"DROP TABLE IF EXISTS {INDEX_TABLE}")
        con.execute(f"DROP SCHEMA IF EXISTS {INDEX_SCHEMA} CASCADE")

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The best matches (BM25) for ``query`` among documents, entities and quotes: kind, ref, title, snippet,
        score. The index is built if there is none (in a knowledge base opened read-only: no hits)."""
        if not self.has_search_index():
            if self.read_only:
                return []
            self.build_search_index()
        self._load_fts()
        rows = self.con.execute(
            "SELECT kind, ref, title, left(body, 240) AS snippet, score FROM ("
            f"SELECT *, {INDEX_SCHEMA}.match_bm25(id, ?) AS score FROM {INDEX_TABLE}) WHERE score IS NOT NULL "
            "ORDER BY score DESC LIMIT ?", [query, limit]).fetchall()
        return [SearchHit(kind=k, ref=r, title=t, snippet=s, score=round(float(sc), 4)) for k, r, t, s, sc in rows]
