"""The API documentation page (``/docs``), rendered here from the OpenAPI schema: nothing loaded from a CDN."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..deps import render

router = APIRouter()


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [p.get("name") for p in op.get("parameters", [])]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": params,
                        "tags": ", ".join(op.get("tags", []))})
    return render(request, "apidocs.html.j2", ops=ops, title=schema["info"]["title"],
                  version=schema["info"]["version"])

