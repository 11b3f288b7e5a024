"""Step "events": the PLOVER events a content part reports (``extract.events``)."""
from __future__ import annotations

from functools import lru_cache

from ..context import CONTENT_PARTS, DocumentContext, PartContext
from ..events import EventExtractor
from ..registry import extraction_step


@lru_cache(maxsize=1)
def extractor() -> EventExtractor:
    return EventExtractor()


@extraction_step("events", parts=CONTENT_PARTS, after="dates")
def events(ctx: DocumentContext, part: PartContext) -> None:
    omap = part.offsets
    for e in extractor()(part.doc, part.mentions, part.roles, ctx.link.day, part.dates):
        e.part = part.kind
        e.start, e.end = omap(e.start), omap(e.end, end=True)
        e.trigger_start, e.trigger_end = omap(e.trigger_start), omap(e.trigger_end, end=True)
        ctx.result.events.append(e)
