"""Scenarios: the shipped scenarios, simulation runs against the baseline, the corridors, and the scenarios page."""
from __future__ import annotations

import json
from typing import Any, Optional

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse

from ...regions import COLOURS
from ..deps import StateDep, render
from ..schemas import Corridors, ScenarioFile, ScenarioInfo, Simulation
from ..state import State

router = APIRouter()
MAX_SHOCKS = 100
BASELINE_RUNS = 500          # the baseline the page shows before any click (no token needed: one cached run)


@router.post("/api/simulate", tags=["scenarios"], response_model=Simulation)
def api_simulate(state: StateDep, scenario: str = Form("baseline"), runs: int = Form(500, ge=10, le=2000),
                 seed: int = Form(0, ge=0, le=2**32 - 1), until: int = Form(2035, ge=2026, le=2060),
                 scale: float = Form(1.0, ge=0.0, le=5.0),
                 shocks: Optional[str] = Form(None, max_length=100_000)) -> dict[str, Any]:
    """Run a shipped scenario and the baseline. ``shocks``: the scenario's shocks edited, a JSON list of
    mappings as in a scenario file (see ``GET /api/scenarios/{name}``), validated as a file is; ``scale``
    then multiplies the attractiveness shocks' magnitudes. Needs ``Authorization: Bearer $GREATGAME_TOKEN``;
    at most runs × simulated years = ``$GREATGAME_SIMULATION_BUDGET`` (36,000) per request (422 past it); 429
    with ``Retry-After`` while every compute slot is taken."""
    return simulate(state, scenario, runs, seed, until, scale, shocks)


@router.get("/api/baseline", tags=["scenarios"], response_model=Simulation)
def api_baseline(state: StateDep) -> dict[str, Any]:
    """The baseline scenario's outlook (500 runs, seed 0, to 2035: trade shares of every power with a share,
    remittances, the observed history from 2010), computed once per version of the knowledge base; no token
    needed. 404 'insufficient data' where the knowledge base has too little trade data for the model."""
    return baseline_outlook(state)


@router.get("/api/scenarios", tags=["scenarios"], response_model=list[ScenarioInfo])
def api_scenarios() -> list[dict[str, Any]]:
    """The shipped scenarios: name, title and description."""
    from ...simulate.scenario import shipped_data, shipped_names

    return [{"name": n, "title": d["name"], "description": " ".join(d["description"].split())}
            for n in shipped_names() for d in [shipped_data(n)]]


@router.get("/api/scenarios/{name}", tags=["scenarios"], response_model=ScenarioFile)
def api_scenario(name: str) -> dict[str, Any]:
    """One shipped scenario as its file writes it: name, description, until and shocks."""
    from ...simulate.scenario import shipped_data, shipped_names

    if name not in shipped_names():
        raise HTTPException(404, f"no scenario {name!r}: one of {', '.join(shipped_names())}")
    return json.loads(json.dumps(shipped_data(name), default=str))


@router.get("/api/corridors", tags=["scenarios"], response_model=Corridors)
def api_corridors(state: StateDep, scenario: Optional[str] = None) -> dict[str, Any]:
    from ...simulate import corridors as cm
    from ...simulate.run import corridor_conditions

    net = cm.load_network()
    shares = cm.route_shares(net)
    if scenario:
        sc = shipped_scenario(state, scenario)
        shares = cm.route_shares(net, corridor_conditions(sc, sc.until or 2035))
    return {"routes": cm.routes(net), "shares": shares}


@router.get("/scenarios", response_class=HTMLResponse, include_in_schema=False)
def scenarios(request: Request) -> HTMLResponse:
    from ...simulate.scenario import shipped_names
    from ..state import simulation_budget

    return render(request, "scenarios.html.j2", names=shipped_names(), data={"colours": COLOURS},
                  budget=simulation_budget())


# ---------------------------------------------------------------- helpers

def shipped_scenario(state: State, name: str):
    from ...simulate.run import read_scenario
    from ...simulate.scenario import shipped_names

    if name not in shipped_names():
        raise HTTPException(404, f"no scenario {name!r}: one of {', '.join(shipped_names())}")
    return read_scenario(name)


def _fans(summary) -> dict[str, dict[str, dict[str, list]]]:
    """target -> power (every one with a share, and OTH; or 'remittances') -> year, median, p10, p90."""
    out: dict[str, dict[str, dict[str, list]]] = {}
    for (t, p), g in summary.groupby(["target", "power"], sort=False):
        out.setdefault(t, {})[p] = {"year": [int(y) for y in g.year],
                                    "median": [round(float(v), 4) for v in g["median"]],
                                    "p10": [round(float(v), 4) for v in g.p10],
                                    "p90": [round(float(v), 4) for v in g.p90]}
    return out


def _history(res) -> dict[str, dict[str, dict[str, list]]]:
    out: dict[str, dict[str, dict[str, list]]] = {}
    for (t, p), g in res.history(2010).groupby(["target", "power"], sort=False):
        out.setdefault(t, {})[p] = {"year": [int(y) for y in g.year], "value": [round(float(v), 4) for v in g.value]}
    return out


def _payload(res, base, scale: float, runs: int, seed: int) -> dict[str, Any]:
    """What the page draws: the scenario's fans (every power with a share), its remittances, the baseline's, the
    observed history from 2010 and the differences from the baseline in the last year."""
    from ...simulate.run import compare

    out = {"scenario": res.scenario.name, "description": res.scenario.description, "scale": scale, "runs": runs,
           "seed": seed, "origin": res.origin, "start": res.start, "fan": _fans(res.summary()),
           "remittances": {t: f["remittances"] for t, f in _fans(res.summary("remittances")).items()},
           "history": _history(res), "corridors": res.corridor_shares.get(res.years[-1], {}), "vs_baseline": []}
    if base is not None:
        out["baseline"] = _fans(base.summary())
        out["baseline_remittances"] = {t: f["remittances"] for t, f in _fans(base.summary("remittances")).items()}
        diff = compare(base, res)
        last = diff[diff.year == res.years[-1]]
        out["vs_baseline"] = [{"target": x.target, "power": x.power, "median": round(float(x.median), 4),
                               "p10": round(float(x.p10), 4), "p90": round(float(x.p90), 4),
                               "p025": round(float(x.p025), 4), "p975": round(float(x.p975), 4)}
                              for x in last.itertuples()]
    return out


def baseline_outlook(state: State) -> dict[str, Any]:
    """The baseline scenario (BASELINE_RUNS runs, seed 0, to 2035), kept until the next write: the page draws it
    before any click. 404 with 'insufficient data' where the knowledge base cannot carry the model."""
    from ...errors import RunError
    from ...simulate.run import read_scenario, run
    from ..state import PAGE_WAIT_S

    def build():
        with state.compute(wait=PAGE_WAIT_S):
            try:
                inputs = state.simulation_inputs()
            except RunError as exc:
                return {"error": str(exc)}
            res = run(None, read_scenario("baseline"), runs=BASELINE_RUNS, seed=0, until=2035, inputs=inputs)
            return _payload(res, None, 1.0, BASELINE_RUNS, 0)

    out = state.memo(("baseline-outlook",), build)
    if "error" in out:
        raise HTTPException(404, out["error"])
    return out


def simulate(state: State, name: str, runs: int, seed: int, until: int, scale: float,
             shocks: str | None = None) -> dict[str, Any]:
    """Run scenario ``name`` (its shocks edited when ``shocks`` is given) and the baseline; fans and differences."""
    import dataclasses

    from ...errors import RunError
    from ...simulate.run import edited_scenario, run
    from ...simulate.scenario import Scenario
    from ..state import simulation_budget

    budget = simulation_budget()
    edits = None
    if shocks is not None:
        try:
            edits = json.loads(shocks)
        except (ValueError, RecursionError):
            raise HTTPException(422, "shocks must be a JSON list of shock mappings") from None
        if not isinstance(edits, list):
            raise HTTPException(422, "shocks must be a JSON list of shock mappings")
        if len(edits) > MAX_SHOCKS:
            raise HTTPException(422, f"at most {MAX_SHOCKS} shocks")
    sc = shipped_scenario(state, name)
    if edits is not None:
        sc = edited_scenario(name, edits)
    scaled = Scenario(sc.name, sc.description, tuple(
        dataclasses.replace(s, magnitude=s.magnitude * scale, se=s.se * scale)
        if s.kind in ("driver", "attractor") else s for s in sc.shocks), sc.until, sc.path)
    base = shipped_scenario(state, "baseline")
    with state.compute():           # no lock: reads go on meanwhile; 429 when every slot is taken
        try:
            inputs = state.simulation_inputs()
        except RunError as exc:
            raise HTTPException(422, str(exc)) from None
        t0 = inputs.until
        if runs * max(until - t0, 0) > budget:
            raise HTTPException(422, f"runs × years to simulate is {runs:,} × {until - t0} = {runs * (until - t0):,}, "
                                     f"over this server's budget of {budget:,} per request "
                                     "(GREATGAME_SIMULATION_BUDGET): fewer runs or an earlier 'until'")
        if until <= t0:
            raise HTTPException(422, f"until must be after {t0}, the latest year with data")
        r = run(None, scaled, runs=runs, seed=seed, until=until, inputs=inputs)
        b = run(None, base, runs=runs, seed=seed, until=until, inputs=inputs)
        return _payload(r, b, scale, runs, seed)
