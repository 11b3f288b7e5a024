"""Step "mentions": the linker's actor mentions of a part, in Document.text offsets."""
from __future__ import annotations

from ..context import DocumentContext, PartContext
from ..model import Mention
from ..registry import extraction_step


@extraction_step("mentions")
def mentions(ctx: DocumentContext, part: PartContext) -> None:
    text, omap = ctx.document.text, part.offsets
    for m in part.mentions:
        start, end = omap(m.start), omap(m.end, end=True)
        if part.comments is not None and not any(a <= start and end <= b for a, b in part.comments):
            continue   # in the comments part, only the comments' own text: their authors are not actors
        ctx.result.mentions.append(Mention(
            part.kind, start, end, text[start:end], m.entity, m.label, m.method,
            omap(m.sent_start) if m.sent_start is not None else None,
            omap(m.sent_end, end=True) if m.sent_end is not None else None))
