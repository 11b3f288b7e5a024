"""The dynamic model, vectorised over Monte Carlo runs (docs/model.md gives the same equations, same names).

State, per run r, target T and year t: ``z[r, T, P]``, the log-ratio of power P's share of T's goods trade to
the share of everyone else (OTH), and ``m[r, T]``, the log of T's remittance inflows in % of its GDP
(KGZ, TJK, UZB). Each year t -> t+1, with the parameters of run r drawn from the estimates' covariance
(``draw``) and shocks drawn from the estimation's residuals::

    dz[r, T, P] = a[T] + c[P] - phi * z[r, T, P] + b_gdp * gdp[r, P, t] + b_links * links[r, T, P, t+1]
                  + b_sanctions * sanctions[r, P, t+1] + b_border * border[T, P] + b_distance * distance[T, P]
                  + b_energy * energy[r, T, P, t+1] + g_energy * (energy[r, T, P, t+1] - energy[r, T, P, t])
                  + b_closure * closure[r, T, P, t+1] + phi * shift[r, T, P, t+1] + e[r, T, P]
    dm[r, T]    = r[T] - psi * m[r, T] + b_growth * rus_growth[r, t+1] + b_ruble * rub_depr[r, t+1] + u[r, T]
    s[r, T, P]  = exp(z[r, T, P]) / (1 + sum_P' exp(z[r, T, P'])),   s[r, T, OTH] = 1 / (1 + sum_P' exp(z))

``e`` is one year's residual vector of target T (all powers together, so their co-movement is kept), ``u``
one remittance residual, each drawn at random from the estimation's residuals. ``shift`` is a scenario's
change of the long-run attractor (``attractor`` shocks); the drivers are fed in by ``Drivers``. Shares stay in
[0, 1] and sum to one by construction. A target is simulated only after its last year with data (``start``).

Computation only: the estimates come from ``estimation.ModelInputs``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .estimation import TRADE_PARAMS, ModelInputs, OTHER

__all__ = ["OTHER", "Draws", "Drivers", "combine", "draw", "shares", "simulate"]

STABLE = ("phi", "psi")       # adjustment speeds: a draw outside (0, 1] would make the equation explode
MIN_SPEED = 0.01


@dataclass
class Draws:
    """Parameter vectors per run: ``trade[r]`` in the order of ``inputs.trade.names``, ``remit[r]`` likewise."""

    trade: np.ndarray
    remit: np.ndarray | None


@dataclass
class Drivers:
    """The exogenous paths over ``years`` (each year's value; runs first where they differ by run)."""

    years: tuple[int, ...]
    gdp: np.ndarray            # (R, Y, P) gdp[P, t] of the step to years[k] = t + 1 (the year before)
    links: np.ndarray          # (R or 1, Y, T, P)
    sanctions: np.ndarray      # (R or 1, Y, P)
    shift: np.ndarray          # (R or 1, Y, T, P) attractor shift, log-ratio units
    rus_growth: np.ndarray     # (R, Y)
    rub_depr: np.ndarray       # (R, Y)
    energy: np.ndarray | None = None      # (1, Y, T, P) gas pipeline capacity valued at the oil price
    energy0: np.ndarray | None = None     # (1, T, P) energy in the year before years[0]
    energy_scale: np.ndarray | None = None  # (R or 1, Y) run r's energy in year k is energy[0, k] * scale[r, k]
    closure: np.ndarray | None = None     # (R or 1, Y, T, P) share of the year the border was closed to freight


def _mvn(mean: np.ndarray, cov: np.ndarray, runs: int, rng: np.random.Generator) -> np.ndarray:
    vals, vecs = np.linalg.eigh((cov + cov.T) / 2)
    root = vecs * np.sqrt(np.clip(vals, 0.0, None))
    return mean[None, :] + rng.standard_normal((runs, len(mean))) @ root.T


def draw(inputs: ModelInputs, runs: int, rng: np.random.Generator, parameters: bool = True) -> Draws:
    """Draws of both equations' parameters from Normal(estimate, covariance); the estimates themselves in every
    run with ``parameters=False``."""
    def one(eq):
        if eq is None:
            return None
        if not parameters:
            return np.broadcast_to(eq.coef, (runs, len(eq.coef))).copy()
        out = _mvn(eq.coef, eq.cov, runs, rng)
        for name in STABLE:
            if name in eq.names:       # adjustment speeds stay in the stable range (0, 1]
                k = eq.names.index(name)
                out[:, k] = np.clip(out[:, k], MIN_SPEED, 1.0)
        return out
    return Draws(one(inputs.trade), one(inputs.remit))


def baseline_drivers(inputs: ModelInputs, years: tuple[int, ...], runs: int, rng: np.random.Generator
                     ) -> Drivers:
    """The drivers with no scenario: observed where the panel has them (to ``inputs.until``); after that GDP
    shares follow a random walk with each power's drift and spread over the last ten years (the drift itself
    uncertain by its standard error), links and sanctions stay as they were in ``inputs.until``, and Russia's
    growth and the ruble's depreciation are years drawn at random from their history (2009 on)."""
    from .estimation import DRIVER_YEARS

    panel = inputs.panel
    Y, P = len(years), len(inputs.powers)
    gdp = np.empty((runs, Y, P))
    drift = inputs.gdp_drift[None, :] + inputs.gdp_sd[None, :] / np.sqrt(DRIVER_YEARS) * rng.standard_normal(
        (runs, P))
    level = np.broadcast_to(inputs.gdp_last, (runs, P)).copy()
    for k, y in enumerate(y - 1 for y in years):           # the step to year y uses gdp of y - 1
        known = y <= inputs.until and y in panel.years
        obs = panel.gdp[:, panel.index(y)] if known else np.full(P, np.nan)
        step = y > inputs.gdp_year
        level = np.where(step[None, :], level + drift + inputs.gdp_sd[None, :] * rng.standard_normal((runs, P)),
                         level)
        gdp[:, k] = np.where(np.isfinite(obs)[None, :], obs[None, :], level)
    links = np.stack([inputs.links(min(y, inputs.until)) for y in years])[None]
    sanctions = np.stack([inputs.sanctions(y) for y in years])[None]
    growth, depr = np.empty((runs, Y)), np.empty((runs, Y))
    hist = inputs.russia
    for k, y in enumerate(years):
        if y in inputs.russia_years:
            growth[:, k], depr[:, k] = hist[inputs.russia_years.index(y)]
        elif len(hist):
            pick = rng.integers(0, len(hist), runs)
            growth[:, k], depr[:, k] = hist[pick, 0], hist[pick, 1]
        else:
            growth[:, k], depr[:, k] = 0.0, 0.0
    shift = np.zeros((1, Y, len(inputs.targets), P))
    energy = np.stack([inputs.energy(y) for y in years])[None]
    scale = _oil_scale(inputs, years, runs, rng)
    closure = np.stack([inputs.closure(y) for y in years])[None]
    return Drivers(tuple(years), gdp, links, sanctions, shift, growth, depr, energy,
                   inputs.energy(years[0] - 1)[None], scale, closure)


def _oil_scale(inputs: ModelInputs, years: tuple[int, ...], runs: int, rng: np.random.Generator) -> np.ndarray:
    """``energy`` after ``inputs.until`` (where ``inputs.energy`` holds the pipelines' capacity, the targets' GDP
    and the oil price as in ``until``) scaled by the contract oil price relative to ``until``'s, the oil price a
    random walk whose yearly log changes are drawn from its history to ``until`` (1995 on), so that the oil
    price's uncertainty reaches the shares: (R, Y), 1 up to ``until``; (1, Y) of ones without pipelines."""
    panel = inputs.panel
    last = min(inputs.until, panel.years[-1])
    future = [k for k, y in enumerate(years) if y > last]
    ones = np.ones((1, len(years)))
    oil = panel.oil
    if not future or oil is None or not inputs.energy(last).any():
        return ones
    hist = oil[:panel.index(last) + 1]
    hist = hist[np.isfinite(hist)]
    steps = np.diff(np.log(hist))
    if steps.size < 2:
        return ones
    o_last, o_prev = hist[-1], hist[-2]
    walk = o_last * np.exp(np.cumsum(rng.choice(steps, (runs, len(future))), axis=1))      # (R, F) oil price
    before = np.concatenate([np.full((runs, 1), o_last), walk[:, :-1]], axis=1)
    out = np.ones((runs, len(years)))
    out[:, future] = (walk + before) / 2 / ((o_last + o_prev) / 2)    # contract price relative to ``last``'s
    return out


def simulate(inputs: ModelInputs, draws: Draws, drivers: Drivers, rng: np.random.Generator,
             noise: bool = True, parts: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Run the model over ``drivers.years``: ``z[r, y, T, P]`` and ``m[r, y, T]`` after each year's step.

    ``noise=False``: no residual shocks, each dyad's mean residual instead (the model's conditional mean path
    for the parameter draws). ``parts``: a dict that receives ``held``, each run's conditional mean path with the
    drivers held as in each target's start year (``combination.py``). With ``inputs.weights`` the trade paths
    are combined with persistence year by year, as ``combine`` does it."""
    panel = inputs.panel
    T, P = len(inputs.targets), len(inputs.powers)
    runs = draws.trade.shape[0]
    b = draws.trade
    a = b[:, :T]
    c = np.concatenate([np.zeros((runs, 1)), b[:, T:T + P - 1]], axis=1)
    at = {n: T + P - 1 + i for i, n in enumerate(TRADE_PARAMS)}
    phi, b_gdp, b_links, b_sanc, b_border, b_dist, b_en, g_en, b_clo = (b[:, at[n]] for n in TRADE_PARAMS)
    Y = len(drivers.years)
    Z = np.zeros((1, Y, T, P))
    energy = drivers.energy if drivers.energy is not None else Z
    scale = drivers.energy_scale if drivers.energy_scale is not None else np.ones((1, Y))
    closure = drivers.closure if drivers.closure is not None else Z
    # each year's driver terms coefficient[r] * X[T, P]: a driver common to all runs and unchanged from the year
    # before (every driver held after the data) reuses last year's product
    terms = ((b_links, drivers.links), (b_sanc, drivers.sanctions), (phi, drivers.shift), (b_clo, closure))
    prev_e = (drivers.energy0 if drivers.energy0 is not None else energy[:, 0])[0].ravel()
    prev_s = scale[:, 0] * np.ones(runs)
    cache: list = [None] * len(terms)
    dist = np.nan_to_num(panel.distance)
    static = (a[:, :, None] + c[:, None, :] + b_border[:, None, None] * panel.border[None]
              + b_dist[:, None, None] * dist[None])                                            # (R, T, P)
    z = np.broadcast_to(inputs.z0, (runs, T, P)).copy()
    start = np.array([inputs.start.get(t, 10 ** 6) for t in inputs.targets])
    pool, counts = inputs.residuals.trade, inputs.residuals.n_trade
    rem = inputs.remit
    m = np.broadcast_to(inputs.m0, (runs, T)).copy()
    rstart = np.array([inputs.remit_start.get(t, 10 ** 6) for t in inputs.targets])
    ridx = np.array([inputs.targets.index(n[2:-1]) for n in rem.names if n.startswith("r[")]) if rem else []
    zs, ms = np.empty((runs, Y, T, P)), np.empty((runs, Y, T))
    tt = np.arange(T)[None, :]
    if rem is not None:
        r_eff = np.zeros((runs, T))
        r_eff[:, ridx] = draws.remit[:, :len(ridx)]
        psi, b_g, b_r = (draws.remit[:, len(ridx) + i] for i in range(3))
    ones = np.ones(runs)
    # the combination (combination.py) needs each run's conditional mean path with the drivers held as they were
    # in the target's start year, ``zh``: the model is linear in z and in the drivers, so z = zh + q, where q, the
    # part of the drivers' changes since the start (a scenario's shocks, realised drivers, projections) and of the
    # shocks, follows dq = (e - E[e]) + (drivers' terms - those at the start) - phi * q; zh itself then follows
    # dzh = (the terms with the drivers held) - phi * zh + E[e]. E[e] is the mean of the dyad's residuals drawn
    # from (they need not average zero: the effects are by target and by power)
    kk = np.arange(pool.shape[1])[None, :, None] < counts[:, None, None]
    e_mean = np.where(kk, pool, 0.0).sum(axis=1) / np.maximum(counts, 1)[:, None]            # (T, P)
    track = inputs.weights is not None or parts is not None
    if track:
        # zh follows dzh = held - phi * zh + E[e] (z - q above, in one recursion of its own)
        held = _held_terms(inputs, drivers, draws, static, start)
        held += e_mean[None]
        zh = np.broadcast_to(inputs.z0, (runs, T, P)).copy()
        zhs = np.empty((runs, Y, T, P)) if parts is not None else None
    if inputs.weights is not None:           # combined with persistence (combination.py), year by year below
        w = inputs.weights
        keep_w = np.concatenate([[1.0], w])[np.clip(np.array(drivers.years)[:, None] - start[None, :], 0, len(w))]
        z0c = np.nan_to_num(inputs.z0)
        paths = inputs.spec.shift == "paths"
    const = None
    dz = np.empty((runs, T, P))
    for k, year in enumerate(drivers.years):
        # static terms and the drivers' terms, summed in a fixed order (the same sums in every scenario); the sum
        # of a year whose drivers are all common to the runs and unchanged (every year after the data) is reused
        changed = const is None
        varying = False
        for n, (coef, arr) in enumerate(terms):
            x = arr[:, k]
            if x.ndim == 2:                                   # by power: the same for every target
                x = x[:, None, :]
            if x.shape[0] > 1:                                # differs by run: computed every year
                varying = True
                cache[n] = (None, coef[:, None, None] * x)
                continue
            if cache[n] is None or cache[n][0] is None or not np.array_equal(cache[n][0], x):
                cache[n] = (x, coef[:, None, None] * x)       # held drivers: computed once
                changed = True
        if changed or varying:
            const = static.copy()
            for n in range(len(terms)):
                const += cache[n][1]
        pz = phi[:, None, None] * z
        np.subtract(const, pz, out=dz)
        dz += (b_gdp[:, None] * drivers.gdp[:, k])[:, None, :]
        e = energy[0, k].ravel()
        sc = scale[:, k] * ones                     # b_energy * e + g_energy * (e - e_before), run by run
        flat = dz.reshape(runs, T * P)
        if np.array_equal(e, prev_e):
            nz = np.flatnonzero(e)                  # pipelines: a few dyads (adding 0 elsewhere changes nothing)
            flat[:, nz] += np.multiply.outer(b_en * sc + g_en * (sc - prev_s), e[nz])
        else:
            nz = np.flatnonzero((e != 0) | (prev_e != 0))
            flat[:, nz] += np.multiply.outer((b_en + g_en) * sc, e[nz]) - np.multiply.outer(g_en * prev_s, prev_e[nz])
        prev_e, prev_s = e, sc
        live = year > start
        if noise:
            idx = (rng.random((runs, T)) * counts[None, :]).astype(np.int64)
            dz += pool[tt, idx]
        else:
            dz += e_mean[None]                  # the conditional mean: the shocks' mean, not nothing
        if live.all():
            z += dz
        elif live.any():
            z[:, live] += dz[:, live]
        if track:
            dh = held - phi[:, None, None] * zh
            if live.all():
                zh += dh
            elif live.any():
                zh[:, live] += dh[:, live]
            if zhs is not None:
                zhs[:, k] = zh
        if inputs.weights is None:
            zs[:, k] = z
        else:                                   # z - (1 - w) * (zh - z0), or the ensemble mean moved ("centre")
            gap = zh - z0c[None] if paths else (z.mean(axis=0) - z0c)[None]
            np.multiply(gap, (1.0 - keep_w[k])[None, :, None], out=gap)
            np.subtract(z, gap, out=zs[:, k])
        if rem is not None:
            dm = (r_eff - psi[:, None] * m + b_g[:, None] * drivers.rus_growth[:, k][:, None]
                  + b_r[:, None] * drivers.rub_depr[:, k][:, None])
            if noise and inputs.residuals.remit.size:
                dm = dm + rng.choice(inputs.residuals.remit, (runs, T))
            m = np.where((year > rstart)[None, :], m + dm, m)
        ms[:, k] = m
    if parts is not None:
        parts["held"] = zhs
    return zs, ms


def _held_terms(inputs: ModelInputs, drivers: Drivers, draws: Draws, static: np.ndarray, start: np.ndarray
                ) -> np.ndarray:
    """Each run's yearly driver terms (all but ``-phi * z`` and the shocks) with every driver as it was in the
    target's start year: GDP shares, links, sanctions and ``energy`` at their values then; no closure, no
    scenario shift, no change of ``energy``. (R, T, P)."""
    T, P = len(inputs.targets), len(inputs.powers)
    b = draws.trade
    at = {n: T + P - 1 + i for i, n in enumerate(TRADE_PARAMS)}
    out = static.copy()
    for i, s0 in enumerate(start):
        if s0 + 1 not in drivers.years:
            continue
        k = drivers.years.index(s0 + 1)                    # the step to s0 + 1 reads GDP of s0
        out[:, i] += (b[:, at["b_gdp"], None] * drivers.gdp[:, k] + b[:, at["b_links"], None] * inputs.links(s0)[i]
                      + b[:, at["b_sanctions"], None] * inputs.sanctions(s0)[None]
                      + b[:, at["b_energy"], None] * inputs.energy(s0)[i])
    return out


def shares(z: np.ndarray) -> np.ndarray:
    """s[..., P + 1] from z[..., P]: the powers' shares, then OTH's (NaN for dyads not modelled, whose share
    is then part of OTH's)."""
    bad = np.isnan(z)
    e = np.exp(np.clip(z, -50, 50))
    e[bad] = 0.0
    s = np.empty((*z.shape[:-1], z.shape[-1] + 1))
    denom = e.sum(axis=-1, keepdims=True)
    denom += 1.0
    np.divide(e, denom, out=s[..., :-1])
    np.divide(1.0, denom, out=s[..., -1:])
    s[..., :-1][bad] = np.nan
    return s


def combine(z: np.ndarray, z0: np.ndarray, horizon: np.ndarray, w: np.ndarray, held: np.ndarray | None = None
            ) -> np.ndarray:
    """``z[r, y, T, P]`` combined with persistence at each target's horizon ``horizon[y, T]`` (years after its
    start; 0 or less: not yet simulated, unchanged), in place. ``held``: each run's conditional mean path with the
    drivers held as at the start (``shift="paths"``), moved toward ``z0`` by 1 - w, the effect of the drivers'
    changes and the shocks kept; None: the ensemble's mean moved (``shift="centre"``), every run alike."""
    h = np.clip(horizon, 0, len(w))
    keep = np.concatenate([[1.0], w])[h]                                    # (Y, T): the model's weight
    if held is not None:
        z -= (1.0 - keep)[None, :, :, None] * (held - z0[None, None])
        return z
    centre = z.mean(axis=0)                                                 # (Y, T, P)
    z -= ((1.0 - keep)[:, :, None] * (centre - z0[None]))[None]
    return z
