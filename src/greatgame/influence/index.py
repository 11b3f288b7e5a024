"""The influence index: normalise indicators, weight them into dimensions and a composite.

    normalised_i = raw_i / max(raw_i)                       (normalise: max)
                 = (raw_i - min(raw_i)) / (max - min)       (normalise: minmax)
    (max and min over the whole panel: every power, target and year)

    dimension_d  = 100 * sum_i w_i * normalised_i / sum_i w_i      over the indicators i of d with data
    composite    = sum_d W_d * dimension_d / sum_d W_d             over the dimensions d with data

Missing indicators are left out and the remaining weights rescaled (never
read as zero); slow indicators are first carried forward from their last
observation for a few years (each indicator's ``carry_forward``, registered
with it in ``indicators/``), and the row's sources say so.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InfluenceError
from ..kb.store import KnowledgeBase
from .indicators import COLUMNS, DIMENSIONS, INDICATORS, Panel, config

__all__ = ["DIMENSIONS", "InfluenceError", "Weights", "composite_table", "compute", "default_panel", "indicator_frame",
           "to_records"]

@dataclass
class Weights:
    dimensions: dict[str, float]
    indicators: dict[str, float]

    @classmethod
    def default(cls) -> "Weights":
        cfg = config()
        return cls(dict(cfg["dimensions"]), {name: ind.weight for name, ind in INDICATORS.items()})

    def with_dimensions(self, spec: str | None) -> "Weights":
        """Override dimension weights from 'economic=0.5,security=0.2,...'."""
        if not spec:
            return self
        dims = dict(self.dimensions)
        for part in spec.split(","):
            name, _, value = part.partition("=")
            name = name.strip()
            if name not in DIMENSIONS:
                raise InfluenceError(f"unknown dimension {name!r} in weights (use {', '.join(DIMENSIONS)})")
            try:
                dims[name] = float(value)
            except ValueError:
                raise InfluenceError(f"weight for {name!r} is not a number: {value!r}") from None
            if dims[name] < 0:
                raise InfluenceError(f"weight for {name!r} is negative")
        if sum(dims.values()) <= 0:
            raise InfluenceError("dimension weights sum to zero")
        return Weights(dims, self.indicators)


def default_panel(powers: list[str] | None = None, targets: list[str] | None = None,
                  years: tuple[int, int] | None = None) -> Panel:
    cfg = config()
    first, last = years or tuple(cfg["years"])
    for p in powers or []:
        if p not in cfg["powers"] and len(p) != 3:
            raise InfluenceError(f"unknown power {p!r}")
    for t in targets or []:
        if t not in cfg["targets"]:
            raise InfluenceError(f"unknown target {t!r}: one of {', '.join(cfg['targets'])}")
    return Panel(tuple(powers or cfg["powers"]), tuple(targets or cfg["targets"]), tuple(range(first, last + 1)))


def _carry_forward(df: pd.DataFrame, panel: Panel, years: int) -> pd.DataFrame:
    """Fill the years after a dyad's last observation (at most ``years`` of them), flagged in the sources."""
    if df.empty or years <= 0:
        return df
    last = df.sort_values("year").groupby(["target", "power"]).tail(1)
    extra = []
    for r in last.itertuples(index=False):
        for y in range(int(r.year) + 1, int(r.year) + years + 1):
            if y in panel.years:
                extra.append((r.target, r.power, y, r.raw, [*r.sources, {"carried_from": int(r.year)}]))
    if not extra:
        return df
    return pd.concat([df, pd.DataFrame(extra, columns=COLUMNS)], ignore_index=True)


def indicator_frame(kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
    """All indicators, raw and normalised, one row per indicator, target, power and year."""
    frames = []
    for name, ind in INDICATORS.items():
        df = ind(kb, panel)
        if df.empty:
            continue
        df = df[df.year.isin(panel.years) & df.target.isin(panel.targets) & df.power.isin(panel.powers)]
        df = _carry_forward(df, panel, ind.carry_forward)
        df = df.drop_duplicates(["target", "power", "year"], keep="first").copy()
        raw = df.raw.astype(float)
        lo, hi = float(raw.min()), float(raw.max())
        if ind.normalise == "minmax":
            df["normalised"] = (raw - lo) / (hi - lo) if hi > lo else 1.0
        else:
            df["normalised"] = raw / hi if hi > 0 else 0.0
        df["indicator"] = name
        df["dimension"] = ind.dimension
        frames.append(df)
    if not frames:
        return pd.DataFrame(columns=COLUMNS + ["normalised", "indicator", "dimension"])
    return pd.concat(frames, ignore_index=True)


def compute(kb: KnowledgeBase, panel: Panel | None = None, weights: Weights | None = None) -> pd.DataFrame:
    """The index as rows ``target, power, year, dimension, indicator, raw, normalised, weight, score, sources``.

    One row per indicator (``score``: its contribution to the dimension, in
    points), one per dimension (``indicator`` None, ``score`` 0..100) and one
    composite (``dimension`` "composite").
    """
    panel = panel or default_panel()
    weights = weights or Weights.default()
    # Normalisation runs over the full panel (every configured power and target), whatever subset is
    # asked for, so a score does not depend on which powers are displayed beside it.
    base = default_panel()
    full = Panel(tuple(dict.fromkeys(base.powers + panel.powers)), tuple(dict.fromkeys(base.targets + panel.targets)),
                 tuple(sorted(set(base.years) | set(panel.years))))
    ind = indicator_frame(kb, full)
    ind = ind[ind.target.isin(panel.targets) & ind.power.isin(panel.powers) & ind.year.isin(panel.years)].copy()
    if ind.empty:
        return pd.DataFrame(columns=["target", "power", "year", "dimension", "indicator", "raw", "normalised",
                                     "weight", "score", "sources"])
    ind["w"] = ind.indicator.map(weights.indicators).astype(float)
    key = ["target", "power", "year", "dimension"]
    ind["weight"] = ind.w / ind.groupby(key).w.transform("sum")
    ind["score"] = 100.0 * ind.weight * ind.normalised
    # coverage: the share of a dimension's indicator weight that has data; below the threshold the
    # dimension is missing rather than resting on one minor indicator
    full = {d: sum(w for n, w in weights.indicators.items() if INDICATORS[n].dimension == d)
            for d in DIMENSIONS}
    ind["coverage"] = ind.groupby(key).w.transform("sum") / ind.dimension.map(full)
    dims = ind.groupby(key, as_index=False).agg(score=("score", "sum"), coverage=("coverage", "first"))
    dims = dims[dims.coverage >= float(config().get("min_coverage", 0.0)) - 1e-9]
    dims["w"] = dims.dimension.map(weights.dimensions).astype(float)
    dims = dims[dims.w > 0]
    dims["weight"] = dims.w / dims.groupby(["target", "power", "year"]).w.transform("sum")
    dims["normalised"] = dims.score / 100.0
    comp = dims.assign(part=dims.weight * dims.score).groupby(["target", "power", "year"], as_index=False).agg(
        score=("part", "sum"), n=("dimension", "count"))
    comp["missing"] = [[d for d in DIMENSIONS if weights.dimensions.get(d, 0) > 0] for _ in range(len(comp))]
    present = dims.groupby(["target", "power", "year"]).dimension.apply(set)
    comp["missing"] = [[d for d in m if d not in present.get((t, p, y), set())]
                       for m, t, p, y in zip(comp.missing, comp.target, comp.power, comp.year)]
    comp["dimension"] = "composite"
    comp["indicator"] = None
    comp["raw"] = np.nan
    comp["normalised"] = comp.score / 100.0
    comp["weight"] = 1.0
    comp["sources"] = [[{"missing_dimensions": m}] if m else [] for m in comp.missing]
    dims["indicator"] = None
    dims["raw"] = np.nan
    dims["sources"] = [[{"coverage": round(float(c), 3)}] for c in dims.coverage]
    # indicators of a dimension left out for lack of coverage still show, weighted 0
    kept = dims.set_index(key).index
    ind.loc[~ind.set_index(key).index.isin(kept), ["weight", "score"]] = 0.0
    cols = ["target", "power", "year", "dimension", "indicator", "raw", "normalised", "weight", "score", "sources"]
    out = pd.concat([ind[cols], dims[cols], comp[cols]], ignore_index=True)
    order = {d: i for i, d in enumerate(("composite",) + DIMENSIONS)}
    out["_o"] = out.dimension.map(order)
    out["_i"] = out.indicator.notna()
    return out.sort_values(["year", "target", "power", "_o", "_i", "indicator"]).drop(columns=["_o", "_i"]) \
        .reset_index(drop=True)


def composite_table(result: pd.DataFrame, year: int) -> pd.DataFrame:
    """Targets (rows) by powers (columns): composite scores of one year."""
    comp = result[(result.dimension == "composite") & (result.year == year)]
    return comp.pivot(index="target", columns="power", values="score")


def to_records(result: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows (NaN as null)."""
    recs = result.to_dict("records")
    for r in recs:
        for k in ("raw", "normalised", "weight", "score"):
            v = r.get(k)
            r[k] = None if v is None or (isinstance(v, float) and np.isnan(v)) else round(float(v), 6)
        r["year"] = int(r["year"])
    return recs
