"""Step "new_entities": the entities the linker built from the text that a mention or a role refers to.

A person the statistical NER found only in the title, whom neither the ontology knows nor the rest
of the document names, is not kept: headlines capitalise every word ("China Gains Foothold ...",
"Volumes Rise"), and a real person a headline names is named again in the text.
"""
from __future__ import annotations

from ..context import DocumentContext
from ..registry import extraction_step


@extraction_step("new_entities", scope="document", after=("mentions", "roles"))
def new_entities(ctx: DocumentContext) -> None:
    result = ctx.result
    elsewhere = {m.entity for m in result.mentions if m.part != "title"} | {r.person for r in result.roles}
    result.mentions = [m for m in result.mentions if not (
        m.part == "title" and m.label == "PERSON" and m.method == "ner:new" and m.entity not in elsewhere)]
    used = {m.entity for m in result.mentions} | {r.org for r in result.roles}
    result.entities = {k: v for k, v in ctx.link.new_entities.items() if k in used}
