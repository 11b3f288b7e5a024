"""Dynamics layer: the model of the regional balance, scenarios, Monte Carlo runs, corridors and backtest.

In a notebook::

    from greatgame.simulate import estimate_inputs, read_scenario, run, compare, scenarios
    inputs = estimate_inputs(kb)                       # the one read of the knowledge base
    base = run(kb, read_scenario("baseline"), inputs=inputs, until=2030)
    sanc = run(kb, read_scenario("secondary_sanctions"), inputs=inputs, until=2030)
    compare(base, sanc)                                # B minus A: median and bands, run by run
    evaluate(kb)                                       # the rolling-origin backtest against benchmarks

The submodules stay importable by name (``from greatgame.simulate.run import run``); note that the
attributes ``greatgame.simulate.run`` and ``greatgame.simulate.backtest`` are the functions.
"""
from .._face import make_callable
from .backtest import backtest, evaluate
from .corridors import Conditions, load_network, power_exposure, route_choice, route_costs, route_shares, routes
from .estimation import Equation, ModelInputs, context
from .fitting import estimate_inputs
from .model import Draws, Drivers
from .run import Result, compare, corridor_conditions, edited_scenario, read_scenario, run, simulate
from .scenario import DIMENSIONS, Scenario, Shock, shipped_data, shipped_names as scenarios
from .shocks import ShockKind, kind_names as shock_kinds, shock_kind

__all__ = [
    "Conditions", "DIMENSIONS", "Draws", "Drivers", "Equation", "ModelInputs", "Result", "Scenario", "Shock",
    "ShockKind", "backtest", "compare", "evaluate", "context", "corridor_conditions", "edited_scenario", "estimate_inputs", "load_network",
    "power_exposure", "read_scenario", "route_choice", "route_costs", "route_shares", "routes", "run", "scenarios",
    "shipped_data", "shock_kind", "shock_kinds", "simulate",
]

# ``greatgame.simulate(kb, "baseline")`` calls ``simulate``; the package stays a package.
make_callable(__name__, simulate)
