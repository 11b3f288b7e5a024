"""Step "roles": the roles and affiliations the linker found next to people's names, in Document.text offsets."""
from __future__ import annotations

from dataclasses import replace

from ..context import DocumentContext, PartContext
from ..registry import extraction_step


@extraction_step("roles")
def roles(ctx: DocumentContext, part: PartContext) -> None:
    omap = part.offsets
    for r in part.roles:
        ctx.result.roles.append(replace(r, part=part.kind, start=omap(r.start), end=omap(r.end, end=True)))
