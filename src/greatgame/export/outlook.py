"""A simulation's numbers as rows to export, each naming what it measures and in which unit.

The model moves each power's **share of a state's goods trade** (a share: the powers' and OTH's add up to 100%)
and the remittances a state receives (% of its GDP). Neither is the influence index's 0-100 score, so every row
says which it is: ``measure`` ("share of goods trade" or "remittances received") and ``unit`` ("% of goods
trade", "% of GDP", or for a difference between two scenarios "percentage points"). The CLI's ``simulate
--format json|jsonl|csv`` and the Scenarios page's downloads (``/api/baseline``, ``/api/simulate``,
``/api/runs/{id}`` with ``?format=csv``) write these rows with ``greatgame.export.tables``.
"""
from __future__ import annotations

import math
from typing import Any

SHARE = "share of goods trade"
REMITTANCES = "remittances received"
SHARE_UNIT = "% of goods trade"
REMITTANCES_UNIT = "% of GDP"
POINTS = "percentage points"
BANDS = ("median", "p10", "p90", "p025", "p975")
FIELDS = ["series", "scenario", "target", "power", "year", "measure", "unit", "observed", *BANDS]
"""The columns of every row: ``series`` is 'outlook' (a scenario's Monte Carlo bands), 'observed' (the data
the model starts from, in ``observed``) or 'difference' (scenario B minus A, run by run)."""


def _round(value: Any, digits: int = 3) -> float | None:
    v = float(value)
    return None if math.isnan(v) else round(v, digits)


def _measure(power: str, difference: bool = False) -> tuple[str | None, str, str]:
    """(power, measure, unit) of a model output named by ``power`` ('remittances' for remittances)."""
    if power == "remittances":
        return None, REMITTANCES, REMITTANCES_UNIT
    return power, SHARE, POINTS if difference else SHARE_UNIT


def _scale(measure: str) -> float:
    return 100.0 if measure == SHARE else 1.0          # shares are fractions in the model, % here


def band_rows(frame: Any, series: str, scenario: str) -> list[dict[str, Any]]:
    """Rows of a frame of bands (``Result.summary()``, ``summary('remittances')`` or ``compare(a, b)``)."""
    rows = []
    difference = series == "difference"
    for r in frame.itertuples(index=False):
        power, measure, unit = _measure(r.power, difference)
        k = _scale(measure)
        rows.append({"series": series, "scenario": scenario, "target": r.target, "power": power,
                     "year": int(r.year), "measure": measure, "unit": unit, "observed": None,
                     **{b: _round(k * getattr(r, b)) for b in BANDS}})
    return rows


def outlook_rows(result: Any, years: list[int] | None = None) -> list[dict[str, Any]]:
    """A run's trade shares (every power with a share, and OTH) and remittances: median and bands by year."""
    import pandas as pd

    frame = pd.concat([result.summary(years=years), result.summary("remittances", years=years)], ignore_index=True)
    return band_rows(frame, "outlook", result.scenario.name)


def history_rows(result: Any, since: int = 2010) -> list[dict[str, Any]]:
    """The observed trade shares and remittances the run starts from, from ``since``."""
    rows = []
    for r in result.history(since).itertuples(index=False):
        power, measure, unit = _measure(r.power)
        rows.append({"series": "observed", "scenario": None, "target": r.target, "power": power,
                     "year": int(r.year), "measure": measure, "unit": unit,
                     "observed": _round(_scale(measure) * r.value), **{b: None for b in BANDS}})
    return rows


def difference_rows(diff: Any, a: str, b: str) -> list[dict[str, Any]]:
    """``compare(ra, rb)`` as rows: B minus A, shares in percentage points, remittances in % of GDP."""
    return band_rows(diff, "difference", f"{b} minus {a}")


CORRIDOR_FIELDS = ["route", "label", "km", "days", "borders", "capacity", "share", "no_shocks", "change_pp",
                   "conditions"]
"""The columns of a corridor row: ``share`` and ``no_shocks`` are the route's share of China–Europe container
freight (0..1) under the conditions named and with no shocks, ``change_pp`` the difference in percentage points."""


def corridor_rows(routes: dict[str, dict[str, Any]], shares: dict[str, float], base: dict[str, float],
                  conditions: str) -> list[dict[str, Any]]:
    """One row per China–Europe route (``corridors.routes``) with its share under ``shares`` and with no shocks."""
    rows = []
    for name, r in routes.items():
        share, before = float(shares.get(name, 0.0)), float(base.get(name, 0.0))
        rows.append({"route": name, "label": r.get("label"), "km": r.get("km"), "days": r.get("days"),
                     "borders": r.get("border_crossings"), "capacity": r.get("capacity"),
                     "share": round(share, 4), "no_shocks": round(before, 4),
                     "change_pp": round(100 * (share - before), 1), "conditions": conditions})
    return rows
