"""Distributed ingest: extraction on Dask workers, one writer into the knowledge base.

Extraction is a pure function of one document, so documents are extracted in
parallel on a Dask ``LocalCluster`` (``workers`` processes) or an existing
cluster (``scheduler`` address); the results come back to this process and are
stored one document per transaction, in input order, by the same phase 2 as
the single-process ingest (so both produce the same knowledge base).

The per-document time limit (``timeout``, else ``$GREATGAME_DOC_TIMEOUT`` of
this process, else 60 s) travels with each document to its worker, where
``limits.thread_time_limit`` keeps it: Dask runs tasks on worker threads,
out of SIGALRM's reach, and its worker processes may not start children. That
limit interrupts Python code only: a single long call into C runs to its end.
Reading happens here, on the client, with no time limit.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..documents.model import Document
from ..errors import DocumentError
from ..extract.model import Extraction
from ..kb import KnowledgeBase
from .limits import doc_timeout, thread_time_limit
from .loop import Extracted, Progress, extract_one, extracted, read_documents, store_documents
from .report import IngestReport


def _extract_limited(document: Document, limit: float | None) -> Extraction:
    from .. import extract as extraction

    if limit:
        extraction.nlp()   # loading the model once per worker is not this document's time
    with thread_time_limit(limit):
        return extraction.extract(document)


def _extract(document: Document, limit: float | None = None) -> Extraction | DocumentError:
    """Run on a worker: the extraction, or the error it ended in, as a value; at most ``limit`` seconds."""
    return extract_one(document, _extract_limited, limit)


def _extracted_on_workers(client: Any, kb: KnowledgeBase, paths: Iterable[str | Path], limit: float | None,
                          batch: int) -> Iterator[Extracted]:
    """Phase 1 on the workers, ``batch`` documents at a time; what needs no extraction is handed on at once."""
    pending: list[tuple[Document, Any]] = []
    for item in read_documents(paths):
        if isinstance(item, DocumentError):
            yield Extracted(None, error=item)
        elif kb.up_to_date(item):
            yield Extracted(item, unchanged=True, checked=True)
        else:
            pending.append((item, client.submit(_extract, item, limit, pure=False)))
            if len(pending) >= batch:
                yield from (extracted(doc, future.result(), checked=True) for doc, future in pending)
                pending.clear()
    yield from (extracted(doc, future.result(), checked=True) for doc, future in pending)


def ingest_distributed(kb: KnowledgeBase, paths: Iterable[str | Path], workers: int = 2,
                       scheduler: str | None = None, progress: Progress | None = None,
                       batch: int = 64, timeout: float | None = None) -> IngestReport:
    """Ingest ``paths`` with extraction on Dask workers and this process as the single writer.

    ``timeout``: seconds one document may take to extract on its worker, as in
    ``ingest`` (default ``$GREATGAME_DOC_TIMEOUT`` here, else 60; 0: no limit).
    """
    from dask.distributed import Client, LocalCluster

    limit = doc_timeout(timeout)
    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        return store_documents(kb, _extracted_on_workers(client, kb, paths, limit, batch), progress=progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
