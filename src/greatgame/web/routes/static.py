"""Static files the pages load from this server: Plotly's JavaScript (from the installed plotly package), the
pages' own scripts and the style sheet (``web/static``). No page has an inline script: the Content-Security-Policy
allows scripts from this server's files only."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from ..deps import plotly_js

router = APIRouter()
STATIC = Path(__file__).resolve().parent.parent / "static"
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@lru_cache(maxsize=1)
def static_files() -> dict[str, tuple[bytes, str]]:
    """The files of web/static by name, read once: a request can name only one of them."""
    return {p.name: (p.read_bytes(), TYPES[p.suffix]) for p in STATIC.iterdir() if p.suffix in TYPES}


@router.get("/static/plotly.min.js", include_in_schema=False)
def plotly_static() -> Response:
    return Response(plotly_js(), media_type="application/javascript",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> Response:
    found = static_files().get(name)
    if found is None:
        raise HTTPException(404, "no such file")
    body, media_type = found
    return Response(body, media_type=media_type, headers={"Cache-Control": "no-cache"})
