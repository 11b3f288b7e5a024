"""The model's inputs: what it needs from the knowledge base, read once, and the parameters estimated from it.

``estimate_inputs(kb, until)`` is the only place the simulation reads the knowledge base. It reads

* the index's trade-share indicator (every year with data: the economic dimension's shares, the
  estimate of rho, and the backtest's observations),
* the powers' GDP in current US dollars over the ten years to ``until`` (the estimate of g),
* unless ``economic_only``, the index's dimension scores in ``until`` (the other dimensions' shares),

and returns a frozen ``ModelInputs``. Everything after that (``fit_rho``, ``growth_estimates``,
``initial_state``, and the model itself) is computation on those arrays.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..influence import compute, default_panel
from ..influence.indicators import Panel, config as index_config, trade_share
from ..kb.store import KnowledgeBase
from .model import OTHER, Estimates
from .shocks import DIMENSIONS

EPSILON = 1.0          # floor added to dimension scores before they are turned into shares (see docs)
GDP_CODE = {"EU": "EUU"}
FIRST_YEAR = 1995      # first year of trade shares used to estimate rho
GROWTH_YEARS = 10      # years of GDP growth to the cut used to estimate g
STATE_YEARS = 6        # a dyad's latest trade share within this many years before the cut is its initial share


@dataclass(frozen=True, eq=False)
class ModelInputs:
    """What the model needs, read from the knowledge base at a cut year ``until`` (the model starts after it)."""

    powers: tuple[str, ...]
    targets: tuple[str, ...]
    until: int                             # last year of data used: the simulation's (or backtest's) t0
    shares: pd.DataFrame                   # observed trade shares: target, power, year, raw (every year with data)
    gdp_growth: Mapping[str, np.ndarray]   # per power: yearly log changes of GDP over the ten years to ``until``
    initial_state: np.ndarray              # s0[T, d, P] in ``until`` (P: the powers, then OTH)
    weights: np.ndarray                    # the index's dimension weights W[d], summing to one
    estimates: Estimates                   # rho and g estimated from the above, and the priors
    economic_only: bool = False            # True: dimensions other than economic start from equal shares

    @property
    def actors(self) -> tuple[str, ...]:
        return self.powers + (OTHER,)

    @property
    def years(self) -> tuple[int, ...]:
        """The years with observed trade shares."""
        return tuple(sorted(int(y) for y in self.shares.year.unique()))

    def observed(self, years: tuple[int, int]) -> pd.DataFrame:
        """Observed trade shares for the years ``years[0]`` to ``years[1]``, inclusive."""
        return between(self.shares, years)


def context() -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """The index's powers, its targets and its last year with data (the simulation's t0)."""
    cfg = index_config()
    return tuple(cfg["powers"]), tuple(cfg["targets"]), int(cfg["years"][1])


def estimate_inputs(kb: KnowledgeBase, until: int | None = None, *, powers: Sequence[str] | None = None,
                    targets: Sequence[str] | None = None, economic_only: bool = False) -> ModelInputs:
    """Read the knowledge base once and estimate the model's inputs at ``until`` (default: the index's last year)."""
    cfg_powers, cfg_targets, last = context()
    powers = tuple(powers or cfg_powers)
    targets = tuple(targets or cfg_targets)
    until = last if until is None else until
    shares = trade_share(kb, Panel(powers, targets, tuple(range(FIRST_YEAR, until + 1))))
    shares = shares[["target", "power", "year", "raw"]]
    gdp = kb.read_table("indicators", ["country", "year", "value"],
                        where={"indicator": "gdp_usd", "country": [GDP_CODE.get(p, p) for p in powers]},
                        years=(until - GROWTH_YEARS, until), order_by=["country", "year"])
    scores = None
    if not economic_only:
        result = compute(kb, default_panel(targets=list(targets), powers=list(powers), years=(until, until)))
        scores = result[result.indicator.isna() & (result.dimension != "composite")]
    growth = gdp_growth(gdp, powers)
    s0 = initial_state(between(shares, (until - STATE_YEARS, until)), scores, powers, targets)
    est = growth_estimates(fit_rho(between(shares, (FIRST_YEAR, until))), growth, powers)
    return ModelInputs(powers, targets, until, shares, growth, _frozen(s0), _frozen(dimension_weights()), est,
                       economic_only)


# ---------------------------------------------------------------- estimation (no knowledge base below)

def between(shares: pd.DataFrame, years: tuple[int, int]) -> pd.DataFrame:
    return shares[(shares.year >= years[0]) & (shares.year <= years[1])]


def fit_rho(shares: pd.DataFrame) -> tuple[float, float]:
    """rho and its standard error: the pooled within-dyad AR(1) of yearly trade shares,
    s[t+1] - mean = rho (s[t] - mean), by least squares (0.8 and 0.1 where the data are too few)."""
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
        return rho, float(np.sqrt(resid @ resid / (len(x) - 1) / (x @ x)))
    return 0.8, 0.1


def gdp_growth(gdp: pd.DataFrame, powers: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Per power, the yearly log changes of its GDP (rows country, year, value, ordered by country and year)."""
    out = {}
    for p in powers:
        series = gdp[gdp.country == GDP_CODE.get(p, p)].set_index("year").value if not gdp.empty else pd.Series()
        out[p] = _frozen(np.diff(np.log(series.values)) if len(series) > 2 else np.array([]))
    return out


def growth_estimates(rho: tuple[float, float], growth: Mapping[str, np.ndarray],
                     powers: tuple[str, ...]) -> Estimates:
    """Estimates from rho (and its s.e.) and GDP growth: g[P] is the mean yearly log growth, with the
    standard error of the mean as its spread (0 and 0.02 without data)."""
    g_mean, g_sd = {}, {}
    for p in powers:
        v = growth[p]
        g_mean[p] = float(v.mean()) if v.size else 0.0
        g_sd[p] = float(v.std(ddof=1) / np.sqrt(v.size)) if v.size > 1 else 0.02
    return Estimates(rho=min(max(rho[0], 0.0), 0.98), rho_se=rho[1], g=g_mean, g_sd=g_sd)


def initial_state(shares: pd.DataFrame, scores: pd.DataFrame | None, powers: tuple[str, ...],
                  targets: tuple[str, ...]) -> np.ndarray:
    """s0[T, d, P]: each dyad's latest trade share in ``shares`` for the economic dimension (OTH = the rest
    of T's trade), and for the other dimensions the index's dimension ``scores`` (rows target, dimension,
    power, score), floored at EPSILON, as shares of their sum; equal shares where ``scores`` is None."""
    actors = powers + (OTHER,)
    s0 = np.full((len(targets), len(DIMENSIONS), len(actors)), np.nan)
    for i, t in enumerate(targets):
        sub = shares[shares.target == t]
        latest = {p: g.sort_values("year").raw.iloc[-1] for p, g in sub.groupby("power")}
        row = np.array([latest.get(p, 0.0) for p in powers])
        s0[i, 0, :-1] = row
        s0[i, 0, -1] = max(0.0, 1.0 - row.sum())
    if scores is not None:
        for i, t in enumerate(targets):
            for j, d in enumerate(DIMENSIONS[1:], start=1):
                sub = scores[(scores.target == t) & (scores.dimension == d)].set_index("power").score
                values = np.array([float(sub.get(p, 0.0)) + EPSILON for p in powers] + [EPSILON])
                s0[i, j, :] = values / values.sum()
    else:
        s0[:, 1:, :] = 1.0 / len(actors)
    s0 = np.nan_to_num(s0, nan=1.0 / len(actors))
    return s0 / s0.sum(axis=2, keepdims=True)


# The simulation's own dimensions keep the weights the index had before it was rebuilt around dependence
# (issue 12: the index's dimensions are now trade, finance, security and diplomatic; the model's economic
# dimension starts from the index's trade shares, its security and diplomatic dimensions from the index's
# dimension scores of those names, its connectivity dimension from equal shares and the corridor model).
SIMULATION_WEIGHTS = {"economic": 0.35, "security": 0.25, "diplomatic": 0.25, "connectivity": 0.15}


def dimension_weights() -> np.ndarray:
    """The simulation's dimension weights W[d] (``SIMULATION_WEIGHTS``), summing to one."""
    w = np.array([float(SIMULATION_WEIGHTS[d]) for d in DIMENSIONS])
    return w / w.sum()


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a
