"""What ``greatgame follow`` remembers between polls: feeds' validators and entries seen (``follow_feeds``,
``follow_items``; migration 0007)."""
from __future__ import annotations

from typing import Any

from .base import Base


class FollowMixin(Base):
    """Follow state: one row per feed, one per feed entry seen."""

    def feed_state(self, url: str) -> dict[str, Any] | None:
        """The stored state of a followed feed (title, etag, last_modified, polls, last_polled, last_status)."""
        rows = self._rows("SELECT url, title, etag, last_modified, polls, last_polled, last_status FROM follow_feeds "
                          "WHERE url = ?", [url])
        return rows[0] if rows else None

    def record_feed_poll(self, url: str, *, status: str, title: str | None = None,
                         validators: tuple[str | None, str | None] | None = None) -> None:
        """Count a poll of ``url`` and how it went; ``validators`` (etag, last_modified) of a 200 answer replace
        the stored ones (None: keep them)."""
        with self._transaction():
            self.con.execute("INSERT INTO follow_feeds (url) VALUES (?) ON CONFLICT DO NOTHING", [url])
            self.con.execute("UPDATE follow_feeds SET polls = polls + 1, last_polled = current_timestamp, "
                             "last_status = ?, title = coalesce(?, title) WHERE url = ?", [status, title, url])
            if validators is not None:
                self.con.execute("UPDATE follow_feeds SET etag = ?, last_modified = ? WHERE url = ?",
                                 [validators[0], validators[1], url])

    def feed_items(self, url: str) -> dict[str, dict[str, Any]]:
        """The entries of ``url`` seen so far: item -> {status, tries, doc_id, error}."""
        return {r.pop("item"): r for r in self._rows(
            "SELECT item, status, tries, doc_id, error FROM follow_items WHERE feed = ?", [url])}

    def record_feed_item(self, url: str, item: str, *, link: str | None, doc_id: str | None, status: str,
                         error: str | None = None) -> int:
        """Record what became of an entry (one more try); the number of tries so far."""
        with self._transaction():
            self.con.execute(
                "INSERT INTO follow_items (feed, item, link, doc_id, status, tries, error) VALUES (?, ?, ?, ?, ?, 1, ?) "
                "ON CONFLICT (feed, item) DO UPDATE SET link = excluded.link, doc_id = excluded.doc_id, "
                "status = excluded.status, error = excluded.error, tries = follow_items.tries + 1, "
                "last_tried = now()", [url, item, link, doc_id, status, error])
            return int(self._one("SELECT tries FROM follow_items WHERE feed = ? AND item = ?", [url, item]))

    def followed_feeds(self) -> list[dict[str, Any]]:
        """Every feed followed so far, with its entries by status."""
        return self._rows(
            "SELECT f.url, f.title, f.polls, f.last_polled, f.last_status, "
            "count(i.item) FILTER (WHERE i.status = 'ingested') AS ingested, "
            "count(i.item) FILTER (WHERE i.status = 'retry') AS retry, "
            "count(i.item) FILTER (WHERE i.status = 'failed') AS failed "
            "FROM follow_feeds f LEFT JOIN follow_items i ON i.feed = f.url "
            "GROUP BY ALL ORDER BY f.url")
