"""The model's parameters, estimated from the panel (``panel.read_panel``) by least squares.

Two equations, named as in docs/model.md and in ``model.py``:

**trade** (pooled over the targets' dyads, target effects ``a[T]`` and power effects ``c[P]``, China the
reference power): with ``z[T, P, t] = ln(s[T, P, t] / s[T, OTH, t])`` the log-ratio of P's share of T's trade
to the share of everyone else (OTH),

    dz[T, P, t+1] = a[T] + c[P] - phi * z[T, P, t] + b_gdp * gdp[P, t] + b_links * links[T, P, t+1]
                    + b_sanctions * sanctions[P, t+1] + b_border * border[T, P] + b_distance * distance[T, P]
                    + b_energy * energy[T, P, t+1] + g_energy * d_energy[T, P, t+1]
                    + b_closure * closure[T, P, t+1] + e[T, P, t+1]

an error-correction model toward the gravity-style attractor
``z*[T, P, t] = (a[T] + c[P] + b_gdp * gdp + b_links * links + ... + b_energy * energy + ...) / phi``, with an
impact term: ``energy`` (gas pipeline capacity from T to P valued at the oil price, per US$ bn of T's GDP) moves
the attractor through ``b_energy`` and the year it changes through ``g_energy`` (``d_energy`` is its change
from t to t+1: gas flows the year a line opens, not a sixth of the way each year); ``closure`` is the share of
the year the T-P border crossings were closed to freight.

**remittances** (KGZ, TJK, UZB, target effects ``r[T]``): with ``m[T, t] = ln(remittances, % of GDP)``,

    dm[T, t+1] = r[T] - psi * m[T, t] + b_growth * rus_growth[t+1] + b_ruble * rub_depr[t+1] + u[T, t+1]

Standard errors are cluster-robust by dyad (trade) and by target (remittances). The residuals, by target and
year, are the shocks the simulation draws (``Residuals``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..errors import RunError
from .panel import REMITTANCE_TARGETS, SANCTIONED, Panel

OTHER = "OTH"
DRIVER_YEARS = 10         # years of history behind each driver's projection (GDP drift and spread)
STATE_YEARS = 6           # a dyad's latest share within this many years before its target's last year starts it
REMIT_FIRST = 2009        # first year with Russia's growth and the ruble (the remittances panel)
TRADE_DRIVERS = ("gdp", "links", "sanctions", "border", "distance", "energy")
TRADE_PARAMS = ("phi", "b_gdp", "b_links", "b_sanctions", "b_border", "b_distance", "b_energy", "g_energy",
                "b_closure")   # the trade equation's parameters after the target and power effects, in order
# the parameters of one driver: a driver nonzero in no more rows than it has parameters is not identified (its
# estimate would be the noise of those rows, fitted exactly: the pipeline's effect at an origin in 2010)
DRIVER_GROUPS = (("b_links",), ("b_sanctions",), ("b_energy", "g_energy"), ("b_closure",))
REMIT_DRIVERS = ("rus_growth", "rub_depr")
ENERGY_FORMS = ("level", "impact")
COMBINATIONS = ("none", "horizon", "pooled", "equal")
SHIFTS = ("paths", "centre")


@dataclass(frozen=True)
class Spec:
    """Which form of the model is estimated (docs/model.md's "Variants tried" lists every one with its backtest).

    ``energy``: "level" (``b_energy * energy + g_energy * d_energy``) or "impact" (``g_energy * d_energy`` only:
    the pipeline's level term left out). ``combine``: how the trade forecast is combined with persistence
    (``combination.py``): "none", "horizon" (a weight per horizon), "pooled" (one weight for every horizon),
    both estimated from the training window's own pseudo-out-of-sample forecasts, or "equal" (0.5, estimated
    from nothing); ``shift``: what the weight moves toward persistence, each run's path without shocks
    ("paths") or the ensemble's mean ("centre"); ``inner_years``: the years of data an origin of the
    pseudo-out-of-sample forecasts needs at least (10, as the backtest's first origin, 2005, has from 1995: the
    forecasts behind the weights are made as the forecasts they weight; 0: every origin that can be estimated)."""

    energy: str = "level"
    combine: str = "none"
    shift: str = "paths"
    inner_years: int = 10

    def __post_init__(self):
        if self.energy not in ENERGY_FORMS or self.combine not in COMBINATIONS or self.shift not in SHIFTS:
            raise RunError(f"no model variant energy={self.energy!r}, combine={self.combine!r}, "
                           f"shift={self.shift!r}: energy one of {', '.join(ENERGY_FORMS)}, combine one of "
                           f"{', '.join(COMBINATIONS)}, shift one of {', '.join(SHIFTS)}")

    @property
    def label(self) -> str:
        return f"energy={self.energy}, combine={self.combine}" + (
            f", shift={self.shift}" if self.combine != "none" else "") + (
            f", inner_years={self.inner_years}" if self.combine in ("horizon", "pooled") else "")


MODEL = Spec(combine="horizon")   # the model that simulate, the backtest and the docs use (docs/model.md: why)


@dataclass(frozen=True, eq=False)
class Equation:
    """Least-squares estimates of one equation: ``names`` as in the docs, estimates, covariance, the data."""

    name: str
    names: tuple[str, ...]
    coef: np.ndarray
    cov: np.ndarray
    n: int
    clusters: int
    years: tuple[int, int]
    sigma: float
    identified: tuple[bool, ...]

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.clip(np.diag(self.cov), 0.0, None))

    def get(self, name: str) -> float:
        return float(self.coef[self.names.index(name)])

    def table(self) -> list[dict]:
        return [{"parameter": n, "estimate": float(c), "se": float(s), "identified": bool(i)}
                for n, c, s, i in zip(self.names, self.coef, self.se, self.identified)]


@dataclass(frozen=True, eq=False)
class Residuals:
    """Shocks to draw from: ``trade[T, k, P]`` the residual vectors of target T's years (``n_trade[T]`` of them;
    a dyad's gap in a year is filled with one of its own residuals from another year), ``remit[k]`` the pooled
    remittance residuals."""

    trade: np.ndarray
    n_trade: np.ndarray
    remit: np.ndarray


@dataclass(frozen=True, eq=False)
class ModelInputs:
    """What the model needs, read and estimated at ``until`` (the simulation starts after each target's last
    year with data, at most ``until``)."""

    panel: Panel
    until: int
    trade: Equation
    remit: Equation | None
    residuals: Residuals
    z0: np.ndarray                 # (T, P) log-ratio to OTH at each target's start (NaN: dyad not modelled)
    start: dict[str, int]          # each target's last year with consistent trade shares, at most ``until``
    m0: np.ndarray                 # (T,) log remittances % of GDP at each target's remittance start (NaN: none)
    remit_start: dict[str, int]
    gdp_last: np.ndarray           # (P,) gdp in ``until`` (or the power's last year with it, ``gdp_year``)
    gdp_year: np.ndarray           # (P,) that year
    gdp_drift: np.ndarray          # (P,) mean yearly change of gdp over DRIVER_YEARS, and its spread
    gdp_sd: np.ndarray
    russia: np.ndarray             # (K, 2) the years' (rus_growth, rub_depr) from REMIT_FIRST on
    russia_years: tuple[int, ...]  # their years
    extra: dict = field(default_factory=dict)
    spec: Spec = MODEL
    weights: np.ndarray | None = None   # (H,) the trade forecast's weight at horizons 1..H against persistence's

    @property
    def powers(self) -> tuple[str, ...]:
        return self.panel.powers

    @property
    def targets(self) -> tuple[str, ...]:
        return self.panel.targets

    @property
    def actors(self) -> tuple[str, ...]:
        return self.powers + (OTHER,)

    def links(self, year: int) -> np.ndarray:
        """links[T, P] in ``year`` (the last year of the panel for later years)."""
        k = min(year, self.panel.years[-1]) - self.panel.years[0]
        return self.panel.links[:, k, :]

    def sanctions(self, year: int) -> np.ndarray:
        return sanctions_row(self.powers, min(year, self.until))

    def energy(self, year: int) -> np.ndarray:
        """energy[T, P] in ``year``, held at its value in ``until`` (or the panel's last year) after it."""
        k = min(year, self.until, self.panel.years[-1]) - self.panel.years[0]
        return np.nan_to_num(self._energy[:, k, :])

    def closure(self, year: int) -> np.ndarray:
        """closure[T, P] in ``year`` as observed to ``until``; none foreseen after it."""
        T, P = len(self.targets), len(self.powers)
        if year > self.until or year > self.panel.years[-1] or year < self.panel.years[0]:
            return np.zeros((T, P))
        return self.panel.closures[:, year - self.panel.years[0], :]

    @property
    def _energy(self) -> np.ndarray:
        if "energy" not in self.extra:
            self.extra["energy"] = self.panel.energy
        return self.extra["energy"]


def sanctions_row(powers: Sequence[str], year: int) -> np.ndarray:
    return np.array([1.0 if p in SANCTIONED and year >= SANCTIONED[p] else 0.0 for p in powers])


def context() -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """The index's powers, its targets and its last year (the last year read from the knowledge base)."""
    from ..influence.indicators import config as index_config

    cfg = index_config()
    return tuple(cfg["powers"]), tuple(cfg["targets"]), int(cfg["years"][1])


# ---------------------------------------------------------------- estimation (no knowledge base below)

def log_ratio(share: np.ndarray) -> np.ndarray:
    """z[..., P] = ln(s[..., P] / s[..., OTH]) with s[OTH] = 1 - the sum of the powers' shares given."""
    other = 1.0 - np.nansum(share, axis=-1, keepdims=True)
    other = np.where(np.isfinite(share).any(axis=-1, keepdims=True), other, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.log(share / np.where(other > 0.01, other, np.nan))


def trade_design(panel: Panel, until: int, exclude: frozenset = frozenset(), spec: Spec = MODEL
                 ) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Rows (T, P, t -> t+1) with both years observed and t+1 <= ``until``: names, X, y, dyad id, (T, t+1, P).
    ``exclude``: (target, power, year t+1) rows left out (the episodes' held-out estimates); ``spec.energy``
    "impact" leaves ``b_energy`` out (0, not identified)."""
    T, P = len(panel.targets), len(panel.powers)
    z = log_ratio(panel.share)
    years = np.array(panel.years)
    names = tuple([f"a[{t}]" for t in panel.targets] + [f"c[{p}]" for p in panel.powers[1:]] + list(TRADE_PARAMS))
    sanc = np.stack([sanctions_row(panel.powers, int(y)) for y in years])          # (Y, P)
    energy = np.nan_to_num(panel.energy)
    closure = panel.closures
    rows, ys, ids, where = [], [], [], []
    for i in range(T):
        for k in range(len(years) - 1):
            if years[k + 1] > until:
                break
            for j in range(P):
                z0, z1 = z[i, k, j], z[i, k + 1, j]
                g, dist = panel.gdp[j, k], panel.distance[i, j]
                if not (np.isfinite(z0) and np.isfinite(z1) and np.isfinite(g) and np.isfinite(dist)):
                    continue
                if exclude and (panel.targets[i], panel.powers[j], int(years[k + 1])) in exclude:
                    continue
                x = np.zeros(len(names))
                x[i] = 1.0
                if j > 0:
                    x[T + j - 1] = 1.0
                x[T + P - 1:] = [-z0, g, panel.links[i, k + 1, j], sanc[k + 1, j], panel.border[i, j], dist,
                                 energy[i, k + 1, j], energy[i, k + 1, j] - energy[i, k, j], closure[i, k + 1, j]]
                rows.append(x)
                ys.append(z1 - z0)
                ids.append(i * P + j)
                where.append((i, k + 1, j))
    if len(rows) < 3 * len(names):
        raise RunError(f"insufficient data: {len(rows)} yearly changes of trade shares to {until}, too few to "
                       "estimate the trade equation; no simulation from nothing")
    X = np.array(rows)
    if spec.energy == "impact":
        X[:, names.index("b_energy")] = 0.0
    for group in DRIVER_GROUPS:             # a driver no more rows than parameters would fit exactly: left out
        cols = [names.index(n) for n in group]
        if 0 < (X[:, cols] != 0).any(axis=1).sum() <= len(cols):
            X[:, cols] = 0.0
    return names, X, np.array(ys), np.array(ids), np.array(where)


def ols(name: str, names: tuple[str, ...], X: np.ndarray, y: np.ndarray, clusters: np.ndarray,
        years: tuple[int, int]) -> tuple[Equation, np.ndarray]:
    """Least squares with cluster-robust (CR1) covariance, each variance at least the conventional one; columns
    without variation are left out (0, not identified). Returns the equation and the residuals."""
    keep = np.array([np.ptp(X[:, c]) > 0 or (X[:, c] != 0).all() for c in range(X.shape[1])])
    Xk = X[:, keep]
    XtX_inv = np.linalg.pinv(Xk.T @ Xk)
    b = XtX_inv @ Xk.T @ y
    resid = y - Xk @ b
    n, k = Xk.shape
    groups = np.unique(clusters)
    meat = np.zeros((k, k))
    for g in groups:
        s = Xk[clusters == g].T @ resid[clusters == g]
        meat += np.outer(s, s)
    G = len(groups)
    adj = (G / max(G - 1, 1)) * ((n - 1) / max(n - k, 1))
    cov_k = adj * XtX_inv @ meat @ XtX_inv
    # a driver that varies in a few clusters only (pipelines: three dyads; closures: two) gets clustered variances
    # that are far too small (a few clusters carry all its information): each variance is the larger of the
    # clustered and the conventional one, correlations as clustered (Angrist and Pischke 2009, Mostly Harmless
    # Econometrics, section 8.2: "take the larger of robust and conventional standard errors")
    conv = np.diag(XtX_inv) * (resid @ resid) / max(n - k, 1)
    var = np.diag(cov_k)
    scale = np.sqrt(np.where(var > 0, np.maximum(conv, var) / np.where(var > 0, var, 1.0), 1.0))
    cov_k = cov_k * np.outer(scale, scale)
    tiny = var <= 0
    cov_k[tiny, tiny] = conv[tiny]
    coef, cov = np.zeros(X.shape[1]), np.zeros((X.shape[1], X.shape[1]))
    coef[keep] = b
    cov[np.ix_(keep, keep)] = cov_k
    sigma = float(np.sqrt(resid @ resid / max(n - k, 1)))
    return Equation(name, names, coef, cov, n, G, years, sigma, tuple(bool(v) for v in keep)), \
        resid * np.sqrt(n / max(n - k, 1))


def fit_trade(panel: Panel, until: int, exclude: frozenset = frozenset(), spec: Spec = MODEL
              ) -> tuple[Equation, np.ndarray]:
    """The trade equation to ``until`` and its residuals as an array (T, Y, P) (NaN where no row)."""
    names, X, y, ids, where = trade_design(panel, until, exclude, spec)
    first = panel.years[int(where[:, 1].min()) - 1]
    eq, resid = ols("trade", names, X, y, ids, (first, until))
    out = np.full(panel.share.shape, np.nan)
    out[where[:, 0], where[:, 1], where[:, 2]] = resid
    return eq, out


def fit_remittances(panel: Panel, until: int, exclude: frozenset = frozenset()
                    ) -> tuple[Equation | None, np.ndarray]:
    """The remittances equation to ``until`` (None with fewer than 12 yearly changes) and its residuals.
    ``exclude``: (target, "remittances", year t+1) rows left out."""
    targets = [t for t in REMITTANCE_TARGETS if t in panel.targets]
    names = tuple([f"r[{t}]" for t in targets] + ["psi", *(f"b_{d}" for d in ("growth", "ruble"))])
    m = np.log(panel.remit)
    rows, ys, ids, res_years = [], [], [], []
    for a, t in enumerate(targets):
        i = panel.targets.index(t)
        for k in range(len(panel.years) - 1):
            y1 = panel.years[k + 1]
            if y1 > until or y1 - 1 < REMIT_FIRST:
                continue
            g, d = panel.rus_growth[k + 1], panel.rub_depr[k + 1]
            if not all(np.isfinite(v) for v in (m[i, k], m[i, k + 1], g, d)):
                continue
            if exclude and (t, "remittances", y1) in exclude:
                continue
            x = np.zeros(len(names))
            x[a] = 1.0
            x[len(targets):] = [-m[i, k], g, d]
            rows.append(x)
            ys.append(m[i, k + 1] - m[i, k])
            ids.append(a)
            res_years.append(y1)
    if len(rows) < 12:
        return None, np.array([])
    eq, resid = ols("remittances", names, np.array(rows), np.array(ys), np.array(ids),
                    (min(res_years) - 1, max(res_years)))
    return eq, resid


def residual_pool(resid: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Per target, the residual vectors of its years with at least half the powers' residuals (gaps filled
    with the same dyad's residual of another year, drawn with ``rng``): (T, K, P) and the counts K_T."""
    T, Y, P = resid.shape
    pools = []
    for i in range(T):
        have = np.isfinite(resid[i])
        years = [k for k in range(Y) if have[k].sum() >= max(1, P // 2)]
        vecs = resid[i, years].copy() if years else np.zeros((1, P))
        for j in range(P):
            own = resid[i, have[:, j], j]
            gap = ~np.isfinite(vecs[:, j])
            if gap.any():
                vecs[gap, j] = rng.choice(own, gap.sum()) if own.size else 0.0
        pools.append(vecs)
    K = max(len(p) for p in pools)
    out = np.zeros((T, K, P))
    for i, p in enumerate(pools):
        out[i, :len(p)] = p
    return out, np.array([len(p) for p in pools])


def fit_equations(panel: Panel, until: int | None = None, exclude: frozenset = frozenset(), spec: Spec = MODEL
                  ) -> ModelInputs:
    """Estimate both equations on ``panel`` as known at ``until`` and build the starting state (``exclude``:
    rows left out of the estimation, as ``trade_design``'s; ``spec``: the model's variant), without a
    combination's weights (``fitting.fit`` adds them)."""
    last = panel.last
    explicit = until is not None
    until = max(last.values()) if until is None else until
    known = panel.cut(until)
    trade, resid = fit_trade(known, until, exclude, spec)
    # remittances and Russia's drivers: every year read (they run a year past trade) unless a cut is asked for
    remit_until = until if explicit else panel.years[-1]
    known_r = known if explicit else panel
    remit, rresid = fit_remittances(known_r, remit_until, exclude)
    rng = np.random.default_rng(0)
    pool, counts = residual_pool(resid, rng)
    z = log_ratio(known.share)
    start, z0 = {}, np.full((len(panel.targets), len(panel.powers)), np.nan)
    for i, t in enumerate(panel.targets):
        # the last year whose shares are consistent (their sum leaves everyone else at least 1%): where the
        # reconciled reports of a year add up to more than T's recorded total, the log-ratios are undefined
        have = np.where(np.isfinite(z[i]).sum(axis=1) >= max(1, len(panel.powers) // 2))[0]
        if not have.size:
            continue
        k = have[-1]
        start[t] = panel.years[k]
        for j in range(len(panel.powers)):
            recent = [kk for kk in range(max(0, k - STATE_YEARS), k + 1) if np.isfinite(z[i, kk, j])]
            if recent:
                z0[i, j] = z[i, recent[-1], j]
    m = np.log(known_r.remit)
    m0, remit_start = np.full(len(panel.targets), np.nan), {}
    for i, t in enumerate(panel.targets):
        have = np.where(np.isfinite(m[i]))[0]
        if remit is not None and have.size and t in REMITTANCE_TARGETS:
            m0[i], remit_start[t] = m[i, have[-1]], panel.years[have[-1]]
    gdp_last, drift, sd = np.zeros(len(panel.powers)), np.zeros(len(panel.powers)), np.zeros(len(panel.powers))
    gdp_year = np.full(len(panel.powers), until)
    for j in range(len(panel.powers)):
        g = known.gdp[j]
        have = np.where(np.isfinite(g))[0]
        if not have.size:
            continue
        gdp_last[j], gdp_year[j] = g[have[-1]], panel.years[have[-1]]
        window = g[max(0, have[-1] - DRIVER_YEARS):have[-1] + 1]
        d = np.diff(window[np.isfinite(window)])
        if d.size >= 2:
            drift[j], sd[j] = float(d.mean()), float(d.std(ddof=1))
    ky = [k for k, y in enumerate(panel.years) if REMIT_FIRST <= y <= remit_until
          and np.isfinite(known_r.rus_growth[k]) and np.isfinite(known_r.rub_depr[k])]
    russia = np.array([[known_r.rus_growth[k], known_r.rub_depr[k]] for k in ky]).reshape(-1, 2)
    return ModelInputs(panel, until, trade, remit, Residuals(pool, counts, rresid), z0, start, m0, remit_start,
                       gdp_last, gdp_year, drift, sd, russia, tuple(panel.years[k] for k in ky), spec=spec)
