"""Documents at URLs, read through the same readers and limits as files.

``greatgame ingest URL...`` and ``ingest(kb, ["https://..."])``: the ingest
loop's reader (``loop.read_documents``) hands the URLs among its paths to
``read_sources``, which fetches each (``documents.fetch.Fetcher``: polite,
capped at the readers' sizes, within the per-document time limit, never
retried), saves what came back to a temporary file with the extension of its
format (HTML, PDF, plain text, RSS/Atom) and reads that file the way every
file is read: by the same readers, under the same reading limit, in the
isolated child where the loop uses one. The documents then carry the URL
(``documents.fetch.relabel``): id and ``url`` the page's address (without its
fragment and ``utm_*`` parameters), ``source`` the URL asked for. A URL that
cannot be fetched is one error line naming it, and the other paths go on.

``fetch_documents`` is the same for one URL with a given fetcher, which
``greatgame follow`` shares between a feed and its items' pages.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..documents.fetch import Fetcher, is_url, page_suffix, relabel
from ..documents.model import Document
from ..errors import DocumentError

ReadLocal = Callable[[list, "float | None", Any], Iterable["Document | DocumentError"]]
"""How files are read: ``read_local(paths, limit, isolated)`` (the loop's ``read_documents``)."""


def fetch_documents(url: str, fetcher: Fetcher, limit: float | None, isolated: Any,
                    read_local: ReadLocal) -> list[Document | DocumentError]:
    """The documents at ``url`` (one for a page, one per entry for a feed), or the one error that stopped them."""
    try:
        fetched = fetcher.get(url)
        suffix = page_suffix(fetched)
    except DocumentError as exc:
        return [exc]
    with tempfile.TemporaryDirectory(prefix="greatgame-fetch-") as folder:
        path = Path(folder) / f"page{suffix}"
        path.write_bytes(fetched.content)
        items = list(read_local([path], limit, isolated))
    return relabel(items, path, fetched)


def read_sources(paths: Iterable[Any], limit: float | None, isolated: Any, read_local: ReadLocal,
                 fetcher: Fetcher | None = None) -> Iterator[Document | DocumentError]:
    """Every document under ``paths``, in order: files and folders read by ``read_local``, URLs fetched first.

    One ``Fetcher`` (``fetcher``, else a new one with ``limit`` as its time limit) serves every URL, so one
    host is asked at most once a second across them all.
    """
    own = fetcher is None
    try:
        run: list[Any] = []
        for p in paths:
            if not is_url(p):
                run.append(p)
                continue
            if run:
                yield from read_local(run, limit, isolated)
                run = []
            if fetcher is None:
                fetcher = Fetcher(timeout=limit)
            yield from fetch_documents(p, fetcher, limit, isolated, read_local)
        if run:
            yield from read_local(run, limit, isolated)
    finally:
        if own and fetcher is not None:
            fetcher.close()

