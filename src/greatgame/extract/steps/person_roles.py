"""Step "person_roles": the roles found, added to the people built from the text (``attrs["roles"]``)."""
from __future__ import annotations

from ..context import DocumentContext
from ..registry import extraction_step


@extraction_step("person_roles", scope="document", after=("roles", "new_entities"))
def person_roles(ctx: DocumentContext) -> None:
    result = ctx.result
    for r in result.roles:
        ent = result.entities.get(r.person)
        if ent is not None:
            ent.attrs.setdefault("roles", []).append({"role": r.role, "org": r.org})  # type: ignore[union-attr]
