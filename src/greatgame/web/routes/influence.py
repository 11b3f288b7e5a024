"""Influence: the index's scores, the overview map's data by year, and the map's country shapes (JSON)."""
from __future__ import annotations

import json
from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..deps import StateDep
from ..schemas import FeatureCollection, InfluenceRow, MapEntry, MapSeries
from ..state import State

router = APIRouter()


@router.get("/api/influence", tags=["influence"], response_model=list[InfluenceRow])
def api_influence(state: StateDep, target: Optional[str] = None, year: Optional[int] = None,
                  power: Optional[str] = None, explain: bool = False) -> list[dict[str, Any]]:
    from ...influence import to_records

    res = state.influence()
    if target:
        res = res[res.target == target]
    if year:
        res = res[res.year == year]
    if power:
        res = res[res.power == power]
    if not explain:
        res = res[res.indicator.isna()]
    return json.loads(json.dumps(to_records(res), default=str))


@router.get("/api/map", tags=["influence"], response_model=dict[str, MapEntry])
def api_map(state: StateDep, year: int = Query(2020, ge=1992, le=2100)) -> dict[str, Any]:
    """Each Central Asian state's leading power and its composite share in ``year``."""
    return map_data(state, year)


@router.get("/api/map/series", tags=["influence"], response_model=MapSeries)
def api_map_series(request: Request, state: StateDep) -> Response:
    """For every year with composite scores: each state's leading power and share (``maps``) and the biggest
    changes in composite score since the year before (``changes``). What the overview's year slider shows."""
    return state.cached_json(request, ("map-series",), lambda: map_series(state))


@router.get("/api/boundaries", tags=["influence"], response_model=FeatureCollection)
def api_boundaries(request: Request, state: StateDep) -> Response:
    """The map's country shapes as GeoJSON (Natural Earth, simplified; Russia unwrapped at the antimeridian).
    Empty until `greatgame data import` has loaded the boundaries."""
    return state.cached_json(request, ("boundaries",), lambda: geojson(state))


# ---------------------------------------------------------------- helpers (the overview page uses them too)

def map_data(state: State, year: int) -> dict[str, Any]:
    res = state.influence()
    comp = res[(res.dimension == "composite") & (res.year == year)]
    out = {}
    for t, g in comp.groupby("target"):
        total = float(g.score.sum())
        if total <= 0:
            continue
        top = g.sort_values("score", ascending=False).iloc[0]
        out[t] = {"power": top.power, "share": round(float(top.score) / total, 4), "score": round(float(top.score), 1),
                  "lo": None if top.lo != top.lo else round(float(top.lo), 1),
                  "hi": None if top.hi != top.hi else round(float(top.hi), 1), "basis": str(top.basis)}
    return out


def years(state: State) -> list[int]:
    """The years with composite scores."""
    def build() -> list[int]:
        res = state.influence()
        return sorted(int(y) for y in res[res.dimension == "composite"].year.unique())

    return state.memo(("years",), build)


def map_series(state: State) -> dict[str, Any]:
    all_years = years(state)
    return {"years": all_years, "maps": {y: map_data(state, y) for y in all_years},
            "changes": {y: changes(state, y) for y in all_years}}


def changes(state: State, year: int) -> list[dict[str, Any]]:
    """The biggest changes in composite score since the year before."""
    res = state.influence()
    comp = res[res.dimension == "composite"]
    now = comp[comp.year == year].set_index(["target", "power"]).score
    before = comp[comp.year == year - 1].set_index(["target", "power"]).score
    delta = (now - before).dropna()
    rows = [{"target": t, "power": p, "change": round(float(v), 1), "year": year}
            for (t, p), v in delta.items()]
    return sorted(rows, key=lambda r: -abs(r["change"]))[:8]


def geojson(state: State) -> dict[str, Any]:
    from ..geo import feature_collection

    return feature_collection(state.boundaries())
