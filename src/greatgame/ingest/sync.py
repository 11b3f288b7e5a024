"""Sync: take out of the knowledge base the documents whose files are gone.

``greatgame ingest --sync DIR`` (``ingest(kb, [DIR], sync=True)``) first
removes every stored document that was read from a file under ``DIR`` that no
longer exists, then ingests ``DIR`` as usual, so a renamed file ends up stored
once, under its new name. A document's file is where it was read from: its
``source``, less the ``:LINE`` of a JSON Lines record or the ``#entryN`` of a
feed entry. Paths are compared resolved against the current directory, as the
ingest that stored them was given them (an ingest run from elsewhere with
relative paths stored sources this one may not recognise: those are kept).
Only folders that exist are synced: a mistyped folder removes nothing, and
documents read from a URL are never removed. A
record taken out of a JSON Lines file that is still there is not removed.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..documents.readers import is_url   # not from documents.fetch: that imports urllib.request, http, ssl
from ..kb import KnowledgeBase


def source_file(source: str, fmt: str) -> Path:
    """The file a document was read from, given its stored ``source`` and ``format``."""
    if fmt == "jsonl" and ":" in source:
        head, _, line = source.rpartition(":")
        if line.isdigit():
            source = head
    elif fmt == "feed" and "#entry" in source:
        source = source.rpartition("#entry")[0]
    return Path(source)


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(path))


def gone(kb: KnowledgeBase, paths: Iterable[str | Path]) -> list[tuple[str, Path]]:
    """(id, file) of each stored document read from a file under one of the folders ``paths`` that is gone."""
    folders = [_resolved(Path(p)) for p in paths if Path(p).is_dir()]
    if not folders:
        return []
    found = []
    for doc_id, source, fmt in kb.document_sources():
        if is_url(source):
            continue            # read from the web, not from a file
        file = source_file(source, fmt)
        where = _resolved(file)
        if any(where.is_relative_to(folder) for folder in folders) and not file.exists():
            found.append((doc_id, file))
    return found


def prune(kb: KnowledgeBase, paths: Iterable[str | Path]) -> list[tuple[str, Path]]:
    """Remove the documents ``gone`` finds (one transaction each); (id, file) of each removed."""
    removed = gone(kb, paths)
    for doc_id, _ in removed:
        kb.delete(doc_id)
    return removed
