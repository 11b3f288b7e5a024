"""Transport-corridor model of China–Europe container freight: route choice under shocks.

The network (``data/corridors.yaml``) has hubs and border points as nodes and
legs as edges of a ``networkx.MultiDiGraph`` (edge key = leg id). Four routes
are paths through it: ``northern`` (rail via Kazakhstan, Russia, Belarus),
``middle`` (the Trans-Caspian International Transport Route), ``southern``
(rail via Kazakhstan, Turkmenistan, Iran, Türkiye) and ``maritime``
(Shanghai–Malacca–Suez–Rotterdam). Every figure in the file carries its
source; unsourced figures are null.

Route attributes (``routes``), summed over the legs of the route's path::

    km_r        = sum_l km_l           if every leg l of r has a sourced distance,
                  else the route's reported (sourced) total
    days_r      = likewise with days
    km_r,m      = km of r by mode m: the legs' sourced km per mode; the part of a
                  reported total no leg accounts for goes to the route's main mode
    crossings_r = sum_l border_crossings_l          (changes of customs territory)
    cap_r       = min_l cap_l over legs with a capacity, in TEU/yr (tonnes / tonnes_per_teu);
                  None = uncapped
    countries_r = the ISO3 codes of all legs, in path order

Route choice, for conditions (capacity factors f, country risks rho, route
disruptions delta) and parameters (value of time v, cost per km c_m by mode,
border cost b, risk penalty R, logit scale s, total demand D)::

    risk_r  = max_{c in countries_r} rho_c       (rho_c = scenario risk if given, else baseline risk, else 0)
    cost_r  = v * days_r + sum_m c_m * km_r,m + b * crossings_r + R * risk_r       (USD per TEU)
    p_r     = exp(-cost_r / s) / sum_q exp(-cost_q / s)                             (multinomial logit)
    K_r     = f_r * cap_r * (1 - delta_r)        (an uncapped route: K_r = f_r * D * (1 - delta_r))

Capacity constraint, iterated until no route exceeds its capacity: with F the
routes not yet capped and x_q = K_q fixed for the capped ones,

    x_r = (D - sum_{q capped} x_q) * p_r / sum_{q in F} p_q      for r in F
    any r in F with x_r > K_r is capped (x_r = K_r) and leaves F

so a capped route's excess goes to the others in proportion to their logit
shares. ``share_r = x_r / sum_q x_q`` (if every route is capped below demand,
the shares are of the freight that moves).

Connectivity stake (``power_exposure``): for each power P of the index,

    x_P = sum_r share_r * [route r crosses P's territory]      (EU: any member state)

which is 1 for China and the EU (every route starts in one and ends in the
other) and 0 for powers no route crosses (USA, IND, JPN, KOR).
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Mapping


if TYPE_CHECKING:                 # networkx is imported where a network is built (70 ms to 0.4 s of start-up)
    import networkx as nx

from ..errors import CorridorDataError, CorridorError
from ..ontology.cache import load_yaml
from ..regions import POWERS

DATA_FILE = "data/corridors.yaml"
MODES = ("rail", "sea", "ferry", "road")
ROUTE_ATTRS = ("distance_km", "days", "border_crossings", "capacity")
EU_MEMBERS = frozenset({
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
    "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"})
CAPACITY_UNITS = {"TEU/yr": None, "mn t/yr": 1e6}   # None: already TEU; else tonnes per unit


@dataclass(frozen=True)
class Conditions:
    """Shocks to the corridor network in one year.

    capacity_factor: route -> multiplier of its capacity (e.g. ``{"middle": 2.0}``).
    risk: ISO3 -> sanctions/war risk 0..1 for legs through that country (replaces
        the baseline risk of that country, if any).
    disruption: route -> share 0..1 of its capacity unavailable.
    """

    capacity_factor: dict[str, float] = field(default_factory=dict)
    risk: dict[str, float] = field(default_factory=dict)
    disruption: dict[str, float] = field(default_factory=dict)


# ----------------------------------------------------------------------------- loading

@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    text = files("greatgame.simulate").joinpath(DATA_FILE).read_text("utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise CorridorDataError("top level", "must be a mapping")
    return data


def _value(entry: Any, where: str) -> float | None:
    """The number of a ``{value: ..., source: ...}`` entry (None if null)."""
    if not isinstance(entry, dict) or "value" not in entry:
        raise CorridorDataError(where, "must be a mapping with a value")
    v = entry["value"]
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise CorridorDataError(where, f"value must be a number or null, not {v!r}")
    return float(v)


def _flat_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The numeric parameters of the YAML ``params`` block, without their provenance."""
    p = raw["params"]
    flat: dict[str, Any] = {}
    for key in ("value_of_time", "border_cost", "risk_penalty", "scale", "total_demand", "tonnes_per_teu"):
        v = _value(p.get(key), f"params.{key}")
        if v is None:
            raise CorridorDataError(f"params.{key}", "missing value")
        flat[key] = v
    flat["cost_per_km"] = {m: _value(e, f"params.cost_per_km.{m}") for m, e in p["cost_per_km"].items()}
    flat["baseline_risk"] = {c: _value(e, f"params.baseline_risk.{c}") or 0.0
                             for c, e in (p.get("baseline_risk") or {}).items()}
    return flat


def _capacity_teu(entry: dict[str, Any], tonnes_per_teu: float, where: str) -> float | None:
    v = _value(entry, where)
    if v is None:
        return None
    unit = entry.get("unit")
    if unit not in CAPACITY_UNITS:
        raise CorridorDataError(where, f"unit must be one of {', '.join(CAPACITY_UNITS)}, not {unit!r}")
    per = CAPACITY_UNITS[unit]
    return v if per is None else v * per / tonnes_per_teu


def load_network() -> nx.MultiDiGraph:
    """The corridor network from ``corridors.yaml``.

    Nodes carry ``name``, ``iso3`` and ``kind``; edges (key = leg id) carry
    ``mode``, ``countries``, ``distance_km``, ``days``, ``border_crossings``,
    ``capacity_teu`` (None where unsourced or uncapped) and ``data`` (the leg as
    in the file, with sources). ``graph["routes"]``, ``graph["params"]``
    (numbers only), ``graph["sources"]`` and ``graph["raw"]`` hold the rest.
    """
    import networkx as nx

    raw = copy.deepcopy(_raw())
    params = _flat_params(raw)
    g = nx.MultiDiGraph(name="china_europe_corridors")
    for nid, node in raw["nodes"].items():
        iso3 = node.get("iso3")
        if not (isinstance(iso3, str) and len(iso3) == 3 and iso3.isupper()):
            raise CorridorDataError(f"nodes.{nid}.iso3", f"not an ISO3 code: {iso3!r}")
        g.add_node(nid, name=node.get("name", nid), iso3=iso3, kind=node.get("kind", "hub"))
    seen: set[str] = set()
    for i, leg in enumerate(raw["legs"]):
        lid = leg.get("id")
        where = f"legs[{i}] ({lid})"
        if not lid or lid in seen:
            raise CorridorDataError(where, "missing or duplicate id")
        seen.add(lid)
        for end in ("from", "to"):
            if leg.get(end) not in g:
                raise CorridorDataError(f"{where}.{end}", f"unknown node {leg.get(end)!r}")
        if leg.get("mode") not in MODES:
            raise CorridorDataError(f"{where}.mode", f"must be one of {', '.join(MODES)}")
        countries = leg.get("countries") or []
        if not countries or not all(isinstance(c, str) and len(c) == 3 for c in countries):
            raise CorridorDataError(f"{where}.countries", "must list ISO3 codes")
        crossings = _value(leg.get("border_crossings"), f"{where}.border_crossings")
        if crossings is None or crossings < 0 or crossings != int(crossings):
            raise CorridorDataError(f"{where}.border_crossings", "must be a whole number >= 0")
        g.add_edge(leg["from"], leg["to"], key=lid, mode=leg["mode"], countries=list(countries),
                   distance_km=_value(leg.get("distance_km"), f"{where}.distance_km"),
                   days=_value(leg.get("days"), f"{where}.days"),
                   border_crossings=int(crossings),
                   capacity_teu=_capacity_teu(leg.get("capacity"), params["tonnes_per_teu"], f"{where}.capacity"),
                   data=leg)
    g.graph["routes"] = raw["routes"]
    g.graph["params"] = params
    g.graph["sources"] = raw.get("sources", {})
    g.graph["raw"] = raw
    return g


def route_countries() -> dict[str, tuple[str, ...]]:
    """Each route's countries in order, read from the file without building the network (what a scenario file
    may name; ``routes(load_network())`` gives the same countries and checks the network)."""
    raw = _raw()
    legs = {leg.get("id"): leg for leg in raw.get("legs") or []}
    out = {}
    for name, spec in (raw.get("routes") or {}).items():
        countries: list[str] = []
        for key in spec.get("legs") or []:
            countries.extend(c for c in (legs.get(key) or {}).get("countries") or [] if c not in countries)
        out[name] = tuple(countries)
    return out


# ----------------------------------------------------------------------------- route attributes

def _sources_of(entry: Any) -> list[str]:
    if not isinstance(entry, dict) or entry.get("value") is None:
        return []
    src = entry.get("source")
    if src is None:
        return []
    return [src] if isinstance(src, str) else [str(s) for s in src]


def _route_legs(network: nx.MultiDiGraph, name: str, spec: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    import networkx as nx

    path, legs = spec.get("path") or [], spec.get("legs") or []
    if len(path) < 2 or len(legs) != len(path) - 1:
        raise CorridorDataError(f"routes.{name}", "needs a path of nodes and one leg per step")
    if not nx.is_path(network, path):
        raise CorridorDataError(f"routes.{name}.path", "is not a path of the network")
    out = []
    for u, v, key in zip(path, path[1:], legs):
        if not network.has_edge(u, v, key):
            raise CorridorDataError(f"routes.{name}.legs", f"no leg {key!r} from {u} to {v}")
        out.append((u, v, key))
    return out


def routes(network: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Per route: km, days, border_crossings, capacity (TEU/yr, None = uncapped), countries, sources.

    Also ``km_by_mode``, ``days_low``/``days_high`` (where the source gives a
    range), ``basis`` (``"legs"`` or ``"reported"`` for km and days), ``path``
    and ``legs``. See the module docstring for how legs are summed.
    """
    out: dict[str, dict[str, Any]] = {}
    for name, spec in network.graph["routes"].items():
        edges = _route_legs(network, name, spec)
        data = [network.edges[e] for e in edges]
        reported = spec.get("reported") or {}
        main_mode = spec.get("main_mode")
        if main_mode not in MODES:
            raise CorridorDataError(f"routes.{name}.main_mode", f"must be one of {', '.join(MODES)}")
        sources: set[str] = set()
        for d in data:
            for attr in ROUTE_ATTRS:
                sources.update(_sources_of(d["data"].get(attr)))
        total: dict[str, float] = {}
        basis: dict[str, str] = {}
        for attr in ("distance_km", "days"):
            values = [d[attr] for d in data]
            if all(v is not None for v in values):
                total[attr], basis[attr] = float(sum(values)), "legs"
            else:
                v = _value(reported.get(attr), f"routes.{name}.reported.{attr}")
                if v is None:
                    raise CorridorDataError(f"routes.{name}.reported.{attr}",
                                            "needed (a leg lacks a sourced figure) but missing")
                total[attr], basis[attr] = v, "reported"
                sources.update(_sources_of(reported.get(attr)))
        km_by_mode: dict[str, float] = {}
        for d in data:
            if d["distance_km"] is not None:
                km_by_mode[d["mode"]] = km_by_mode.get(d["mode"], 0.0) + d["distance_km"]
        if basis["distance_km"] == "reported":
            other = sum(v for m, v in km_by_mode.items() if m != main_mode)
            if other > total["distance_km"]:
                raise CorridorDataError(f"routes.{name}", "legs of other modes exceed the reported distance")
            km_by_mode[main_mode] = total["distance_km"] - other
        caps = [d["capacity_teu"] for d in data if d["capacity_teu"] is not None]
        countries: list[str] = []
        for d in data:
            countries.extend(c for c in d["countries"] if c not in countries)
        days_entry = reported.get("days") if basis["days"] == "reported" else {}
        out[name] = {
            "label": spec.get("label", name),
            "km": total["distance_km"],
            "days": total["days"],
            "days_low": float(days_entry["low"]) if days_entry and days_entry.get("low") is not None else None,
            "days_high": float(days_entry["high"]) if days_entry and days_entry.get("high") is not None else None,
            "km_by_mode": km_by_mode,
            "border_crossings": sum(d["border_crossings"] for d in data),
            "capacity": min(caps) if caps else None,
            "capacity_unit": "TEU/yr",
            "countries": countries,
            "main_mode": main_mode,
            "basis": {"km": basis["distance_km"], "days": basis["days"]},
            "path": list(spec["path"]),
            "legs": [k for _, _, k in edges],
            "sources": sorted(sources),
        }
    return out


# ----------------------------------------------------------------------------- route choice

def default_params(network: nx.MultiDiGraph) -> dict[str, Any]:
    """The route-choice parameters of the file, as plain numbers (a fresh copy)."""
    return copy.deepcopy(network.graph["params"])


def _merged_params(network: nx.MultiDiGraph, params: Mapping[str, Any] | None) -> dict[str, Any]:
    p = default_params(network)
    for key, value in (params or {}).items():
        if key not in p:
            raise CorridorError(f"unknown corridor parameter {key!r} (one of {', '.join(p)})")
        if isinstance(p[key], dict):
            if not isinstance(value, Mapping):
                raise CorridorError(f"corridor parameter {key!r} must be a mapping")
            p[key] = {**p[key], **value}
        else:
            p[key] = float(value)
    if p["scale"] <= 0 or p["total_demand"] <= 0:
        raise CorridorError("scale and total_demand must be positive")
    return p


def _check_conditions(conditions: Conditions, names: set[str], countries: set[str]) -> None:
    for label, mapping, keys in (("capacity_factor", conditions.capacity_factor, names),
                                 ("disruption", conditions.disruption, names),
                                 ("risk", conditions.risk, countries)):
        for k, v in mapping.items():
            if k not in keys:
                raise CorridorError(f"Conditions.{label}: {k!r} is not on the corridor network")
            if not isinstance(v, (int, float)) or isinstance(v, bool) or math.isnan(v):
                raise CorridorError(f"Conditions.{label}[{k!r}] must be a number")
            if label == "capacity_factor" and v < 0:
                raise CorridorError(f"Conditions.capacity_factor[{k!r}] must be >= 0")
            if label != "capacity_factor" and not 0.0 <= v <= 1.0:
                raise CorridorError(f"Conditions.{label}[{k!r}] must be in [0, 1]")


def route_costs(network: nx.MultiDiGraph, conditions: Conditions = Conditions(),
                params: Mapping[str, Any] | None = None) -> dict[str, float]:
    """Generalised cost per route, USD per TEU (see the module docstring)."""
    info = routes(network)
    p = _merged_params(network, params)
    _check_conditions(conditions, set(info), {c for r in info.values() for c in r["countries"]})
    risk = {**p["baseline_risk"], **conditions.risk}
    costs = {}
    for name, r in info.items():
        km_cost = 0.0
        for mode, km in r["km_by_mode"].items():
            c = p["cost_per_km"].get(mode)
            if c is None:
                raise CorridorDataError(f"params.cost_per_km.{mode}", f"needed by route {name} but null")
            km_cost += c * km
        route_risk = max((risk.get(c, 0.0) for c in r["countries"]), default=0.0)
        costs[name] = (p["value_of_time"] * r["days"] + km_cost + p["border_cost"] * r["border_crossings"]
                       + p["risk_penalty"] * route_risk)
    return costs


def route_choice(network: nx.MultiDiGraph, conditions: Conditions = Conditions(),
                 params: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Route shares with the workings: per route ``cost``, ``logit`` (unconstrained share),
    ``capacity`` (effective, TEU/yr), ``flow`` (TEU/yr), ``share`` and ``bound`` (capped)."""
    info = routes(network)
    p = _merged_params(network, params)
    costs = route_costs(network, conditions, p)
    demand = p["total_demand"]
    low = min(costs.values())
    weight = {r: math.exp(-(c - low) / p["scale"]) for r, c in costs.items()}
    total_w = sum(weight.values())
    logit = {r: w / total_w for r, w in weight.items()}
    cap = {}
    for r, spec in info.items():
        base = spec["capacity"] if spec["capacity"] is not None else demand
        cap[r] = conditions.capacity_factor.get(r, 1.0) * base * (1.0 - conditions.disruption.get(r, 0.0))
    fixed: dict[str, float] = {}
    flow: dict[str, float] = {}
    while True:
        free = [r for r in info if r not in fixed]
        remaining = demand - sum(fixed.values())
        w = sum(weight[r] for r in free)
        if not free or remaining <= 0 or w <= 0:
            flow = {r: 0.0 for r in free}
            break
        flow = {r: remaining * weight[r] / w for r in free}
        over = [r for r in free if flow[r] > cap[r] * (1.0 + 1e-12)]
        if not over:
            break
        for r in over:
            fixed[r] = cap[r]
    flow.update(fixed)
    moved = sum(flow.values())
    if moved <= 0:
        raise CorridorError("no capacity left on any corridor: every route is disrupted")
    return {r: {"cost": costs[r], "logit": logit[r], "capacity": cap[r], "flow": flow[r],
                "share": flow[r] / moved, "bound": r in fixed} for r in info}


def route_shares(network: nx.MultiDiGraph, conditions: Conditions = Conditions(),
                 params: dict | None = None) -> dict[str, float]:
    """Shares of China–Europe land+sea container freight by route, summing to 1."""
    return {r: v["share"] for r, v in route_choice(network, conditions, params).items()}


# ----------------------------------------------------------------------------- exposure

def _territory(power: str) -> frozenset[str]:
    return EU_MEMBERS if power == "EU" else frozenset({power})


def power_exposure(shares: Mapping[str, float], network: nx.MultiDiGraph) -> dict[str, float]:
    """For each power of the index, the share of China–Europe transit that crosses its territory.

    The connectivity stake used by the simulation's connectivity dimension; the
    EU counts any member state. China and the EU are 1 whenever the shares sum
    to 1; powers that no route crosses (USA, IND, JPN, KOR) are 0.
    """
    info = routes(network)
    unknown = set(shares) - set(info)
    if unknown:
        raise CorridorError(f"unknown routes {sorted(unknown)} (one of {', '.join(info)})")
    out = {}
    for power in POWERS:
        land = _territory(power)
        out[power] = float(sum(s for r, s in shares.items() if land.intersection(info[r]["countries"])))
    return out
