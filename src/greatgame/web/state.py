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

from ..kb import KnowledgeBase

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DEFAULT_YEAR = 2020     # the overview opens on the last year most reference datasets cover
BOUNDARY_RESOLUTION = "region-50m"      # the Central Asia extract the overview's map draws


class State:
    """The open knowledge base, a lock for it, and cached computations invalidated by writes."""

    def __init__(self, db: Path):
        self.kb = KnowledgeBase(db)
        self.lock = threading.RLock()
        self.version = 0
        self._influence: tuple[int, Any] | None = None
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

        Phase 1 (reading, and extraction: seconds, bounded by ``$GREATGAME_DOC_TIMEOUT``, else 60 s) runs
        first, in the process-wide isolated extractor (a child process: the time limit holds on any thread)
        and outside the lock, so pages keep being served meanwhile. Phase 2 stores the documents under the
        lock, one transaction per document: its report, errors included, is what a plain ingest gives.
        """
        from ..ingest import extract_documents, store_documents
        from ..ingest.isolation import shared_extractor

        extracted = list(extract_documents([path], extractor=shared_extractor()))
        with self.lock:
            report = store_documents(self.kb, extracted)
            self.version += 1
        return report

    def search(self, query: str, limit: int) -> list[dict[str, Any]]:
        """Full-text hits over documents, entities and quotes (the knowledge base keeps the index)."""
        with self.lock:
            return self.kb.search(query, limit)

    def boundaries(self, resolution: str = BOUNDARY_RESOLUTION) -> list[tuple[str, str, str]]:
        """``(iso3, name, geometry)`` rows of the stored country shapes; [] before they are imported."""
        with self.lock:
            return self.kb.boundaries(resolution)
