"""The indicator registry and what the indicator modules share.

An indicator is a function ``fn(kb, panel) -> DataFrame`` with the columns
``target, power, year, raw, sources``, registered with everything the index
needs to know about it::

    @indicator("trade_share", dimension="economic", weight=0.6, carry_forward=4,
               description="P's share of T's total goods trade ...")
    def trade_share(kb, panel): ...

``weight`` is its default weight within its dimension, ``normalise`` how it
is scaled to 0..1 across the panel ("max": value / best value; "minmax":
(value - min) / (max - min), for scales that do not start at zero), and
``carry_forward`` how many years a slow-moving indicator is carried forward
from its last observation when a dataset ends before the year asked for
(IMF DOTS ends in 2020, COW IGO in 2014); carried rows say so in their sources.
The index-wide settings (dimension weights, minimum coverage, the panel,
security organisations) are in ``data/weights.yaml``.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from ...errors import IndicatorError
from ...kb.store import KnowledgeBase
from ...ontology import load as load_ontology

COLUMNS = ["target", "power", "year", "raw", "sources"]
DIMENSIONS = ("economic", "security", "diplomatic", "connectivity")
NORMALISE = ("max", "minmax")
IMF_CODE = {"EU": "EUU"}          # how IMF DOTS names the powers that are not states
WINDOW = 5                        # years in rolling windows (arms imports, finance)
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
    normalise: str = "max"
    carry_forward: int = 0
    description: str = ""

    def __call__(self, kb: KnowledgeBase, panel: Panel) -> pd.DataFrame:
        return self.fn(kb, panel)


# name -> indicator, in dimension order (DIMENSIONS), then in the order registered
INDICATORS: dict[str, Indicator] = {}


def indicator(name: str, *, dimension: str, weight: float, normalise: str = "max", carry_forward: int = 0,
              description: str = "") -> Callable[[IndicatorFn], IndicatorFn]:
    """Register ``fn(kb, panel) -> DataFrame`` as the indicator ``name`` of ``dimension``."""
    def register(fn: IndicatorFn) -> IndicatorFn:
        where = f"indicator {name!r} ({fn.__module__}.{fn.__qualname__})"
        if dimension not in DIMENSIONS:
            raise IndicatorError(f"{where}: unknown dimension {dimension!r} (one of {', '.join(DIMENSIONS)})")
        if normalise not in NORMALISE:
            raise IndicatorError(f"{where}: normalise must be one of {', '.join(NORMALISE)}, not {normalise!r}")
        if not weight >= 0 or int(carry_forward) < 0:
            raise IndicatorError(f"{where}: weight and carry_forward must not be negative")
        prev = INDICATORS.get(name)
        if prev and (prev.fn.__module__, prev.fn.__qualname__) != (fn.__module__, fn.__qualname__):
            raise IndicatorError(f"{where}: the name is already registered by {prev.fn.__module__}."
                                 f"{prev.fn.__qualname__}")
        INDICATORS[name] = Indicator(name, fn, dimension, float(weight), normalise, int(carry_forward), description)
        ordered = sorted(INDICATORS.items(), key=lambda kv: DIMENSIONS.index(kv[1].dimension))   # stable
        INDICATORS.clear()
        INDICATORS.update(ordered)
        return fn
    return register


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    """``data/weights.yaml``: dimension weights, minimum coverage, the default panel, security organisations."""
    text = _DATA.joinpath("weights.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def check() -> None:
    """Raise ``IndicatorError`` where the registrations and weights.yaml disagree."""
    cfg = config()
    stale = [k for k in ("indicators", "carry_forward") if k in cfg]
    if stale:
        raise IndicatorError(f"influence/data/weights.yaml: {', '.join(stale)} belong in each indicator's "
                             "registration (@indicator in influence/indicators/), not in weights.yaml")
    if set(cfg.get("dimensions") or {}) != set(DIMENSIONS):
        raise IndicatorError(f"influence/data/weights.yaml: dimensions {sorted(cfg.get('dimensions') or {})} are "
                             f"not {', '.join(DIMENSIONS)}")
    empty = [d for d in DIMENSIONS if not any(i.dimension == d for i in INDICATORS.values())]
    if empty:
        raise IndicatorError(f"no indicator registered for dimension(s) {', '.join(empty)}")


@lru_cache(maxsize=1)
def baseline() -> dict[str, Any]:
    f = _DATA.joinpath("baseline.yaml")
    return yaml.safe_load(f.read_text("utf-8")) if f.is_file() else {}


def empty() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


def year_of(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value)[:4])
    except ValueError:
        return None


def rows_source(dataset: str, rows: list[int]) -> dict[str, Any]:
    return {"dataset": dataset, "rows": sorted(int(r) for r in rows)}


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


def net_event_scores(kb: KnowledgeBase, panel: Panel, military: bool) -> pd.DataFrame:
    """Net PLOVER score of the events in which both P and T take part (as actor or recipient).

    Real events only (not negated, planned or hypothetical), outside comments;
    ``military``: those with the military context, else those without it. A
    cell's sources list its events by document and order in the document.
    """
    ev = kb.read_table("events", ["doc_id", "seq", "start", "end", "type", "actors", "recipients", "contexts", "score",
                                  "date", "part"],
                       where={"negated": False, "planned": False, "hypothetical": False}, order_by=("doc_id", "seq"))
    ev = ev[ev.part.notna() & (ev.part != "comments")]
    if ev.empty:
        return empty()
    docs: dict[str, tuple[Any, str]] = {}
    ids = sorted(set(ev.doc_id))
    for i in range(0, len(ids), 200):        # document texts a batch at a time
        for d in kb.read_table("documents", ["id", "published", "text"],
                               where={"id": ids[i:i + 200]}).itertuples(index=False):
            docs[d.id] = (d.published, d.text)
    rows: dict[tuple[str, str, int], list[Any]] = {}
    for r in ev.itertuples():
        if r.doc_id not in docs:
            continue
        published, text = docs[r.doc_id]
        year = year_of(r.date) or year_of(published)
        if year is None or year not in panel.years:
            continue
        contexts = json.loads(r.contexts) if r.contexts else []
        if ("military" in contexts) != military:
            continue
        parties = set(json.loads(r.actors or "[]")) | set(json.loads(r.recipients or "[]"))
        parties = {"EU" if p == "org:EU" else p for p in parties}
        for target in panel.targets:
            if target not in parties:
                continue
            for power in panel.powers:
                if power in parties:
                    cell = rows.setdefault((target, power, year), [0.0, []])
                    cell[0] += float(r.score)
                    cell[1].append({"doc": r.doc_id, "start": int(r.start), "end": int(r.end), "type": r.type,
                                    "score": float(r.score), "evidence": _span(text, r.start, r.end)})
    return pd.DataFrame([(t, p, y, v[0], v[1]) for (t, p, y), v in rows.items()], columns=COLUMNS)


def _span(text: str | None, start: Any, end: Any) -> str | None:
    """``text[start:end]`` as SQL's substr(text, start + 1, end - start) gives it (None where a bound is None)."""
    if text is None or start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    start, end = int(start), int(end)
    if end <= start:
        return ""
    return text[max(start, 0):end]
