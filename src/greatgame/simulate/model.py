"""The dynamic model of the regional balance (docs/model.md gives the same equations, same names).

State: ``s[r, T, d, P]``, the share of target T's ties on dimension d held by
actor P (the powers of the index and OTH, everyone else), in Monte Carlo run
r; shares sum to one over P. Each year t -> t+1:

    G[r, P, t]    = exp(g[r, P] * (t - t0))                        capacity of P relative to t0
    E[r, T, d, P, t] = prod_k (1 + m[r, k] * strength_k(t))         active 'attractiveness' shocks k on (T, d, P)
    C[T, d, P, t] = (x[P, t] + kappa) / (x[P, t0] + kappa)          connectivity only: P's stake in China-Europe
                                                                     transit from the corridor model, else 1
    A[r, T, d, P, t] = s0[T, d, P] * G^beta[r] * E * C               attractiveness
    H[r, T, d, P, t] = exp(-eta[r] * max(0, s[r, T, d, P, t] - theta[r]))   hedging: resistance to dependence
    target[r, T, d, P, t] = A * H / sum_P (A * H)
    s[r, T, d, P, t + 1] = rho[r] * s[r, T, d, P, t] + (1 - rho[r]) * target[r, T, d, P, t]   path dependence

Influence share: ``share[r, T, P, t] = sum_d W[d] * s[r, T, d, P, t]`` with the
index's dimension weights W. Parameters per run r are drawn from their
estimates or priors (``Parameters.draw``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..influence.indicators import Panel, config as index_config
from ..kb.store import KnowledgeBase
from .scenario import DIMENSIONS, Scenario

OTHER = "OTH"
EPSILON = 1.0          # floor added to dimension scores before they are turned into shares (see docs)
KAPPA = 0.05           # smoothing of the connectivity exposure ratio C
GDP_CODE = {"EU": "EUU"}


@dataclass
class Estimates:
    """What the data say about the parameters (point estimate and standard error), and the priors."""

    rho: float
    rho_se: float
    g: dict[str, float]            # mean yearly log growth of GDP (current USD) per power
    g_sd: dict[str, float]
    beta: tuple[float, float] = (0.2, 0.8)     # prior: uniform
    eta: tuple[float, float] = (1.0, 4.0)      # prior: uniform
    theta: tuple[float, float] = (0.35, 0.55)  # prior: uniform


@dataclass
class Draws:
    rho: np.ndarray        # (R,)
    beta: np.ndarray       # (R,)
    eta: np.ndarray        # (R,)
    theta: np.ndarray      # (R,)
    g: np.ndarray          # (R, P)


def draw(est: Estimates, powers: tuple[str, ...], runs: int, rng: np.random.Generator) -> Draws:
    rho = np.clip(rng.normal(est.rho, est.rho_se, runs), 0.0, 0.98)
    beta = rng.uniform(*est.beta, runs)
    eta = rng.uniform(*est.eta, runs)
    theta = rng.uniform(*est.theta, runs)
    g = np.stack([rng.normal(est.g.get(p, 0.0), est.g_sd.get(p, 0.0), runs) for p in powers], axis=1)
    return Draws(rho, beta, eta, theta, g)


# ---------------------------------------------------------------- estimation from the knowledge base

def trade_shares(kb: KnowledgeBase, powers: tuple[str, ...], targets: tuple[str, ...],
                 years: tuple[int, int]) -> pd.DataFrame:
    """Observed trade shares (the index's trade_share indicator, raw) for the years given."""
    from ..influence.indicators import trade_share

    df = trade_share(kb, Panel(powers, targets, tuple(range(years[0], years[1] + 1))))
    return df[(df.year >= years[0]) & (df.year <= years[1])][["target", "power", "year", "raw"]]


def estimate(kb: KnowledgeBase, powers: tuple[str, ...], targets: tuple[str, ...], until: int) -> Estimates:
    """rho from the persistence of trade shares up to ``until``; g from GDP growth over the ten years to it.

    rho: pooled within-dyad AR(1) of yearly trade shares, s[t+1] - mean = rho (s[t] - mean), by least squares,
    with its standard error. g[P]: mean and standard deviation of yearly log changes of P's GDP in current US
    dollars (World Bank), over the ten years to ``until``.
    """
    shares = trade_shares(kb, powers, targets, (1995, until))
    xs, ys = [], []
    for _, g in shares.sort_values("year").groupby(["target", "power"]):
        v = g.set_index("year").raw
        if len(v) < 4:
            continue
        m = v.mean()
        prev, nxt = v.shift(1).dropna(), v.iloc[1:]
        idx = prev.index.intersection(nxt.index)
        consecutive = [y for y in idx if y - 1 in v.index]
        xs.extend(v.loc[[y - 1 for y in consecutive]].values - m)
        ys.extend(v.loc[consecutive].values - m)
    x, y = np.asarray(xs), np.asarray(ys)
    if len(x) > 2 and float(x @ x) > 0:
        rho = float(x @ y / (x @ x))
        resid = y - rho * x
        rho_se = float(np.sqrt(resid @ resid / (len(x) - 1) / (x @ x)))
    else:
        rho, rho_se = 0.8, 0.1
    gdp = kb.con.execute(
        "SELECT country, year, value FROM indicators WHERE indicator = 'gdp_usd' AND list_contains(?, country) "
        "AND year BETWEEN ? AND ? ORDER BY country, year",
        [[GDP_CODE.get(p, p) for p in powers], until - 10, until]).df() if _has(kb, "indicators") else pd.DataFrame()
    g_mean, g_sd = {}, {}
    for p in powers:
        series = gdp[gdp.country == GDP_CODE.get(p, p)].set_index("year").value if not gdp.empty else pd.Series()
        growth = np.diff(np.log(series.values)) if len(series) > 2 else np.array([])
        g_mean[p] = float(growth.mean()) if growth.size else 0.0
        g_sd[p] = float(growth.std(ddof=1) / np.sqrt(growth.size)) if growth.size > 1 else 0.02
    return Estimates(rho=min(max(rho, 0.0), 0.98), rho_se=rho_se, g=g_mean, g_sd=g_sd)


def _has(kb: KnowledgeBase, table: str) -> bool:
    return bool(kb.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                               [table]).fetchone()[0])


def initial_state(kb: KnowledgeBase, powers: tuple[str, ...], targets: tuple[str, ...], year: int,
                  economic_only: bool = False) -> np.ndarray:
    """s0[T, d, P]: trade shares for the economic dimension (OTH = the rest of T's trade), and for the
    other dimensions the index's dimension scores, floored at EPSILON, as shares of their sum."""
    actors = powers + (OTHER,)
    s0 = np.full((len(targets), len(DIMENSIONS), len(actors)), np.nan)
    shares = trade_shares(kb, powers, targets, (year - 6, year))
    for i, t in enumerate(targets):
        sub = shares[shares.target == t]
        latest = {p: g.sort_values("year").raw.iloc[-1] for p, g in sub.groupby("power")}
        row = np.array([latest.get(p, 0.0) for p in powers])
        s0[i, 0, :-1] = row
        s0[i, 0, -1] = max(0.0, 1.0 - row.sum())
    if not economic_only:
        from ..influence import compute, default_panel

        result = compute(kb, default_panel(targets=list(targets), powers=list(powers), years=(year, year)))
        dims = result[result.indicator.isna() & (result.dimension != "composite")]
        for i, t in enumerate(targets):
            for j, d in enumerate(DIMENSIONS[1:], start=1):
                sub = dims[(dims.target == t) & (dims.dimension == d)].set_index("power").score
                scores = np.array([float(sub.get(p, 0.0)) + EPSILON for p in powers] + [EPSILON])
                s0[i, j, :] = scores / scores.sum()
    else:
        s0[:, 1:, :] = 1.0 / len(actors)
    s0 = np.nan_to_num(s0, nan=1.0 / len(actors))
    return s0 / s0.sum(axis=2, keepdims=True)


# ---------------------------------------------------------------- simulation

def shock_effects(scenario: Scenario, powers: tuple[str, ...], targets: tuple[str, ...], years: list[int],
                  runs: int, rng: np.random.Generator) -> np.ndarray:
    """E[r, y, T, d, P]: the product of the active attractiveness shocks' (1 + m * strength)."""
    actors = powers + (OTHER,)
    E = np.ones((runs, len(years), len(targets), len(DIMENSIONS), len(actors)))
    for shock in scenario.shocks:
        if shock.kind != "attractiveness":
            continue
        m = shock.magnitude * (1.0 + shock.uncertainty * rng.standard_normal(runs))
        m = np.clip(m, -0.95, None)
        ti = [targets.index(t) for t in shock.targets if t in targets]
        di = [DIMENSIONS.index(d) for d in shock.dimensions]
        pi = [actors.index(p) for p in shock.powers if p in actors]
        for k, year in enumerate(years):
            st = shock.strength(year)
            if st == 0.0:
                continue
            factor = 1.0 + m * st                                   # (R,)
            E[np.ix_(range(runs), [k], ti, di, pi)] *= factor[:, None, None, None, None]
    return E


def simulate(s0: np.ndarray, years: list[int], t0: int, draws: Draws, E: np.ndarray,
             C: np.ndarray | None = None) -> np.ndarray:
    """Run the model: returns s[r, y, T, d, P] for each year in ``years`` (the state after that year's step).

    ``C[y, d, P]`` is the connectivity exposure ratio (ones where the corridor model says nothing).
    """
    runs = draws.rho.shape[0]
    n_t, n_d, n_p = s0.shape
    s = np.broadcast_to(s0, (runs, n_t, n_d, n_p)).copy()
    out = np.empty((runs, len(years), n_t, n_d, n_p))
    g = np.concatenate([draws.g, np.zeros((runs, 1))], axis=1)          # OTH: no capacity change
    for k, year in enumerate(years):
        G = np.exp(g * (year - t0))                                        # (R, P)
        A = s0[None] * (G ** draws.beta[:, None])[:, None, None, :] * E[:, k]
        if C is not None:
            A = A * C[k][None, None, :, :]
        H = np.exp(-draws.eta[:, None, None, None] * np.maximum(0.0, s - draws.theta[:, None, None, None]))
        AH = A * H
        target = AH / AH.sum(axis=3, keepdims=True)
        rho = draws.rho[:, None, None, None]
        s = rho * s + (1.0 - rho) * target
        out[:, k] = s
    return out


def influence_share(states: np.ndarray) -> np.ndarray:
    """share[r, y, T, P] = sum_d W[d] * s[r, y, T, d, P], with the index's dimension weights."""
    w = np.array([float(index_config()["dimensions"][d]) for d in DIMENSIONS])
    w = w / w.sum()
    return np.einsum("rytdp,d->rytp", states, w)
