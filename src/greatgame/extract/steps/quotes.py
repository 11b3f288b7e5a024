"""Step "quotes": the direct quotes and reported speech of a content part (``extract.quotes``).

A title that declares the document a statement, remarks, speech or interview of someone ("Foreign
Minister X's statement and answers ...", "Remarks by X at ...") makes that person the speaker of the
body's first-person paragraphs (``extract.quotes.declared_speaker``).

A headline is not searched: it summarises in a few words ("X calls for calm", "Outlet: X meets Y") what the
body reports with its attribution, so a quote from it would only repeat, cut short, one of the body's.
"""
from __future__ import annotations

from functools import lru_cache

from ..context import CONTENT_PARTS, DocumentContext, PartContext
from ..quotes import QuoteExtractor, declared_speaker
from ..registry import extraction_step


@lru_cache(maxsize=1)
def extractor() -> QuoteExtractor:
    return QuoteExtractor()


@extraction_step("quotes", parts=CONTENT_PARTS, after="mentions")
def quotes(ctx: DocumentContext, part: PartContext) -> None:
    if part.kind == "title":
        return
    omap = part.offsets
    declared = None
    if part.kind == "body":
        title = ctx.layout.part("title")
        if title is not None and title.segments:
            declared = declared_speaker(ctx.document.text, title, ctx.result.mentions)
    for q in extractor()(part.doc, part.mentions, part.roles, declared, ctx.link.day):
        q.part = part.kind
        q.start, q.end = omap(q.start), omap(q.end, end=True)
        q.sent_start, q.sent_end = omap(q.sent_start), omap(q.sent_end, end=True)
        ctx.result.quotes.append(q)
