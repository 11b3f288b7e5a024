"""Search: full-text hits over documents, entities and quotes (JSON), and the search page."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ...kb.rows import SearchHit as HitRow
from ..deps import StateDep, render
from ..formats import FORMAT_RESPONSES, FormatQuery, ListFormat, links, listing
from ..schemas import SearchHit

router = APIRouter()


@router.get("/api/search", tags=["search"], response_model=list[SearchHit], responses=FORMAT_RESPONSES)
def api_search(state: StateDep, q: str = Query(..., min_length=1, max_length=200),
               limit: int = Query(20, ge=1, le=100), fmt: ListFormat = FormatQuery) -> Any:
    return listing(state.search(q, limit), fmt, f"search-{q}", list(HitRow.__dataclass_fields__))


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, state: StateDep, q: str = "") -> HTMLResponse:
    hits = state.search(q, 30) if q.strip() else []
    return render(request, "search.html.j2", q=q, hits=hits,
                  downloads=links("/api/search", q=q, limit=30) if q.strip() else None)
