"""The overview page: the map of leading powers by year, the biggest changes, the latest events."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ...regions import COLOURS, NAMES
from ..deps import StateDep, render
from ..formats import links
from ..state import DEFAULT_YEAR, State
from .influence import changes, data_through, source_line, years

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def overview(request: Request, state: StateDep, year: Optional[int] = Query(None, ge=1900, le=2100)) -> HTMLResponse:
    """Opens on the latest year with scores; ``?year=`` (which the slider keeps up to date) on another."""
    all_years = years(state)
    if year is None:
        year = all_years[-1] if all_years else DEFAULT_YEAR
    elif all_years:
        year = min(max(year, all_years[0]), all_years[-1])
    return state.cached_page(("overview", year), lambda: _overview(request, state, year, all_years))


def _overview(request: Request, state: State, year: int, all_years: list[int]) -> HTMLResponse:
    # The page carries only what the first view needs; the map's shapes and every year's figures come from
    # /api/boundaries and /api/map/series, fetched once by the page's script and revalidated by ETag.
    with state.read() as kb:
        dated = [e for e in kb.events() if e["date"]]
    latest = sorted(dated, key=lambda e: e["date"], reverse=True)[:12]
    through = data_through(state) if all_years else None
    return render(request, "overview.html.j2", year=year, years=all_years or [year], changes=changes(state, year),
                  latest=latest, through=through, source=source_line(state) if all_years else None,
                  data={"colours": COLOURS, "names": NAMES, "through": through},
                  downloads={"map": links("/api/map", year=year), "changes": links("/api/changes", year=year),
                             "series": links("/api/map/series"), "events": links("/api/events")})
