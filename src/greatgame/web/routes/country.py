"""The country pages: one Central Asian state's scores (table and chart over time), events, quotes, figures and
disputes, each with its download links; ``/country/Kyrgyzstan`` (a name) goes to ``/country/KGZ``."""
from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...errors import UnknownName
from ...kb.about import quotes_about
from ...regions import COLOURS, NAMES, POWERS, TARGETS
from ..deps import StateDep, render
from ..formats import links
from ..state import State
from .influence import data_through, source_line, years

router = APIRouter()
MAX_QUOTES = 40
MAX_FIGURES = 40


@router.get("/country/{iso3}", response_class=HTMLResponse, include_in_schema=False)
def country(request: Request, iso3: str, state: StateDep, year: Optional[int] = Query(None, ge=1900, le=2100),
            dim: Optional[str] = None) -> Response:
    """``?year=`` picks the year of the scores table (default: the latest with scores), ``?dim=`` the chart's
    dimension (the page keeps it in its address)."""
    if iso3 not in TARGETS:
        from ...ontology.resolve import target_code

        try:
            code = target_code(iso3)
        except UnknownName as exc:
            raise HTTPException(404, f"no country page for {iso3!r}: {exc}") from None
        return RedirectResponse(f"/country/{code}", status_code=307)
    from ...influence import DIMENSIONS

    all_years = years(state)
    if year is None or not all_years:
        year = all_years[-1] if all_years else None
    else:
        year = min(max(year, all_years[0]), all_years[-1])
    dim = dim if dim in ("composite", *DIMENSIONS) else "composite"
    return state.cached_page(("country", iso3, year, dim), lambda: _country(request, state, iso3, year, dim))


def _num(v: Any) -> float | None:
    import pandas as pd

    return None if v is None or pd.isna(v) else round(float(v), 2)


def _year(v: Any) -> int | None:
    import pandas as pd

    return None if v is None or pd.isna(v) else int(v)


def score_cell(r: Any, year: int) -> dict[str, Any]:
    """A score as a table shows it: text, and whether (and why) its data are not the year's own."""
    if r is None or _num(r.score) is None:
        return {"text": "–", "stale": False, "title": "insufficient data"}
    band = f" [{r.lo:.0f}–{r.hi:.0f}]" if _num(r.lo) is not None and _num(r.hi) is not None else ""
    data_year = _year(r.data_year)
    stale = data_year is not None and data_year != year or r.basis == "nowcast"
    how = {"nowcast": "nowcast", "mirrored": "from the partner's reports", "reconciled": "reconciled"}.get(
        str(r.basis), "observed")
    return {"text": f"{r.score:.1f}{band}", "stale": stale, "data_year": data_year, "basis": str(r.basis),
            "mark": (f"{data_year}" if data_year is not None and data_year != year else "")
            + {"nowcast": "*", "mirrored": "m"}.get(str(r.basis), ""),
            "title": f"data of {data_year if data_year is not None else '?'}, {how}"}


def _country(request: Request, state: State, iso3: str, year: int | None, dim: str) -> HTMLResponse:
    from ...influence import DIMENSIONS

    res = state.influence()
    res = res[(res.target == iso3) & res.indicator.isna()]
    dims = ["composite", *DIMENSIONS]
    series: dict[str, dict[str, Any]] = {}
    drawn: dict[str, list[str]] = {}
    for d in dims:
        sub = res[res.dimension == d]
        series[d] = {}
        for p in POWERS:
            g = sub[sub.power == p]
            if g.score.notna().any():
                series[d][p] = {"x": [int(y) for y in g.year], "y": [_num(v) for v in g.score],
                                "lo": [_num(v) for v in g.lo], "hi": [_num(v) for v in g.hi],
                                "basis": list(g.basis),
                                "data_year": [_year(v) for v in g.data_year]}
        drawn[d] = list(series[d])
    table = []
    if year is not None:
        now = res[res.year == year]
        for p in POWERS:
            by = {r.dimension: r for r in now[now.power == p].itertuples()}
            comp = by.get("composite")
            table.append({"power": p, "name": NAMES.get(p, p),
                          "_s": _num(comp.score) if comp is not None and _num(comp.score) is not None else -1.0,
                          **{d: score_cell(by.get(d), year) for d in dims}})
        table.sort(key=lambda r: -r["_s"])
    with state.read() as kb:
        events = kb.events(actor=iso3)
        figures = kb.figures(actor=iso3)
        disputes = [d for d in kb.disagreements() if iso3 in d["subjects"] or "C5" in d["subjects"]]
        quotes = quotes_about(kb, iso3, kb.quotes())
    through = data_through(state)
    left_out = {d: [p for p in POWERS if p not in drawn[d]] for d in dims}
    return render(request, "country.html.j2", iso3=iso3, name=NAMES[iso3], year=year, dim=dim, table=table,
                  data={"series": series, "colours": COLOURS, "names": NAMES, "dimensions": dims,
                        "left_out": left_out, "through": through},
                  dimensions=dims, events=events, quotes=quotes[:MAX_QUOTES], quote_total=len(quotes),
                  figures=figures[:MAX_FIGURES], figure_total=len(figures), disputes=disputes, through=through,
                  source=source_line(state), left_out=left_out,
                  downloads={"scores": links("/api/influence", target=iso3, year=year),
                             "series": links("/api/influence", target=iso3),
                             "events": links("/api/events", actor=iso3),
                             "quotes": links("/api/quotes", about=iso3),
                             "figures": links("/api/figures", actor=iso3),
                             "disputes": links("/api/disagreements")})
