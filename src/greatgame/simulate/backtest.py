"""Backtest: fit on the data up to a cut, simulate the following years, compare with what happened.

For each target, the mean absolute error (percentage points) of China's and
Russia's trade shares against the IMF data, next to the error of a
persistence forecast (the last observed share carried forward). The model
earns its keep only where it beats persistence.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import RunError
from ..kb.store import KnowledgeBase
from . import model
from .estimation import ModelInputs, context, estimate_inputs
from .scenario import Scenario

FOCUS = ("CHN", "RUS")


def backtest(kb: KnowledgeBase | None, fit_until: int = 2014, last: int = 2020, runs: int = 1000,
             seed: int = 0, inputs: ModelInputs | None = None) -> pd.DataFrame:
    """``inputs``: inputs already read at the cut (``estimate_inputs(kb, fit_until, economic_only=True)``)."""
    powers, targets, _ = context()
    if fit_until >= last:
        raise RunError(f"--fit-until must be before {last}, the last year of trade data")
    if inputs is None:
        if kb is None:
            raise RunError("a backtest needs a knowledge base or model inputs read from one")
        inputs = estimate_inputs(kb, fit_until, powers=powers, targets=targets, economic_only=True)
    elif inputs.until != fit_until:
        raise RunError(f"the model inputs were read at {inputs.until}, not at the cut {fit_until}")
    powers, targets, est, s0 = inputs.powers, inputs.targets, inputs.estimates, inputs.initial_state
    years = list(range(fit_until + 1, last + 1))
    rng = np.random.default_rng(seed)
    draws = model.draw(est, powers, runs, rng)
    empty = Scenario("no shocks", "the model's own dynamics only", ())
    E = model.shock_effects(empty, powers, targets, years, runs, rng)
    states = model.simulate(s0, years, fit_until, draws, E)
    forecast = np.median(states[:, :, :, 0, :], axis=0)              # (Y, T, P): economic dimension
    actual = inputs.observed((fit_until + 1, last))
    rows = []
    for ti, t in enumerate(targets):
        for p in FOCUS:
            pi = powers.index(p)
            obs = actual[(actual.target == t) & (actual.power == p)].set_index("year").raw
            errs_m, errs_p = [], []
            for yi, y in enumerate(years):
                if y in obs.index:
                    errs_m.append(abs(forecast[yi, ti, pi] - obs[y]))
                    errs_p.append(abs(s0[ti, 0, pi] - obs[y]))
            if not errs_m:
                continue
            mae_m, mae_p = 100 * float(np.mean(errs_m)), 100 * float(np.mean(errs_p))
            rows.append({"target": t, "power": p, "years": len(errs_m), "share_at_cut": round(100 * s0[ti, 0, pi], 2),
                         "model_mae_pp": round(mae_m, 2), "persistence_mae_pp": round(mae_p, 2),
                         "model_beats_persistence": mae_m < mae_p})
    out = pd.DataFrame(rows)
    out.attrs.update({"fit_until": fit_until, "last": last, "rho": est.rho, "rho_se": est.rho_se})
    return out
