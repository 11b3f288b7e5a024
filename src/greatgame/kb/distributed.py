"""Distributed ingest: extraction on Dask workers, one writer into the knowledge base.

Extraction is a pure function of one document, so documents are extracted in
parallel on a Dask ``LocalCluster`` (``workers`` processes) or an existing
cluster (``scheduler`` address); the results come back to this process and are
stored one document per transaction, in input order, exactly as the
single-process ingest stores them (so both produce the same knowledge base).

The per-document time limit (``timeout``, else ``$GREATGAME_DOC_TIMEOUT`` of
this process, else 60 s) travels with each document to its worker, where
``isolation.thread_time_limit`` keeps it: Dask runs tasks on worker threads,
out of SIGALRM's reach, and its worker processes may not start children. That
limit interrupts Python code only: a single long call into C runs to its end.
Reading happens here, on the client, with no time limit.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..documents.model import Document
from ..documents.readers import read_paths
from ..errors import DocumentError, GreatgameError
from .store import DocumentTimeout, IngestReport, KnowledgeBase, _seconds, doc_timeout


def _extract(document: Document, limit: float | None = None):
    """Run on a worker: the extraction, or the error it raised, as a value; at most ``limit`` seconds."""
    from .. import extract as extraction
    from .isolation import thread_time_limit

    try:
        if limit:
            extraction.nlp()   # loading the model once per worker is not this document's time
        with thread_time_limit(limit):
            return extraction.extract(document)
    except DocumentTimeout:
        return DocumentError(document.source, f"extraction took longer than {_seconds(limit)} s")
    except GreatgameError as exc:
        return DocumentError(document.source, str(exc))
    except Exception as exc:  # a worker must hand back every failure as data
        return DocumentError(document.source, f"extraction failed ({type(exc).__name__}: {exc})")


def ingest_distributed(kb: KnowledgeBase, paths: Iterable[str | Path], workers: int = 2,
                       scheduler: str | None = None,
                       progress: Callable[[str, str], None] | None = None,
                       batch: int = 64, timeout: float | None = None) -> IngestReport:
    """Ingest ``paths`` with extraction on Dask workers and this process as the single writer.

    ``timeout``: seconds one document may take to extract on its worker, as in
    ``KnowledgeBase.ingest`` (default ``$GREATGAME_DOC_TIMEOUT`` here, else 60;
    0: no limit).
    """
    from dask.distributed import Client, LocalCluster

    limit = doc_timeout(timeout)
    report = IngestReport()
    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        pending: list[tuple[Document, object]] = []

        def drain() -> None:
            for doc, future in pending:
                result = future.result()
                old = kb.stored_hash(doc.id)
                if isinstance(result, DocumentError):
                    report.errors.append(result)
                    status = "error"
                else:
                    try:
                        kb.store(result)
                    except Exception as exc:  # storing one document must not stop the rest
                        report.errors.append(DocumentError(doc.source, f"could not store ({exc})"))
                        status = "error"
                    else:
                        status = "replaced" if old is not None else "added"
                        (report.replaced if old is not None else report.added).append(doc.id)
                if progress:
                    progress(doc.id, status)
            pending.clear()

        for item in read_paths(paths):
            if isinstance(item, DocumentError):
                report.errors.append(item)
                if progress:
                    progress(item.source, "error")
                continue
            if kb._up_to_date(item):
                report.unchanged.append(item.id)
                if progress:
                    progress(item.id, "unchanged")
                continue
            pending.append((item, client.submit(_extract, item, limit, pure=False)))
            if len(pending) >= batch:
                drain()
        drain()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return report
