"""The evaluation record format of ../shared/eval/FORMAT.md (JSON Lines).

Entities: every distinct entity a document refers to in its own text (reader
comments excluded). Events, quotes and figures (the format's "quantity" records): the rows the extraction
layer stored; events only when they happened (not negated, hypothetical or
planned), each with its ``factuality`` label (a field FORMAT.md's scorer ignores).
Figures only in the units the format defines (``FORMAT_UNITS`` or a currency's ISO 4217 code): a figure
in megawatts or hours stays in the knowledge base but is no record of this format.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from ..kb import KnowledgeBase


# FORMAT.md, "quantity": the units a quantity record may have, besides a currency's ISO 4217 code.
FORMAT_UNITS = frozenset({"percent", "km", "day", "year", "tonne", "TEU", "troops", "people", "count",
                          "times", "m3"})
_CURRENCY = re.compile(r"[A-Z]{3}")


def format_unit(unit: str | None) -> bool:
    """Whether FORMAT.md defines ``unit`` for a quantity record."""
    return bool(unit) and (unit in FORMAT_UNITS or bool(_CURRENCY.fullmatch(unit)))


def _loads(value: str | None) -> Any:
    return json.loads(value) if value else []


def eval_records(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    for doc_id, entity in kb.entity_links():
        yield {"doc": doc_id, "kind": "entity", "id": entity}
    for row in kb.stored_records("events", real_only=True):
        yield {"doc": row["doc_id"], "kind": "event", "type": row["type"], "mode": row["mode"],
               "actors": _loads(row["actors"]), "recipients": _loads(row["recipients"]),
               "date": row["date"], "place": row["place"], "evidence": row["evidence"],
               "factuality": row.get("factuality") or "happened"}
    for row in kb.stored_records("quotes"):
        yield {"doc": row["doc_id"], "kind": "quote", "speaker": row["speaker_id"], "text": row["text"]}
    for row in kb.stored_records("figures"):
        if not format_unit(row["unit"]):
            continue
        yield {"doc": row["doc_id"], "kind": "quantity", "value": row["value"], "value_max": row["value_max"],
               "unit": row["unit"], "measure": row["measure"], "subjects": _loads(row["subjects"]),
               "date": row["date"], "evidence": row["evidence"]}


def write_eval_jsonl(kb: KnowledgeBase, fh: IO[str]) -> int:
    n = 0
    for rec in eval_records(kb):
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
