"""Scenario files: named shocks with start and end years and magnitudes (YAML, validated).

A scenario::

    name: Secondary sanctions tighten
    description: >
      One paragraph on what the scenario represents.
    until: 2035                 # last simulated year (optional)
    shocks:
      - name: secondary sanctions
        kind: attractiveness    # multiply powers' attractiveness to targets on dimensions
        powers: [RUS]
        targets: all            # or a list of KAZ, KGZ, TJK, TKM, UZB
        dimensions: [economic]  # or all
        magnitude: -0.2         # relative change while active (-0.2: a fifth less attractive)
        start: 2026
        end: 2035               # inclusive; omit for "to the end"
        ramp: 2                 # years to reach the full magnitude (optional, default 0)
        uncertainty: 0.25       # relative s.d. of the magnitude across Monte Carlo runs (optional)
      - {kind: corridor, route: middle, capacity_factor: 2.0, start: 2026, ramp: 4}
      - {kind: risk, country: RUS, magnitude: 0.8, start: 2025}       # sanctions/war risk on legs through RUS
      - {kind: disruption, route: northern, magnitude: 0.35, start: 2025, end: 2027}

Every error names the file and the field: ``baseline.yaml: shocks[1].powers: unknown power 'RUX'``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import GreatgameError

KINDS = ("attractiveness", "corridor", "risk", "disruption")
DIMENSIONS = ("economic", "security", "diplomatic", "connectivity")


class ScenarioError(GreatgameError):
    """A scenario file that cannot be read or does not validate."""


@dataclass(frozen=True)
class Shock:
    name: str
    kind: str
    start: int
    end: int | None = None
    magnitude: float = 0.0
    powers: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    route: str | None = None
    country: str | None = None
    capacity_factor: float = 1.0
    ramp: int = 0
    uncertainty: float = 0.25

    def strength(self, year: int) -> float:
        """How much of the shock applies in ``year``: 0 before and after, ramping up to 1."""
        if year < self.start or (self.end is not None and year > self.end):
            return 0.0
        if self.ramp <= 0:
            return 1.0
        return min(1.0, (year - self.start + 1) / (self.ramp + 1))


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    shocks: tuple[Shock, ...] = field(default_factory=tuple)
    until: int | None = None
    path: str | None = None


def _fail(where: str, message: str) -> ScenarioError:
    return ScenarioError(f"{where}: {message}")


def _year(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
        raise _fail(where, f"must be a year between 1990 and 2100, not {value!r}")
    return value


def _number(value: Any, where: str, lo: float | None = None, hi: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(where, f"must be a number, not {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise _fail(where, f"must be between {lo} and {hi}, not {value!r}")
    return float(value)


def _codes(value: Any, allowed: tuple[str, ...], where: str, what: str) -> tuple[str, ...]:
    if value in (None, "all"):
        return allowed
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise _fail(where, f"must be 'all' or a list of {what}")
    for v in value:
        if v not in allowed:
            raise _fail(where, f"unknown {what[:-1] if what.endswith('s') else what} {v!r} "
                               f"(one of {', '.join(allowed)})")
    return tuple(value)


def parse(data: Any, source: str, powers: tuple[str, ...], targets: tuple[str, ...],
          routes: tuple[str, ...], countries: tuple[str, ...]) -> Scenario:
    """Validate a scenario's parsed YAML; raise ScenarioError naming the field at fault."""
    if not isinstance(data, dict):
        raise _fail(source, "a scenario must be a mapping with name, description and shocks")
    unknown = set(data) - {"name", "description", "until", "shocks"}
    if unknown:
        raise _fail(f"{source}: {sorted(unknown)[0]}", "unknown field (expected name, description, until, shocks)")
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
        if kind not in KINDS:
            raise _fail(f"{where}.kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
        allowed = {"name", "kind", "start", "end", "ramp", "uncertainty", "magnitude"} | {
            "attractiveness": {"powers", "targets", "dimensions"}, "corridor": {"route", "capacity_factor"},
            "risk": {"country"}, "disruption": {"route"}}[kind]
        extra = set(s) - allowed
        if extra:
            raise _fail(f"{where}.{sorted(extra)[0]}", f"not a field of a {kind} shock")
        if "start" not in s:
            raise _fail(f"{where}.start", "missing")
        start = _year(s["start"], f"{where}.start")
        end = _year(s["end"], f"{where}.end") if s.get("end") is not None else None
        if end is not None and end < start:
            raise _fail(f"{where}.end", f"{end} is before start {start}")
        kw: dict[str, Any] = dict(name=str(s.get("name") or f"{kind} {i + 1}"), kind=kind, start=start, end=end,
                                  ramp=int(_number(s.get("ramp", 0), f"{where}.ramp", 0, 50)),
                                  uncertainty=_number(s.get("uncertainty", 0.25), f"{where}.uncertainty", 0, 2))
        if kind == "attractiveness":
            kw["powers"] = _codes(s.get("powers"), powers, f"{where}.powers", "powers")
            kw["targets"] = _codes(s.get("targets", "all"), targets, f"{where}.targets", "targets")
            kw["dimensions"] = _codes(s.get("dimensions", "all"), DIMENSIONS, f"{where}.dimensions", "dimensions")
            if "magnitude" not in s:
                raise _fail(f"{where}.magnitude", "missing")
            kw["magnitude"] = _number(s["magnitude"], f"{where}.magnitude", -0.95, 5.0)
        elif kind == "corridor":
            if s.get("route") not in routes:
                raise _fail(f"{where}.route", f"unknown route {s.get('route')!r} (one of {', '.join(routes)})")
            kw["route"] = s["route"]
            kw["capacity_factor"] = _number(s.get("capacity_factor", 1.0), f"{where}.capacity_factor", 0.0, 20.0)
        elif kind == "risk":
            if s.get("country") not in countries:
                raise _fail(f"{where}.country", f"unknown country {s.get('country')!r} on the corridor network")
            kw["country"] = s["country"]
            kw["magnitude"] = _number(s.get("magnitude"), f"{where}.magnitude", 0.0, 1.0)
        elif kind == "disruption":
            if s.get("route") not in routes:
                raise _fail(f"{where}.route", f"unknown route {s.get('route')!r} (one of {', '.join(routes)})")
            kw["route"] = s["route"]
            kw["magnitude"] = _number(s.get("magnitude"), f"{where}.magnitude", 0.0, 1.0)
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
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ScenarioError(f"{source}: not valid YAML{where}") from None
    return parse(data, source, *args)


def shipped_data(name: str) -> dict[str, Any]:
    """A shipped scenario's YAML mapping, as written (the form ``parse`` validates)."""
    if name not in shipped_names():
        raise ScenarioError(f"{name}: no such shipped scenario (one of {', '.join(shipped_names())})")
    return yaml.safe_load(resources.files(__package__).joinpath("scenarios", f"{name}.yaml").read_text("utf-8"))


def shipped_names() -> list[str]:
    return sorted(f.name[:-5] for f in resources.files(__package__).joinpath("scenarios").iterdir()
                  if f.name.endswith(".yaml"))
