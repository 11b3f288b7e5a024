"""Step "figures": the quantities of a content part (``extract.quantities``), with whom they concern and when."""
from __future__ import annotations

import re

from ...ontology import load as load_ontology
from ..context import CONTENT_PARTS, DocumentContext, PartContext
from ..actors import ActorIndex
from ..model import Figure
from ..quantities import find_quantities
from ..registry import extraction_step

# A sentence about the region as a whole: its figures concern the five states together.
REGION = re.compile(r"\b(?:Central Asia(?:n (?:states|countries|nations|region|republics))?|the region|"
                    r"the five (?:states|countries|republics))\b")


@extraction_step("figures", parts=CONTENT_PARTS, after="dates")
def figures(ctx: DocumentContext, part: PartContext) -> None:
    doc, omap, result = part.doc, part.offsets, ctx.result
    index = ActorIndex(doc, part.mentions, part.roles, load_ontology())
    base = len(result.figures)
    for q in find_quantities(doc):
        sent = doc.char_span(q.sent_start, q.sent_end, alignment_mode="expand")
        subjects = index.in_tokens(sent) if sent is not None else []
        if sent is not None and REGION.search(sent.text) and "C5" not in subjects:
            subjects.append("C5")   # the five Central Asian states together (FORMAT.md)
        inside = [d for d in part.dates if q.sent_start <= d.start and d.end <= q.sent_end and d.value
                  and d.kind != "duration_ago"]
        date = min(inside, key=lambda d: abs(d.start - q.start)).value if inside else None
        result.figures.append(Figure(
            part.kind, omap(q.start), omap(q.end, end=True), q.text, q.value, q.value_max, q.unit, q.qualifier,
            q.measure, subjects, date, omap(q.sent_start), omap(q.sent_end, end=True),
            base + q.paired_with if q.paired_with is not None else None))
