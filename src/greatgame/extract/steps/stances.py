"""Step "stances": each reader comment's stance toward the actors it names (``extract.stance``)."""
from __future__ import annotations

from ..context import DocumentContext
from ..registry import extraction_step
from ..stance import comment_stances


@extraction_step("stances", scope="document", after="mentions")
def stances(ctx: DocumentContext) -> None:
    ctx.result.stances = comment_stances(ctx.layout.comments, ctx.result.mentions, ctx.document.text)
