"""Step "figures": the quantities of a content part (``extract.quantities``), with whom they concern and when.

A figure restated in the same document is one figure: a later one with the same unit and value as the
title's ("$350mn" in the headline and again in the lead) measuring nothing else, or as an earlier one that
measures the same named thing (``extract.measures``: "trade" and "trade") for the same subjects and date,
is not stored again. A headline states its news in other words than the body ("Remittances fall by 21%",
"money transfers fell by 21%"): the first later figure equal to a title's is its restatement whatever it is
said to measure (once: a second equal figure is another statement unless it measures the same thing). A rounded
figure is not a restatement ("$6.3bn" in a headline and "$6.29bn" in the body are two figures to the gold).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from ..context import CONTENT_PARTS, DocumentContext, PartContext
from ..measures import measure_key
from ..model import Figure
from ..quantities import find_quantities
from ..registry import extraction_step

# A sentence about the region as a whole: its figures concern the five states together.
REGION = re.compile(r"\b(?:Central Asia(?:n (?:states|countries|nations|region|republics))?|the region|"
                    r"the five (?:states|countries|republics))\b")


class _Said(NamedTuple):
    """What makes two figures of a document the same statement."""

    unit: str
    value: float
    value_max: float | None
    key: str | None
    subjects: frozenset[str]
    date: str | None
    title: bool
    sentence: int         # where the sentence starts: two equal figures of one sentence are two things

    def restated_by(self, other: _Said, first: bool = False) -> bool:
        """Whether ``other`` restates this figure; ``first``: no later figure has restated this title's yet."""
        if (self.unit, self.value, self.value_max) != (other.unit, other.value, other.value_max) or \
                self.sentence == other.sentence:
            return False
        if self.title:
            return first or self.key is None or other.key is None or self.key == other.key
        return self.key is not None and (self.key, self.subjects, self.date) == (other.key, other.subjects, other.date)


def _said(f: Figure, text: str) -> _Said:
    key = measure_key(f.measure, text[f.sent_start:f.sent_end], f.start - f.sent_start)
    return _Said(f.unit, f.value, f.value_max, key, frozenset(f.subjects), f.date, f.part == "title",
                 f.sent_start)


@extraction_step("figures", parts=CONTENT_PARTS, after="dates")
def figures(ctx: DocumentContext, part: PartContext) -> None:
    doc, omap, result = part.doc, part.offsets, ctx.result
    index = part.actor_index()
    text = ctx.document.text
    seen = [_said(f, text) for f in result.figures]
    restated: set[int] = set()         # the titles' figures already restated once (indices in seen)
    kept: dict[int, int] = {}          # index in find_quantities' list -> index in result.figures
    for i, q in enumerate(find_quantities(doc)):
        sent = doc.char_span(q.sent_start, q.sent_end, alignment_mode="expand")
        subjects = index.in_tokens(sent) if sent is not None else []
        if sent is not None and REGION.search(sent.text) and "C5" not in subjects:
            subjects.append("C5")   # the five Central Asian states together (FORMAT.md)
        inside = [d for d in part.dates if q.sent_start <= d.start and d.end <= q.sent_end and d.value
                  and d.kind != "duration_ago"]
        # the date nearest the figure, by the gap between them ("$10bn by 2030, up from $6.2bn in 2023")
        date = min(inside, key=lambda d: q.start - d.end if d.end <= q.start else abs(d.start - q.end)
                   ).value if inside else None
        figure = Figure(
            part.kind, omap(q.start), omap(q.end, end=True), q.text, q.value, q.value_max, q.unit, q.qualifier,
            q.measure, subjects, date, omap(q.sent_start), omap(q.sent_end, end=True), q.paired_with)
        said = _said(figure, text)
        if q.paired_with is None:
            by = next((j for j, s in enumerate(seen) if s.restated_by(said, j not in restated)), None)
            if by is not None:
                restated.add(by)
                continue
        seen.append(said)
        kept[i] = len(result.figures)
        result.figures.append(figure)
    for at in kept.values():
        pair = result.figures[at].paired_with
        result.figures[at].paired_with = kept.get(pair) if pair is not None else None
