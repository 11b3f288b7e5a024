"""Shock kinds: what a scenario's shocks can do, as a registry.

Each kind is a class registered with ``@shock_kind(NAME, fields=...)``:

* ``fields``: the keys a shock of this kind may carry in a scenario file besides the common ones
  (name, kind, start, end, ramp, source);
* ``validate(raw, where, names)``: the kind's own fields of a shock mapping, checked, as ``Shock`` keyword
  arguments (a ``ScenarioError`` names the field at fault: ``f"{where}.route"``);
* ``drive(shock, drivers, axes, rng)``: change the model's driver paths (``model.Drivers``) in place while the
  shock is active (default: no effect; draw from ``rng`` only here, in scenario order);
* ``conditions(shock, strength, effects)``: change the corridor model's conditions of one year in which
  the shock is active with ``strength`` > 0 (default: no effect).

The kinds that move trade shares and remittances do so only through the model's named, estimated parameters:
``driver`` changes a driver (``links``, ``sanctions``, ``gdp``, ``rus_growth``, ``rub_depr``), whose effect is
the estimated coefficient (``b_links``, ``b_sanctions``, ...) with its standard error; ``attractor`` moves the
long-run attractor of the trade equation by ``magnitude`` in log-ratio units (a prior: its ``source`` says
why). Every shock's size carries a standard error ``se`` (drawn per run) and a ``source``.

The scenario validator (``scenario.parse``) and the model (``run.run``, ``run.corridor_conditions``)
look kinds up here. Adding a kind: one registered class (below, or in a module imported with this package)
plus a scenario YAML that uses it; the ``Shock`` fields it sets must be among those of ``Shock``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping

import numpy as np

from ..errors import ScenarioError, SimulationError

DIMENSIONS = ("trade", "remittances")       # what the model simulates
DRIVERS = {"links": "b_links", "sanctions": "b_sanctions", "gdp": "b_gdp", "rus_growth": "b_growth",
           "rub_depr": "b_ruble", "closure": "b_closure"}   # driver -> the parameter its change goes through
DYAD_DRIVERS = ("links", "closure")         # by target and power
POWER_DRIVERS = ("sanctions", "gdp")        # by power
COMMON_FIELDS = frozenset({"name", "kind", "start", "end", "ramp", "source"})


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
    se: float = 0.0
    source: str = ""
    driver: str | None = None

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
    """The axes of the driver paths: runs, years, targets, powers."""

    runs: int
    powers: tuple[str, ...]
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

    def drive(self, shock: Shock, drivers: Any, axes: Axes, rng: np.random.Generator) -> None:
        """Change the driver paths ``drivers`` (``model.Drivers``) in place while the shock is active."""

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

def _size(shock: Shock, runs: int, rng: np.random.Generator) -> np.ndarray:
    """The shock's size in each run: Normal(magnitude, se)."""
    return shock.magnitude + shock.se * rng.standard_normal(runs)


def _per_run(a: np.ndarray, runs: int) -> np.ndarray:
    return a if a.shape[0] == runs else np.broadcast_to(a, (runs, *a.shape[1:])).copy()


def _common_size(raw: Mapping[str, Any], where: str, lo: float, hi: float) -> dict[str, Any]:
    if "magnitude" not in raw:
        raise fail(f"{where}.magnitude", "missing")
    src = raw.get("source")
    if not isinstance(src, str) or not src.strip():
        raise fail(f"{where}.source", "missing: a citation (URL or dataset), 'panel: ...' or 'prior: reason'")
    return {"magnitude": number(raw["magnitude"], f"{where}.magnitude", lo, hi),
            "se": number(raw.get("se", 0.0), f"{where}.se", 0.0, max(abs(lo), abs(hi))),
            "source": " ".join(src.split())}


@shock_kind("driver", fields=("driver", "powers", "targets", "magnitude", "se"))
class Driver(ShockKind):
    """Add ``magnitude`` (± ``se``) to a driver of the model while active: ``links`` (pipelines and railways
    between targets and powers), ``closure`` (the share of a year the border crossings between targets and
    powers are closed to freight), ``sanctions`` (a power's sanctions regime, 1 = as in 2022), ``gdp`` (log of a
    power's share of world GDP), ``rus_growth`` (Russia's real growth, % points) or ``rub_depr`` (the ruble's
    yearly depreciation, %). Its effect on trade or remittances is the driver's estimated coefficient."""

    def validate(self, raw, where, names):
        d = raw.get("driver")
        if d not in DRIVERS:
            raise fail(f"{where}.driver", f"must be one of {', '.join(DRIVERS)}, not {d!r}")
        kw: dict[str, Any] = {"driver": d}
        for f in ("powers", "targets"):
            allowed = (f == "powers" and d in DYAD_DRIVERS + POWER_DRIVERS) or (f == "targets" and d in DYAD_DRIVERS)
            if f in raw and not allowed:
                raise fail(f"{where}.{f}", f"not a field of a {d} driver shock")
        if d in DYAD_DRIVERS + POWER_DRIVERS:
            if "powers" not in raw:
                raise fail(f"{where}.powers", "missing")
            kw["powers"] = codes(raw.get("powers"), names.powers, f"{where}.powers", "powers")
        if d in DYAD_DRIVERS:
            kw["targets"] = codes(raw.get("targets", "all"), names.targets, f"{where}.targets", "targets")
        kw.update(_common_size(raw, where, -100.0, 100.0))
        return kw

    def drive(self, shock, drivers, axes, rng):
        size = _size(shock, axes.runs, rng)
        pi = [axes.powers.index(p) for p in shock.powers]
        ti = [axes.targets.index(t) for t in shock.targets]
        name = shock.driver                     # validate() allows only the drivers' own names
        arr = _per_run(getattr(drivers, name), axes.runs)
        for k, y in enumerate(axes.years):
            st = shock.strength(y - 1 if shock.driver == "gdp" else y)     # gdp enters with a year's lag
            if st == 0.0:
                continue
            if shock.driver in DYAD_DRIVERS:
                arr[np.ix_(range(axes.runs), [k], ti, pi)] += (size * st)[:, None, None, None]
            elif shock.driver in POWER_DRIVERS:
                arr[np.ix_(range(axes.runs), [k], pi)] += (size * st)[:, None, None]
            else:
                arr[:, k] += size * st
        setattr(drivers, name, arr)


@shock_kind("attractor", fields=("powers", "targets", "magnitude", "se"))
class Attractor(ShockKind):
    """Move the long-run attractor of powers' trade shares in targets by ``magnitude`` (± ``se``) in log-ratio
    units while active (0.1: about 10% more trade relative to everyone else, once adjusted); the path there is
    the estimated adjustment speed ``phi``."""

    def validate(self, raw, where, names):
        kw: dict[str, Any] = {
            "powers": codes(raw.get("powers"), names.powers, f"{where}.powers", "powers"),
            "targets": codes(raw.get("targets", "all"), names.targets, f"{where}.targets", "targets")}
        if "powers" not in raw:
            raise fail(f"{where}.powers", "missing")
        kw.update(_common_size(raw, where, -3.0, 3.0))
        return kw

    def drive(self, shock, drivers, axes, rng):
        size = _size(shock, axes.runs, rng)
        pi = [axes.powers.index(p) for p in shock.powers]
        ti = [axes.targets.index(t) for t in shock.targets]
        arr = _per_run(drivers.shift, axes.runs)
        for k, y in enumerate(axes.years):
            st = shock.strength(y)
            if st:
                arr[np.ix_(range(axes.runs), [k], ti, pi)] += (size * st)[:, None, None, None]
        drivers.shift = arr


@shock_kind("corridor", fields=("route", "capacity_factor"))
class Corridor(ShockKind):
    """Multiply a route's capacity by ``capacity_factor`` (reached after the ramp)."""

    def validate(self, raw, where, names):
        return {"route": known_route(raw, where, names),
                "capacity_factor": number(raw.get("capacity_factor", 1.0), f"{where}.capacity_factor", 0.0, 20.0)}

    def conditions(self, shock, strength, effects):
        cap = effects.capacity_factor
        cap[shock.route] = cap.get(shock.route, 1.0) * (1.0 + (shock.capacity_factor - 1.0) * strength)


@shock_kind("risk", fields=("country", "magnitude"))
class Risk(ShockKind):
    """Sanctions or war risk 0..1 on the corridor legs through a country."""

    def validate(self, raw, where, names):
        if raw.get("country") not in names.countries:
            raise fail(f"{where}.country", f"unknown country {raw.get('country')!r} on the corridor network")
        return {"country": raw["country"], "magnitude": number(raw.get("magnitude"), f"{where}.magnitude", 0.0, 1.0)}

    def conditions(self, shock, strength, effects):
        effects.risk[shock.country] = max(effects.risk.get(shock.country, 0.0), shock.magnitude * strength)


@shock_kind("disruption", fields=("route", "magnitude"))
class Disruption(ShockKind):
    """A share 0..1 of a route's capacity unavailable."""

    def validate(self, raw, where, names):
        return {"route": known_route(raw, where, names),
                "magnitude": number(raw.get("magnitude"), f"{where}.magnitude", 0.0, 1.0)}

    def conditions(self, shock, strength, effects):
        d = effects.disruption
        d[shock.route] = max(d.get(shock.route, 0.0), shock.magnitude * strength)
