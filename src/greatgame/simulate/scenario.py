"""Scenario files: named shocks with start and end years and magnitudes (YAML, validated).

A scenario::

    name: Secondary sanctions tighten
    description: >
      One paragraph on what the scenario represents.
    until: 2035                 # last simulated year (optional)
    shocks:
      - name: secondary sanctions
        kind: driver            # change a driver of the model; its effect is the driver's estimated coefficient
        driver: sanctions       # links, closure, sanctions, gdp, rus_growth or rub_depr
        powers: [RUS]
        magnitude: 1.0          # added to the driver while active (sanctions: 1 = another regime as in 2022)
        se: 0.5                 # standard error of the magnitude, drawn per Monte Carlo run (optional, 0)
        start: 2026
        end: 2035               # inclusive; omit for "to the end"
        ramp: 2                 # years to reach the full magnitude (optional, default 0)
        source: "prior: ..."    # a citation (URL, dataset), 'panel: ...' or 'prior: the reason'
      - {kind: attractor, powers: [USA, EU], targets: all, magnitude: 0.1, se: 0.1, start: 2026, source: ...}
      - {kind: corridor, route: middle, capacity_factor: 2.0, start: 2026, ramp: 4}
      - {kind: risk, country: RUS, magnitude: 0.8, start: 2025}       # sanctions/war risk on legs through RUS
      - {kind: disruption, route: northern, magnitude: 0.35, start: 2025, end: 2027}

The kinds (driver, attractor, corridor, risk, disruption) and their fields are registered in ``shocks.py``.
Every error names the file, the field and what is allowed:
``baseline.yaml: shocks[1].powers: unknown power 'RUX' (one of CHN, RUS, ...)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ScenarioError
from ..ontology.cache import load_yaml
from .shocks import COMMON_FIELDS, DIMENSIONS, Names, Shock, fail as _fail, kind_names, kind_of, year as _year
from .shocks import number as _number

__all__ = ["DIMENSIONS", "Scenario", "ScenarioError", "Shock", "load", "parse", "shipped_data", "shipped_names"]


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    shocks: tuple[Shock, ...] = field(default_factory=tuple)
    until: int | None = None
    path: str | None = None


def parse(data: Any, source: str, powers: tuple[str, ...], targets: tuple[str, ...],
          routes: tuple[str, ...], countries: tuple[str, ...]) -> Scenario:
    """Validate a scenario's parsed YAML; raise ScenarioError naming the field at fault.

    The common shock fields are checked here; each kind's own fields by its ``validate`` in the registry
    of ``shocks.py``."""
    names = Names(powers, targets, routes, countries)
    if not isinstance(data, dict):
        raise _fail(source, "a scenario must be a mapping with name, description and shocks")
    unknown = set(data) - {"name", "description", "until", "shocks"}
    if unknown:
        raise _fail(f"{source}: {sorted(unknown, key=str)[0]}",
                    "unknown field (allowed: name, description, until, shocks)")
    for key in ("name", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _fail(f"{source}: {key}", "missing or empty")
    until = _year(data["until"], f"{source}: until") if data.get("until") is not None else None
    raw_shocks = data.get("shocks") or []
    if not isinstance(raw_shocks, list):
        raise _fail(f"{source}: shocks", "must be a list")
    shocks = []
    for i, s in enumerate(raw_shocks):
        where = f"{source}: shocks[{i}]"
        if not isinstance(s, dict):
            raise _fail(where, "must be a mapping")
        kind = s.get("kind")
        if kind not in kind_names():
            raise _fail(f"{where}.kind", f"must be one of {', '.join(kind_names())}, not {kind!r}")
        allowed = COMMON_FIELDS | kind_of(kind).fields
        extra = set(s) - allowed
        if extra:
            raise _fail(f"{where}.{sorted(extra, key=str)[0]}",
                        f"not a field of a {kind} shock (allowed: {', '.join(sorted(allowed))})")
        if "start" not in s:
            raise _fail(f"{where}.start", "missing")
        start = _year(s["start"], f"{where}.start")
        end = _year(s["end"], f"{where}.end") if s.get("end") is not None else None
        if end is not None and end < start:
            raise _fail(f"{where}.end", f"{end} is before start {start}")
        kw: dict[str, Any] = dict(name=str(s.get("name") or f"{kind} {i + 1}"), kind=kind, start=start, end=end,
                                  ramp=int(_number(s.get("ramp", 0), f"{where}.ramp", 0, 50)))
        if s.get("source") is not None:
            if not isinstance(s["source"], str):
                raise _fail(f"{where}.source", "must be text: a citation, 'panel: ...' or 'prior: reason'")
            kw["source"] = " ".join(s["source"].split())
        kw.update(kind_of(kind).validate(s, where, names))
        shocks.append(Shock(**kw))
    return Scenario(data["name"].strip(), " ".join(data["description"].split()), tuple(shocks), until, source)


def load(path: str | Path, powers: tuple[str, ...], targets: tuple[str, ...], routes: tuple[str, ...],
         countries: tuple[str, ...]) -> Scenario:
    """Read and validate a scenario file (a path, or the name of a shipped scenario such as 'baseline')."""
    p = Path(path)
    if not p.exists() and not p.suffix:
        shipped = resources.files(__package__).joinpath("scenarios", f"{p.name}.yaml")
        if shipped.is_file():
            text, source = shipped.read_text("utf-8"), f"{p.name}.yaml"
            return _parse_text(text, source, powers, targets, routes, countries)
    if not p.is_file():
        raise ScenarioError(f"{path}: no such scenario file (shipped: {', '.join(shipped_names())})")
    try:
        text = p.read_text("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not UTF-8 text") from None
    return _parse_text(text, str(path), powers, targets, routes, countries)


def _parse_text(text: str, source: str, *args: tuple[str, ...]) -> Scenario:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ScenarioError(f"{source}: not valid YAML{where}") from None
    return parse(data, source, *args)


def shipped_data(name: str) -> dict[str, Any]:
    """A shipped scenario's YAML mapping, as written (the form ``parse`` validates)."""
    if name not in shipped_names():
        raise ScenarioError(f"{name}: no such shipped scenario (one of {', '.join(shipped_names())})")
    return load_yaml(resources.files(__package__).joinpath("scenarios", f"{name}.yaml").read_text("utf-8"))


def shipped_names() -> list[str]:
    return sorted(f.name[:-5] for f in resources.files(__package__).joinpath("scenarios").iterdir()
                  if f.name.endswith(".yaml"))
