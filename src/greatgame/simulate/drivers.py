"""Realised drivers that the data pack does not hold, read from ``data/drivers.yaml`` (each value with its source).

* ``oil[y]``: the Brent price, US$/bbl, mean of the year's months (U.S. EIA);
* ``gas_capacity[T, y, P]``: the design capacity of the gas export pipelines from target T to power P in
  operation, bcm/yr, averaged over year y (a line opened on 1 October counts a quarter of its capacity that
  year; a capacity reached in steps is linear between its dates);
* ``closure[T, y, P]``: the share of year y that the land border crossings between T and P were closed to
  freight.

Computation on the file only: ``panel.read_panel`` attaches these arrays to the ``Panel``.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import Any, Sequence

import numpy as np

from ..errors import SimulationError
from ..ontology.cache import load_yaml

FILE = "drivers.yaml"


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    text = resources.files("greatgame.simulate").joinpath("data", FILE).read_text(encoding="utf-8")
    data = load_yaml(text)
    for key in ("oil_price", "gas_pipelines", "border_closures"):
        if key not in data:
            raise SimulationError(f"simulate/data/{FILE}: missing {key!r}")
    for i, e in enumerate(data["gas_pipelines"] + data["border_closures"]):
        if not str(e.get("source") or "").strip():
            raise SimulationError(f"simulate/data/{FILE}: entry {i} ({e.get('name')!r}) has no source")
    return data


def _date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def _year_days(y: int) -> int:
    return (dt.date(y + 1, 1, 1) - dt.date(y, 1, 1)).days


def year_share(y: int, start: dt.date, end: dt.date | None = None) -> float:
    """The share of year ``y`` inside [start, end] (end None: open)."""
    lo = max(start, dt.date(y, 1, 1))
    hi = min(end or dt.date(y, 12, 31), dt.date(y, 12, 31))
    return max(0.0, ((hi - lo).days + 1) / _year_days(y)) if hi >= lo else 0.0


def _capacity_mean(y: int, c0: float, start: dt.date, c1: float | None, reached: dt.date | None) -> float:
    """The mean over year ``y`` of a capacity that is c0 from ``start``, rising linearly to c1 at ``reached``."""
    if c1 is None or reached is None:
        return c0 * year_share(y, start)
    first = dt.date(y, 1, 1).toordinal()
    day = np.arange(first, first + _year_days(y))
    s, r = start.toordinal(), reached.toordinal()
    cap = np.where(day >= r, c1, c0 + (c1 - c0) * (day - s) / max(r - s, 1))
    return float(np.where(day >= s, cap, 0.0).mean())


def oil(years: Sequence[int]) -> np.ndarray:
    """Brent, US$/bbl, per year (NaN where the file has none)."""
    vals = load()["oil_price"]["values"]
    return np.array([float(vals[y]) if y in vals else np.nan for y in years])


def gas_capacity(targets: Sequence[str], powers: Sequence[str], years: Sequence[int]) -> np.ndarray:
    out = np.zeros((len(targets), len(years), len(powers)))
    for e in load()["gas_pipelines"]:
        if e["importer"] not in powers:
            continue
        j = list(powers).index(e["importer"])
        start = _date(e["opened"])
        ramp = e.get("ramp") or {}
        reached = _date(ramp["date"]) if ramp else None
        for t, c0 in e["exporters"].items():
            if t not in targets:
                continue
            c1 = (ramp.get("exporters") or {}).get(t) if ramp else None
            i = list(targets).index(t)
            for k, y in enumerate(years):
                out[i, k, j] += _capacity_mean(y, float(c0), start, None if c1 is None else float(c1), reached)
    return out


def closures(targets: Sequence[str], powers: Sequence[str], years: Sequence[int]) -> np.ndarray:
    out = np.zeros((len(targets), len(years), len(powers)))
    for e in load()["border_closures"]:
        if e["power"] not in powers:
            continue
        j = list(powers).index(e["power"])
        start, end = _date(e["closed"]), _date(e["until"]) if e.get("until") else None
        for t in e["targets"]:
            if t in targets:
                i = list(targets).index(t)
                for k, y in enumerate(years):
                    out[i, k, j] = max(out[i, k, j], year_share(y, start, end))
    return out


def sources() -> list[dict[str, str]]:
    """Every entry of the file with its source (for docs/model.md)."""
    d = load()
    rows = [{"driver": "oil", "entry": "Brent, US$/bbl", "source": " ".join(d["oil_price"]["source"].split())}]
    rows += [{"driver": "gas_capacity", "entry": e["name"], "source": " ".join(e["source"].split())}
             for e in d["gas_pipelines"]]
    rows += [{"driver": "closure", "entry": e["name"], "source": " ".join(e["source"].split())}
             for e in d["border_closures"]]
    return rows
