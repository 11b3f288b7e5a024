"""Full-text search over documents, entities and quotes (DuckDB's fts extension, loaded from its PyPI package)."""
from __future__ import annotations

import glob
import os
from functools import lru_cache
from typing import Any

from ..errors import GreatgameError
from ..kb.store import KnowledgeBase


@lru_cache(maxsize=1)
def extension_path() -> str:
    import duckdb_extension_fts

    found = glob.glob(os.path.join(os.path.dirname(duckdb_extension_fts.__file__), "extensions", "**",
                                   "fts.duckdb_extension"), recursive=True)
    if not found:
        raise GreatgameError("the fts extension file is missing from duckdb-extension-fts")
    return found[0]


def build_index(kb: KnowledgeBase) -> None:
    """(Re)build the search table and its BM25 index from documents, entities and quotes."""
    con = kb.con
    con.execute(f"LOAD '{extension_path()}'")
    con.execute("DROP TABLE IF EXISTS search_items")
    con.execute("CREATE TABLE search_items (id INTEGER, kind TEXT, ref TEXT, title TEXT, body TEXT)")
    con.execute("INSERT INTO search_items SELECT row_number() OVER () , * FROM ("
                "SELECT 'document', id, coalesce(title, id), text FROM documents "
                "UNION ALL SELECT 'entity', id, name, name || ' ' || coalesce(CAST(aliases AS VARCHAR), '') "
                "FROM entities WHERE id IN (SELECT DISTINCT entity_id FROM mentions) "
                "UNION ALL SELECT 'quote', doc_id || '#' || seq, coalesce(speaker_id, ''), text FROM quotes)")
    con.execute("PRAGMA create_fts_index('search_items', 'id', 'title', 'body', overwrite=1)")


def search(kb: KnowledgeBase, query: str, limit: int = 20) -> list[dict[str, Any]]:
    rows = kb.con.execute(
        "SELECT kind, ref, title, left(body, 240) AS snippet, score FROM ("
        "SELECT *, fts_main_search_items.match_bm25(id, ?) AS score FROM search_items) WHERE score IS NOT NULL "
        "ORDER BY score DESC LIMIT ?", [query, limit]).fetchall()
    return [{"kind": k, "ref": r, "title": t, "snippet": s, "score": round(float(sc), 4)} for k, r, t, s, sc in rows]
