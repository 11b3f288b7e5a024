"""Forecast combination of the trade equation with persistence, its weights estimated inside the training window.

The model is linear in the log-ratios z and in the drivers, so each run r's path splits into
``z[r, h] = zh[r, h] + q[r, h]``: ``zh`` its conditional mean path with every driver held as in the target's
start year (the pull toward the estimated attractor, and the mean of the dyad's residuals), ``q`` the part of
the drivers' changes since then (realised drivers, projections, a scenario's shocks) and of the shocks
(``model.simulate``). The combined forecast at horizon h (years after the target's last data), ``shift="paths"``::

    z_comb[r, h] = z0 + w[h] * (zh[r, h] - z0) + q[r, h]

moves the held-drivers pull toward persistence (``z0``) by 1 - w[h] and keeps the drivers' effects and the
shocks as the model has them (so the episodes, fed the realised drivers, and the scenarios' differences keep
their estimated mechanisms). ``shift="centre"`` instead moves the whole ensemble's mean:
``z_comb[r, h] = z[r, h] - (1 - w[h]) * (mean_r z[r, h] - z0)``.

The weights come from the data known at the forecast's origin only (``until``, the panel cut there): for every
earlier origin o' with at least ``spec.inner_years`` years of data before it, the model (uncombined, the same
variant) is re-estimated on the data to o' and run without shocks (parameters at their estimates, drivers
projected as at o'), and its median shares over ``POINT_RUNS`` driver paths are compared with the observed
shares at o' + h <= ``until``. With ``d`` the forecast change of a share from the held-drivers path and ``e`` the
realised change less the forecast effect of the drivers' changes, the least-squares weight of the model against
persistence, constrained to [0, 1] (Granger and Ramanathan 1984, Journal of Forecasting 3(2); Timmermann 2006,
Forecast Combinations, Handbook of Economic Forecasting 1, section 3), is::

    w[h] = clip(sum(d * e) / sum(d * d), 0, 1)

per horizon (``combine="horizon"``), or one weight over every horizon (``"pooled"``); ``"equal"`` is 0.5
everywhere (the equal-weight combination, estimated from nothing). A horizon with fewer than ``MIN_FORECASTS``
pseudo-out-of-sample forecasts takes the weight pooled over the horizons that have them; with none at all the
model is not combined (1.0: nothing in the window speaks against it). Rows left out of an estimate (``exclude``,
the held-out episodes) are left out of the weights too: a forecast reaching into a pair's left-out years is not
scored.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..errors import RunError
from .panel import Panel

HORIZONS = 5               # weights for horizons 1..5; later horizons take the fifth's
POINT_RUNS = 25            # driver paths behind each pseudo-out-of-sample point forecast
MIN_FORECASTS = 30         # pseudo-out-of-sample forecasts a horizon needs for a weight of its own
EQUAL = 0.5


def pseudo_out_of_sample(panel: Panel, until: int, spec, exclude: frozenset = frozenset(),
                         horizons: int = HORIZONS, seed: int = 0, origins: range | None = None
                         ) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per horizon h: (d, e), the model's forecast change of every dyad's share with the drivers held as at the
    origin, and the realised change less the model's forecast effect of the drivers' changes, from every origin
    o' < ``until`` whose o' + h <= ``until``, with only the data known at ``until`` read."""
    from . import model
    from .estimation import fit_equations

    known = panel.cut(until)                    # nothing after the training window is read below
    plain = dataclasses.replace(spec, combine="none")
    out: dict[int, tuple[list, list]] = {h: ([], []) for h in range(1, horizons + 1)}
    first = known.years[0] + max(1, spec.inner_years)
    for o in origins if origins is not None else range(first, until):
        try:
            inputs = fit_equations(known, o, exclude, plain)
        except RunError:                        # too few years to estimate at this origin
            continue
        live = [i for i, t in enumerate(known.targets) if inputs.start.get(t) == o]
        hs = [h for h in range(1, horizons + 1) if o + h <= until]
        if not live or not hs:
            continue
        years = tuple(range(o + 1, o + max(hs) + 1))
        rng = np.random.default_rng([seed, o])
        draws = model.draw(inputs, POINT_RUNS, rng, parameters=False)
        drivers = model.baseline_drivers(inputs, years, POINT_RUNS, rng)
        parts: dict = {}
        z, _ = model.simulate(inputs, draws, drivers, rng, noise=False, parts=parts)
        point = np.median(model.shares(z)[..., :-1], axis=0)                 # (H, T, P)
        held = np.median(model.shares(parts["held"])[..., :-1], axis=0)
        s0 = known.share[:, known.index(o)]
        for h in hs:
            obs = known.share[:, known.index(o + h)]
            for i in live:
                t = known.targets[i]
                for j, p in enumerate(known.powers):
                    if exclude and any((t, p, y) in exclude for y in range(o + 1, o + h + 1)):
                        continue
                    if np.isfinite(obs[i, j]) and np.isfinite(s0[i, j]) and np.isfinite(point[h - 1, i, j]):
                        out[h][0].append(held[h - 1, i, j] - s0[i, j])
                        out[h][1].append(obs[i, j] - s0[i, j] - (point[h - 1, i, j] - held[h - 1, i, j]))
    return {h: (np.array(d), np.array(e)) for h, (d, e) in out.items()}


def _ls_weight(d: np.ndarray, e: np.ndarray) -> float:
    den = float(d @ d)
    return float(np.clip((d @ e) / den, 0.0, 1.0)) if den > 0 else 1.0


def weights(panel: Panel, until: int, spec, exclude: frozenset = frozenset(), horizons: int = HORIZONS
            ) -> np.ndarray:
    """The combination's weights of the model at horizons 1..``horizons`` (see the module's docstring)."""
    if spec.combine == "none":
        return np.ones(horizons)
    if spec.combine == "equal":
        return np.full(horizons, EQUAL)
    pairs = pseudo_out_of_sample(panel, until, spec, exclude, horizons)
    have = {h: de for h, de in pairs.items() if de[0].size >= MIN_FORECASTS}
    if not have:
        return np.ones(horizons)
    pooled = _ls_weight(np.concatenate([d for d, _ in have.values()]), np.concatenate([e for _, e in have.values()]))
    if spec.combine == "pooled":
        return np.full(horizons, pooled)
    return np.array([_ls_weight(*have[h]) if h in have else pooled for h in range(1, horizons + 1)])
