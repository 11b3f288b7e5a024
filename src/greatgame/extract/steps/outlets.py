"""Step "outlets": each cited outlet is an organisation the document refers to (in its notes)."""
from __future__ import annotations

import re

from ...ontology import load as load_ontology
from ..context import DocumentContext
from ..model import Mention, NewEntity
from ..registry import extraction_step


@extraction_step("outlets", scope="document", after=("mentions", "new_entities"))
def outlets(ctx: DocumentContext) -> None:
    result = ctx.result
    onto = load_ontology()
    lower = {n.text.lower(): n.entity for n in onto.names if n.label in ("ORG", "IGO")}
    text = ctx.document.text
    for cit in ctx.layout.citations:
        if not cit.outlet:
            continue
        pos = text.find(cit.outlet, cit.start, cit.end)
        if pos < 0:
            continue
        name = re.sub(r"^the\s+", "", cit.outlet, flags=re.I)
        entity = lower.get(cit.outlet.lower()) or lower.get(name.lower())
        if entity is None:
            entity = f"org:{cit.outlet}"
            result.entities.setdefault(entity, NewEntity(entity, "org", cit.outlet, {"kind": "outlet"}))
        known = onto.get(entity)
        label = "IGO" if known is not None and known.kind == "igo" else "ORG"
        # A state named inside an outlet's name ("BRIX Sweden") is not a reference to the state.
        end = pos + len(cit.outlet)
        result.mentions = [m for m in result.mentions if not (m.part == "notes" and pos <= m.start and m.end <= end)]
        result.mentions.append(Mention("notes", pos, pos + len(cit.outlet), cit.outlet, entity, label,
                                       "citation", cit.start, cit.end))
