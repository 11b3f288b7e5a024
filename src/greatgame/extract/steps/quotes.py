"""Step "quotes": the direct quotes and reported speech of a content part (``extract.quotes``)."""
from __future__ import annotations

from functools import lru_cache

from ..context import CONTENT_PARTS, DocumentContext, PartContext
from ..quotes import QuoteExtractor
from ..registry import extraction_step


@lru_cache(maxsize=1)
def extractor() -> QuoteExtractor:
    return QuoteExtractor()


@extraction_step("quotes", parts=CONTENT_PARTS)
def quotes(ctx: DocumentContext, part: PartContext) -> None:
    omap = part.offsets
    for q in extractor()(part.doc, part.mentions, part.roles):
        q.part = part.kind
        q.start, q.end = omap(q.start), omap(q.end, end=True)
        q.sent_start, q.sent_end = omap(q.sent_start), omap(q.sent_end, end=True)
        ctx.result.quotes.append(q)
