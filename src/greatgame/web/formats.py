"""Every JSON listing of the API also as CSV and JSON Lines (``?format=csv|jsonl``), and the download links the
pages put under each of their tables.

``listing(rows, fmt, name)`` answers a listing endpoint: the rows themselves for JSON (FastAPI validates them
against the response model), else a CSV (with a header) or JSON Lines download made by
``greatgame.export.tables``, the same code as the CLI's ``--format``. ``FORMAT_RESPONSES`` documents the two
extra media types in /openapi.json.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import Query
from fastapi.responses import Response

from ..export.tables import MEDIA_TYPES, render

ListFormat = Literal["json", "csv", "jsonl"]
FormatQuery = Query("json", alias="format", description="json (default), csv (with a header) or jsonl")
FORMAT_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {
    "text/csv": {"schema": {"type": "string"}, "example": "column,column\nvalue,value\n"},
    "application/x-ndjson": {"schema": {"type": "string"}, "example": '{"column": "value"}\n'}}}}


def listing(rows: Sequence[Mapping[str, Any]], fmt: str, name: str, fields: Iterable[str] | None = None) -> Any:
    """``rows`` as the JSON response (``fmt`` json), or as a CSV / JSON Lines file named ``name``."""
    if fmt == "json":
        return rows
    text = render(rows, fmt, fields)
    filename = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "rows"
    return Response(text, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'})


def links(path: str, **params: Any) -> dict[str, str]:
    """The CSV and JSON addresses of a listing endpoint with its query parameters (empty ones left out)."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}

    def url(fmt: str) -> str:
        query = urlencode({**kept, **({"format": fmt} if fmt != "json" else {})})
        return f"{path}?{query}" if query else path

    return {"csv": url("csv"), "json": url("json")}
