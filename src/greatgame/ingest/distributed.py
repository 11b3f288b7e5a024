"""Distributed ingest: extraction on Dask workers, one writer into the knowledge base.

Extraction is a pure function of one document, so documents are extracted in
parallel on a Dask ``LocalCluster`` (``workers`` processes) or an existing
cluster (``scheduler`` address); the results come back to this process and are
stored one document per transaction, in input order, by the same phase 2 as
the single-process ingest (so both produce the same knowledge base).

The limits are those of the single-process ingest. Files are read here, on
the client, under the same per-document time limit (``timeout``, else
``$GREATGAME_DOC_TIMEOUT`` of this process, else 60 s) and the readers' size
caps. The limit travels with each document to its worker, which extracts it
in its own isolated extractor's child process (``isolation``), killed at the
limit: Dask runs tasks on threads, out of SIGALRM's reach, and a thread cannot
be stopped in the middle of a long call into C (spaCy's tokenizer). A document
past its limit comes back as an error, once; and if a worker dies with a
document in hand, Dask's retry of that document (on another or a restarted
worker) returns an error at once instead of trying it again: the first try
marks the document with a Dask ``Event``.

The workers of the ingest's own ``LocalCluster`` each lead a process group
(their extraction child in it), which the ingest ends on SIGINT/SIGTERM
(``children``); killed with SIGKILL, the ingest leaves none behind either
(Dask's workers exit when their parent does, and take their child with them).
"""
from __future__ import annotations

import logging
import os
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..documents.model import Document
from ..errors import DocumentError
from ..extract.model import Extraction
from ..kb import KnowledgeBase
from . import children
from .limits import doc_timeout, time_limit_works
from .loop import (
    Extracted,
    Progress,
    extract_in_process,
    extract_one,
    extracted,
    known,
    read_documents,
    store_documents,
)
from .report import IngestReport, one_line


def dask_setup(worker: Any) -> None:
    """Dask's preload hook, run by each worker of the ingest's own cluster as it starts.

    The worker leads a process group of its own, and its extraction child stays in it, so that the
    ingest ends both with one signal. It logs errors only, as the ingest's own process does: when a
    signal ends the ingest, a worker can see the scheduler's connection close before its kill arrives,
    and Dask logs that at INFO with a traceback on the stderr the worker shares with the command.
    """
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    children.OWN_GROUPS = False
    logging.getLogger("distributed").setLevel(logging.ERROR)


def _tried_before(marker: str) -> bool:
    """Whether a worker already took up this document (and died with it); marks it taken up if not."""
    from distributed import Event

    event = Event(marker)
    if event.is_set():
        event.clear()
        return True
    event.set()
    return False


def _done(marker: str) -> None:
    from distributed import Event

    Event(marker).clear()


def _extract(document: Document, limit: float | None = None, marker: str | None = None
             ) -> Extraction | DocumentError:
    """Run on a worker: the extraction, or the error it ended in, as a value; at most ``limit`` seconds.

    With a limit, extraction runs in this worker's isolated extractor (a child process, killed at the
    limit); without one, in the worker. ``marker``: the name of a Dask ``Event`` that tells a second try
    of the same document (its first worker died with it) to give up at once.
    """
    if marker is not None and _tried_before(marker):
        return DocumentError(document.source, "extraction ended its worker process: not tried again")
    if limit:
        from .isolation import shared_extractor

        result = extract_one(document, shared_extractor(), limit)
    else:
        result = extract_one(document, extract_in_process, None)
    if marker is not None:
        _done(marker)
    return result


def _extract_many(documents: list[Document], limit: float | None, markers: list[str]
                  ) -> list[Extraction | DocumentError]:
    """Run on a worker: ``_extract`` of each document, in order, after annotating them together in this
    worker's extraction child (``IsolatedExtractor.prepare``: faster, and the same extractions)."""
    if limit:
        from .isolation import shared_extractor

        shared_extractor().prepare(documents, limit)
    return [_extract(document, limit, marker) for document, marker in zip(documents, markers)]


def _groups(documents: list[tuple[Document, str]], workers: int) -> list[list[tuple[Document, str]]]:
    """``documents`` in order, cut into consecutive groups of about equal text, one task each: two for each
    worker (so that one that finishes early takes up another), or more, so that none holds much over
    ``WINDOW_CHARS`` of text."""
    from .loop import WINDOW_CHARS

    total = max(1, sum(len(d.text) for d, _ in documents))
    count = max(2 * workers, -(-total // WINDOW_CHARS))
    groups: dict[int, list[tuple[Document, str]]] = {}
    before = 0
    for item in documents:
        size = len(item[0].text)
        groups.setdefault(min(count - 1, int((before + size / 2) * count / total)), []).append(item)
        before += size
    return [groups[k] for k in sorted(groups)]


def _results(documents: list[Document], future: Any) -> Iterator[Extracted]:
    try:
        results = future.result()
    except Exception as exc:   # the task itself failed: a worker lost for good, a cancelled future
        message = f"extraction failed on its worker ({type(exc).__name__}: {one_line(exc)})"
        results = [DocumentError(document.source, message) for document in documents]
    for document, result in zip(documents, results):
        yield extracted(document, result, checked=True)


def _extracted_on_workers(client: Any, kb: KnowledgeBase, paths: Iterable[str | Path], limit: float | None,
                          batch: int, workers: int) -> Iterator[Extracted]:
    """Phase 1 on the workers: documents submitted ``batch`` at a time, one task per group of them
    (``_groups``), the next batch submitted before the results of the one before are taken, in order; what
    needs no extraction is handed on at once."""
    run = uuid.uuid4().hex
    reader = None
    if limit and not time_limit_works():
        from .isolation import shared_extractor

        reader = shared_extractor()
    flying: deque[tuple[list[Document], Any]] = deque()

    def submit(pending: list[tuple[Document, str]]) -> None:
        for group in _groups(pending, workers):
            docs, markers = [d for d, _ in group], [m for _, m in group]
            flying.append((docs, client.submit(_extract_many, docs, limit, markers, pure=False)))

    def results(keep: int) -> Iterator[Extracted]:
        while flying and sum(len(docs) for docs, _ in flying) > keep:
            yield from _results(*flying.popleft())

    pending: list[tuple[Document, str]] = []
    for n, item in enumerate(read_documents(paths, limit, reader)):
        if isinstance(item, DocumentError):
            yield Extracted(None, error=item)
            continue
        done = known(item, kb.up_to_date, kb.same_content)
        if done is not None:
            yield done
            continue
        pending.append((item, f"greatgame-ingest-{run}-{n}"))
        if len(pending) >= batch:
            submit(pending)
            pending = []
            yield from results(keep=batch)
    if pending:
        submit(pending)
    yield from results(keep=0)


def _ender(cluster: Any):
    """How ``children.end_all`` ends the cluster's workers: no restarts, then SIGKILL to each worker's group."""
    def end() -> None:
        for nanny in list(cluster.workers.values()):
            pid = getattr(nanny, "pid", None)
            try:
                nanny.close_gracefully()        # its worker is not restarted when it dies
            except Exception:  # noqa: S110 - the kill below matters, not this
                pass
            if pid:
                children.kill(pid, own_group=True)
    return end


def ingest_distributed(kb: KnowledgeBase, paths: Iterable[str | Path], workers: int = 2,
                       scheduler: str | None = None, progress: Progress | None = None,
                       batch: int = 64, timeout: float | None = None, sync: bool = False) -> IngestReport:
    """Ingest ``paths`` with extraction on Dask workers and this process as the single writer.

    ``timeout``: seconds one document may take to read (here) and to extract (on its worker), as in
    ``ingest`` (default ``$GREATGAME_DOC_TIMEOUT`` here, else 60; 0: no limit). ``sync``: as in
    ``ingest``, first remove the documents whose files under the given folders are gone.
    """
    limit = doc_timeout(timeout)
    paths = list(paths)
    # Dask logs a closed connection at INFO with a traceback when a signal ends the cluster under a running
    # task: that is this process ending as asked, not an error to show the user. Errors still show. The level
    # comes back after a normal return only: after a signal the process is ending, and Dask still logs then.
    import distributed      # noqa: F401  its first import sets its loggers' levels (INFO): before ours, not after

    dask_log = logging.getLogger("distributed")
    level = dask_log.level
    dask_log.setLevel(max(level, logging.ERROR))
    report = _ingest_on(kb, paths, limit, workers, scheduler, batch, progress, sync)
    dask_log.setLevel(level)
    return report


def _ingest_on(kb: Any, paths: list[Any], limit: Any, workers: int, scheduler: Any, batch: Any, progress: Any,
               sync: bool) -> Any:
    from dask.distributed import Client, LocalCluster

    with children.ending_on_signals():
        if scheduler:
            client = Client(scheduler)
            cluster = None
        else:
            # No dashboard; the scheduler's own small HTTP server on a free local port, not on 8787 (which
            # another cluster may hold: Dask would warn on stderr).
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                   silence_logs=40, preload=["greatgame.ingest.distributed"])
            children.add_ender(id(cluster), _ender(cluster))
            client = Client(cluster)
        try:
            count = workers if cluster is not None else max(1, len(client.scheduler_info().get("workers", {})))
            return store_documents(kb, _extracted_on_workers(client, kb, paths, limit, batch, count),
                                   progress=progress, sync=paths if sync else None)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
                children.discard_ender(id(cluster))
