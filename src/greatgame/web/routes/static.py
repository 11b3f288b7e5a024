"""Static files the pages load from this server: Plotly's JavaScript, from the installed plotly package."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from ..deps import plotly_js

router = APIRouter()


@router.get("/static/plotly.min.js", include_in_schema=False)
def plotly_static() -> Response:
    return Response(plotly_js(), media_type="application/javascript",
                    headers={"Cache-Control": "public, max-age=86400"})
