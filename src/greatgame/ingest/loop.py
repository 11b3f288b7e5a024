"""The ingest loop, in two phases.

Phase 1, ``extract_documents``: read each document under the paths and extract
it, under the per-document time limit (and the readers' size limits); an
``Extracted`` per document, or per file that could not be read. It touches no
knowledge base, except through ``skip`` and ``same_as`` (the serial ingest
passes ``kb.up_to_date`` and ``kb.same_content``, so that a document already
stored as it is, under its own name or another, is not extracted again).

The limits are the same wherever phase 1 runs. On the main thread, reading and
extraction run in this process under a SIGALRM timer; anywhere else (a web
server's threads, a Dask worker) they run in the isolated extractor's child
process, killed at the limit. A document past its limit is an error, reported
once; nothing tries it again.

Phase 2, ``store_documents``: store each ``Extracted`` in the knowledge base,
one transaction per document, and record what happened in an ``IngestReport``;
with ``sync``, first remove the documents whose files are gone (``sync``).

``ingest`` runs both in step, one document at a time. The web upload runs
phase 1 off the knowledge base's lock and phase 2 under it; the distributed
ingest (``greatgame.ingest.distributed``) does phase 1's extraction on Dask
workers.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ..documents.readers import is_url   # not from documents.fetch: that imports urllib.request, http, ssl
from ..documents.model import Document
from ..documents.readers import read_files, read_tasks
from ..errors import DocumentError, GreatgameError
from ..extract.model import Extraction
from ..kb import KnowledgeBase
from . import children
from .limits import DocumentTimeout, doc_timeout, time_limit, time_limit_works
from .report import IngestReport, extraction_failed, one_line, took_longer
from .sync import prune

Extractor = Callable[[Document, "float | None"], Extraction]
"""How one document is extracted under a time limit: ``extractor(document, limit)``
returns the extraction, raises ``DocumentTimeout`` once it has taken more than
``limit`` seconds (None: no limit), and raises any other error as it happens
(a ``GreatgameError`` is reported by its message)."""

Progress = Callable[[str, str], None]
"""``progress(doc_id_or_source, status)``, called after each document; status is
added, replaced, unchanged, duplicate, removed or error."""


@dataclass
class Extracted:
    """One document after phase 1, or a file that could not be read (``document`` None, ``error`` set)."""

    document: Document | None
    extraction: Extraction | None = None
    error: DocumentError | None = None
    unchanged: bool = False     # phase 1 found it stored as it is, and did not extract it
    checked: bool = False       # phase 1 compared it with the knowledge base: phase 2 need not
    same_as: str | None = None  # phase 1 found its content stored under this other id, and did not extract it

    @property
    def name(self) -> str:
        """The document's id, or the source that could not be read."""
        if self.document is not None:
            return self.document.id
        return self.error.source if self.error is not None else ""


# ------------------------------------------------------------------ phase 1

def extract_in_process(document: Document, limit: float | None = None) -> Extraction:
    """Extract in this process, bounded by ``time_limit``: on the main thread only.

    Off the main thread (or without SIGALRM) it runs unbounded; pass it to
    ``ingest(kb, paths, extractor=...)`` to ask for exactly that.
    """
    from .. import extract as extraction

    if limit:
        # Loading the language model once per process is not this document's time.
        from ..extract.pipeline import nlp
        nlp()
    with time_limit(limit):
        return extraction.extract(document)


def choose_extractor(limit: float | None, extractor: Extractor | None = None) -> Extractor:
    """``extractor`` if given; else in this process where ``time_limit`` works (or there is no limit), else
    the process-wide isolated extractor, so that the limit is never skipped silently."""
    if extractor is not None:
        return extractor
    if limit and not time_limit_works():
        from . import isolation

        return isolation.shared_extractor()
    return extract_in_process


def read_documents(paths: Iterable[str | Path], limit: float | None = None, isolated: Any = None
                   ) -> Iterator[Document | DocumentError]:
    """Every document under ``paths``, or the error of what could not be read.

    Reading one file is bounded by ``limit``: a file whose reader takes longer
    for one document is given up, with an error, and the next is read. Where
    ``time_limit`` works (the main thread) in this process; elsewhere in
    ``isolated`` (an ``IsolatedExtractor``), whose child is killed at the
    limit. Off the main thread without one (an extractor that was asked to run
    in this process), reading is not timed; the readers' size limits hold.
    A URL among ``paths`` is fetched first, then read as a file is (``web``).
    """
    paths = list(paths)
    if any(is_url(p) for p in paths):        # URLs are fetched, then read as files are (``web``)
        from .web import read_sources

        yield from read_sources(paths, limit, isolated, read_documents)
        return
    if limit and not time_limit_works() and hasattr(isolated, "read"):
        for path, task in read_tasks(paths):
            yield from task if isinstance(task, list) else isolated.read(path, task, limit)
        return
    for path, items in read_files(paths):
        while True:
            try:
                with time_limit(limit):
                    item = next(items, None)
            except DocumentTimeout:
                item = DocumentError(path, took_longer("reading", limit))
                items = iter(())
            if item is None:
                break
            yield item


def extract_one(document: Document, extractor: Extractor, limit: float | None) -> Extraction | DocumentError:
    """The extraction of one document, or the error it ended in (never raised)."""
    try:
        return extractor(document, limit)
    except DocumentTimeout:
        return DocumentError(document.source, took_longer("extraction", limit))
    except GreatgameError as exc:
        return DocumentError(document.source, one_line(exc))
    except Exception as exc:  # an extractor bug must not stop the folder
        return DocumentError(document.source, extraction_failed(exc))


def extracted(document: Document, result: Extraction | DocumentError, checked: bool = False) -> Extracted:
    """An ``Extracted`` from ``extract_one``'s result."""
    if isinstance(result, DocumentError):
        return Extracted(document, error=result, checked=checked)
    return Extracted(document, extraction=result, checked=checked)


def known(item: Document, skip: Callable[[Document], bool] | None,
          same_as: Callable[[Document], str | None] | None) -> Extracted | None:
    """An ``Extracted`` that needs no extraction: ``item`` stored as it is (``skip``), or its content stored
    under another id (``same_as``); None when it must be extracted."""
    if skip is not None and skip(item):
        return Extracted(item, unchanged=True, checked=True)
    other = same_as(item) if same_as is not None else None
    if other is not None:
        return Extracted(item, same_as=other, checked=True)
    return None


def extract_documents(paths: Iterable[str | Path], *, timeout: float | None = None,
                      extractor: Extractor | None = None,
                      skip: Callable[[Document], bool] | None = None,
                      same_as: Callable[[Document], str | None] | None = None) -> Iterator[Extracted]:
    """Phase 1: read and extract every document under ``paths``, lazily, one at a time.

    ``timeout``: seconds one document may take to read, and to extract
    (default ``$GREATGAME_DOC_TIMEOUT``, else 60; 0: no limit; a bad setting is
    a ``GreatgameError``, raised here at once). ``extractor``: how the limit is
    kept (``choose_extractor``); where it is an isolated extractor and this is
    not the main thread, files are read in its child too. ``skip(document)``:
    True for a document that is already stored as it is; it is then not
    extracted (``unchanged``). ``same_as(document)``: the id of another stored
    document with the same content, if any; it is then not extracted either.
    """
    limit = doc_timeout(timeout)
    chosen = choose_extractor(limit, extractor)

    def one(item: Document | DocumentError) -> Extracted:
        if isinstance(item, DocumentError):
            return Extracted(None, error=item)
        return known(item, skip, same_as) or extracted(item, extract_one(item, chosen, limit),
                                                       checked=skip is not None)

    def run() -> Iterator[Extracted]:
        items = read_documents(paths, limit, chosen)
        if chosen is not extract_in_process:
            yield from map(one, items)
            return
        for window in windows(items):
            found = [known(d, skip, same_as) if isinstance(d, Document) else None for d in window]
            prepare_window([d for d, k in zip(window, found) if isinstance(d, Document) and k is None], limit)
            try:
                for item, done in zip(window, found):
                    # found before the documents ahead of it were stored: those are checked again as stored
                    yield done or (Extracted(None, error=item) if isinstance(item, DocumentError) else
                                   extracted(item, extract_one(item, chosen, limit)))
            finally:
                forget_window()

    return run()


WINDOW_CHARS = 60_000
WINDOW_DOCUMENTS = 64
"""How far the in-process extraction reads ahead: documents annotated together (``prepare_window``)."""


def windows(items: Iterable[Document | DocumentError]) -> Iterator[list[Document | DocumentError]]:
    """``items`` in order, in lists of up to WINDOW_DOCUMENTS or about WINDOW_CHARS of text."""
    window: list[Document | DocumentError] = []
    size = 0
    for item in items:
        window.append(item)
        size += len(item.text) if isinstance(item, Document) else 0
        if size >= WINDOW_CHARS or len(window) >= WINDOW_DOCUMENTS:
            yield window
            window, size = [], 0
    if window:
        yield window


def prepare_window(documents: list[Document], limit: float | None) -> None:
    """Annotate the sentences of ``documents`` together (``extract.pipeline.prepare``), each document then
    extracted on its own as before, with the same result, faster.

    Bounded by one document's limit: a window that takes longer (or fails) is dropped, and each of its
    documents is extracted alone, under its own limit, as if there had been no window.
    """
    if len(documents) < 2:
        return
    from ..extract.pipeline import forget_prepared, nlp, prepare

    nlp()   # loading the language model is no document's time
    try:
        with time_limit(limit):
            prepare(documents)
    except DocumentTimeout:
        forget_prepared()
    except Exception:  # noqa: BLE001 - whatever broke the window breaks its document again, reported as its own
        forget_prepared()


def forget_window() -> None:
    from ..extract.pipeline import forget_prepared

    forget_prepared()


# ------------------------------------------------------------------ phase 2

def store_duplicate(kb: KnowledgeBase, doc: Document, other: str, report: IngestReport) -> str:
    """``doc``'s content is stored as ``other``: not stored again; an older version of ``doc`` goes."""
    try:
        if kb.stored_hash(doc.id) is not None:
            kb.delete(doc.id)
            report.removed.append(doc.id)
    except duckdb.Error as exc:
        report.errors.append(DocumentError(doc.source, f"could not remove its old version ({one_line(exc)})"))
        return "error"
    report.duplicates.append((doc.id, other))
    report.note("unchanged", other)
    return "duplicate"


def store_one(kb: KnowledgeBase, item: Extracted, report: IngestReport) -> str:
    """Store one document (one transaction) and record it in ``report``; its status."""
    doc = item.document
    if doc is None:
        report.errors.append(item.error)
        return "error"
    if item.unchanged:
        report.note("unchanged", doc.id)
        return "unchanged"
    state = kb.document_state(doc)      # up to date, stored under another id, stored at all: one question
    if not item.checked and state.up_to_date:
        report.note("unchanged", doc.id)
        return "unchanged"
    other = item.same_as or state.same_content    # also two copies read in one run
    if other is not None:
        return store_duplicate(kb, doc, other, report)
    if item.error is not None:
        report.errors.append(item.error)
        return "error"
    old = state.hash
    try:
        kb.store(item.extraction, replacing=old is not None)
    except duckdb.Error as exc:
        report.errors.append(DocumentError(doc.source, f"could not store ({one_line(exc)})"))
        return "error"
    report.warnings.extend(doc.warnings)
    status = "replaced" if old is not None else "added"
    report.note(status, doc.id)
    return status


def store_documents(kb: KnowledgeBase, items: Iterable[Extracted], *, progress: Progress | None = None,
                    report: IngestReport | None = None,
                    sync: Iterable[str | Path] | None = None) -> IngestReport:
    """Phase 2: store every item, one transaction per document; then build the search index again.

    A failure leaves nothing of that document behind and does not stop the others. Storing a
    document drops the knowledge base's search index; if it had one, it is built again at the end
    (one that never had one gets it with its first search). ``sync``: folders whose documents with
    files now gone are removed first (``greatgame.ingest.sync``), each reported as ``removed``.
    """
    report = report if report is not None else IngestReport()
    indexed = kb.has_search_index()
    if sync is not None:
        for doc_id, _ in prune(kb, sync):
            report.removed.append(doc_id)
            if progress:
                progress(doc_id, "removed")
    for item in items:
        status = store_one(kb, item, report)
        if progress:
            progress(item.name, status)
    if indexed and not kb.has_search_index():
        kb.build_search_index()
    return report


# ------------------------------------------------------------------ both

def stored_checks(kb: KnowledgeBase) -> tuple[Callable[[Document], bool], Callable[[Document], str | None]]:
    """``kb.up_to_date`` and ``kb.same_content`` as ``known`` asks them, one right after the other for one
    document: the first asks the knowledge base both (``kb.document_state``), the second takes its answer."""
    asked: list[tuple[Document, str | None]] = []

    def skip(doc: Document) -> bool:
        state = kb.document_state(doc)
        asked[:] = [(doc, state.same_content)]
        return state.up_to_date

    def same_as(doc: Document) -> str | None:
        last = asked.pop() if asked else None
        return last[1] if last is not None and last[0] is doc else kb.same_content(doc)

    return skip, same_as


def ingest(kb: KnowledgeBase, paths: Iterable[str | Path], *, progress: Progress | None = None,
           timeout: float | None = None, extractor: Extractor | None = None,
           sync: bool = False) -> IngestReport:
    """Read, extract and store every document under ``paths``.

    One transaction per document: a failure leaves nothing of that document
    behind and does not stop the others. ``progress(doc_id_or_source, status)``
    is called after each document. ``timeout``: seconds one document may
    take to extract (default ``$GREATGAME_DOC_TIMEOUT``, else 60; 0: no
    limit); a document that takes longer is reported as an error
    ("extraction took longer than N s") and not stored.

    ``extractor`` chooses how the limit is kept (see ``Extractor``):

    * None (the default): on the main thread, in this process under a
      SIGALRM timer (``extract_in_process``). Anywhere else (a worker thread,
      a platform without SIGALRM), when there is a limit, in the process-wide
      ``greatgame.ingest.isolation.shared_extractor()``: a child process,
      started on first use and kept, killed and replaced when a document runs
      past the limit. So the limit is never skipped silently.
    * ``IsolatedExtractor(...)``: always in that child process.
    * ``extract_in_process``: always in this process; off the main thread
      that means no limit.

    Reading is bounded the same way: a file whose reader takes longer for one
    document is given up, with an error, and the next is read (off the main
    thread, with a limit, files are read in the isolated extractor's child).

    A document whose content is already stored under another name (a renamed
    or copied file) is not stored again (``report.duplicates``). A path may be
    an http(s) URL: the page or feed is fetched politely, within the same
    limits, then read as a file is (``greatgame.ingest.web``). ``sync``:
    first remove the documents whose files under the given folders are gone
    (``greatgame.ingest.sync``), so that a renamed file is stored once, under
    its new name. On the main thread, SIGINT and SIGTERM end any child process
    the ingest started before they stop it (``children``).
    """
    paths = list(paths)
    skip, same_as = stored_checks(kb)
    items = extract_documents(paths, timeout=timeout, extractor=extractor, skip=skip, same_as=same_as)
    # DuckDB on one thread while this process extracts and stores: small statements, one document at a time
    with children.ending_on_signals(), kb.one_thread():
        return store_documents(kb, items, progress=progress, sync=paths if sync else None)
