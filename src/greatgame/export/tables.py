"""Rows as the files an analyst opens: CSV (with a header), JSON, JSON Lines.

One implementation for every listing, in the CLI (``--format``) and the web API (``?format=``), so that a row
exports the same way wherever it comes from. CSV cells are flat: a list of plain values becomes its values joined
by ``;``, anything nested (a list of dicts, a dict) its JSON; None is an empty cell.
"""
from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMATS = ("json", "jsonl", "csv")
MEDIA_TYPES = {"json": "application/json", "jsonl": "application/x-ndjson; charset=utf-8",
               "csv": "text/csv; charset=utf-8"}


def plain(value: Any) -> Any:
    """A value JSON can carry: NaN and pandas' NA become None, numpy scalars Python numbers."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):   # numpy scalars
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:                                                 # pragma: no cover - pandas is a dependency
        pass
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def cell(value: Any) -> str:
    """One CSV cell."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        if all(not isinstance(v, (dict, list, tuple)) for v in value):
            return ";".join(cell(v) for v in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def fields_of(rows: Sequence[Mapping[str, Any]], fields: Iterable[str] | None = None) -> list[str]:
    """The columns: ``fields`` when given, else every key of the rows in the order first seen."""
    if fields is not None:
        return list(fields)
    seen: dict[str, None] = {}
    for r in rows:
        for k in r:
            seen.setdefault(k, None)
    return list(seen)


def csv_text(rows: Sequence[Mapping[str, Any]], fields: Iterable[str] | None = None) -> str:
    """The rows as CSV with a header line (the header alone when there are no rows)."""
    columns = fields_of(rows, fields)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([cell(r.get(c)) for c in columns])
    return buf.getvalue()


def _json_default(value: Any) -> Any:
    v = plain(value)
    return str(v) if v is value else v


def _clean(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return plain(value)


def json_text(rows: Sequence[Mapping[str, Any]], indent: int | None = 2) -> str:
    """The rows as one JSON array."""
    return json.dumps([_clean(dict(r)) for r in rows], ensure_ascii=False, indent=indent, default=_json_default) + "\n"


def jsonl_text(rows: Iterable[Mapping[str, Any]]) -> str:
    """The rows as JSON Lines: one object a line."""
    return "".join(json.dumps(_clean(dict(r)), ensure_ascii=False, default=_json_default) + "\n" for r in rows)


def render(rows: Sequence[Mapping[str, Any]], fmt: str, fields: Iterable[str] | None = None) -> str:
    """The rows in ``fmt`` (json, jsonl or csv)."""
    if fmt == "csv":
        return csv_text(rows, fields)
    if fmt == "jsonl":
        return jsonl_text(rows)
    if fmt == "json":
        return json_text(rows)
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
