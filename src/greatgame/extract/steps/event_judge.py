"""Step "event_judge": the document's event candidates dated, judged and merged (``extract.judge``).

* An event whose sentence gives no date takes the date of the news: the first day the title or the
  body names that lies within ``NEWS_DAYS`` days before publication ("Xi met Tokayev on
  Monday ..."; for an article dated only by its month or year, within that period or the ``NEWS_DAYS``
  days before it); failing that it keeps the publication month or year (``date_kind`` "report").
* Each candidate gets the judge's probability (``Event.confidence``); a happened candidate below
  the model's threshold is not reported. Every candidate, kept or not, stays in
  ``Extraction.event_candidates``.
* One record per act: a meeting (CONSULT) between the same parties on the same date as one
  reported earlier in the document, and a headline's event that the body reports again (same
  type, parties and date), are reported once. Other acts of one type between the same parties
  are separate acts (two commitments made in one meeting are two AGREE records).
"""
from __future__ import annotations

import datetime as dt

from ..context import DocumentContext
from ..dates import publication_period
from ..judge import add_document_features, apply_judge, judge_model, one_per_act
from ..registry import extraction_step

NEWS_DAYS = 10          # how far before publication the day of the news may lie


def news_day(ctx: DocumentContext) -> str | None:
    """The day of the news: the first day the title or the body names shortly before publication (or, published
    in a month or a year, shortly before or within it). Not only the opening: a report often gives its day
    with the first attribution ("..., X said at a press conference on May 4"), after a paragraph or two."""
    period = (ctx.link.day, ctx.link.day) if ctx.link.day is not None else publication_period(ctx.document.published)
    if period is None or period[0].toordinal() <= NEWS_DAYS:     # no day, or one too early for a window before it
        return None
    named = [d for d in sorted(ctx.result.dates, key=lambda d: (d.part != "title", d.start))
             if d.part in ("title", "body")]
    found = first_named_day(named, *period)
    return found[0].value if found is not None else None


def first_named_day(refs: list, first: dt.date, last: dt.date) -> tuple | None:
    """The first of ``refs`` (dates read from a text) that names a day (a point, at day precision) from ``NEWS_DAYS``
    days before ``first`` to ``last``, with that day; None if none does."""
    for d in refs:
        if d.precision != "day" or d.kind != "point" or not d.value:
            continue
        try:
            value = dt.date.fromisoformat(d.value)
        except ValueError:
            continue
        if first - dt.timedelta(days=NEWS_DAYS) <= value <= last:
            return d, value
    return None


@extraction_step("event_judge", scope="document", after=("events", "dates"))
def event_judge(ctx: DocumentContext) -> None:
    result = ctx.result
    news = news_day(ctx)
    for e in result.events:
        if news and e.date_kind == "report":
            e.date, e.date_precision, e.date_kind = news, "day", "news"
    add_document_features(result.events)
    result.event_candidates = list(result.events)
    result.events = one_per_act(apply_judge(result.events, judge_model()))
