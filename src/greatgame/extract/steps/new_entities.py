"""Step "new_entities": the entities the linker built from the text that a mention or a role refers to."""
from __future__ import annotations

from ..context import DocumentContext
from ..registry import extraction_step


@extraction_step("new_entities", scope="document", after=("mentions", "roles"))
def new_entities(ctx: DocumentContext) -> None:
    result = ctx.result
    used = {m.entity for m in result.mentions} | {r.org for r in result.roles}
    result.entities = {k: v for k, v in ctx.link.new_entities.items() if k in used}
