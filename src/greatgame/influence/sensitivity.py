"""How far the influence index depends on its weights and on each indicator.

    greatgame influence --sensitivity [--draws N]

Everything here starts from the indicator frame (``compute_indicators``: one row
per target, power, year and indicator with ``score`` 0..100 and ``sigma``) and
the published ``Weights`` (``dimensions``: W_d, ``indicators``: w_k inside a
dimension). The composite is the index's own definition, recomputed here in
vectorised numpy so that thousands of perturbed versions cost little:

    dimension_d = sum_k w_k s_k / sum_k w_k        over the indicators k of d with data
    composite   = sum_d W_d dimension_d / sum_d W_d  over the dimensions d with data,
                  and no composite unless the index's own rule holds (``uncertainty.enough``: at
                  least 2 dimensions with measured data carrying half the dimension weights).

Nominal weights. The two levels of weights are one vector over the indicators,
``e_k = W_d(k) * w_k / sum_{j in d(k)} w_j`` (normalised to sum 1); with every
indicator present the composite is ``sum_k e_k s_k``. A perturbed vector gives
dimension weights ``sum_{k in d} e*_k`` and within-dimension weights ``e*_k / that``.

Three perturbations:

1. Weight draws: ``e* ~ Dirichlet(c * e)`` with c = CONCENTRATION = 20 (the
   design's alpha = 20 w). Each draw's mean is the published weight; a weight
   e varies with coefficient of variation sqrt((1 - e) / (e (c + 1))): about
   44% for e = 0.2 and 65% for e = 0.1, i.e. wide, since no published weight
   is known to better than that.
2. Dropping each indicator in turn (published weights; the indicator is treated
   as missing everywhere, so its dimension is renormalised or, if it was the
   dimension's only indicator, left out). Dropping a measured indicator drops
   its term, not its data: the scores it modulates keep their values.
3. Sobol total-order indices (below).

From 1 and 2: for each target and year, how often its leading power (highest
composite with the published weights) stays first; a leader held in fewer than
TIE_THRESHOLD (90%) of the weight draws is shown as a tie with the powers that
lead in at least 10% of them. For each power and year, how often its rank order
over the targets survives a weight draw (and the mean Spearman correlation of
the drawn order with the published one). For both, which dropped indicators
change the result.

Sobol total-order indices (Jansen's estimator, as in the JRC/OECD Handbook on
Constructing Composite Indicators, 2008, ch. 7, and Saltelli et al. 2010). The
composite is a function of K independent factors, one per indicator:
X_k = (G_k, Z_k), where G_k ~ Gamma(c e_k) is the k-th gamma variate of the
weight draw (e* = G / sum G is exactly Dirichlet(c e)) and Z_k the standard
normal errors of the indicator's own values, for every target, power, year:

    s*_k = clip(s_k + sigma_k Z_k, 0, 100)                       a measured indicator
    s*_j = clip(F_j + sigmaF_j Z_j, 0, 100) * mean_{b in B_j} s*_b / 100
                                                                 a modulated one (``modulates``)

the modulated one recomputed from the sampled scores of the indicators B_j it
scales, as ``uncertainty.intervals`` redraws it (the same ``Modulation`` table:
the fact F_j and its own error sigmaF_j, ``index._modulation``); a cell whose
score is not F_j times its bases' mean is drawn with its own sigma. The
factors are the independent random inputs, so: a base's factor X_b (its
weight and its value errors) also moves every score it modulates, and its
total-order index counts that variance, in its own dimension and in the
modulated score's; a modulated indicator's factor X_j is its weight and its
fact's own error only, not the error of the dependence it scales. The
hand-coded group's index is therefore the variance owed to the hand-coded
weights and facts; the measured error they carry is the measured base's. The
cross-section share below is the other reading: it charges a modulated score
whole (fact x base) to the modulated indicator. With two independent sample
matrices A and B and AB_k = A with factor k taken from B (a modulated score
of AB_k: its fact from the sample of its own factor, each base from its
factor's sample),

    V_u    = Var(y_u)  from f(A) and f(B) pooled            (per composite u)
    E_u,k  = (1 / 2N) sum_j (f(A)_j - f(AB_k)_j)^2           (Jansen 1999)
    ST_k   = sum_u E_u,k / sum_u V_u                         (over the composites u asked for)

i.e. each composite's total-order index E_u,k / V_u averaged with its variance
as weight: the share of the index's uncertainty that would disappear if
indicator k (its weight and its value) were known exactly. Total-order indices
count interactions in each factor, so they add up to 1 or more. The
hand-coded inputs (input_kind ordinal or binary) are also taken as one group
(AB_G: all of them from B), giving their joint total-order index.

Beside it, ``cross_section_share`` answers the other reading of "share of the
composite's variance": the share of the variance of the composites across
targets and powers within a year (pooled over years) carried by indicator k,
cov(c_k, y) / var(y), where c_k = (effective weight of k) x s_k is k's
contribution to the composite y = sum_k c_k. These add up to 1.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InfluenceError
from .stability import TIE_THRESHOLD, leaders, rank_orders
from .uncertainty import Modulation

__all__ = ["CONCENTRATION", "HAND_CODED", "MIN_DIMENSIONS", "TIE_THRESHOLD", "SensitivityReport",
           "effective_weights", "point_composite", "sensitivity"]

CONCENTRATION = 20.0          # Dirichlet concentration c: alpha_k = c * e_k
MIN_DIMENSIONS = 2            # no composite from fewer dimensions with data
HAND_CODED = ("ordinal", "binary")
KEY = ["target", "power", "year"]
_CHUNK = 1_000_000            # elements per (draws x composites x indicators) block


# ---------------------------------------------------------------- the frame as arrays
@dataclass
class _Arrays:
    units: pd.DataFrame        # target, power, year: row u
    indicators: list[str]      # k
    dimensions: list[str]      # d
    dim_of: np.ndarray         # (K,) d of k
    H: np.ndarray              # (K, D) one-hot indicator -> dimension
    score: np.ndarray          # (U, K) 0..100, 0 where missing
    sigma: np.ndarray          # (U, K) points, 0 where missing
    avail: np.ndarray          # (U, K) bool: a score, and a weight > 0
    weight: np.ndarray         # (K,) nominal weights e_k, sum 1
    kind: list[str]            # input_kind of k
    value: np.ndarray          # (U, K) what is drawn: the score, or F_k where k is recomputed (``rec``); 0 missing
    error: np.ndarray          # (U, K) its error in points: sigma, or the fact's own sigmaF_k where ``rec``
    known: np.ndarray          # (U, K) bool: a score (whatever its weight: a base scales its facts all the same)
    rec: np.ndarray            # (U, K) bool: k is a modulated fact times its bases' drawn mean in cell u
    bases: tuple[tuple[int, ...], ...] = ()   # per k: the columns whose mean score scales it (() if none)

    @property
    def K(self) -> int:
        return len(self.indicators)


def _default_weights():
    from . import Weights  # contract name: Weights.default() from the registry

    return Weights.default()


def _arrays(indicators: pd.DataFrame, weights: Any = None, years: Iterable[int] | None = None) -> _Arrays:
    missing = {"target", "power", "year", "indicator", "dimension", "score"} - set(indicators.columns)
    if missing:
        raise InfluenceError(f"indicator frame lacks the columns {', '.join(sorted(missing))}")
    weights = weights if weights is not None else _default_weights()
    df = indicators[indicators["indicator"].notna()]
    if years is not None:
        df = df[df["year"].isin(list(years))]
    df = df.drop_duplicates(KEY + ["indicator"], keep="first")
    dims_of = df.groupby("indicator", sort=False)["dimension"].unique()
    for name, dims in dims_of.items():
        if len(dims) > 1:
            raise InfluenceError(f"indicator {name!r} is in more than one dimension: {', '.join(map(str, dims))}")
    dim_map = {name: dims[0] for name, dims in dims_of.items()}
    for name, dim in dim_map.items():
        if name not in weights.indicators:
            raise InfluenceError(f"indicator {name!r} has no weight (weighted: {', '.join(weights.indicators)})")
        if dim not in weights.dimensions:
            raise InfluenceError(f"dimension {dim!r} has no weight (weighted: {', '.join(weights.dimensions)})")
    dim_order = {d: i for i, d in enumerate(weights.dimensions)}
    ind_order = {n: i for i, n in enumerate(weights.indicators)}
    names = sorted(dim_map, key=lambda n: (dim_order[dim_map[n]], ind_order[n]))
    dimensions = [d for d in weights.dimensions if d in set(dim_map.values())]
    dim_of = np.array([dimensions.index(dim_map[n]) for n in names], dtype=int)
    H = np.zeros((len(names), len(dimensions)))
    H[np.arange(len(names)), dim_of] = 1.0
    w = np.array([max(0.0, float(weights.indicators[n])) for n in names])
    W = np.array([max(0.0, float(weights.dimensions[d])) for d in dimensions])
    inside = H.T @ w                                   # (D,) sum of indicator weights per dimension
    e = np.where(inside[dim_of] > 0, W[dim_of] * w / np.where(inside[dim_of] > 0, inside[dim_of], 1), 0.0)
    if len(names) and e.sum() <= 0:
        raise InfluenceError("every indicator and dimension weight is zero")
    e = e / e.sum() if len(names) else e

    units = df[KEY].drop_duplicates().sort_values(KEY).reset_index(drop=True)
    u = pd.MultiIndex.from_frame(units).get_indexer(pd.MultiIndex.from_frame(df[KEY]))
    k = pd.Index(names).get_indexer(df["indicator"])
    score = np.full((len(units), len(names)), np.nan)
    score[u, k] = pd.to_numeric(df["score"], errors="coerce").to_numpy(float)
    sigma = np.zeros_like(score)
    if "sigma" in df:
        sigma[u, k] = pd.to_numeric(df["sigma"], errors="coerce").fillna(0.0).to_numpy(float)
    known = ~np.isnan(score)
    avail = known & (e > 0)[None, :]
    mod = _modulation(df, u, k, names, score, sigma)
    full = np.clip(np.nan_to_num(score), 0.0, 100.0)
    value, error = np.where(known, full, 0.0), np.where(known, np.abs(sigma), 0.0)
    rec = np.zeros_like(known)
    bases: tuple[tuple[int, ...], ...] = tuple(() for _ in names)
    if mod is not None:
        rec = ~np.isnan(mod.fact) & known
        value = np.where(rec, np.clip(np.nan_to_num(mod.fact), 0.0, 100.0), value)
        error = np.where(rec, np.abs(mod.fact_sigma), error)
        bases = mod.bases
    score = np.where(avail, full, 0.0)
    sigma = np.where(avail, np.abs(sigma), 0.0)
    kinds = (df.groupby("indicator")["input_kind"].first() if "input_kind" in df else pd.Series(dtype=object))
    kind = [str(kinds.get(n, "unknown")) for n in names]
    return _Arrays(units, names, dimensions, dim_of, H, score, sigma, avail, e, kind, value, error, known, rec, bases)


def _modulation(df: pd.DataFrame, u: np.ndarray, k: np.ndarray, names: list[str], score: np.ndarray,
                sigma: np.ndarray) -> Modulation | None:
    """The index's own ``Modulation`` of the score table (``index._modulation``: the registry's ``modulates``,
    the facts' scores and their own errors, ``uncertainty.modulation``), over the registered indicators among
    ``names`` (an unregistered one is never modulated) and spread back to every column; None where none is
    modulated or the frame has no ``raw`` (the fact) to recompute from."""
    from .index import _modulation as index_modulation
    from .indicators import INDICATORS

    reg = [i for i, n in enumerate(names) if n in INDICATORS]
    if "raw" not in df or not any(INDICATORS[names[i]].modulates for i in reg):
        return None
    at = pd.Index(reg).get_indexer(k)
    rows = at >= 0
    sub = index_modulation(df[rows], u[rows], at[rows], [names[i] for i in reg], score[:, reg], sigma[:, reg])
    if sub is None:
        return None
    fact = np.full(score.shape, np.nan)
    fact_sigma = np.zeros(score.shape)
    fact[:, reg], fact_sigma[:, reg] = sub.fact, sub.fact_sigma
    bases = [()] * len(names)
    for i, bs in zip(reg, sub.bases):
        bases[i] = tuple(reg[b] for b in bs)
    return Modulation(fact, fact_sigma, tuple(bases))


class _Sums:
    """One sample's per-dimension sums, from which a factor's swap costs O(draws x composites).

    The composite does not change when all weights are scaled alike, so the gamma variates G serve as
    weights without normalising: num_d = sum_{k in d} G_k s_k, den_d = sum_{k in d with data} G_k,
    G_d = sum_{k in d} G_k, composite = sum_d G_d [d has data] num_d / den_d / sum_d G_d [d has data].
    """

    def __init__(self, a: _Arrays, g: np.ndarray, s: np.ndarray, avail: np.ndarray):
        """g: (N, K) weights; s: (K, N or 1, U) scores, one contiguous table (draws x composites) per
        indicator; avail: (U, K)."""
        self.a, self.g, self.s, self.avail = a, g, s, avail
        self.av = np.ascontiguousarray(avail.T, dtype=float)              # (K, U)
        N, U, D = g.shape[0], avail.shape[0], len(a.dimensions)
        self.num, self.den = np.zeros((D, N, U)), np.zeros((D, N, U))
        for k in range(a.K):
            if not avail[:, k].any():
                continue
            we = g[:, k, None] * self.av[k][None]                             # (N, U)
            self.num[a.dim_of[k]] += we * s[k]
            self.den[a.dim_of[k]] += we
        self.Gd = g @ a.H                                  # (N, D)
        self.dim_ok = (avail.astype(float) @ a.H) > 0      # (U, D)
        self.enough = _eligible(a, avail)
        self.ds = self.num / np.where(self.den > 0, self.den, 1.0)            # (D, N, U)
        self.T, self.Z = np.zeros((N, U)), np.zeros((N, U))
        for d in range(D):
            w = self.Gd[:, d, None] * self.dim_ok[None, :, d]
            self.T += w * self.ds[d]
            self.Z += w

    def composite(self, T: np.ndarray | None = None, Z: np.ndarray | None = None) -> np.ndarray:
        T = self.T if T is None else T
        Z = self.Z if Z is None else Z
        return np.where(self.enough[None], T / np.where(Z > 0, Z, 1.0), np.nan)

    def swapped(self, cols: list[int], g_other: np.ndarray, s_new: dict[int, np.ndarray]) -> np.ndarray:
        """The composite with the weights of the indicators ``cols`` taken from another sample (``g_other``) and
        the scores ``s_new`` (indicator -> (N, U)): those of ``cols`` and of the modulated scores they move."""
        T, Z = self.T.copy(), self.Z.copy()
        moved = set(cols) | set(s_new)
        for d in sorted({int(self.a.dim_of[k]) for k in moved}):
            num, den, Gd = self.num[d].copy(), self.den[d].copy(), self.Gd[:, d].copy()
            for k in sorted(moved):
                if self.a.dim_of[k] != d:
                    continue
                av = self.av[k][None]
                g_old = self.g[:, k, None]
                g_new = g_other[:, k, None] if k in cols else g_old
                num += av * (g_new * s_new.get(k, self.s[k]) - g_old * self.s[k])
                if k in cols:
                    dg = g_new - g_old
                    den += av * dg
                    Gd += dg[:, 0]
            ok = self.dim_ok[:, d][None]
            old_w, new_w = self.Gd[:, d, None] * ok, Gd[:, None] * ok
            T += new_w * num / np.where(den > 0, den, 1.0) - old_w * self.ds[d]
            Z += new_w - old_w
        return self.composite(T, Z)


class _Draw:
    """One sample's indicator values over a block of composites (rows ``rows`` of the arrays), from standard
    normal errors z (K, N, u): ``fact`` every column drawn as clip(value + error z, 0, 100), i.e. a score with
    its sigma, or a modulated fact F_j with its own error sigmaF_j where ``rec``; ``s`` the scores: there the
    fact times the mean of its bases' drawn scores over 100 (``scale``), as ``uncertainty`` redraws it."""

    def __init__(self, a: _Arrays, rows: np.ndarray, z: np.ndarray):
        self.a = a
        z *= a.error[rows].T[:, None, :]
        z += a.value[rows].T[:, None, :]
        self.fact = np.clip(z, 0.0, 100.0, out=z)                            # (K, N, u)
        self.rec, self.known = a.rec[rows], a.known[rows]                     # (u, K)
        self.mods = [j for j, bs in enumerate(a.bases) if bs and self.rec[:, j].any()]
        self.scale = {j: self._scale(j, {}) for j in self.mods}
        self.s = self.fact.copy() if self.mods else self.fact
        for j in self.mods:
            self.s[j] = self._times(j, self.fact[j], self.scale[j])

    def _scale(self, j: int, other: dict[int, _Draw]) -> np.ndarray:
        """(N, u): the mean drawn score of column j's bases with a score, over 100; base b as in ``other[b]``
        (default this sample). A base is measured, never modulated: its score is its own draw."""
        bs = self.a.bases[j]
        total = np.zeros(self.fact.shape[1:])
        for b in bs:
            total += self.known[:, b] * other.get(b, self).fact[b]
        return total / (100.0 * np.maximum(self.known[:, list(bs)].sum(axis=1), 1))

    def _times(self, j: int, fact: np.ndarray, scale: np.ndarray) -> np.ndarray:
        return np.where(self.rec[:, j], fact * scale, fact)

    def swapped_scores(self, cols: list[int], other: _Draw) -> dict[int, np.ndarray]:
        """The scores of sample AB_G (this sample with the factors ``cols`` from ``other``) that differ from this
        sample's: each column of G as in ``other``, and every recomputed score whose fact or one of whose bases
        is in G, from the fact and the bases of the sample each comes from."""
        g = set(cols)
        out = {k: other.s[k] for k in cols}
        for j in self.mods:
            moved = g.intersection(self.a.bases[j])
            if j in g or moved:
                scale = self._scale(j, {b: other for b in moved}) if moved else self.scale[j]
                out[j] = self._times(j, (other if j in g else self).fact[j], scale)
        return out


def _eligible(a: _Arrays, avail: np.ndarray) -> np.ndarray:
    """(U,): the index's own rule for a composite (``uncertainty.enough``): at least ``min_dimensions``
    dimensions with data from a measured (not hand-coded) indicator, carrying at least ``min_weight_share``
    of the published dimension weights (weights.yaml). Judged on the published weights in every draw: it is
    a rule about the data, not about the weights."""
    from .indicators import config
    from .uncertainty import enough

    cfg = config()
    measured = np.array([k not in HAND_CODED for k in a.kind], dtype=bool)
    counts = ((avail & measured[None, :]).astype(float) @ a.H) > 0
    return enough(counts, a.weight @ a.H, int(cfg.get("min_dimensions", MIN_DIMENSIONS)),
                  float(cfg.get("min_weight_share", 0.0)))


def _point(a: _Arrays, avail: np.ndarray | None = None) -> np.ndarray:
    """(U,): the composites with the published weights and values (NaN: insufficient data)."""
    avail = a.avail if avail is None else avail
    return _Sums(a, a.weight[None, :], a.score.T[:, None, :], avail).composite()[0]


def _effective(a: _Arrays, avail: np.ndarray | None = None) -> np.ndarray:
    """(U, K): the weight each indicator's score carries in each composite (published weights; 0 if none)."""
    avail = a.avail if avail is None else avail
    we = a.weight[None, :] * avail
    den = we @ a.H
    within = we / np.where(den > 0, den, 1.0)[:, a.dim_of]
    dim_ok = den > 0
    wd = (a.weight @ a.H)[None, :] * dim_ok
    dshare = wd / np.where(wd.sum(1, keepdims=True) > 0, wd.sum(1, keepdims=True), 1.0)
    eff = within * dshare[:, a.dim_of]
    eff[~_eligible(a, avail)] = 0.0
    return eff


def point_composite(indicators: pd.DataFrame, weights: Any = None,
                    years: Iterable[int] | None = None) -> pd.DataFrame:
    """The composite with the published weights: target, power, year, score (NaN: insufficient data)."""
    a = _arrays(indicators, weights, years)
    out = a.units.copy()
    out["score"] = _point(a) if a.K else np.nan
    return out


def effective_weights(indicators: pd.DataFrame, weights: Any = None,
                      years: Iterable[int] | None = None) -> pd.DataFrame:
    """target, power, year, indicator, dimension, weight: d composite / d score of each indicator with data."""
    a = _arrays(indicators, weights, years)
    eff = _effective(a)
    u, k = np.nonzero(a.avail)
    out = a.units.iloc[u].reset_index(drop=True)
    out["indicator"] = [a.indicators[i] for i in k]
    out["dimension"] = [a.dimensions[a.dim_of[i]] for i in k]
    out["weight"] = eff[u, k]
    return out


# ---------------------------------------------------------------- the report
@dataclass
class SensitivityReport:
    """What ``sensitivity`` found; every table is a DataFrame, ``as_dict()`` gives JSON."""

    draws: int
    seed: int
    concentration: float
    years: list[int]
    leader_stability: pd.DataFrame   # target, year, leader, score, held, tie, shown, contenders, drop_changes
    rank_stability: pd.DataFrame     # power, year, order, held, spearman, drop_changes
    sobol_total: pd.DataFrame        # indicator, dimension, input_kind, weight, total_order, cross_section_share
    drop_one: pd.DataFrame           # indicator, leaders_changed, leaders, rank_orders_changed, scores_lost,
                                     # mean_abs_change, max_abs_change
    hand_coded: dict[str, Any] = field(default_factory=dict)   # indicators, total_order, cross_section_share
    threshold: float = TIE_THRESHOLD

    def as_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws, "seed": self.seed, "concentration": self.concentration, "years": self.years,
            "tie_threshold": self.threshold,
            "estimator": "Sobol total-order index, Jansen estimator over Dirichlet weight draws and "
                         "indicator-value draws (sigma; a modulated score recomputed from the sampled scores "
                         "it scales, its factor its weight and the fact's own error); variance-weighted over "
                         "the composites",
            "leader_stability": _records(self.leader_stability),
            "rank_stability": _records(self.rank_stability),
            "sobol_total": _records(self.sobol_total),
            "drop_one": _records(self.drop_one),
            "hand_coded": _clean(self.hand_coded),
        }


def _clean(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, np.ndarray)):
        return [_clean(x) for x in v]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if not np.isfinite(v) else round(float(v), 6)
    return v


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [_clean(r) for r in df.to_dict("records")]


def _gamma(rng: np.random.Generator, alpha: np.ndarray, n: int) -> np.ndarray:
    g = rng.gamma(np.where(alpha > 0, alpha, 1.0), size=(n, len(alpha)))
    g = np.where(alpha > 0, g, 0.0)
    return np.maximum(g, np.where(alpha > 0, 1e-300, 0.0))


def sensitivity(indicators: pd.DataFrame, weights: Any = None, draws: int = 1000, seed: int = 0,
                years: Iterable[int] | None = None, *, concentration: float = CONCENTRATION) -> SensitivityReport:
    """Weight draws, drop-one and Sobol total-order indices of the composite (see the module's docstring).

    indicators: the frame of ``compute_indicators`` (indicator rows; other rows are ignored);
    weights: an object with ``dimensions`` and ``indicators`` dicts (default ``Weights.default()``);
    years: the years to analyse (default every year in the frame).
    """
    if draws < 2:
        raise InfluenceError(f"draws must be at least 2, not {draws}")
    if concentration <= 0:
        raise InfluenceError(f"the Dirichlet concentration must be positive, not {concentration}")
    a = _arrays(indicators, weights, years)
    U, K, N = len(a.units), a.K, int(draws)
    rng = np.random.default_rng(seed)
    alpha = concentration * a.weight
    gA, gB = _gamma(rng, alpha, N), _gamma(rng, alpha, N)
    point = _point(a) if K else np.full(U, np.nan)
    has = ~np.isnan(point)

    hand = [k for k in range(K) if a.kind[k] in HAND_CODED]
    groups: list[list[int]] = [[k] for k in range(K)] + ([hand] if hand else [])

    # weight draws at the published values, and the Sobol sums, a block of composites at a time
    by_weight = np.full((N, U), np.nan)
    num = np.zeros(len(groups))
    var_sum = 0.0
    step = max(1, _CHUNK // max(1, N * K))
    for lo in range(0, U, step):
        sl = slice(lo, min(U, lo + step))
        av = a.avail[sl]
        by_weight[:, sl] = _Sums(a, gA, a.score[sl].T[:, None, :], av).composite()
        ok = has[sl]
        if not ok.any():
            continue
        rows = np.flatnonzero(ok) + lo
        av = av[ok]
        dA = _Draw(a, rows, rng.standard_normal((K, N, len(rows))))
        dB = _Draw(a, rows, rng.standard_normal((K, N, len(rows))))
        A, B = _Sums(a, gA, dA.s, av), _Sums(a, gB, dB.s, av)
        fA = A.composite()
        var_sum += float(np.concatenate([fA, B.composite()]).var(axis=0).sum())
        for i, cols in enumerate(groups):
            f = A.swapped(cols, gB, dA.swapped_scores(cols, dB))
            num[i] += float((0.5 * ((fA - f) ** 2).mean(axis=0)).sum())
    st = num / var_sum if var_sum > 0 else np.zeros(len(groups))

    # drop each indicator in turn
    dropped = np.full((K, U), np.nan)
    for k in range(K):
        av = a.avail.copy()
        av[:, k] = False
        dropped[k] = _point(a, av)

    leader, leader_drop = leaders(a, point, by_weight, dropped)
    ranks, rank_drop = rank_orders(a, point, by_weight, dropped)

    # cross-section: share of the within-year variance of the composites carried by each indicator
    eff = _effective(a)
    contrib = eff * a.score
    cov = np.zeros(K)
    var_y = 0.0
    for _, idx in a.units[has].groupby("year").indices.items():
        rows = np.flatnonzero(has)[idx]
        if len(rows) < 2:
            continue
        c = contrib[rows] - contrib[rows].mean(0)
        y = c.sum(1)
        cov += c.T @ y
        var_y += float(y @ y)
    xs = cov / var_y if var_y > 0 else np.full(K, np.nan)

    changes = np.abs(dropped - point[None, :])
    sobol = pd.DataFrame({
        "indicator": a.indicators,
        "dimension": [a.dimensions[d] for d in a.dim_of],
        "input_kind": a.kind,
        "weight": a.weight,
        "total_order": st[:K],
        "cross_section_share": xs,
    })
    drop = pd.DataFrame({
        "indicator": a.indicators,
        "leaders_changed": [len(leader_drop.get(n, [])) for n in a.indicators],
        "leaders": [sorted(leader_drop.get(n, [])) for n in a.indicators],
        "rank_orders_changed": [rank_drop.get(n, 0) for n in a.indicators],
        "scores_lost": [int((has & np.isnan(dropped[k])).sum()) for k in range(K)],
        "mean_abs_change": [float(np.nanmean(changes[k])) if np.isfinite(changes[k]).any() else np.nan
                            for k in range(K)],
        "max_abs_change": [float(np.nanmax(changes[k])) if np.isfinite(changes[k]).any() else np.nan
                           for k in range(K)],
    })
    hand_coded = {"indicators": [a.indicators[k] for k in hand],
                  "total_order": float(st[K]) if hand else 0.0,
                  "cross_section_share": float(xs[hand].sum()) if hand else 0.0}
    yrs = sorted(int(y) for y in a.units.year[has].unique())
    return SensitivityReport(N, seed, float(concentration), yrs, leader, ranks, sobol, drop, hand_coded)
