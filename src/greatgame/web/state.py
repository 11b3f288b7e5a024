"""The server's shared state: the open knowledge base, its lock, and computations cached until the next write.

Also the constants the pages share (targets, main powers, colours, the upload limit). One ``State`` per app,
kept on ``app.state.gg``; routes reach it through ``deps.get_state``.
"""
from __future__ import annotations

import json
import threading
import zlib
from pathlib import Path
from typing import Any, Callable

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from ..kb.store import KnowledgeBase

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TARGETS = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
MAIN_POWERS = ("CHN", "RUS", "USA", "EU", "TUR")
DEFAULT_YEAR = 2020     # the overview opens on the last year most reference datasets cover
COLOURS = {"CHN": "#c0392b", "RUS": "#2c3e8f", "USA": "#16a085", "EU": "#f39c12", "TUR": "#8e44ad",
           "IRN": "#27ae60", "IND": "#d35400", "JPN": "#7f8c8d", "KOR": "#2980b9"}
BOUNDARY_RESOLUTION = "region-50m"      # the Central Asia extract the overview's map draws


class State:
    """The open knowledge base, a lock for it, and cached computations invalidated by writes."""

    def __init__(self, db: Path):
        self.kb = KnowledgeBase(db)
        self.lock = threading.RLock()
        self.version = 0
        self._influence: tuple[int, Any] | None = None
        self._search_version = -1        # CONTRACT-FALLBACK: only _fallback_search uses it
        self._memo: dict[tuple[Any, ...], tuple[int, Any]] = {}

    def memo(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """``build()``'s value, kept until the next write to the knowledge base."""
        hit = self._memo.get(key)
        if hit is None or hit[0] != self.version:
            version = self.version
            hit = (version, build())
            self._memo[key] = hit
        return hit[1]

    def cached_page(self, key: tuple[Any, ...], render: Callable[[], HTMLResponse]) -> HTMLResponse:
        """A rendered page, kept until the next write to the knowledge base."""
        return HTMLResponse(self.memo(("page",) + key, lambda: render().body.decode("utf-8")))

    def cached_json(self, request: Request, key: tuple[Any, ...], build: Callable[[], Any]) -> Response:
        """A JSON body serialised once per knowledge-base version, with an ETag so browsers can revalidate."""
        def serialise() -> tuple[str, str]:
            body = json.dumps(build(), separators=(",", ":"), default=str)
            return body, f'"{self.version}-{len(body)}-{zlib.crc32(body.encode()):08x}"'

        body, etag = self.memo(("json",) + key, serialise)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    def influence(self):
        from ..influence import compute

        with self.lock:
            if self._influence is None or self._influence[0] != self.version:
                self._influence = (self.version, compute(self.kb))
            return self._influence[1]

    def ingest(self, path: Path):
        """Ingest one uploaded file; called on a worker thread, never on the event loop.

        Extraction (seconds, bounded by ``$GREATGAME_DOC_TIMEOUT``, else 60 s) runs first, in the
        process-wide isolated extractor (a child process: the time limit holds on any thread) and
        outside the lock, so pages keep being served meanwhile. Then, under the lock, the knowledge
        base ingests the file as usual, one transaction per document, with those extractions handed
        back in place of extracting again: its report, errors included, is what a plain ingest gives.
        """
        from ..documents.model import Document
        from ..documents.readers import read_files
        from ..kb.isolation import shared_extractor
        from ..kb.store import DocumentTimeout, doc_timeout

        extractor = shared_extractor()
        limit = doc_timeout(None)
        done: dict[str, tuple[bool, Any]] = {}
        for _, items in read_files([path]):
            for item in items:
                if isinstance(item, Document):
                    try:
                        done[item.hash] = (True, extractor(item, limit))
                    except (DocumentTimeout, Exception) as exc:
                        done[item.hash] = (False, exc)

        def extracted(doc: Document, limit: float | None):
            ok, value = done.get(doc.hash) or (True, None)
            if value is None:                   # not seen above (never expected): extract it now
                return extractor(doc, limit)
            if not ok:
                raise value
            return value

        with self.lock:
            report = self.kb.ingest([path], extractor=extracted, timeout=limit or 0)
            self.version += 1
        return report

    def search(self, query: str, limit: int) -> list[dict[str, Any]]:
        """Full-text hits over documents, entities and quotes (the knowledge base keeps the index)."""
        with self.lock:
            if not hasattr(self.kb, "search"):                      # CONTRACT-FALLBACK
                return _fallback_search(self, query, limit)         # CONTRACT-FALLBACK
            return self.kb.search(query, limit)

    def boundaries(self, resolution: str = BOUNDARY_RESOLUTION) -> list[tuple[str, str, str]]:
        """``(iso3, name, geometry)`` rows of the stored country shapes; [] before they are imported."""
        with self.lock:
            if not hasattr(self.kb, "boundaries"):                  # CONTRACT-FALLBACK
                return _fallback_boundaries(self.kb, resolution)   # CONTRACT-FALLBACK
            return self.kb.boundaries(resolution)


# CONTRACT-FALLBACK (from here to the end of the file): what web/search.py and the boundaries query did before
# KnowledgeBase.search, .boundaries and .table_exists existed. The lead deletes this block, and the two
# `hasattr` branches above, once the kb branch is merged.
def _fallback_table_exists(kb: KnowledgeBase, name: str) -> bool:  # CONTRACT-FALLBACK
    if hasattr(kb, "table_exists"):
        return kb.table_exists(name)
    return bool(kb.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                               [name]).fetchone()[0])


def _fallback_boundaries(kb: KnowledgeBase, resolution: str) -> list[tuple[str, str, str]]:  # CONTRACT-FALLBACK
    if not _fallback_table_exists(kb, "boundaries"):
        return []
    return kb.con.execute("SELECT iso3, name, geometry FROM boundaries WHERE resolution = ? ORDER BY iso3",
                          [resolution]).fetchall()


def _fallback_search(state: State, query: str, limit: int) -> list[dict[str, Any]]:  # CONTRACT-FALLBACK
    import glob
    import os

    import duckdb_extension_fts

    from ..errors import GreatgameError

    con = state.kb.con
    if state._search_version != state.version:
        found = glob.glob(os.path.join(os.path.dirname(duckdb_extension_fts.__file__), "extensions", "**",
                                       "fts.duckdb_extension"), recursive=True)
        if not found:
            raise GreatgameError("the fts extension file is missing from duckdb-extension-fts")
        con.execute(f"LOAD '{found[0]}'")
        con.execute("DROP TABLE IF EXISTS search_items")
        con.execute("CREATE TABLE search_items (id INTEGER, kind TEXT, ref TEXT, title TEXT, body TEXT)")
        con.execute("INSERT INTO search_items SELECT row_number() OVER () , * FROM ("
                    "SELECT 'document', id, coalesce(title, id), text FROM documents "
                    "UNION ALL SELECT 'entity', id, name, name || ' ' || coalesce(CAST(aliases AS VARCHAR), '') "
                    "FROM entities WHERE id IN (SELECT DISTINCT entity_id FROM mentions) "
                    "UNION ALL SELECT 'quote', doc_id || '#' || seq, coalesce(speaker_id, ''), text FROM quotes)")
        con.execute("PRAGMA create_fts_index('search_items', 'id', 'title', 'body', overwrite=1)")
        state._search_version = state.version
    rows = con.execute(
        "SELECT kind, ref, title, left(body, 240) AS snippet, score FROM ("
        "SELECT *, fts_main_search_items.match_bm25(id, ?) AS score FROM search_items) WHERE score IS NOT NULL "
        "ORDER BY score DESC LIMIT ?", [query, limit]).fetchall()
    return [{"kind": k, "ref": r, "title": t, "snippet": s, "score": round(float(sc), 4)} for k, r, t, s, sc in rows]
