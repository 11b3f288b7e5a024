"""Influence: the index's scores, the overview map's data by year, the biggest changes, and the map's country
shapes (JSON; the listings also as CSV and JSON Lines with ``?format=``)."""
from __future__ import annotations

import json
from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ...regions import NAMES
from ..deps import StateDep
from ..formats import FORMAT_RESPONSES, FormatQuery, ListFormat, listing
from ..schemas import Change, FeatureCollection, InfluenceRow, MapEntry, MapSeries
from ..state import State

router = APIRouter()


@router.get("/api/influence", tags=["influence"], response_model=list[InfluenceRow], responses=FORMAT_RESPONSES)
def api_influence(state: StateDep, target: Optional[str] = None, year: Optional[int] = None,
                  power: Optional[str] = None, explain: bool = False, fmt: ListFormat = FormatQuery) -> Any:
    """Scores (0-100, not shares) with their 80% interval, the year their data are from (``data_year``) and how
    they were obtained (``basis``); ``target`` and ``power`` take codes or names (Kyrgyzstan, China, Xi)."""
    from ...influence import to_records
    from ...ontology.resolve import power_code, target_code

    res = state.influence()
    if target:
        res = res[res.target == target_code(target)]
    if year:
        res = res[res.year == year]
    if power:
        res = res[res.power == power_code(power)]
    if not explain:
        res = res[res.indicator.isna()]
    rows = json.loads(json.dumps(to_records(res), default=str))
    return listing(rows, fmt, "-".join(["influence", *(str(x) for x in (target, power, year) if x)]),
                   None if rows else list(InfluenceRow.__annotations__))


@router.get("/api/map", tags=["influence"], response_model=dict[str, MapEntry], responses=FORMAT_RESPONSES)
def api_map(state: StateDep, year: int = Query(2020, ge=1992, le=2100), fmt: ListFormat = FormatQuery) -> Any:
    """Each Central Asian state's leading power in ``year``: its share of all powers' composite scores, its
    composite score (0-100) with interval, the year its data are from and how it was obtained. CSV and JSON
    Lines: one row per state."""
    data = map_data(state, year)
    if fmt == "json":
        return data
    return listing([{"target": t, "year": year, **e} for t, e in data.items()], fmt, f"map-{year}")


@router.get("/api/map/series", tags=["influence"], response_model=MapSeries, responses=FORMAT_RESPONSES)
def api_map_series(request: Request, state: StateDep, fmt: ListFormat = FormatQuery) -> Response:
    """For every year with composite scores: each state's leading power and share (``maps``) and the biggest
    changes in composite score since the year before (``changes``). What the overview's year slider shows.
    CSV and JSON Lines: one row per year and state (the maps)."""
    if fmt != "json":
        series = map_series(state)
        rows = [{"year": y, "target": t, **e} for y in series["years"] for t, e in series["maps"][y].items()]
        return listing(rows, fmt, "map-series")
    return state.cached_json(request, ("map-series",), lambda: map_series(state))


@router.get("/api/changes", tags=["influence"], response_model=list[Change], responses=FORMAT_RESPONSES)
def api_changes(state: StateDep, year: int = Query(..., ge=1992, le=2100), fmt: ListFormat = FormatQuery) -> Any:
    """The biggest changes in composite score (points) since the year before (the overview's table)."""
    return listing(changes(state, year), fmt, f"changes-{year}")


@router.get("/api/boundaries", tags=["influence"], response_model=FeatureCollection)
def api_boundaries(request: Request, state: StateDep) -> Response:
    """The map's country shapes as GeoJSON (Natural Earth, simplified; Russia unwrapped at the antimeridian).
    Empty until `greatgame data import` has loaded the boundaries."""
    return state.cached_json(request, ("boundaries",), lambda: geojson(state))


# ---------------------------------------------------------------- helpers (the overview page uses them too)

def map_data(state: State, year: int) -> dict[str, Any]:
    """Each target's leading power in ``year``: share of the powers' summed composite scores, score, interval,
    basis, the year its data are from and whether they are that year's own (``observed``)."""
    import pandas as pd

    res = state.influence()
    comp = res[(res.dimension == "composite") & (res.year == year) & res.score.notna()]
    out = {}
    for t, g in comp.groupby("target"):
        total = float(g.score.sum())
        if total <= 0:
            continue
        top = g.sort_values("score", ascending=False).iloc[0]
        data_year = None if pd.isna(top.data_year) else int(top.data_year)
        out[t] = {"power": top.power, "share": round(float(top.score) / total, 4), "score": round(float(top.score), 1),
                  "lo": None if top.lo != top.lo else round(float(top.lo), 1),
                  "hi": None if top.hi != top.hi else round(float(top.hi), 1), "basis": str(top.basis),
                  "data_year": data_year, "observed": data_year == year and str(top.basis) != "nowcast",
                  "name": NAMES.get(t, t), "power_name": NAMES.get(top.power, top.power)}
    return out


def years(state: State) -> list[int]:
    """The years with at least one composite score."""
    def build() -> list[int]:
        res = state.influence()
        comp = res[(res.dimension == "composite") & res.score.notna()]
        return sorted(int(y) for y in comp.year.unique())

    return state.memo(("years",), build)


def data_through(state: State) -> int | None:
    """The last year of real data behind the index (not a nowcast, not a hand-coded fact): "data through YEAR"."""
    def build() -> int | None:
        from ...influence import last_data_year

        res = state.influence()
        ind = res[res.indicator.notna()]
        return last_data_year(ind) if not ind.empty else None

    return state.memo(("data-through",), build)


def source_line(state: State) -> str:
    """Where the index's numbers come from, in one line (the datasets, baseline facts and documents used)."""
    def build() -> str:
        res = state.influence()
        datasets: set[str] = set()
        docs: set[str] = set()
        facts = False
        for srcs in res.loc[res.indicator.notna(), "sources"]:
            for src in srcs:
                if "dataset" in src:
                    datasets.add(str(src["dataset"]))
                elif "doc" in src:
                    docs.add(str(src["doc"]))
                elif "baseline" in src or "ontology" in src:
                    facts = True
        parts = [", ".join(sorted(datasets))] if datasets else []
        if facts:
            parts.append("greatgame's sourced baseline facts and memberships")
        if docs:
            parts.append(f"events from {len(docs)} documents")
        return "Source: greatgame influence index from " + ("; ".join(parts) if parts else "no data")

    return state.memo(("source-line",), build)


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
