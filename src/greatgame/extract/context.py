"""The typed context the extraction steps read and write.

``extract(document)`` builds one :class:`DocumentContext` per document and,
for each part it annotates, one :class:`PartContext`; every registered step
(``extract.registry``) gets them and adds what it finds to
``DocumentContext.result``, an :class:`~greatgame.extract.model.Extraction`
whose offsets are all in ``Document.text``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..documents.model import Document, Layout, Part
from ..ontology import load as load_ontology
from .actors import ActorIndex
from .dates import DateRef
from .entities import LinkContext
from .model import Extraction, Mention, RoleStatement

# The order in which parts are annotated (the linker reads earlier parts' names in later ones).
PART_ORDER = ("title", "body", "furniture", "notes", "comments")
# Parts whose text reports events, quotes and figures (notes, furniture and comments do not).
CONTENT_PARTS = frozenset({"title", "body"})


class OffsetMap:
    """Maps offsets in a part's rendered text back to the original text."""

    def __init__(self, part: Part, original: str):
        self.text, pairs = part.render(original)
        self.part_starts = [p for p, _ in pairs]
        self.orig_starts = [o for _, o in pairs]
        self.lengths = [s.end - s.start for s in part.segments]

    def __call__(self, pos: int, end: bool = False) -> int:
        i = bisect.bisect_right(self.part_starts, pos) - 1
        if i < 0:
            return self.orig_starts[0]
        offset = pos - self.part_starts[i]
        if offset > self.lengths[i]:          # inside a joiner: snap to a segment edge
            return self.orig_starts[i] + self.lengths[i] if end else (
                self.orig_starts[i + 1] if i + 1 < len(self.orig_starts) else self.orig_starts[i] + self.lengths[i])
        if end and offset == 0 and i > 0:
            return self.orig_starts[i - 1] + self.lengths[i - 1]
        return self.orig_starts[i] + offset


@dataclass
class DocumentContext:
    """One document being extracted: what every step may read, and the result they fill in."""

    document: Document
    layout: Layout
    link: LinkContext          # what the linker knows of the document (its date, the people named so far)
    result: Extraction         # what the steps found, offsets in Document.text


@dataclass
class PartContext:
    """One part of the document (title, body, ...), annotated by the language model and linked.

    Offsets of ``mentions``, ``roles`` and ``dates`` are local to ``doc.text``
    (the part's rendered text); ``offsets`` maps them to ``Document.text``.
    """

    kind: str                          # title | body | furniture | notes | comments
    part: Part
    offsets: OffsetMap
    doc: Doc                           # the part's text, annotated and linked
    mentions: list[Mention]            # the linker's mentions
    roles: list[RoleStatement]         # the linker's role statements
    comments: list[tuple[int, int]] | None = None   # comments part: the comments' own text (Document.text)
    dates: list[DateRef] = field(default_factory=list)   # set by the "dates" step
    _actors: ActorIndex | None = field(default=None, init=False, repr=False, compare=False)

    def actor_index(self) -> ActorIndex:
        """The actors each token of ``doc`` names (``extract.actors``), built once for the steps that read it:
        it reads only ``doc``, ``mentions``, ``roles`` and the document's linking context, all settled before the
        steps run."""
        if self._actors is None:
            self._actors = ActorIndex(self.doc, self.mentions, self.roles, load_ontology())
        return self._actors
