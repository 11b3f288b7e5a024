"""Run a scenario: knowledge base -> model inputs (``estimation``) -> the model (``model``) -> results.

Monte Carlo over parameter uncertainty, vectorised with numpy.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import RunError
from ..kb.store import KnowledgeBase
from . import model
from .estimation import ModelInputs, context, estimate_inputs
from .scenario import DIMENSIONS, Scenario, load as load_scenario
from .shocks import CorridorEffects, kind_of

DEFAULT_UNTIL = 2035

__all__ = ["DEFAULT_UNTIL", "Result", "bands", "compare", "connectivity_ratio", "context", "corridor_conditions",
           "corridor_names", "edited_scenario", "read_scenario", "run"]


@dataclass
class Result:
    scenario: Scenario
    years: list[int]
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    share: np.ndarray          # (R, Y, T, P): influence share
    states: np.ndarray         # (R, Y, T, D, P)
    corridor_shares: dict[int, dict[str, float]]

    def summary(self, dimension: str | None = None) -> pd.DataFrame:
        """Median and 10-90% band per target, power and year (as shares, 0..1)."""
        data = self.share if dimension is None else self.states[:, :, :, DIMENSIONS.index(dimension), :]
        return bands(data, self.years, self.targets, self.actors)


def bands(data: np.ndarray, years: list[int], targets: tuple[str, ...], actors: tuple[str, ...]) -> pd.DataFrame:
    """Median and 10-90% band over runs of ``data[r, y, T, P]``, one row per target, power and year."""
    q = np.quantile(data, [0.1, 0.5, 0.9], axis=0)                    # (3, Y, T, P)
    Y, T, P = np.meshgrid(years, targets, actors, indexing="ij")
    return pd.DataFrame({"target": T.ravel(), "power": P.ravel(), "year": Y.ravel(),
                         "median": q[1].ravel(), "p10": q[0].ravel(), "p90": q[2].ravel()})


def corridor_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Routes and the countries on them, for validating scenario files."""
    from . import corridors

    net = corridors.load_network()
    info = corridors.routes(net)
    countries = sorted({c for r in info.values() for c in r.get("countries", [])})
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


def connectivity_ratio(scenario: Scenario, actors: tuple[str, ...], t0: int, years: list[int]
                       ) -> tuple[np.ndarray, dict[int, dict[str, float]]]:
    """C[y, d, P] (ones except the connectivity dimension) and the route shares per year."""
    from . import corridors

    net = corridors.load_network()
    shares = {y: corridors.route_shares(net, corridor_conditions(scenario, y)) for y in [t0, *years]}
    x = {y: corridors.power_exposure(shares[y], net) for y in shares}
    C = np.ones((len(years), len(DIMENSIONS), len(actors)))
    j = DIMENSIONS.index("connectivity")
    for k, y in enumerate(years):
        for p, a in enumerate(actors):
            C[k, j, p] = (x[y].get(a, 0.0) + model.KAPPA) / (x[t0].get(a, 0.0) + model.KAPPA)
    return C, shares


def run(kb: KnowledgeBase | None, scenario: Scenario, runs: int = 1000, seed: int = 0, until: int | None = None,
        start_state: np.ndarray | None = None, estimates: model.Estimates | None = None,
        inputs: ModelInputs | None = None) -> Result:
    """Simulate ``scenario`` from the latest data year to ``until`` with ``runs`` parameter draws.

    ``inputs``: model inputs already read (``estimate_inputs(kb)``), to run several scenarios on one read
    of the knowledge base (``kb`` may then be None); ``start_state`` and ``estimates`` replace theirs.
    """
    powers, targets, t0 = (inputs.powers, inputs.targets, inputs.until) if inputs is not None else context()
    until = until or scenario.until or DEFAULT_UNTIL
    if until <= t0:
        raise RunError(f"--until must be after {t0}, the last year with data")
    years = list(range(t0 + 1, until + 1))
    if inputs is None and kb is None:
        raise RunError("a run needs a knowledge base or model inputs read from one")
    inputs = inputs if inputs is not None else estimate_inputs(kb, t0, powers=powers, targets=targets)
    est = estimates or inputs.estimates
    s0 = start_state if start_state is not None else inputs.initial_state
    actors = inputs.actors
    rng = np.random.default_rng(seed)
    draws = model.draw(est, powers, runs, rng)
    E = model.shock_effects(scenario, powers, targets, years, runs, rng)
    C, corridor_shares = connectivity_ratio(scenario, actors, t0, years)
    states = model.simulate(s0, years, t0, draws, E, C)
    return Result(scenario, years, actors, targets, model.influence_share(states, inputs.weights), states,
                  corridor_shares)


def compare(a: Result, b: Result) -> pd.DataFrame:
    """B minus A, run by run (same seed: paired draws), as median and 10-90% band of the difference."""
    return bands(b.share - a.share, a.years, a.targets, a.actors)


def simulate(kb: KnowledgeBase, scenario: str | Path = "baseline", *, until: int | None = None, runs: int = 1000,
             seed: int = 0) -> Result:
    """Monte Carlo futures of a shipped scenario (by name) or a scenario file (by path).

    What ``greatgame.simulate(kb, "baseline", until=2030)`` calls.
    """
    return run(kb, read_scenario(scenario), runs=runs, seed=seed, until=until)
