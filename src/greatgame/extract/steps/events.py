"""Step "events": the PLOVER events a content part reports (``extract.events``).

Acts inside a direct quotation count when the quotation's speaker is known (from the "quotes" step,
which ``data/steps.yaml`` lists first; without it, quotations are skipped as before): "We signed 14
agreements," Erdoğan said. The speaker's side is what "we", "I" and "our" name
there (a person acts for their state, a ministry for its state).
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..actors import is_igo, state_of_company
from ..context import CONTENT_PARTS, DocumentContext, PartContext
from ..dates import publication_period
from ..discourse import home_state
from ..events import EventExtractor
from ..model import RoleStatement
from ..registry import extraction_step


@lru_cache(maxsize=1)
def extractor() -> EventExtractor:
    return EventExtractor()


def speaker_codes(ctx: DocumentContext, entity: str | None, roles: Iterable[RoleStatement] = ()) -> list[str]:
    """The state or intergovernmental organisation a quote's speaker speaks for (empty if none is known); ``roles``:
    those of the part being read, besides those of the parts before (the "roles" step runs after this one)."""
    if not entity:
        return []
    onto = extractor().onto
    ent = onto.get(entity)
    if ent is not None and (ent.kind == "state" or is_igo(ent)):
        return [entity]
    if ent is not None and ent.attrs.get("country") and (
            ent.kind == "person" or ent.attrs.get("kind") in ("government_body", "military")):
        return [ent.attrs["country"]]
    new = ctx.link.new_entities.get(entity)
    if new is not None and new.attrs.get("kind") == "government_body" and new.attrs.get("country"):
        return [str(new.attrs["country"])]
    company = state_of_company(entity, onto, ctx.link.new_entities)
    if company:
        return [company, entity]        # a company acting for its state (FORMAT.md: ["RUS", "org:Rosatom"])
    for r in [*ctx.result.roles, *roles]:
        org = onto.get(r.org) if r.person == entity and r.org else None
        if org is not None and (org.kind == "state" or is_igo(org)):
            return [org.id]
        company = state_of_company(org.id, onto) if org is not None else None
        if company:
            return [company, org.id]    # the head of a state's company speaks for it
    return []


@extraction_step("events", parts=CONTENT_PARTS, after="dates")
def events(ctx: DocumentContext, part: PartContext) -> None:
    omap = part.offsets
    quoted = [(q.start, q.end, speaker_codes(ctx, q.speaker, part.roles)) for q in ctx.result.quotes
              if q.part == part.kind and q.direct]

    def speaker_at(offset: int) -> list[str] | None:
        pos = omap(offset)
        for a, b, codes in quoted:
            if a <= pos < b:
                return codes or None
        return None

    period = publication_period(ctx.document.published) if ctx.link.day is None else None
    home = ctx.link.home if ctx.link.settled else home_state([m for m in ctx.result.mentions
                                                              if m.part in CONTENT_PARTS])
    for e in extractor()(part.doc, part.mentions, part.roles, ctx.link.day, part.dates, speaker_at, period, home,
                                index=part.actor_index()):
        e.part = part.kind
        e.start, e.end = omap(e.start), omap(e.end, end=True)
        e.trigger_start, e.trigger_end = omap(e.trigger_start), omap(e.trigger_end, end=True)
        ctx.result.events.append(e)
