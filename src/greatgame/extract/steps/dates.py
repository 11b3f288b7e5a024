"""Step "dates": the date expressions of a content part, resolved against the publication date (or,
when it is known only to its month or year, within that period: ``dates.find_dates``)."""
from __future__ import annotations

from ..context import CONTENT_PARTS, DocumentContext, PartContext
from ..dates import find_dates, publication_period
from ..model import DateMention
from ..registry import extraction_step


@extraction_step("dates", parts=CONTENT_PARTS)
def dates(ctx: DocumentContext, part: PartContext) -> None:
    period = publication_period(ctx.document.published) if ctx.link.day is None else None
    part.dates = find_dates(part.doc.text, ctx.link.day, ctx.link.bounds, period)
    omap = part.offsets
    for d in part.dates:
        ctx.result.dates.append(DateMention(part.kind, omap(d.start), omap(d.end, end=True), d.text, d.value,
                                            d.precision, d.value_end, d.relative, d.kind))
