"""Following feeds: poll RSS/Atom feeds, ingest their new entries' pages, remember what was seen.

``poll(kb, feeds)`` asks each feed once and ingests each entry it has not
seen before: it fetches the entry's page (``web.fetch_documents``: the same
fetcher, readers and limits as ``greatgame ingest URL``) and stores it
through the ingest loop's phases (``known``/``extract_one``, then
``store_documents``), or the entry's own text when it has no link. The page
keeps its own title and date; where it has none (or only a PDF file's
creation date), the entry's are taken (``published_from`` ``feed`` in the
document's metadata).

What is remembered, in the knowledge base (``KnowledgeBase.feed_state``,
``feed_items``; tables ``follow_feeds``, ``follow_items``):

* per feed, the ``ETag`` and ``Last-Modified`` of its last full answer, sent
  back on the next poll (``If-None-Match``, ``If-Modified-Since``): a feed that
  has not changed answers 304 and costs nothing more. They are stored only once
  every entry of that answer is handled, so a poll cut short is done again;
* per entry (its id or guid, else its link), whether it was ingested, and as
  which document. An ingested entry is never fetched again, and neither is one
  that failed for good (a 404, a page robots.txt disallows, one that cannot be
  read, one past its time limit). One that failed for a passing reason (no
  network, a 5xx, a fetch that took too long) is tried again at the next poll,
  up to ``MAX_TRIES`` polls; while a feed has such entries it is asked without
  validators, so that they come back.

Politeness is the fetcher's (``documents.fetch``): one request per host per
``delay`` seconds, robots.txt honoured, a User-Agent naming greatgame and its
version. ``follow`` polls again and again, every ``every`` seconds, opening the
knowledge base for each poll only.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..documents.checks import check_published
from ..documents.feeds import FeedEntry, parse_feed
from ..documents.fetch import DEFAULT_DELAY, Fetcher, is_url
from ..documents.model import Document
from ..errors import DocumentError, FetchError, MalformedDocument
from ..kb import KnowledgeBase
from . import children
from .limits import doc_timeout
from .loop import Extracted, Extractor, choose_extractor, extract_one, extracted, known, read_documents, store_documents
from .report import IngestReport
from .web import fetch_documents

MAX_TRIES = 3
"""Polls at which an entry that failed for a passing reason is tried, in all."""
STORED = frozenset({"added", "replaced", "unchanged", "duplicate"})


@dataclass
class FeedPoll:
    """One feed asked once."""

    url: str
    title: str | None = None
    status: str = "ok"                 # ok | not modified | error
    entries: int = 0                   # entries in the feed's answer
    new: int = 0                       # entries to ingest this time (never seen, or to try again)
    error: DocumentError | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "status": self.status, "entries": self.entries,
                "new": self.new, "error": str(self.error) if self.error else None}


@dataclass
class PollReport:
    """What one poll did: each feed, and the ingest of its new entries (``retry``: entries tried again next poll)."""

    feeds: list[FeedPoll] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)
    retry: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[DocumentError]:
        return [f.error for f in self.feeds if f.error is not None] + list(self.ingest.errors)

    def as_dict(self) -> dict[str, Any]:
        return {"feeds": [f.as_dict() for f in self.feeds], "ingest": self.ingest.as_dict(), "retry": self.retry,
                "errors": [str(e) for e in self.errors]}


def entry_key(entry: FeedEntry) -> str:
    """What identifies an entry from one poll to the next: its id, else its link, else a hash of its text."""
    if entry.key:
        return entry.key
    digest = hashlib.sha256(f"{entry.title or ''}\n{entry.text}".encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def _with_entry(doc: Document, entry: FeedEntry, feed: FeedPoll) -> Document:
    """The page's document, with what the feed says of it where the page says nothing."""
    doc.title = doc.title or entry.title
    doc.author = doc.author or entry.author
    fallback = doc.meta.get("published_from") == "creation date"      # a PDF's file date: the feed's is better
    if (not doc.published or fallback) and entry.published:
        value, warning = check_published(entry.published)
        if value:
            if fallback:
                doc.warnings = [w for w in doc.warnings if not w.startswith(f"{doc.source}: published ")]
            doc.published = value
            doc.meta["published_from"] = "feed"
        elif warning:
            doc.warnings.append(f"{entry.source}: {warning}")
    doc.meta.setdefault("feed_url", feed.url)
    if feed.title:
        doc.meta.setdefault("feed", feed.title)
    return doc


class _Poll:
    """One poll's work: the generator of ``Extracted`` items that ``store_documents`` stores, recording as it goes."""

    def __init__(self, kb: KnowledgeBase, feeds: list[str], fetcher: Fetcher, limit: float | None,
                 extractor: Extractor, on_feed: Callable[[FeedPoll], None] | None, report: PollReport) -> None:
        self.kb, self.feeds, self.fetcher, self.limit, self.extractor = kb, feeds, fetcher, limit, extractor
        self.on_feed, self.report = on_feed, report
        self.statuses: dict[str, str] = {}

    def track(self, name: str, status: str) -> None:
        self.statuses[name] = status

    def items(self) -> Iterator[Extracted]:
        for url in self.feeds:
            feed = FeedPoll(url)
            self.report.feeds.append(feed)
            todo, seen, validators = self._ask(feed)
            if self.on_feed is not None:
                self.on_feed(feed)
            for entry in todo:
                results = self._entry(entry, feed)
                yield from results
                self._record(feed, entry, results, seen)      # they have been stored when this runs
            if feed.status != "error":
                self.kb.record_feed_poll(url, status=feed.status, title=feed.title, validators=validators)

    def _ask(self, feed: FeedPoll) -> tuple[list[FeedEntry], dict[str, dict[str, Any]], Any]:
        """The feed's entries to ingest this time, what was seen of it before, and its answer's validators."""
        state = self.kb.feed_state(feed.url) or {}
        seen = self.kb.feed_items(feed.url)
        again = any(s["status"] == "retry" for s in seen.values())
        try:
            fetched = self.fetcher.get(feed.url, etag=None if again else state.get("etag"),
                                       last_modified=None if again else state.get("last_modified"))
            if fetched.not_modified:
                feed.status, feed.title = "not modified", state.get("title")
                return [], seen, None
            feed.title, entries = parse_feed(fetched.content, feed.url)
        except DocumentError as exc:
            feed.status, feed.error = "error", exc
            self.kb.record_feed_poll(feed.url, status=f"error: {exc.reason}")
            return [], seen, None
        feed.entries = len(entries)
        todo, keys = [], set()
        for entry in reversed(entries):            # oldest first, as feeds list the newest first
            key = entry_key(entry)
            if key in keys or seen.get(key, {}).get("status") in ("ingested", "failed"):
                continue
            keys.add(key)
            todo.append(entry)
        feed.new = len(todo)
        return todo, seen, (fetched.etag, fetched.last_modified)

    def _entry(self, entry: FeedEntry, feed: FeedPoll) -> list[Extracted]:
        if entry.link and is_url(entry.link):
            found = fetch_documents(entry.link, self.fetcher, self.limit, self.extractor, read_documents)
        elif entry.text:
            found = [entry.document(feed.title)]
            found[0].id = entry_key(entry)
        else:
            found = [MalformedDocument(entry.source, "entry has neither a link nor any text")]
        out = []
        for item in found:
            if isinstance(item, DocumentError):
                out.append(Extracted(None, error=item))
                continue
            doc = _with_entry(item, entry, feed)
            out.append(known(doc, self.kb.up_to_date, self.kb.same_content)
                       or extracted(doc, extract_one(doc, self.extractor, self.limit), checked=True))
        return out

    def _record(self, feed: FeedPoll, entry: FeedEntry, results: list[Extracted],
                seen: dict[str, dict[str, Any]]) -> None:
        key = entry_key(entry)
        failed = next((r for r in results if self.statuses.get(r.name) not in STORED), None)
        if failed is None:
            doc_id = next((r.document.id for r in results if r.document is not None), None)
            self.kb.record_feed_item(feed.url, key, link=entry.link, doc_id=doc_id, status="ingested")
            return
        error = failed.error
        tries = seen.get(key, {}).get("tries", 0) + 1
        again = isinstance(error, FetchError) and error.transient and tries < MAX_TRIES
        self.kb.record_feed_item(feed.url, key, link=entry.link, doc_id=None, status="retry" if again else "failed",
                                 error=str(error) if error else None)
        if again:
            self.report.retry.append(entry.link or key)


def poll(kb: KnowledgeBase, feeds: Iterable[str], *, fetcher: Fetcher | None = None, delay: float = DEFAULT_DELAY,
         timeout: float | None = None, extractor: Extractor | None = None,
         progress: Callable[[str, str], None] | None = None,
         on_feed: Callable[[FeedPoll], None] | None = None) -> PollReport:
    """Ask each feed once and ingest its new entries (see the module's docstring); a ``PollReport``.

    ``timeout``: the per-document limit (fetching, reading, extracting each; default as ``ingest``).
    ``progress(name, status)`` after each entry's document; ``on_feed(FeedPoll)`` once a feed has answered
    (its ``new`` entries are then to come).
    """
    limit = doc_timeout(timeout)
    chosen = choose_extractor(limit, extractor)
    report = PollReport()
    own = fetcher is None
    fetcher = fetcher or Fetcher(delay=delay, timeout=limit)
    work = _Poll(kb, [str(f) for f in feeds], fetcher, limit, chosen, on_feed, report)

    def track(name: str, status: str) -> None:
        work.track(name, status)
        if progress is not None:
            progress(name, status)

    try:
        with children.ending_on_signals():
            store_documents(kb, work.items(), progress=track, report=report.ingest)
    finally:
        if own:
            fetcher.close()
    return report


def follow(open_kb: Callable[[], KnowledgeBase], feeds: list[str], *, every: float | None = None,
           polls: int | None = None, run_poll: Callable[[KnowledgeBase, int], PollReport] | None = None,
           after: Callable[[int, PollReport, float | None], None] | None = None,
           clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
           **options: Any) -> int:
    """Poll ``feeds`` every ``every`` seconds (None: once), ``polls`` times (None: until interrupted).

    Each poll opens the knowledge base (``open_kb()``), runs ``poll(kb, feeds, **options)`` (or
    ``run_poll(kb, number)``) and closes it, so other commands can use it between polls; then
    ``after(number, report, seconds_to_next_poll)``. Polls start ``every`` seconds apart (at once when one
    took longer). Returns the number of polls run.
    """
    number = 0
    while polls is None or number < polls:
        number += 1
        started = clock()
        with open_kb() as kb:
            report = run_poll(kb, number) if run_poll is not None else poll(kb, feeds, **options)
        last = every is None or (polls is not None and number >= polls)
        wait = None if last else max(0.0, started + every - clock())
        if after is not None:
            after(number, report, wait)
        if wait is None:
            break
        sleep(wait)
    return number
