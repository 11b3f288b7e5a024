"""Scenarios: the shipped scenarios, simulation runs against the baseline (or another scenario), the corridors,
and the scenarios page.

Every listing also answers ``?format=csv|jsonl`` (``web/formats.py``): the shipped scenarios, one scenario's shocks,
the corridors, the baseline outlook, and each run. A run (``POST /api/simulate``) is kept under an unguessable id
among the last ``KEPT_RUNS``, so that the page's download links are plain links: ``GET /api/runs/{id}`` gives its
rows (``greatgame.export.outlook``: shares of goods trade in %, remittances in % of GDP, the observed data and the
differences, each row naming its measure and unit), ``GET /api/runs/{id}/corridors`` its corridor shares.
"""
from __future__ import annotations

import gzip
import json
import secrets
import threading
from collections import OrderedDict
from typing import Any, Optional

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse

from ...export.outlook import CORRIDOR_FIELDS, FIELDS, corridor_rows, difference_rows, history_rows, outlook_rows
from ...regions import COLOURS
from ..deps import StateDep, render
from ..formats import FORMAT_RESPONSES, FormatQuery, ListFormat, links, listing
from ..schemas import CorridorRow, Corridors, OutlookRow, ScenarioFile, ScenarioInfo, Shock, Simulation
from ..state import State

router = APIRouter()
MAX_SHOCKS = 100
BASELINE_RUNS = 500          # the baseline the page shows before any click (no token needed: one cached run)
HISTORY_FROM = 2000          # the observed data a run carries (the page's "from" year chooses what it draws)
KEPT_RUNS = 32               # runs whose rows stay downloadable (compressed: ~150 kB each at most)
PAGE_DEFAULTS = {"scenario": "secondary_sanctions", "compare": "baseline", "scale": "1", "runs": "500",
                 "until": "2035", "from": "2010", "target": "KAZ"}
"""The page's form as it opens; the address carries only what differs from these (its permalink)."""

@router.post("/api/simulate", tags=["scenarios"], response_model=Simulation, responses=FORMAT_RESPONSES)
def api_simulate(state: StateDep, scenario: str = Form("baseline"), runs: int = Form(500, ge=10, le=2000),
                 seed: int = Form(0, ge=0, le=2**32 - 1), until: int = Form(2035, ge=2026, le=2060),
                 scale: float = Form(1.0, ge=0.0, le=5.0),
                 shocks: Optional[str] = Form(None, max_length=100_000),
                 compare: str = Form("baseline", max_length=100),
                 fmt: ListFormat = FormatQuery) -> Any:
    """Run a shipped scenario and the one it is compared with (``compare``: the baseline unless named).
    ``shocks``: the scenario's shocks edited, a JSON list of mappings as in a scenario file (see ``GET
    /api/scenarios/{name}``), validated as a file is; ``scale`` then multiplies the attractiveness shocks'
    magnitudes. The answer's ``baseline``, ``baseline_remittances`` and ``vs_baseline`` are those of the scenario
    compared with (named in ``compare``), ``difference`` and ``difference_remittances`` the scenario minus it by
    year, run by run; ``skill`` and ``verdict`` the backtest's verdict on this data (until it finds skill over
    persistence the page shows the scenario only as that difference); ``run`` names the rows kept for download
    (``GET /api/runs/{run}``).
    ``?format=csv|jsonl``: those rows. Needs ``Authorization: Bearer $GREATGAME_TOKEN``; at most runs ×
    simulated years = ``$GREATGAME_SIMULATION_BUDGET`` (36,000) per request (422 past it); 429 with
    ``Retry-After`` while every compute slot is taken."""
    out = simulate(state, scenario, runs, seed, until, scale, shocks, compare)
    if fmt != "json":
        return listing(_kept(out["run"])["rows"], fmt, f"run-{out['run']}", FIELDS)
    return out


@router.get("/api/baseline", tags=["scenarios"], response_model=Simulation, responses=FORMAT_RESPONSES)
def api_baseline(state: StateDep, fmt: ListFormat = FormatQuery) -> Any:
    """The baseline scenario's outlook (500 runs, seed 0, to 2035: shares of goods trade of every power with a
    share, remittances, the observed data from 2000), computed once per version of the knowledge base; no token
    needed; with ``skill`` and ``verdict``, the backtest's verdict on this data. 404 'insufficient data' where the
    knowledge base has too little trade data for the model.
    ``?format=csv|jsonl``: one row per target, power (or remittances) and year, naming its measure and unit."""
    out = baseline_outlook(state)
    if fmt != "json":
        return listing(out["rows"], fmt, "baseline-outlook", FIELDS)
    return {**out["payload"], **verdict(state)}


@router.get("/api/runs/{run_id}", tags=["scenarios"], response_model=list[OutlookRow], responses=FORMAT_RESPONSES)
def api_run(run_id: str, fmt: ListFormat = FormatQuery) -> Any:
    """The rows of a run made by ``POST /api/simulate`` (one of the last 32, by the ``run`` it answered): the
    scenario's and the compared scenario's outlooks, the observed data and the differences, each naming its
    measure (share of goods trade, remittances received) and unit. 404 once forgotten."""
    return listing(_kept(run_id)["rows"], fmt, f"run-{run_id}", FIELDS)


@router.get("/api/runs/{run_id}/corridors", tags=["scenarios"], response_model=list[CorridorRow],
            responses=FORMAT_RESPONSES)
def api_run_corridors(run_id: str, fmt: ListFormat = FormatQuery) -> Any:
    """A run's China–Europe route shares in its last year, beside the shares with no shocks."""
    return listing(_kept(run_id)["corridors"], fmt, f"run-{run_id}-corridors", CORRIDOR_FIELDS)


@router.get("/api/scenarios", tags=["scenarios"], response_model=list[ScenarioInfo], responses=FORMAT_RESPONSES)
def api_scenarios(fmt: ListFormat = FormatQuery) -> Any:
    """The shipped scenarios: name, title and description."""
    from ...simulate.scenario import shipped_data, shipped_names

    rows = [{"name": n, "title": d["name"], "description": " ".join(d["description"].split())}
            for n in shipped_names() for d in [shipped_data(n)]]
    return listing(rows, fmt, "scenarios")


@router.get("/api/scenarios/{name}", tags=["scenarios"], response_model=ScenarioFile, responses=FORMAT_RESPONSES)
def api_scenario(name: str, fmt: ListFormat = FormatQuery) -> Any:
    """One shipped scenario as its file writes it: name, description, until and shocks. CSV and JSON Lines: one
    row per shock, with the fields its file gives it."""
    from ...simulate.scenario import shipped_data, shipped_names

    if name not in shipped_names():
        raise HTTPException(404, f"no scenario {name!r}: one of {', '.join(shipped_names())}")
    data = json.loads(json.dumps(shipped_data(name), default=str))
    if fmt == "json":
        return data
    return listing(data.get("shocks") or [], fmt, f"scenario-{name}-shocks", list(Shock.__annotations__))


@router.get("/api/corridors", tags=["scenarios"], response_model=Corridors, responses=FORMAT_RESPONSES)
def api_corridors(state: StateDep, scenario: Optional[str] = None, fmt: ListFormat = FormatQuery) -> Any:
    """The China–Europe routes and their shares of container freight, with no shocks or under a shipped
    ``scenario`` in its last year. CSV and JSON Lines: one row per route (its share and the share with no
    shocks)."""
    from ...simulate import corridors as cm
    from ...simulate.run import corridor_conditions

    net = cm.load_network()
    base = cm.route_shares(net)
    shares, label = base, "no shocks"
    if scenario:
        sc = shipped_scenario(state, scenario)
        year = sc.until or 2035
        shares, label = cm.route_shares(net, corridor_conditions(sc, year)), f"{sc.name}, {year}"
    if fmt != "json":
        return listing(corridor_rows(cm.routes(net), shares, base, label), fmt,
                       "-".join(["corridors", *([scenario] if scenario else [])]), CORRIDOR_FIELDS)
    return {"routes": cm.routes(net), "shares": shares}


@router.get("/scenarios", response_class=HTMLResponse, include_in_schema=False)
def scenarios(request: Request) -> HTMLResponse:
    """The page opens on the baseline; its address keeps the form's state (``?scenario=&compare=&from=&until=``,
    ``s0=size_start_end`` or ``s0=off`` for an edited shock), so that a reload or a shared link restores it."""
    from ...simulate.scenario import shipped_names
    from ..state import simulation_budget

    return render(request, "scenarios.html.j2", names=shipped_names(), defaults=PAGE_DEFAULTS,
                  data={"colours": COLOURS, "defaults": PAGE_DEFAULTS}, budget=simulation_budget(),
                  downloads={"shocks": links(f"/api/scenarios/{PAGE_DEFAULTS['scenario']}"),
                             "outlook": links("/api/baseline"), "corridors": links("/api/corridors")})


# ---------------------------------------------------------------- helpers

def shipped_scenario(state: State, name: str):
    from ...simulate.run import read_scenario
    from ...simulate.scenario import shipped_names

    if name not in shipped_names():
        raise HTTPException(404, f"no scenario {name!r}: one of {', '.join(shipped_names())}")
    return read_scenario(name)


_RUNS: OrderedDict[str, bytes] = OrderedDict()
_RUNS_LOCK = threading.Lock()


def _keep(rows: list[dict[str, Any]], corridors: list[dict[str, Any]]) -> str:
    """Keep a run's rows for download (the last KEPT_RUNS runs, each as compressed JSON: ~150 kB for a run to
    2060); its id, unguessable."""
    run_id = secrets.token_urlsafe(12)
    blob = gzip.compress(json.dumps({"rows": rows, "corridors": corridors}, separators=(",", ":")).encode(),
                         compresslevel=6)
    with _RUNS_LOCK:
        _RUNS[run_id] = blob
        while len(_RUNS) > KEPT_RUNS:
            _RUNS.popitem(last=False)
    return run_id


def _kept(run_id: str) -> dict[str, Any]:
    with _RUNS_LOCK:
        blob = _RUNS.get(run_id)
    if blob is None:
        raise HTTPException(404, f"no run {run_id!r} kept: this server keeps the last {KEPT_RUNS} runs; run it again")
    return json.loads(gzip.decompress(blob))


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
    for (t, p), g in res.history(HISTORY_FROM).groupby(["target", "power"], sort=False):
        out.setdefault(t, {})[p] = {"year": [int(y) for y in g.year], "value": [round(float(v), 4) for v in g.value]}
    return out


def _payload(res, base, scale: float, runs: int, seed: int) -> dict[str, Any]:
    """What the page draws: the scenario's fans (every power with a share), its remittances, the compared
    scenario's (the baseline's unless another is named), the observed data from HISTORY_FROM and the differences
    from the compared scenario in the last year."""
    from ...simulate.run import compare

    out = {"scenario": res.scenario.name, "description": res.scenario.description, "scale": scale, "runs": runs,
           "seed": seed, "origin": res.origin, "start": res.start, "fan": _fans(res.summary()),
           "remittances": {t: f["remittances"] for t, f in _fans(res.summary("remittances")).items()},
           "history": _history(res), "corridors": res.corridor_shares.get(res.years[-1], {}), "vs_baseline": []}
    if base is not None:
        out["compare"] = base.scenario.name
        out["baseline"] = _fans(base.summary())
        out["baseline_remittances"] = {t: f["remittances"] for t, f in _fans(base.summary("remittances")).items()}
        diff = compare(base, res)
        trade, rem = diff[diff.power != "remittances"], diff[diff.power == "remittances"]
        out["difference"] = _fans(trade)
        out["difference_remittances"] = {t: f["remittances"] for t, f in _fans(rem).items()}
        last = diff[diff.year == res.years[-1]]
        out["vs_baseline"] = [{"target": x.target, "power": x.power, "median": round(float(x.median), 4),
                               "p10": round(float(x.p10), 4), "p90": round(float(x.p90), 4),
                               "p025": round(float(x.p025), 4), "p975": round(float(x.p975), 4)}
                              for x in last.itertuples()]
    return out


def _rows(res, base) -> list[dict[str, Any]]:
    """The rows a run downloads as: the scenario's outlook, the compared scenario's, the observed data, and (with
    a compared scenario) the differences run by run."""
    from ...simulate.run import compare

    rows = outlook_rows(res)
    if base is not None:
        rows += outlook_rows(base)
    rows += history_rows(res, HISTORY_FROM)
    if base is not None:
        rows += difference_rows(compare(base, res), base.scenario.name, res.scenario.name)
    return rows


def _corridor_rows(res) -> list[dict[str, Any]]:
    from ...simulate import corridors as cm

    net = cm.load_network()
    year = res.years[-1]
    return corridor_rows(cm.routes(net), res.corridor_shares.get(year, {}), cm.route_shares(net),
                         f"{res.scenario.name}, {year}")


def baseline_outlook(state: State) -> dict[str, Any]:
    """The baseline scenario (BASELINE_RUNS runs, seed 0, to 2035), kept until the next write: the page draws it
    before any click (``payload``), and its downloads are ``rows``. 404 with 'insufficient data' where the
    knowledge base cannot carry the model."""
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
            return {"payload": _payload(res, None, 1.0, BASELINE_RUNS, 0), "rows": _rows(res, None)}

    out = state.memo(("baseline-outlook",), build)
    if "error" in out:
        raise HTTPException(404, out["error"])
    return out


def simulate(state: State, name: str, runs: int, seed: int, until: int, scale: float,
             shocks: str | None = None, compare: str = "baseline") -> dict[str, Any]:
    """Run scenario ``name`` (its shocks edited when ``shocks`` is given) and scenario ``compare``; fans,
    differences, and the id of the rows kept for download."""
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
    base = shipped_scenario(state, compare)
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
        out = _payload(r, b, scale, runs, seed)
        run_id = _keep(_rows(r, b), _corridor_rows(r))
    out["run"] = run_id
    out["downloads"] = {"outlook": links(f"/api/runs/{run_id}"), "corridors": links(f"/api/runs/{run_id}/corridors")}
    out.update(verdict(state))
    return out


def verdict(state: State) -> dict[str, Any]:
    """The backtest's verdict on this knowledge base's data (``simulate/verdict.py``), read on every answer (a
    backtest run meanwhile is seen): ``skill`` false until it finds skill over persistence, and then the page
    shows a scenario only as its difference from the one it is compared with."""
    from ...simulate.verdict import levels_shown, skill_line

    with state.read() as kb:
        return {"skill": levels_shown(kb), "verdict": skill_line(kb)}
