"""The indicator registry and what the indicator modules share.

An indicator is a function ``fn(kb, panel) -> DataFrame`` with the columns of
``COLUMNS``: one row per target T, power P and year y that has a value::

    target, power, year, raw, basis, data_year, err, sources

``raw`` is the measured quantity (a share of T's total, a ratio to T's GDP, an
agreement in [0, 1], a 0/1 fact ...); ``basis`` how it was obtained (``BASES``);
``data_year`` the year the data come from (before ``year`` for a nowcast);
``err`` its relative measurement error (the standard deviation of ln(raw), 0
for facts) and ``sources`` a list of dicts (``{"dataset", "rows", "note"}``
for imported files, ``{"baseline", "source"}``, ``{"ontology", "source"}``,
``{"doc", "start", "end", "evidence"}`` for extracted events). A dyad-year
without data has no row: the index lists it as missing, never as zero.

Each is registered with ``@indicator(name, dimension=, weight=, kind=, scale=,
floor=, description=)``: ``weight`` its default weight inside its dimension,
``kind`` what sort of input it is (``KINDS``: hand-coded ordinal and binary
inputs are reported apart, their share of the composite's variance must stay
small), ``scale`` the fixed constant a raw value is divided by
(score = 100 * min(1, raw / scale), never a panel maximum), ``floor`` the
smallest relative error an observed value is given. The weights file
(``data/weights.yaml``) gives the dimension weights and may override the
indicator weights; the arguments for each are written there.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ...errors import IndicatorError
from ...kb.store import KnowledgeBase
from ...ontology import load as load_ontology

COLUMNS = ["target", "power", "year", "raw", "basis", "data_year", "err", "sources"]
DIMENSIONS = ("trade", "finance", "security", "diplomatic")
KINDS = ("share", "ratio", "similarity", "ordinal", "binary", "events")
HAND_CODED = ("ordinal", "binary")       # kinds whose variance share is capped together
BASES = ("observed", "reconciled", "mirrored", "nowcast", "missing")
IMF_CODE = {"EU": "EUU"}          # how the trade tables name the powers that are not states
WINDOW = 5                        # years in the rolling window of Chinese official finance
NOWCAST_YEARS = 3                 # a series is nowcast by persistence for at most this many years after its end
_DATA = resources.files(__package__.rpartition(".")[0]).joinpath("data")     # greatgame/influence/data


@dataclass(frozen=True)
class Panel:
    powers: tuple[str, ...]
    targets: tuple[str, ...]
    years: tuple[int, ...]


IndicatorFn = Callable[[KnowledgeBase, Panel], pd.DataFrame]


@dataclass(frozen=True)
class Indicator:
    """One registered indicator; calling it computes it."""

    name: str
    fn: IndicatorFn
    dimension: str
    weight: float
    kind: str = "share"
    scale: float = 1.0
    floor: float = 0.05
    description: str = ""
    modulates: tuple[str, ...] = ()       # measured indicators whose mean score scales this one's (a hand-coded fact)

    def __call__(self, kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
        return self.fn(kb, panel)


# name -> indicator, in dimension order (DIMENSIONS), then in the order registered
INDICATORS: dict[str, Indicator] = {}


def indicator(name: str, *, dimension: str, weight: float, kind: str = "share", scale: float = 1.0,
              floor: float = 0.05, description: str = "", modulates: str | tuple[str, ...] = ()
              ) -> Callable[[IndicatorFn], IndicatorFn]:
    """Register ``fn(kb, panel) -> DataFrame`` as the indicator ``name`` of ``dimension``.

    ``modulates``: the measured indicator(s) whose score this one scales (a hand-coded fact modulating a
    measured dependence). Its score is then 100 * clip(raw / scale, 0, 1) * m / 100, m the mean score of
    those indicators in the same cell (those with data), missing where none has data, with their relative
    error, least direct basis and earliest data year: a hand-coded fact (a base, an alliance, a shared
    organisation) deepens a dependence the data show and cannot create one ("modulate, never dominate",
    issue 12)."""
    def register(fn: IndicatorFn) -> IndicatorFn:
        where = f"indicator {name!r} ({fn.__module__}.{fn.__qualname__})"
        if dimension not in DIMENSIONS:
            raise IndicatorError(f"{where}: unknown dimension {dimension!r} (one of {', '.join(DIMENSIONS)})")
        if kind not in KINDS:
            raise IndicatorError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if not weight >= 0 or not scale > 0 or not floor >= 0:
            raise IndicatorError(f"{where}: weight and floor must not be negative, scale must be positive")
        prev = INDICATORS.get(name)
        if prev and (prev.fn.__module__, prev.fn.__qualname__) != (fn.__module__, fn.__qualname__):
            raise IndicatorError(f"{where}: the name is already registered by {prev.fn.__module__}."
                                 f"{prev.fn.__qualname__}")
        INDICATORS[name] = Indicator(name, fn, dimension, float(weight), kind, float(scale), float(floor),
                                     description, (modulates,) if isinstance(modulates, str) else tuple(modulates))
        ordered = sorted(INDICATORS.items(), key=lambda kv: DIMENSIONS.index(kv[1].dimension))   # stable
        INDICATORS.clear()
        INDICATORS.update(ordered)
        return fn
    return register


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    """``data/weights.yaml``: dimension weights, indicator weights, the default panel, constants."""
    text = _DATA.joinpath("weights.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def check() -> None:
    """Raise ``IndicatorError`` where the registrations and weights.yaml disagree."""
    cfg = config()
    if set(cfg.get("dimensions") or {}) != set(DIMENSIONS):
        raise IndicatorError(f"influence/data/weights.yaml: dimensions {sorted(cfg.get('dimensions') or {})} are "
                             f"not {', '.join(DIMENSIONS)}")
    unknown = sorted(set(cfg.get("indicators") or {}) - set(INDICATORS))
    if unknown:
        raise IndicatorError(f"influence/data/weights.yaml: indicators {', '.join(unknown)} are not registered")
    for ind in INDICATORS.values():
        for name in ind.modulates:
            base = INDICATORS.get(name)
            if base is None or base.modulates or base.kind in HAND_CODED:
                raise IndicatorError(f"indicator {ind.name!r} is modulated by {name!r}, which is not a registered "
                                     "measured indicator")
    empty_dims = [d for d in DIMENSIONS if not any(i.dimension == d for i in INDICATORS.values())]
    if empty_dims:
        raise IndicatorError(f"no indicator registered for dimension(s) {', '.join(empty_dims)}")


@lru_cache(maxsize=1)
def baseline() -> dict[str, Any]:
    f = _DATA.joinpath("baseline.yaml")
    # libyaml's safe loader where installed: the same result, a tenth of the time on this 1,000-line file
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(f.read_text("utf-8"), Loader=loader) if f.is_file() else {}


@lru_cache(maxsize=1)
def igo_depth_table() -> dict[str, Any]:
    """``data/igo_depth.yaml``: the depth classes and the organisations put in them."""
    return yaml.safe_load(_DATA.joinpath("igo_depth.yaml").read_text("utf-8"))


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Rows in ``COLUMNS`` order as an indicator frame."""
    if not rows:
        return empty()
    return pd.DataFrame(dict(zip(COLUMNS, (list(c) for c in zip(*rows)))), columns=COLUMNS)


def year_of(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value)[:4])
    except ValueError:
        return None


def _known(r: Any) -> bool:
    return r is not None and r is not pd.NA and r == r  # noqa: PLR0124 (NaN is the one value unequal to itself)


def rows_source(dataset: str, rows: Any, note: str | None = None) -> dict[str, Any]:
    """``{"dataset", "rows"[, "note"]}``: the 1-based data rows of an imported file (rows without one left out)."""
    if not isinstance(rows, list):
        rows = list(rows)
    if len(rows) == 1:
        kept = [int(rows[0])] if _known(rows[0]) else []
    else:
        kept = sorted({int(r) for r in rows if _known(r)})
    out: dict[str, Any] = {"dataset": str(dataset), "rows": kept}
    if note:
        out["note"] = note
    return out


def in_effect(start: Any, end: Any, year: int) -> bool:
    s, e = year_of(start), year_of(end)
    return (s is None or s <= year) and (e is None or year <= e)


@lru_cache(maxsize=1)
def eu_members() -> dict[str, tuple[int, int]]:
    """EU member states with the years they joined and left (from the ontology, sourced there)."""
    ent = load_ontology().get("org:EU")
    out: dict[str, tuple[int, int]] = {}
    for m in (ent.attrs.get("members") if ent else None) or []:
        joined = year_of(m.get("joined") or m.get("joined_year")) or 1958
        left = year_of(m.get("left") or m.get("left_year")) or 9999
        out[m["id"]] = (joined, left)
    return out


def power_of(code: str, year: int, powers: tuple[str, ...]) -> str | None:
    """The power a state counts for: itself, or the EU for its member states when the EU is a power."""
    if code in powers:
        return code
    if "EU" in powers:
        span = eu_members().get(code)
        if span and span[0] <= year <= span[1]:
            return "EU"
    return None


SD_YEARS = 10                     # the spread of a series' annual changes is taken over its last 10 changes


def log_change_sd(values: pd.Series, default: float) -> float:
    """Standard deviation of the annual log changes of a series indexed by year (consecutive years only, the
    last ``SD_YEARS`` of them: the 1990s' swings say little about the volatility of a series today)."""
    v = values[values > 0]
    if not v.index.is_monotonic_increasing:
        v = v.sort_index()
    return _sd_sorted(np.asarray(v.index, dtype=int), v.to_numpy(dtype=float), default)


def _sd_sorted(years: np.ndarray, values: np.ndarray, default: float) -> float:
    """``log_change_sd`` of positive values in year order."""
    if len(values) < 2:
        return default
    logs = np.log(values)
    consecutive = np.diff(years) == 1
    changes = np.diff(logs)[consecutive][-SD_YEARS:]
    return float(np.std(changes, ddof=1)) if changes.size >= 3 else default


def sd_by_dyad(df: pd.DataFrame, default: float | Callable[[str], float]) -> dict[tuple[str, str], float]:
    """``{(target, power): log_change_sd(the dyad's raw values by year, default)}`` for every dyad of an indicator
    frame (``default``: a number, or a function of the target), without a DataFrame per dyad."""
    if df.empty:
        return {}
    if df.duplicated(["target", "power", "year"]).any():       # the year order of duplicates is pandas' own
        return {k: log_change_sd(g.set_index("year").raw, default(k[0]) if callable(default) else default)
                for k, g in df.groupby(["target", "power"])}
    t_code, t_names = pd.factorize(df.target, sort=True)
    p_code, p_names = pd.factorize(df.power, sort=True)
    years = df.year.to_numpy(dtype=int)
    raw = df.raw.to_numpy(dtype=float)
    order = np.lexsort((years, p_code, t_code))
    tc, pc, years, raw = t_code[order], p_code[order], years[order], raw[order]
    starts = np.flatnonzero(np.r_[True, (tc[1:] != tc[:-1]) | (pc[1:] != pc[:-1])])
    out = {}
    for a, b in zip(starts, np.r_[starts[1:], len(order)]):
        t, p = t_names[tc[a]], p_names[pc[a]]
        positive = raw[a:b] > 0
        out[(t, p)] = _sd_sorted(years[a:b][positive], raw[a:b][positive],
                                 default(t) if callable(default) else default)
    return out


def dyad_order(df: pd.DataFrame) -> np.ndarray:
    """The positions of ``df.sort_values(["target", "power", "year"])`` (a stable sort), from integer codes."""
    t, _ = pd.factorize(df.target, sort=True)
    p, _ = pd.factorize(df.power, sort=True)
    if (t < 0).any() or (p < 0).any() or df.year.isna().any():       # missing keys: pandas' own order
        return df.reset_index(drop=True).sort_values(["target", "power", "year"]).index.to_numpy()
    return np.lexsort((df.year.to_numpy(), p, t))


def persist(df: pd.DataFrame, panel: Panel, sd: dict[tuple[str, str], float] | float,
            horizon: int = NOWCAST_YEARS) -> pd.DataFrame:
    """Add persistence nowcasts after each dyad's values: for h = 1..horizon years after a value (inside the
    panel, before the dyad's next value), that value with basis 'nowcast', its data year, and the relative
    error sqrt(err^2 + sd^2 * h) (``sd``: per dyad (target, power) or one number; the spread of the series'
    annual log changes). Nothing beyond ``horizon``: those years are missing."""
    if df.empty:
        return df
    order = dyad_order(df)
    year = df.year.to_numpy()[order].astype(int)
    t, p = df.target.to_numpy()[order], df.power.to_numpy()[order]
    nxt = np.full(len(order), 10 ** 6)
    same = (t[1:] == t[:-1]) & (p[1:] == p[:-1])            # the next row is the same dyad's next value
    nxt[:-1][same] = year[1:][same]
    n = np.clip(np.minimum(nxt - year - 1, horizon), 0, None)
    if not n.any():
        return df
    rep = np.repeat(np.arange(len(order)), n)
    h = np.arange(len(rep)) - np.repeat(np.cumsum(n) - n, n) + 1
    years = year[rep] + h
    keep = np.isin(years, np.array(panel.years, dtype=int))
    if not keep.any():
        return df
    ext = df.iloc[order[rep[keep]]].reset_index(drop=True)
    h, years = h[keep], years[keep]
    ext["year"] = years
    s = np.array([sd.get((t, p), 0.0) for t, p in zip(ext.target.tolist(), ext.power.tolist())]) \
        if isinstance(sd, dict) else np.full(len(ext), float(sd))
    ext["err"] = np.sqrt(ext.err.astype(float).to_numpy() ** 2 + s * s * h)
    src_year = years - h
    ext["sources"] = [[{"note": f"nowcast: persistence of the {y0} value ({b}), {hh} year(s) on"},
                       *[x for x in src if "dataset" in x or "doc" in x or "baseline" in x]]
                      for y0, b, hh, src in zip(src_year, ext.basis.tolist(), h, ext.sources.tolist())]
    ext["basis"] = "nowcast"
    return pd.concat([df, ext[COLUMNS]], ignore_index=True)
