"""Typed data objects passed from the readers to extraction and the knowledge base.

Offsets are always character offsets into ``Document.text``, the text as read
(for HTML and PDF, the extracted text): evidence can be shown in place.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Segment:
    """A stretch ``[start, end)`` of the original text belonging to one part."""

    start: int
    end: int


@dataclass
class Part:
    """A part of a document: ``body``, ``title``, ``notes``, ``comments`` or ``furniture``.

    A part is a list of segments of the original text. Its ``text`` joins them
    with ``joiners[i]`` between segment i and i+1 (a space where a page break cut
    a sentence, a blank line between paragraphs), so the body reads
    continuously while every character still maps back to the original.
    """

    kind: str
    segments: list[Segment]
    joiners: list[str] = field(default_factory=list)

    def render(self, original: str) -> tuple[str, list[tuple[int, int]]]:
        """Return the part's text and a map of (part offset, original offset) per segment."""
        pieces: list[str] = []
        offsets: list[tuple[int, int]] = []
        pos = 0
        for i, seg in enumerate(self.segments):
            if i:
                joiner = self.joiners[i - 1] if i - 1 < len(self.joiners) else "\n\n"
                pieces.append(joiner)
                pos += len(joiner)
            offsets.append((pos, seg.start))
            pieces.append(original[seg.start:seg.end])
            pos += seg.end - seg.start
        return "".join(pieces), offsets


@dataclass
class Citation:
    """A footnote or reference-list entry, linked to where the text cites it."""

    number: int | None
    start: int                 # the note's span in the original text
    end: int
    text: str
    cited_at: int | None = None  # offset of the marker "[n]" in the body, if cited
    outlet: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    date: str | None = None      # ISO date, as precise as the note gives
    date_text: str | None = None
    title_start: int | None = None   # the title's span in the original text
    title_end: int | None = None


@dataclass
class Comment:
    """One reader comment: its author and its text span in the original."""

    author: str | None
    start: int
    end: int
    author_start: int | None = None
    author_end: int | None = None


@dataclass
class Layout:
    """How a document's text divides into parts, citations and comments."""

    parts: list[Part]
    citations: list[Citation] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    def part(self, kind: str) -> Part | None:
        for p in self.parts:
            if p.kind == kind:
                return p
        return None


@dataclass
class Document:
    """A document as read: a stable id, its text, its metadata and its source."""

    id: str
    text: str
    source: str                        # the path it was read from
    format: str                        # text | html | pdf | jsonl | feed
    title: str | None = None
    published: str | None = None       # ISO date or datetime, as given
    url: str | None = None
    author: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list, compare=False, repr=False)
    """What was wrong with the metadata as read (a ``published`` that is not a date): one line each, not stored."""

    @property
    def hash(self) -> str:
        """Content hash: the text and the metadata that extraction depends on."""
        h = hashlib.sha256()
        h.update(self.text.encode("utf-8"))
        h.update(b"\0")
        h.update(str(self.published or "").encode("utf-8"))
        return h.hexdigest()
