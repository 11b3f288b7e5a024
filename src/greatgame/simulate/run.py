"""Run a scenario: knowledge base -> panel and estimates (``estimation``) -> the model (``model``) -> results.

Monte Carlo over parameter uncertainty (draws from the estimates' covariance), residual shocks and the
drivers' paths, vectorised with numpy. Four independent random streams (parameters, drivers, shocks'
sizes, residuals) come from the seed, so two scenarios run with the same seed share every draw but their
shocks: ``compare`` is then a paired difference.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import RunError
from ..kb.store import KnowledgeBase
from . import model
from .estimation import ModelInputs, context
from .fitting import estimate_inputs
from .scenario import DIMENSIONS, Scenario, load as load_scenario
from .shocks import Axes, CorridorEffects, kind_of

DEFAULT_UNTIL = 2035

__all__ = ["DEFAULT_UNTIL", "Result", "bands", "compare", "context", "corridor_conditions", "corridor_names",
           "edited_scenario", "read_scenario", "run"]


@dataclass
class Result:
    scenario: Scenario
    years: list[int]                   # the simulated years after the latest data (``origin``)
    actors: tuple[str, ...]            # the powers, then OTH
    targets: tuple[str, ...]
    share: np.ndarray                  # (R, Y, T, A): share of T's goods trade (NaN: dyad not modelled)
    remittances: np.ndarray            # (R, Y, T): remittances received, % of GDP (NaN: not modelled)
    corridor_shares: dict[int, dict[str, float]]
    origin: int = 0                    # the latest year with data
    start: dict[str, int] = field(default_factory=dict)     # each target's last year with trade data
    inputs: ModelInputs | None = field(default=None, repr=False)

    def summary(self, dimension: str | None = None, years: list[int] | None = None) -> pd.DataFrame:
        """Median, 10-90% and 2.5-97.5% bands per target, power and year (``years``: only these): trade shares
        (0..1), or with ``dimension='remittances'`` remittances in % of GDP (power 'remittances')."""
        pick = [self.years.index(y) for y in years if y in self.years] if years else list(range(len(self.years)))
        ys = [self.years[k] for k in pick]
        if dimension in (None, "trade"):
            return bands(self.share[:, pick], ys, self.targets, self.actors)
        if dimension == "remittances":
            return bands(self.remittances[:, pick, :, None], ys, self.targets, ("remittances",))
        raise RunError(f"no dimension {dimension!r}: one of {', '.join(DIMENSIONS)}")

    def history(self, since: int = 2010) -> pd.DataFrame:
        """The observed trade shares and remittances from ``since``: target, power, year, value."""
        if self.inputs is None:
            return pd.DataFrame(columns=["target", "power", "year", "value"])
        p = self.inputs.panel
        rows = []
        for i, t in enumerate(p.targets):
            for k, y in enumerate(p.years):
                if y < since:
                    continue
                s = p.share[i, k]
                if np.isfinite(s).any():
                    for j, a in enumerate(p.powers):
                        if np.isfinite(s[j]):
                            rows.append((t, a, y, float(s[j])))
                    if np.nansum(s) < 1.0:          # reports that add up to more than T's total: no OTH
                        rows.append((t, model.OTHER, y, float(1.0 - np.nansum(s))))
                if np.isfinite(p.remit[i, k]):
                    rows.append((t, "remittances", y, float(p.remit[i, k])))
        return pd.DataFrame(rows, columns=["target", "power", "year", "value"])


QUANTILES = (0.025, 0.1, 0.5, 0.9, 0.975)


def bands(data: np.ndarray, years: list[int], targets: tuple[str, ...], actors: tuple[str, ...]) -> pd.DataFrame:
    """Median and bands over runs of ``data[r, y, T, P]``, one row per target, power and year with data."""
    q = np.quantile(data, QUANTILES, axis=0)                       # (5, Y, T, P)
    Y, T, P = np.meshgrid(years, targets, actors, indexing="ij")
    out = pd.DataFrame({"target": T.ravel(), "power": P.ravel(), "year": Y.ravel(), "median": q[2].ravel(),
                        "p10": q[1].ravel(), "p90": q[3].ravel(), "p025": q[0].ravel(), "p975": q[4].ravel()})
    return out[out["median"].notna()].reset_index(drop=True)


@lru_cache(maxsize=1)
def corridor_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Routes and the countries on them, for validating scenario files."""
    from . import corridors

    info = corridors.route_countries()          # from the file: no network built to validate a scenario
    countries = sorted({c for r in info.values() for c in r})
    return tuple(info), tuple(countries)


def read_scenario(path: str | Path) -> Scenario:
    """A scenario file (or a shipped scenario's name, such as 'baseline'), validated."""
    powers, targets, _ = context()
    routes, countries = corridor_names()
    return load_scenario(path, powers, targets, routes, countries)


def edited_scenario(name: str, shocks: Any) -> Scenario:
    """Shipped scenario ``name`` with its shocks replaced by ``shocks`` (a list of mappings in the scenario
    file's form), validated as a scenario file is: a ``ScenarioError`` names the shock and field at fault."""
    from .scenario import parse, shipped_data

    data = dict(shipped_data(name))
    data["name"] = f"{data['name']} (edited)"
    data["shocks"] = shocks
    powers, targets, _ = context()
    routes, countries = corridor_names()
    return parse(data, f"{name} (edited)", powers, targets, routes, countries)


def corridor_conditions(scenario: Scenario, year: int):
    """The corridor model's conditions in ``year``: each active shock's kind applies its ``conditions``."""
    from .corridors import Conditions

    effects = CorridorEffects()
    for s in scenario.shocks:
        st = s.strength(year)
        if st == 0.0:
            continue
        kind_of(s).conditions(s, st, effects)
    return Conditions(capacity_factor=effects.capacity_factor, risk=effects.risk, disruption=effects.disruption)


def route_shares_by_year(scenario: Scenario, years: list[int]) -> dict[int, dict[str, float]]:
    """The corridor model's route shares in each year under the scenario (computed once per distinct set of
    conditions)."""
    from . import corridors

    if not any(kind_of(s).name in ("corridor", "risk", "disruption") for s in scenario.shocks):
        base = corridors.route_shares(corridors.load_network())
        return {y: base for y in years}
    net = corridors.load_network()
    cache: dict[Any, dict[str, float]] = {}
    out = {}
    for y in years:
        cond = corridor_conditions(scenario, y)
        key = repr(cond)
        if key not in cache:
            cache[key] = corridors.route_shares(net, cond)
        out[y] = cache[key]
    return out


def streams(seed: int) -> tuple[np.random.Generator, ...]:
    """Independent generators for the parameters, the drivers, the shocks' sizes and the residuals."""
    return tuple(np.random.default_rng([seed, k]) for k in range(4))


def run(kb: KnowledgeBase | None, scenario: Scenario, runs: int = 1000, seed: int = 0, until: int | None = None,
        inputs: ModelInputs | None = None, corridors: bool = True) -> Result:
    """Simulate ``scenario`` from each target's latest data to ``until`` with ``runs`` Monte Carlo runs.

    ``inputs``: model inputs already read (``estimate_inputs(kb)``), to run several scenarios on one read
    of the knowledge base (``kb`` may then be None). A knowledge base without enough data raises ``RunError``
    ('insufficient data'): never a simulation from nothing."""
    if inputs is None:
        if kb is None:
            raise RunError("a run needs a knowledge base or model inputs read from one")
        inputs = estimate_inputs(kb)
    origin = inputs.until
    until = until or scenario.until or DEFAULT_UNTIL
    if until <= origin:
        raise RunError(f"--until must be after {origin}, the latest year with data")
    first = min([*inputs.start.values(), *inputs.remit_start.values(), origin])
    years = tuple(range(first + 1, until + 1))
    r_par, r_drv, r_shk, r_res = streams(seed)
    draws = model.draw(inputs, runs, r_par)
    drivers = model.baseline_drivers(inputs, years, runs, r_drv)
    axes = Axes(runs, inputs.powers, inputs.targets, years)
    for shock in scenario.shocks:
        kind_of(shock).drive(shock, drivers, axes, r_shk)
    z, m = model.simulate(inputs, draws, drivers, r_res)
    keep = slice(years.index(origin + 1), None)
    out_years = list(years[keep])
    share = model.shares(z[:, keep])
    shares = route_shares_by_year(scenario, out_years) if corridors else {}
    return Result(scenario, out_years, inputs.actors, inputs.targets, share, np.exp(m[:, keep]), shares,
                  origin, dict(inputs.start), inputs)


def compare(a: Result, b: Result) -> pd.DataFrame:
    """B minus A, run by run (same seed: paired draws), as median and bands of the difference: trade shares
    (0..1) per power, and remittances (% of GDP, power 'remittances')."""
    trade = bands(b.share - a.share, a.years, a.targets, a.actors)
    rem = bands((b.remittances - a.remittances)[..., None], a.years, a.targets, ("remittances",))
    return pd.concat([trade, rem], ignore_index=True)


def simulate(kb: KnowledgeBase, scenario: str | Path = "baseline", *, until: int | None = None, runs: int = 1000,
             seed: int = 0) -> Result:
    """Monte Carlo futures of a shipped scenario (by name) or a scenario file (by path).

    What ``greatgame.simulate(kb, "baseline", until=2030)`` calls."""
    return run(kb, read_scenario(scenario), runs=runs, seed=seed, until=until)
