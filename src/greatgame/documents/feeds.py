"""RSS and Atom feeds: their entries, as the file reader and ``greatgame follow`` both see them.

``parse_feed(data, source)`` parses a feed's bytes (feedparser; external
entities are never fetched) into its title and ``FeedEntry`` objects: each
with its ``key`` (the entry's id or guid, else its link), link, title, date,
author and text (the entry's content, else its summary, as plain text).
``FeedEntry.document`` makes a ``Document`` of an entry's own text, as
``read_feed`` does for a feed file; ``greatgame follow`` fetches the entry's
page instead and keeps the entry's title and date where the page has none.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MalformedDocument
from .model import Document


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content): one paragraph per block, scripts and styles left out."""
    import lxml.html

    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fromstring(fragment)
    except Exception:  # lxml raises several types on fragments it cannot parse
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    blocks = [re.sub(r"\s+", " ", b.text_content()).strip() for b in root.xpath("//p|//li|//h1|//h2|//h3")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else re.sub(r"\s+", " ", root.text_content()).strip()


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        t = entry.get(key)
        if t:
            return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
    return _clean(entry.get("published") or entry.get("updated"))


@dataclass
class FeedEntry:
    """One entry of a feed, as the feed gives it."""

    key: str | None          # the entry's id (guid), else its link: what identifies it from one poll to the next
    link: str | None
    title: str | None
    published: str | None    # ISO date when the feed's date parses, else the feed's text (checked later)
    author: str | None
    text: str                # the entry's content or summary, as plain text ('' if it has none)
    source: str              # where it was read: FEED#entryN

    def document(self, feed_title: str | None = None) -> Document:
        """The entry's own text as a document (id: its key), titled by the entry."""
        text = f"{self.title}\n\n{self.text}\n" if self.title else self.text + "\n"
        return Document(id=self.key or self.source, text=text, source=self.source, format="feed", title=self.title,
                        published=self.published, url=self.link, author=self.author,
                        meta={"feed": feed_title} if feed_title else {})


def parse_feed(data: bytes, source: str | Path) -> tuple[str | None, list[FeedEntry]]:
    """(the feed's title, its entries) from a feed's bytes; ``MalformedDocument`` for what is not a feed with entries."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = f"not a feed ({_one_line(parsed.bozo_exception)})"
        elif not parsed.get("version"):
            reason = "not a feed (neither RSS nor Atom)"
        else:
            reason = "feed has no entries"
        raise MalformedDocument(source, reason)
    entries = []
    for n, entry in enumerate(parsed.entries, 1):
        html = ""
        if entry.get("content"):
            html = "\n".join(c.get("value", "") for c in entry.content)
        html = html or entry.get("summary", "") or entry.get("description", "")
        link = _clean(entry.get("link"))
        entries.append(FeedEntry(key=_clean(entry.get("id") or link), link=link, title=_clean(entry.get("title")),
                                 published=_entry_date(entry), author=_clean(entry.get("author")),
                                 text=html_to_text(html).strip(), source=f"{source}#entry{n}"))
    return _clean(parsed.feed.get("title")), entries


def feed_documents(data: bytes, source: str | Path) -> Iterator[Document | MalformedDocument]:
    """Each entry of a feed as a document of its own text, or the one-line error of an entry that cannot be one."""
    title, entries = parse_feed(data, source)
    for entry in entries:
        if not entry.key:
            yield MalformedDocument(entry.source, "entry has neither an id nor a link")
        elif not entry.text:
            yield MalformedDocument(entry.source, "entry has no text")
        else:
            yield entry.document(title)
