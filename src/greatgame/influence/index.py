"""The influence index: fixed-scale indicator scores, weighted into dimensions and a composite, with intervals.

    score_i      = 100 * clip(raw_i / scale_i, 0, 1)                 (scale_i: a fixed constant, per indicator)
    sigma_i      = score_i * err_i                                   (err_i: relative measurement error)
    dimension_d  = sum_i w_i * score_i / sum_i w_i       over the indicators i of d with data
    composite    = sum_d W_d * dimension_d / sum_d W_d   over the dimensions d with data, at least MIN_DIMENSIONS

``compute_indicators(kb, panel)`` gives one row per target, power, year and indicator (missing ones
included, basis 'missing'); ``aggregate(indicators, weights)`` adds the dimension and composite rows and the
80% intervals (``uncertainty.py``); ``compute`` is both. Missing is never zero: a missing indicator is left
out of its dimension, a missing dimension out of the composite, and a composite with data in fewer than two
dimensions is not given ("insufficient data").
"""
from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..errors import InfluenceError
from ..kb.store import KnowledgeBase
from . import uncertainty
from .indicators import BASES, DIMENSIONS, HAND_CODED, INDICATORS, Panel, config

__all__ = ["DIMENSIONS", "InfluenceError", "Weights", "aggregate", "composite_table", "compute", "compute_indicators",
           "default_panel", "last_data_year", "to_records", "variance_shares"]

INDICATOR_COLUMNS = ["target", "power", "year", "indicator", "dimension", "raw", "score", "sigma", "basis",
                     "data_year", "input_kind", "sources"]
RESULT_COLUMNS = ["target", "power", "year", "dimension", "indicator", "raw", "score", "lo", "hi", "weight",
                  "contribution", "basis", "data_year", "sigma", "input_kind", "missing", "sources"]
BASIS_ORDER = {b: i for i, b in enumerate(BASES)}      # a dimension's basis: the least direct of its inputs'


@dataclass
class Weights:
    dimensions: dict[str, float]
    indicators: dict[str, float]
    concentration: float = field(default=20.0)

    @classmethod
    def default(cls) -> "Weights":
        cfg = config()
        over = cfg.get("indicators") or {}
        return cls(dict(cfg["dimensions"]), {name: float(over.get(name, ind.weight)) for name, ind in INDICATORS.items()},
                   float(cfg.get("dirichlet_concentration", 20.0)))

    def with_dimensions(self, spec: str | None) -> "Weights":
        """Override dimension (or indicator) weights from 'trade=0.5,security=0.2,...,presence=0'."""
        if not spec:
            return self
        dims, inds = dict(self.dimensions), dict(self.indicators)
        for part in spec.split(","):
            name, _, value = part.partition("=")
            name = name.strip()
            if name not in DIMENSIONS and name not in INDICATORS:
                raise InfluenceError(f"unknown dimension or indicator {name!r} in weights (dimensions: "
                                     f"{', '.join(DIMENSIONS)}; indicators: {', '.join(INDICATORS)})")
            try:
                number = float(value)
            except ValueError:
                raise InfluenceError(f"weight for {name!r} is not a number: {value!r}") from None
            if not number >= 0:
                raise InfluenceError(f"weight for {name!r} is negative")
            (dims if name in DIMENSIONS else inds)[name] = number
        if sum(dims.values()) <= 0:
            raise InfluenceError("dimension weights sum to zero")
        return Weights(dims, inds, self.concentration)

    def arrays(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """(indicator names in registry order, their weights, their dimension index, the dimension weights)."""
        names = list(INDICATORS)
        w = np.array([float(self.indicators.get(n, INDICATORS[n].weight)) for n in names])
        dim_of = np.array([DIMENSIONS.index(INDICATORS[n].dimension) for n in names])
        W = np.array([float(self.dimensions.get(d, 0.0)) for d in DIMENSIONS])
        return names, w, dim_of, W


def default_panel(powers: list[str] | None = None, targets: list[str] | None = None,
                  years: tuple[int, int] | None = None) -> Panel:
    """The configured powers and targets, from the first configured year to this year (``compute_indicators``
    drops the years after the last year with data)."""
    cfg = config()
    first, last = years or (int(cfg["years"][0]), max(int(cfg["years"][1]), dt.date.today().year))
    for p in powers or []:
        if p not in cfg["powers"] and len(p) != 3:
            raise InfluenceError(f"unknown power {p!r}")
    for t in targets or []:
        if t not in cfg["targets"]:
            raise InfluenceError(f"unknown target {t!r}: one of {', '.join(cfg['targets'])}")
    return Panel(tuple(powers or cfg["powers"]), tuple(targets or cfg["targets"]), tuple(range(first, last + 1)))


def last_data_year(indicators: pd.DataFrame) -> int | None:
    """The last year with a value that is data (not a nowcast, not a hand-coded fact) in an indicator frame."""
    real = indicators[indicators.basis.isin(["observed", "reconciled", "mirrored"])
                      & ~indicators.input_kind.isin(HAND_CODED) & (indicators.indicator != "events")]
    return int(real.year.max()) if not real.empty else None


_F = TypeVar("_F", bound=Callable[..., Any])


def _without_cycle_collector(fn: _F) -> _F:
    """Run ``fn`` with Python's cyclic garbage collector paused (and resumed after, if it ran before). A recompute
    makes some 300,000 small objects (figures, source lists, rows) that reference counting frees; the collector
    would walk every live object of the process again and again meanwhile (a sixth of ``compute_indicators``'
    time). Cycles made meanwhile are collected once it runs again."""
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was:
                gc.enable()
    return run  # type: ignore[return-value]


@_without_cycle_collector
def compute_indicators(kb: KnowledgeBase, panel: Panel | None = None) -> pd.DataFrame:
    """One row per target, power, year and indicator of the panel, up to the last year with data:
    ``target, power, year, indicator, dimension, raw, score, sigma, basis, data_year, input_kind, sources``.

    ``score`` = 100 * clip(raw / scale, 0, 1); ``sigma`` its measurement error in points; a dyad-year without
    data has a row with basis 'missing' and no raw or score. The indicators see every year from the first
    configured year on (nowcasts need the years before), whatever years the panel asks for."""
    panel = panel or default_panel()
    first = min(int(config()["years"][0]), min(panel.years))
    wide = Panel(panel.powers, panel.targets, tuple(range(first, max(panel.years) + 1)))
    targets, powers, years_in = set(panel.targets), set(panel.powers), set(panel.years)
    frames: dict[str, pd.DataFrame] = {}
    for name, ind in INDICATORS.items():
        df = ind(kb, wide)
        if df is None or df.empty:
            continue
        # the panel's rows, the first of each target, power and year
        seen: set[tuple[Any, ...]] = set()
        rows = []
        for k, key in enumerate(zip(df.target.tolist(), df.power.tolist(), df.year.tolist())):
            if key[0] in targets and key[1] in powers and key[2] in years_in and key not in seen:
                seen.add(key)
                rows.append(k)
        df = df.iloc[rows]
        score = 100.0 * np.clip(df.raw.astype(float).to_numpy() / ind.scale, 0.0, 1.0)
        err = df.err.astype(float).to_numpy()
        err = np.maximum(np.where(np.isnan(err), 0.0, err), ind.floor)
        df = df.assign(score=score, sigma=score * err, indicator=name, dimension=ind.dimension, input_kind=ind.kind)
        frames[name] = df
    for name, ind in INDICATORS.items():
        if ind.modulates and name in frames:
            frames[name] = _modulated(frames[name], [frames.get(b) for b in ind.modulates], ind.modulates)
    data = pd.concat(list(frames.values()), ignore_index=True) if frames else \
        pd.DataFrame(columns=INDICATOR_COLUMNS)
    data["year"] = data.year.astype(int)
    last = last_data_year(data) if not data.empty else None
    years = [y for y in panel.years if last is not None and y <= last]
    grid = pd.MultiIndex.from_product([panel.targets, panel.powers, years, list(INDICATORS)],
                                      names=["target", "power", "year", "indicator"]).to_frame(index=False)
    out = grid.merge(data.drop(columns=["dimension", "input_kind"], errors="ignore"),
                     on=["target", "power", "year", "indicator"], how="left")
    out["dimension"] = out.indicator.map({n: i.dimension for n, i in INDICATORS.items()})
    out["input_kind"] = out.indicator.map({n: i.kind for n, i in INDICATORS.items()})
    missing = out.raw.isna()
    out.loc[missing, "basis"] = "missing"
    out["sources"] = [s if isinstance(s, list) else [] for s in out.sources]
    out["data_year"] = out.data_year.astype("Int64")
    return out[INDICATOR_COLUMNS]


def _modulated(df: pd.DataFrame, bases: list[pd.DataFrame], names: tuple[str, ...]) -> pd.DataFrame:
    """A modulating indicator's rows (a hand-coded fact, ``raw`` kept as the fact) with the score scaled by the
    measured indicators ``names`` (frames ``bases``) of the same cell: score = fact score x m / 100, m their
    mean score (those with data); its relative error sqrt(rel_m^2 + err^2), rel_m m's (their mean sigma over
    m), err the fact's own (``uncertainty.modulation`` takes the two apart again for the Monte Carlo, which
    redraws the score from the drawn scores of ``names``);
    its basis the least direct of theirs, its data year their earliest (the data behind the score are
    theirs). Cells where none has data are left out (missing): a fact alone makes no score."""
    bases = [b for b in bases if b is not None and not b.empty]
    if not bases or df.empty:
        return df.iloc[0:0]
    key = ["target", "power", "year"]
    b = pd.concat([x[key + ["score", "sigma", "basis", "data_year"]] for x in bases], ignore_index=True)
    b = b[b.score.notna()]
    b["_rank"] = b.basis.map(BASIS_ORDER).fillna(len(BASIS_ORDER))
    g = b.groupby(key, sort=False)
    m = g.agg(_bs=("score", "mean"), _bsig=("sigma", "mean"), _rank=("_rank", "max"),
              _by=("data_year", "min")).reset_index()
    out = df.merge(m, on=key, how="inner")
    fact = out.score.to_numpy(dtype=float)
    bs, bsig = out._bs.to_numpy(dtype=float), out._bsig.to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        rel = np.where(bs > 0, bsig / bs, 0.0)
        own = np.where(fact > 0, out.sigma.to_numpy(dtype=float) / fact, 0.0)
    score = fact * bs / 100.0
    labels = np.array(BASES + ("missing",), dtype=object)
    out["score"], out["sigma"] = score, score * np.sqrt(rel ** 2 + np.nan_to_num(own) ** 2)
    out["basis"] = labels[out._rank.to_numpy(dtype=int)]
    out["data_year"] = out._by
    what = " and ".join(names)
    out["sources"] = [[*src, {"note": f"counted in proportion to {what} of the same year (score {s:.1f}): a "
                                      "fact modulates a measured dependence, it makes none"}]
                      for src, s in zip(out.sources.tolist(), bs.tolist())]
    return out.drop(columns=["_bs", "_bsig", "_rank", "_by"])


def _int64(values: pd.Series) -> pd.Series:
    """Years as nullable integers (None, NaN and NA missing; a float year truncated)."""
    if isinstance(values.dtype, pd.Int64Dtype):
        return values.reset_index(drop=True)
    return pd.Series(pd.array([None if v is None or pd.isna(v) else int(v) for v in values], dtype="Int64"))


def _cells(ind: pd.DataFrame) -> tuple[list[tuple[str, str, int]], np.ndarray, tuple[np.ndarray, ...]]:
    """The cells (target, power, year) of an indicator frame in year, target, power order, each row's cell and
    the cells' targets, powers and years as arrays."""
    t, t_names = pd.factorize(ind.target, sort=True)
    p, p_names = pd.factorize(ind.power, sort=True)
    year = ind.year.to_numpy(dtype=np.int64)
    if (t < 0).any() or (p < 0).any():                 # a target or power missing: pandas' own order
        idx = ind[["target", "power", "year"]].drop_duplicates().sort_values(["year", "target", "power"])
        r = pd.MultiIndex.from_frame(idx).get_indexer(pd.MultiIndex.from_frame(ind[["target", "power", "year"]]))
        cols = tuple(idx[c].to_numpy() for c in ("target", "power", "year"))
        return list(zip(*(c.tolist() for c in cols))), r, cols
    # one integer per cell that sorts as (year, target, power) do
    code = ((year - year.min()) * len(t_names) + t) * len(p_names) + p
    uniq, r = np.unique(code, return_inverse=True)
    row = np.empty(len(uniq), dtype=np.int64)
    row[r] = np.arange(len(r))                        # a row of each cell (any: they share the cell's keys)
    cols = (np.asarray(t_names, dtype=object)[t[row]], np.asarray(p_names, dtype=object)[p[row]], year[row])
    return list(zip(*(c.tolist() for c in cols))), r, cols


def _summary_rows(ind: pd.DataFrame, used: np.ndarray, r: np.ndarray, cell_cols: tuple[np.ndarray, ...],
                  dims: np.ndarray, lo_d: np.ndarray, hi_d: np.ndarray, W_in_comp: np.ndarray, comp: np.ndarray,
                  lo_c: np.ndarray, hi_c: np.ndarray, W: np.ndarray, counts: np.ndarray, min_dims: int,
                  min_weight: float) -> pd.DataFrame:
    """The dimension and composite rows (``RESULT_COLUMNS``, ``data_year`` as Int64) of the cells of
    ``cell_cols`` (targets, powers, years; k: cell k of the arrays). A dimension's basis is the least direct of
    its used indicator rows' (``used``: the rows of ``ind`` with a score and a weight; an unknown basis counts
    for nothing, all unknown gives NaN), its data year their earliest; a composite's basis the least direct of
    its dimensions' known ones ('missing' if none), its data year their earliest."""
    C, n_dim = dims.shape
    # per cell and dimension (the rows' own dimension label): the largest basis rank (-1: only unknown bases,
    # -2: no row) and the earliest data year (BIG: none known)
    big = np.iinfo(np.int64).max
    d_row = pd.Index(DIMENSIONS).get_indexer(ind.dimension)
    keep = used & (d_row >= 0)
    rank = pd.Index(BASES).get_indexer(ind.basis)                 # -1: not a known basis
    brank = np.full((C, n_dim), -2)
    np.maximum.at(brank, (r[keep], d_row[keep]), rank[keep])
    dy = _int64(ind.data_year)
    year = np.full((C, n_dim), big)
    known = keep & dy.notna().to_numpy()
    np.minimum.at(year, (r[known], d_row[known]), dy[known].to_numpy(dtype=np.int64))
    # dimension rows, cell by cell and dimension by dimension in DIMENSIONS order
    k, d = np.nonzero(~np.isnan(dims))
    n = len(k)
    tgt, pw, yr = cell_cols
    labels = np.array(BASES, dtype=object)
    basis = np.where(brank[k, d] >= 0, labels[np.maximum(brank[k, d], 0)], np.nan)
    basis = np.where(brank[k, d] == -2, "missing", basis)
    none = [None] * n
    drows = {"target": list(tgt[k]), "power": list(pw[k]), "year": yr[k],
             "dimension": [DIMENSIONS[i] for i in d.tolist()],
             "indicator": none, "raw": np.full(n, np.nan), "score": dims[k, d], "lo": lo_d[k, d], "hi": hi_d[k, d],
             "weight": W_in_comp[k, d], "contribution": np.full(n, np.nan), "basis": list(basis),
             "data_year": pd.array(np.where(year[k, d] == big, 0, year[k, d]), dtype="Int64"),
             "sigma": np.full(n, np.nan), "input_kind": none, "missing": none, "sources": [[] for _ in range(n)]}
    drows["data_year"][year[k, d] == big] = pd.NA
    # composite rows: the least direct basis and the earliest data year of the dimensions present
    present = ~np.isnan(dims)
    crank = np.where(present & (brank >= 0) & (brank < BASIS_ORDER["missing"]), brank, -1).max(axis=1)
    cbasis = np.where(crank >= 0, labels[np.maximum(crank, 0)], "missing")
    cyear = np.where(present, year, big).min(axis=1)
    cbasis = np.where(np.isnan(comp), "missing", cbasis)
    cyear_na = np.isnan(comp) | (cyear == big)
    lacking = [[dim for dim, ww, p in zip(DIMENSIONS, W, row) if ww > 0 and not p] for row in present.tolist()]
    sources = []
    for row, lack, ok in zip(counts.tolist(), lacking, ~np.isnan(comp)):
        if ok:
            sources.append([{"missing_dimensions": lack}] if lack else [])
        else:
            sources.append([{"note": f"insufficient data: measured data in "
                                     f"{', '.join(dd for dd, c in zip(DIMENSIONS, row) if c) or 'no dimension'}"
                                     f"; at least {min_dims} dimensions carrying {min_weight:.0%} of the weight "
                                     "needed (hand-coded facts alone do not count)", "missing_dimensions": lack}])
    crows = {"target": list(tgt), "power": list(pw), "year": yr, "dimension": ["composite"] * C,
             "indicator": [None] * C, "raw": np.full(C, np.nan), "score": comp,
             "lo": np.where(np.isnan(comp), np.nan, lo_c), "hi": np.where(np.isnan(comp), np.nan, hi_c),
             "weight": np.ones(C), "contribution": np.full(C, np.nan), "basis": list(cbasis),
             "data_year": pd.array(np.where(cyear_na, 0, cyear), dtype="Int64"), "sigma": np.full(C, np.nan),
             "input_kind": [None] * C, "missing": lacking, "sources": sources}
    crows["data_year"][cyear_na] = pd.NA
    return pd.concat([pd.DataFrame(drows), pd.DataFrame(crows)], ignore_index=True)[RESULT_COLUMNS]


@_without_cycle_collector
def aggregate(indicators: pd.DataFrame, weights: Weights | None = None, draws: int | None = None, seed: int = 0, *,
              perturb: bool = True) -> pd.DataFrame:
    """Composite and dimension rows (and the indicator rows) with score, lo, hi (80%), basis, data_year.

    ``indicators``: ``compute_indicators``' frame (or any frame with its columns; missing rows may be left
    out). ``draws``: Monte Carlo draws (default from weights.yaml, 1,000; 0: no intervals). ``perturb``
    False: the intervals reflect measurement error only (weights fixed, no bootstrap).
    Row columns: ``RESULT_COLUMNS``; ``weight`` is an indicator's weight inside its dimension and a
    dimension's inside the composite (renormalised over those with data); ``contribution`` an indicator's
    points in the composite; ``missing`` the dimensions without data (composite rows)."""
    cfg = config()
    weights = weights or Weights.default()
    draws = int(cfg.get("draws", 1000)) if draws is None else int(draws)
    min_dims = int(cfg.get("min_dimensions", 2))
    min_weight = float(cfg.get("min_weight_share", 0.0))
    pct = tuple(float(x) for x in cfg.get("interval", [10, 90]))
    names, w, dim_of, W = weights.arrays()
    ind = indicators[indicators.indicator.isin(names)].copy()
    if ind.empty:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    ind["year"] = ind.year.astype(int)
    cells, r, cell_cols = _cells(ind)
    j = pd.Index(names).get_indexer(ind.indicator)
    S = np.full((len(cells), len(names)), np.nan)
    sig = np.zeros_like(S)
    S[r, j] = ind.score.astype(float).to_numpy()
    sig[r, j] = ind.sigma.astype(float).fillna(0.0).to_numpy()
    measured = np.array([INDICATORS[n].kind not in HAND_CODED for n in names])
    counts = uncertainty.measured_dimensions(S, w, dim_of, measured, len(W))
    dims, comp = uncertainty.point_scores(S, w, dim_of, W, min_dims, min_weight, counts)
    lo_d, hi_d, lo_c, hi_c, lo_i, hi_i = uncertainty.intervals(
        S, sig, w, dim_of, W, cells, draws=draws, seed=seed, alpha=weights.concentration, min_dims=min_dims,
        min_weight=min_weight, perturb=perturb, pct=pct, counts=counts,
        modulated=_modulation(ind, r, j, names, S, sig) if draws > 0 else None)
    have = ~np.isnan(S) & (w > 0)
    # renormalised weights: indicators inside their dimension, dimensions inside the composite
    den_d = np.stack([(have[:, dim_of == d] * w[dim_of == d]).sum(axis=1) for d in range(len(W))], axis=1)
    dim_have = ~np.isnan(dims) & (W > 0)
    den_c = (dim_have * W).sum(axis=1)
    with np.errstate(all="ignore"):
        w_in_dim = np.where(have, w / den_d[:, dim_of], np.nan)
        W_in_comp = np.where(dim_have, W / den_c[:, None], np.nan)
        contrib = np.where(~np.isnan(comp)[:, None] & have, w_in_dim * W_in_comp[:, dim_of] * S, np.nan)
    ind["lo"], ind["hi"] = lo_i[r, j], hi_i[r, j]
    ind["weight"], ind["contribution"] = w_in_dim[r, j], contrib[r, j]
    ind["missing"] = None
    agg = _summary_rows(ind, have[r, j], r, cell_cols, dims, lo_d, hi_d, W_in_comp, comp, lo_c, hi_c, W, counts,
                        min_dims, min_weight)
    out = pd.concat([ind[RESULT_COLUMNS], agg], ignore_index=True)
    out["data_year"] = pd.concat([_int64(ind.data_year), agg.data_year], ignore_index=True)
    order = {d: i for i, d in enumerate(("composite",) + DIMENSIONS)}
    rank = {n: i for i, n in enumerate(names)}
    out["_o"] = pd.Index(list(order)).get_indexer(out.dimension)
    out.loc[out._o < 0, "_o"] = len(order)                     # an unknown dimension last (as NaN sorts)
    out["_i"] = pd.Index(list(rank)).get_indexer(out.indicator)
    return out.sort_values(["year", "target", "power", "_o", "_i"]).drop(columns=["_o", "_i"]).reset_index(drop=True)


def _modulation(ind: pd.DataFrame, r: np.ndarray, j: np.ndarray, names: list[str], S: np.ndarray,
                sig: np.ndarray) -> uncertainty.Modulation | None:
    """The modulated indicators of the score table ``S`` (rows ``r``, columns ``j`` of the frame ``ind``): their
    fact scores 100 * clip(raw / scale, 0, 1) and base columns, for the Monte Carlo to recompute them from the
    drawn scores of what they scale (``uncertainty.modulation``); None where no indicator is modulated."""
    col = {n: k for k, n in enumerate(names)}
    bases = [tuple(col[b] for b in INDICATORS[n].modulates if b in col) for n in names]
    if not any(bases):
        return None
    scale = np.array([INDICATORS[n].scale for n in names])
    fact = np.full(S.shape, np.nan)
    raw = pd.to_numeric(ind.raw, errors="coerce").to_numpy(dtype=float)
    fact[r, j] = 100.0 * np.clip(raw / scale[j], 0.0, 1.0)
    return uncertainty.modulation(S, sig, fact, bases)


def compute(kb: KnowledgeBase, panel: Panel | None = None, weights: Weights | None = None, draws: int | None = None,
            seed: int = 0) -> pd.DataFrame:
    """``aggregate(compute_indicators(kb, panel), weights, draws, seed)``: the index with its intervals."""
    return aggregate(compute_indicators(kb, panel), weights, draws, seed)


def composite_table(result: pd.DataFrame, year: int, column: str = "score") -> pd.DataFrame:
    """Targets (rows) by powers (columns): composite scores (or ``lo``, ``hi``, ``basis``) of one year."""
    comp = result[(result.dimension == "composite") & (result.year == year)]
    return comp.pivot(index="target", columns="power", values=column)


RECORD_KEYS = ["target", "power", "year", "dimension", "indicator", "raw", "normalised", "weight", "score", "lo",
               "hi", "basis", "data_year", "sigma", "contribution", "input_kind", "missing", "sources"]


def to_records(result: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows (NaN as null) in ``RECORD_KEYS`` order; ``normalised`` = score / 100."""
    out = []
    for r in result.to_dict("records"):
        for k in ("raw", "weight", "score", "lo", "hi", "sigma", "contribution"):
            v = r.get(k)
            r[k] = None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else round(float(v), 6)
        r["normalised"] = None if r.get("score") is None else round(r["score"] / 100.0, 6)
        dy = r.get("data_year")
        r["data_year"] = None if dy is None or pd.isna(dy) else int(dy)
        r["year"] = int(r["year"])
        r["missing"] = list(r["missing"]) if isinstance(r.get("missing"), (list, tuple)) else []
        r["sources"] = list(r.get("sources") or [])
        out.append({k: r.get(k) for k in RECORD_KEYS})
    return out


def variance_shares(result: pd.DataFrame, years: tuple[int, int] | None = None,
                    power: str | None = None) -> pd.Series:
    """Each indicator's share of the composite's variance across the cells (target, power, year) with a
    composite: Cov(points of indicator i, composite) / Var(composite), points being the indicator's
    ``contribution`` (0 where it has none). The composite is the sum of the points, so the shares add up to 1."""
    rows = result[result.indicator.notna() & result.contribution.notna()]
    comp = result[(result.dimension == "composite") & result.score.notna()]
    if years is not None:
        rows = rows[rows.year.between(*years)]
        comp = comp[comp.year.between(*years)]
    if power is not None:
        rows, comp = rows[rows.power == power], comp[comp.power == power]
    key = ["target", "power", "year"]
    pts = rows.pivot_table(index=key, columns="indicator", values="contribution", aggfunc="sum")
    c = comp.set_index(key).score
    pts = pts.reindex(c.index).fillna(0.0)
    var = float(c.var(ddof=0))
    if not var > 0:
        return pd.Series(dtype=float)
    shares = {n: float(((pts[n] - pts[n].mean()) * (c - c.mean())).mean()) / var for n in pts.columns}
    return pd.Series(shares).reindex([n for n in INDICATORS if n in shares]).sort_values(ascending=False)
