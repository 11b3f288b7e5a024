"""Shock kinds: what a scenario's shocks can do, as a registry.

Each kind is a class registered with ``@shock_kind(NAME, fields=...)``:

* ``fields``: the keys a shock of this kind may carry in a scenario file besides the common ones
  (name, kind, start, end, ramp, uncertainty, magnitude);
* ``validate(raw, where, names)``: the kind's own fields of a shock mapping, checked, as ``Shock`` keyword
  arguments (a ``ScenarioError`` names the field at fault: ``f"{where}.route"``);
* ``attractiveness(shock, E, axes, rng)``: multiply the model's attractiveness factors ``E[r, y, T, d, P]``
  in place (default: no effect; draw from ``rng`` only here, in scenario order);
* ``conditions(shock, strength, effects)``: change the corridor model's conditions of one year in which
  the shock is active with ``strength`` > 0 (default: no effect).

The scenario validator (``scenario.parse``) and the model (``model.shock_effects``, ``run.corridor_conditions``)
look kinds up here. Adding a kind: one registered class (below, or in a module imported with this package)
plus a scenario YAML that uses it; the ``Shock`` fields it sets must be among those of ``Shock``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping

import numpy as np

from ..errors import ScenarioError, SimulationError

DIMENSIONS = ("economic", "security", "diplomatic", "connectivity")
COMMON_FIELDS = frozenset({"name", "kind", "start", "end", "ramp", "uncertainty", "magnitude"})


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
class Names:
    """What a scenario may name: the index's powers and targets, the corridor network's routes and countries."""

    powers: tuple[str, ...]
    targets: tuple[str, ...]
    routes: tuple[str, ...]
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Axes:
    """The axes of the attractiveness factors ``E[r, y, T, d, P]`` (runs are E's first axis)."""

    actors: tuple[str, ...]        # the powers, then OTH
    targets: tuple[str, ...]
    years: tuple[int, ...]


@dataclass
class CorridorEffects:
    """The corridor conditions of one year, as the active shocks build them up."""

    capacity_factor: dict[str, float] = field(default_factory=dict)
    risk: dict[str, float] = field(default_factory=dict)
    disruption: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------- validation helpers

def fail(where: str, message: str) -> ScenarioError:
    return ScenarioError(f"{where}: {message}")


def year(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
        raise fail(where, f"must be a year between 1990 and 2100, not {value!r}")
    return value


def number(value: Any, where: str, lo: float | None = None, hi: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(where, f"must be a number, not {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise fail(where, f"must be between {lo} and {hi}, not {value!r}")
    return float(value)


def codes(value: Any, allowed: tuple[str, ...], where: str, what: str) -> tuple[str, ...]:
    if value in (None, "all"):
        return allowed
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise fail(where, f"must be 'all' or a list of {what}")
    for v in value:
        if v not in allowed:
            raise fail(where, f"unknown {what[:-1] if what.endswith('s') else what} {v!r} "
                              f"(one of {', '.join(allowed)})")
    return tuple(value)


def known_route(raw: Mapping[str, Any], where: str, names: Names) -> str:
    if raw.get("route") not in names.routes:
        raise fail(f"{where}.route", f"unknown route {raw.get('route')!r} (one of {', '.join(names.routes)})")
    return raw["route"]


# ---------------------------------------------------------------- the registry

class ShockKind:
    """A kind of shock; subclasses are registered with ``@shock_kind``."""

    name: ClassVar[str] = ""
    fields: ClassVar[frozenset[str]] = frozenset()

    def validate(self, raw: Mapping[str, Any], where: str, names: Names) -> dict[str, Any]:
        """The kind's own ``Shock`` fields from the shock's mapping ``raw`` (``where``: e.g. ``x.yaml: shocks[2]``)."""
        return {}

    def attractiveness(self, shock: Shock, E: np.ndarray, axes: Axes, rng: np.random.Generator) -> None:
        """Multiply ``E[r, y, T, d, P]`` in place by the shock's effect on attractiveness."""

    def conditions(self, shock: Shock, strength: float, effects: CorridorEffects) -> None:
        """Apply the shock, active with ``strength`` (0 < strength <= 1), to one year's corridor conditions."""


KINDS: dict[str, ShockKind] = {}


def shock_kind(name: str, *, fields: tuple[str, ...] = ()):
    """Class decorator: register a ``ShockKind`` subclass under ``name`` with its scenario-file ``fields``."""
    def register(cls: type[ShockKind]) -> type[ShockKind]:
        if name in KINDS:
            raise SimulationError(f"shock kind {name!r} is registered twice")
        cls.name, cls.fields = name, frozenset(fields)
        KINDS[name] = cls()
        return cls
    return register


def kind_names() -> tuple[str, ...]:
    """The registered kinds, in the order they were registered."""
    return tuple(KINDS)


def kind_of(shock: Shock | str) -> ShockKind:
    """The registered kind of a shock (or of a kind name)."""
    return KINDS[shock if isinstance(shock, str) else shock.kind]


# ---------------------------------------------------------------- the kinds

@shock_kind("attractiveness", fields=("powers", "targets", "dimensions"))
class Attractiveness(ShockKind):
    """Multiply powers' attractiveness to targets on dimensions by (1 + magnitude) while active."""

    def validate(self, raw, where, names):
        kw: dict[str, Any] = {
            "powers": codes(raw.get("powers"), names.powers, f"{where}.powers", "powers"),
            "targets": codes(raw.get("targets", "all"), names.targets, f"{where}.targets", "targets"),
            "dimensions": codes(raw.get("dimensions", "all"), DIMENSIONS, f"{where}.dimensions", "dimensions")}
        if "magnitude" not in raw:
            raise fail(f"{where}.magnitude", "missing")
        kw["magnitude"] = number(raw["magnitude"], f"{where}.magnitude", -0.95, 5.0)
        return kw

    def attractiveness(self, shock, E, axes, rng):
        runs = E.shape[0]
        m = shock.magnitude * (1.0 + shock.uncertainty * rng.standard_normal(runs))
        m = np.clip(m, -0.95, None)
        ti = [axes.targets.index(t) for t in shock.targets if t in axes.targets]
        di = [DIMENSIONS.index(d) for d in shock.dimensions]
        pi = [axes.actors.index(p) for p in shock.powers if p in axes.actors]
        for k, y in enumerate(axes.years):
            st = shock.strength(y)
            if st == 0.0:
                continue
            factor = 1.0 + m * st                                   # (R,)
            E[np.ix_(range(runs), [k], ti, di, pi)] *= factor[:, None, None, None, None]


@shock_kind("corridor", fields=("route", "capacity_factor"))
class Corridor(ShockKind):
    """Multiply a route's capacity by ``capacity_factor`` (reached after the ramp)."""

    def validate(self, raw, where, names):
        return {"route": known_route(raw, where, names),
                "capacity_factor": number(raw.get("capacity_factor", 1.0), f"{where}.capacity_factor", 0.0, 20.0)}

    def conditions(self, shock, strength, effects):
        cap = effects.capacity_factor
        cap[shock.route] = cap.get(shock.route, 1.0) * (1.0 + (shock.capacity_factor - 1.0) * strength)


@shock_kind("risk", fields=("country",))
class Risk(ShockKind):
    """Sanctions or war risk 0..1 on the corridor legs through a country."""

    def validate(self, raw, where, names):
        if raw.get("country") not in names.countries:
            raise fail(f"{where}.country", f"unknown country {raw.get('country')!r} on the corridor network")
        return {"country": raw["country"], "magnitude": number(raw.get("magnitude"), f"{where}.magnitude", 0.0, 1.0)}

    def conditions(self, shock, strength, effects):
        effects.risk[shock.country] = max(effects.risk.get(shock.country, 0.0), shock.magnitude * strength)


@shock_kind("disruption", fields=("route",))
class Disruption(ShockKind):
    """A share 0..1 of a route's capacity unavailable."""

    def validate(self, raw, where, names):
        return {"route": known_route(raw, where, names),
                "magnitude": number(raw.get("magnitude"), f"{where}.magnitude", 0.0, 1.0)}

    def conditions(self, shock, strength, effects):
        d = effects.disruption
        d[shock.route] = max(d.get(shock.route, 0.0), shock.magnitude * strength)
