"""Step "dates": the date expressions of a content part, resolved against the publication date (or,
when it is known only to its month or year, within that period: ``dates.find_dates``).

A report dated only by its month or year that names its day ("announced on Thursday (22 June)"; the first
day the title or the body names in the publication period or the ``NEWS_DAYS`` days before it, as the day of
the news in ``event_judge``) is read from that day, as a reader reads it: the body's "today", "yesterday",
"on Tuesday" count from it. Only a value the period leaves coarse is made finer, and only inside what the
period gives ("today" in a June article: June, then June 22); explicit dates keep their value.
"""
from __future__ import annotations

import datetime as dt

from ..context import CONTENT_PARTS, DocumentContext, PartContext
from ..dates import DateRef, find_dates, publication_period
from ..doc_text import text_of
from ..model import DateMention
from ..registry import extraction_step
from .event_judge import first_named_day


def named_day(refs: list[DateRef | DateMention], period: tuple[dt.date, dt.date]) -> dt.date | None:
    """The first day ``refs`` name (a point, at day precision) in ``period`` or the ``NEWS_DAYS`` days before."""
    found = first_named_day(refs, *period)
    return found[1] if found is not None else None


def from_named_day(text: str, refs: list[DateRef], day: dt.date, bounds: tuple[dt.date | None, dt.date | None]
                   | None) -> list[DateRef]:
    """``refs`` (read within the publication period) with each anchor-relative value the period left coarser than
    ``day`` gives it taken from ``day``, where it lies inside the period's value."""
    finer = {(r.start, r.end): r for r in find_dates(text, day, bounds)}
    out = []
    for r in refs:
        f = finer.get((r.start, r.end))
        if r.relative and r.value and r.value_end is None and f is not None and f.value and f.value_end is None \
                and len(f.value) > len(r.value) and f.value.startswith(r.value) and f.kind == r.kind:
            r = f
        out.append(r)
    return out


@extraction_step("dates", parts=CONTENT_PARTS)
def dates(ctx: DocumentContext, part: PartContext) -> None:
    period = publication_period(ctx.document.published) if ctx.link.day is None else None
    part.dates = find_dates(text_of(part.doc), ctx.link.day, ctx.link.bounds, period)
    if period is not None and part.kind == "body":
        day = named_day([*(d for d in ctx.result.dates if d.part == "title"), *part.dates], period)
        if day is not None:
            part.dates = from_named_day(text_of(part.doc), part.dates, day, ctx.link.bounds)
    omap = part.offsets
    for d in part.dates:
        ctx.result.dates.append(DateMention(part.kind, omap(d.start), omap(d.end, end=True), d.text, d.value,
                                            d.precision, d.value_end, d.relative, d.kind))
