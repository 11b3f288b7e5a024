"""The server's shared state: the knowledge base, the limits on computation, and results cached until the next write.

Reads go through ``State.read()``: a read-only view over a DuckDB cursor of its own, so requests read side by side
(and go on while a simulation or an extraction runs). The server keeps the file open read-only, so that read-only
CLI commands can open it too; ``State.write()`` takes it read-write only while it writes (an upload's documents),
after the reads in flight have finished. Computations (a simulation, the influence index after a write, an upload's
reading and extraction) run outside both, each in one of ``COMPUTE_SLOTS`` slots: when none is free the request is
answered 429 (or 503 when a page waited in vain) with ``Retry-After``.

Also the constants the pages share (the default year, the boundaries, the upload and compute limits). One
``State`` per app, kept on ``app.state.gg``; routes reach it through ``deps.get_state``.
"""
from __future__ import annotations

import json
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import GreatgameError, KnowledgeBaseError
from ..kb import KnowledgeBase

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
"""The largest request body taken, counted on the bytes received (whatever Content-Length says)."""
MAX_UPLOAD_DOCUMENTS = 100
"""The most documents one uploaded file may hold (a JSON Lines file or a mailbox holds several)."""
COMPUTE_SLOTS = 2
"""How many computations (simulations, index recomputes, uploads) run at once; ``$GREATGAME_COMPUTE_SLOTS``."""
SIMULATION_BUDGET = 36_000
"""The most a simulation request may ask for, in runs × simulated years (``$GREATGAME_SIMULATION_BUDGET``):
1,000 runs to 2060, or 2,000 to 2042."""
RETRY_AFTER_S = 5
PAGE_WAIT_S = 30.0          # how long a page waits for a compute slot, or for the index being computed
WRITE_LOCK_WAIT_S = 5.0     # how long a write waits for another process (a CLI reader) to let go of the file
DEFAULT_YEAR = 2020     # the overview's year when the index has no scores at all (it opens on the latest with scores)
BOUNDARY_RESOLUTION = "region-50m"      # the Central Asia extract the overview's map draws


def _setting(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise GreatgameError(f"{name} must be a whole number (not {value!r})") from None
    if number < 1:
        raise GreatgameError(f"{name} must be at least 1 (not {number})")
    return number


def busy(status: int = 429) -> HTTPException:
    """The answer when every compute slot is taken."""
    return HTTPException(status, f"the server is busy ({compute_slots()} computations at once): try again in "
                                 f"{RETRY_AFTER_S} s", headers={"Retry-After": str(RETRY_AFTER_S)})


def compute_slots() -> int:
    return _setting("GREATGAME_COMPUTE_SLOTS", COMPUTE_SLOTS)


def simulation_budget() -> int:
    return _setting("GREATGAME_SIMULATION_BUDGET", SIMULATION_BUDGET)


class Gate:
    """Many readers at once, or one writer. A waiting writer goes before readers that arrive after it; a thread
    that already reads may read again (nested reads never wait for the writer they hold up)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._local = threading.local()

    @contextmanager
    def shared(self) -> Iterator[None]:
        depth = getattr(self._local, "depth", 0)
        if not depth:
            with self._cond:
                while self._writing or self._writers_waiting:
                    self._cond.wait()
                self._readers += 1
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if not depth:
                with self._cond:
                    self._readers -= 1
                    if not self._readers:
                        self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        if getattr(self._local, "depth", 0):
            raise RuntimeError("a thread that reads the knowledge base cannot write it")
        with self._cond:
            self._writers_waiting += 1
            try:
                while self._writing or self._readers:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class State:
    """The knowledge base at ``db`` (read through cursors, written briefly), the compute slots, and caches."""

    def __init__(self, db: Path):
        self.path = Path(db)
        # Open read-write once: create or migrate it, and build the search index if it has none (searching never
        # writes); then keep it open read-only.
        kb = KnowledgeBase(self.path)
        try:
            if not kb.has_search_index():
                kb.build_search_index()
        finally:
            kb.close()
        self._gate = Gate()
        self._open_lock = threading.Lock()
        self._kb: KnowledgeBase | None = KnowledgeBase(self.path, read_only=True)
        self._slots = threading.BoundedSemaphore(compute_slots())
        self._influence_lock = threading.Lock()
        self.version = 0
        self._influence: tuple[int, Any] | None = None
        self._memo: dict[tuple[Any, ...], tuple[int, Any]] = {}

    def close(self) -> None:
        with self._gate.exclusive():
            if self._kb is not None:
                self._kb.close()
                self._kb = None

    # ------------------------------------------------------------ reading and writing
    @contextmanager
    def read(self) -> Iterator[KnowledgeBase]:
        """A read-only view of the knowledge base for this request (its own cursor), closed afterwards."""
        with self._gate.shared():
            view = self._view()
            try:
                yield view
            finally:
                view.close()

    def _view(self) -> KnowledgeBase:
        with self._open_lock:           # one cursor made at a time
            if self._kb is None:        # reopening failed after a write: another process held the file
                try:
                    self._kb = KnowledgeBase(self.path, read_only=True)
                except KnowledgeBaseError:
                    raise HTTPException(503, "the knowledge base is in use by another process: try again",
                                        headers={"Retry-After": str(RETRY_AFTER_S)}) from None
            return self._kb.reader()

    @contextmanager
    def write(self) -> Iterator[KnowledgeBase]:
        """The knowledge base opened read-write, once the reads in flight are done; closed (and this process's
        hold on the file back to read-only) when the block ends. Caches are dropped."""
        with self._gate.exclusive():
            with self._open_lock:
                if self._kb is not None:
                    self._kb.close()
                    self._kb = None
                try:
                    kb = KnowledgeBase(self.path, lock_wait=WRITE_LOCK_WAIT_S)
                except KnowledgeBaseError:
                    raise HTTPException(503, "the knowledge base is in use by another process: try again",
                                        headers={"Retry-After": str(RETRY_AFTER_S)}) from None
                try:
                    yield kb
                finally:
                    kb.close()
                    self.version += 1
                    try:
                        self._kb = KnowledgeBase(self.path, read_only=True)
                    except KnowledgeBaseError:
                        self._kb = None     # the next read tries again

    # ------------------------------------------------------------ computing
    @contextmanager
    def compute(self, wait: float = 0.0) -> Iterator[None]:
        """One compute slot: at once (``wait`` 0: else 429), or within ``wait`` seconds (else 503)."""
        got = self._slots.acquire(timeout=wait) if wait else self._slots.acquire(blocking=False)
        if not got:
            raise busy(503 if wait else 429)
        try:
            yield
        finally:
            self._slots.release()

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
        """The influence index, computed once per knowledge-base version: by one request, in a compute slot,
        while the others wait for it (at most PAGE_WAIT_S, else 503)."""
        from ..influence import compute

        hit = self._influence
        if hit is not None and hit[0] == self.version:
            return hit[1]
        if not self._influence_lock.acquire(timeout=PAGE_WAIT_S):
            raise busy(503)
        try:
            if self._influence is None or self._influence[0] != self.version:
                version = self.version
                with self.compute(wait=PAGE_WAIT_S), self.read() as kb:
                    self._influence = (version, compute(kb))
            return self._influence[1]
        finally:
            self._influence_lock.release()

    def simulation_inputs(self):
        """The simulation model's inputs read from the knowledge base, once per version (call in a slot)."""
        from ..simulate.estimation import context
        from ..simulate.fitting import estimate_inputs

        def build():
            powers, targets, t0 = context()
            with self.read() as kb:
                return estimate_inputs(kb, t0, powers=powers, targets=targets)

        return self.memo(("simulation-inputs",), build)

    # ------------------------------------------------------------ uploads
    def ingest(self, path: Path):
        """Ingest one uploaded file; called on a worker thread, never on the event loop, in a compute slot.

        Reading the file and extracting each of its documents run in the process-wide isolated extractor (a
        child process), each bounded by ``$GREATGAME_DOC_TIMEOUT`` (else 60 s) as in ``greatgame ingest``, and
        outside any lock: pages go on being served. Then the documents are stored, one transaction each, with
        the knowledge base opened read-write for that moment only. The report, errors included, is what a plain
        ingest gives.
        """
        from ..documents.model import Document
        from ..errors import DocumentError
        from ..ingest import store_documents
        from ..ingest.isolation import shared_extractor
        from ..ingest.limits import DocumentTimeout, doc_timeout
        from ..ingest.loop import Extracted, extract_one, extracted
        from ..ingest.report import IngestReport, one_line, took_longer

        limit = doc_timeout(None)
        extractor = shared_extractor()
        try:
            items: list[Document | DocumentError] = extractor.read(path, limit=limit)
        except DocumentTimeout:
            items = [DocumentError(path, took_longer("reading", limit))]
        except GreatgameError as exc:
            items = [DocumentError(path, one_line(exc))]
        if sum(isinstance(i, Document) for i in items) > MAX_UPLOAD_DOCUMENTS:
            raise HTTPException(422, f"an upload may hold at most {MAX_UPLOAD_DOCUMENTS} documents")
        done: list[Extracted] = []
        for item in items:
            if isinstance(item, DocumentError):
                done.append(Extracted(None, error=item))
                continue
            with self.read() as kb:
                fresh = kb.up_to_date(item)
            done.append(Extracted(item, unchanged=True, checked=True) if fresh
                        else extracted(item, extract_one(item, extractor, limit), checked=True))
        if not any(i.extraction is not None for i in done):       # nothing to store: no write
            report = IngestReport()
            for i in done:
                (report.unchanged.append(i.document.id) if i.unchanged and i.document is not None
                 else report.errors.append(i.error))
            return report
        with self.write() as kb:
            return store_documents(kb, done)

    # ------------------------------------------------------------ reads the pages share
    def search(self, query: str, limit: int) -> list[dict[str, Any]]:
        """Full-text hits over documents, entities and quotes (the index is built at ingest: this never writes)."""
        with self.read() as kb:
            return kb.search(query, limit)

    def boundaries(self, resolution: str = BOUNDARY_RESOLUTION) -> list[tuple[str, str, str]]:
        """``(iso3, name, geometry)`` rows of the stored country shapes; [] before they are imported."""
        with self.read() as kb:
            return kb.boundaries(resolution)
